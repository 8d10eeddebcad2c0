"""Application workflow (spec section 5). Never commits: the request dependency does."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..audit import service as audit
from ..errors import Conflict, FieldError, Forbidden, InvalidInput, InvalidTransition, NotFound, YinrenError
from ..kit.actor import Actor
from ..ledger import service as ledger
from ..models import Application, ApplicationEvent, ApplicationState, PaymentEntry, utcnow
from . import precheck
from .repository import ApplicationRepository
from .schemas import ApplicationCreate, ApplicationUpdate, Decision

S = ApplicationState
EDITABLE = (S.DRAFT, S.RETURNED)
WITHDRAWABLE = (S.DRAFT, S.SUBMITTED, S.RETURNED)
QUEUE_STATES = (S.SUBMITTED, S.IN_REVIEW)
SUBJECT_KEY = {"person": "person_id", "enterprise": "enterprise_id"}
History = tuple[Sequence[ApplicationEvent], Sequence[PaymentEntry]]


def _today() -> date:
    return utcnow().date()


def _request_hash(data: ApplicationCreate) -> str:
    payload = data.model_dump(mode="json", include={"measure_id", "facts", "attachments", "as_of"})
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _measure(measure_id: str) -> precheck.MeasureInfo:
    try:
        return precheck.measure(measure_id)
    except NotFound:
        raise InvalidInput(
            [FieldError("body.measure_id", f"没有措施 {measure_id}。", f"There is no measure {measure_id}.")]
        ) from None


def _subject(actor: Actor, facts: dict[str, Any], info: precheck.MeasureInfo) -> tuple[str, str]:
    """The applicant's own person or enterprise, which must be the measure's beneficiary kind."""
    kind = "person" if "person" in facts else "enterprise"
    if kind != info.beneficiary:
        raise InvalidInput(
            [
                FieldError(
                    f"body.facts.{kind}",
                    f"{info.id} 的受益对象是{'个人' if info.beneficiary == 'person' else '企业'}。",
                    f"{info.id} benefits a {info.beneficiary}; give the facts of a {info.beneficiary}.",
                )
            ]
        )
    expected = "person" if actor.role == "resident" else "enterprise"
    if kind != expected:
        raise Forbidden(
            "居民为本人申请，企业为本企业申请。",
            "Residents apply for themselves, employers for their enterprise.",
        )
    subject_id = facts[kind].get(SUBJECT_KEY[kind])
    if subject_id != actor.subject_id:
        raise Forbidden(
            "只能为本人（本企业）申请：事实中的证件号与账户不符。",
            "You may apply only for yourself (your enterprise): the ID in the facts is not yours.",
        )
    return kind, str(subject_id)


def _check_as_of(as_of: date | None) -> date:
    today = _today()
    if as_of is not None and as_of > today:
        raise InvalidInput([FieldError("body.as_of", "评估日期不能晚于今天。", "as_of cannot be after today.")])
    return as_of or today


def _event(
    session: Session,
    application: Application,
    actor: Actor,
    to_state: str,
    reason: str | None = None,
    snapshot: dict[str, Any] | None = None,
) -> None:
    ApplicationRepository(session).add(
        _transition(session, application, actor, application.state, to_state, reason, snapshot)
    )
    application.state = to_state
    application.updated_at = utcnow()


def _transition(
    session: Session,
    application: Application,
    actor: Actor,
    from_state: str,
    to_state: str,
    reason: str | None = None,
    snapshot: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """The case's event of one change of state (for the caller to store), its audit line recorded."""
    audit.record(
        session,
        actor,
        f"application.{to_state}",
        "application",
        application.id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    return ApplicationEvent(
        application_id=application.id,
        actor_id=actor.user_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        snapshot=snapshot,
        at=utcnow(),
    )


def create(session: Session, actor: Actor, data: ApplicationCreate, header_key: str | None) -> tuple[Application, bool]:
    """Create (and optionally submit) an application; a repeated idempotency key returns the first one."""
    outcome = create_many(session, [(actor, data, header_key)])[0]
    if isinstance(outcome, YinrenError):
        raise outcome
    return outcome.application, outcome.created


@dataclass(frozen=True, slots=True)
class Created:
    """A create request's answer: the application, whether this request made it, and its history."""

    application: Application
    created: bool
    history: History


@dataclass(slots=True)
class _New:
    """A request's new application, not yet written."""

    actor: Actor
    application: Application
    submit: bool
    snapshot: dict[str, Any] | None = None


Request = tuple[Actor, ApplicationCreate, str | None]
_Made = Application | _New | YinrenError  # the stored application (a replay), a new one, or a refusal


def create_many(session: Session, requests: Sequence[Request]) -> list[Created | YinrenError]:
    """`create` for each request, in one transaction, each kind of statement once for all of them.

    A request's expected refusal is its own answer. That is safe because nothing of a request is written
    before its last refusal could be raised: keys, subjects and pre-checks are settled first; then the new
    applications, their events and their audit lines are written together.
    """
    taken = _taken_keys(session, requests)
    made: list[_Made] = []
    for actor, data, header_key in requests:
        try:
            made.append(_new_or_replay(session, actor, data, header_key, taken))
        except YinrenError as error:
            made.append(error)
    _precheck_submitted(session, made)
    _write_new(session, made)
    return [_created(session, item) for item in made]


def _new_or_replay(
    session: Session, actor: Actor, data: ApplicationCreate, header_key: str | None, taken: set[tuple[int, str]]
) -> Application | _New:
    """The application stored under the request's idempotency key, or the new one it asks for (unwritten).

    ``taken``: the keys already used, looked up for all requests at once; a key not in it is not looked
    up again (one taken meanwhile is caught by the insert)."""
    key = _idempotency_key(data.idempotency_key, header_key)
    request_hash = _request_hash(data)
    if (actor.user_id or 0, key) in taken:
        existing = ApplicationRepository(session).by_idempotency_key(actor.user_id or 0, key)
        if existing is not None:
            return _replay(existing, request_hash)
    info = _measure(data.measure_id)
    kind, subject_id = _subject(actor, data.facts, info)
    as_of = _check_as_of(data.as_of)
    if not data.submit:
        precheck.calculate(_strip_receipts(data.facts), as_of, prefix="body.facts")
    now = utcnow()
    application = Application(
        applicant_id=actor.user_id,
        idempotency_key=key,
        request_hash=request_hash,
        measure_id=info.id,
        department=info.lead_department,
        subject_kind=kind,
        subject_id=subject_id,
        facts=data.facts,
        attachments=[item.model_dump(mode="json") for item in data.attachments],
        as_of=data.as_of,
        state=S.DRAFT,
        reason=None,
        reviewer_id=None,
        precheck=None,
        precheck_eligible=None,
        precheck_amount_fen=None,
        policy_version=None,
        submissions=0,
        created_at=now,
        updated_at=now,
        submitted_at=None,
        decided_at=None,
    )
    return _New(actor, application, data.submit)


def _precheck_submitted(session: Session, made: list[_Made]) -> None:
    """The engine's pre-check of each new application submitted at once (so that its row is written in its
    final state): the ledger's receipts of all of them read in one query, those of the same measure and day
    evaluated together. A refusal replaces the application."""
    submitted = [(index, item) for index, item in enumerate(made) if isinstance(item, _New) and item.submit]
    book = ledger.receipt_book(session, [_receipt_subjects(item.application) for _, item in submitted])
    asks = []
    for _, item in submitted:
        application = item.application
        as_of = application.as_of or _today()
        asks.append((_document(session, application, as_of, book), application.measure_id, as_of))
    for (index, item), ask, result in zip(submitted, asks, precheck.precheck_many(asks), strict=True):
        if isinstance(result, YinrenError):
            made[index] = result
            continue
        item.snapshot = _prepare_submission(session, item.application, (ask[2], result))
        item.application.state = S.SUBMITTED


def _write_new(session: Session, made: list[_Made]) -> None:
    """The new applications in one statement, then their events and audit lines. One whose key was taken
    meanwhile (by a concurrent request, or an earlier one of these) becomes a replay of the one stored."""
    repository = ApplicationRepository(session)
    new = [(index, item) for index, item in enumerate(made) if isinstance(item, _New)]
    written = repository.insert_new_many([item.application for _, item in new])
    events: list[ApplicationEvent] = []
    for (index, item), was_written in zip(new, written, strict=True):
        if was_written:
            events.extend(_first_events(session, item))
            continue
        application = item.application
        existing = repository.by_idempotency_key(application.applicant_id, application.idempotency_key)
        if existing is None:
            raise RuntimeError("an application conflicted on its idempotency key, yet none holds it")
        try:
            made[index] = _replay(existing, application.request_hash)
        except YinrenError as error:
            made[index] = error
    repository.insert_events(events)


def _first_events(session: Session, item: _New) -> list[ApplicationEvent]:
    """A new application's events (created; submitted), their audit lines recorded."""
    application, actor = item.application, item.actor
    created = ApplicationEvent(
        application_id=application.id, actor_id=actor.user_id, to_state=S.DRAFT, at=application.created_at
    )
    audit.record(session, actor, "application.create", "application", application.id, measure_id=application.measure_id)
    if item.snapshot is None:
        return [created]
    return [created, _transition(session, application, actor, S.DRAFT, S.SUBMITTED, snapshot=item.snapshot)]


def _created(session: Session, item: _Made) -> Created | YinrenError:
    if isinstance(item, YinrenError):
        return item
    if isinstance(item, _New):
        return Created(item.application, True, new_case_history(session, item.application))
    return Created(item, False, case_history(session, item))


def _taken_keys(session: Session, requests: Sequence[Request]) -> set[tuple[int, str]]:
    """Which of the requests' (applicant, idempotency key) pairs are already used: one query for all."""
    pairs = set()
    for actor, data, header_key in requests:
        try:
            pairs.add((actor.user_id or 0, _idempotency_key(data.idempotency_key, header_key)))
        except YinrenError:  # refused again, to its own request, by `_new_or_replay`
            continue
    return ApplicationRepository(session).taken_keys(pairs)


def _idempotency_key(body_key: str | None, header_key: str | None) -> str:
    if body_key and header_key and body_key != header_key:
        raise InvalidInput(
            [
                FieldError(
                    "header.Idempotency-Key",
                    "请求头与请求体中的幂等键不一致。",
                    "The Idempotency-Key header and body.idempotency_key differ.",
                )
            ]
        )
    key = body_key or header_key
    if not key:
        raise InvalidInput(
            [
                FieldError(
                    "body.idempotency_key",
                    "缺少幂等键：请在请求体 idempotency_key 或请求头 Idempotency-Key 中提供。",
                    "An idempotency key is required (body.idempotency_key or the Idempotency-Key header).",
                )
            ]
        )
    return key


def _replay(existing: Application, request_hash: str) -> Application:
    if existing.request_hash != request_hash:
        raise Conflict(
            "该幂等键已用于另一份不同的申请。",
            "This idempotency key was already used for a different application.",
            code="idempotency_key_reused",
        )
    return existing


def _strip_receipts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts without receipts: what was paid comes from the ledger, never from the applicant.

    A new top level and subject, the rest shared with ``facts``: only these two levels are changed here
    and by ``_document``, and the engine does not write to what it reads."""
    document = {key: value for key, value in facts.items() if key != "receipts"}
    for key in ("person", "enterprise"):
        subject = document.get(key)
        if isinstance(subject, dict):
            document[key] = {name: value for name, value in subject.items() if name != "receipts"}
    return document


def _receipt_subjects(application: Application) -> tuple[str, list[str]]:
    """Whose ledger entries the pre-check reads: the subject's own, and for m04 those naming the hired
    persons (an enterprise's employments) as the unit."""
    hired: list[str] = []
    subject = application.facts.get(application.subject_kind)
    if application.subject_kind == "enterprise" and isinstance(subject, dict):
        for row in subject.get("employments", []):
            if isinstance(row, dict):
                person = row.get("person")
                nested = person.get("person_id") if isinstance(person, dict) else None
                hired.append(str(row.get("person_id") or nested or ""))
    return application.subject_id, [person for person in hired if person]


def _document(
    session: Session, application: Application, as_of: date, book: ledger.ReceiptBook | None = None
) -> dict[str, Any]:
    """The facts as the engine reads them, with the ledger's receipts (flat, with beneficiary_id), from
    ``book`` when the caller read them for several applications at once."""
    document = _strip_receipts(application.facts)
    subject_id, hired = _receipt_subjects(application)
    if book is None:
        book = ledger.receipt_book(session, [(subject_id, hired)])
    document["receipts"] = book.receipts(subject_id, hired, as_of)
    return document


def _run_precheck(session: Session, application: Application) -> precheck.Precheck:
    as_of = application.as_of or _today()
    result = precheck.precheck(_document(session, application, as_of), application.measure_id, as_of)
    _store_precheck(application, as_of, result)
    return result


def _store_precheck(application: Application, as_of: date, result: precheck.Precheck) -> None:
    application.precheck = {
        "as_of": as_of.isoformat(),
        "eligible": result.eligible,
        "amount_fen": result.amount_fen,
        "units": [asdict(unit) for unit in result.units],
        "result": result.result,
    }
    application.precheck_eligible = result.eligible
    application.precheck_amount_fen = result.amount_fen
    application.policy_version = result.policy_version


def _own(session: Session, actor: Actor, application_id: int, lock: bool = False) -> Application:
    application = ApplicationRepository(session).get(application_id, lock=lock)
    if application is None or application.applicant_id != actor.user_id:
        raise NotFound(f"申请 {application_id}", f"Application {application_id}")
    return application


def update(session: Session, actor: Actor, application_id: int, data: ApplicationUpdate) -> Application:
    application = _own(session, actor, application_id, lock=True)
    if application.state not in EDITABLE:
        raise InvalidTransition("申请", "application", application.state, "edit")
    if data.facts is not None:
        kind, subject_id = _subject(actor, data.facts, _measure(application.measure_id))
        precheck.calculate(
            _strip_receipts(data.facts), _check_as_of(data.as_of or application.as_of), prefix="body.facts"
        )
        application.facts, application.subject_kind, application.subject_id = data.facts, kind, subject_id
    if data.attachments is not None:
        application.attachments = [item.model_dump(mode="json") for item in data.attachments]
    if data.as_of is not None:
        application.as_of = _check_as_of(data.as_of)
    application.updated_at = utcnow()
    audit.record(session, actor, "application.edit", "application", application.id)
    return application


def submit(session: Session, actor: Actor, application_id: int) -> Application:
    application = _own(session, actor, application_id, lock=True)
    if application.state not in EDITABLE:
        raise InvalidTransition("申请", "application", application.state, "submit")
    _submit(session, actor, application)
    return application


def _submit(session: Session, actor: Actor, application: Application) -> None:
    _event(session, application, actor, S.SUBMITTED, snapshot=_prepare_submission(session, application))


def _prepare_submission(
    session: Session, application: Application, checked: tuple[date, precheck.Precheck] | None = None
) -> dict[str, Any]:
    """Store the engine's pre-check (``checked``: as of when, and its result, when the caller ran it) and
    count the submission; the snapshot for the case's history."""
    if checked is None:
        _run_precheck(session, application)
    else:
        _store_precheck(application, *checked)
    application.submissions += 1
    application.submitted_at = utcnow()
    application.reason = None
    return {"facts": application.facts, "attachments": application.attachments, "as_of": str(application.as_of)}


def withdraw(session: Session, actor: Actor, application_id: int) -> Application:
    application = _own(session, actor, application_id, lock=True)
    if application.state not in WITHDRAWABLE:
        raise InvalidTransition("申请", "application", application.state, "withdraw")
    _event(session, application, actor, S.WITHDRAWN)
    return application


def list_own(session: Session, actor: Actor, states: Sequence[str], limit: int, offset: int) -> Sequence[Application]:
    return ApplicationRepository(session).search(
        applicant_id=actor.user_id or 0, states=states, limit=limit, offset=offset
    )


def _staff_case(session: Session, actor: Actor, application_id: int, lock: bool = False) -> Application:
    application = ApplicationRepository(session).get(application_id, lock=lock)
    if application is None:
        raise NotFound(f"申请 {application_id}", f"Application {application_id}")
    if application.department != actor.department:
        raise Forbidden(
            f"该申请由{application.department}办理，您属于{actor.department}。",
            "This case belongs to another department.",
        )
    return application


def get_case(session: Session, actor: Actor, application_id: int) -> tuple[Application, bool]:
    """The case page: (application, may see whole IDs). Staff and supervisor reads are audited."""
    if actor.role in ("resident", "employer"):
        return _own(session, actor, application_id), True
    if actor.role in ("reviewer", "department_head"):
        application = _staff_case(session, actor, application_id)
    elif actor.role == "supervisor":
        found = ApplicationRepository(session).get(application_id)
        if found is None:
            raise NotFound(f"申请 {application_id}", f"Application {application_id}")
        application = found
    else:
        raise Forbidden()
    audit.record(session, actor, "read.case", "application", application.id, subject_id=application.subject_id)
    return application, True


def case_history(session: Session, application: Application) -> History:
    from ..ledger.repository import LedgerRepository

    events = ApplicationRepository(session).events(application.id)
    return events, LedgerRepository(session).entries_of_application(application.id)


def new_case_history(session: Session, application: Application) -> History:
    """The history of an application created in this session, from the objects just written rather than
    read back: its events (a new application has no payments yet)."""
    return ApplicationRepository(session).written_events(application.id), []


def queue(
    session: Session, actor: Actor, states: Sequence[str], measure_id: str | None, limit: int, offset: int
) -> Sequence[Application]:
    rows = ApplicationRepository(session).search(
        department=actor.department,
        states=states or QUEUE_STATES,
        measure_id=measure_id,
        limit=limit,
        offset=offset,
    )
    audit.record(session, actor, "read.queue", "application", "queue", ids=[row.id for row in rows])
    return rows


def take(session: Session, actor: Actor, application_id: int) -> Application:
    application = _staff_case(session, actor, application_id, lock=True)
    if application.state != S.SUBMITTED:
        raise InvalidTransition("申请", "application", application.state, "take")
    application.reviewer_id = actor.user_id
    _event(session, application, actor, S.IN_REVIEW)
    return application


def decide(session: Session, actor: Actor, application_id: int, decision: Decision) -> Application:
    application = _staff_case(session, actor, application_id, lock=True)
    if application.state == S.SUBMITTED:
        application.reviewer_id = actor.user_id
        _event(session, application, actor, S.IN_REVIEW)
    if application.state != S.IN_REVIEW:
        raise InvalidTransition("申请", "application", application.state, decision.decision)
    if decision.decision == "approve":
        _approve(session, actor, application)
        _event(session, application, actor, S.APPROVED, reason=decision.reason)
    else:
        to_state = S.REJECTED if decision.decision == "reject" else S.RETURNED
        _event(session, application, actor, to_state, reason=decision.reason)
    application.reason = decision.reason
    application.decided_at = utcnow()
    return application


def _approve(session: Session, actor: Actor, application: Application) -> None:
    """Re-run the engine against the ledger as it is now, and write what it pays to the ledger."""
    info = precheck.measure(application.measure_id)
    result = _run_precheck(session, application)
    if info.kind != "cash":
        return
    if not result.units:
        raise Conflict(
            "按现有事实和已发放记录，此申请没有可发放的金额（不符合条件或已领取）；请驳回并说明理由。",
            "The engine finds nothing to pay for this case now (not eligible, or already paid); "
            "reject it with a reason.",
            code="nothing_payable",
        )
    ledger.create_entries(
        session,
        actor,
        info,
        result.units,
        ledger.Origin(application_id=application.id),
        application.as_of or _today(),
        result.policy_version,
    )
