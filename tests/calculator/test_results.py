"""The results: amounts from the engine, and near-miss hints at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from yinren.calculator import service
from yinren.calculator.schemas import Benefit, Results

from .test_questionnaire import GRADUATE

AS_OF = date(2026, 6, 30)


def _by_id(results: Results) -> dict[str, tuple[str, Benefit]]:
    found = {b.measure_id: ("eligible", b) for b in results.eligible}
    found.update({b.measure_id: ("near", b) for b in results.near})
    found.update({b.measure_id: ("other", b) for b in results.other})
    return found


def test_a_working_graduate_gets_the_rent_subsidy_monthly_and_over_two_years_with_reasons() -> None:
    results = service.calculate(GRADUATE, AS_OF, "zh")
    where, rent = _by_id(results)["m10_graduate_rent"]
    assert where == "eligible"
    assert (rent.monthly_fen, rent.one_time_fen, rent.two_year_fen) == (30_000, 0, 720_000)
    assert all(c.passed for c in rent.conditions)
    assert any("毕业5年内" in c.text for c in rent.conditions)
    assert results.monthly_fen == 30_000 and results.two_year_fen == 720_000


def test_one_month_of_social_insurance_short_is_a_near_miss_saying_so() -> None:
    results = service.calculate({**GRADUATE, "insured_months": "0"}, AS_OF, "zh")
    where, rent = _by_id(results)["m10_graduate_rent"]
    assert where == "near"
    assert rent.hint is not None and rent.hint.zh == "再缴纳1个月社保即可申领。"
    assert [c.name for c in rent.conditions if not c.passed] == ["works_in_hohhot"]
    assert results.two_year_fen == 0


def test_english_results_explain_in_english() -> None:
    results = service.calculate({**GRADUATE, "insured_months": "0"}, AS_OF, "en")
    _, rent = _by_id(results)["m10_graduate_rent"]
    assert rent.hint is not None and rent.hint.en == "Pay social insurance for 1 more month and you can apply."
    assert any("within 5 years" in c.text for c in rent.conditions)


@pytest.mark.parametrize(("paid", "needed", "expected"), [(0, 1, 1), (1, 1, None), (1, 3, 2), (2, 3, 1), (3, 3, None)])
def test_insurance_hint_counts_the_months_still_to_pay(paid: int, needed: int, expected: int | None) -> None:
    hint = service.insurance_hint(paid, needed)
    if expected is None:
        assert hint is None
    else:
        assert hint is not None and hint.zh == f"再缴纳{expected}个月社保即可申领。" and hint.fixable


def test_min_age_hint_names_the_birthday_and_is_gone_on_the_day() -> None:
    hint = service.min_age_hint(date(2008, 7, 1), 18, date(2026, 6, 30))
    assert hint is not None and hint.zh == "2026-07-01年满18周岁后即可申领。" and hint.fixable
    assert service.min_age_hint(date(2008, 7, 1), 18, date(2026, 7, 1)) is None


def test_max_age_hint_starts_the_day_after_the_last_qualifying_year() -> None:
    assert service.max_age_hint(date(1990, 7, 1), 35, date(2026, 6, 30)) is None  # still 35
    hint = service.max_age_hint(date(1990, 7, 1), 35, date(2026, 7, 1))  # 36 today
    assert hint is not None and not hint.fixable and "35周岁" in hint.zh and "36岁" in hint.zh


def test_graduation_hint_waits_for_students_and_closes_after_the_years() -> None:
    waiting = service.graduation_hint(date(2027, 6, 30), 5, AS_OF)
    assert waiting is not None and waiting.fixable and "2027-06-30" in waiting.zh
    assert service.graduation_hint(date(2021, 6, 30), 5, date(2026, 6, 29)) is None
    late = service.graduation_hint(date(2021, 6, 30), 5, date(2026, 6, 30))  # the fifth anniversary closes it
    assert late is not None and not late.fixable


@pytest.mark.parametrize(
    ("as_of", "eligible"),
    [(date(2026, 6, 29), True), (date(2026, 6, 30), False)],
)
def test_the_graduation_boundary_agrees_with_the_engine(as_of: date, eligible: bool) -> None:
    answers = {**GRADUATE, "graduation_date": "2021-06-30", "birth_date": "1999-01-01"}
    where, rent = _by_id(service.calculate(answers, as_of, "zh"))["m10_graduate_rent"]
    assert (where == "eligible") is eligible
    if not eligible:
        assert where == "other" and rent.hint is not None and not rent.hint.fixable


def test_an_over_age_graduate_is_told_why_but_not_listed_as_nearly_there() -> None:
    answers = {**GRADUATE, "birth_date": "1990-01-01"}
    where, rent = _by_id(service.calculate(answers, AS_OF, "zh"))["m10_graduate_rent"]
    assert where == "other"
    assert rent.hint is not None and "不能申领" in rent.hint.zh


def test_a_seventeen_year_old_is_told_when_they_can_settle() -> None:
    answers = {**GRADUATE, "education_level": "secondary", "birth_date": "2008-09-01", "employed_in_hohhot": "no"}
    where, settle = _by_id(service.calculate(answers, AS_OF, "zh"))["m18_settlement"]
    assert where == "near"
    assert settle.hint is not None and settle.hint.zh == "2026-09-01年满18周岁后即可申领。"


def test_a_child_too_young_for_school_gets_the_september_they_start() -> None:
    answers = {**GRADUATE, "children_count": "1", "child0_birth_date": "2021-10-01"}
    where, school = _by_id(service.calculate(answers, AS_OF, "zh"))["m12_school_enrollment"]
    assert where == "near" and school.for_child
    assert school.hint is not None and school.hint.zh == "孩子2028年9月1日满6周岁，届时即可入学。"


def test_school_age_hint_boundaries() -> None:
    assert service.school_age_hint(date(2019, 9, 1), 6, 15, AS_OF) is None  # 6 on 1 September 2025
    older = service.school_age_hint(date(2009, 1, 1), 6, 15, AS_OF)
    assert older is not None and not older.fixable


def test_a_hohhot_family_second_child_gets_the_one_time_allowance() -> None:
    answers = {
        **GRADUATE,
        "sex": "female",
        "hukou_in_hohhot": "yes",
        "children_count": "2",
        "child0_birth_date": "2019-09-01",
        "child1_birth_date": "2024-03-18",
    }
    results = service.calculate(answers, AS_OF, "zh")
    where, allowance = _by_id(results)["m15_childcare_allowance"]
    assert where == "eligible"
    assert allowance.one_time_fen == 500_000 and allowance.two_year_fen == 500_000
    assert results.one_time_fen == 500_000


def test_a_failing_condition_without_a_rule_of_its_own_falls_back_to_its_text() -> None:
    answers = {**GRADUATE, "public_rental_qualified": "no"}
    _, lease = _by_id(service.calculate(answers, AS_OF, "zh"))["m08_lease_subsidy"]
    assert lease.hint is not None and lease.hint.zh == "还差一项条件：符合公租房申请条件。"
