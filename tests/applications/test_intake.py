"""New applications asked for at the same moment are written in one transaction (`applications.intake`),
and each request still gets its own answer: its own refusal, its replay, its 201 only once committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, func, select

from tests.helpers import Person, application_body
from yinren.applications import intake, service
from yinren.applications.repository import ApplicationRepository
from yinren.applications.schemas import ApplicationCreate
from yinren.db import Database
from yinren.errors import Conflict, Forbidden, InvalidInput
from yinren.kit.actor import Actor
from yinren.models import Application, ApplicationEvent, AuditEntry


def _actor(person: Person) -> Actor:
    return Actor(user_id=person.user_id, username=person.username, role="resident", person_id=person.person_id)


def _body(person: Person, **extra: Any) -> ApplicationCreate:
    return ApplicationCreate.model_validate(application_body(person, submit=True, **extra))


def _together(db: Database, asks: list[tuple[Actor, ApplicationCreate]]) -> list[Any]:
    """Every request asked in the same turn of one event loop, as a worker's requests arrive under load."""

    async def ask_all() -> list[Any]:
        calls = [intake.create(db, actor, body, None) for actor, body in asks]
        return await asyncio.gather(*calls, return_exceptions=True)

    return asyncio.run(ask_all())


def _application_inserts(db: Database) -> list[str]:
    """The INSERT statements into applications sent from now on (an executemany counts once)."""
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO applications "):
            sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    return sent


def _count(db: Database, model: type[Any]) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _audited(db: Database) -> list[str]:
    with db.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "application"))
        return sorted(actions)


def test_requests_of_one_moment_share_one_commit(db, people) -> None:
    residents = [people.login("resident") for _ in range(6)]
    inserts = _application_inserts(db)
    outcomes = _together(db, [(_actor(r), _body(r)) for r in residents])
    assert all(isinstance(o, service.Created) and o.created for o in outcomes), outcomes
    assert len(inserts) == 1  # all six rows in one statement, so in one transaction
    ids = [o.application.id for o in outcomes]
    assert len(set(ids)) == 6
    for resident, outcome in zip(residents, outcomes, strict=True):
        assert outcome.application.subject_id == resident.person_id
        assert outcome.application.state == "submitted"
        assert [e.to_state for e in outcome.history[0]] == ["draft", "submitted"]
        assert all(e.id is not None for e in outcome.history[0])
    assert _count(db, Application) == 6
    assert _count(db, ApplicationEvent) == 12
    assert _audited(db) == ["application.create"] * 6 + ["application.submitted"] * 6


def test_each_refusal_is_its_own_and_the_others_are_written(db, people) -> None:
    good, other, invalid = (people.login("resident") for _ in range(3))
    reused = _body(good, idempotency_key="taken-key-01")
    assert isinstance(_together(db, [(_actor(good), reused)])[0], service.Created)
    broken = {**invalid.facts, "person": {**invalid.facts["person"], "birth_date": "not a date"}}
    outcomes = _together(
        db,
        [
            (_actor(good), _body(good)),
            (_actor(other), _body(good)),  # another person's facts
            (_actor(invalid), _body(invalid, facts=broken)),
            (_actor(good), _body(good, idempotency_key="taken-key-01", as_of="2024-05-31")),  # a different body
            (_actor(other), _body(other)),
        ],
    )
    assert isinstance(outcomes[0], service.Created) and outcomes[0].created
    assert isinstance(outcomes[1], Forbidden)
    assert isinstance(outcomes[2], InvalidInput)
    assert any("birth_date" in field.field for field in outcomes[2].fields)
    assert isinstance(outcomes[3], Conflict)
    assert isinstance(outcomes[4], service.Created) and outcomes[4].created
    assert _count(db, Application) == 3


def test_one_key_twice_in_one_round_is_one_application(db, people) -> None:
    resident = people.login("resident")
    body = _body(resident, idempotency_key="twice-key-01")
    changed = _body(resident, idempotency_key="twice-key-01", as_of="2024-05-31")
    first, again, different = _together(db, [(_actor(resident), body)] * 2 + [(_actor(resident), changed)])
    assert isinstance(first, service.Created) and first.created
    assert isinstance(again, service.Created) and not again.created
    assert again.application.id == first.application.id
    assert [e.to_state for e in again.history[0]] == ["draft", "submitted"]
    assert isinstance(different, Conflict)
    assert _count(db, Application) == 1


def test_a_failed_round_is_written_again_request_by_request(db, people, monkeypatch) -> None:
    residents = [people.login("resident") for _ in range(4)]
    real = ApplicationRepository.insert_events
    failed: list[int] = []

    def fails_when_many(self: ApplicationRepository, events: list[ApplicationEvent]) -> None:
        if len({e.application_id for e in events}) > 1:
            failed.append(len(events))
            raise RuntimeError("the round's transaction failed")
        real(self, events)

    monkeypatch.setattr(ApplicationRepository, "insert_events", fails_when_many)
    outcomes = _together(db, [(_actor(r), _body(r)) for r in residents])
    assert failed, "the round was not written together"
    assert all(isinstance(o, service.Created) and o.created for o in outcomes), outcomes
    assert _count(db, Application) == 4  # nothing of the failed round remains, each written once alone
    assert _count(db, ApplicationEvent) == 8


def test_a_request_failing_alone_gets_its_failure_and_no_row(db, people, monkeypatch) -> None:
    resident = people.login("resident")

    def fails(self: ApplicationRepository, events: list[ApplicationEvent]) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ApplicationRepository, "insert_events", fails)
    (outcome,) = _together(db, [(_actor(resident), _body(resident))])
    assert isinstance(outcome, RuntimeError)
    assert _count(db, Application) == 0


@pytest.mark.parametrize("rounds", [3])
def test_many_requests_over_the_api_are_each_answered_once(client, people, rounds) -> None:
    from concurrent.futures import ThreadPoolExecutor

    residents = [people.login("resident") for _ in range(8)]
    bodies = [(r, application_body(r, submit=True)) for r in residents for _ in range(rounds)]
    with ThreadPoolExecutor(12) as pool:
        responses = list(
            pool.map(lambda rb: client.post("/api/applications", json=rb[1], headers=rb[0].headers), bodies)
        )
    assert [r.status_code for r in responses] == [201] * len(bodies)
    assert len({r.json()["id"] for r in responses}) == len(bodies)
    for resident in residents:
        own = client.get("/api/applications", headers=resident.headers).json()
        assert len(own) == rounds and {a["state"] for a in own} == {"submitted"}
