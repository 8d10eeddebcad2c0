"""`yinren serve`: the API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    upgrade: Annotated[bool, typer.Option(help="Run `db upgrade` first")] = True,
) -> None:
    """Serve the JSON API (OpenAPI at /docs) with uvicorn."""
    import uvicorn

    from ..config import get_settings
    from ..migrations import upgrade as run_upgrade

    if upgrade:
        run_upgrade(get_settings().database_url)
    uvicorn.run(
        "yinren.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
