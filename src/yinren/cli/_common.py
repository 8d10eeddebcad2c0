"""What the commands share: the console, the policy, dates and errors said in both languages."""

from __future__ import annotations

from datetime import date
from typing import NoReturn

import typer
from rich.console import Console

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def fail(message_zh: str, message_en: str, code: int = 2) -> NoReturn:
    errors.print(f"[red]错误：{message_zh}[/red]\n[red]Error: {message_en}[/red]")
    raise typer.Exit(code)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} 应为 YYYY-MM-DD 格式的日期，收到 {text!r}", f"{option} must be a date YYYY-MM-DD, got {text!r}")
