"""50 concurrent claims of one one-time benefit make exactly one payment, on SQLite and PostgreSQL,
against a real uvicorn (separate connections, real transactions)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from tests.helpers import Server, application_body
from yinren.kit.actor import SYSTEM
from yinren.models import PaymentEntry
from yinren.offers import service as offers
from yinren.offers.schemas import ConfirmRequest

CLAIMS = 50


def _all_at_once(calls: list[tuple[str, dict[str, str], dict[str, object]]]) -> list[int]:
    barrier = threading.Barrier(len(calls))

    def call(item: tuple[str, dict[str, str], dict[str, object]]) -> int:
        url, headers, body = item
        with httpx.Client(timeout=120) as http:
            barrier.wait()
            return http.post(url, json=body, headers=headers).status_code

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(call, calls))


def _live_entries(db, measure_id: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        statement = select(func.count()).where(PaymentEntry.measure_id == measure_id, PaymentEntry.state != "cancelled")
        return int(session.scalar(statement) or 0)


@pytest.mark.slow
def test_fifty_approvals_of_one_purchase_subsidy_pay_once(database_url, client, people, db) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    cases = []
    for _ in range(CLAIMS):
        body = application_body(resident, "m10_graduate_purchase", submit=True)
        response = client.post("/api/applications", json=body, headers=resident.headers)
        assert response.status_code == 201, response.text
        assert response.json()["precheck_amount_fen"] == 2_000_000
        cases.append(response.json()["id"])
    with Server(database_url) as server:
        calls = [
            (f"{server.url}/api/review/cases/{case}/decide", reviewer.headers, {"decision": "approve"})
            for case in cases
        ]
        statuses = _all_at_once(calls)
    assert sorted(statuses) == [200] + [409] * (CLAIMS - 1)
    assert _live_entries(db, "m10_graduate_purchase") == 1


@pytest.mark.slow
def test_fifty_accepts_of_once_per_person_offers_pay_once(database_url, people, db) -> None:
    buyer = people.login("resident")
    head = people.login("department_head", department="市人社局")
    rows = [
        {
            "measure_id": "m10_graduate_purchase",
            "beneficiary_id": buyer.person_id,
            "source_id": f"HP-{number:04d}",  # 50 purchases of one buyer: paid once per person
            "period": "",
            "value": "2000000",
            "amount_fen": 2_000_000,
        }
        for number in range(CLAIMS)
    ]
    with db.transaction() as session:
        offers.import_rows(session, SYSTEM, rows, "concurrency")
    with Server(database_url) as server:
        httpx.post(
            f"{server.url}/api/offers/confirm", json={"all_offered": True}, headers=head.headers
        ).raise_for_status()
        with httpx.Client() as http:
            ids = [row["id"] for row in http.get(f"{server.url}/api/offers?limit=500", headers=buyer.headers).json()]
        assert len(ids) == CLAIMS
        body = {"payee_account": "6222020200112233445"}
        statuses = _all_at_once([(f"{server.url}/api/offers/{i}/accept", buyer.headers, body) for i in ids])
    assert sorted(statuses) == [200] + [409] * (CLAIMS - 1)
    assert _live_entries(db, "m10_graduate_purchase") == 1


def test_confirm_request_needs_ids_or_all() -> None:
    with pytest.raises(ValueError):
        ConfirmRequest()
