"""`yinren demo`: a SQLite database with users for every role and cases in every state, then serve."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from . import app


@app.command("demo")
def demo(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve on --host:--port afterwards")] = True,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    database_url: Annotated[str | None, typer.Option("--database-url", help="Default: sqlite ./var/yinren.db")] = None,
) -> None:
    """Upgrade the database, create the demo users and cases (once), print the logins and serve."""
    from ..config import Settings
    from ..db import Database
    from ..demo.seed import PASSWORD, demo_users, is_seeded, seed
    from ..migrations import upgrade

    # The demo is served over plain http on loopback: cookies cannot be Secure there.
    os.environ.setdefault("YINREN_COOKIE_SECURE", "false")
    settings = Settings()
    url = database_url or settings.database_url
    upgrade(url)
    database = Database.from_settings(settings, url)
    try:
        if is_seeded(database):
            typer.echo("demo data already present / 演示数据已存在")
        else:
            seed(database, settings)
            typer.echo("demo data created / 已创建演示数据")
    finally:
        database.dispose()
    typer.echo(f"\n演示账号 demo logins (password / 密码: {PASSWORD})")
    for user in demo_users():
        where = user.department or user.enterprise_id or user.person_id or ""
        typer.echo(f"  {user.username:<12} {user.role:<16} {user.display_name}  {where}")
    if not serve:
        return
    import uvicorn

    from ..app import create_app

    settings = Settings(database_url=url)
    typer.echo(f"\nserving on http://{host}:{port}/  (网页 web pages; API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
