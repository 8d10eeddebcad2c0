"""The status and forecast rules of 督查督办, as pure functions (written out on the dashboard too).

For a target's current period (the whole window for a one-off target; the calendar year for a yearly one,
the first and last years cut to the window and their target pro rata):

- expected progress = elapsed share of the period × (target − baseline);
- green  when actual progress (latest value − baseline) >= expected progress;
- amber  when actual progress >= ``amber_share`` (0.8) × expected progress, or the forecast reaches the target;
- red    otherwise; a target past its period's end is green when met, else red;
- a done / not-done target is green when done, amber while not done before its deadline, red after;
- no value reported in the period: "no report" (red once the period is over: nothing shows it was met).

Forecast: the least-squares line through the period's reported values (two or more), or with one value the
line from the baseline through it, read at the period's end. Arithmetic is exact (fractions), so a value at
exactly a boundary lands on the side the rule says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"


# Worst first: a measure's status is the worst of its targets' (no report counts below red).
SEVERITY = {Status.RED: 0, Status.AMBER: 1, Status.NO_DATA: 2, Status.GREEN: 3}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    target: Fraction
    baseline: Fraction
    baseline_date: date  # where a single report's forecast line starts


@dataclass(frozen=True, slots=True)
class Point:
    as_of: date
    value: Fraction


@dataclass(frozen=True, slots=True)
class Assessment:
    status: Status
    elapsed: Fraction  # share of the period gone, 0..1
    expected: Fraction  # the value expected by now
    actual: Fraction | None
    forecast: Fraction | None
    past_deadline: bool
    rule: str  # which clause of the rule decided (shown next to the badge)


def number(value: float | int | str) -> Fraction:
    """An exact fraction of a decimal as written (0.8 is 4/5, not the float nearest to it)."""
    return Fraction(str(value))


def period_of(
    cadence: str,
    start: date,
    deadline: date,
    target: Fraction,
    baseline: Fraction,
    baseline_date: date,
    as_of: date,
) -> Period:
    """The period a target is judged over at ``as_of``."""
    if cadence != "yearly":
        return Period(start, deadline, target, baseline, baseline_date)
    year = min(max(as_of.year, start.year), deadline.year)
    begin = max(date(year, 1, 1), start)
    end = min(date(year, 12, 31), deadline)
    year_days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    share = Fraction((end - begin).days + 1, year_days)
    return Period(begin, end, baseline + (target - baseline) * share, baseline, begin)


def elapsed_share(period: Period, as_of: date) -> Fraction:
    span = (period.end - period.start).days
    if span <= 0:
        return Fraction(1) if as_of >= period.end else Fraction(0)
    gone = (as_of - period.start).days
    return min(max(Fraction(gone, span), Fraction(0)), Fraction(1))


def forecast(period: Period, points: Sequence[Point]) -> Fraction | None:
    """The value the reported trend reaches at the period's end; None without a report."""
    if not points:
        return None
    if len(points) == 1:
        origin = Point(period.baseline_date, period.baseline)
        points = [origin, points[0]]
        if origin.as_of >= points[1].as_of:
            return points[1].value
    xs = [Fraction((point.as_of - period.start).days) for point in points]
    ys = [point.value for point in points]
    n = len(points)
    mean_x, mean_y = sum(xs, Fraction(0)) / n, sum(ys, Fraction(0)) / n
    spread = sum(((x - mean_x) ** 2 for x in xs), Fraction(0))
    if spread == 0:  # every report on one day: no trend to read
        return max(ys)
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Fraction(0)) / spread
    return mean_y + slope * (Fraction((period.end - period.start).days) - mean_x)


def assess(kind: str, period: Period, points: Sequence[Point], as_of: date, amber_share: Fraction) -> Assessment:
    """The status of a target at ``as_of`` from the reports of its period dated up to ``as_of``."""
    points = sorted((p for p in points if period.start <= p.as_of <= min(period.end, as_of)), key=lambda p: p.as_of)
    elapsed = elapsed_share(period, as_of)
    expected = period.baseline + elapsed * (period.target - period.baseline)
    past = as_of > period.end
    actual = points[-1].value if points else None
    trend = forecast(period, points) if kind != "status" else None

    def result(status: Status, rule: str) -> Assessment:
        return Assessment(status, elapsed, expected, actual, trend, past, rule)

    if actual is None:
        return result(Status.RED, "no_final_report") if past else result(Status.NO_DATA, "no_report")
    if kind == "status":
        if actual >= 1:
            return result(Status.GREEN, "done")
        return result(Status.RED, "not_done_past_deadline") if past else result(Status.AMBER, "not_done")
    if past:
        return result(Status.GREEN, "met") if actual >= period.target else result(Status.RED, "not_met")
    progress = actual - period.baseline
    needed = expected - period.baseline
    if progress >= needed:
        return result(Status.GREEN, "on_track")
    if progress >= amber_share * needed:
        return result(Status.AMBER, "near_track")
    if trend is not None and trend >= period.target:
        return result(Status.AMBER, "forecast_reaches")
    return result(Status.RED, "behind")


def worst(statuses: Sequence[Status]) -> Status | None:
    return min(statuses, key=SEVERITY.__getitem__) if statuses else None


# --- monthly reports -------------------------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month(first: date) -> date:
    return _month_start(first - timedelta(days=1))


def due_month(as_of: date, due_day: int) -> date:
    """The first day of the latest month whose report is already due at ``as_of`` (due on ``due_day`` of
    the month after it; overdue from the day after)."""
    month = _previous_month(_month_start(as_of))
    return month if as_of.day > due_day else _previous_month(month)


def due_date(month: date, due_day: int) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following.replace(day=due_day)


@dataclass(frozen=True, slots=True)
class Overdue:
    month: date  # the month whose report is missing
    due: date
    days: int


def overdue(
    start: date, deadline: date, latest_report: date | None, as_of: date, due_day: int, done: bool = False
) -> Overdue | None:
    """The missing monthly report at ``as_of``, if any: a target in force during the due month needs a report
    dated in that month or later; after the deadline, the final one (the deadline's month); a done status
    target needs no more."""
    if done:
        return None
    # After the deadline only the final report (for the deadline's month) is still owed.
    month = min(due_month(as_of, due_day), _month_start(deadline))
    month_end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if start > month_end or due_date(month, due_day) >= as_of:
        return None
    if latest_report is not None and latest_report >= month:
        return None
    due = due_date(month, due_day)
    return Overdue(month, due, (as_of - due).days)
