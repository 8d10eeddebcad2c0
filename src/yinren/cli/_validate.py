"""`yinren validate DIR`: read a city extract and list every problem (table, row, column, rule, message)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from yinren.rules import Problem, read_extract, schema, write_problems_csv

from . import app
from ._common import console, fail


@app.command("validate")
def validate_command(
    directory: Annotated[Path, typer.Argument(help="The extract: one <table>.csv or <table>.parquet per table.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="List at most N problems (counts cover all).")
    ] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Also write every problem to this CSV (UTF-8, for Excel).")
    ] = None,
) -> None:
    """Check an extract against the data contract. Exit 0 when clean, 1 with problems, 2 when unusable."""
    if lang not in ("zh", "en"):
        fail(f"--lang 只能是 zh 或 en，收到 {lang!r}", f"--lang must be zh or en, got {lang!r}")
    if not directory.is_dir():
        fail(f"找不到目录 {directory}", f"no such directory: {directory}")
    tables, problems = read_extract(directory)
    if csv is not None:
        write_problems_csv(problems, csv)
    shown = problems if limit is None else problems[:limit]
    counts = Counter((problem.table, problem.rule) for problem in problems)
    rows = {name: tables[name].height for name in schema.TABLES}  # rows that parsed, in contract order
    if as_json:
        typer.echo(json.dumps(_document(directory, problems, shown, counts, rows, lang), ensure_ascii=False))
    else:
        _print(problems, shown, counts, rows, lang)
    if problems:
        raise typer.Exit(1)


def _document(
    directory: Path,
    problems: list[Problem],
    shown: list[Problem],
    counts: Counter[tuple[str, str]],
    rows: dict[str, int],
    lang: str,
) -> dict[str, Any]:
    return {
        "directory": str(directory),
        "total": len(problems),
        "shown": len(shown),
        "rows_parsed": rows,
        "counts": [{"table": table, "rule": rule, "count": n} for (table, rule), n in sorted(counts.items())],
        "problems": [
            {
                "table": p.table,
                "row": p.row,
                "column": p.column,
                "rule": p.rule,
                "value": p.value,
                "message": p.message(lang),
                "message_zh": p.message_zh,
                "message_en": p.message_en,
            }
            for p in shown
        ],
    }


def _print(
    problems: list[Problem],
    shown: list[Problem],
    counts: Counter[tuple[str, str]],
    rows: dict[str, int],
    lang: str,
) -> None:
    zh = lang == "zh"
    read = sum(rows.values())
    if not problems:
        console.print(
            f"[green]未发现问题[/green]：共解析 {read} 行。"
            if zh
            else f"[green]No problems[/green]: {read} rows parsed."
        )
        return
    listing = Table(title="问题" if zh else "Problems")
    for header in ("表", "行", "列", "规则", "说明") if zh else ("table", "row", "column", "rule", "message"):
        listing.add_column(header, overflow="fold")
    for p in shown:
        listing.add_row(p.table, str(p.row), p.column or "", p.rule, p.message(lang))
    console.print(listing)
    if len(shown) < len(problems):
        more = len(problems) - len(shown)
        console.print(f"……另有 {more} 个问题未列出（--limit）。" if zh else f"... {more} more not listed (--limit).")
    summary = Table(title="按表和规则计数" if zh else "Count by table and rule")
    for header in ("表", "规则", "个数") if zh else ("table", "rule", "count"):
        summary.add_column(header)
    for (table, rule), n in sorted(counts.items()):
        summary.add_row(table, rule, str(n))
    console.print(summary)
    console.print(
        f"[red]共 {len(problems)} 个问题[/red]；共解析 {read} 行。"
        if zh
        else f"[red]{len(problems)} problems[/red]; {read} rows parsed."
    )
