"""`yinren ledger receipts`: paid entries as the engine's `receipts` table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app

ledger_app = typer.Typer(help="The payment ledger.", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")


@ledger_app.command("receipts")
def receipts(
    out: Annotated[Path, typer.Option("--out", help="CSV file to write (spec section 2 `receipts` columns)")],
    database_url: Annotated[str | None, typer.Option("--database-url")] = None,
) -> None:
    """Write every paid entry as a receipts row, for a batch `yinren match` run to read."""
    import csv

    from ..audit import service as audit
    from ..config import get_settings
    from ..db import Database
    from ..kit.actor import SYSTEM
    from ..ledger.service import RECEIPT_COLUMNS, iter_receipts

    database = Database.from_settings(get_settings(), database_url)
    count = 0
    try:
        with database.transaction() as session, out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(RECEIPT_COLUMNS)
            for row in iter_receipts(session):
                writer.writerow(row)
                count += 1
            audit.record(session, SYSTEM, "read.receipts.export", "ledger", "receipts", rows=count, out=str(out))
    finally:
        database.dispose()
    typer.echo(f"wrote {count} receipts to {out}")
