"""The run's summary: per measure and per lead department, offers, beneficiaries and money.

Every measure of the policy has a line, those with no offer too (a department sees what it did not pay).
Beneficiaries are distinct ids: a department's count is not the sum of its measures' counts when one
person gets two of its measures. Money is cash only, in fen inside and yuan on screen and in files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from yinren.rules import Policy

from .offers import KEY
from .xlsx import money_text

MEASURE_COLUMNS = (
    "lead_department",
    "measure_id",
    "title_zh",
    "clause",
    "kind",
    "offers",
    "beneficiaries",
    "amount_fen",
    "amount_yuan",
)
DEPARTMENT_COLUMNS = ("lead_department", "measures", "offers", "beneficiaries", "amount_fen", "amount_yuan")


@dataclass(frozen=True)
class Summary:
    measures: pl.DataFrame  # one row per measure of the policy, in the policy's order
    departments: pl.DataFrame  # one row per lead department, in order of its first measure
    offers: int
    beneficiaries: int
    amount_fen: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "measures": self.measures.to_dicts(),
            "departments": self.departments.to_dicts(),
            "total": {
                "offers": self.offers,
                "beneficiaries": self.beneficiaries,
                "amount_fen": self.amount_fen,
                "amount_yuan": yuan(self.amount_fen),
            },
        }


def yuan(fen: int) -> str:
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def _beneficiary(offers: pl.DataFrame) -> pl.Expr:
    """Who a beneficiary is: the evaluation's integer key when the offers carry it (fast), else kind and id."""
    if KEY in offers.columns:
        return pl.col(KEY)
    return pl.struct("beneficiary_kind", "beneficiary_id")


def summarize(offers: pl.DataFrame, policy: Policy) -> Summary:
    catalogue = pl.DataFrame(
        {
            "lead_department": [m.lead_department for m in policy.measures],
            "measure_id": [m.id for m in policy.measures],
            "title_zh": [m.title_zh for m in policy.measures],
            "clause": [m.clause for m in policy.measures],
            "kind": [m.kind for m in policy.measures],
        }
    )
    per_measure = offers.group_by("measure_id").agg(
        offers=pl.len().cast(pl.Int64),
        beneficiaries=_beneficiary(offers).n_unique().cast(pl.Int64),
        amount_fen=pl.col("amount_fen").sum().cast(pl.Int64),
    )
    measures = (
        catalogue.join(per_measure, on="measure_id", how="left", maintain_order="left")
        .with_columns(pl.col("offers", "beneficiaries", "amount_fen").fill_null(0))
        .with_columns(amount_yuan=money_text(pl.col("amount_fen")))
        .select(MEASURE_COLUMNS)
    )
    departments_order = list(dict.fromkeys(m.lead_department for m in policy.measures))
    per_department = offers.group_by("lead_department").agg(
        offers=pl.len().cast(pl.Int64),
        beneficiaries=_beneficiary(offers).n_unique().cast(pl.Int64),
        amount_fen=pl.col("amount_fen").sum().cast(pl.Int64),
    )
    departments = (
        pl.DataFrame({"lead_department": departments_order})
        .join(
            measures.group_by("lead_department").agg(measures=pl.len().cast(pl.Int64)),
            on="lead_department",
            how="left",
            maintain_order="left",
        )
        .join(per_department, on="lead_department", how="left", maintain_order="left")
        .with_columns(pl.col("offers", "beneficiaries", "amount_fen").fill_null(0))
        .with_columns(amount_yuan=money_text(pl.col("amount_fen")))
        .select(DEPARTMENT_COLUMNS)
    )
    return Summary(
        measures=measures,
        departments=departments,
        offers=offers.height,
        beneficiaries=offers.select(_beneficiary(offers).n_unique()).item() if offers.height else 0,
        amount_fen=int(offers["amount_fen"].sum()) if offers.height else 0,
    )


def write_summary(summary: Summary, out: Path, meta: dict[str, Any]) -> list[Path]:
    """summary.csv (per measure), summary_departments.csv and summary.json (both, the totals, the run)."""
    paths = [out / "summary.csv", out / "summary_departments.csv", out / "summary.json"]
    summary.measures.write_csv(paths[0])
    summary.departments.write_csv(paths[1])
    document = {**meta, **summary.to_dict()}
    paths[2].write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return paths


def render(summary: Summary, console: Console, title: str) -> None:
    """The summary as a table on the console: departments with their measures, then the total."""
    table = Table(title=title, show_lines=False)
    for heading, justify in (
        ("牵头部门 / department", "left"),
        ("措施 / measure", "left"),
        ("笔数 / offers", "right"),
        ("受益人 / beneficiaries", "right"),
        ("金额（元）/ yuan", "right"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    rows = summary.measures.to_dicts()
    for department in summary.departments.to_dicts():
        name = department["lead_department"]
        for index, row in enumerate(r for r in rows if r["lead_department"] == name):
            table.add_row(
                name if index == 0 else "",
                f"{row['clause']} {row['title_zh']}",
                f"{row['offers']:,}",
                f"{row['beneficiaries']:,}",
                _amount(row["amount_fen"], row["kind"]),
            )
        if department["measures"] > 1:
            table.add_row(
                "",
                "[bold]小计 / subtotal[/bold]",
                f"[bold]{department['offers']:,}[/bold]",
                f"[bold]{department['beneficiaries']:,}[/bold]",
                f"[bold]{_grouped(department['amount_fen'])}[/bold]",
            )
        table.rows[-1].end_section = True
    table.add_row(
        "[bold]合计 / total[/bold]",
        "",
        f"[bold]{summary.offers:,}[/bold]",
        f"[bold]{summary.beneficiaries:,}[/bold]",
        f"[bold]{_grouped(summary.amount_fen)}[/bold]",
    )
    console.print(table)


def _amount(fen: int, kind: str) -> str:
    return _grouped(fen) if kind == "cash" else "—"


def _grouped(fen: int) -> str:
    whole, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{whole:,}.{cents:02d}"
