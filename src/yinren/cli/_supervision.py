"""`yinren supervision load-targets`: the city's targets (督查督办) from the dated seed into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app

supervision_app = typer.Typer(help="督查督办: the city's targets and progress reports.", no_args_is_help=True)
app.add_typer(supervision_app, name="supervision")


@supervision_app.command("load-targets")
def load_targets(
    path: Annotated[Path | None, typer.Option("--file", help="Default: the packaged targets.yaml")] = None,
    database_url: Annotated[str | None, typer.Option("--database-url", help="Default: the settings' database")] = None,
) -> None:
    """Create new targets, revise changed ones (with a revision row), record the published figures."""
    from ..config import get_settings
    from ..db import Database
    from ..supervision import service

    database = Database.from_settings(get_settings(), database_url)
    try:
        with database.transaction() as session:
            counts = service.load_targets(session, path=path.resolve() if path else None)
    finally:
        database.dispose()
    typer.echo(
        f"targets: {counts['created']} created, {counts['changed']} changed, {counts['unchanged']} unchanged; "
        f"{counts['published']} published figures recorded / 目标：新增 {counts['created']}，修改 {counts['changed']}，"
        f"未变 {counts['unchanged']}；录入公布数据 {counts['published']} 条"
    )
