"""An employer claims the hiring subsidy for a hire on a phone: a wrong ID number is refused next to the
field with nothing typed lost, the corrected claim is submitted and pre-checked."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from tests.web.conftest import LiveServer, login, no_horizontal_scroll, shoot

pytestmark = pytest.mark.browser


def _hire_id() -> str:
    from yinren.kit.ids import make_person_id

    birth = date(2002, random.randint(1, 12), random.randint(1, 28))
    return make_person_id("150102", birth, random.randint(0, 99), "female")


def test_employer_claims_the_hiring_subsidy_for_a_hire(phone: Any, live_server: LiveServer) -> None:
    hire = _hire_id()
    mistyped = hire[:-1] + ("0" if hire[-1] != "0" else "1")
    login(phone, "qingcheng")
    phone.goto("/employer")
    assert no_horizontal_scroll(phone)
    phone.locator('a[href="/employer/claims/m04_hiring_subsidy"]').click()
    phone.get_by_label("成立日期").fill("2015-01-01")
    phone.get_by_label("身份证号").fill(mistyped)
    phone.get_by_label("姓名").fill("刘洋")
    phone.get_by_label("毕业日期").fill("2025-06-30")
    phone.get_by_label("劳动合同签订日期").fill("2025-07-01")
    phone.get_by_label("已缴社会保险月数").fill("4")
    phone.get_by_role("button", name="提交申报").click()

    error = phone.locator("#f-hire-0-person_id-error")
    assert "校验码" in error.inner_text()
    assert phone.get_by_label("身份证号").input_value() == mistyped  # nothing typed is lost
    assert phone.get_by_label("姓名").input_value() == "刘洋"
    assert phone.get_by_label("劳动合同签订日期").input_value() == "2025-07-01"
    assert no_horizontal_scroll(phone)
    shoot(phone, "employer-claim-error-phone")

    phone.get_by_label("身份证号").fill(hire)
    phone.get_by_role("button", name="提交申报").click()
    phone.wait_for_url("**/employer?submitted=*")
    assert "申报已提交" in phone.locator("#submitted").inner_text()
    application_id = int(phone.url.rsplit("=", 1)[1])
    row = phone.locator("#applications tr", has=phone.locator(f'a[href="/applications/{application_id}"]'))
    assert "已提交" in row.inner_text() and "1,500 元" in row.inner_text()
    assert no_horizontal_scroll(phone)
    shoot(phone, "employer-submitted-phone")

    from yinren.models import Application

    with live_server.database.transaction() as session:
        application = session.get(Application, application_id)
        assert application is not None
        assert (application.measure_id, application.state, application.department) == (
            "m04_hiring_subsidy",
            "submitted",
            "市人社局",
        )
        [employment] = application.facts["enterprise"]["employments"]
        assert employment["person"]["person_id"] == hire


def test_employer_home_lists_offers_on_the_desktop(desktop: Any) -> None:
    login(desktop, "qingcheng")
    desktop.goto("/employer")
    offers = desktop.locator("#offers tbody tr")
    assert offers.count() >= 3  # the demo's confirmed, declined and withdrawn 扩岗补助 offers
    assert desktop.locator('#offers a[href^="/offers/"]').count() >= 1
    shoot(desktop, "employer-desktop")
