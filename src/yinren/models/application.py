from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, BigId, Timestamp, sql_in, utcnow
from .user import User


class ApplicationState(StrEnum):
    """Spec section 5: draft → submitted → in_review → approved | rejected | returned; → paid; withdrawn."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    PAID = "paid"


APPLICATION_STATES = tuple(state.value for state in ApplicationState)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # The same idempotency key never creates two applications (per applicant).
        UniqueConstraint("applicant_id", "idempotency_key"),
        CheckConstraint(sql_in("state", APPLICATION_STATES), name="state"),
        CheckConstraint("subject_kind IN ('person', 'enterprise')", name="subject_kind"),
        CheckConstraint("state NOT IN ('rejected', 'returned') OR reason IS NOT NULL", name="reason_required"),
        CheckConstraint("state IN ('draft', 'withdrawn') OR precheck IS NOT NULL", name="precheck_stored"),
        Index("ix_applications_department_state", "department", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    measure_id: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(32))
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[str] = mapped_column(String(18), index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    as_of: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=ApplicationState.DRAFT)
    reason: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The engine's pre-check at the last submission: the measure's result, and what it would pay.
    precheck: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    precheck_eligible: Mapped[bool | None] = mapped_column(Boolean)
    precheck_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    decided_at: Mapped[datetime | None] = mapped_column(Timestamp)

    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id], lazy="raise")
