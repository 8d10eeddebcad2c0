"""Payment rosters (发放名单): one workbook and one CSV per lead department, cash offers only.

A workbook opens on a cover sheet (批次, 生成时间, the period, the policy version and a line per measure
with its count and total), then one sheet per measure with the Chinese headers finance offices use, the
amounts in yuan with two decimals and a bold 合计 row. Ids are written in full as text (finance pays on
them); nothing here prints them.

The CSV holds the same rows for every measure of the department (UTF-8 with a BOM, so that Excel reads the
Chinese), with 措施编号 for machines and no total row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from yinren.rules import Measure, Policy

from .offers import sort_offers
from .xlsx import MAX_ROWS, Column, Sheet, money_text, write_workbook

HEADERS = (
    "序号",
    "措施",
    "条款",
    "受益人证件号码/统一社会信用代码",
    "受益人名称",
    "来源编号",
    "期间",
    "金额（元）",
    "政策版本",
    "评估日期",
)
COLUMNS = (
    Column(HEADERS[0], "integer", 7),
    Column(HEADERS[1], "text", 22),
    Column(HEADERS[2], "text", 12),
    Column(HEADERS[3], "text", 34),
    Column(HEADERS[4], "text", 24),
    Column(HEADERS[5], "text", 34),
    Column(HEADERS[6], "text", 9),
    Column(HEADERS[7], "money", 14),
    Column(HEADERS[8], "text", 28),
    Column(HEADERS[9], "text", 12),
)
CSV_HEADERS = (HEADERS[0], "措施编号", *HEADERS[1:])
TOTAL = "合计"
_UNSAFE_FILE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class RosterMeta:
    run_id: str
    generated_at: datetime
    period: str
    as_of: date
    policy_version: str


def department_file_stem(department: str) -> str:
    return _UNSAFE_FILE.sub("_", department).strip(". ") or "department"


def with_names(offers: pl.DataFrame, persons: pl.DataFrame, enterprises: pl.DataFrame) -> pl.DataFrame:
    """Cash offers with the beneficiary's name (persons.name or enterprises.name; empty when unknown)."""
    cash = offers.filter(pl.col("kind") == "cash")
    named = []
    for kind, table, key in (("person", persons, "person_id"), ("enterprise", enterprises, "enterprise_id")):
        wanted = cash.filter(pl.col("beneficiary_kind") == kind)["beneficiary_id"].unique()
        named.append(
            table.filter(pl.col(key).is_in(wanted.implode()))
            .select(beneficiary_kind=pl.lit(kind), beneficiary_id=pl.col(key), beneficiary_name=pl.col("name"))
            .unique(subset="beneficiary_id", keep="first", maintain_order=True)
        )
    names = pl.concat(named, how="vertical")
    return cash.join(names, on=["beneficiary_kind", "beneficiary_id"], how="left", maintain_order="left").with_columns(
        pl.col("beneficiary_name").fill_null("")
    )


def _roster_rows(offers: pl.DataFrame, titles: dict[str, str]) -> pl.DataFrame:
    """The roster columns of cash offers (numbered from 1 within each measure)."""
    return offers.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("measure_id").alias("number"),
        pl.col("measure_id"),
        pl.col("measure_id").replace_strict(titles, default="").alias("title"),
        pl.col("clause"),
        pl.col("beneficiary_id"),
        pl.col("beneficiary_name"),
        pl.col("source_id"),
        pl.col("period").fill_null(""),
        pl.col("amount_fen"),
        pl.col("policy_version"),
        pl.col("as_of").dt.to_string("%Y-%m-%d"),
    )


