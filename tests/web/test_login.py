"""Logging in and out in a real browser; the language switch; errors in the person's language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import no_horizontal_scroll, shoot

pytestmark = pytest.mark.browser


def test_wrong_password_is_refused_and_keeps_the_username(phone: Any) -> None:
    phone.goto("/login")
    phone.get_by_label("用户名").fill("xiaoming")
    phone.get_by_label("密码").fill("wrong")
    phone.get_by_role("button", name="登录").last.click()
    assert phone.locator("#login-error").inner_text() == "用户名或密码错误。"
    assert phone.get_by_label("用户名").input_value() == "xiaoming"
    assert no_horizontal_scroll(phone)
    shoot(phone, "login-error-phone")


def test_login_lands_on_the_role_home_and_english_switch(desktop: Any) -> None:
    desktop.goto("/login?next=/supervision")
    desktop.get_by_role("link", name="English").click()
    assert desktop.get_by_role("heading", name="Log in").is_visible()
    login_en = desktop.get_by_label("Username")
    login_en.fill("supervisor")
    desktop.get_by_label("Password").fill("yinren-demo-2024")
    desktop.get_by_role("button", name="Log in").last.click()
    desktop.wait_for_url("**/supervision")
    desktop.goto("/lang/zh?next=/login")


def test_unknown_page_answers_in_html(desktop: Any) -> None:
    desktop.goto("/no-such-page")
    assert "未找到该地址" in desktop.content()
