"""The `yinren` command: one Typer app, one module per command group."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="yinren",
    help="引人留人 — Hohhot's 18 measures as code: check, match, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each command module adds its commands to `app` on import.
    from . import _audit, _check, _db, _demo, _ledger, _match, _measures, _serve, _supervision, _synth, _validate  # noqa: F401


def main() -> None:
    _register()
    app()
