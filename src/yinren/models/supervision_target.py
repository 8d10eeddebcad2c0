from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Double, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, sql_in, utcnow

# How a target's value is read: a count (integer), a percentage (0-100), yuan, or done / not done (1 / 0).
TARGET_KINDS = ("count", "percent", "yuan", "status")
CADENCES = ("once", "yearly")
_VERSIONED = (
    *("code", "measure", "clause", "indicator_zh", "indicator_en", "unit", "kind", "target_value"),
    *("baseline_value", "baseline_date", "start_date", "deadline", "cadence", "lead_department"),
    *("co_departments", "source", "interpretation_zh", "interpretation_en", "retired_on", "version"),
)


class SupervisionTarget(Base):
    """A commitment of the city (spec section 4, 督查督办): one indicator of one measure, with its target.

    The row holds the current version; every change writes a ``SupervisionTargetRevision`` first, and a
    retired target is end-dated (``retired_on``), never deleted.
    """

    __tablename__ = "supervision_targets"
    __table_args__ = (
        CheckConstraint(sql_in("kind", TARGET_KINDS), name="kind"),
        CheckConstraint(sql_in("cadence", CADENCES), name="cadence"),
        CheckConstraint("target_value >= 0 AND baseline_value >= 0", name="values_non_negative"),
        CheckConstraint("start_date <= deadline", name="start_before_deadline"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    measure: Mapped[str] = mapped_column(String(16), index=True)  # m01..m18, or "headline"
    clause: Mapped[str] = mapped_column(String(16))
    indicator_zh: Mapped[str] = mapped_column(String(200))
    indicator_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    target_value: Mapped[float] = mapped_column(Double)
    baseline_value: Mapped[float] = mapped_column(Double)
    baseline_date: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(8))
    lead_department: Mapped[str] = mapped_column(String(32), index=True)
    co_departments: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)  # the clause and the spec row it comes from
    interpretation_zh: Mapped[str | None] = mapped_column(Text)
    interpretation_en: Mapped[str | None] = mapped_column(Text)
    retired_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    def snapshot(self) -> dict[str, Any]:
        """The version's content, as kept in its revision row."""
        out: dict[str, Any] = {}
        for name in _VERSIONED:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        return out


class SupervisionTargetRevision(Base):
    """One version of a target: what it said, who changed it, when and why."""

    __tablename__ = "supervision_target_revisions"
    __table_args__ = (UniqueConstraint("target_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("supervision_targets.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # created | changed | retired
    reason: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
