"""All application queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Application, ApplicationEvent

# Events written in this session, kept (strongly) so that a new case's answer needs no read-back: the
# session's identity map holds clean rows only weakly.
_WRITTEN = "yinren_events_written"


class ApplicationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Application | ApplicationEvent) -> None:
        self.session.add(row)
        if isinstance(row, ApplicationEvent):
            self.session.info.setdefault(_WRITTEN, []).append(row)

    def written_events(self, application_id: int) -> list[ApplicationEvent]:
        """This session's new events of one application, in the order they were written."""
        return [row for row in self.session.info.get(_WRITTEN, ()) if row.application_id == application_id]

    def flush(self) -> None:
        self.session.flush()

    def get(self, application_id: int, *, lock: bool = False) -> Application | None:
        statement = select(Application).where(Application.id == application_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).one_or_none()

    def by_idempotency_key(self, applicant_id: int, key: str) -> Application | None:
        statement = select(Application).where(
            Application.applicant_id == applicant_id, Application.idempotency_key == key
        )
        return self.session.scalars(statement).one_or_none()

    def events(self, application_id: int) -> Sequence[ApplicationEvent]:
        statement = (
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        )
        return self.session.scalars(statement).all()

    def search(
        self,
        *,
        applicant_id: int | None = None,
        department: str | None = None,
        states: Sequence[str] = (),
        measure_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Sequence[Application]:
        statement = select(Application)
        if applicant_id is not None:
            statement = statement.where(Application.applicant_id == applicant_id)
        if department:
            statement = statement.where(Application.department == department)
        if states:
            statement = statement.where(Application.state.in_(list(states)))
        if measure_id:
            statement = statement.where(Application.measure_id == measure_id)
        statement = statement.order_by(Application.id).limit(limit).offset(offset)
        return self.session.scalars(statement).all()

    def count_by(self) -> Sequence[tuple[str, str, str, int]]:
        """(department, measure_id, state, count) over every application."""
        statement = (
            select(Application.department, Application.measure_id, Application.state, func.count())
            .group_by(Application.department, Application.measure_id, Application.state)
            .order_by(Application.department, Application.measure_id, Application.state)
        )
        return [(d, m, s, int(c)) for d, m, s, c in self.session.execute(statement).all()]
