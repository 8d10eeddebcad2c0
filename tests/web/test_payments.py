"""The department head builds a 发放批次 and downloads its workbook; the finance office marks it paid;
the head's statistics page draws its chart."""

from __future__ import annotations

from datetime import date
from typing import Any

import openpyxl
import pytest

from tests.web.conftest import LiveServer, login, no_horizontal_scroll, shoot
from tests.web.test_review import new_graduate, submit_rent

pytestmark = pytest.mark.browser


def _approved_rent(live_server: LiveServer) -> tuple[Any, int]:
    from yinren.accounts import service as accounts
    from yinren.accounts.repository import AccountRepository
    from yinren.applications import service as applications
    from yinren.applications.schemas import Decision

    actor, document = new_graduate(live_server)
    case = submit_rent(live_server, actor, document, date(2024, 11, 30))
    with live_server.database.transaction() as session:
        reviewer = AccountRepository(session).user_by_username("reviewer1")
        assert reviewer is not None
        applications.decide(session, accounts.actor_of(reviewer), case, Decision(decision="approve"))
    return actor, case


def test_head_builds_a_batch_downloads_it_and_finance_pays_it(
    desktop: Any, new_page: Any, live_server: LiveServer, tmp_path: Any
) -> None:
    resident, case = _approved_rent(live_server)
    login(desktop, "head1")
    desktop.goto("/payments")
    row = desktop.locator("#pending tr", has_text="高校毕业生租房补贴")
    assert row.count() == 1 and int(row.locator("td.num").first.inner_text()) >= 1
    shoot(desktop, "payments-pending-desktop")
    row.get_by_role("button", name="生成发放批次").click()
    created = desktop.locator("#created")
    assert "已生成发放批次" in created.inner_text()
    batch_id = int(desktop.url.rsplit("=", 1)[1])
    with desktop.expect_download() as download_info:
        desktop.locator(f"#batch-{batch_id} a[download]").click()
    path = tmp_path / "batch.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert str(sheet.cell(1, 1).value).startswith("发放批次 FB")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    entries = [r for r in rows if r[2] == "m10_graduate_rent"]
    masked = resident.person_id[:6] + "********" + resident.person_id[14:]
    assert (masked, "2024-11", 300) in [(r[5], r[7], r[8]) for r in entries]
    assert rows[-1][7] == "合计" and rows[-1][8] == sum(r[8] for r in entries)
    shoot(desktop, "payments-batch-desktop")

    finance = new_page()
    login(finance, "admin")
    finance.goto("/payments")
    finance.locator(f"#batch-{batch_id}").get_by_role("button", name="标记已支付").click()
    assert "已标记为已支付" in finance.locator("#paid").inner_text()
    assert finance.locator(f"#batch-{batch_id} .badge.paid").count() == 1

    from yinren.models import Application

    with live_server.database.transaction() as session:
        application = session.get(Application, case)
        assert application is not None and application.state == "paid"


def test_department_statistics_draw_the_chart(desktop: Any, phone: Any) -> None:
    login(desktop, "head1")
    desktop.goto("/department")
    chart = desktop.locator("#throughput-chart svg")
    chart.wait_for()
    assert desktop.locator("#throughput-chart svg path, #throughput-chart svg rect").count() > 0
    assert int(desktop.locator("#totals .big").first.inner_text()) >= 1
    shoot(desktop, "department-desktop")
    login(phone, "head1")
    phone.goto("/department")
    phone.locator("#throughput-chart svg").wait_for()
    assert no_horizontal_scroll(phone)
    shoot(phone, "department-phone")
    phone.goto("/payments")
    assert no_horizontal_scroll(phone)
    shoot(phone, "payments-phone")
