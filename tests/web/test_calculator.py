"""The policy calculator in a browser: step by step (HTMX, and plain posts without JS), then the results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.calculator.test_questionnaire import GRADUATE
from tests.web.conftest import LiveServer, no_horizontal_scroll, shoot

pytestmark = pytest.mark.browser


def answer_all(page: Any, answers: dict[str, str]) -> list[str]:
    """Answer every step the calculator shows, as a person would; returns the steps seen."""
    seen = []
    while page.locator("input[name=step]").count():
        step = page.locator("input[name=step]").input_value()
        seen.append(step)
        for field in page.locator("fieldset.questions select, fieldset.questions input").all():
            name = field.get_attribute("name")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(answers[name])
            else:
                field.fill(answers[name])
        page.locator("button[value=next]").click()
        page.wait_for_function(
            "s => { const e = document.querySelector('input[name=step]'); return !e || e.value !== s; }", arg=step
        )
    return seen


def test_a_graduate_sees_the_rent_subsidy_with_its_amount_and_reasons(phone: Any) -> None:
    phone.goto("/calculator")
    shoot(phone, "calculator-step-phone")
    steps = answer_all(phone, GRADUATE)
    assert steps == ["about", "degree", "work", "job", "housing", "renting", "family"]
    rent = phone.locator("#benefit-m10_graduate_rent")
    assert "高校毕业生租房补贴" in rent.locator("h3").inner_text()
    assert "每月 300 元" in rent.inner_text() and "两年合计 7,200 元" in rent.inner_text()
    reasons = rent.locator("ul.conditions li.pass").all_inner_texts()
    assert len(reasons) == 10 and any("毕业5年内（2023-06-30毕业）" in text for text in reasons)
    assert "7,200 元" in phone.locator("#totals").inner_text()
    assert rent.get_by_role("link", name="登录后申请此项").is_visible()
    assert no_horizontal_scroll(phone)
    shoot(phone, "calculator-results-phone")


def test_one_condition_short_shows_what_is_missing(desktop: Any) -> None:
    desktop.goto("/calculator")
    answer_all(desktop, {**GRADUATE, "insured_months": "0"})
    near = desktop.locator("#near-m10_graduate_rent")
    assert near.locator(".hint-line").inner_text() == "再缴纳1个月社保即可申领。"
    assert desktop.locator("#benefit-m10_graduate_rent").count() == 0
    shoot(desktop, "calculator-near-miss-desktop")


def test_a_missing_answer_is_shown_next_to_its_field_and_the_rest_is_kept(phone: Any) -> None:
    phone.goto("/calculator")
    phone.locator("#f-sex").select_option("female")
    phone.locator("#f-education_level").select_option("bachelor")
    phone.locator("button[value=next]").click()
    error = phone.locator("#f-birth_date-error")
    error.wait_for()
    assert error.inner_text() == "请填写此项。"
    assert phone.locator("#f-sex").input_value() == "female"
    assert phone.locator("#f-education_level").input_value() == "bachelor"
    assert no_horizontal_scroll(phone)
    shoot(phone, "calculator-error-phone")


def test_back_returns_to_the_previous_step_with_its_answers(desktop: Any) -> None:
    desktop.goto("/calculator")
    answer_all(desktop, GRADUATE)
    desktop.get_by_role("button", name="修改回答").click()
    desktop.locator("input[name=step][value=family]").wait_for(state="attached")
    desktop.locator("button[value=back]").click()
    desktop.locator("input[name=step][value=renting]").wait_for(state="attached")
    assert desktop.locator("#f-public_rental_qualified").input_value() == "no"


def test_english_switch_keeps_the_answers(desktop: Any) -> None:
    desktop.goto("/calculator")
    answer_all(desktop, GRADUATE)
    desktop.get_by_role("link", name="English").click()
    assert desktop.get_by_role("heading", name="What you can get").is_visible()
    rent = desktop.locator("#benefit-m10_graduate_rent")
    assert "Graduate rent subsidy" in rent.inner_text()
    assert "¥300 a month" in rent.inner_text()
    assert any("within 5 years" in text for text in rent.locator("li.pass").all_inner_texts())
    shoot(desktop, "calculator-results-en-desktop")


@pytest.fixture
def no_js(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 812}
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_questionnaire_works_without_javascript(no_js: Any) -> None:
    no_js.goto("/calculator")
    for _ in range(12):
        if not no_js.locator("input[name=step]").count():
            break
        for field in no_js.locator("fieldset.questions select, fieldset.questions input").all():
            name = field.get_attribute("name")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(GRADUATE[name])
            else:
                field.fill(GRADUATE[name])
        with no_js.expect_navigation():
            no_js.locator("button[value=next]").click()
    assert "每月 300 元" in no_js.locator("#benefit-m10_graduate_rent").inner_text()
