"""Aggregate queries for the supervisors' views."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import PaymentEntry


class SupervisionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def payment_totals(self) -> Sequence[tuple[str, str, str, int, int]]:
        statement = (
            select(
                PaymentEntry.department,
                PaymentEntry.measure_id,
                PaymentEntry.state,
                func.count(),
                func.coalesce(func.sum(PaymentEntry.amount_fen), 0),
            )
            .group_by(PaymentEntry.department, PaymentEntry.measure_id, PaymentEntry.state)
            .order_by(PaymentEntry.department, PaymentEntry.measure_id, PaymentEntry.state)
        )
        return [(d, m, s, int(c), int(a)) for d, m, s, c, a in self.session.execute(statement).all()]
