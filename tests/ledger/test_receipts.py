"""The ledger's receipts, read for several beneficiaries at once (`ledger.service.ReceiptBook`), answer for
each beneficiary exactly what reading its own entries alone answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from yinren.ledger.service import ReceiptBook
from yinren.models import PaymentEntry

AS_OF = date(2024, 6, 30)


def _entry(measure_id: str, beneficiary_id: str, source_id: str, **extra: object) -> PaymentEntry:
    return PaymentEntry(
        measure_id=measure_id,
        beneficiary_id=beneficiary_id,
        source_id=source_id,
        period=extra.pop("period", ""),
        amount_fen=extra.pop("amount_fen", 150_000),
        months=extra.pop("months", 0),
        **extra,
    )


BOOK = ReceiptBook(
    [
        _entry("m10_graduate_rent", "A", "A", period="2024-05", months=1, amount_fen=50_000),
        _entry("m10_graduate_purchase", "B", "B", paid_at=datetime(2024, 8, 1, tzinfo=UTC)),
        _entry("m04_hiring_subsidy", "ENT-OTHER", "P", claim_key="P", paid_at=datetime(2024, 3, 1, tzinfo=UTC)),
    ]
)


def test_each_beneficiary_gets_only_its_own_entries() -> None:
    (rent,) = BOOK.receipts("A", [], AS_OF)
    assert rent == {
        "beneficiary_id": "A",
        "measure_id": "m10_graduate_rent",
        "amount": 500.0,
        "months": 1,
        "period": "2024-05",
        "paid_on": "2024-06-30",  # not paid yet: counted as received by as_of, so not offered again
        "source_id": "A",
    }
    (purchase,) = BOOK.receipts("B", [], AS_OF)
    assert purchase["paid_on"] == "2024-06-30"  # paid after as_of: no later than as_of
    assert purchase["months"] is None and purchase["period"] is None
    assert BOOK.receipts("C", [], AS_OF) == []


def test_an_employer_sees_m04_paid_for_its_hired_persons_by_anyone() -> None:
    (hired,) = BOOK.receipts("ENT-NEW", ["P", "Q"], AS_OF)
    assert (hired["beneficiary_id"], hired["source_id"], hired["paid_on"]) == ("ENT-OTHER", "P", "2024-03-01")
    assert BOOK.receipts("ENT-NEW", ["Q"], AS_OF) == []
    assert BOOK.receipts("ENT-NEW", ["A"], AS_OF) == []  # only m04 is found by the hired person
