"""`yinren db`: the database schema (Alembic migrations shipped in the package)."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app

db_app = typer.Typer(help="Database schema: Alembic migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Default: YINREN_DATABASE_URL / DATABASE_URL, else sqlite ./var/yinren.db"),
]


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
    database_url: DatabaseUrl = None,
) -> None:
    """Create or upgrade the schema (SQLite or PostgreSQL)."""
    from ..config import get_settings
    from ..migrations import upgrade as run_upgrade

    url = database_url or get_settings().database_url
    run_upgrade(url, revision)
    typer.echo(f"database at {_safe(url)} is at {revision}")


@db_app.command("current")
def current(database_url: DatabaseUrl = None) -> None:
    """Show the schema revision of the database."""
    from ..migrations import current as show

    show(database_url)


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
