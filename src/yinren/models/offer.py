from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, sql_in, utcnow


class OfferState(StrEnum):
    """Spec section 5: offered → confirmed → accepted → paid; declined; withdrawn; superseded."""

    OFFERED = "offered"
    CONFIRMED = "confirmed"
    ACCEPTED = "accepted"
    PAID = "paid"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


OFFER_STATES = tuple(state.value for state in OfferState)
LIVE_OFFER_STATES = ("offered", "confirmed", "accepted", "paid")


class Offer(Base):
    """A 免申即享 offer: one row of a ``yinren match`` run's offers.parquet."""

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(sql_in("state", OFFER_STATES), name="state"),
        CheckConstraint("state <> 'withdrawn' OR reason IS NOT NULL", name="reason_required"),
        CheckConstraint("amount_fen >= 0", name="amount_non_negative"),
        # One live offer per result identity; a changed result supersedes the old offer.
        Index(
            "uq_offers_live_identity",
            "measure_id",
            "beneficiary_id",
            "source_id",
            "period",
            unique=True,
            sqlite_where=text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
            postgresql_where=text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
        ),
        Index("ix_offers_department_state", "lead_department", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    measure_id: Mapped[str] = mapped_column(String(64))
    beneficiary_id: Mapped[str] = mapped_column(String(18), index=True)
    source_id: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(7), default="")  # YYYY-MM, or '' for one-time
    value: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    lead_department: Mapped[str] = mapped_column(String(32))
    policy_version: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=OfferState.OFFERED)
    reason: Mapped[str | None] = mapped_column(Text)
    payee_account: Mapped[str | None] = mapped_column(String(64))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    responded_at: Mapped[datetime | None] = mapped_column(Timestamp)
