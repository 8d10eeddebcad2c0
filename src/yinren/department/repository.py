"""The department's queries: its queue with filters, its throughput and its payments not yet batched.

Statistics are aggregated in the database (one grouped query each), so the page costs the same with
ten cases or a hundred thousand. Month keys and day differences differ between SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from ..models import Application, ApplicationState, EntryState, PaymentEntry, User
from .schemas import PendingPayments

S = ApplicationState
QUEUE_STATES = (S.SUBMITTED, S.IN_REVIEW)
DECIDED_STATES = (S.APPROVED, S.REJECTED, S.PAID)


class DepartmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    # --- the queue -------------------------------------------------------------------------------

    def _queue(
        self, department: str, states: Sequence[str], measure_id: str | None, submitted_before: datetime | None
    ) -> Select[Any]:
        statement = select(Application).where(
            Application.department == department, Application.state.in_(list(states or QUEUE_STATES))
        )
        if measure_id:
            statement = statement.where(Application.measure_id == measure_id)
        if submitted_before is not None:
            statement = statement.where(Application.submitted_at <= submitted_before)
        return statement

    def queue(
        self,
        department: str,
        states: Sequence[str],
        measure_id: str | None,
        submitted_before: datetime | None,
        limit: int,
        offset: int,
    ) -> Sequence[Application]:
        """Oldest submission first: the case waiting longest is handled first."""
        statement = self._queue(department, states, measure_id, submitted_before)
        statement = statement.order_by(Application.submitted_at, Application.id).limit(limit).offset(offset)
        return self.session.scalars(statement).all()

    def count_queue(
        self, department: str, states: Sequence[str], measure_id: str | None, submitted_before: datetime | None
    ) -> int:
        inner = self._queue(department, states, measure_id, submitted_before).subquery()
        return int(self.session.scalar(select(func.count()).select_from(inner)) or 0)

    def measures_with_cases(self, department: str) -> Sequence[str]:
        statement = select(Application.measure_id).where(Application.department == department).distinct()
        return sorted(self.session.scalars(statement).all())

    def measures_of(self, department: str, application_ids: Sequence[int]) -> Sequence[str]:
        statement = select(Application.measure_id).where(
            Application.department == department, Application.id.in_(list(application_ids))
        )
        return self.session.scalars(statement.distinct()).all()

    def usernames(self, user_ids: Sequence[int]) -> dict[int, str]:
        statement = select(User.id, User.username).where(User.id.in_(sorted(set(user_ids))))
        return {int(user_id): str(name) for user_id, name in self.session.execute(statement).all()}

    # --- throughput ------------------------------------------------------------------------------

    def _month(self, column: Any) -> ColumnElement[str]:
        if self.dialect == "postgresql":
            return func.to_char(column, "YYYY-MM")
        return func.strftime("%Y-%m", column)

    def _days(self, start: Any, end: Any) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            return func.extract("epoch", end - start) / 86400.0
        return func.julianday(end) - func.julianday(start)

    def cases_in(self, department: str, by: str) -> list[tuple[str, int]]:
        """Cases submitted at least once, by measure or by month of (last) submission."""
        key = Application.measure_id if by == "measure" else self._month(Application.submitted_at)
        statement = (
            select(key, func.count())
            .where(Application.department == department, Application.submitted_at.is_not(None))
            .group_by(key)
        )
        return [(str(k), int(n)) for k, n in self.session.execute(statement).all()]

    def decided(self, department: str, by: str) -> list[tuple[str, str, int, float]]:
        """(key, final state, cases, summed days from submission to decision), by measure or month decided."""
        key = Application.measure_id if by == "measure" else self._month(Application.decided_at)
        days = func.coalesce(func.sum(self._days(Application.submitted_at, Application.decided_at)), 0.0)
        statement = (
            select(key, Application.state, func.count(), days)
            .where(
                Application.department == department,
                Application.state.in_(list(DECIDED_STATES)),
                Application.decided_at.is_not(None),
                Application.submitted_at.is_not(None),
            )
            .group_by(key, Application.state)
        )
        return [(str(k), str(s), int(n), float(d)) for k, s, n, d in self.session.execute(statement).all()]

    def paid(self, department: str, by: str) -> list[tuple[str, int, int]]:
        """(key, entries, fen) of paid ledger entries (applications and offers alike), by measure or month paid."""
        key = PaymentEntry.measure_id if by == "measure" else self._month(PaymentEntry.paid_at)
        statement = (
            select(key, func.count(), func.coalesce(func.sum(PaymentEntry.amount_fen), 0))
            .where(PaymentEntry.department == department, PaymentEntry.state == EntryState.PAID)
            .group_by(key)
        )
        return [(str(k), int(n), int(f)) for k, n, f in self.session.execute(statement).all()]

    # --- payments --------------------------------------------------------------------------------

    def pending_payments(self, department: str | None) -> list[PendingPayments]:
        """Per measure, entries waiting for a batch (a head: the department's; the finance office: all)."""
        statement = select(
            PaymentEntry.measure_id, func.count(), func.coalesce(func.sum(PaymentEntry.amount_fen), 0)
        ).where(PaymentEntry.state == EntryState.PENDING)
        if department:
            statement = statement.where(PaymentEntry.department == department)
        statement = statement.group_by(PaymentEntry.measure_id).order_by(PaymentEntry.measure_id)
        return [PendingPayments(str(m), int(n), int(f)) for m, n, f in self.session.execute(statement).all()]
