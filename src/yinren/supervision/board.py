"""The leaders' board: every target's status, forecast and overdue report; the measures' grid; the
platform's own figures; the population path. Read-only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from sqlalchemy.orm import Session

from ..applications import precheck
from ..models import SupervisionReport, SupervisionTarget
from . import rules
from .catalogue import Seed, load_seed
from .repository import SupervisionRepository
from .rules import Point, Status
from .schemas import (
    Board,
    IndicatorRow,
    MeasureStatusRead,
    OverdueRead,
    PopulationYear,
    ReportRead,
    TargetRead,
    TargetStatusRead,
)

POPULATION = "headline-population"


@dataclass(frozen=True, slots=True)
class Judged:
    """A target with its period and assessment at a date, and its current reports (oldest first)."""

    target: SupervisionTarget
    period: rules.Period
    assessment: rules.Assessment
    reports: Sequence[SupervisionReport]
    overdue: rules.Overdue | None


def active(target: SupervisionTarget, as_of: date) -> bool:
    return target.retired_on is None or target.retired_on > as_of


def judge(target: SupervisionTarget, reports: Sequence[SupervisionReport], as_of: date, seed: Seed) -> Judged:
    reports = [r for r in reports if r.as_of <= as_of]
    period = rules.period_of(
        target.cadence,
        target.start_date,
        target.deadline,
        rules.number(target.target_value),
        rules.number(target.baseline_value),
        target.baseline_date,
        as_of,
    )
    points = [Point(r.as_of, rules.number(r.value)) for r in reports]
    assessment = rules.assess(target.kind, period, points, as_of, seed.amber_share(as_of))
    latest = max((r.as_of for r in reports), default=None)
    done = target.kind == "status" and assessment.actual is not None and assessment.actual >= 1
    late = rules.overdue(target.start_date, target.deadline, latest, as_of, seed.due_day(as_of), done)
    return Judged(target, period, assessment, reports, late)


def judge_all(session: Session, as_of: date, targets: Sequence[SupervisionTarget] | None = None) -> list[Judged]:
    repository = SupervisionRepository(session)
    seed = load_seed()
    by_target: dict[int, list[SupervisionReport]] = defaultdict(list)
    for report in repository.reports(current_only=True):
        by_target[report.target_id].append(report)
    chosen = targets if targets is not None else repository.targets()
    return [judge(t, by_target[t.id], as_of, seed) for t in chosen if active(t, as_of)]


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def status_read(judged: Judged) -> TargetStatusRead:
    a, p = judged.assessment, judged.period
    latest = judged.reports[-1] if judged.reports else None
    late = judged.overdue
    return TargetStatusRead(
        target=TargetRead.model_validate(judged.target),
        status=a.status.value,
        rule=a.rule,
        period_start=p.start,
        period_end=p.end,
        period_target=float(p.target),
        elapsed_share=float(a.elapsed),
        expected=float(a.expected),
        actual=_float(a.actual),
        forecast=_float(a.forecast),
        past_deadline=a.past_deadline,
        latest_report=ReportRead.model_validate(latest) if latest else None,
        overdue=OverdueRead(month=late.month.strftime("%Y-%m"), due=late.due, days=late.days) if late else None,
    )


def measure_statuses(judged: Sequence[Judged]) -> list[MeasureStatusRead]:
    seed = load_seed()
    out = []
    for measure in seed.measures:
        mine = [j.assessment.status for j in judged if j.target.measure == measure.id]
        counts = {status.value: sum(1 for s in mine if s == status) for status in Status}
        worst = rules.worst(mine)
        out.append(
            MeasureStatusRead(
                id=measure.id,
                clause=measure.clause,
                title_zh=measure.title_zh,
                title_en=measure.title_en,
                departments=list(measure.departments),
                status=worst.value if worst else "platform",
                counts=counts,
            )
        )
    return out


def indicators(session: Session) -> list[IndicatorRow]:
    """Per measure of the policy pack: what the platform's own tables say."""
    repository = SupervisionRepository(session)
    applications = repository.applications_by_measure()
    offers = repository.offers_by_measure()
    paid = repository.paid_by_measure()
    days: dict[str, list[float]] = defaultdict(list)
    for measure_id, submitted, paid_at in repository.application_payment_times():
        days[measure_id].append((paid_at - submitted).total_seconds() / 86400)
    rows = []
    for info in precheck.catalogue():
        entries, beneficiaries, fen, from_offers = paid.get(info.id, (0, 0, 0, 0))
        waits = days.get(info.id, [])
        rows.append(
            IndicatorRow(
                measure_id=info.id,
                clause=info.clause,
                applications=applications.get(info.id, 0),
                offers=offers.get(info.id, 0),
                beneficiaries=beneficiaries,
                paid_fen=fen,
                paid_entries=entries,
                average_days_to_payment=round(sum(waits) / len(waits), 1) if waits else None,
                share_paid_without_application=round(from_offers / entries, 4) if entries else None,
            )
        )
    return rows


def population_path(session: Session, as_of: date) -> list[PopulationYear]:
    """Year by year from the census: the published figure against the straight path to the target."""
    repository = SupervisionRepository(session)
    target = repository.target_by_code(POPULATION)
    if target is None:
        return []
    reports = [r for r in repository.reports(target.id, current_only=True) if r.as_of <= as_of]
    start, end = target.baseline_date, target.deadline
    span = (end - start).days

    def required(on: date) -> float:
        share = min(max((on - start).days / span, 0.0), 1.0)
        return target.baseline_value + share * (target.target_value - target.baseline_value)

    def actual(year: int) -> float | None:
        if year == start.year:
            return target.baseline_value
        in_year = [r for r in reports if r.as_of.year == year]
        return in_year[-1].value if in_year else None

    yearly = round((target.target_value - target.baseline_value) / span * 365.25)
    rows: list[PopulationYear] = []
    known: tuple[date, float] | None = None
    for year in range(start.year, end.year + 1):
        on = start if year == start.year else date(year, 12, 31)
        value = actual(year)
        growth = None
        if value is not None and known is not None:
            growth = round((value - known[1]) / _years(known[0], on))  # a year, since the last figure
        if value is not None:
            known = (on, value)
        rows.append(
            PopulationYear(
                year=year, actual=value, required=round(required(on)), actual_growth=growth, required_growth=yearly
            )
        )
    return rows


def _years(since: date, until: date) -> float:
    """Whole years between year-ends; otherwise days over the mean year."""
    if (since.month, since.day) == (until.month, until.day) == (12, 31):
        return until.year - since.year
    return (until - since).days / 365.25


def needed_growth(session: Session, as_of: date) -> tuple[float | None, float | None]:
    """(growth a year still needed from the latest published figure, latest year's actual growth)."""
    rows = population_path(session, as_of)
    known = [row for row in rows if row.actual is not None]
    target = SupervisionRepository(session).target_by_code(POPULATION)
    if not known or target is None:
        return None, None
    last = known[-1]
    last_day = date(last.year, 12, 31)
    years_left = (target.deadline - last_day).days / 365.25
    needed = (target.target_value - (last.actual or 0)) / years_left if years_left > 0 else None
    return needed, last.actual_growth


def board(session: Session, as_of: date) -> Board:
    seed = load_seed()
    judged = judge_all(session, as_of)
    return Board(
        as_of=as_of,
        amber_share=float(seed.amber_share(as_of)),
        due_day=seed.due_day(as_of),
        targets=[status_read(j) for j in judged],
        measures=measure_statuses(judged),
        indicators=indicators(session),
        population=population_path(session, as_of),
    )


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
