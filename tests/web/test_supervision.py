"""督查督办 in a real browser: a department reports progress and the colour changes; bad reports keep what was
typed; the supervisor drills down; the board exports to .xlsx; the monthly report prints with its charts."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import login, no_horizontal_scroll, shoot
from yinren.supervision.service import local_today

pytestmark = pytest.mark.browser


def _open_target(page: Any, code: str) -> None:
    page.goto("/supervision/reports")
    page.locator(f"tr[data-code='{code}']").get_by_role("link", name="填报").click()
    page.wait_for_url("**/supervision/reports/*")


def _status(page: Any) -> str:
    return str(page.locator("#target-status .sv-badge").get_attribute("data-status"))


def test_a_department_reports_progress_and_the_status_colour_changes(phone: Any) -> None:
    login(phone, "head1")  # 市人社局
    _open_target(phone, "m05-internship-posts")  # 1,000 internship posts a year
    assert phone.get_by_label("截至日期").input_value() == local_today().isoformat()
    phone.get_by_label("数值（个）").fill("1")
    phone.get_by_label("进展说明").fill("本月征集实习岗位 1 个。")
    phone.get_by_role("button", name="提交报告").click()
    phone.wait_for_selector("#report-message")
    before = _status(phone)
    assert before in ("red", "amber")  # 1 of 1,000 is behind any day after the year's first
    phone.get_by_label("数值（个）").fill("1000")
    phone.get_by_label("进展说明").fill("全年征集任务已完成。")
    evidence = {"name": "岗位清单.csv", "mimeType": "text/csv", "buffer": "单位,岗位数\n青城科技,1000\n".encode()}
    phone.get_by_label("佐证材料（可选）").set_input_files(evidence)
    phone.get_by_role("button", name="提交报告").click()
    phone.wait_for_function("document.querySelector('#target-status .sv-badge').dataset.status === 'green'")
    assert _status(phone) == "green" != before
    assert phone.get_by_role("link", name="岗位清单.csv").is_visible()
    assert phone.locator("#target-status").inner_text().strip().endswith("正常推进")  # colour and words
    assert no_horizontal_scroll(phone)
    shoot(phone, "supervision-report-form-phone")


def test_a_bad_report_shows_messages_and_keeps_what_was_typed(desktop: Any) -> None:
    login(desktop, "head1")
    _open_target(desktop, "m05-job-posts")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    desktop.get_by_label("数值（个）").fill("-5")
    desktop.get_by_label("截至日期").fill(tomorrow)
    desktop.get_by_label("进展说明").fill("提供就业岗位的月度统计。")
    desktop.get_by_role("button", name="提交报告").click()
    desktop.wait_for_selector("#f-value-error")
    assert "不能为负数" in desktop.locator("#f-value-error").inner_text()
    assert "不能晚于今天" in desktop.locator("#f-as_of-error").inner_text()
    assert desktop.get_by_label("数值（个）").input_value() == "-5"
    assert desktop.get_by_label("截至日期").input_value() == tomorrow
    assert desktop.get_by_label("进展说明").input_value() == "提供就业岗位的月度统计。"
    desktop.get_by_label("数值（个）").fill("12.5")
    desktop.get_by_label("截至日期").fill(local_today().isoformat())
    desktop.get_by_role("button", name="提交报告").click()
    desktop.wait_for_function("document.querySelector('#f-value-error')?.innerText.includes('整数')")
    assert desktop.get_by_text("还没有报告。").is_visible()  # nothing was stored
    shoot(desktop, "supervision-report-error")


def test_the_supervisor_drills_down_to_a_measure_and_a_department(desktop: Any, new_page: Any) -> None:
    login(desktop, "supervisor")
    desktop.goto("/supervision")
    population = desktop.locator(".sv-population")
    assert "3,604,100" in population.inner_text() and "3,750,000" in population.inner_text()
    desktop.wait_for_selector(".sv-population .chart svg")
    assert desktop.locator(".sv-tile").count() == 18
    shoot(desktop, "supervision-dashboard-desktop")
    desktop.locator(".sv-tile", has_text="第（七）条").get_by_role("link").click()
    desktop.wait_for_url("**/supervision/measures/m07?**")
    assert desktop.get_by_role("heading", name="第（七）条 加大住房资源供给").is_visible()
    assert desktop.locator("tr[data-code='m07-public-rental'] .sv-badge").get_attribute("data-status") == "green"
    desktop.wait_for_selector("#target-m07-public-rental .chart svg")
    desktop.locator("tr[data-code='m07-public-rental']").get_by_role("link", name="市住建局").click()
    desktop.wait_for_url("**/supervision/departments/**")
    assert desktop.get_by_role("heading", name="市住建局", exact=True).is_visible()
    desktop.wait_for_selector(".chart svg")
    shoot(desktop, "supervision-department-desktop")
    phone = new_page(phone=True)
    login(phone, "supervisor")
    phone.goto("/supervision")
    phone.wait_for_selector(".sv-population .chart svg")
    assert no_horizontal_scroll(phone)
    shoot(phone, "supervision-dashboard-phone")


def test_the_board_exports_to_xlsx(desktop: Any) -> None:
    from openpyxl import load_workbook

    login(desktop, "supervisor")
    desktop.goto("/supervision")
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="导出 Excel").click()
    path = download.value.path()
    workbook = load_workbook(io.BytesIO(Path(path).read_bytes()))
    assert workbook.sheetnames[:4] == [
        "目标进度 Targets",
        "进度报告 Reports",
        "平台指标 Platform",
        "常住人口 Population",
    ]
    rows = list(workbook["目标进度 Targets"].iter_rows(values_only=True))
    codes = {row[0] for row in rows[1:]}
    assert rows[0][0] == "编号 Code" and len(rows) == 41 and {"headline-population", "m07-public-rental"} <= codes
    population = next(row for row in rows if row[0] == "headline-population")
    assert population[10] == 3_604_100 and population[14] == "滞后 red"  # 3.75 million not reached by end-2025
    reports = list(workbook["进度报告 Reports"].iter_rows(values_only=True))
    assert any(row[1] == "m07-public-rental" and row[3] == 4120 for row in reports[1:])


def test_the_printable_monthly_report_has_its_charts(desktop: Any) -> None:
    login(desktop, "supervisor")
    month = local_today().strftime("%Y-%m")
    desktop.goto(f"/supervision/report?month={month}")
    desktop.wait_for_function("document.querySelectorAll('.chart svg').length >= 2")
    assert desktop.get_by_role("button", name="打印 / 存为 PDF").is_visible()
    desktop.emulate_media(media="print")
    assert desktop.get_by_role("button", name="打印 / 存为 PDF").is_hidden()
    assert desktop.locator(".site-header").is_hidden()
    shoot(desktop, "supervision-monthly-report-print")
    pdf = desktop.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
