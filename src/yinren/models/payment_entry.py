from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, sql_in, utcnow


class EntryState(StrEnum):
    PENDING = "pending"  # approved or accepted, not yet in a batch
    BATCHED = "batched"  # in a disbursement batch, not yet paid
    PAID = "paid"
    CANCELLED = "cancelled"


ENTRY_STATES = tuple(state.value for state in EntryState)
_LIVE = "state <> 'cancelled'"

# Measures paid once per person (spec 2a) and whose person the once-key names.
ONCE_PER_PERSON_KEYS = {
    "m04_hiring_subsidy": "source_id",  # per hired person, whoever the employer
    "m06_startup_rent": "beneficiary_id",  # per founder
    "m10_graduate_purchase": "beneficiary_id",  # per buyer
}


def _once_key_check() -> str:
    cases = " ".join(f"WHEN '{measure}' THEN claim_key = {column}" for measure, column in ONCE_PER_PERSON_KEYS.items())
    return f"CASE measure_id {cases} ELSE 1 = 1 END"


class PaymentEntry(Base):
    """One payment owed by the city: the spec's result identity, an amount in fen and a state.

    The database, not only the code, keeps the ledger honest:
    - one live entry per result identity (measure_id, beneficiary_id, source_id, period);
    - one live entry per once-key of a one-time measure (``claim_key``: the hired person for m04, the
      beneficiary for m06_startup_rent and m10_graduate_purchase, else the unit: child, purchase,
      certification, project), so a benefit is paid once whoever claims it;
    - monthly counts and 就高补差 totals in ``payment_limits``.
    """

    __tablename__ = "payment_entries"
    __table_args__ = (
        CheckConstraint(sql_in("state", ENTRY_STATES), name="state"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("months >= 0", name="months_non_negative"),
        CheckConstraint("(application_id IS NULL) <> (offer_id IS NULL)", name="one_origin"),
        CheckConstraint("(state = 'paid') = (paid_at IS NOT NULL)", name="paid_at"),
        CheckConstraint("state NOT IN ('batched', 'paid') OR batch_id IS NOT NULL", name="batched"),
        CheckConstraint("(period = '') = (claim_key IS NOT NULL)", name="claim_key_one_time"),
        CheckConstraint(_once_key_check(), name="once_per_person_key"),
        Index(
            "uq_payment_entries_identity",
            "measure_id",
            "beneficiary_id",
            "source_id",
            "period",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
        Index(
            "uq_payment_entries_once",
            "measure_id",
            "claim_key",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
        Index("ix_payment_entries_department_state", "department", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(64))
    beneficiary_id: Mapped[str] = mapped_column(String(18), index=True)
    source_id: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(7), default="")
    claim_key: Mapped[str | None] = mapped_column(String(128))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    months: Mapped[int] = mapped_column(Integer, default=0)
    department: Mapped[str] = mapped_column(String(32))
    policy_version: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("disbursement_batches.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=EntryState.PENDING)
    payee_account: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(Timestamp)
