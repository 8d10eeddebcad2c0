"""免申即享 offers (spec section 5). Never commits."""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from ..applications import precheck
from ..audit import service as audit
from ..errors import FieldError, Forbidden, InvalidInput, InvalidTransition, NotFound
from ..kit.actor import Actor
from ..ledger import service as ledger
from ..models import Offer, OfferState, utcnow
from .repository import OfferRepository
from .schemas import ConfirmRequest, ImportResult

REQUIRED_COLUMNS = ("measure_id", "beneficiary_id", "source_id", "period", "value", "amount_fen")
Of = OfferState


def read_parquet(content: bytes) -> list[dict[str, Any]]:
    try:
        frame = pl.read_parquet(io.BytesIO(content))
    except Exception as error:  # polars raises several kinds for a file that is not Parquet
        raise InvalidInput(
            [FieldError("body.file", f"无法读取 Parquet 文件：{error}", f"Not a readable Parquet file: {error}")]
        ) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise InvalidInput(
            [FieldError("body.file", f"缺少列：{', '.join(missing)}", f"Missing columns: {', '.join(missing)}")]
        )
    return frame.to_dicts()


def _row_problem(row: dict[str, Any]) -> str | None:
    try:
        info = precheck.measure(str(row.get("measure_id")))
    except NotFound:
        return f"unknown measure {row.get('measure_id')!r}"
    amount = row.get("amount_fen")
    if not isinstance(amount, int) or amount < 0:
        return "amount_fen must be a non-negative integer"
    if info.kind == "cash" and amount == 0:
        return "a cash result of 0 is not an offer"
    if not row.get("beneficiary_id") or not row.get("source_id"):
        return "beneficiary_id and source_id are required"
    if info.frequency == "monthly" and not row.get("period"):
        return "a monthly measure needs its period"
    return None


def import_rows(
    session: Session, actor: Actor, rows: Sequence[dict[str, Any]], run_id: str | None = None
) -> ImportResult:
    """Load a match run's offers: new identities are offered; a changed result supersedes the live offer."""
    run_id = run_id or f"run-{utcnow():%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    repository = OfferRepository(session)
    result = ImportResult(run_id=run_id, rows=len(rows), created=0, unchanged=0, superseded=0, kept=0, rejected=[])
    valid = []
    for number, row in enumerate(rows, start=1):
        problem = _row_problem(row)
        if problem:
            result.rejected.append({"row": str(number), "reason": problem})
        else:
            valid.append(row)
    identity = [_identity(row) for row in valid]
    live = repository.live_by_identity(identity)
    new_offers: list[Offer] = []
    replaced: list[tuple[Offer, Offer]] = []
    for row, key in zip(valid, identity, strict=True):
        old = live.get(key)
        offer = _offer(row, key, run_id)
        if old is None:
            new_offers.append(offer)
        elif (old.value, old.amount_fen) == (offer.value, offer.amount_fen):
            result.unchanged += 1
        elif old.state in (Of.OFFERED, Of.CONFIRMED):
            old.state = Of.SUPERSEDED
            replaced.append((old, offer))
        else:
            result.kept += 1
        live[key] = old or offer
    repository.flush()  # superseded rows leave the live index before their successors arrive
    repository.add_all(new_offers + [offer for _, offer in replaced])
    repository.flush()
    for old, offer in replaced:
        old.superseded_by_id = offer.id
    result.created = len(new_offers)
    result.superseded = len(replaced)
    audit.record(
        session,
        actor,
        "offer.import",
        "offer_run",
        run_id,
        **result.model_dump(exclude={"rejected", "run_id"}),
    )
    return result


def _identity(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        str(row["measure_id"]),
        str(row["beneficiary_id"]),
        str(row["source_id"]),
        str(row.get("period") or ""),
    )


def _offer(row: dict[str, Any], key: tuple[str, str, str, str], run_id: str) -> Offer:
    info = precheck.measure(key[0])
    return Offer(
        run_id=run_id,
        measure_id=key[0],
        beneficiary_id=key[1],
        source_id=key[2],
        period=key[3],
        value=str(row["value"]),
        amount_fen=int(row["amount_fen"]),
        kind=info.kind,
        lead_department=info.lead_department,
        policy_version=str(row.get("policy_version") or precheck.policy_version()),
        state=Of.OFFERED,
    )


def _get(session: Session, offer_id: int, lock: bool = False) -> Offer:
    offer = OfferRepository(session).get(offer_id, lock=lock)
    if offer is None:
        raise NotFound(f"待遇 {offer_id}", f"Offer {offer_id}")
    return offer


def _staff_offer(session: Session, actor: Actor, offer_id: int, lock: bool = False) -> Offer:
    offer = _get(session, offer_id, lock)
    if offer.lead_department != actor.department:
        raise Forbidden("该待遇由其他部门办理。", "This offer belongs to another department.")
    return offer


