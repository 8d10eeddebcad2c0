"""Every endpoint × every role: who gets in (any answer but 401/403) and who is refused.

The matrix must name every route of the API: a new endpoint without a row here fails the test.
"""

from __future__ import annotations

import io

import polars as pl
import pytest

from tests.helpers import PASSWORD, application_body
from yinren.demo import facts

ROLES = ("anonymous", "resident", "employer", "reviewer", "department_head", "supervisor", "admin")
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
APPLICANTS = frozenset({"resident", "employer"})
STAFF = frozenset({"reviewer", "department_head"})
CASE_READERS = APPLICANTS | STAFF | {"supervisor"}
LEDGER_READERS = frozenset({"department_head", "supervisor", "admin"})
BOARD_READERS = frozenset({"supervisor", "admin"})
TARGET_READERS = STAFF | BOARD_READERS
REPORTERS = STAFF | {"admin"}
ADMIN = frozenset({"admin"})

# (method, path template, body or "parquet", roles allowed)
MATRIX: list[tuple[str, str, object, frozenset[str]]] = [
    ("GET", "/api/measures", None, EVERYONE),
    ("GET", "/api/measures/{measure}", None, EVERYONE),
    ("POST", "/api/check", "check", EVERYONE),
    ("POST", "/api/auth/login", "login", EVERYONE),
    ("POST", "/api/auth/token", "login", EVERYONE),
    ("GET", "/api/auth/me", None, LOGGED_IN),
    ("POST", "/api/auth/logout", None, LOGGED_IN),
    ("GET", "/api/admin/users", None, frozenset({"admin"})),
    ("POST", "/api/admin/users", "user", frozenset({"admin"})),
    ("POST", "/api/applications", "application", APPLICANTS),
    ("GET", "/api/applications", None, APPLICANTS),
    ("GET", "/api/applications/{case}", None, CASE_READERS),
    ("PATCH", "/api/applications/{case}", {"attachments": []}, APPLICANTS),
    ("POST", "/api/applications/{case}/submit", None, APPLICANTS),
    ("POST", "/api/applications/{case}/withdraw", None, APPLICANTS),
    ("GET", "/api/review/queue", None, STAFF),
    ("GET", "/api/review/cases/{case}", None, STAFF),
    ("POST", "/api/review/cases/{case}/take", None, STAFF),
    ("POST", "/api/review/cases/{case}/decide", {"decision": "return", "reason": "补材料"}, STAFF),
    ("POST", "/api/offers/import", "parquet", frozenset({"admin"})),
    ("GET", "/api/offers", None, LOGGED_IN),
    ("GET", "/api/offers/{offer}", None, LOGGED_IN),
    ("POST", "/api/offers/confirm", {"offer_ids": [1]}, STAFF),
    ("POST", "/api/offers/{offer}/accept", {"payee_account": "6222020200112233445"}, APPLICANTS),
    ("POST", "/api/offers/{offer}/decline", None, APPLICANTS),
    ("POST", "/api/offers/{offer}/withdraw", {"reason": "不再符合"}, STAFF),
    ("GET", "/api/payments", None, LOGGED_IN),
    ("POST", "/api/batches", {}, frozenset({"department_head", "admin"})),
    ("GET", "/api/batches", None, LEDGER_READERS),
    ("GET", "/api/batches/{batch}", None, LEDGER_READERS),
    ("GET", "/api/batches/{batch}/export", None, LEDGER_READERS),
    ("POST", "/api/batches/{batch}/pay", None, frozenset({"admin"})),
    ("GET", "/api/supervision/summary", None, frozenset({"supervisor"})),
    ("GET", "/api/supervision/applications", None, frozenset({"supervisor"})),
    ("GET", "/api/supervision/board", None, BOARD_READERS),
    ("GET", "/api/supervision/indicators", None, BOARD_READERS),
    ("GET", "/api/supervision/targets", None, TARGET_READERS),
    ("POST", "/api/supervision/targets", None, ADMIN),
    ("GET", "/api/supervision/targets/{target_id}", None, TARGET_READERS),
    ("PATCH", "/api/supervision/targets/{target_id}", None, ADMIN),
    ("POST", "/api/supervision/targets/{target_id}/retire", None, ADMIN),
    ("GET", "/api/supervision/targets/{target_id}/revisions", None, TARGET_READERS),
    ("GET", "/api/supervision/targets/{target_id}/reports", None, TARGET_READERS),
    ("POST", "/api/supervision/targets/{target_id}/reports", None, REPORTERS),
    ("POST", "/api/supervision/reports/{report_id}/correct", None, REPORTERS),
    ("POST", "/api/supervision/reports/{report_id}/evidence", None, REPORTERS),
    ("GET", "/api/supervision/evidence/{evidence_id}", None, TARGET_READERS),
    ("GET", "/api/audit/verify", None, frozenset({"supervisor", "admin"})),
    ("GET", "/api/audit/log", None, frozenset({"supervisor", "admin"})),
]


