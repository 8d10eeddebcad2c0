"""The journeys of issue 5 across roles, each in its own browser context, as the people would do them:
a graduate uses the calculator and applies, the 市人社局 reviewer approves, the department head builds the
发放批次, the finance office pays it, and the graduate sees the money; a rejection reaches the applicant
with its reason."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.calculator.test_questionnaire import GRADUATE
from tests.web.conftest import LiveServer, login, no_horizontal_scroll, shoot
from tests.web.test_calculator import answer_all
from tests.web.test_review import new_graduate

pytestmark = pytest.mark.browser


def _calculate_and_apply(page: Any, username: str, birth_date: str) -> int:
    """Anonymous calculator → the rent subsidy's apply button → login → the pre-filled form → submit."""
    page.goto("/calculator")
    answer_all(page, {**GRADUATE, "birth_date": birth_date})
    rent = page.locator("#benefit-m10_graduate_rent")
    assert "每月 300 元" in rent.inner_text()
    rent.locator("a.button").click()
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("yinren-demo-2024")
    page.get_by_role("button", name="登录").last.click()
    page.wait_for_url(re.compile(r"/applications/new\?measure=m10_graduate_rent"))
    assert page.locator("#f-graduation_date").input_value() == "2023-06-30"
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/applications/\d+$"))
    assert page.locator("#application-state").inner_text() == "已提交"
    return int(page.url.rsplit("/", 1)[1])


def _reviewer_decides(page: Any, case: int, button: str, reason: str = "") -> None:
    login(page, "reviewer1")  # 市人社局 leads 第（十）条
    page.goto("/review")
    page.get_by_role("link", name=f"#{case}", exact=True).click()
    page.get_by_role("button", name="接办（进入审核）").click()
    assert "已接办" in page.locator("#done").inner_text()
    if reason:
        page.get_by_label("理由（驳回或退回补正时必填，申请人可见）").fill(reason)
    page.get_by_role("button", name=button).click()


def test_graduate_applies_reviewer_approves_finance_pays_graduate_sees_the_money(
    phone: Any, new_page: Any, live_server: LiveServer
) -> None:
    graduate, document = new_graduate(live_server)
    case = _calculate_and_apply(phone, graduate.username, document["person"]["birth_date"])

    reviewer = new_page()
    _reviewer_decides(reviewer, case, "审核通过")
    assert "已审核通过" in reviewer.locator("#done").inner_text()

    phone.goto(f"/applications/{case}")
    assert phone.locator("#application-state").inner_text() == "已批准"

    head = new_page()
    login(head, "head1")
    head.goto("/payments")
    head.locator("#pending tr", has_text="高校毕业生租房补贴").get_by_role("button", name="生成发放批次").click()
    assert "已生成发放批次" in head.locator("#created").inner_text()
    batch = int(head.url.rsplit("=", 1)[1])

    finance = new_page()
    login(finance, "admin")
    finance.goto("/payments")
    finance.locator(f"#batch-{batch}").get_by_role("button", name="标记已支付").click()
    assert "已标记为已支付" in finance.locator("#paid").inner_text()

    phone.goto("/me")
    payments = phone.locator("table.payments")
    row = payments.locator("tr", has_text="高校毕业生租房补贴")
    assert row.count() == 1
    assert "300 元" in row.inner_text()
    assert row.locator(".badge.paid").count() == 1
    assert no_horizontal_scroll(phone)
    shoot(phone, "journey-graduate-paid-phone")
    phone.goto(f"/applications/{case}")
    assert phone.locator("#application-state").inner_text() == "已发放"


def test_a_rejection_reaches_the_applicant_with_its_reason(phone: Any, new_page: Any, live_server: LiveServer) -> None:
    graduate, document = new_graduate(live_server)
    case = _calculate_and_apply(phone, graduate.username, document["person"]["birth_date"])
    reviewer = new_page()
    reason = "租房合同的出租方与房屋产权人不一致，请核实。"
    _reviewer_decides(reviewer, case, "驳回", reason)
    assert reviewer.locator("#case-reason").inner_text() == reason

    phone.goto("/me")
    assert phone.locator(f"#application-{case} .badge").inner_text() == "未通过"
    phone.goto(f"/applications/{case}")
    assert phone.locator("#application-state").inner_text() == "未通过"
    assert reason in phone.locator("#reviewer-reason").inner_text()
    shoot(phone, "journey-rejected-phone")
