"""The planted hard cases exist, sit exactly on their boundaries and move with the period."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from yinren.rules._tables import Tables
from yinren.synth import generate, planted_case_count

from .conftest import AS_OF


def plus_years(value: date, years: int) -> date:
    """D + N years; 29 February lands on 1 March (spec section 2a)."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return date(value.year + years, 3, 1)


def age_at(birth: date, at: date) -> int:
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def rows_of(city: Tables, table: str, column: str, person_id: object) -> pl.DataFrame:
    return city[table].filter(pl.col(column) == person_id)


def firm(city: Tables, case: str) -> dict[str, object]:
    rows = city["enterprises"].filter(pl.col("name") == "planted:" + case)
    assert rows.height == 1, case
    return rows.row(0, named=True)


def test_ages_35_and_36_at_the_period_end(planted: dict[str, dict[str, object]]) -> None:
    ages = {case: age_at(planted[case]["birth_date"], AS_OF) for case in planted if case.startswith("m10_age")}  # type: ignore[arg-type]
    assert ages == {"m10_age_35_today": 35, "m10_age_35_turns_36_tomorrow": 35, "m10_age_36_today": 36}
    assert planted["m10_age_35_today"]["birth_date"] == date(1989, 6, 30)
    assert planted["m10_age_35_turns_36_tomorrow"]["birth_date"] == date(1988, 7, 1)
    assert planted["m10_age_36_today"]["birth_date"] == date(1988, 6, 30)


def test_five_year_window_ends_on_the_period_end_and_the_day_before(planted: dict[str, dict[str, object]]) -> None:
    inside = planted["m10_window_ends_on_as_of"]["graduation_date"]
    outside = planted["m10_window_ended_day_before"]["graduation_date"]
    assert plus_years(inside, 5) - timedelta(days=1) == AS_OF  # type: ignore[arg-type]
    assert plus_years(outside, 5) - timedelta(days=1) == AS_OF - timedelta(days=1)  # type: ignore[arg-type]


def test_graduate_rent_months_already_received(city: Tables, planted: dict[str, dict[str, object]]) -> None:
    receipts = city["receipts"].filter(pl.col("measure_id") == "m10_graduate_rent")
    for case, months in (("m10_received_23_months", 23), ("m10_received_24_months", 24)):
        person = planted[case]["person_id"]
        mine = rows_of(city.replace(receipts=receipts), "receipts", "beneficiary_id", person)
        assert (mine["source_id"] == person).all()
        assert mine["months"].sum() == months
        assert (mine["paid_on"] <= AS_OF).all()
    lump = rows_of(
        city.replace(receipts=receipts), "receipts", "beneficiary_id", planted["m10_received_23_months"]["person_id"]
    )
    assert lump.filter(pl.col("period").is_null())["months"].to_list() == [12]


def test_random_graduates_never_exceed_the_24_month_cap(city: Tables) -> None:
    receipts = city["receipts"].filter(pl.col("measure_id") == "m10_graduate_rent")
    assert receipts.group_by("beneficiary_id").agg(pl.col("months").sum())["months"].max() <= 24  # type: ignore[operator]


@pytest.mark.parametrize(
    ("case", "signed", "insured"),
    [
        ("m04_hire_2023-12-31_insured_1", date(2023, 12, 31), 1),
        ("m04_hire_2023-12-31_insured_2", date(2023, 12, 31), 2),
        ("m04_hire_2024-01-01_insured_2", date(2024, 1, 1), 2),
        ("m04_hire_2024-01-01_insured_3", date(2024, 1, 1), 3),
        ("m04_hire_2022-12-31", date(2022, 12, 31), 19),
        ("m04_hire_2023-01-01", date(2023, 1, 1), 18),
    ],
)
def test_hires_at_the_window_and_minimum_months_boundaries(
    city: Tables, planted: dict[str, dict[str, object]], case: str, signed: date, insured: int
) -> None:
    jobs = rows_of(city, "employments", "person_id", planted[case]["person_id"])
    assert jobs.select("contract_signed_on", "insured_months").rows() == [(signed, insured)]
    employer = firm(city, "employer_ok")
    assert jobs["employer_id"].to_list() == [employer["enterprise_id"]]
    assert employer["kind"] == "enterprise" and employer["contributions_normal"]


def test_registered_unemployed_youths_aged_16_24_and_25(city: Tables, planted: dict[str, dict[str, object]]) -> None:
    for case, expected in (("age_24", 24), ("age_25", 25), ("age_16", 16)):
        person = planted[f"m04_registered_unemployed_{case}_at_hire"]
        job = rows_of(city, "employments", "person_id", person["person_id"]).row(0, named=True)
        assert job["hired_from_registered_unemployment"]
        assert age_at(person["birth_date"], job["contract_signed_on"]) == expected  # type: ignore[arg-type]


