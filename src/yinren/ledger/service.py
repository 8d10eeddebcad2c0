"""Ledger rules: entries that can be claimed only once, capped totals, batches and payment.

Services never commit, with one deliberate exception: ``pay_batch`` marks each entry paid in its own
transaction (through ``Database.transaction``), so that a crash loses at most the entry being written
and a re-run resumes where it stopped; an entry moves ``batched`` → ``paid`` only once.
"""

from __future__ import annotations

import csv
import io
import secrets
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..applications import precheck
from ..applications.repository import ApplicationRepository
from ..audit import service as audit
from ..db import Database
from ..errors import Conflict, Forbidden, NotFound
from ..kit.actor import Actor
from ..models import (
    ONCE_PER_PERSON_KEYS,
    ApplicationEvent,
    ApplicationState,
    BatchState,
    DisbursementBatch,
    EntryState,
    OfferState,
    PaymentEntry,
    utcnow,
)
from ..offers.repository import OfferRepository
from .repository import LedgerRepository


@dataclass(frozen=True, slots=True)
class Origin:
    application_id: int | None = None
    offer_id: int | None = None


def claim_key(measure_id: str, frequency: str, beneficiary_id: str, source_id: str) -> str | None:
    """The key a one-time benefit is paid once for: the person for once-per-person measures, else the unit."""
    if frequency == "monthly":
        return None
    column = ONCE_PER_PERSON_KEYS.get(measure_id, "source_id")
    return beneficiary_id if column == "beneficiary_id" else source_id


class AlreadyClaimed(Conflict):
    code = "already_claimed"

    def __init__(self, measure_id: str) -> None:
        super().__init__(
            f"{measure_id} 的这笔待遇已经发放或已在发放中，不能重复领取。",
            f"This {measure_id} benefit is already paid or being paid; it cannot be paid twice.",
        )


def create_entries(
    session: Session,
    actor: Actor,
    measure: precheck.MeasureInfo,
    units: Sequence[precheck.Unit],
    origin: Origin,
    as_of: date,
    policy_version: str,
    payee_account: str | None = None,
) -> list[PaymentEntry]:
    """Write the payment entries of approved/accepted units; 409 if any was already claimed or capped."""
    repository = LedgerRepository(session)
    max_fen, max_months = precheck.caps(measure.id, as_of)
    entries = []
    try:
        with session.begin_nested():
            for unit in units:
                months = 1 if measure.frequency == "monthly" else 0
                entry = PaymentEntry(
                    measure_id=measure.id,
                    beneficiary_id=unit.beneficiary_id,
                    source_id=unit.source_id,
                    period=unit.period,
                    claim_key=claim_key(measure.id, measure.frequency, unit.beneficiary_id, unit.source_id),
                    amount_fen=unit.amount_fen,
                    months=months,
                    department=measure.lead_department,
                    policy_version=policy_version,
                    application_id=origin.application_id,
                    offer_id=origin.offer_id,
                    state=EntryState.PENDING,
                    payee_account=payee_account,
                )
                repository.add(entry)
                repository.flush()
                if max_fen is not None or max_months is not None:
                    repository.add_to_limit(
                        measure.id, unit.beneficiary_id, unit.amount_fen, months, max_fen, max_months
                    )
                entries.append(entry)
    except IntegrityError:
        raise AlreadyClaimed(measure.id) from None
    for entry in entries:
        audit.record(
            session,
            actor,
            "ledger.entry.create",
            "payment_entry",
            entry.id,
            measure_id=entry.measure_id,
            source_id=entry.source_id,
            period=entry.period,
            amount_fen=entry.amount_fen,
            application_id=entry.application_id,
            offer_id=entry.offer_id,
        )
    return entries


def receipts_for(session: Session, beneficiary_id: str, sources: Sequence[str], as_of: date) -> list[dict[str, object]]:
    """Live ledger entries as engine ``receipts`` rows: paid ones and those already claimed.

    Entries not yet paid count as received, dated no later than ``as_of``, so a claim in progress is not
    offered again.
    """
    return receipt_book(session, [(beneficiary_id, sources)]).receipts(beneficiary_id, sources, as_of)


