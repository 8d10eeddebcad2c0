from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.helpers import application_body


def _submit(client, person, **extra):  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/applications", json=application_body(person, submit=True, **extra), headers=person.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_apply_submit_review_approve(client, people) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    assert case["state"] == "submitted"
    assert case["precheck_eligible"] is True and case["precheck_amount_fen"] == 30000
    assert case["precheck"]["result"]["measure_id"] == "m10_graduate_rent"
    assert case["policy_version"].startswith("hohhot_2023@")
    assert case["department"] == "市人社局"
    queue = client.get("/api/review/queue", headers=reviewer.headers).json()
    assert [row["id"] for row in queue] == [case["id"]]
    taken = client.post(f"/api/review/cases/{case['id']}/take", headers=reviewer.headers)
    assert taken.json()["state"] == "in_review"
    decided = client.post(
        f"/api/review/cases/{case['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["state"] == "approved"
    assert [(p["amount_fen"], p["period"]) for p in decided.json()["payments"]] == [(30000, "2024-06")]
    mine = client.get(f"/api/applications/{case['id']}", headers=resident.headers).json()
    assert [e["to_state"] for e in mine["events"]] == ["draft", "submitted", "in_review", "approved"]


def test_returned_case_is_edited_and_resubmitted_keeping_history(client, people) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    back = client.post(
        f"/api/review/cases/{case['id']}/decide",
        json={"decision": "return", "reason": "请补充劳动合同。"},
        headers=reviewer.headers,
    ).json()
    assert back["state"] == "returned" and back["reason"] == "请补充劳动合同。"
    seen = client.get(f"/api/applications/{case['id']}", headers=resident.headers).json()
    assert seen["state"] == "returned" and seen["reason"] == "请补充劳动合同。"
    attachment = {"name": "合同.pdf", "media_type": "application/pdf", "size_bytes": 1024, "sha256": "a" * 64}
    edited = client.patch(
        f"/api/applications/{case['id']}", json={"attachments": [attachment]}, headers=resident.headers
    )
    assert edited.status_code == 200, edited.text
    again = client.post(f"/api/applications/{case['id']}/submit", headers=resident.headers).json()
    assert again["state"] == "submitted" and again["submissions"] == 2
    snapshots = [e for e in again["events"] if e["to_state"] == "submitted"]
    assert len(snapshots) == 2
    assert [e["reason"] for e in again["events"] if e["to_state"] == "returned"] == ["请补充劳动合同。"]


def test_reject_needs_a_reason(client, people) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    refused = client.post(
        f"/api/review/cases/{case['id']}/decide", json={"decision": "reject"}, headers=reviewer.headers
    )
    assert refused.status_code == 422
    field = refused.json()["error"]["fields"][0]
    assert "理由" in field["message_zh"] and "reason" in field["message_en"]


def test_withdraw_and_transitions_refused_in_the_wrong_state(client, people) -> None:
    resident = people.login("resident")
    case = _submit(client, resident)
    assert (
        client.post(f"/api/applications/{case['id']}/withdraw", headers=resident.headers).json()["state"] == "withdrawn"
    )
    again = client.post(f"/api/applications/{case['id']}/withdraw", headers=resident.headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"
    assert client.post(f"/api/applications/{case['id']}/submit", headers=resident.headers).status_code == 409


def test_idempotency_key_never_creates_two_applications(client, people) -> None:
    resident = people.login("resident")
    body = application_body(resident, idempotency_key="same-key-0001")
    first = client.post("/api/applications", json=body, headers=resident.headers)
    second = client.post("/api/applications", json=body, headers=resident.headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    header = client.post(
        "/api/applications",
        json={k: v for k, v in body.items() if k != "idempotency_key"},
        headers={**resident.headers, "Idempotency-Key": "same-key-0001"},
    )
    assert header.status_code == 200 and header.json()["id"] == first.json()["id"]
    different = client.post("/api/applications", json={**body, "as_of": "2024-05-31"}, headers=resident.headers)
    assert different.status_code == 409 and different.json()["error"]["code"] == "idempotency_key_reused"
    missing = client.post(
        "/api/applications", json={k: v for k, v in body.items() if k != "idempotency_key"}, headers=resident.headers
    )
    assert missing.status_code == 422
    assert len(client.get("/api/applications", headers=resident.headers).json()) == 1


def test_concurrent_requests_with_one_idempotency_key(client, people) -> None:
    resident = people.login("resident")
    body = application_body(resident, idempotency_key="raced-key-0001")
    with ThreadPoolExecutor(8) as pool:
        responses = list(
            pool.map(lambda _: client.post("/api/applications", json=body, headers=resident.headers), range(8))
        )
    assert sorted(r.status_code for r in responses) == [200] * 7 + [201]
    assert len({r.json()["id"] for r in responses}) == 1


def test_a_resident_sees_only_his_own(client, people) -> None:
    owner, other = people.login("resident"), people.login("resident")
    case = _submit(client, owner)
    assert client.get(f"/api/applications/{case['id']}", headers=other.headers).status_code == 404
    assert client.post(f"/api/applications/{case['id']}/withdraw", headers=other.headers).status_code == 404
    assert client.get("/api/applications", headers=other.headers).json() == []
    foreign = application_body(other, facts=owner.facts)  # applying with someone else's facts
    assert client.post("/api/applications", json=foreign, headers=other.headers).status_code == 403


def test_another_departments_reviewer_can_neither_read_nor_decide(client, people) -> None:
    resident = people.login("resident")
    housing = people.login("reviewer", department="市住建局")
    case = _submit(client, resident)  # m10_graduate_rent: 市人社局 leads
    assert client.get(f"/api/review/cases/{case['id']}", headers=housing.headers).status_code == 403
    assert client.get(f"/api/applications/{case['id']}", headers=housing.headers).status_code == 403
    decide = client.post(
        f"/api/review/cases/{case['id']}/decide", json={"decision": "approve"}, headers=housing.headers
    )
    assert decide.status_code == 403
    assert client.get("/api/review/queue", headers=housing.headers).json() == []


def test_ids_are_masked_in_lists_and_whole_on_the_case_page(client, people) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    case = _submit(client, resident)
    pid = resident.person_id
    masked = pid[:6] + "********" + pid[14:]
    listed = client.get("/api/review/queue", headers=reviewer.headers).json()
    assert listed[0]["subject_id"] == masked and pid not in str(listed)
    assert client.get("/api/applications", headers=resident.headers).json()[0]["subject_id"] == masked
    page = client.get(f"/api/review/cases/{case['id']}", headers=reviewer.headers).json()
    assert page["subject_id"] == pid and page["facts"]["person"]["person_id"] == pid
    assert page["id_numbers_masked"] is False


def test_invalid_facts_answer_422_naming_table_row_column_in_both_languages(client, people) -> None:
    resident = people.login("resident")
    document = {**resident.facts, "person": {**resident.facts["person"], "birth_date": "1999-01-01"}}
    response = client.post(
        "/api/applications", json=application_body(resident, facts=document), headers=resident.headers
    )
    assert response.status_code == 422, response.text
    fields = response.json()["error"]["fields"]
    birth = [f for f in fields if f["field"].endswith("persons[1].birth_date")]
    assert birth, fields
    assert birth[0]["message_zh"] and birth[0]["message_en"] and birth[0]["message_zh"] != birth[0]["message_en"]


def test_request_validation_messages_in_chinese_and_english(client, people) -> None:
    resident = people.login("resident")
    response = client.post(
        "/api/applications", json={"facts": {"person": {}}, "as_of": "not a date"}, headers=resident.headers
    )
    assert response.status_code == 422
    by_field = {f["field"]: f for f in response.json()["error"]["fields"]}
    assert by_field["body.measure_id"]["message_zh"] == "缺少必填字段"
    assert by_field["body.measure_id"]["message_en"] == "Field required"
    assert by_field["body.as_of"]["message_zh"].startswith("应为日期")
    bad_query = client.get("/api/applications?limit=0", headers=resident.headers)
    assert bad_query.status_code == 422 and bad_query.json()["error"]["fields"][0]["field"] == "query.limit"


def test_nothing_payable_is_a_409_not_a_payment(client, people) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    first, second = _submit(client, resident), _submit(client, resident)
    ok = client.post(f"/api/review/cases/{first['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers)
    assert ok.status_code == 200
    twice = client.post(
        f"/api/review/cases/{second['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers
    )
    assert twice.status_code == 409
    assert client.get(f"/api/applications/{second['id']}", headers=resident.headers).json()["state"] == "submitted"


def test_m04_is_paid_once_per_hired_person_across_employers(client, people) -> None:
    import copy

    from yinren.demo import facts

    first = facts.hiring_firm(501, 1)
    second = copy.deepcopy(first)
    second_id = facts.enterprise_id(502)
    second["enterprise"]["enterprise_id"] = second_id
    for row in second["enterprise"]["employments"]:
        row["employer_id"] = second_id
    firm_a = people.login("employer", enterprise_id=first["enterprise"]["enterprise_id"])
    firm_b = people.login("employer", enterprise_id=second_id)
    reviewer = people.login("reviewer", department="市人社局")
    body = application_body(firm_a, "m04_hiring_subsidy", facts=first, as_of="2024-12-31", submit=True)
    case = client.post("/api/applications", json=body, headers=firm_a.headers).json()
    assert case["precheck_amount_fen"] == 150_000, case["precheck"]
    approved = client.post(
        f"/api/review/cases/{case['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers
    )
    assert approved.status_code == 200, approved.text
    body = application_body(firm_b, "m04_hiring_subsidy", facts=second, as_of="2024-12-31", submit=True)
    other = client.post("/api/applications", json=body, headers=firm_b.headers).json()
    assert other["precheck_eligible"] is False  # the ledger's receipt names the hired person
    refused = client.post(
        f"/api/review/cases/{other['id']}/decide", json={"decision": "approve"}, headers=reviewer.headers
    )
    assert refused.status_code == 409


def test_the_201_body_is_the_case_as_stored(client, people) -> None:
    """The answer to a submission is built from the objects just written; it must equal the case read back."""
    resident = people.login("resident")
    created = _submit(client, resident)
    assert [e["to_state"] for e in created["events"]] == ["draft", "submitted"]
    assert created["payments"] == []
    stored = client.get(f"/api/applications/{created['id']}", headers=resident.headers).json()
    assert created == stored
    draft = client.post("/api/applications", json=application_body(resident), headers=resident.headers).json()
    assert [e["to_state"] for e in draft["events"]] == ["draft"]
    assert draft == client.get(f"/api/applications/{draft['id']}", headers=resident.headers).json()
