"""Record audit events, seal them into the hash chain, and verify the chain.

``record`` only queues an event on the session; the queue is written just before the transaction
commits (a ``before_commit`` hook) and rolled back with everything else when the transaction fails, so
the log records what really happened. Lines are written *unsealed*, without taking any lock, so that
audited writes never wait for one another. ``seal`` then links every committed unsealed line into the
chain, in the order it finds them, under the head's lock: on SQLite within the writing transaction
(which holds the database's write lock anyway), on PostgreSQL by each worker's ``Sealer`` a fraction of
a second later (and by ``yinren audit verify`` before it checks). Until sealed, a line is protected by the
append-only triggers but not yet by the chain; the sealer's interval bounds that window.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..kit.actor import Actor
from ..models import GENESIS_HASH, AuditEntry, utcnow
from .repository import AuditRepository, Content, Seal
from .schemas import VerifyResult

_PENDING = "yinren_audit_pending"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: Actor
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=utcnow)


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str | int,
    **details: Any,
) -> None:
    """Queue an audit line (``action`` like ``application.submit`` or ``read.case``) for this transaction."""
    pending: list[AuditEvent] = session.info.setdefault(_PENDING, [])
    pending.append(AuditEvent(actor, action, object_type, str(object_id), details))


def canonical_details(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _instant(at: datetime) -> str:
    """The timestamp as hashed: UTC, microseconds, no zone (SQLite returns naive UTC datetimes)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(entry: AuditEntry | Content, seq: int | None = None, prev_hash: str | None = None) -> str:
    """A line's hash: of its own seq and link, or of those it is about to be sealed with."""
    payload = json.dumps(
        [
            entry.seq if seq is None else seq,
            _instant(entry.at),
            entry.actor_id,
            entry.actor,
            entry.actor_role,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.details,
            entry.prev_hash if prev_hash is None else prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _write_pending(session: Session) -> None:
    pending: list[AuditEvent] = session.info.pop(_PENDING, [])
    if not pending:
        return
    repository = AuditRepository(session)
    repository.insert_unsealed(
        [
            {
                "at": item.at,
                "actor_id": item.actor.user_id,
                "actor": item.actor.username,
                "actor_role": item.actor.role,
                "action": item.action,
                "object_type": item.object_type,
                "object_id": item.object_id,
                "details": canonical_details(item.details),
            }
            for item in pending
        ]
    )
    if repository.dialect == "sqlite":
        seal(session)


SEAL_LIMIT = 5000  # lines sealed by one round at most


def seal(session: Session, *, wait: bool = True, limit: int = SEAL_LIMIT) -> int:
    """Link committed unsealed lines (and this transaction's own) into the chain, oldest first; how
    many. With ``wait=False`` a seal already running elsewhere is left to finish the work (0)."""
    repository = AuditRepository(session)
    head = repository.lock_head(wait=wait)
    if head is None:
        return 0
    entries = repository.unsealed(limit)
    seq, previous, seals = head.seq, head.hash, []
    for entry in entries:
        seq += 1
        digest = entry_hash(entry, seq, previous)
        seals.append(Seal(entry.id, seq, previous, digest))
        previous = digest
    if seals:
        repository.seal(seals)
        head.seq, head.hash = seq, previous
        session.flush()
    return len(seals)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _write_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def seal_all(session: Session) -> int:
    """Seal every line waiting, however many rounds it takes; how many."""
    sealed = count = seal(session)
    while count == SEAL_LIMIT:  # more were waiting than one round takes
        count = seal(session)
        sealed += count
    return sealed


def verify(session: Session) -> VerifyResult:
    """Walk the sealed chain from the first line: seq without gaps, each hash recomputed, the head
    matching; and count the lines still waiting to be sealed. Reads only (a supervisor may run it):
    `seal_all` first to check the lines written until now."""
    repository = AuditRepository(session)
    expected_seq, previous, count = 1, GENESIS_HASH, 0
    for entry in repository.iterate():
        problem = _problem(entry, expected_seq, previous)
        if problem:
            return VerifyResult(
                ok=False,
                entries=count,
                head_seq=expected_seq - 1,
                first_bad_seq=entry.seq if problem[0] != "gap" else expected_seq,
                problem_zh=problem[1],
                problem_en=problem[2],
            )
        # A walked line has its seq (the query asks for it); a hash removed by hand fails above.
        expected_seq, previous, count = (entry.seq or 0) + 1, entry.hash or "", count + 1
    head = repository.head()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != count or head_hash != previous:
        return VerifyResult(
            ok=False,
            entries=count,
            head_seq=head_seq,
            first_bad_seq=count + 1,
            problem_zh=f"日志末尾缺失：链头记录为第 {head_seq} 条，实际只有 {count} 条。",
            problem_en=f"Entries missing at the end: the head says {head_seq}, the log holds {count}.",
        )
    return VerifyResult(ok=True, entries=count, head_seq=head_seq, unsealed=repository.count_unsealed())


def _problem(entry: AuditEntry, expected_seq: int, previous: str) -> tuple[str, str, str] | None:
    if entry.seq != expected_seq:
        return (
            "gap",
            f"第 {expected_seq} 条记录缺失（下一条为第 {entry.seq} 条）。",
            f"Entry {expected_seq} is missing (the next one is {entry.seq}).",
        )
    if entry.prev_hash != previous:
        return (
            "link",
            f"第 {entry.seq} 条记录的前序哈希与上一条不符。",
            f"Entry {entry.seq} does not link to the entry before it.",
        )
    if entry_hash(entry) != entry.hash:
        return (
            "hash",
            f"第 {entry.seq} 条记录的内容已被修改（哈希不符）。",
            f"Entry {entry.seq} was altered (its hash does not match).",
        )
    return None
