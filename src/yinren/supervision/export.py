"""The whole board as an .xlsx workbook: targets with status and forecast, every report (corrected ones
included), the platform's own figures and the population path. Headers in Chinese and English."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import xlsxwriter

from ..models import SupervisionReport, SupervisionTarget
from .rules import Status
from .schemas import Board

STATUS_ZH = {"green": "正常", "amber": "预警", "red": "滞后", "no_data": "未报告", "platform": "平台数据"}
TARGET_HEADERS = (
    "编号 Code",
    "措施 Measure",
    "条款 Clause",
    "指标 Indicator",
    "单位 Unit",
    "周期 Cadence",
    "本期起 Period start",
    "本期止 Period end",
    "本期目标 Period target",
    "基线 Baseline",
    "最新值 Latest",
    "最新值日期 Latest as of",
    "应达到 Expected",
    "预测 Forecast",
    "状态 Status",
    "判定 Rule",
    "逾期月份 Overdue month",
    "逾期天数 Days overdue",
    "牵头单位 Lead",
    "配合单位 Co-responsible",
    "口径说明 Interpretation",
    "依据 Source",
)
REPORT_HEADERS = (
    "报告编号 Report",
    "目标编号 Target",
    "截至日期 As of",
    "数值 Value",
    "说明 Narrative",
    "填报单位 Department",
    "填报人 By",
    "填报时间 At",
    "更正了 Corrects",
    "更正原因 Reason",
    "已被更正 Superseded at",
)
INDICATOR_HEADERS = (
    "政策措施 Measure",
    "条款 Clause",
    "申请数 Applications",
    "免申即享 Offers",
    "受益人 Beneficiaries",
    "已发放笔数 Paid entries",
    "已发放金额（元） Paid (yuan)",
    "平均办理天数 Avg days to payment",
    "免申即享占比 Share paid without application",
)
POPULATION_HEADERS = (
    "年份 Year",
    "实际 Actual",
    "目标路径 Required",
    "实际年增 Actual growth",
    "所需年增 Required growth",
)


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _sheet(workbook: Any, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], bold: Any) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, headers, bold)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, [_cell(value) for value in row])
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(headers) - 1, 16)


def board_workbook(board: Board, reports: Sequence[SupervisionReport], targets: Sequence[SupervisionTarget]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    codes = {t.id: t.code for t in targets}
    target_rows = [
        (
            s.target.code,
            s.target.measure,
            s.target.clause,
            s.target.indicator_zh,
            s.target.unit,
            s.target.cadence,
            s.period_start,
            s.period_end,
            round(s.period_target, 2),
            s.target.baseline_value,
            s.actual,
            s.latest_report.as_of if s.latest_report else None,
            round(s.expected, 2),
            round(s.forecast, 2) if s.forecast is not None else None,
            f"{STATUS_ZH[s.status]} {s.status}",
            s.rule,
            s.overdue.month if s.overdue else None,
            s.overdue.days if s.overdue else None,
            s.target.lead_department,
            "、".join(s.target.co_departments),
            s.target.interpretation_zh,
            s.target.source,
        )
        for s in board.targets
    ]
    _sheet(workbook, "目标进度 Targets", TARGET_HEADERS, target_rows, bold)
    report_rows = [
        (
            r.id,
            codes.get(r.target_id, r.target_id),
            r.as_of,
            r.value,
            r.narrative,
            r.department,
            r.reported_by,
            r.reported_at.strftime("%Y-%m-%d %H:%M"),
            r.supersedes_id,
            r.correction_reason,
            r.superseded_at.strftime("%Y-%m-%d %H:%M") if r.superseded_at else None,
        )
        for r in reports
    ]
    _sheet(workbook, "进度报告 Reports", REPORT_HEADERS, report_rows, bold)
    indicator_rows = [
        (
            i.measure_id,
            i.clause,
            i.applications,
            i.offers,
            i.beneficiaries,
            i.paid_entries,
            i.paid_fen / 100,
            i.average_days_to_payment,
            i.share_paid_without_application,
        )
        for i in board.indicators
    ]
    _sheet(workbook, "平台指标 Platform", INDICATOR_HEADERS, indicator_rows, bold)
    population_rows = [(p.year, p.actual, p.required, p.actual_growth, p.required_growth) for p in board.population]
    _sheet(workbook, "常住人口 Population", POPULATION_HEADERS, population_rows, bold)
    measures = workbook.add_worksheet("措施 Measures")
    measures.write_row(
        0, 0, ("措施 Measure", "条款 Clause", "名称 Title", "状态 Status", *(s.value for s in Status)), bold
    )
    for index, m in enumerate(board.measures, start=1):
        counts = [m.counts.get(s.value, 0) for s in Status]
        measures.write_row(index, 0, (m.id, m.clause, m.title_zh, f"{STATUS_ZH[m.status]} {m.status}", *counts))
    measures.set_column(0, 8, 16)
    workbook.close()
    return buffer.getvalue()
