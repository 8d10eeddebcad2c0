"""Employments (社保 records) and provident fund balances (docs/synthetic-city.md, section 5)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from ._calendar import NULL, YEAR, add_years, age, month_index
from ._enterprises import EMPLOYEE_WEIGHT, Firms
from ._people import JUNIOR_COLLEGE, PRIMARY, CategoryDraw, Population, by_band

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

EMPLOYED = ((16, 17, 0.02), (18, 24, 0.55), (25, 49, 0.80), (50, 59, 0.62), (60, 64, 0.15))
LOW_EDUCATION_FACTOR = 0.6  # primary or less
RECENT_GRADUATE_EMPLOYED = 0.85  # within two years of graduating
GRADUATE_SEARCH_DAYS = 75.0  # mean days from graduation to the first contract
TENURE_YEARS = 6.0  # mean length of the current contract so far
PREVIOUS_JOB = 0.20  # employed persons aged 25+ with an earlier, ended employment
LOST_JOB = 0.30  # persons aged 25-59 without a job now who had one
SECOND_JOB = 0.02  # employed persons with a second, concurrent employment
REGISTERED_UNEMPLOYED_YOUTH = 0.10  # hires aged 16-24 in the last 3 years, from 登记失业
REGISTERED_UNEMPLOYED_OTHER = 0.01
INSURANCE_GAP = 0.10  # rows whose insured months fall short of the months elapsed
NOT_YET_INSURED = 0.40  # hires in the as_of month with no contribution posted yet
WORKS_HERE_REGISTERED = 0.985
WORKS_HERE_ELSEWHERE = 0.5
FUND_MEMBERSHIP = np.array(  # 住房公积金 members by employer kind (rows) and size (columns)
    [[0.2, 0.45, 0.85, 0.85], [0.05] * 4, [0.95] * 4, [0.95] * 4, [0.3] * 4]
)
EMPLOYER_REDRAWS = 4
FUND_MONTHLY_MEDIAN = 700.0  # yuan a month, both sides together


@dataclass
class Jobs:
    person: Ints
    firm: Ints
    signed: Ints
    ended: Ints  # NULL = current
    insured: Ints
    in_hohhot: Bools
    registered_unemployed: Bools

    @property
    def count(self) -> int:
        return int(self.person.size)

    def extend(self, other: Jobs, person_offset: int, firm_offset: int) -> Jobs:
        parts: dict[str, np.ndarray] = {}
        for f in fields(self):
            theirs = getattr(other, f.name)
            if f.name == "person":
                theirs = theirs + person_offset
            elif f.name == "firm":
                theirs = theirs + firm_offset
            parts[f.name] = np.concatenate([getattr(self, f.name), theirs])
        return Jobs(**parts)


def insured_months(signed: Ints, ended: Ints, as_of: int) -> Ints:
    """Months from the signing month to the end month (or as_of's), both counted; 0 before signing."""
    end = np.where(ended == NULL, as_of, np.minimum(ended, as_of))
    return np.asarray(np.maximum(0, month_index(end) - month_index(signed) + 1) * (signed <= as_of), dtype=np.int64)


def _uniform(rng: np.random.Generator, low: Ints, high: Ints) -> Ints:
    return np.asarray(low + np.floor(rng.random(low.size) * np.maximum(high - low + 1, 1)), dtype=np.int64)


def _earliest_start(population: Population, rows: Ints) -> Ints:
    """A contract starts at 16 at the earliest, and a graduate's after graduating."""
    at_16 = add_years(population.birth[rows], 16)
    grad = population.grad[rows].astype(np.int64)
    return np.where(grad != NULL, np.maximum(at_16, grad), at_16)


def _current(rng: np.random.Generator, population: Population, ages: Ints, as_of: int) -> tuple[Ints, Ints]:
    """(person, signed) of each current job."""
    n = population.size
    p = by_band(ages, EMPLOYED) * np.where(population.edu <= PRIMARY, LOW_EDUCATION_FACTOR, 1.0)
    p = np.where(population.in_school, 0.0, p)
    graduate = (population.edu >= JUNIOR_COLLEGE) & (population.grad != NULL)
    recent = graduate & (population.grad.astype(np.int64) > add_years(np.full(n, as_of), -2))
    p = np.where(recent, RECENT_GRADUATE_EMPLOYED, p)
    person = np.flatnonzero(rng.random(n) < p)
    floor = _earliest_start(population, person)
    signed = as_of - np.floor(rng.exponential(TENURE_YEARS * YEAR, person.size)).astype(np.int64)
    signed = np.where(signed < floor, _uniform(rng, floor, np.full(person.size, as_of)), signed)
    fresh = recent[person]
    search = population.grad[person].astype(np.int64) + np.floor(
        rng.exponential(GRADUATE_SEARCH_DAYS, person.size)
    ).astype(np.int64)
    signed = np.where(fresh, search, signed)
    keep = signed <= as_of  # a graduate still searching has no contract yet
    return person[keep], signed[keep]


def _previous(
    rng: np.random.Generator, population: Population, ages: Ints, current: tuple[Ints, Ints], as_of: int
) -> tuple[Ints, Ints, Ints]:
    """(person, signed, ended) of ended jobs: before the current one, or of people now without a job."""
    person, signed = current
    has_job = np.zeros(population.size, dtype=bool)
    has_job[person] = True
    before = (ages[person] >= 25) & (rng.random(person.size) < PREVIOUS_JOB)
    end_a = signed[before] - rng.integers(15, 200, int(before.sum()))
    jobless = np.flatnonzero(~has_job & (ages >= 25) & (ages <= 59) & ~population.in_school)
    jobless = jobless[rng.random(jobless.size) < LOST_JOB]
    end_b = as_of - np.floor(rng.exponential(1.5 * YEAR, jobless.size)).astype(np.int64)
    who = np.concatenate([person[before], jobless])
    ended = np.concatenate([end_a, end_b])
    start = ended - np.floor(rng.exponential(3.0 * YEAR, who.size)).astype(np.int64) - 30
    keep = start >= _earliest_start(population, who)
    return who[keep], start[keep], ended[keep]


def _second(
    rng: np.random.Generator, population: Population, current: tuple[Ints, Ints], as_of: int
) -> tuple[Ints, Ints]:
    person, signed = current
    pick = rng.random(person.size) < SECOND_JOB
    who = person[pick]
    low = np.maximum(signed[pick], as_of - 3 * 365)
    return who, _uniform(rng, low, np.full(who.size, as_of))


def _employers(rng: np.random.Generator, firms: Firms, signed: Ints) -> Ints:
    """An employer for each contract, by headcount weight, redrawn (a few rounds) while it was founded
    after the contract was signed."""
    draw = CategoryDraw(firms.kind.astype(np.int64) * 4 + firms.size, EMPLOYEE_WEIGHT.reshape(-1))
    firm = draw(rng, signed.size)
    for _ in range(EMPLOYER_REDRAWS):
        late = np.flatnonzero(firms.founded[firm] > signed)
        redrawn = draw(rng, late.size)
        fits = firms.founded[redrawn] <= signed[late]
        firm[late[fits]] = redrawn[fits]
    return np.asarray(firm, dtype=np.int64)


def jobs(rng: np.random.Generator, population: Population, ages: Ints, firms: Firms, as_of: int) -> Jobs:
    current = _current(rng, population, ages, as_of)
    prev_person, prev_signed, prev_ended = _previous(rng, population, ages, current, as_of)
    second = _second(rng, population, current, as_of)
    person = np.concatenate([current[0], prev_person, second[0]])
    signed = np.concatenate([current[1], prev_signed, second[1]])
    ended = np.concatenate([np.full(current[0].size + 0, NULL), prev_ended, np.full(second[0].size, NULL)])
    firm = _employers(rng, firms, signed)
    founded = firms.founded[firm]
    late = signed < founded  # still no employer that existed then: the contract starts after its founding
    fixed = _uniform(rng, founded, np.where(ended == NULL, as_of, np.maximum(ended - 1, founded)))
    signed = np.where(late, fixed, signed)
    lasted = (ended == NULL) | (signed < ended)  # an ended job whose employer came too late never was
    person, firm, signed, ended = person[lasted], firm[lasted], signed[lasted], ended[lasted]
    insured = insured_months(signed, ended, as_of)
    gap = rng.random(person.size) < INSURANCE_GAP
    insured = np.where(gap, np.maximum(0, insured - rng.integers(1, 4, person.size)), insured)
    this_month = month_index(signed) == month_index(as_of)
    insured = np.where(this_month & (rng.random(person.size) < NOT_YET_INSURED), 0, insured)
    hire_age = age(population.birth[person], signed)
    youth = (hire_age >= 16) & (hire_age <= 24) & (signed >= as_of - 3 * 365)
    flagged = rng.random(person.size) < np.where(youth, REGISTERED_UNEMPLOYED_YOUTH, REGISTERED_UNEMPLOYED_OTHER)
    here = rng.random(person.size) < np.where(firms.registered[firm], WORKS_HERE_REGISTERED, WORKS_HERE_ELSEWHERE)
    # Rows in (person, signed, employer) order; the same contract drawn twice is kept once.
    key = (person.astype(np.int64) << 38) | ((signed + 60_000) << 20) | firm
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    order = order[np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]])] if key.size else order
    result = Jobs(person, firm.astype(np.int64), signed, ended.astype(np.int64), insured, here, flagged)
    return Jobs(*(getattr(result, f.name)[order] for f in fields(result)))


def provident_fund(rng: np.random.Generator, population: Population, jobs_: Jobs, firms: Firms) -> None:
    """住房公积金 balances for members (current employees of member employers); others hold 0 (in place)."""
    current = jobs_.ended == NULL
    person, firm, months = jobs_.person[current], jobs_.firm[current], jobs_.insured[current]
    member = rng.random(person.size) < FUND_MEMBERSHIP[firms.kind[firm], firms.size[firm]]
    monthly = rng.lognormal(np.log(FUND_MONTHLY_MEDIAN), 0.5, person.size)
    saved = monthly * np.minimum(months, 120) * rng.uniform(0.4, 1.0, person.size)
    balance = np.where(member, np.round(np.minimum(saved, 500_000.0), 2), 0.0)
    population.fund[person] = np.maximum(population.fund[person], balance)
