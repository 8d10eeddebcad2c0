from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Double, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, utcnow


class SupervisionReport(Base):
    """A department's progress report on a target: a value as of a date, with a narrative.

    A correction is a new row that names the row it supersedes (and why); the earlier row is kept and
    marked with ``superseded_at``, so no value is ever silently overwritten.
    """

    __tablename__ = "supervision_reports"
    __table_args__ = (
        CheckConstraint("value >= 0", name="value_non_negative"),
        CheckConstraint("supersedes_id IS NULL OR correction_reason IS NOT NULL", name="correction_reason"),
        Index("ix_supervision_reports_target_as_of", "target_id", "as_of"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("supervision_targets.id"))
    value: Mapped[float] = mapped_column(Double)
    as_of: Mapped[date] = mapped_column(Date)
    narrative: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(32))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_by: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_reports.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    superseded_at: Mapped[datetime | None] = mapped_column(Timestamp)


class SupervisionEvidence(Base):
    """A file attached to a report as evidence (kept in the database: small, and audited with the report)."""

    __tablename__ = "supervision_evidence"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_non_negative"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("supervision_reports.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
