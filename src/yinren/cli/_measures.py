"""`yinren measures [ID]`: the measures with their clause, departments, parameters and conditions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from yinren.policies import load_policy
from yinren.rules import Measure, Policy, UnknownMeasure, describe, display_value, parameters_named

from . import app
from ._common import console, fail

BENEFICIARY = {"person": ("个人", "person"), "enterprise": ("单位", "enterprise")}
KIND = {
    "cash": ("现金", "cash"),
    "loan": ("贷款额度", "loan limit"),
    "rent_cap": ("租金上限", "rent cap"),
    "entitlement": ("资格", "entitlement"),
}


@app.command("measures")
def measures_command(
    measure_id: Annotated[str | None, typer.Argument(help="A measure id, e.g. m10_graduate_rent.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
) -> None:
    """List the measures, or show one with its dated parameters and conditions."""
    policy = load_policy()
    if measure_id is None:
        _list(policy, lang)
        return
    try:
        measure = policy.measure(measure_id)
    except UnknownMeasure as error:
        fail(f"没有措施 {measure_id!r}；可选：{', '.join(error.known)}", str(error))
    _show(policy, measure, lang)


def _list(policy: Policy, lang: str) -> None:
    zh = lang == "zh"
    table = Table(title=policy.title_zh if zh else policy.title_en)
    for heading in (
        "id",
        "条款" if zh else "clause",
        "名称" if zh else "title",
        "责任单位" if zh else "responsible",
        "对象" if zh else "beneficiary",
        "类型" if zh else "kind",
    ):
        table.add_column(heading)
    for m in policy.measures:
        table.add_row(
            m.id,
            m.clause,
            m.title_zh if zh else m.title_en,
            "、".join(m.departments),
            BENEFICIARY[m.beneficiary][0 if zh else 1],
            KIND[m.kind][0 if zh else 1],
        )
    console.print(table)


def _parameters_of(policy: Policy, measure: Measure) -> list[str]:
    """The measure's own parameters and every other one its texts refer to (m10 purchase reads m10 rent's)."""
    named = [n for n in policy.parameters if n.startswith(measure.id + ".")]
    texts = [text for c in measure.conditions for text in (c.zh, c.en)] + [measure.value_zh, measure.value_en]
    for text in texts:
        named.extend(n for n in parameters_named(text, measure.id) if n in policy.parameters and n not in named)
    return sorted(named)


def _show(policy: Policy, measure: Measure, lang: str) -> None:
    zh = lang == "zh"
    console.rule(f"[bold]{measure.clause} {measure.title_zh if zh else measure.title_en}[/bold] ({measure.id})")
    console.print(f"[italic]“{measure.quote}”[/italic]")
    console.print(measure.summary_zh if zh else measure.summary_en)
    console.print(
        f"{'责任单位' if zh else 'Responsible'}: {'、'.join(measure.departments)}"
        f"（{'牵头' if zh else 'lead'}: {measure.lead_department}）"
    )
    console.print(
        f"{'对象' if zh else 'Beneficiary'}: {BENEFICIARY[measure.beneficiary][0 if zh else 1]}; "
        f"{'类型' if zh else 'kind'}: {KIND[measure.kind][0 if zh else 1]}; "
        f"{'评估单元' if zh else 'unit'}: {measure.unit_zh if zh else measure.unit_en}"
    )
    today = max(date.today(), policy.effective_from)
    console.print(f"\n[bold]{'条件' if zh else 'Conditions'}[/bold]")
    for number, condition in enumerate(measure.conditions, start=1):
        text = describe(condition.zh if zh else condition.en, measure.id, policy.parameters, today, lang)
        console.print(f"  {number}. [cyan]{condition.name}[/cyan] {condition.clause}: {text}")
    console.print(f"\n[bold]{'参数（按生效日期）' if zh else 'Parameters (by effective date)'}[/bold]")
    for name in _parameters_of(policy, measure):
        parameter = policy.parameters[name]
        console.print(
            f"  [cyan]{name}[/cyan] {parameter.label_zh if zh else parameter.label_en} — {parameter.reference}"
        )
        for step in parameter.steps:
            value = "（未设定）" if step.value is None else display_value(parameter.unit, step.value, lang)
            console.print(f"      {'自' if zh else 'from'} {step.start}: {value}")
        if parameter.interpretation:
            console.print(f"      [yellow]{'口径' if zh else 'interpretation'}: {parameter.interpretation}[/yellow]")
