from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, sql_in, utcnow


class BatchState(StrEnum):
    OPEN = "open"  # entries assigned, exportable
    PAYING = "paying"  # the finance office is marking entries paid (resumable)
    PAID = "paid"


BATCH_STATES = tuple(state.value for state in BatchState)


class DisbursementBatch(Base):
    """A 发放批次: ledger entries grouped for the finance office."""

    __tablename__ = "disbursement_batches"
    __table_args__ = (
        CheckConstraint(sql_in("state", BATCH_STATES), name="state"),
        CheckConstraint("(state = 'paid') = (paid_at IS NOT NULL)", name="paid_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    department: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=BatchState.OPEN)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    total_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    exported_at: Mapped[datetime | None] = mapped_column(Timestamp)
    paid_at: Mapped[datetime | None] = mapped_column(Timestamp)
