"""What the commands share: the console, the policy, dates and errors said in both languages."""

from __future__ import annotations

import sys
from datetime import date
from typing import NoReturn

import typer
from rich.console import Console

# Piped output (CI logs, files) gets a fixed width instead of rich's 80 columns.
_WIDTH = None if sys.stdout.isatty() else 120
console = Console(highlight=False, width=_WIDTH)
errors = Console(stderr=True, highlight=False, width=_WIDTH)


def fail(message_zh: str, message_en: str, code: int = 2) -> NoReturn:
    errors.print(f"[red]错误：{message_zh}[/red]\n[red]Error: {message_en}[/red]")
    raise typer.Exit(code)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            f"{option} 应为 YYYY-MM-DD 格式的日期，收到 {text!r}",
            f"{option} must be a date YYYY-MM-DD, got {text!r}",
        )
