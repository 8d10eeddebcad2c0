"""Every page is usable without a mouse and every field is labelled, on each role's main pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import login

pytestmark = pytest.mark.browser

PAGES: dict[str | None, list[str]] = {
    None: ["/", "/measures/m10_graduate_rent", "/calculator", "/login"],
    "xiaoming": ["/me", "/applications/new?measure=m10_graduate_rent"],
    "qingcheng": ["/employer"],
    "reviewer1": ["/review", "/review/cases/1", "/review/offers"],
    "head1": ["/payments", "/department", "/supervision/reports"],
    "supervisor": ["/supervision", "/supervision/measures/m10", "/supervision/report"],
    "admin": ["/supervision/targets"],
}

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button' && e.offsetParent !== null)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("user", list(PAGES), ids=[user or "anonymous" for user in PAGES])
def test_every_visible_field_has_a_label(new_page: Any, user: str | None) -> None:
    page = new_page()
    if user:
        login(page, user)
    for path in PAGES[user]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("main h1").count() >= 1, f"{path}: no page heading"


def _tab_to(page: Any, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.name") == name:
            return
    raise AssertionError(f"the keyboard never reaches the field {name!r}")


def test_the_calculator_works_from_the_keyboard(desktop: Any) -> None:
    desktop.goto("/calculator")
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("() => document.activeElement.className") == "skip-link"
    desktop.keyboard.press("Enter")  # the skip link jumps over the navigation
    names = desktop.eval_on_selector_all(
        "fieldset.questions input, fieldset.questions select", "els => els.map(e => e.name)"
    )
    assert names, "the first step shows no question"
    for name in names:  # every question is reachable in order, with no trap
        _tab_to(desktop, name)
    _tab_to(desktop, "action")
    assert desktop.evaluate("() => document.activeElement.value") == "next"
    desktop.keyboard.press("Enter")
    # Unanswered required questions: the errors appear and focus returns to the step's heading.
    desktop.locator(".field-error").first.wait_for()
    desktop.wait_for_function("() => document.activeElement && document.activeElement.id === 'calc-heading'")


def test_the_label_check_finds_an_unlabelled_field(desktop: Any) -> None:
    desktop.set_content('<label for="a">A</label><input id="a" name="a"><input name="b"><input type="hidden">')
    assert desktop.evaluate(UNLABELLED) == ['<input name="b">']
