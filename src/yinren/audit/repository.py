"""All audit queries. Appends take no lock; seals lock the single head row, so the chain stays linear."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ..models import GENESIS_HASH, AuditEntry, AuditHead

_LOG = AuditEntry.metadata.tables[AuditEntry.__tablename__]
# What a line records, as its hash reads it (an unsealed line has no seq or prev_hash yet).
_CONTENT = ("id", "seq", "at", "actor_id", "actor", "actor_role", "action", "object_type", "object_id", "details")
_CONTENT_COLUMNS = [*(_LOG.c[name] for name in _CONTENT), _LOG.c.prev_hash]
Content = Row[Any]
_INSERT = insert(_LOG).returning(_LOG.c.id)


class Seal(NamedTuple):
    id: int
    seq: int
    prev_hash: str
    hash: str


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def insert_unsealed(self, rows: list[dict[str, Any]]) -> None:
        """New lines, unsealed, in one statement (no ORM objects). RETURNING makes SQLAlchemy send the rows
        as one multi-row INSERT, where psycopg's executemany pipeline would cost more CPU than the rows."""
        self.session.execute(_INSERT, rows).all()

    def lock_head(self, *, wait: bool = True) -> AuditHead | None:
        """The head row, locked FOR UPDATE until the transaction ends (created when absent); with
        ``wait=False``, None when another transaction holds it."""
        statement = select(AuditHead).where(AuditHead.id == 1).with_for_update(skip_locked=not wait)
        head = self.session.scalars(statement).one_or_none()
        if head is None and (wait or self.session.get(AuditHead, 1) is None):
            head = AuditHead(id=1, seq=0, hash=GENESIS_HASH)
            self.session.add(head)
            self.session.flush()
        return head

    def unsealed(self, limit: int) -> Sequence[Content]:
        """Lines not yet in the chain, in the order they were written (rows, not ORM objects)."""
        statement = select(*_CONTENT_COLUMNS).where(_LOG.c.hash.is_(None)).order_by(_LOG.c.id).limit(limit)
        return self.session.execute(statement).all()

    def seal(self, seals: Sequence[Seal]) -> None:
        statement = (
            update(_LOG)
            .where(_LOG.c.id == bindparam("line"))
            .values(seq=bindparam("new_seq"), prev_hash=bindparam("link"), hash=bindparam("digest"))
        )
        rows = [{"line": s.id, "new_seq": s.seq, "link": s.prev_hash, "digest": s.hash} for s in seals]
        self.session.execute(statement, rows)

    def count_unsealed(self) -> int:
        statement = select(func.count()).select_from(AuditEntry).where(AuditEntry.hash.is_(None))
        return self.session.scalar(statement) or 0

    def head(self) -> AuditHead | None:
        return self.session.get(AuditHead, 1)

    def iterate(self, chunk: int = 1000) -> Iterator[AuditEntry]:
        last = 0
        while True:
            statement = select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(chunk)
            rows = self.session.scalars(statement).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].seq or last
            self.session.expunge_all()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(AuditEntry)) or 0

    def latest(self, limit: int, object_type: str | None = None, object_id: str | None = None) -> Sequence[AuditEntry]:
        statement = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if object_type:
            statement = statement.where(AuditEntry.object_type == object_type)
        if object_id:
            statement = statement.where(AuditEntry.object_id == object_id)
        return self.session.scalars(statement).all()
