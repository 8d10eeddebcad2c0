from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp


class AuditEntry(Base):
    """One line of the append-only audit log, hash-chained to the line before.

    A line is written by the transaction that does what it records, *unsealed* (``seq``, ``prev_hash``
    and ``hash`` empty), so that writers never wait for one another; the sealer then links the lines
    in the order it finds them committed: ``seq`` 1, 2, 3, ... without gaps, and
    ``hash = sha256(canonical(seq, at, actor, action, object, details) + prev_hash)``
    (``audit/service.py``). Triggers refuse DELETE, and any UPDATE but sealing an unsealed line (see
    the migrations); ``yinren audit verify`` detects a sealed line altered or deleted by someone who
    bypassed them.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(Timestamp)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(128))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as stored
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)