def write_rosters(
    offers: pl.DataFrame,
    persons: pl.DataFrame,
    enterprises: pl.DataFrame,
    policy: Policy,
    meta: RosterMeta,
    out: Path,
) -> list[Path]:
    """`out/<department>.xlsx` and `.csv` for every lead department with a cash measure; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    titles = {m.id: m.title_zh for m in policy.measures}
    rows = _roster_rows(sort_offers(with_names(offers, persons, enterprises), policy), titles)
    cash_measures = [m for m in policy.measures if m.kind == "cash"]
    departments = list(dict.fromkeys(m.lead_department for m in cash_measures))

    def one(department: str) -> list[Path]:
        measures = [m for m in cash_measures if m.lead_department == department]
        return _write_department(department, measures, rows, meta, out)

    # Two at a time: polars and zlib let go of the GIL, so departments overlap on two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return [path for paths in pool.map(one, departments) for path in paths]


def _write_department(
    department: str, measures: Sequence[Measure], rows: pl.DataFrame, meta: RosterMeta, out: Path
) -> list[Path]:
    own = rows.filter(pl.col("measure_id").is_in([m.id for m in measures]))
    stem = department_file_stem(department)
    workbook = out / f"{stem}.xlsx"
    sheets = [_cover(department, measures, own, meta)]
    for measure in measures:
        sheets.extend(_measure_sheets(measure.id, measure.title_zh, own.filter(pl.col("measure_id") == measure.id)))
    write_workbook(workbook, sheets, title=f"{department} 发放名单 {meta.period}", created=meta.generated_at)
    csv = out / f"{stem}.csv"
    own.select(
        pl.col("number").alias(CSV_HEADERS[0]),
        pl.col("measure_id").alias(CSV_HEADERS[1]),
        pl.col("title").alias(CSV_HEADERS[2]),
        pl.col("clause").alias(CSV_HEADERS[3]),
        pl.col("beneficiary_id").alias(CSV_HEADERS[4]),
        pl.col("beneficiary_name").alias(CSV_HEADERS[5]),
        pl.col("source_id").alias(CSV_HEADERS[6]),
        pl.col("period").alias(CSV_HEADERS[7]),
        money_text(pl.col("amount_fen")).alias(CSV_HEADERS[8]),
        pl.col("policy_version").alias(CSV_HEADERS[9]),
        pl.col("as_of").alias(CSV_HEADERS[10]),
    ).write_csv(csv, include_bom=True)
    return [workbook, csv]


def _cover(department: str, measures: Sequence[Measure], rows: pl.DataFrame, meta: RosterMeta) -> Sheet:
    counts = rows.group_by("measure_id").agg(count=pl.len(), fen=pl.col("amount_fen").sum())
    by_id = {r["measure_id"]: (int(r["count"]), int(r["fen"])) for r in counts.to_dicts()}
    lines = []
    for measure in measures:
        count, fen = by_id.get(measure.id, (0, 0))
        lines.append(
            {"id": measure.id, "title": measure.title_zh, "clause": measure.clause, "count": count, "fen": fen}
        )
    data = pl.DataFrame(
        lines, schema={"id": pl.String, "title": pl.String, "clause": pl.String, "count": pl.Int64, "fen": pl.Int64}
    )
    total_count, total_fen = rows.height, int(rows["amount_fen"].sum()) if rows.height else 0
    return Sheet(
        name="封面",
        columns=(
            Column("措施编号", "text", 28),
            Column("措施", "text", 26),
            Column("条款", "text", 12),
            Column("笔数", "integer", 10),
            Column("金额合计（元）", "money", 18),
        ),
        data=data,
        preamble=[
            ["发放名单", f"{department}"],
            ["批次", meta.run_id],
            ["生成时间", meta.generated_at.strftime("%Y-%m-%d %H:%M:%S")],
            ["期间", meta.period],
            ["评估日期", meta.as_of.isoformat()],
            ["政策版本", meta.policy_version],
            ["笔数合计", total_count],
            ["金额合计（元）", ("money", total_fen)],
            [],
        ],
        footer=[[TOTAL, None, None, total_count, ("money", total_fen)]],
    )


def _measure_sheets(measure_id: str, title: str, rows: pl.DataFrame) -> list[Sheet]:
    """One sheet for the measure (more when it has more rows than a sheet holds), 合计 on the last."""
    data = rows.select(
        "number", "title", "clause", "beneficiary_id", "beneficiary_name", "source_id", "period", "amount_fen",
        "policy_version", "as_of",
    )  # fmt: skip
    capacity = MAX_ROWS - 2  # the header and the 合计 row
    chunks = [data.slice(start, capacity) for start in range(0, max(data.height, 1), capacity)]
    total = int(rows["amount_fen"].sum()) if rows.height else 0
    name = f"{measure_id.split('_')[0]} {title}"
    sheets = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        footer = [[TOTAL, None, None, None, None, None, None, ("money", total)]] if last else []
        sheets.append(
            Sheet(name=name if index == 0 else f"{name} ({index + 1})", columns=COLUMNS, data=chunk, footer=footer)
        )
    return sheets
