"""Dates for the synthetic city: int32 days since 1970-01-01, vectorised, with the spec's calendar.

A null date is NULL (the int32 minimum). "D + N years" lands 29 February on 1 March in a common year
(spec section 2a); going back N years lands it on 28 February, so that `back(T, N) + 1 day` is the first
start whose N-year window still holds T.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from yinren.rules import dates

Days = npt.NDArray[np.int32]
Ints = npt.NDArray[np.int64]
NULL = np.int32(np.iinfo(np.int32).min)
_EPOCH = date(1970, 1, 1)
YEAR = 365.2425  # mean Gregorian year in days, for drawing durations

POLICY_START = date(2023, 8, 24)  # E, the notice's date (spec section 1)
EARLIEST_PERIOD = "2023-08"  # planted births on 2023-08-23/24 must not lie after as_of
LATEST_PERIOD = "2035-12"


def day(value: date) -> int:
    return (value - _EPOCH).days


def ymd(year: int, month: int, dom: int) -> int:
    return day(date(year, month, dom))


def to_date(days: int) -> date:
    return _EPOCH + timedelta(days=int(days))


def _civil_arithmetic(days: npt.ArrayLike) -> tuple[Ints, Ints, Ints]:
    """Year, month, day of each day number: the engine's own calendar (yinren.rules.dates.civil)."""
    return dates.civil(days)


# Lookup tables for 1850-2149: a gather is several times faster than the arithmetic.
_FIRST_YEAR, _LAST_YEAR = 1850, 2149
_LOW = (date(_FIRST_YEAR, 1, 1) - _EPOCH).days
_HIGH = (date(_LAST_YEAR + 1, 1, 1) - _EPOCH).days
_Y, _M, _D = _civil_arithmetic(np.arange(_LOW, _HIGH))
_MONTH_START = np.array(
    [(date(y, m, 1) - _EPOCH).days for y in range(_FIRST_YEAR, _LAST_YEAR + 1) for m in range(1, 13)],
    dtype=np.int64,
)


_LEAP_YEAR = np.array(
    [_MONTH_START[i * 12 + 2] - _MONTH_START[i * 12 + 1] == 29 for i in range(_LAST_YEAR - _FIRST_YEAR + 1)]
)


def civil(days: npt.ArrayLike) -> tuple[Ints, Ints, Ints]:
    """Year, month, day of each day number (proleptic Gregorian)."""
    d = np.asarray(days, dtype=np.int64)
    if d.size and (d.min() < _LOW or d.max() >= _HIGH):
        return _civil_arithmetic(d)
    i = d - _LOW
    return _Y[i], _M[i], _D[i]


def from_civil(year: npt.ArrayLike, month: npt.ArrayLike, dom: npt.ArrayLike) -> Ints:
    """Day numbers of year, month, day (the inverse of `civil`)."""
    y = np.asarray(year, dtype=np.int64)
    m = np.asarray(month, dtype=np.int64)
    d = np.asarray(dom, dtype=np.int64)
    if y.size and (y.min() < _FIRST_YEAR or y.max() > _LAST_YEAR):
        y_ = y - (m <= 2)
        era = np.floor_divide(y_, 400)
        yoe = y_ - era * 400
        doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
        return np.asarray(era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468, dtype=np.int64)
    return np.asarray(_MONTH_START[(y - _FIRST_YEAR) * 12 + m - 1] + d - 1, dtype=np.int64)


def _leap(year: Ints) -> npt.NDArray[np.bool_]:
    if year.size and year.min() >= _FIRST_YEAR and year.max() <= _LAST_YEAR:
        return np.asarray(_LEAP_YEAR[year - _FIRST_YEAR], dtype=bool)
    return np.asarray(((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0), dtype=bool)


def add_years(days: npt.ArrayLike, years: npt.ArrayLike) -> Ints:
    """D + N years; 29 February lands on 1 March in a common year (spec section 2a)."""
    y, m, d = civil(days)
    y = y + np.asarray(years, dtype=np.int64)
    bumped = (m == 2) & (d == 29) & ~_leap(y)
    return from_civil(y, np.where(bumped, 3, m), np.where(bumped, 1, d))


def back_years(value: date, years: int) -> date:
    """value - N years, 29 February landing on 28 February."""
    try:
        return value.replace(year=value.year - years)
    except ValueError:
        return value.replace(year=value.year - years, day=28)


def age(birth: npt.ArrayLike, at: npt.ArrayLike) -> Ints:
    """Completed years at a date; a 29 February birthday turns on 1 March in a common year."""
    y1, m1, d1 = civil(birth)
    y2, m2, d2 = civil(at)
    return y2 - y1 - ((m2 * 100 + d2) < (m1 * 100 + d1))


def month_index(days: npt.ArrayLike) -> Ints:
    """Months since year 0 (year * 12 + month - 1)."""
    y, m, _ = civil(days)
    return y * 12 + m - 1


def month_start(index: npt.ArrayLike) -> Ints:
    i = np.asarray(index, dtype=np.int64)
    return from_civil(i // 12, i % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    """The month the city is made for; the match runs as of its last day (spec section 1)."""

    label: str
    index: int  # year * 12 + month - 1
    as_of: int  # day number of the month's last day

    @property
    def as_of_date(self) -> date:
        return to_date(self.as_of)

    @property
    def first_day(self) -> int:
        return int(month_start(self.index))


def parse_period(text: str) -> Period:
    """`YYYY-MM` between EARLIEST_PERIOD and LATEST_PERIOD; ValueError says what is wrong."""
    parts = text.split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2 or not (parts[0] + parts[1]).isdigit():
        raise ValueError(f"period {text!r} is not YYYY-MM / 期间应为 YYYY-MM 格式")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        raise ValueError(f"period {text!r} is not YYYY-MM / 期间应为 YYYY-MM 格式")
    if not EARLIEST_PERIOD <= text <= LATEST_PERIOD:
        raise ValueError(
            f"period {text!r} is outside {EARLIEST_PERIOD}..{LATEST_PERIOD} / "
            f"期间须在 {EARLIEST_PERIOD} 至 {LATEST_PERIOD} 之间"
        )
    index = year * 12 + month - 1
    return Period(text, index, int(month_start(index + 1)) - 1)
