"""All application queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, inspect, select, tuple_
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
    .returning(_TABLE.c.id, _TABLE.c.applicant_id, _TABLE.c.idempotency_key)
    for on_postgresql in (True, False)
}
# Many rows with RETURNING: SQLAlchemy sends them as one multi-row INSERT ("insertmanyvalues").
_INSERT_EVENTS = insert(_EVENTS).returning(_EVENTS.c.id, sort_by_parameter_order=True)


def _values(application: Application) -> dict[str, object]:
    state = inspect(application)
    missing = [a.key for a in state.mapper.column_attrs if a.key != "id" and a.key not in state.dict]
    if missing:
        raise ValueError(f"a new application needs every column set; missing: {', '.join(missing)}")
    # None is left out so that it is SQL NULL (a JSON column would store a JSON null).
    return {key: value for key, value in state.dict.items() if key in _COLUMNS and value is not None}


def _same_columns(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """The rows grouped by the columns they give: one executemany needs the same parameters in each."""
    groups: dict[frozenset[str], list[dict[str, object]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())


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

    def insert_new_many(self, applications: Sequence[Application]) -> list[bool]:
        """Insert new applications, each unless its applicant already used its idempotency key: for each,
        whether it was written (a second one with the same key among them is not).

        ``INSERT … ON CONFLICT DO NOTHING RETURNING``, the rows sent together (PostgreSQL and SQLite).
        Each object must carry every column but ``id`` (so nothing is read back); a written one joins the
        session as the persistent row it now is.
        """
        rows: dict[tuple[int, str], dict[str, object]] = {}
        for application in applications:
            values = _values(application)
            rows.setdefault((application.applicant_id, application.idempotency_key), values)
        ids: dict[tuple[int, str], int] = {}
        statement = _INSERT_NEW[self.session.get_bind().dialect.name == "postgresql"]
        for group in _same_columns(list(rows.values())):
            for new_id, applicant, key in self.session.execute(statement, group):
                ids[(applicant, key)] = new_id
        written = []
        for application in applications:
            new_id = ids.pop((application.applicant_id, application.idempotency_key), None)
            written.append(new_id is not None)
            if new_id is not None:
                application.id = new_id
                make_transient_to_detached(application)
                self.session.add(application)
        return written

    def insert_events(self, events: list[ApplicationEvent]) -> None:
        """New applications' first events, in one statement for all of them (and no pipeline: psycopg's
        executemany pipeline costs more CPU than the rows); kept, with their ids, for the answer to the
        request that wrote them."""
        if not events:
            return
        columns = ("application_id", "actor_id", "from_state", "to_state", "reason", "snapshot", "at")
        rows = [{name: getattr(event, name) for name in columns} for event in events]
        # A missing snapshot is stored as JSON null and read back as None.
        ids = self.session.execute(_INSERT_EVENTS, rows).scalars().all()
        for event, new_id in zip(events, ids, strict=True):
            event.id = new_id
        self.session.info.setdefault(_WRITTEN, []).extend(events)

    def flush(self) -> None:
        self.session.flush()

    def get(self, application_id: int, *, lock: bool = False) -> Application | None:
        statement = select(Application).where(Application.id == application_id)
        if lock:
            statement = statement.with_for_update()
        return self.session.scalars(statement).one_or_none()

    def by_idempotency_key(self, applicant_id: int, key: str) -> Application | None:
        # Asked only for keys known taken (`taken_keys` answers for new requests), so read the row at once.
        statement = select(Application).where(
            Application.applicant_id == applicant_id, Application.idempotency_key == key
        )
        return self.session.scalars(statement).one_or_none()

    def taken_keys(self, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
        """The (applicant_id, idempotency_key) pairs that an application already holds."""
        if not pairs:
            return set()
        columns = (_TABLE.c.applicant_id, _TABLE.c.idempotency_key)
        statement = select(*columns).where(tuple_(*columns).in_(sorted(pairs)))
        return {(int(applicant), str(key)) for applicant, key in self.session.execute(statement).all()}

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
