"""Kill -9 the server while it marks a disbursement batch paid; restart; finish: every entry is paid
exactly once and none is lost."""

from __future__ import annotations

import contextlib
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select

from tests.helpers import Server
from yinren.audit.service import verify
from yinren.kit.actor import SYSTEM
from yinren.ledger import service as ledger
from yinren.models import AuditEntry, EntryState, PaymentEntry
from yinren.offers import service as offers
from yinren.offers.schemas import ConfirmRequest

ENTRIES = 30


def _prepare_batch(db, people) -> tuple[int, dict[str, str]]:  # type: ignore[no-untyped-def]
    firm = people.login("employer")
    admin = people.login("admin")
    head = people.login("department_head", department="市人社局")
    rows = [
        {
            "measure_id": "m04_hiring_subsidy",
            "beneficiary_id": firm.enterprise_id,
            "source_id": f"15010220020101{number:03d}X",
            "period": "",
            "value": "150000",
            "amount_fen": 150_000,
        }
        for number in range(ENTRIES)
    ]
    from yinren.accounts.repository import AccountRepository
    from yinren.accounts.service import actor_of

    with db.transaction() as session:
        offers.import_rows(session, SYSTEM, rows, "crash")
        head_actor = actor_of(AccountRepository(session).user_by_username(head.username))
        firm_actor = actor_of(AccountRepository(session).user_by_username(firm.username))
        confirmed, _ = offers.confirm(session, head_actor, ConfirmRequest(all_offered=True))
        for offer_id in confirmed:
            offers.accept(session, firm_actor, offer_id, "6222020200112233445")
        batch = ledger.create_batch(session, head_actor, None, None, 10_000)
    return batch.id, admin.headers


def _paid(db) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).where(PaymentEntry.state == EntryState.PAID)) or 0)


@pytest.mark.slow
def test_kill_during_batch_payment_then_resume(database_url, people, db) -> None:
    batch_id, admin = _prepare_batch(db, people)
    server = Server(database_url, YINREN_PAY_ENTRY_DELAY="0.1").start()
    try:
        url = f"{server.url}/api/batches/{batch_id}/pay"
        caller = threading.Thread(target=lambda: _swallow(url, admin), daemon=True)
        caller.start()
        deadline = time.monotonic() + 60
        while _paid(db) < ENTRIES // 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        caller.join(10)
    finally:
        server.kill()
    paid_at_crash = _paid(db)
    assert 0 < paid_at_crash < ENTRIES, "the crash must land in the middle of the batch"

    with Server(database_url) as restarted:
        response = httpx.post(f"{restarted.url}/api/batches/{batch_id}/pay", headers=admin, timeout=120)
        assert response.status_code == 200, response.text
        assert response.json()["paid_now"] == ENTRIES - paid_at_crash
        assert response.json()["batch"]["state"] == "paid"
        again = httpx.post(f"{restarted.url}/api/batches/{batch_id}/pay", headers=admin, timeout=120)
        assert again.status_code == 200 and again.json()["paid_now"] == 0

    with db.transaction() as session:
        states = session.scalars(select(PaymentEntry.state).where(PaymentEntry.batch_id == batch_id)).all()
        assert states == ["paid"] * ENTRIES
        paid_lines = session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "ledger.entry.paid")).all()
        assert sorted(paid_lines) == sorted({str(i) for i in paid_lines}) and len(paid_lines) == ENTRIES
        assert verify(session).ok


def _swallow(url: str, headers: dict[str, str]) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server is killed under this request
        httpx.post(url, headers=headers, timeout=120)
