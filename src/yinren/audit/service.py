"""Record audit events and verify the chain.

``record`` only queues an event on the session; the queue is written just before the transaction
commits (a ``before_commit`` hook), holding the head lock for as short a time as possible, and rolled
back with everything else when the transaction fails, so the log records what really happened.
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
from .repository import AuditRepository
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


def entry_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.seq,
            _instant(entry.at),
            entry.actor_id,
            entry.actor,
            entry.actor_role,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.details,
            entry.prev_hash,
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
    head = repository.lock_head()
    seq, previous = head.seq, head.hash
    for item in pending:
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=item.at,
            actor_id=item.actor.user_id,
            actor=item.actor.username,
            actor_role=item.actor.role,
            action=item.action,
            object_type=item.object_type,
            object_id=item.object_id,
            details=canonical_details(item.details),
            prev_hash=previous,
        )
        entry.hash = entry_hash(entry)
        repository.add(entry)
        previous = entry.hash
    head.seq, head.hash = seq, previous
    session.flush()


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _write_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def verify(session: Session) -> VerifyResult:
    """Walk the chain from the first line: seq without gaps, each hash recomputed, the head matching."""
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
        expected_seq, previous, count = entry.seq + 1, entry.hash, count + 1
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
    return VerifyResult(ok=True, entries=count, head_seq=head_seq)


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
