"""All ledger queries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..applications.precheck import M04
from ..models import DisbursementBatch, EntryState, PaymentEntry, PaymentLimit


class LedgerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: PaymentEntry | DisbursementBatch) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def entry(self, entry_id: int) -> PaymentEntry | None:
        return self.session.get(PaymentEntry, entry_id)

    def live_entries_for(
        self, beneficiary_ids: Collection[str], sources: Collection[str] = ()
    ) -> Sequence[PaymentEntry]:
        """Live entries paid to these beneficiaries, or (for m04's once-per-hired-person) for these sources."""
        condition: ColumnElement[bool] = PaymentEntry.beneficiary_id.in_(sorted(beneficiary_ids))
        if sources:
            hired = and_(PaymentEntry.measure_id == M04, PaymentEntry.claim_key.in_(sorted(sources)))
            condition = or_(condition, hired)
        statement = select(PaymentEntry).where(condition, PaymentEntry.state != EntryState.CANCELLED)
        return self.session.scalars(statement.order_by(PaymentEntry.id)).all()

    def entries_of_application(self, application_id: int) -> Sequence[PaymentEntry]:
        statement = select(PaymentEntry).where(PaymentEntry.application_id == application_id)
        return self.session.scalars(statement.order_by(PaymentEntry.id)).all()

    def entries_of_offer(self, offer_id: int) -> Sequence[PaymentEntry]:
        statement = select(PaymentEntry).where(PaymentEntry.offer_id == offer_id)
        return self.session.scalars(statement.order_by(PaymentEntry.id)).all()

    def add_to_limit(
        self,
        measure_id: str,
        beneficiary_id: str,
        amount_fen: int,
        months: int,
        max_amount_fen: int | None,
        max_months: int | None,
    ) -> None:
        """Add to a beneficiary's running total; the table's CHECKs refuse a total over its cap.

        An upsert: on PostgreSQL the conflicting row is locked until commit, so concurrent claims add
        up one after another and the one that would cross the cap fails.
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(PaymentLimit).values(
            measure_id=measure_id,
            beneficiary_id=beneficiary_id,
            amount_fen=amount_fen,
            months=months,
            max_amount_fen=max_amount_fen,
            max_months=max_months,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[PaymentLimit.measure_id, PaymentLimit.beneficiary_id],
            set_={
                "amount_fen": PaymentLimit.amount_fen + statement.excluded.amount_fen,
                "months": PaymentLimit.months + statement.excluded.months,
            },
        )
        self.session.execute(statement)

    def release_limit(self, measure_id: str, beneficiary_id: str, amount_fen: int, months: int) -> None:
        self.session.execute(
            update(PaymentLimit)
            .where(PaymentLimit.measure_id == measure_id, PaymentLimit.beneficiary_id == beneficiary_id)
            .values(amount_fen=PaymentLimit.amount_fen - amount_fen, months=PaymentLimit.months - months)
        )

    def limit(self, measure_id: str, beneficiary_id: str) -> PaymentLimit | None:
        return self.session.get(PaymentLimit, (measure_id, beneficiary_id))

    def entries(
        self,
        *,
        department: str | None = None,
        beneficiary_id: str | None = None,
        state: str | None = None,
        batch_id: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[PaymentEntry]:
        statement = select(PaymentEntry)
        if department:
            statement = statement.where(PaymentEntry.department == department)
        if beneficiary_id:
            statement = statement.where(PaymentEntry.beneficiary_id == beneficiary_id)
        if state:
            statement = statement.where(PaymentEntry.state == state)
        if batch_id is not None:
            statement = statement.where(PaymentEntry.batch_id == batch_id)
        statement = statement.order_by(PaymentEntry.id).limit(limit).offset(offset)
        return self.session.scalars(statement).all()

    def pending_ids(self, department: str | None, measure_id: str | None, limit: int) -> Sequence[int]:
        statement = select(PaymentEntry.id).where(PaymentEntry.state == EntryState.PENDING)
        if department:
            statement = statement.where(PaymentEntry.department == department)
        if measure_id:
            statement = statement.where(PaymentEntry.measure_id == measure_id)
        return self.session.scalars(statement.order_by(PaymentEntry.id).limit(limit)).all()

    def assign_to_batch(self, entry_ids: Sequence[int], batch_id: int) -> int:
        """Move pending entries into a batch; entries another batch took meanwhile are skipped."""
        result = self.session.execute(
            update(PaymentEntry)
            .where(PaymentEntry.id.in_(list(entry_ids)), PaymentEntry.state == EntryState.PENDING)
            .values(state=EntryState.BATCHED, batch_id=batch_id)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def batch_totals(self, batch_id: int) -> tuple[int, int]:
        statement = select(func.count(), func.coalesce(func.sum(PaymentEntry.amount_fen), 0)).where(
            PaymentEntry.batch_id == batch_id, PaymentEntry.state != EntryState.CANCELLED
        )
        count, total = self.session.execute(statement).one()
        return int(count), int(total)

    def batch(self, batch_id: int, *, lock: bool = False) -> DisbursementBatch | None:
        statement = select(DisbursementBatch).where(DisbursementBatch.id == batch_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).one_or_none()

    def batches(self, department: str | None, limit: int, offset: int) -> Sequence[DisbursementBatch]:
        statement = select(DisbursementBatch).order_by(DisbursementBatch.id.desc()).limit(limit).offset(offset)
        if department:
            statement = statement.where(DisbursementBatch.department == department)
        return self.session.scalars(statement).all()

    def unpaid_ids(self, batch_id: int, limit: int) -> Sequence[int]:
        statement = (
            select(PaymentEntry.id)
            .where(PaymentEntry.batch_id == batch_id, PaymentEntry.state == EntryState.BATCHED)
            .order_by(PaymentEntry.id)
            .limit(limit)
        )
        return self.session.scalars(statement).all()

    def mark_paid(self, entry_id: int, now: datetime) -> PaymentEntry | None:
        """Mark one batched entry paid; None when it was not batched (already paid: nothing to do)."""
        result = self.session.execute(
            update(PaymentEntry)
            .where(PaymentEntry.id == entry_id, PaymentEntry.state == EntryState.BATCHED)
            .values(state=EntryState.PAID, paid_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        entry = self.session.get(PaymentEntry, entry_id, populate_existing=True)
        return entry

    def paid_entries(self, after_id: int, limit: int) -> Sequence[PaymentEntry]:
        statement = (
            select(PaymentEntry)
            .where(PaymentEntry.state == EntryState.PAID, PaymentEntry.id > after_id)
            .order_by(PaymentEntry.id)
            .limit(limit)
        )
        return self.session.scalars(statement).all()
