"""A disbursement batch as an .xlsx workbook for the finance office (Chinese headers, amounts in yuan)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import xlsxwriter

from ..kit.ids import mask_text
from ..models import DisbursementBatch, PaymentEntry

HEADERS = (
    "序号",
    "条目编号",
    "措施编号",
    "措施名称",
    "主管部门",
    "受益人证件号",
    "来源编号",
    "所属期间",
    "金额（元）",
    "收款账户",
    "状态",
    "政策版本",
)
STATE_ZH = {"pending": "待发放", "batched": "待支付", "paid": "已支付", "cancelled": "已撤销"}


def batch_workbook(batch: DisbursementBatch, entries: Sequence[PaymentEntry], title_of: Callable[[str], str]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("发放明细")
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
    sheet.write(0, 0, f"发放批次 {batch.reference}（{batch.department or '全部部门'}）", bold)
    sheet.write_row(1, 0, HEADERS, bold)
    total = 0
    for index, entry in enumerate(entries, start=1):
        row = index + 1
        sheet.write_number(row, 0, index)
        sheet.write_number(row, 1, entry.id)
        sheet.write_string(row, 2, entry.measure_id)
        sheet.write_string(row, 3, title_of(entry.measure_id))
        sheet.write_string(row, 4, entry.department)
        # A listing: person IDs masked; the full record is on the case page.
        sheet.write_string(row, 5, mask_text(entry.beneficiary_id))
        sheet.write_string(row, 6, mask_text(entry.source_id))
        sheet.write_string(row, 7, entry.period)
        sheet.write_number(row, 8, entry.amount_fen / 100, money)
        sheet.write_string(row, 9, entry.payee_account or "")
        sheet.write_string(row, 10, STATE_ZH.get(entry.state, entry.state))
        sheet.write_string(row, 11, entry.policy_version)
        total += entry.amount_fen
    last = len(entries) + 2
    sheet.write_string(last, 7, "合计", bold)
    sheet.write_number(last, 8, total / 100, money_bold)
    sheet.set_column(0, 1, 8)
    sheet.set_column(2, 4, 22)
    sheet.set_column(5, 6, 26)
    sheet.set_column(7, 9, 14)
    sheet.set_column(10, 11, 16)
    sheet.freeze_panes(2, 0)
    workbook.close()
    return buffer.getvalue()
