from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from yinren.rules import dates

D = dates.to_days


def test_age_turns_on_the_birthday() -> None:
    born = D(date(2000, 8, 25))
    assert dates.completed_years(born, D(date(2024, 8, 24))) == 23
    assert dates.completed_years(born, D(date(2024, 8, 25))) == 24


def test_29_february_turns_on_1_march_in_a_common_year() -> None:
    born = D(date(2004, 2, 29))
    assert dates.completed_years(born, D(date(2022, 2, 28))) == 17
    assert dates.completed_years(born, D(date(2022, 3, 1))) == 18
    assert dates.completed_years(born, D(date(2024, 2, 29))) == 20
    assert dates.add_years(date(2004, 2, 29), 18) == date(2022, 3, 1)


def test_within_years_after_excludes_the_anniversary() -> None:
    graduated = np.array([D(date(2019, 6, 30))], dtype=np.int32)
    assert dates.within_years_after(graduated, D(date(2024, 6, 29)), 5).all()
    assert not dates.within_years_after(graduated, D(date(2024, 6, 30)), 5).any()
    assert not dates.within_years_after(graduated, D(date(2019, 6, 29)), 5).any()
    assert not dates.within_years_after(np.array([dates.NULL_DATE]), D(date(2024, 1, 1)), 5).any()


@given(st.dates(date(1900, 1, 1), date(2199, 12, 31)), st.dates(date(1900, 1, 1), date(2199, 12, 31)))
def test_completed_years_matches_the_calendar(start: date, end: date) -> None:
    expected = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    assert dates.completed_years(D(start), D(end)) == expected


@given(st.dates(date(1700, 1, 1), date(2300, 12, 31)))
def test_civil_round_trips(day: date) -> None:
    year, month, dom = dates.civil(np.array([D(day)]))
    assert (int(year[0]), int(month[0]), int(dom[0])) == (day.year, day.month, day.day)
    assert dates.from_days(D(day)) == day


def test_periods() -> None:
    assert dates.period_end("2024-02") == date(2024, 2, 29)
    assert dates.period_label(dates.parse_period("2024-06")) == "2024-06"
    assert dates.month_last_day(dates.parse_period("2023-12")) + 1 == D(date(2024, 1, 1))
    assert D(date(2024, 1, 1)) - D(date(2023, 12, 31)) == 1 == (date(2024, 1, 1) - date(2023, 12, 31)) // timedelta(1)


def test_bad_period_names_the_format() -> None:
    for text in ("2024-13", "2024-6", "24-06", "June"):
        try:
            dates.parse_period(text)
        except ValueError as error:
            assert "YYYY-MM" in str(error)
        else:
            raise AssertionError(text)
