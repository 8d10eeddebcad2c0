"""`yinren audit verify`: recompute the audit log's hash chain."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    database_url: Annotated[str | None, typer.Option("--database-url", help="Default: the settings' database")] = None,
) -> None:
    """Check every entry's hash and link; exit 1 and name the first bad entry on tampering."""
    from ..audit.service import seal_all
    from ..audit.service import verify as run_verify
    from ..config import get_settings
    from ..db import Database

    database = Database.from_settings(get_settings(), database_url)
    try:
        with database.transaction() as session:  # what the service's sealer would do, the service may be down
            seal_all(session)
        with database.transaction() as session:
            result = run_verify(session)
    finally:
        database.dispose()
    if result.ok:
        typer.echo(f"audit log intact: {result.entries} entries / 审计日志完整：共 {result.entries} 条")
        if result.unsealed:
            typer.echo(
                f"{result.unsealed} entries written since wait for the next seal / "
                f"其后写入的 {result.unsealed} 条尚待封链"
            )
        return
    typer.echo(f"AUDIT LOG TAMPERED at entry {result.first_bad_seq}: {result.problem_en}", err=True)
    typer.echo(f"审计日志被篡改，第 {result.first_bad_seq} 条：{result.problem_zh}", err=True)
    raise typer.Exit(1)
