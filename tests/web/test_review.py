"""The reviewer's desk in a real browser: take and approve a case, reject one with a reason, batch approval,
the HTMX filters, and a reviewer of another department refused a case (403)."""

from __future__ import annotations

import random
import secrets
from datetime import date
from typing import Any

import pytest

from tests.web.conftest import LiveServer, login, no_horizontal_scroll, shoot

pytestmark = pytest.mark.browser


def new_graduate(live_server: LiveServer) -> tuple[Any, dict[str, Any]]:
    """A resident of our own (a 2023 graduate renting in Hohhot), so no test depends on another's cases."""
    from yinren.accounts import service as accounts
    from yinren.accounts.schemas import UserCreate
    from yinren.demo import facts
    from yinren.kit.actor import SYSTEM
    from yinren.kit.ids import make_person_id

    birth = date(random.randint(1998, 2001), random.randint(1, 12), random.randint(1, 28))
    person_id = make_person_id("150102", birth, random.randint(0, 99), "male")
    document = facts.graduate(1, facts.enterprise_id(1))
    document["person"].update(person_id=person_id, birth_date=birth.isoformat(), name="赵测试")
    username = f"grad{secrets.token_hex(4)}"
    data = UserCreate(
        username=username, password="yinren-demo-2024", role="resident", display_name="赵测试", person_id=person_id
    )
    with live_server.database.transaction() as session:
        actor = accounts.actor_of(accounts.create_user(session, live_server.settings, SYSTEM, data))
    return actor, document


def submit_rent(live_server: LiveServer, actor: Any, document: dict[str, Any], month_end: date) -> int:
    """A submitted m10_graduate_rent application for one month, through the service layer."""
    from yinren.applications import service as applications
    from yinren.applications.schemas import ApplicationCreate

    data = ApplicationCreate(
        measure_id="m10_graduate_rent",
        facts=document,
        as_of=month_end,
        idempotency_key=f"browser-{secrets.token_hex(8)}",
        submit=True,
    )
    with live_server.database.transaction() as session:
        application, _ = applications.create(session, actor, data, None)
        return application.id


def state_of(live_server: LiveServer, application_id: int) -> tuple[str, str | None]:
    from yinren.models import Application

    with live_server.database.transaction() as session:
        application = session.get(Application, application_id)
        assert application is not None
        return application.state, application.reason


def test_reviewer_takes_and_approves_a_case_and_rejects_another_with_a_reason(
    desktop: Any, live_server: LiveServer
) -> None:
    actor, document = new_graduate(live_server)
    approve = submit_rent(live_server, actor, document, date(2024, 6, 30))
    reject = submit_rent(live_server, actor, document, date(2024, 7, 31))
    login(desktop, "reviewer1")
    desktop.goto("/review")
    desktop.get_by_label("措施").select_option("m10_graduate_rent")
    desktop.wait_for_url("**/review?*measure=m10_graduate_rent*")  # hx-push-url keeps the filter in the address
    desktop.get_by_role("link", name=f"#{approve}", exact=True).click()
    assert desktop.locator("#subject-id").inner_text() == actor.person_id  # staff see the whole ID here
    assert desktop.locator("ul.conditions li.pass").count() >= 5
    shoot(desktop, "review-case-desktop")
    desktop.get_by_role("button", name="接办（进入审核）").click()
    assert "已接办" in desktop.locator("#done").inner_text()
    desktop.get_by_role("button", name="审核通过").click()
    assert "已审核通过" in desktop.locator("#done").inner_text()
    assert state_of(live_server, approve) == ("approved", None)

    desktop.goto(f"/review/cases/{reject}")
    desktop.get_by_role("button", name="驳回").click()
    error = desktop.locator("#f-reason-error")
    assert "必须填写理由" in error.inner_text()
    assert (
        desktop.get_by_label("理由（驳回或退回补正时必填，申请人可见）").get_attribute("aria-describedby")
        == "f-reason-error"
    )
    shoot(desktop, "review-reject-error-desktop")
    desktop.get_by_label("理由（驳回或退回补正时必填，申请人可见）").fill("租房合同与社保缴纳地不一致。")
    desktop.get_by_role("button", name="驳回").click()
    assert desktop.locator("#case-reason").inner_text() == "租房合同与社保缴纳地不一致。"
    assert state_of(live_server, reject) == ("rejected", "租房合同与社保缴纳地不一致。")


def test_batch_approval_from_the_queue(desktop: Any, live_server: LiveServer) -> None:
    actor, document = new_graduate(live_server)
    cases = [submit_rent(live_server, actor, document, day) for day in (date(2024, 8, 31), date(2024, 9, 30))]
    login(desktop, "reviewer1")
    desktop.goto("/review?measure=m10_graduate_rent")
    for case in cases:
        desktop.locator(f"#pick-{case}").check()
    desktop.get_by_role("button", name="批量通过所选").click()
    result = desktop.locator("#batch-result")
    result.wait_for()
    assert "成功 2 件，失败 0 件" in result.inner_text()
    assert [state_of(live_server, case)[0] for case in cases] == ["approved", "approved"]
    shoot(desktop, "review-batch-desktop")


def test_queue_and_case_on_a_phone_and_in_english(phone: Any, live_server: LiveServer) -> None:
    actor, document = new_graduate(live_server)
    case = submit_rent(live_server, actor, document, date(2024, 12, 31))
    login(phone, "reviewer1")
    phone.goto("/review?lang=en")
    assert phone.get_by_role("heading", name="Review desk").is_visible()
    assert no_horizontal_scroll(phone)
    shoot(phone, "review-queue-phone-en")
    phone.goto(f"/review/cases/{case}")
    assert phone.get_by_role("button", name="Approve").is_visible()
    assert no_horizontal_scroll(phone)
    shoot(phone, "review-case-phone-en")
    phone.goto("/lang/zh?next=/review/offers")
    assert phone.get_by_role("heading", name="免申即享确认").is_visible()
    assert no_horizontal_scroll(phone)
    shoot(phone, "review-offers-phone")


def test_a_housing_reviewer_cannot_open_a_human_resources_case(desktop: Any, live_server: LiveServer) -> None:
    actor, document = new_graduate(live_server)
    case = submit_rent(live_server, actor, document, date(2024, 10, 31))
    login(desktop, "reviewer2")  # 市住建局
    response = desktop.goto(f"/review/cases/{case}")
    assert response is not None and response.status == 403
    assert "该申请由市人社局办理" in desktop.locator("main").inner_text()
    assert actor.person_id not in desktop.content()
    shoot(desktop, "review-forbidden-desktop")
