"""The staff console and employer pages through HTTP (no browser): what each role sees and may do."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import openpyxl

from tests.helpers import application_body
from yinren.kit.ids import make_credit_code, make_person_id


def _submit(client: Any, person: Any, **extra: Any) -> int:
    response = client.post(
        "/api/applications", json=application_body(person, submit=True, **extra), headers=person.headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="field-error" id="([^"]+)" role="alert">([^<]+)<', html))


def test_queue_lists_the_department_cases_masked_and_htmx_swaps_only_the_table(
    client: Any, people: Any, pages: Any
) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    page = pages(reviewer.username)
    whole = page.get("/review")
    assert whole.status_code == 200 and "<html" in whole.text
    assert f'href="/review/cases/{case}"' in whole.text
    assert resident.person_id not in whole.text and resident.person_id[:6] + "********" in whole.text
    fragment = page.get("/review?measure=m10_graduate_purchase", headers={"HX-Request": "true", "HX-Target": "queue"})
    assert "<html" not in fragment.text and "没有符合条件的申请。" in fragment.text
    housing = pages(people.login("reviewer", department="市住建局").username)
    assert f'href="/review/cases/{case}"' not in housing.get("/review?state=all").text


def test_case_page_shows_the_engine_facts_and_whole_id_and_refuses_other_departments(
    client: Any, people: Any, pages: Any
) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    html = pages(reviewer.username).get(f"/review/cases/{case}").text
    assert 'id="subject-id">' + resident.person_id in html
    assert html.count('<li class="pass">') >= 5 and "第（十）条" in html
    refused = pages(people.login("reviewer", department="市住建局").username).get(f"/review/cases/{case}")
    assert refused.status_code == 403 and "该申请由市人社局办理" in refused.text


def test_reject_without_reason_is_refused_next_to_the_field_and_with_one_the_applicant_reads_it(
    client: Any, people: Any, pages: Any
) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    page = pages(reviewer.username)
    refused = page.post(f"/review/cases/{case}/decide", {"decision": "reject", "reason": "  "})
    assert refused.status_code == 422
    assert "f-reason-error" in _errors(refused.text)
    assert client.get(f"/api/applications/{case}", headers=resident.headers).json()["state"] == "submitted"
    taken = page.post(f"/review/cases/{case}/take")
    assert taken.status_code == 303 and taken.headers["location"].endswith("?done=take")
    done = page.post(f"/review/cases/{case}/decide", {"decision": "reject", "reason": "不在补贴学历范围内。"})
    assert done.status_code == 303
    seen = client.get(f"/api/applications/{case}", headers=resident.headers).json()
    assert (seen["state"], seen["reason"]) == ("rejected", "不在补贴学历范围内。")
    history = page.get(f"/review/cases/{case}").text.split('id="history-title"')[1]
    assert f"<td>{reviewer.username}</td><td>不在补贴学历范围内。</td>" in history
    assert f"<td>{resident.username}</td>" in history
    again = page.post(f"/review/cases/{case}/decide", {"decision": "approve"})
    assert again.status_code == 409 and 'id="problem"' in again.text


def test_batch_approval_reports_each_case_and_refuses_mixed_measures(
    client: Any, people: Any, pages: Any, db: Any
) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    june, july = _submit(client, resident), _submit(client, resident, as_of="2024-07-31")
    repeat = _submit(client, resident, idempotency_key="again-june-0001")  # June again: already paid once
    purchase = _submit(client, resident, measure_id="m10_graduate_purchase")
    page = pages(reviewer.username)
    mixed = page.post("/review/approve", {"ids": [june, purchase]})
    assert mixed.status_code == 422 and 'id="batch-problem"' in mixed.text
    result = page.post(
        "/review/approve", {"ids": [june, july, repeat]}, headers={"HX-Request": "true", "HX-Target": "queue"}
    )
    assert result.status_code == 200 and "<html" not in result.text
    assert "成功 2 件，失败 1 件" in result.text
    failed = re.search(
        rf'<li class="failed"><a href="/review/cases/{repeat}">#{repeat}</a> — ([^<]+)</li>', result.text
    )
    assert failed and "没有可发放的金额" in failed.group(1)
    states = [
        client.get(f"/api/applications/{i}", headers=resident.headers).json()["state"] for i in (june, july, repeat)
    ]
    assert states == ["approved", "approved", "submitted"]  # the refused case is left as it was


def _offers(db: Any, beneficiary: str, count: int) -> list[int]:
    from yinren.kit.actor import Actor
    from yinren.offers import service as offers

    admin = Actor(user_id=None, username="system", role="admin")
    rows = [
        {
            "measure_id": "m04_hiring_subsidy",
            "beneficiary_id": beneficiary,
            "source_id": make_person_id("150102", date(2002, 1, 1 + n), n, "male"),
            "period": "",
            "value": "150000",
            "amount_fen": 150_000,
        }
        for n in range(count)
    ]
    with db.transaction() as session:
        offers.import_rows(session, admin, rows, f"run-{beneficiary}")
        return [
            o.id for o in offers.search(session, admin, ["offered"], None, 100, 0) if o.beneficiary_id == beneficiary
        ]


def test_offers_are_confirmed_in_bulk_and_withdrawn_only_with_a_reason(
    client: Any, people: Any, pages: Any, db: Any
) -> None:
    employer = people.login("employer")
    first, second, third = _offers(db, employer.enterprise_id, 3)
    page = pages(people.login("reviewer", department="市人社局").username)
    listed = page.get("/review/offers")
    assert all(f'value="{i}"' in listed.text for i in (first, second, third))
    confirmed = page.post("/review/offers/confirm", {"ids": [first, second]})
    assert confirmed.status_code == 200 and "已确认 2 项待遇。" in confirmed.text
    assert f'id="offer-{first}"' not in confirmed.text and f'id="offer-{third}"' in confirmed.text
    refused = page.post(f"/review/offers/{third}/withdraw", {"reason": ""})
    assert refused.status_code == 422 and f"f-withdraw-{third}-error" in _errors(refused.text)
    withdrawn = page.post(f"/review/offers/{third}/withdraw", {"reason": "劳动合同已解除。"})
    assert withdrawn.status_code == 200 and 'id="withdraw-result"' in withdrawn.text
    mine = client.get("/api/offers", headers=employer.headers).json()
    assert sorted((o["id"], o["state"]) for o in mine) == [
        (first, "confirmed"),
        (second, "confirmed"),
        (third, "withdrawn"),
    ]


def test_head_builds_a_batch_downloads_it_and_the_finance_office_pays_it(client: Any, people: Any, pages: Any) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    for month in ("2024-06-30", "2024-07-31"):
        case = _submit(client, resident, as_of=month)
        decided = client.post(
            f"/api/review/cases/{case}/decide", json={"decision": "approve"}, headers=reviewer.headers
        )
        assert decided.status_code == 200
    head = pages(people.login("department_head", department="市人社局").username)
    assert "600 元" in head.get("/payments").text
    built = head.post("/payments/batches", {"measure": "m10_graduate_rent"})
    assert built.status_code == 303
    batch = int(built.headers["location"].rsplit("=", 1)[1])
    workbook = head.get(f"/payments/batches/{batch}.xlsx")
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[2], r[7], r[8]) for r in rows[:2]] == [
        ("m10_graduate_rent", "2024-06", 300),
        ("m10_graduate_rent", "2024-07", 300),
    ]
    assert rows[2][7:9] == ("合计", 600)
    assert head.post("/payments/batches", {"measure": "m10_graduate_rent"}).status_code == 409
    assert head.post(f"/payments/batches/{batch}/pay").status_code == 403
    assert pages(reviewer.username).get("/payments").status_code == 403
    admin = pages(people.login("admin").username)
    paid = admin.post(f"/payments/batches/{batch}/pay")
    assert paid.status_code == 303
    assert '<span class="badge paid">' in admin.get("/payments").text
    other = pages(people.login("department_head", department="市住建局").username)
    assert other.get(f"/payments/batches/{batch}.xlsx").status_code == 403


def test_department_page_has_the_monthly_chart(client: Any, people: Any, pages: Any) -> None:
    resident = people.login("resident")
    _submit(client, resident)
    html = pages(people.login("department_head", department="市人社局").username).get("/department").text
    option = re.search(r"data-option='([^']+)'", html)
    assert option and "&#34;series&#34;" in option.group(1)
    assert re.search(r'<span class="muted">收件</span><span class="big">1</span>', html)


def _claim_form(enterprise_id: str, person_id: str) -> dict[str, Any]:
    return {
        "key": "web-claim-" + "ab" * 12,
        "rows": "1",
        "ent-enterprise_id": enterprise_id,
        "ent-name": "塞上云数据有限公司",
        "ent-kind": "enterprise",
        "ent-size": "small",
        "ent-founded_on": "2015-01-01",
        "ent-registered_in_hohhot": "on",
        "ent-contributions_normal": "on",
        "hire-0-person_id": person_id,
        "hire-0-name": "李四",
        "hire-0-education_level": "bachelor",
        "hire-0-full_time": "on",
        "hire-0-graduation_date": "2025-06-30",
        "hire-0-contract_signed_on": "2025-07-01",
        "hire-0-insured_months": "4",
        "hire-0-works_in_hohhot": "on",
        "action": "submit",
    }


def test_employer_claim_refuses_bad_ids_next_to_the_field_and_keeps_what_was_typed(
    client: Any, people: Any, pages: Any
) -> None:
    employer = people.login("employer")
    page = pages(employer.username)
    hire = make_person_id("150102", date(2002, 5, 6), 7, "female")
    broken = hire[:-1] + ("0" if hire[-1] != "0" else "1")
    form = _claim_form(employer.enterprise_id, broken)
    refused = page.post("/employer/claims/m04_hiring_subsidy", form)
    assert refused.status_code == 422 and "f-hire-0-person_id-error" in _errors(refused.text)
    assert (
        f'value="{broken}"' in refused.text and 'value="李四"' in refused.text and 'value="2025-07-01"' in refused.text
    )
    other_firm = page.post(
        "/employer/claims/m04_hiring_subsidy",
        {**form, "ent-enterprise_id": make_credit_code("150100", 999), "hire-0-person_id": hire},
    )
    assert "只能为本企业申报" in _errors(other_firm.text)["f-ent-enterprise_id-error"]
    bad_code = page.post("/employer/claims/m04_hiring_subsidy", {**form, "ent-enterprise_id": "91150100MA00000000"})
    assert "统一社会信用代码不正确" in _errors(bad_code.text)["f-ent-enterprise_id-error"]
    assert client.get("/api/applications", headers=employer.headers).json() == []


def test_employer_claim_submits_once_per_form_and_shows_offers_and_payments(
    client: Any, people: Any, pages: Any, db: Any
) -> None:
    employer = people.login("employer")
    page = pages(employer.username)
    form = _claim_form(employer.enterprise_id, make_person_id("150102", date(2002, 5, 6), 8, "female"))
    first = page.post("/employer/claims/m04_hiring_subsidy", form)
    again = page.post("/employer/claims/m04_hiring_subsidy", form)
    assert first.status_code == again.status_code == 303 and first.headers["location"] == again.headers["location"]
    [claim] = client.get("/api/applications", headers=employer.headers).json()
    assert (claim["measure_id"], claim["state"], claim["precheck_amount_fen"]) == (
        "m04_hiring_subsidy",
        "submitted",
        150_000,
    )
    [offer] = _offers(db, employer.enterprise_id, 1)
    confirm = client.post("/api/offers/confirm", json={"offer_ids": [offer]}, headers=people.login("reviewer").headers)
    assert confirm.status_code == 200
    home = page.get(first.headers["location"]).text
    assert f'href="/applications/{claim["id"]}"' in home and f'href="/offers/{offer}"' in home
    more = page.post("/employer/claims/m04_hiring_subsidy", {**form, "action": "add_row"})
    assert 'id="f-hire-1-person_id"' in more.text and 'value="李四"' in more.text


def test_pages_switch_to_english(client: Any, people: Any, pages: Any) -> None:
    head = pages(people.login("department_head", department="市人社局").username)
    html = head.get("/department?lang=en").text
    assert "Average days to decide" in html and "平均办理天数" not in html
    assert "Review desk" in head.get("/review").text


def _enterprise_form(enterprise_id: str) -> dict[str, Any]:
    form = _claim_form(enterprise_id, "")
    return {key: value for key, value in form.items() if not key.startswith("hire-")}


def test_employer_claims_an_sme_award_and_a_dorm_subsidy(client: Any, people: Any, pages: Any) -> None:
    employer = people.login("employer")
    page = pages(employer.username)
    award = {**_enterprise_form(employer.enterprise_id), "key": "web-claim-" + "cd" * 12}
    future = page.post(
        "/employer/claims/m02_sme_award",
        {**award, "cert-0-level": "regional_specialized", "cert-0-recognized_on": "2099-03-01"},
    )
    assert future.status_code == 422 and "晚于今天" in _errors(future.text)["f-cert-0-recognized_on-error"]
    done = page.post(
        "/employer/claims/m02_sme_award",
        {**award, "cert-0-level": "regional_specialized", "cert-0-recognized_on": "2024-03-01"},
    )
    assert done.status_code == 303
    dorm = {**_enterprise_form(employer.enterprise_id), "key": "web-claim-" + "ef" * 12}
    dorm |= {"dorm-0-project_id": "DP-T-1", "dorm-0-dorm_kind": "talent_apartment", "dorm-0-investment": "30000000"}
    dorm |= {"dorm-0-owned_by_zone_committee": "on", "dorm-0-completed_on": "2024-05-31"}
    assert page.post("/employer/claims/m11_dormitory_subsidy", dorm).status_code == 303
    claims = client.get("/api/applications", headers=employer.headers).json()
    assert [(c["measure_id"], c["state"], c["precheck_amount_fen"]) for c in claims] == [
        ("m02_sme_award", "submitted", 50_000_000),
        ("m11_dormitory_subsidy", "submitted", 450_000_000),
    ]
    changed = page.post("/employer/claims/m11_dormitory_subsidy", {**dorm, "dorm-0-investment": "20000000"})
    assert changed.status_code == 422 and "作为一份新的申报" in changed.text
    assert 'name="key" value="web-claim-' + "ef" * 12 not in changed.text  # a fresh key: a second, different claim