def test_matrix_names_every_route(client) -> None:
    described = {(method.upper(), path) for path, item in client.app.openapi()["paths"].items() for method in item}
    renames = {"{case}": "{application_id}", "{offer}": "{offer_id}", "{batch}": "{batch_id}"}
    named = set()
    for method, path, _, _ in MATRIX:
        for short, long in {**renames, "{measure}": "{measure_id}"}.items():
            path = path.replace(short, long)
        named.add((method, path))
    assert described == named


def _parquet() -> bytes:
    frame = pl.DataFrame(
        {
            "measure_id": ["m04_hiring_subsidy"],
            "beneficiary_id": ["911501000000099990"],
            "source_id": ["150102200201010017"],
            "period": [""],
            "value": ["150000"],
            "amount_fen": [150_000],
        }
    )
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(client, people):  # type: ignore[no-untyped-def]
    """One user per role, a 市人社局 case of the resident's, an offer and a batch to aim at."""
    users = {role: people.login(role, department="市人社局" if role in STAFF else None) for role in ROLES[1:]}
    case = client.post(
        "/api/applications", json=application_body(users["resident"], submit=True), headers=users["resident"].headers
    ).json()["id"]
    client.post(
        "/api/offers/import", files={"file": ("o.parquet", _parquet())}, headers=users["admin"].headers
    ).raise_for_status()
    offer = client.get("/api/offers", headers=users["admin"].headers).json()[0]["id"]
    ids = {"case": case, "offer": offer, "batch": 1, "measure": "m10_graduate_rent"}
    return users, {**ids, "target_id": 1, "report_id": 1, "evidence_id": 1}


def _body(kind: object, role: str, users) -> dict[str, object]:  # type: ignore[no-untyped-def]
    if kind == "check":
        return {"json": {"as_of": "2024-06-30", **users["resident"].facts}}
    if kind == "login":
        user = users["resident" if role == "anonymous" else role]
        return {"json": {"username": user.username, "password": PASSWORD}}
    if kind == "user":
        return {
            "json": {"username": f"new_{role}", "password": "long enough", "role": "supervisor", "display_name": "x"}
        }
    if kind == "application" and role == "employer":
        firm = facts.enterprise(users["employer"].enterprise_id)
        firm["certifications"] = [{"level": "innovative_sme", "recognized_on": "2023-12-01"}]
        return {"json": application_body(users["employer"], "m02_sme_award", facts={"enterprise": firm})}
    if kind == "application":
        return {"json": application_body(users["resident"])}
    if kind == "parquet":
        return {"files": {"file": ("o.parquet", _parquet())}}
    return {"json": kind} if kind is not None else {}


def test_every_endpoint_against_every_role(client, world) -> None:
    users, ids = world
    failures = []
    for method, template, body, allowed in MATRIX:
        path = template.format(**ids)
        for role in ROLES:
            if template == "/api/auth/logout":
                headers = {"Authorization": "Bearer invalid"} if role == "anonymous" else None
                if headers is None:
                    continue  # logging out ends the token the other rows use; see test_logout below
            headers = users[role].headers if role != "anonymous" else {}
            response = client.request(method, path, headers=headers, **_body(body, role, users))
            client.cookies.clear()  # a login row sets a session cookie; every row uses its bearer only
            refused = response.status_code in (401, 403)
            if refused == (role in allowed) or response.status_code >= 500:
                failures.append(f"{method} {path} as {role}: {response.status_code} {response.text[:120]}")
            if role == "anonymous" and role not in allowed:
                assert response.status_code == 401, (method, path)
    assert not failures, "\n".join(failures)


def test_supervisor_changes_nothing(client, world) -> None:
    users, ids = world
    for method, template, body, _ in MATRIX:
        if method == "GET" or template.startswith("/api/auth/") or template == "/api/check":
            continue
        response = client.request(
            method, template.format(**ids), headers=users["supervisor"].headers, **_body(body, "supervisor", users)
        )
        assert response.status_code == 403, (method, template, response.status_code)


def test_logout_ends_the_session(client, people) -> None:
    resident = people.login("resident")
    assert client.post("/api/auth/logout", headers=resident.headers).status_code == 204
    assert client.get("/api/auth/me", headers=resident.headers).status_code == 401