def receipt_book(session: Session, wanted: Iterable[tuple[str, Sequence[str]]]) -> ReceiptBook:
    """The live entries of several beneficiaries (each with its m04 hired persons), read in one query."""
    beneficiaries: set[str] = set()
    sources: set[str] = set()
    for beneficiary_id, hired in wanted:
        beneficiaries.add(beneficiary_id)
        sources.update(hired)
    if not beneficiaries:
        return ReceiptBook(())
    return ReceiptBook(LedgerRepository(session).live_entries_for(beneficiaries, sources))


class ReceiptBook:
    """Live ledger entries read once, answered as `receipts_for` answers for each beneficiary among them."""

    def __init__(self, entries: Sequence[PaymentEntry]) -> None:
        self._entries = entries

    def receipts(self, beneficiary_id: str, sources: Sequence[str], as_of: date) -> list[dict[str, object]]:
        hired = set(sources)
        rows = []
        for entry in self._entries:
            for_hired = entry.measure_id == precheck.M04 and entry.claim_key in hired
            if entry.beneficiary_id != beneficiary_id and not for_hired:
                continue
            paid_on = entry.paid_at.date() if entry.paid_at else as_of
            rows.append(
                {
                    "beneficiary_id": entry.beneficiary_id,
                    "measure_id": entry.measure_id,
                    "amount": entry.amount_fen / 100,
                    "months": entry.months or None,
                    "period": entry.period or None,
                    "paid_on": min(paid_on, as_of).isoformat(),
                    "source_id": entry.source_id,
                }
            )
        return rows


def _check_department(actor: Actor, department: str | None) -> None:
    if actor.role == "department_head" and department != actor.department:
        raise Forbidden("只能处理本部门的发放。", "A department head handles only the department's payments.")


def create_batch(
    session: Session, actor: Actor, department: str | None, measure_id: str | None, max_entries: int
) -> DisbursementBatch:
    """Group pending entries into a new 发放批次 (a head: the department's; an admin: any)."""
    if actor.role == "department_head":
        department = department or actor.department
    _check_department(actor, department)
    repository = LedgerRepository(session)
    ids = repository.pending_ids(department, measure_id, max_entries)
    if not ids:
        raise Conflict("没有待发放的条目。", "There are no pending entries to batch.", code="nothing_to_batch")
    now = utcnow()
    batch = DisbursementBatch(
        reference=f"FB{now:%Y%m%d%H%M%S}-{secrets.token_hex(3).upper()}",
        department=department,
        state=BatchState.OPEN,
        created_by_id=actor.user_id,
        created_at=now,
    )
    repository.add(batch)
    repository.flush()
    repository.assign_to_batch(ids, batch.id)
    batch.entry_count, batch.total_fen = repository.batch_totals(batch.id)
    if batch.entry_count == 0:
        raise Conflict("没有待发放的条目。", "There are no pending entries to batch.", code="nothing_to_batch")
    audit.record(
        session,
        actor,
        "ledger.batch.create",
        "batch",
        batch.id,
        entries=batch.entry_count,
        total_fen=batch.total_fen,
    )
    return batch


def get_batch(session: Session, actor: Actor, batch_id: int) -> DisbursementBatch:
    batch = LedgerRepository(session).batch(batch_id)
    if batch is None:
        raise NotFound(f"发放批次 {batch_id}", f"Batch {batch_id}")
    if actor.role == "department_head":
        _check_department(actor, batch.department)
    return batch


def batch_entries(session: Session, batch_id: int) -> Sequence[PaymentEntry]:
    return LedgerRepository(session).entries(batch_id=batch_id, limit=1_000_000)


@dataclass(frozen=True, slots=True)
class PayOutcome:
    batch: DisbursementBatch
    paid_now: int
    already_paid: int


