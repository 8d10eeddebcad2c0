"""The status and forecast rules at their boundaries (督查督办)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from yinren.supervision import rules
from yinren.supervision.rules import Period, Point, Status

AMBER = Fraction(4, 5)
# A 100-day window from 0 to 1,000: on day d the expected value is 10 × d.
START, END = date(2024, 1, 1), date(2024, 4, 10)
PERIOD = Period(START, END, Fraction(1000), Fraction(0), START)


def day(n: int) -> date:
    return date.fromordinal(START.toordinal() + n)


def assess(points: list[tuple[int, float]], on: int, kind: str = "count", period: Period = PERIOD) -> rules.Assessment:
    return rules.assess(kind, period, [Point(day(d), rules.number(v)) for d, v in points], day(on), AMBER)


def test_exactly_the_expected_value_is_green() -> None:
    result = assess([(50, 500)], on=50)
    assert result.expected == 500 and result.status is Status.GREEN and result.rule == "on_track"


def test_just_below_the_expected_value_is_amber() -> None:
    assert assess([(50, 499)], on=50).status is Status.AMBER


def test_exactly_eighty_percent_of_expected_progress_is_amber_and_just_below_is_red() -> None:
    assert assess([(50, 400)], on=50).rule == "near_track"
    below = assess([(50, 399.99)], on=50)
    assert below.status is Status.RED and below.rule == "behind"


def test_eighty_percent_counts_progress_over_the_baseline_not_the_value() -> None:
    period = Period(START, END, Fraction(1100), Fraction(100), START)  # expected at day 50: 600
    assert assess([(50, 500)], on=50, period=period).status is Status.AMBER  # progress 400 = 80% of 500
    assert assess([(50, 499)], on=50, period=period).status is Status.RED


def test_forecast_reaching_the_target_makes_a_behind_target_amber() -> None:
    # Late start, steep trend: 100 on day 40, 300 on day 50 → 20 a day → 1,300 at day 100.
    result = assess([(40, 100), (50, 300)], on=50)
    assert result.forecast == 1300
    assert result.status is Status.AMBER and result.rule == "forecast_reaches"


def test_forecast_is_least_squares_over_all_reports() -> None:
    # Points (10, 100), (20, 250), (30, 300): slope 10, mean (20, 216.67) → at day 100: 216.67 + 800.
    result = assess([(10, 100), (20, 250), (30, 300)], on=30)
    assert result.forecast == Fraction(650, 3) + 800


def test_one_report_forecasts_from_the_baseline() -> None:
    result = assess([(25, 150)], on=25)  # 6 a day from 0 → 600 at day 100
    assert result.forecast == 600
    assert result.status is Status.RED  # 150 < 0.8 × 250 and 600 < 1,000


def test_one_report_on_the_baseline_date_forecasts_its_own_value() -> None:
    assert assess([(0, 10)], on=0).forecast == 10


def test_zero_elapsed_expects_the_baseline() -> None:
    result = assess([(0, 0)], on=0)
    assert result.elapsed == 0 and result.expected == 0 and result.status is Status.GREEN


def test_no_report_is_no_data_before_the_deadline_and_red_after() -> None:
    assert assess([], on=50).status is Status.NO_DATA
    assert assess([], on=101).rule == "no_final_report"


def test_on_the_deadline_the_normal_rule_applies_and_after_it_met_or_not_met() -> None:
    assert assess([(100, 999)], on=100).status is Status.AMBER
    assert assess([(100, 999)], on=101).status is Status.RED
    met = assess([(100, 1000)], on=101)
    assert met.status is Status.GREEN and met.rule == "met" and met.past_deadline


def test_reports_after_the_board_date_are_not_seen() -> None:
    assert assess([(10, 100), (60, 1000)], on=30).actual == 100


def test_status_targets_done_or_not() -> None:
    assert assess([(10, 1)], on=50, kind="status").status is Status.GREEN
    assert assess([(10, 0)], on=50, kind="status").status is Status.AMBER
    assert assess([(10, 0)], on=101, kind="status").status is Status.RED
    assert assess([(10, 1)], on=50, kind="status").forecast is None


def yearly(on: date) -> Period:
    return rules.period_of(
        "yearly", date(2023, 8, 24), date(2026, 12, 31), Fraction(100), Fraction(0), date(2023, 8, 24), on
    )


def test_yearly_targets_reset_each_calendar_year() -> None:
    period = yearly(date(2025, 3, 1))
    assert (period.start, period.end, period.target) == (date(2025, 1, 1), date(2025, 12, 31), 100)
    last_year = [Point(date(2024, 12, 31), Fraction(120))]
    result = rules.assess("count", period, last_year, date(2025, 3, 1), AMBER)
    assert result.status is Status.NO_DATA and result.actual is None


def test_the_first_year_is_pro_rata() -> None:
    period = yearly(date(2023, 10, 1))
    assert period.start == date(2023, 8, 24) and period.end == date(2023, 12, 31)
    assert period.target == Fraction(100 * 130, 365)


def test_a_leap_year_counts_366_days() -> None:
    period = rules.period_of(
        "yearly", date(2024, 7, 1), date(2026, 12, 31), Fraction(366), Fraction(0), date(2024, 7, 1), date(2024, 8, 1)
    )
    assert period.target == 184


def test_yearly_target_after_its_last_year_stays_on_the_last_year() -> None:
    period = yearly(date(2027, 2, 1))
    assert period.start == date(2026, 1, 1) and period.end == date(2026, 12, 31)


def test_the_measure_is_as_bad_as_its_worst_target() -> None:
    assert rules.worst([Status.GREEN, Status.NO_DATA, Status.AMBER]) is Status.AMBER
    assert rules.worst([Status.GREEN, Status.NO_DATA]) is Status.NO_DATA
    assert rules.worst([]) is None


@pytest.mark.parametrize(
    ("as_of", "month"),
    [
        (date(2024, 6, 5), date(2024, 4, 1)),  # the May report is due on 5 June: not yet late
        (date(2024, 6, 6), date(2024, 5, 1)),
        (date(2024, 1, 3), date(2023, 11, 1)),
        (date(2024, 1, 6), date(2023, 12, 1)),
    ],
)
def test_the_month_whose_report_is_due(as_of: date, month: date) -> None:
    assert rules.due_month(as_of, 5) == month


def test_overdue_from_the_day_after_the_due_day() -> None:
    start, deadline = date(2023, 8, 24), date(2026, 8, 23)
    assert rules.overdue(start, deadline, date(2024, 4, 30), date(2024, 6, 5), 5) is None
    late = rules.overdue(start, deadline, date(2024, 4, 30), date(2024, 6, 6), 5)
    assert late == rules.Overdue(date(2024, 5, 1), date(2024, 6, 5), 1)
    assert rules.overdue(start, deadline, date(2024, 5, 2), date(2024, 6, 6), 5) is None
    assert rules.overdue(start, deadline, None, date(2024, 6, 6), 5, done=True) is None


def test_overdue_not_before_the_target_starts_and_only_the_final_report_after_the_deadline() -> None:
    assert rules.overdue(date(2024, 6, 1), date(2026, 8, 23), None, date(2024, 6, 20), 5) is None
    final = rules.overdue(date(2023, 8, 24), date(2026, 8, 23), date(2026, 7, 31), date(2026, 11, 26), 5)
    assert final is not None and final.month == date(2026, 8, 1) and final.due == date(2026, 9, 5)
    assert rules.overdue(date(2023, 8, 24), date(2026, 8, 23), date(2026, 8, 23), date(2026, 11, 26), 5) is None
