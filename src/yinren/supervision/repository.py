"""Queries for the supervisors' views and for targets, progress reports and the platform's own figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import (
    Application,
    Offer,
    PaymentEntry,
    SupervisionEvidence,
    SupervisionReport,
    SupervisionTarget,
    SupervisionTargetRevision,
)


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

    # --- targets -------------------------------------------------------------------------------------

    def add(self, row: SupervisionTarget | SupervisionTargetRevision | SupervisionReport | SupervisionEvidence) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def target(self, target_id: int) -> SupervisionTarget | None:
        return self.session.get(SupervisionTarget, target_id)

    def target_by_code(self, code: str) -> SupervisionTarget | None:
        return self.session.scalars(select(SupervisionTarget).where(SupervisionTarget.code == code)).first()

    def targets(self) -> Sequence[SupervisionTarget]:
        return self.session.scalars(select(SupervisionTarget).order_by(SupervisionTarget.id)).all()

    def revisions(self, target_id: int) -> Sequence[SupervisionTargetRevision]:
        statement = (
            select(SupervisionTargetRevision)
            .where(SupervisionTargetRevision.target_id == target_id)
            .order_by(SupervisionTargetRevision.version.desc())
        )
        return self.session.scalars(statement).all()

    # --- reports -------------------------------------------------------------------------------------

    def report(self, report_id: int) -> SupervisionReport | None:
        return self.session.get(SupervisionReport, report_id)

    def reports(self, target_id: int | None = None, *, current_only: bool = False) -> Sequence[SupervisionReport]:
        """Reports (of one target), oldest value first; ``current_only`` leaves out corrected ones."""
        statement = select(SupervisionReport).order_by(SupervisionReport.as_of, SupervisionReport.id)
        if target_id is not None:
            statement = statement.where(SupervisionReport.target_id == target_id)
        if current_only:
            statement = statement.where(SupervisionReport.superseded_at.is_(None))
        return self.session.scalars(statement).all()

    def report_on(self, target_id: int, as_of: date) -> SupervisionReport | None:
        statement = select(SupervisionReport).where(
            SupervisionReport.target_id == target_id,
            SupervisionReport.as_of == as_of,
            SupervisionReport.superseded_at.is_(None),
        )
        return self.session.scalars(statement).first()

    def evidence_of(self, report_ids: Sequence[int]) -> Sequence[SupervisionEvidence]:
        if not report_ids:
            return []
        statement = (
            select(SupervisionEvidence)
            .where(SupervisionEvidence.report_id.in_(report_ids))
            .order_by(SupervisionEvidence.id)
        )
        return self.session.scalars(statement).all()

    def evidence(self, evidence_id: int) -> SupervisionEvidence | None:
        return self.session.get(SupervisionEvidence, evidence_id)

    # --- the platform's own figures ------------------------------------------------------------------

    def applications_by_measure(self) -> dict[str, int]:
        statement = (
            select(Application.measure_id, func.count())
            .where(Application.state.not_in(("draft", "withdrawn")))
            .group_by(Application.measure_id)
        )
        return {m: int(c) for m, c in self.session.execute(statement).all()}

    def offers_by_measure(self) -> dict[str, int]:
        statement = (
            select(Offer.measure_id, func.count())
            .where(Offer.state.in_(("offered", "confirmed", "accepted", "paid")))
            .group_by(Offer.measure_id)
        )
        return {m: int(c) for m, c in self.session.execute(statement).all()}

    def paid_by_measure(self) -> dict[str, tuple[int, int, int, int]]:
        """measure → (paid entries, distinct beneficiaries, fen paid, entries that came from an offer)."""
        from_offer = func.sum(case((PaymentEntry.offer_id.is_not(None), 1), else_=0))
        statement = (
            select(
                PaymentEntry.measure_id,
                func.count(),
                func.count(func.distinct(PaymentEntry.beneficiary_id)),
                func.coalesce(func.sum(PaymentEntry.amount_fen), 0),
                func.coalesce(from_offer, 0),
            )
            .where(PaymentEntry.state == "paid")
            .group_by(PaymentEntry.measure_id)
        )
        return {m: (int(n), int(b), int(f), int(o)) for m, n, b, f, o in self.session.execute(statement).all()}

    def application_payment_times(self) -> Sequence[tuple[str, datetime, datetime]]:
        """(measure, submitted, paid) of every paid entry that came from an application."""
        statement = (
            select(PaymentEntry.measure_id, Application.submitted_at, PaymentEntry.paid_at)
            .join(Application, Application.id == PaymentEntry.application_id)
            .where(PaymentEntry.state == "paid", Application.submitted_at.is_not(None))
        )
        return [(m, s, p) for m, s, p in self.session.execute(statement).all() if s is not None and p is not None]
