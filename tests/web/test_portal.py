"""The public home page and measure pages: the notice's groups, each measure with its clause, in two languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import no_horizontal_scroll, shoot

pytestmark = pytest.mark.browser


def test_home_groups_every_measure_as_the_notice_does(phone: Any) -> None:
    phone.goto("/")
    for heading in ("一、创造优质就业岗位", "二、加大安居保障力度", "三、加大教育医疗资源供给", "四、推出暖心便民服务"):
        assert phone.get_by_role("heading", name=heading).is_visible()
    rent = phone.locator("#group-housing #measure-m10_graduate_rent")
    assert "租房每月补贴300元" in rent.locator("blockquote.clause").inner_text()
    assert "市人社局、市住建局" in rent.inner_text()
    # The services of the notice are there too, in their own group.
    assert phone.locator("#group-services #measure-n16").is_visible()
    numbers = phone.locator("article.measure-card").count()
    assert numbers == 15 + 8
    assert no_horizontal_scroll(phone)
    shoot(phone, "portal-home-phone")


def test_measure_page_shows_conditions_current_amounts_and_the_clause(desktop: Any) -> None:
    desktop.goto("/measures/m10_graduate_rent")
    assert desktop.get_by_role("heading", name="高校毕业生租房补贴").is_visible()
    assert desktop.locator("p.amount").inner_text() == "每月300元"
    conditions = desktop.locator("ol li").all_inner_texts()
    assert any(text.startswith("毕业5年内") for text in conditions)
    table = desktop.locator(".table-wrap table").inner_text()
    assert "300元" in table and "24个月" in table and "35周岁" in table
    shoot(desktop, "portal-measure-desktop")


def test_a_service_of_the_notice_has_its_page(phone: Any) -> None:
    phone.goto("/measures/n17")
    assert "红石榴驿站" in phone.locator("blockquote.clause").inner_text()
    assert phone.get_by_text("无须申请").is_visible()
    assert no_horizontal_scroll(phone)


def test_english_switch_on_the_home_and_measure_pages(desktop: Any) -> None:
    desktop.goto("/")
    shoot(desktop, "portal-home-desktop")
    desktop.get_by_role("link", name="English").click()
    assert desktop.get_by_role("heading", name="What Hohhot offers you").is_visible()
    assert desktop.get_by_role("heading", name="II. More support for housing").is_visible()
    rent = desktop.locator("#measure-m10_graduate_rent")
    assert "Graduate rent subsidy" in rent.inner_text()
    assert "Human Resources and Social Security Bureau" in rent.inner_text()
    assert "Clause 10" in rent.inner_text() and "第（十）条" not in rent.inner_text()
    rent.get_by_role("link", name="Graduate rent subsidy").click()
    assert desktop.get_by_role("heading", name="Conditions").is_visible()
    assert desktop.locator("p.amount").inner_text() == "300 yuan a month"
    shoot(desktop, "portal-measure-en-desktop")
    desktop.get_by_role("link", name="中文").click()
    assert desktop.get_by_role("heading", name="条件").is_visible()


def test_unknown_measure_is_a_page_not_found(desktop: Any) -> None:
    response = desktop.goto("/measures/m99_nothing")
    assert response.status == 404
