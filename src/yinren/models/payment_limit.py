from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

# m10_graduate_rent: 300 a month for at most 24 months (spec section 3, 第（十）条).
M10_RENT_MAX_MONTHS = 24


class PaymentLimit(Base):
    """Running totals per (measure, beneficiary) of live ledger entries, with their caps.

    Every entry of a capped measure adds to its row in the same transaction (an upsert, which locks the
    row on PostgreSQL; SQLite has one writer at a time), and the CHECKs refuse a total over the cap:
    m10_graduate_rent counts months (<= 24); m02_sme_award sums fen (<= the highest level's amount,
    就高补差). A cancelled entry gives its share back.
    """

    __tablename__ = "payment_limits"
    __table_args__ = (
        CheckConstraint("amount_fen >= 0 AND months >= 0", name="non_negative"),
        CheckConstraint("max_amount_fen IS NULL OR amount_fen <= max_amount_fen", name="amount_cap"),
        CheckConstraint("max_months IS NULL OR months <= max_months", name="months_cap"),
        CheckConstraint(
            f"measure_id <> 'm10_graduate_rent' OR (max_months IS NOT NULL AND max_months <= {M10_RENT_MAX_MONTHS})",
            name="m10_rent_months",
        ),
        CheckConstraint("measure_id <> 'm02_sme_award' OR max_amount_fen IS NOT NULL", name="m02_cap"),
    )

    measure_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    beneficiary_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    max_amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    months: Mapped[int] = mapped_column(Integer, default=0)
    max_months: Mapped[int | None] = mapped_column(Integer)