def _beneficiary_offer(session: Session, actor: Actor, offer_id: int, lock: bool = False) -> Offer:
    offer = _get(session, offer_id, lock)
    if offer.beneficiary_id != actor.subject_id or offer.state in (Of.OFFERED, Of.SUPERSEDED):
        raise NotFound(f"待遇 {offer_id}", f"Offer {offer_id}")
    return offer


def get_offer(session: Session, actor: Actor, offer_id: int) -> Offer:
    if actor.role in ("resident", "employer"):
        return _beneficiary_offer(session, actor, offer_id)
    if actor.role in ("reviewer", "department_head"):
        offer = _staff_offer(session, actor, offer_id)
    elif actor.role in ("supervisor", "admin"):
        offer = _get(session, offer_id)
    else:
        raise Forbidden()
    audit.record(session, actor, "read.offer", "offer", offer.id, beneficiary_id=offer.beneficiary_id)
    return offer


def confirm(session: Session, actor: Actor, request: ConfirmRequest) -> tuple[list[int], list[dict[str, str | int]]]:
    """Confirm offers of the actor's department, one by one or all that are offered."""
    repository = OfferRepository(session)
    ids = list(request.offer_ids)
    if request.all_offered:
        ids += repository.offered_ids(actor.department or "", request.measure_id)
    confirmed: list[int] = []
    skipped: list[dict[str, str | int]] = []
    offers = {offer.id: offer for offer in repository.many(sorted(set(ids)))}
    now = utcnow()
    for offer_id in sorted(set(ids)):
        offer = offers.get(offer_id)
        if offer is None:
            skipped.append({"id": offer_id, "reason": "not found"})
        elif offer.lead_department != actor.department:
            skipped.append({"id": offer_id, "reason": "another department's offer"})
        elif offer.state != Of.OFFERED:
            skipped.append({"id": offer_id, "reason": f"state is {offer.state}"})
        else:
            offer.state, offer.confirmed_by_id, offer.confirmed_at = Of.CONFIRMED, actor.user_id, now
            confirmed.append(offer_id)
    if confirmed:
        audit.record(session, actor, "offer.confirm", "offer", "bulk", ids=confirmed)
    return confirmed, skipped


def accept(session: Session, actor: Actor, offer_id: int, payee_account: str | None) -> Offer:
    offer = _beneficiary_offer(session, actor, offer_id, lock=True)
    if offer.state != Of.CONFIRMED:
        raise InvalidTransition("待遇", "offer", offer.state, "accept")
    info = precheck.measure(offer.measure_id)
    if info.kind == "cash" and not payee_account:
        raise InvalidInput(
            [
                FieldError(
                    "body.payee_account",
                    "请填写收款账户。",
                    "A payee account is required for a cash benefit.",
                )
            ]
        )
    offer.state, offer.responded_at, offer.payee_account = Of.ACCEPTED, utcnow(), payee_account
    audit.record(session, actor, "offer.accept", "offer", offer.id)
    if info.kind == "cash":
        unit = precheck.Unit(offer.beneficiary_id, offer.source_id, offer.period, offer.value, offer.amount_fen)
        ledger.create_entries(
            session,
            actor,
            info,
            [unit],
            ledger.Origin(offer_id=offer.id),
            utcnow().date(),
            offer.policy_version,
            payee_account,
        )
    return offer


def decline(session: Session, actor: Actor, offer_id: int) -> Offer:
    offer = _beneficiary_offer(session, actor, offer_id, lock=True)
    if offer.state != Of.CONFIRMED:
        raise InvalidTransition("待遇", "offer", offer.state, "decline")
    offer.state, offer.responded_at = Of.DECLINED, utcnow()
    audit.record(session, actor, "offer.decline", "offer", offer.id)
    return offer


def withdraw(session: Session, actor: Actor, offer_id: int, reason: str) -> Offer:
    offer = _staff_offer(session, actor, offer_id, lock=True)
    if offer.state not in (Of.OFFERED, Of.CONFIRMED):
        raise InvalidTransition("待遇", "offer", offer.state, "withdraw")
    offer.state, offer.reason = Of.WITHDRAWN, reason
    audit.record(session, actor, "offer.withdraw", "offer", offer.id, reason=reason)
    return offer


def search(
    session: Session, actor: Actor, states: Sequence[str], measure_id: str | None, limit: int, offset: int
) -> Sequence[Offer]:
    repository = OfferRepository(session)
    if actor.role in ("resident", "employer"):
        visible = [state for state in (states or OfferState) if state not in (Of.OFFERED, Of.SUPERSEDED)]
        return repository.search(
            beneficiary_id=actor.subject_id or "",
            states=visible,
            measure_id=measure_id,
            limit=limit,
            offset=offset,
        )
    department = actor.department if actor.role in ("reviewer", "department_head") else None
    rows = repository.search(department=department, states=states, measure_id=measure_id, limit=limit, offset=offset)
    audit.record(session, actor, "read.offers", "offer", "list", ids=[row.id for row in rows])
    return rows
