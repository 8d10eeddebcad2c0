"""`yinren check FILE`: the policy calculator for one person or enterprise."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from yinren.policies import load_policy
from yinren.rules import CaseError, CheckReport, EvaluationError, MeasureExplanation, check, format_fen

from . import app
from ._common import console, fail, parse_date


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="A case JSON: a person or an enterprise with their records.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Assessment date YYYY-MM-DD (default: the file's as_of, else today)."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="Print the machine-readable result.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list measures with nothing to assess.")] = False,
) -> None:
    """Every measure for the person or enterprise in FILE: eligible or not, how much, and why."""
    if lang not in ("zh", "en"):
        fail(f"--lang 只能是 zh 或 en，收到 {lang!r}", f"--lang must be zh or en, got {lang!r}")
    document = _read(file)
    when = parse_date(as_of or str(document.get("as_of") or date.today()), "--as-of")
    try:
        report = check(document, when, policy=load_policy(), lang=lang)
    except CaseError as error:
        _print_problems(error, lang)
        raise typer.Exit(1) from None
    except EvaluationError as error:
        fail(str(error), str(error))
    if as_json:
        console.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    print_report(report, show_all)


def _read(file: Path) -> dict[str, Any]:
    if not file.is_file():
        fail(f"找不到文件 {file}", f"no such file: {file}")
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        fail(f"{file} 不是有效的 JSON：{error}", f"{file} is not valid JSON: {error}")
    if not isinstance(document, dict):
        fail(f"{file} 应为 JSON 对象", f"{file} must hold a JSON object")
    return document


def _print_problems(error: CaseError, lang: str) -> None:
    table = Table(title="输入有误 / Bad input", show_lines=False)
    for heading in ("table", "row", "column", "rule", "message"):
        table.add_column(heading)
    for problem in error.problems:
        message = problem.message_zh if lang == "zh" else problem.message_en
        table.add_row(problem.table, str(problem.row), problem.column or "", problem.rule, message)
    console.print(table)


def print_report(report: CheckReport, show_all: bool = False) -> None:
    zh = report.lang == "zh"
    subject = "人员" if report.case.subject_kind == "person" else "企业"
    console.print(
        f"[bold]{subject if zh else report.case.subject_kind} {report.case.subject_id}[/bold]  "
        f"{'评估日' if zh else 'as of'} {report.as_of}  {'政策版本' if zh else 'policy'} {report.policy_version}"
    )
    for measure in report.measures:
        if measure.applies:
            _print_measure(measure, zh)
        elif show_all:
            console.print(f"[dim]· {measure.clause} {measure.title}：{measure.note}[/dim]")
    skipped = sum(not m.applies for m in report.measures)
    if skipped and not show_all:
        console.print(
            f"[dim]另有{skipped}项措施无可评估记录（--all 显示）[/dim]"
            if zh
            else f"[dim]{skipped} more measures have nothing to assess (--all lists them)[/dim]"
        )
    total = format_fen(report.total_cash_fen(), report.lang)
    console.print(f"\n[bold]{'可获现金合计' if zh else 'Cash due in total'}：{total}[/bold]")


def _print_measure(measure: MeasureExplanation, zh: bool) -> None:
    console.rule(f"[bold]{measure.clause} {measure.title}[/bold]  ({'、'.join(measure.departments)})", align="left")
    for unit in measure.units:
        mark = "[green]✓ 符合[/green]" if unit.eligible else "[red]✗ 不符合[/red]"
        if not zh:
            mark = "[green]✓ eligible[/green]" if unit.eligible else "[red]✗ not eligible[/red]"
        period = f" {unit.period}" if unit.period else ""
        console.print(f"{mark}  [bold]{unit.value_display}[/bold]{period}  [dim]{unit.value_text}[/dim]")
        if unit.source_id and unit.source_id != unit.beneficiary_id:
            console.print(f"  [dim]{'来源' if zh else 'source'}: {unit.source_id}[/dim]")
        if unit.facts:
            console.print("  [dim]" + "; ".join(f"{name} = {text}" for name, text in unit.facts.items()) + "[/dim]")
        for condition in unit.conditions:
            tick = "[green]✓[/green]" if condition.passed else "[red]✗[/red]"
            console.print(f"  {tick} {condition.text} [dim]{condition.clause}[/dim]")
    if measure.review:
        console.print(f"  [yellow]{measure.review}[/yellow]")
    for parameter in measure.parameters:
        note = f"；{parameter.interpretation}" if parameter.interpretation and zh else ""
        note = f"; interpretation: {parameter.interpretation}" if parameter.interpretation and not zh else note
        console.print(f"  [dim]· {parameter.label} = {parameter.value}（{parameter.reference}{note}）[/dim]")
