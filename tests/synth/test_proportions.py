"""The city's shares stay inside the ranges docs/synthetic-city.md states (section 10).

At 20,000 persons the sampling error of a share is below 0.4 percentage points; the ranges are wider.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from yinren.rules._tables import Tables

from .conftest import AS_OF, PEOPLE

GRADUATE = ["junior_college", "bachelor", "master", "doctor"]


def share(frame: pl.DataFrame, expr: pl.Expr) -> float:
    return float(frame.select(expr.cast(pl.Float64).mean()).item())


def with_age(city: Tables) -> pl.DataFrame:
    born = pl.col("birth_date")
    age = AS_OF.year - born.dt.year() - ((AS_OF.month * 100 + AS_OF.day) < born.dt.month() * 100 + born.dt.day())
    return city["persons"].with_columns(age=age)


def test_age_pyramid_and_sex(city: Tables) -> None:
    persons = with_age(city)
    assert abs(share(persons, pl.col("age") <= 14) - 0.1293) < 0.015
    assert abs(share(persons, pl.col("age") >= 65) - 0.1454) < 0.015
    assert 0.49 < share(persons, pl.col("sex") == "male") < 0.53


def test_births_about_20000_a_year_at_3_6_million(city: Tables) -> None:
    last_year = city["births"].filter(pl.col("birth_date") > date(2023, 6, 30))
    expected = 20_000 * PEOPLE / 3_604_100
    assert 0.7 * expected < last_year.height < 1.3 * expected


def test_hukou_and_residence(city: Tables) -> None:
    persons = city["persons"]
    assert 0.20 < share(persons, ~pl.col("hukou_in_hohhot")) < 0.35
    assert 0.08 < share(persons, pl.col("hukou_since").is_not_null()) < 0.20
    assert share(persons, pl.col("lives_in_hohhot")) > 0.93
    moved = persons.filter(pl.col("hukou_since").is_not_null())
    assert moved["hukou_in_hohhot"].all() and (moved["hukou_since"] > moved["birth_date"]).all()


def test_education_of_a_university_city(city: Tables) -> None:
    persons = with_age(city)
    assert 0.25 < share(persons, pl.col("education_level").is_in(GRADUATE) | pl.col("in_school")) < 0.36
    graduates = persons.filter(pl.col("education_level").is_in(GRADUATE))
    assert 0.35 < share(graduates, pl.col("education_level") == "junior_college") < 0.50
    assert 0.40 < share(graduates, pl.col("education_level") == "bachelor") < 0.58
    assert 0.05 < share(graduates, pl.col("education_level").is_in(["master", "doctor"])) < 0.14
    assert 0.85 < share(graduates, pl.col("full_time")) < 0.95
    assert graduates["graduation_date"].is_not_null().all()
    assert (graduates["graduation_date"] <= AS_OF).all()
    assert (graduates["graduation_date"] > graduates["birth_date"]).all()
    assert persons.filter(~pl.col("education_level").is_in(GRADUATE))["graduation_date"].is_null().all()


def test_housing_shares(city: Tables) -> None:
    adults = with_age(city).filter(pl.col("age") >= 18)
    assert 0.45 < share(adults, pl.col("owns_home_in_hohhot")) < 0.70
    assert 0.01 < share(adults, pl.col("public_rental_qualified")) < 0.05
    assert not adults.filter(pl.col("public_rental_allocated") & ~pl.col("public_rental_qualified")).height
    assert not adults.filter(pl.col("owns_home_in_hohhot") & pl.col("in_affordable_rental")).height
    assert 0.25 < share(adults, pl.col("provident_fund_balance") > 0) < 0.50


def test_families(city: Tables) -> None:
    persons = with_age(city)
    minors = persons.filter(pl.col("age") < 18)
    assert share(minors, pl.col("mother_id").is_not_null() | pl.col("father_id").is_not_null()) > 0.95
    mothers = minors.join(
        persons.select("person_id", mother_birth="birth_date"), left_on="mother_id", right_on="person_id"
    )
    gap = (mothers["birth_date"] - mothers["mother_birth"]).dt.total_days() / 365.2425
    assert gap.min() >= 19.9 and gap.max() <= 46  # type: ignore[operator]
    assert set(city["births"]["birth_order"].unique().to_list()) == {1, 2, 3, 4}


def test_employment(city: Tables) -> None:
    persons = with_age(city)
    jobs = city["employments"]
    current = jobs.filter(pl.col("ended_on").is_null())
    prime = persons.filter(pl.col("age").is_between(25, 49))
    assert 0.65 < share(prime, pl.col("person_id").is_in(current["person_id"].implode())) < 0.90
    assert jobs.group_by("person_id").len()["len"].max() >= 2  # type: ignore[operator]
    assert jobs.filter(pl.col("contract_signed_on") >= date(2023, 1, 1)).height > 0
    assert jobs["hired_from_registered_unemployment"].any()
    elapsed = (
        (AS_OF.year * 12 + AS_OF.month)
        - (pl.col("contract_signed_on").dt.year() * 12 + pl.col("contract_signed_on").dt.month())
        + 1
    )
    assert jobs.filter(pl.col("insured_months") > elapsed).height == 0
    assert jobs.filter(pl.col("ended_on") < pl.col("contract_signed_on")).height == 0


def test_enterprises(city: Tables) -> None:
    firms = city["enterprises"]
    assert 0.09 < firms.height / PEOPLE < 0.13
    assert 0.50 < share(firms, pl.col("kind") == "individual_business") < 0.65
    founders = firms.filter(pl.col("founder_id").is_not_null())
    assert (founders["kind"].is_in(["enterprise", "individual_business"])).all()
    assert firms.filter(pl.col("founder_id").is_not_null() & (pl.col("size").is_in(["medium", "large"]))).height == 0
    assert firms["credit_blacklisted"].any() and (~firms["contributions_normal"]).any()
    assert firms["is_daycare"].sum() >= 3
    recent = firms.filter(pl.col("founded_on") >= date(2023, 8, 24), pl.col("rent_paid").is_not_null())
    assert recent.height > 0
    with_birth = founders.join(
        city["persons"].select("person_id", "birth_date"), left_on="founder_id", right_on="person_id"
    )
    assert (with_birth["founded_on"] >= with_birth["birth_date"].dt.offset_by("18y")).all()


def test_purchases(city: Tables) -> None:
    purchases = city["home_purchases"]
    assert set(purchases["property_kind"].unique().to_list()) == {"new_commercial", "second_hand", "other"}
    assert 0.30 < share(purchases, pl.col("area_m2") <= 90) < 0.50
    assert 0.08 < share(purchases, pl.col("deed_tax_paid").is_null()) < 0.25
    assert (
        purchases.filter(pl.col("area_m2") == 90).height > 0 and purchases.filter(pl.col("area_m2") == 140).height > 0
    )
    buyers = city["persons"].filter(
        pl.col("person_id").is_in(
            purchases.filter(pl.col("in_hohhot"), pl.col("signed_on") <= AS_OF)["buyer_id"].implode()
        )
    )
    assert buyers["owns_home_in_hohhot"].all()


def test_receipts_follow_the_result_identity(city: Tables) -> None:
    receipts = city["receipts"]
    person = city["persons"]["person_id"].implode()
    firm = city["enterprises"]["enterprise_id"].implode()
    by_measure = {name: frame for (name,), frame in receipts.group_by("measure_id")}
    for measure in ("m10_graduate_rent", "m08_lease_subsidy"):
        frame = by_measure[measure]
        assert (frame["beneficiary_id"] == frame["source_id"]).all()
        monthly = frame.filter(pl.col("period").is_not_null())
        assert (monthly["months"] == 1).all()
    assert by_measure["m04_hiring_subsidy"].select(pl.col("beneficiary_id").is_in(firm).all()).item()
    assert by_measure["m04_hiring_subsidy"].select(pl.col("source_id").is_in(person).all()).item()
    assert by_measure["m15_childcare_allowance"].select(pl.col("source_id").is_in(person).all()).item()
    assert by_measure["m02_sme_award"]["source_id"].str.count_matches(":").eq(2).all()
    assert by_measure["m15_daycare_subsidy"]["source_id"].str.contains(r"^[0-9X]{18}:\d{4}-\d{2}-\d{2}$").all()
    one_time = receipts.filter(
        ~pl.col("measure_id").is_in(["m10_graduate_rent", "m08_lease_subsidy", "m15_daycare_subsidy"])
    )
    assert one_time["period"].is_null().all()
    assert receipts.filter(pl.col("paid_on") > AS_OF).height == 1  # the planted late payment only
    assert (
        receipts.select("measure_id", "source_id", "period")
        .filter(pl.col("period").is_not_null())
        .is_duplicated()
        .sum()
        == 0
    )
