"""All offer queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from ..models import LIVE_OFFER_STATES, Offer


class OfferRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, offer: Offer) -> None:
        self.session.add(offer)

    def add_all(self, offers: Sequence[Offer]) -> None:
        self.session.add_all(offers)

    def flush(self) -> None:
        self.session.flush()

    def get(self, offer_id: int, *, lock: bool = False) -> Offer | None:
        statement = select(Offer).where(Offer.id == offer_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).one_or_none()

    def many(self, offer_ids: Sequence[int]) -> Sequence[Offer]:
        statement = select(Offer).where(Offer.id.in_(list(offer_ids))).order_by(Offer.id).with_for_update()
        return self.session.scalars(statement).all()

    def live_by_identity(
        self, identities: Sequence[tuple[str, str, str, str]]
    ) -> dict[tuple[str, str, str, str], Offer]:
        """Live offers for these (measure_id, beneficiary_id, source_id, period) identities."""
        found: dict[tuple[str, str, str, str], Offer] = {}
        columns = tuple_(Offer.measure_id, Offer.beneficiary_id, Offer.source_id, Offer.period)
        for start in range(0, len(identities), 500):
            chunk = list(identities[start : start + 500])
            statement = select(Offer).where(columns.in_(chunk), Offer.state.in_(LIVE_OFFER_STATES))
            for offer in self.session.scalars(statement):
                found[(offer.measure_id, offer.beneficiary_id, offer.source_id, offer.period)] = offer
        return found

    def offered_ids(self, department: str, measure_id: str | None) -> Sequence[int]:
        statement = select(Offer.id).where(Offer.lead_department == department, Offer.state == "offered")
        if measure_id:
            statement = statement.where(Offer.measure_id == measure_id)
        return self.session.scalars(statement.order_by(Offer.id)).all()

    def search(
        self,
        *,
        beneficiary_id: str | None = None,
        department: str | None = None,
        states: Sequence[str] = (),
        measure_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Sequence[Offer]:
        statement = select(Offer)
        if beneficiary_id is not None:
            statement = statement.where(Offer.beneficiary_id == beneficiary_id)
        if department:
            statement = statement.where(Offer.lead_department == department)
        if states:
            statement = statement.where(Offer.state.in_(list(states)))
        if measure_id:
            statement = statement.where(Offer.measure_id == measure_id)
        return self.session.scalars(statement.order_by(Offer.id).limit(limit).offset(offset)).all()

    def count_by(self) -> Sequence[tuple[str, str, str, int]]:
        statement = (
            select(Offer.lead_department, Offer.measure_id, Offer.state, func.count())
            .group_by(Offer.lead_department, Offer.measure_id, Offer.state)
            .order_by(Offer.lead_department, Offer.measure_id, Offer.state)
        )
        return [(d, m, s, int(c)) for d, m, s, c in self.session.execute(statement).all()]
