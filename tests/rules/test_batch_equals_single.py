"""Evaluating N cases together gives exactly what evaluating each alone gives (issue: rules engine)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yinren.policies import load_policy
from yinren.rules import Tables, evaluate, read_case, schema
from yinren.rules._checksums import make_credit_code, make_person_id

POLICY = load_policy()
EMPLOYERS = [
    {
        "enterprise_id": make_credit_code(f"91150100MA{n:07d}"),
        "name": f"employer {n}",
        "kind": kind,
        "size": "small",
        "registered_in_hohhot": True,
        "founded_on": date(2010, 1, 1),
        "founder_id": None,
        "credit_blacklisted": n == 3,
        "contributions_normal": True,
        "rent_paid": None,
        "is_daycare": False,
    }
    for n, kind in ((1, "enterprise"), (2, "enterprise"), (3, "enterprise"), (4, "public_institution"))
]
IDENTITY = ["measure_id", "beneficiary_id", "source_id", "period", "value"]

days = st.integers(0, 4000).map(lambda n: date(2014, 1, 1) + timedelta(days=n))
# Most draws fall on the dates the rules turn on, where the measures pay (2023-2025).
BOUNDARIES = [
    date(2023, 8, 23),
    date(2023, 8, 24),
    date(2023, 12, 31),
    date(2024, 1, 1),
    date(2024, 3, 15),
    date(2024, 6, 30),
    date(2024, 11, 30),
    date(2024, 12, 1),
    date(2025, 5, 20),
]
recent = st.one_of(st.sampled_from(BOUNDARIES), st.integers(0, 900).map(lambda n: date(2023, 6, 1) + timedelta(n)))
some_day = st.one_of(recent, recent, days)
as_of_days = st.sampled_from([date(2024, 6, 30), date(2024, 12, 31), date(2025, 6, 30), date(2023, 9, 30)])


@st.composite
def person_case(draw: st.DrawFn, index: int) -> dict[str, Any]:
    birth = draw(
        st.one_of(st.dates(date(1990, 1, 1), date(2003, 12, 31)), st.dates(date(1975, 1, 1), date(2010, 12, 31)))
    )
    sex = draw(st.sampled_from(schema.SEXES))
    person_id = make_person_id("150102", birth, f"{index * 2 + (1 if sex == 'male' else 0):03d}")
    level = draw(st.one_of(st.sampled_from(schema.GRADUATE_LEVELS), st.sampled_from(schema.EDUCATION_LEVELS)))
    jobs = draw(
        st.lists(st.tuples(st.sampled_from(EMPLOYERS), some_day, st.integers(0, 30), st.booleans()), max_size=3)
    )
    kinds = st.one_of(st.just("new_commercial"), st.sampled_from(schema.PROPERTY_KINDS))
    homes = draw(st.lists(st.tuples(some_day, kinds, st.floats(40, 200), st.booleans()), max_size=2))
    founded = draw(st.one_of(st.none(), some_day))
    child_birth = draw(st.one_of(st.none(), recent))
    rent_months = draw(st.sampled_from([0, 1, 23, 24]))
    person: dict[str, Any] = {
        "person_id": person_id,
        "birth_date": birth,
        "sex": sex,
        "hukou_in_hohhot": draw(st.booleans()),
        "hukou_since": draw(st.one_of(st.none(), some_day.filter(lambda d: d > birth))),
        "lives_in_hohhot": draw(st.booleans()),
        "education_level": level,
        "full_time": draw(st.one_of(st.just(True), st.booleans())),
        "graduation_date": draw(
            st.one_of(
                st.sampled_from([date(2019, 6, 30), date(2022, 6, 30), date(2023, 6, 30)]),
                some_day,
                st.none(),
            ).filter(lambda d: d is None or d > birth)
        ),
        "in_school": draw(st.booleans()),
        "owns_home_in_hohhot": draw(st.one_of(st.just(False), st.booleans())),
        "public_rental_qualified": draw(st.booleans()),
        "public_rental_allocated": draw(st.one_of(st.just(False), st.booleans())),
        "in_affordable_rental": draw(st.one_of(st.just(False), st.booleans())),
        "provident_fund_balance": draw(st.sampled_from([0, 1000, 52000.5])),
        "mother_id": None,
        "father_id": None,
        "employments": [
            {
                "employer_id": employer["enterprise_id"],
                "contract_signed_on": signed,
                "ended_on": None,
                "insured_months": months,
                "works_in_hohhot": True,
                "hired_from_registered_unemployment": unemployed,
            }
            for employer, signed, months, unemployed in jobs
        ],
        "home_purchases": [
            {
                "purchase_id": f"HP-{index}-{n}",
                "signed_on": signed,
                "property_kind": kind,
                "in_hohhot": True,
                "area_m2": round(area, 2),
                "price": round(area * 9000, 2),
                "first_home": first or index % 2 == 0,
                "first_purchase": first or index % 3 == 0,
                "deed_tax_paid": None,
            }
            for n, (signed, kind, area, first) in enumerate(homes)
        ],
        "receipts": [
            {
                "measure_id": "m10_graduate_rent",
                "amount": 300 * rent_months,
                "months": rent_months,
                "period": None,
                "paid_on": date(2024, 1, 31),
                "source_id": person_id,
            }
        ]
        if rent_months
        else [],
    }
    if founded is not None:
        person["enterprises"] = [
            {
                **EMPLOYERS[0],
                "enterprise_id": make_credit_code(f"92150100MA{index:07d}"),
                "kind": "individual_business",
                "size": "micro",
                "founded_on": founded,
                "rent_paid": draw(st.sampled_from([None, 3000, 9000])),
            }
        ]
    if child_birth is not None:
        child_id = make_person_id("150105", child_birth, f"{500 + index:03d}")
        parent = "mother_id" if sex == "female" else "father_id"
        person["births"] = [
            {
                "child_id": child_id,
                "birth_date": child_birth,
                "birth_order": draw(st.integers(1, 4)),
                parent: person_id,
            }
        ]
    return {"person": person, "enterprises": EMPLOYERS}


def offers(frame: pl.DataFrame) -> set[tuple[Any, ...]]:
    return set(frame.select(IDENTITY).iter_rows())


def as_tables(rows: dict[str, list[dict[str, Any]]]) -> Tables:
    return Tables(
        {
            name: pl.DataFrame(table_rows, schema=schema.TABLES[name].polars_schema, orient="row")
            if table_rows
            else None
            for name, table_rows in rows.items()
            if table_rows
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(*[person_case(i) for i in range(n)])), as_of_days)
def test_together_equals_alone(cases: tuple[dict[str, Any], ...], as_of: date) -> None:
    as_of = max(as_of, date(2023, 8, 24))
    together: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.TABLES}
    alone: set[tuple[Any, ...]] = set()
    for document in cases:
        case = read_case(document)
        alone |= offers(evaluate(case.rows, as_of, policy=POLICY).offers())
        for name, table_rows in case.rows.items():
            together[name].extend(r for r in table_rows if name != "enterprises" or r["founder_id"])
    together["enterprises"].extend(EMPLOYERS)
    combined_rows = evaluate(together, as_of, policy=POLICY).offers()
    combined_polars = evaluate(as_tables(together), as_of, policy=POLICY).offers()
    assert offers(combined_rows) == alone
    assert offers(combined_polars) == alone


def test_a_unit_without_a_beneficiary_shows_an_empty_id_not_another_persons() -> None:
    # A birth with neither parent recorded: code -1 must not read as the last person of the domain.
    child = make_person_id("150105", date(2024, 1, 5), "501")
    rows: dict[str, list[dict[str, Any]]] = {
        "persons": [
            {
                "person_id": make_person_id("150102", date(1990, 1, 1), "011"),
                "birth_date": date(1990, 1, 1),
                "sex": "male",
                "education_level": "none",
            },
        ],
        "births": [
            {"child_id": child, "mother_id": None, "father_id": None, "birth_date": date(2024, 1, 5), "birth_order": 2}
        ],
    }
    frame = evaluate(as_tables(rows), date(2024, 6, 30), policy=POLICY).measure_frame("m15_childcare_allowance")
    assert frame["beneficiary_id"].to_list() == [""]
    assert frame["source_id"].to_list() == [child]
