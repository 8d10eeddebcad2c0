"""Read-only views; every listing of persons is masked and audited."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..applications.repository import ApplicationRepository
from ..audit import service as audit
from ..kit.actor import Actor
from ..models import Application
from ..offers.repository import OfferRepository
from .repository import SupervisionRepository
from .schemas import CountRow, PaidRow, Summary


def summary(session: Session) -> Summary:
    return Summary(
        applications=[
            CountRow(department=d, measure_id=m, state=s, count=c)
            for d, m, s, c in ApplicationRepository(session).count_by()
        ],
        offers=[
            CountRow(department=d, measure_id=m, state=s, count=c) for d, m, s, c in OfferRepository(session).count_by()
        ],
        payments=[
            PaidRow(department=d, measure_id=m, state=s, entries=c, amount_fen=a)
            for d, m, s, c, a in SupervisionRepository(session).payment_totals()
        ],
    )


def applications(
    session: Session,
    actor: Actor,
    department: str | None,
    states: Sequence[str],
    measure_id: str | None,
    limit: int,
    offset: int,
) -> Sequence[Application]:
    rows = ApplicationRepository(session).search(
        department=department, states=states, measure_id=measure_id, limit=limit, offset=offset
    )
    audit.record(session, actor, "read.applications", "application", "list", ids=[row.id for row in rows])
    return rows