def test_purchases_either_side_of_the_rate_change_and_the_area_limits(city: Tables) -> None:
    buyers = city["persons"].filter(pl.col("name").str.starts_with("planted:m09_2024-"))
    purchases = city["home_purchases"].join(buyers.select("person_id"), left_on="buyer_id", right_on="person_id")
    assert sorted(purchases.select("signed_on", "area_m2").rows()) == sorted(
        (day, area) for day in (date(2024, 11, 30), date(2024, 12, 1)) for area in (90.0, 90.01, 140.0, 140.01)
    )
    assert (purchases["property_kind"] == "new_commercial").all()
    assert purchases["first_home"].all() and purchases["first_purchase"].all()
    assert purchases["deed_tax_paid"].is_null().all()
    assert city["home_purchases"]["deed_tax_paid"].is_not_null().any()


def test_junior_college_graduates_buying_before_and_from_the_policy_date(
    city: Tables, planted: dict[str, dict[str, object]]
) -> None:
    for signed in (date(2023, 8, 23), date(2023, 8, 24)):
        buyer = planted[f"m10_purchase_junior_college_{signed}"]
        assert buyer["education_level"] == "junior_college" and buyer["full_time"]
        purchase = rows_of(city, "home_purchases", "buyer_id", buyer["person_id"])
        assert purchase["signed_on"].to_list() == [signed]


def test_certifications_upgraded_and_repeated(city: Tables) -> None:
    def levels(case: str) -> list[tuple[str, date]]:
        rows = rows_of(city, "certifications", "enterprise_id", firm(city, case)["enterprise_id"])
        return sorted(rows.select("level", "recognized_on").rows(), key=lambda row: row[1])

    assert levels("m02_innovative_then_regional") == [
        ("innovative_sme", date(2023, 10, 10)),
        ("regional_specialized", date(2024, 3, 15)),
    ]
    assert levels("m02_same_level_twice") == [
        ("innovative_sme", date(2023, 9, 1)),
        ("innovative_sme", date(2024, 4, 1)),
    ]
    upgraded = firm(city, "m02_innovative_then_regional")["enterprise_id"]
    paid = city["receipts"].filter(pl.col("measure_id") == "m02_sme_award", pl.col("beneficiary_id") == upgraded)
    assert paid["source_id"].to_list() == [f"{upgraded}:innovative_sme:2023-10-10"]
    levels_seen = set(city["certifications"]["level"].to_list())
    assert levels_seen == {"national_little_giant", "regional_specialized", "innovative_sme"}


def test_births_around_the_policy_date_and_high_orders(city: Tables) -> None:
    named = city["persons"].filter(pl.col("name").str.starts_with("planted:")).select("person_id", "name")
    births = city["births"].join(named, left_on="child_id", right_on="person_id")
    by_name = {row["name"]: row for row in births.iter_rows(named=True)}
    assert by_name["planted:m15_birth_2023-08-24:child2"]["birth_date"] == date(2023, 8, 24)
    assert by_name["planted:m15_birth_2023-08-23:child2"]["birth_date"] == date(2023, 8, 23)
    assert {row["birth_order"] for row in by_name.values()} >= {2, 3, 4}
    assert by_name["planted:m15_order_4:child4"]["birth_order"] == 4
    father_only = by_name["planted:m15_father_only:child2"]
    assert father_only["mother_id"] is None and father_only["father_id"] is not None
    assert set(city["births"]["birth_order"].to_list()) <= {1, 2, 3, 4}


def test_born_on_29_february(planted: dict[str, dict[str, object]]) -> None:
    person = planted["born_29_february"]
    assert person["birth_date"] == date(2000, 2, 29)
    assert str(person["person_id"])[6:14] == "20000229"


def test_the_relative_cases_follow_the_period() -> None:
    city = generate(3_000, 1, "2025-02")
    as_of = date(2025, 2, 28)
    named = city["persons"].filter(pl.col("name").str.starts_with("planted:"))
    rows = {str(row["name"]).removeprefix("planted:"): row for row in named.iter_rows(named=True)}
    assert age_at(rows["m10_age_35_today"]["birth_date"], as_of) == 35
    assert age_at(rows["m10_age_36_today"]["birth_date"], as_of) == 36
    inside = rows["m10_window_ends_on_as_of"]["graduation_date"]
    assert inside == date(2020, 2, 29)  # + 5 years is 1 March 2025: the window still holds 28 February
    assert plus_years(inside, 5) > as_of >= plus_years(rows["m10_window_ended_day_before"]["graduation_date"], 5)
    assert named.height == planted_case_count("2025-02")


def test_the_earliest_period_has_no_person_born_or_graduated_after_it() -> None:
    city = generate(2_500, 2, "2023-08")
    as_of = date(2023, 8, 31)
    persons = city["persons"]
    assert (persons["birth_date"] <= as_of).all()
    assert (persons["graduation_date"].drop_nulls() <= as_of).all()
    assert (city["births"]["birth_date"] <= as_of).all()
    assert (city["receipts"].filter(pl.col("paid_on") > as_of).height) == 1
    future = city["employments"].filter(pl.col("contract_signed_on") > as_of)
    assert future.height > 0 and (future["insured_months"] == 0).all()
