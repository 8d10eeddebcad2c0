"""All audit queries. Appends lock the single head row, so the chain stays linear under concurrency."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import GENESIS_HASH, AuditEntry, AuditHead


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_head(self) -> AuditHead:
        """The head row, locked FOR UPDATE until the transaction ends (created when absent)."""
        statement = select(AuditHead).where(AuditHead.id == 1).with_for_update()
        head = self.session.scalars(statement).one_or_none()
        if head is None:
            head = AuditHead(id=1, seq=0, hash=GENESIS_HASH)
            self.session.add(head)
            self.session.flush()
        return head

    def head(self) -> AuditHead | None:
        return self.session.get(AuditHead, 1)

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def iterate(self, chunk: int = 1000) -> Iterator[AuditEntry]:
        last = 0
        while True:
            statement = select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(chunk)
            rows = self.session.scalars(statement).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].seq
            self.session.expunge_all()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(AuditEntry)) or 0

    def latest(self, limit: int, object_type: str | None = None, object_id: str | None = None) -> Sequence[AuditEntry]:
        statement = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if object_type:
            statement = statement.where(AuditEntry.object_type == object_type)
        if object_id:
            statement = statement.where(AuditEntry.object_id == object_id)
        return self.session.scalars(statement).all()
