"""Applying in a browser: from the calculator's answers through the login to a submitted application."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.calculator.test_questionnaire import GRADUATE
from tests.web.conftest import login, no_horizontal_scroll, shoot
from tests.web.test_calculator import answer_all

pytestmark = pytest.mark.browser

XIAOMING_ID = "15010220000315023X"  # the demo graduate: born 2000-03-15, as GRADUATE says
PROOF = {"name": "degree-certificate.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% a test document\n"}


def _to_the_form(page: Any) -> None:
    page.goto("/calculator")
    answer_all(page, GRADUATE)
    page.locator("#benefit-m10_graduate_rent a.button").click()


def test_graduate_calculates_logs_in_and_applies_with_the_facts_filled_in(phone: Any, new_page: Any) -> None:
    _to_the_form(phone)  # anonymous: the apply button leads through the login page
    phone.wait_for_url(re.compile(r"/login\?next="))
    phone.get_by_label("用户名").fill("xiaoming")
    phone.get_by_label("密码").fill("yinren-demo-2024")
    phone.get_by_role("button", name="登录").last.click()
    phone.wait_for_url(re.compile(r"/applications/new\?measure=m10_graduate_rent"))
    assert phone.locator("#f-person_id").input_value() == XIAOMING_ID
    assert phone.locator("#f-graduation_date").input_value() == "2023-06-30"
    assert phone.locator("#f-insured_months").input_value() == "12"
    assert phone.locator("#f-education_level").input_value() == "bachelor"
    phone.locator("#f-documents").set_input_files(PROOF)
    assert no_horizontal_scroll(phone)
    shoot(phone, "apply-form-phone")
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_url(re.compile(r"/applications/\d+$"))
    application_url = phone.url
    assert phone.locator("#application-state").inner_text() == "已提交"
    assert "符合条件" in phone.locator("#precheck-heading + p").inner_text()
    assert "degree-certificate.pdf" in phone.content()
    shoot(phone, "apply-submitted-phone")
    phone.goto("/me")
    application_id = application_url.rsplit("/", 1)[1]
    assert phone.locator(f"#application-{application_id} .badge").inner_text() == "已提交"
    assert no_horizontal_scroll(phone)
    shoot(phone, "apply-me-phone")
    desktop = new_page()
    login(desktop, "xiaoming")
    desktop.goto("/me")
    shoot(desktop, "apply-me-desktop")


def test_a_wrong_id_number_is_explained_next_to_it_and_nothing_typed_is_lost(desktop: Any) -> None:
    login(desktop, "xiaoming")
    _to_the_form(desktop)
    desktop.wait_for_url(re.compile(r"/applications/new\?"))
    wrong = XIAOMING_ID[:-2] + "1X"  # one digit off: the GB 11643 check character no longer fits
    desktop.locator("#f-person_id").fill(wrong)
    desktop.locator("#f-name").fill("王小明")
    desktop.locator("#f-insured_months").fill("13")
    desktop.locator("#f-documents").set_input_files(PROOF)
    desktop.get_by_role("button", name="提交申请").click()
    error = desktop.locator("#f-person_id-error")
    error.wait_for()
    assert error.inner_text() == "身份证号校验码不正确，请核对每一位数字。"
    assert desktop.locator("#f-person_id").get_attribute("aria-invalid") == "true"
    assert desktop.locator("#f-person_id").input_value() == wrong
    assert desktop.locator("#f-name").input_value() == "王小明"
    assert desktop.locator("#f-insured_months").input_value() == "13"
    assert desktop.locator("#f-graduation_date").input_value() == "2023-06-30"
    assert "degree-certificate.pdf" in desktop.locator("ul.uploaded").inner_text()  # the document is kept too
    shoot(desktop, "apply-wrong-id-desktop")
    desktop.get_by_role("link", name="English").click()
    assert desktop.get_by_label("Resident ID number").input_value() == XIAOMING_ID  # the account's own again
    assert desktop.get_by_label("Months of social insurance paid").input_value() == "13"


def test_someone_elses_valid_id_is_refused_next_to_the_field(phone: Any) -> None:
    login(phone, "xiaoming")
    _to_the_form(phone)
    phone.wait_for_url(re.compile(r"/applications/new\?"))
    phone.locator("#f-person_id").fill("150102199304022244")  # valid, but another person's
    phone.get_by_role("button", name="提交申请").click()
    error = phone.locator("#f-person_id-error")
    error.wait_for()
    assert "只能为本人" in error.inner_text()
    assert no_horizontal_scroll(phone)


def test_a_double_submission_makes_one_application_which_can_be_withdrawn(desktop: Any) -> None:
    login(desktop, "xiaoming")
    _to_the_form(desktop)
    desktop.wait_for_url(re.compile(r"/applications/new\?"))
    fields = desktop.evaluate(
        "() => Object.fromEntries([...new FormData(document.querySelector('form[enctype]'))]"
        ".filter(([k, v]) => typeof v === 'string'))"
    )
    fields["action"] = "submit"
    first = desktop.request.post("/applications/new", form=fields, max_redirects=0)
    second = desktop.request.post("/applications/new", form=fields, max_redirects=0)
    assert first.status == second.status == 303
    assert first.headers["location"] == second.headers["location"]
    desktop.goto(first.headers["location"])
    desktop.get_by_role("button", name="撤回申请").click()
    assert desktop.locator("#application-state").inner_text() == "已撤回"
    assert desktop.get_by_role("button", name="撤回申请").count() == 0


def test_a_returned_application_shows_the_reason_and_is_corrected_and_resubmitted(desktop: Any, new_page: Any) -> None:
    login(desktop, "xiaoming")
    _to_the_form(desktop)
    desktop.wait_for_url(re.compile(r"/applications/new\?"))
    desktop.get_by_role("button", name="提交申请").click()
    desktop.wait_for_url(re.compile(r"/applications/\d+$"))
    application_id = desktop.url.rsplit("/", 1)[1]
    reviewer = new_page()
    login(reviewer, "reviewer1")  # 市人社局 handles the rent subsidy
    csrf = next(c["value"] for c in reviewer.context.cookies() if c["name"] == "yinren_csrf")
    decided = reviewer.request.post(
        f"/api/review/cases/{application_id}/decide",
        data={"decision": "return", "reason": "请补充劳动合同。"},
        headers={"X-CSRF-Token": csrf},
    )
    assert decided.ok, decided.text()
    desktop.reload()
    assert desktop.locator("#application-state").inner_text() == "退回补正"
    assert "请补充劳动合同。" in desktop.locator("#reviewer-reason").inner_text()
    desktop.get_by_role("link", name="修改后重新提交").click()
    assert desktop.locator("#f-insured_months").input_value() == "12"
    desktop.locator("#f-insured_months").fill("14")
    desktop.locator("#f-documents").set_input_files(PROOF)
    shoot(desktop, "apply-returned-edit-desktop")
    desktop.get_by_role("button", name="重新提交申请").click()
    desktop.wait_for_url(re.compile(rf"/applications/{application_id}$"))
    assert desktop.locator("#application-state").inner_text() == "已提交"
    history = desktop.locator("ol.history").inner_text()
    assert "退回补正" in history and "请补充劳动合同。" in history


def _offer_for(new_page: Any, beneficiary: str) -> int:
    """An offer of the childcare allowance made by a match run and confirmed by 市卫健委, through the API."""
    import io
    import uuid

    import polars as pl

    source = f"CHILD-{uuid.uuid4().hex[:10]}"
    row: dict[str, object] = {"measure_id": "m15_childcare_allowance", "beneficiary_id": beneficiary}
    row.update(source_id=source, period="", value="500000", amount_fen=500_000)
    buffer = io.BytesIO()
    pl.DataFrame([row]).write_parquet(buffer)
    admin = new_page()
    login(admin, "admin")
    csrf = next(c["value"] for c in admin.context.cookies() if c["name"] == "yinren_csrf")
    file = {"name": "offers.parquet", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}
    imported = admin.request.post("/api/offers/import", multipart={"file": file}, headers={"X-CSRF-Token": csrf})
    assert imported.ok, imported.text()
    listed = admin.request.get("/api/offers?measure_id=m15_childcare_allowance&limit=500").json()
    offer_id = int(next(o["id"] for o in listed if o["source_id"] == source))
    head = new_page()
    login(head, "head4")  # 市卫健委
    csrf = next(c["value"] for c in head.context.cookies() if c["name"] == "yinren_csrf")
    confirmed = head.request.post("/api/offers/confirm", data={"offer_ids": [offer_id]}, headers={"X-CSRF-Token": csrf})
    assert confirmed.ok and confirmed.json()["confirmed"] == [offer_id], confirmed.text()
    return offer_id


def test_an_offer_is_accepted_with_the_bank_account_to_pay(phone: Any, new_page: Any) -> None:
    from yinren.demo.seed import demo_users

    zhangli = next(user.person_id for user in demo_users() if user.username == "zhangli")
    offer_id = _offer_for(new_page, str(zhangli))
    login(phone, "zhangli")
    phone.goto("/me")
    phone.locator(f"a[href='/offers/{offer_id}']").first.click()
    assert phone.locator("#offer-state").inner_text() == "待您确认"
    phone.get_by_label("收款银行账号").fill("6222-abc")
    phone.get_by_role("button", name="接受并领取").click()
    error = phone.locator("#f-payee_account-error")
    error.wait_for()
    assert error.inner_text() == "请填写8至32位数字的银行账号。"
    assert phone.get_by_label("收款银行账号").input_value() == "6222-abc"
    assert no_horizontal_scroll(phone)
    phone.get_by_label("收款银行账号").fill("6222 0202 0011 2233 445")
    phone.get_by_role("button", name="接受并领取").click()
    phone.wait_for_url(re.compile(rf"/offers/{offer_id}$"))
    assert phone.locator("#offer-state").inner_text() == "已接受"
    shoot(phone, "apply-offer-accepted-phone")
