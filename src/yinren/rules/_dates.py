"""Dates as int32 days since 1970-01-01, vectorised; the spec's calendar readings (section 1, 2a).

A null date is NULL_DATE, below every real date, so a comparison "on or before T" with a null is True:
every helper that reads a nullable date says what a null means.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.int32]
NULL_DATE = np.int32(np.iinfo(np.int32).min)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ORDINAL_DAYS = (date.min.toordinal() - _EPOCH_ORDINAL, date.max.toordinal() - _EPOCH_ORDINAL)
# Up to this many dates (one case's rows), Python's calendar beats a dozen numpy calls.
_SMALL = 16


def to_days(value: date) -> int:
    return value.toordinal() - _EPOCH_ORDINAL


def from_days(days: int) -> date:
    return date.fromordinal(int(days) + _EPOCH_ORDINAL)


def civil(days: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Year, month, day of each day number (Howard Hinnant's civil_from_days, proleptic Gregorian)."""
    flat = np.asarray(days, dtype=np.int64)
    if flat.ndim == 1 and flat.size <= _SMALL:
        parts = [_civil_one(day) for day in flat.tolist()]
        year = np.array([part[0] for part in parts], dtype=np.int64)
        month = np.array([part[1] for part in parts], dtype=np.int64)
        return year, month, np.array([part[2] for part in parts], dtype=np.int64)
    return _civil(flat)


def _civil_one(day: int) -> tuple[int, int, int]:
    """`_civil` of one day in Python integers: the same floor divisions, so the same answer."""
    if _ORDINAL_DAYS[0] <= day <= _ORDINAL_DAYS[1]:
        value = date.fromordinal(day + _EPOCH_ORDINAL)
        return value.year, value.month, value.day
    z = day + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, doy - (153 * mp + 2) // 5 + 1


def _civil(flat: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    z = flat + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


# Year and month*100+day of every day from 1900 to 2199: two gathers instead of the civil arithmetic.
_TABLE_START = to_days(date(1900, 1, 1))
_TABLE_YEAR, _TABLE_MONTH, _TABLE_DAY = _civil(np.arange(_TABLE_START, to_days(date(2200, 1, 1)), dtype=np.int64))
_TABLE_MD = _TABLE_MONTH * 100 + _TABLE_DAY


def year_and_month_day(days: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Year and month*100+day; dates outside 1900-2199 (and NULL_DATE) fall back to the arithmetic."""
    flat = np.asarray(days, dtype=np.int64)
    if flat.ndim == 1 and flat.size <= _SMALL:
        few = _few_year_and_month_day(flat.tolist())
        if few is not None:
            return few
    return _year_and_month_day(flat)


_TABLE_STOP = _TABLE_START + _TABLE_YEAR.size


def _few_year_and_month_day(days: list[int]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
    """The table's answer for a few dates, or None when one lies outside it (the arithmetic decides)."""
    years, month_days = [], []
    for day in days:
        if _TABLE_START <= day < _TABLE_STOP:
            value = date.fromordinal(day + _EPOCH_ORDINAL)
            years.append(value.year)
            month_days.append(value.month * 100 + value.day)
        elif day == NULL_DATE:  # the table's first entry, as the clipped gather reads it
            years.append(int(_TABLE_YEAR[0]))
            month_days.append(int(_TABLE_MD[0]))
        else:
            return None
    return np.array(years, dtype=np.int64), np.array(month_days, dtype=np.int64)


def _year_and_month_day(flat: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    index = flat - _TABLE_START
    inside = (index >= 0) & (index < _TABLE_YEAR.size)
    clipped = np.minimum(np.maximum(index, 0), _TABLE_YEAR.size - 1)  # np.clip costs more on small arrays
    year, month_day = _TABLE_YEAR[clipped], _TABLE_MD[clipped]
    # Dates beyond the table take the arithmetic; NULL_DATE rows keep a meaningless value callers mask.
    outside = ~inside & (flat != NULL_DATE)
    if outside.any():
        other_year, other_month, other_day = civil(flat[outside])
        year, month_day = year.copy(), month_day.copy()
        year[outside] = other_year
        month_day[outside] = other_month * 100 + other_day
    return year, month_day


def completed_years(start: npt.ArrayLike, end: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Whole years from start to end: age at a date (spec section 1).

    Month-and-day order decides the anniversary, so 29 February turns on 1 March in a common year,
    the reading of spec section 2a. Meaningless where start is NULL_DATE: callers mask it.
    """
    y1, md1 = year_and_month_day(start)
    if np.ndim(end) == 0:  # one date for all (as_of): no array work for it
        day = from_days(int(end))  # type: ignore[arg-type]
        return day.year - y1 - ((day.month * 100 + day.day) < md1)
    y2, md2 = year_and_month_day(end)
    return y2 - y1 - (md2 < md1)


def within_years_after(start: npt.ArrayLike, at: npt.ArrayLike, years: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """`start <= at < start + years` in calendar years (spec section 1); False where start is null."""
    start_ = np.asarray(start)
    at_ = np.asarray(at)
    inside: npt.NDArray[np.bool_] = (
        (start_ != NULL_DATE) & (start_ <= at_) & (completed_years(start_, at_) < np.asarray(years))
    )
    return inside


def month_index(days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Months since year 0 (year * 12 + month - 1): a period `YYYY-MM` as one integer."""
    year, month, _ = civil(days)
    return year * 12 + month - 1


def month_first_day(index: int) -> int:
    return to_days(date(index // 12, index % 12 + 1, 1))


def month_last_day(index: int) -> int:
    return month_first_day(index + 1) - 1


def period_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_period(text: str) -> int:
    """`YYYY-MM` to a month index; ValueError names what is wrong."""
    try:
        year_text, month_text = text.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        raise ValueError(f"period {text!r} is not YYYY-MM / 期间应为 YYYY-MM 格式") from None
    if not 1 <= month <= 12 or len(year_text) != 4 or len(month_text) != 2:
        raise ValueError(f"period {text!r} is not YYYY-MM / 期间应为 YYYY-MM 格式")
    return year * 12 + month - 1


def period_end(text: str) -> date:
    """The as_of of a batch run for a month: that month's last day (spec section 1)."""
    return from_days(month_last_day(parse_period(text)))


def add_years(value: date, years: int) -> date:
    """D + N years, with 29 February landing on 1 March in a common year (spec section 2a)."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, month=2, day=28) + timedelta(days=1)