def pay_batch(database: Database, actor: Actor, batch_id: int, delay: float = 0.0) -> PayOutcome:
    """Mark every entry of a batch paid, one transaction per entry; safe to re-run after a crash."""
    with database.transaction() as session:
        batch = get_batch(session, actor, batch_id)
        if batch.state == BatchState.OPEN:
            batch.state = BatchState.PAYING
            audit.record(session, actor, "ledger.batch.pay.start", "batch", batch.id)
    paid_now = 0
    while True:
        with database.transaction() as session:
            ids = LedgerRepository(session).unpaid_ids(batch_id, 200)
        if not ids:
            break
        for entry_id in ids:
            if delay:
                time.sleep(delay)
            with database.transaction() as session:
                paid_now += int(mark_entry_paid(session, actor, entry_id))
    with database.transaction() as session:
        repository = LedgerRepository(session)
        batch = get_batch(session, actor, batch_id)
        if batch.state != BatchState.PAID and not repository.unpaid_ids(batch_id, 1):
            batch.state, batch.paid_at = BatchState.PAID, utcnow()
            audit.record(session, actor, "ledger.batch.paid", "batch", batch.id, entries=batch.entry_count)
        return PayOutcome(batch=batch, paid_now=paid_now, already_paid=batch.entry_count - paid_now)


def mark_entry_paid(session: Session, actor: Actor, entry_id: int) -> bool:
    """Pay one batched entry (False when it is already paid), and close its application or offer."""
    entry = LedgerRepository(session).mark_paid(entry_id, utcnow())
    if entry is None:
        return False
    audit.record(
        session,
        actor,
        "ledger.entry.paid",
        "payment_entry",
        entry.id,
        batch_id=entry.batch_id,
        amount_fen=entry.amount_fen,
    )
    if entry.application_id is not None:
        _close_application(session, actor, entry.application_id)
    if entry.offer_id is not None:
        _close_offer(session, actor, entry.offer_id)
    return True


def _close_application(session: Session, actor: Actor, application_id: int) -> None:
    entries = LedgerRepository(session).entries_of_application(application_id)
    live = [entry for entry in entries if entry.state != EntryState.CANCELLED]
    if not all(entry.state == EntryState.PAID for entry in live):
        return
    repository = ApplicationRepository(session)
    application = repository.get(application_id)
    if application is None or application.state != ApplicationState.APPROVED:
        return
    application.state = ApplicationState.PAID
    application.updated_at = utcnow()
    repository.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=actor.user_id,
            from_state=ApplicationState.APPROVED,
            to_state=ApplicationState.PAID,
        )
    )
    audit.record(session, actor, "application.paid", "application", application.id)


def _close_offer(session: Session, actor: Actor, offer_id: int) -> None:
    offer = OfferRepository(session).get(offer_id)
    if offer is not None and offer.state == OfferState.ACCEPTED:
        offer.state = OfferState.PAID
        audit.record(session, actor, "offer.paid", "offer", offer.id)


RECEIPT_COLUMNS = ("beneficiary_id", "measure_id", "amount", "months", "period", "paid_on", "source_id")


def iter_receipts(session: Session, chunk: int = 5000) -> Iterator[tuple[str, ...]]:
    """Paid entries as spec section 2 ``receipts`` rows (amount in yuan, period empty for one-time)."""
    repository = LedgerRepository(session)
    last = 0
    while True:
        entries = repository.paid_entries(last, chunk)
        if not entries:
            return
        for entry in entries:
            assert entry.paid_at is not None
            yield (
                entry.beneficiary_id,
                entry.measure_id,
                f"{entry.amount_fen // 100}.{entry.amount_fen % 100:02d}",
                str(entry.months) if entry.months else "",
                entry.period,
                entry.paid_at.date().isoformat(),
                entry.source_id,
            )
        last = entries[-1].id


def receipts_csv(session: Session) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECEIPT_COLUMNS)
    writer.writerows(iter_receipts(session))
    return buffer.getvalue()
