"""The department's queries on the real schema: the queue's filters, throughput and payments waiting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from tests.helpers import application_body
from yinren.accounts import service as accounts
from yinren.accounts.repository import AccountRepository
from yinren.department import service
from yinren.department.schemas import QueueFilter
from yinren.kit.actor import Actor
from yinren.ledger import service as ledger
from yinren.models import Application, utcnow


def _actor(db: Any, username: str) -> Actor:
    with db.transaction() as session:
        user = AccountRepository(session).user_by_username(username)
        assert user is not None
        return accounts.actor_of(user)


def _submit(client: Any, person: Any, **extra: Any) -> int:
    response = client.post(
        "/api/applications", json=application_body(person, submit=True, **extra), headers=person.headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _decide(client: Any, reviewer: Any, case: int, decision: str, reason: str | None = None) -> None:
    body = {"decision": decision, **({"reason": reason} if reason else {})}
    response = client.post(f"/api/review/cases/{case}/decide", json=body, headers=reviewer.headers)
    assert response.status_code == 200, response.text


def _backdate(db: Any, case: int, submitted_days_ago: int, decided_days_ago: int | None = None) -> None:
    now = utcnow()
    values: dict[str, Any] = {"submitted_at": now - timedelta(days=submitted_days_ago)}
    if decided_days_ago is not None:
        values["decided_at"] = now - timedelta(days=decided_days_ago)
    with db.transaction() as session:
        session.execute(update(Application).where(Application.id == case).values(**values))


def test_queue_filters_by_state_measure_and_age_within_the_department(client: Any, people: Any, db: Any) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    old, fresh = _submit(client, resident), _submit(client, resident, as_of="2024-07-31")
    purchase = _submit(client, resident, measure_id="m10_graduate_purchase")
    _backdate(db, old, 10)
    other = people.login("reviewer", department="市住建局")
    actor, outsider = _actor(db, reviewer.username), _actor(db, other.username)
    with db.transaction() as session:
        assert [r.id for r in service.queue(session, actor, QueueFilter()).rows] == [old, fresh, purchase]
        aged = service.queue(session, actor, QueueFilter(min_age_days=7))
        assert ([r.id for r in aged.rows], aged.total) == ([old], 1)
        rent = service.queue(session, actor, QueueFilter(measure_id="m10_graduate_rent"))
        assert [r.id for r in rent.rows] == [old, fresh]
        assert service.queue(session, actor, QueueFilter(states=("approved",))).total == 0
        assert service.queue(session, outsider, QueueFilter()).total == 0
        assert service.measures_of(session, actor, [old, fresh, purchase]) == {
            "m10_graduate_rent",
            "m10_graduate_purchase",
        }
        assert service.measures_of(session, outsider, [old]) == set()


def test_queue_pages_hold_twenty_cases(client: Any, people: Any, db: Any) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    months = [f"2024-{m:02d}-28" for m in range(1, 13)] + [f"2023-{m:02d}-28" for m in range(9, 13)]
    months += [f"2025-{m:02d}-28" for m in range(1, 8)]
    ids = [_submit(client, resident, as_of=month) for month in months]
    actor = _actor(db, reviewer.username)
    with db.transaction() as session:
        first = service.queue(session, actor, QueueFilter())
        second = service.queue(session, actor, QueueFilter(page=2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (23, 2, 20, 3)
    assert [r.id for r in first.rows] + [r.id for r in second.rows] == ids


def test_statistics_count_cases_decisions_days_and_payments(client: Any, people: Any, db: Any) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    head = people.login("department_head", department="市人社局")
    approved, rejected = _submit(client, resident), _submit(client, resident, as_of="2024-07-31")
    _submit(client, resident, as_of="2024-08-31")  # submitted, not decided: counted in, not decided
    _decide(client, reviewer, approved, "approve")
    _decide(client, reviewer, rejected, "reject", "材料不全。")
    _backdate(db, approved, 6, 2)  # four days to decide
    _backdate(db, rejected, 3, 1)  # two days
    head_actor = _actor(db, head.username)
    with db.transaction() as session:
        batch = ledger.create_batch(session, head_actor, None, "m10_graduate_rent", 100)
    ledger.pay_batch(db, _finance(people, db), batch.id)
    with db.transaction() as session:
        stats = service.statistics(session, head_actor)
    assert (stats.total.cases_in, stats.total.decided, stats.total.approved, stats.total.rejected) == (3, 2, 1, 1)
    assert stats.total.average_days == 3.0
    assert (stats.total.paid_fen, stats.total.paid_entries) == (30_000, 1)
    [rent] = stats.by_measure
    assert (rent.key, rent.cases_in, rent.decided, rent.paid_fen) == ("m10_graduate_rent", 3, 2, 30_000)
    month = utcnow().strftime("%Y-%m")
    by_month = {row.key: row for row in stats.by_month}
    assert by_month[month].cases_in + sum(r.cases_in for k, r in by_month.items() if k != month) == 3
    assert sum(row.decided for row in stats.by_month) == 2
    assert sum(row.paid_fen for row in stats.by_month) == 30_000


def _finance(people: Any, db: Any) -> Actor:
    admin = people.login("admin")
    return _actor(db, admin.username)


def test_other_departments_statistics_are_their_own(client: Any, people: Any, db: Any) -> None:
    resident = people.login("resident")
    _submit(client, resident)
    housing = people.login("department_head", department="市住建局")
    with db.transaction() as session:
        stats = service.statistics(session, _actor(db, housing.username))
    assert (stats.department, stats.total.cases_in, stats.by_measure, stats.by_month) == ("市住建局", 0, [], [])


def test_pending_payments_per_measure_for_the_head_and_the_finance_office(client: Any, people: Any, db: Any) -> None:
    resident = people.login("resident")
    reviewer = people.login("reviewer", department="市人社局")
    for month in ("2024-06-30", "2024-07-31"):
        _decide(client, reviewer, _submit(client, resident, as_of=month), "approve")
    head = _actor(db, people.login("department_head", department="市人社局").username)
    housing = _actor(db, people.login("department_head", department="市住建局").username)
    finance = _finance(people, db)
    with db.transaction() as session:
        waiting = service.pending_payments(session, head)
        assert [(p.measure_id, p.entries, p.total_fen) for p in waiting] == [("m10_graduate_rent", 2, 60_000)]
        assert service.pending_payments(session, housing) == []
        assert service.pending_payments(session, finance) == waiting
