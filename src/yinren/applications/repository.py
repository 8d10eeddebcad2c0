"""All application queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from ..models import Application, ApplicationEvent

# Events written in this session, kept (strongly) so that a new case's answer needs no read-back: the
# session's identity map holds clean rows only weakly.
_WRITTEN = "yinren_events_written"
_TABLE = Application.metadata.tables[Application.__tablename__]
_EVENTS = ApplicationEvent.metadata.tables[ApplicationEvent.__tablename__]
_COLUMNS = frozenset(column.key for column in _TABLE.columns) - {"id"}
# Core statements, built once, values given at execution: cheaper than ORM inserts for the hot path.
_INSERT_NEW = {
    on_postgresql: (postgresql.insert if on_postgresql else sqlite.insert)(_TABLE)
    .on_conflict_do_nothing(index_elements=[_TABLE.c.applicant_id, _TABLE.c.idempotency_key])
    .returning(_TABLE.c.id)
    for on_postgresql in (True, False)
}


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

    def insert_new(self, application: Application) -> bool:
        """Insert a new application unless its applicant already used its idempotency key; False then.

        One ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (PostgreSQL and SQLite), where a flush
        inside a savepoint would take three round trips. The object must carry every column but ``id``
        (so nothing is read back); it then joins the session as the persistent row it now is.
        """
        state = inspect(application)
        missing = [a.key for a in state.mapper.column_attrs if a.key != "id" and a.key not in state.dict]
        if missing:
            raise ValueError(f"a new application needs every column set; missing: {', '.join(missing)}")
        # None is left out so that it is SQL NULL (a JSON column would store a JSON null).
        values = {key: value for key, value in state.dict.items() if key in _COLUMNS and value is not None}
        statement = _INSERT_NEW[self.session.get_bind().dialect.name == "postgresql"]
        new_id = self.session.execute(statement, values).scalar_one_or_none()
        if new_id is None:
            return False
        application.id = new_id
        make_transient_to_detached(application)
        self.session.add(application)
        return True

    def insert_events(self, events: list[ApplicationEvent]) -> None:
        """A new application's first events, in one Core statement; kept (not in the session) for the
        answer to the request that wrote them."""
        columns = ("application_id", "actor_id", "from_state", "to_state", "reason", "snapshot", "at")
        rows = [{name: getattr(event, name) for name in columns} for event in events]
        self.session.execute(insert(_EVENTS), rows)  # one executemany: a missing snapshot is read as None
        self.session.info.setdefault(_WRITTEN, []).extend(events)

    def flush(self) -> None:
        self.session.flush()

    def get(self, application_id: int, *, lock: bool = False) -> Application | None:
        statement = select(Application).where(Application.id == application_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).one_or_none()

    def by_idempotency_key(self, applicant_id: int, key: str) -> Application | None:
        # Asked before every new application and nearly always absent: look for the id alone first.
        statement = select(_TABLE.c.id).where(_TABLE.c.applicant_id == applicant_id, _TABLE.c.idempotency_key == key)
        found = self.session.execute(statement).scalar_one_or_none()
        return None if found is None else self.session.get(Application, found)

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
