"""The database itself refuses a second payment: these write rows directly, past the services."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from yinren.applications import precheck
from yinren.kit.actor import SYSTEM
from yinren.ledger import service as ledger
from yinren.models import Offer, PaymentEntry

BUYER = "150102200003150256"
FIRM_A, FIRM_B = "911501000000000017", "91150100000000002A"


def _origin(session) -> int:  # type: ignore[no-untyped-def]
    offer = Offer(
        run_id="t",
        measure_id="m",
        beneficiary_id="b",
        source_id="s",
        period="",
        value="1",
        amount_fen=1,
        kind="cash",
        lead_department="市人社局",
        policy_version="v",
        state="withdrawn",
        reason="test origin",
    )
    session.add(offer)
    session.flush()
    return offer.id


def _entry(db, **fields) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        row = {
            "measure_id": "m10_graduate_purchase",
            "beneficiary_id": BUYER,
            "source_id": "HP-1",
            "period": "",
            "claim_key": BUYER,
            "amount_fen": 2_000_000,
            "months": 0,
            "department": "市人社局",
            "policy_version": "v",
            "state": "pending",
            **fields,
        }
        session.add(PaymentEntry(offer_id=_origin(session), **row))


def test_one_live_entry_per_result_identity(db) -> None:
    _entry(db, measure_id="m09_deed_tax_subsidy", claim_key="HP-1", amount_fen=900_000)
    with pytest.raises(IntegrityError):
        _entry(db, measure_id="m09_deed_tax_subsidy", claim_key="HP-1", amount_fen=900_000)


def test_a_cancelled_entry_does_not_block_a_new_one(db) -> None:
    _entry(db, state="cancelled")
    _entry(db)


def test_once_per_person_whatever_the_purchase(db) -> None:
    _entry(db, source_id="HP-1")
    with pytest.raises(IntegrityError):
        _entry(db, source_id="HP-2")


def test_the_once_key_cannot_be_chosen_freely(db) -> None:
    with pytest.raises(IntegrityError):  # m10_graduate_purchase keys on the buyer, not the purchase
        _entry(db, claim_key="HP-1")


def test_m04_pays_once_per_hired_person_whoever_the_employer(db) -> None:
    hired = "150102200201010017"
    _entry(
        db, measure_id="m04_hiring_subsidy", beneficiary_id=FIRM_A, source_id=hired, claim_key=hired, amount_fen=150_000
    )
    with pytest.raises(IntegrityError):
        _entry(
            db,
            measure_id="m04_hiring_subsidy",
            beneficiary_id=FIRM_B,
            source_id=hired,
            claim_key=hired,
            amount_fen=150_000,
        )


def test_monthly_entries_have_a_period_and_no_once_key(db) -> None:
    with pytest.raises(IntegrityError):
        _entry(db, measure_id="m10_graduate_rent", source_id=BUYER, period="2024-06", claim_key=BUYER)


def test_payment_limit_checks_refuse_totals_over_the_caps(db) -> None:
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO payment_limits (measure_id, beneficiary_id, amount_fen, months, max_months) "
                "VALUES ('m10_graduate_rent', :b, 0, 25, 25)"
            ),
            {"b": BUYER},
        )
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO payment_limits (measure_id, beneficiary_id, amount_fen, months, max_amount_fen) "
                "VALUES ('m02_sme_award', :b, 100000001, 0, 100000000)"
            ),
            {"b": FIRM_A},
        )


def _rent_unit(month: int) -> precheck.Unit:
    period = f"{2024 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
    return precheck.Unit(BUYER, BUYER, period, "30000", 30_000)


def test_m10_rent_stops_at_24_months(db) -> None:
    measure = precheck.measure("m10_graduate_rent")
    for month in range(1, 25):
        with db.transaction() as session:
            origin = ledger.Origin(offer_id=_origin(session))
            ledger.create_entries(session, SYSTEM, measure, [_rent_unit(month)], origin, date(2024, 6, 30), "v")
    with pytest.raises(ledger.AlreadyClaimed), db.transaction() as session:
        origin = ledger.Origin(offer_id=_origin(session))
        ledger.create_entries(session, SYSTEM, measure, [_rent_unit(25)], origin, date(2024, 6, 30), "v")


def test_m02_pays_up_to_the_highest_level_only(db) -> None:
    measure = precheck.measure("m02_sme_award")
    award = [
        precheck.Unit(FIRM_A, f"{FIRM_A}:innovative_sme:2023-12-01", "", "20000000", 20_000_000),
        precheck.Unit(FIRM_A, f"{FIRM_A}:national_little_giant:2024-05-01", "", "80000000", 80_000_000),
    ]
    with db.transaction() as session:
        origin = ledger.Origin(offer_id=_origin(session))
        ledger.create_entries(session, SYSTEM, measure, award, origin, date(2024, 6, 30), "v")
    too_much = precheck.Unit(FIRM_A, f"{FIRM_A}:regional_specialized:2024-06-01", "", "1", 1)
    with pytest.raises(ledger.AlreadyClaimed), db.transaction() as session:
        origin = ledger.Origin(offer_id=_origin(session))
        ledger.create_entries(session, SYSTEM, measure, [too_much], origin, date(2024, 6, 30), "v")
