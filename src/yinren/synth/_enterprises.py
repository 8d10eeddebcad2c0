"""Enterprises, 专精特新 certifications and dorm projects (docs/synthetic-city.md, section 6)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from ._calendar import POLICY_START, YEAR, add_years, day, ymd
from ._people import HOHHOT_AREAS, HOHHOT_SHARES, JUNIOR_COLLEGE, PROVINCE_AREAS, REGION_AREAS, Population

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# Kinds and sizes as indices into _schema.ENTERPRISE_KINDS / ENTERPRISE_SIZES.
ENTERPRISE, INDIVIDUAL, GOVERNMENT, PUBLIC_INSTITUTION, SOCIAL_ORG = range(5)
MICRO, SMALL, MEDIUM, LARGE = range(4)
PREFIXES = (b"91", b"92", b"11", b"12", b"51")  # GB 32100 registering authority and kind
UNITS_PER_PERSON = 0.11  # 市场主体 and other legal units per resident (about 400,000 at 3.6 million)
KIND_SHARES = (0.385, 0.575, 0.008, 0.02, 0.012)
SIZE_SHARES = (
    (0.80, 0.145, 0.04, 0.015),
    (0.99, 0.01, 0.0, 0.0),
    (0.10, 0.50, 0.30, 0.10),
    (0.20, 0.45, 0.25, 0.10),
    (0.85, 0.14, 0.01, 0.0),
)
EMPLOYEE_WEIGHT = np.array(  # relative headcount by kind (rows) and size (columns)
    [[3, 25, 120, 400], [1.5, 6, 6, 6], [20, 60, 150, 300], [20, 80, 200, 400], [3, 10, 30, 30]]
)
REGISTERED_ELSEWHERE = 0.04  # enterprises registered outside Hohhot that employ people here
FOUNDER_SHARE = 0.85  # micro and small enterprises with a natural-person founder on record
BLACKLISTED = 0.006
CONTRIBUTIONS_ABNORMAL = 0.035
DAYCARE_PER_PERSON = 0.00015  # 托育机构 (about 560 at 3.75 million)
YOUNG_STARTUPS_PER_YEAR = 2_000 / 3_604_100  # graduate start-ups a year (2022 target of 2,000)
YOUNG_RENT_SHARE = 0.75
OTHER_RENT_SHARE = 0.02
CERTIFICATIONS_PER_PERSON = 500 / 3_604_100
CERT_LEVEL_SHARES = (0.05, 0.40, 0.55)  # national_little_giant, regional_specialized, innovative_sme
CERT_UPGRADED = 0.15
DORMS_PER_PERSON = 40 / 3_604_100
EARLIEST_FOUNDING = ymd(1980, 1, 1)
FOUNDED_YEARS_AGO = (6.0, 10.0, 15.0, 20.0)  # mean age of businesses by size (micro .. large)


@dataclass
class Firms:
    kind: npt.NDArray[np.int8]
    size: npt.NDArray[np.int8]
    registered: Bools
    area: Ints
    founded: Ints
    founder: npt.NDArray[np.int32]  # person row, -1
    blacklisted: Bools
    contributions_normal: Bools
    rent: Floats  # NaN = null
    daycare: Bools

    @property
    def count(self) -> int:
        return int(self.kind.size)

    def extend(self, other: Firms, person_offset: int) -> Firms:
        parts: dict[str, np.ndarray] = {}
        for f in fields(self):
            theirs = getattr(other, f.name)
            if f.name == "founder":
                theirs = np.where(theirs >= 0, theirs + person_offset, -1).astype(np.int32)
            parts[f.name] = np.concatenate([getattr(self, f.name), theirs])
        return Firms(**parts)

    def employee_weight(self) -> Floats:
        return np.asarray(EMPLOYEE_WEIGHT[self.kind, self.size], dtype=np.float64)


@dataclass
class Certifications:
    firm: Ints
    level: npt.NDArray[np.int8]
    recognized: Ints

    def extend(self, other: Certifications, firm_offset: int) -> Certifications:
        return Certifications(
            np.concatenate([self.firm, other.firm + firm_offset]),
            np.concatenate([self.level, other.level]),
            np.concatenate([self.recognized, other.recognized]),
        )


@dataclass
class Dorms:
    firm: Ints
    kind: npt.NDArray[np.int8]
    investment: Floats
    zone_owned: Bools
    completed: Ints

    def extend(self, other: Dorms, firm_offset: int) -> Dorms:
        return Dorms(
            np.concatenate([self.firm, other.firm + firm_offset]),
            np.concatenate([self.kind, other.kind]),
            np.concatenate([self.investment, other.investment]),
            np.concatenate([self.zone_owned, other.zone_owned]),
            np.concatenate([self.completed, other.completed]),
        )


def _sizes(rng: np.random.Generator, kind: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
    u = rng.random(kind.size)
    size = np.zeros(kind.size, dtype=np.int8)
    for k, shares in enumerate(SIZE_SHARES):
        mask = kind == k
        size[mask] = np.searchsorted(np.cumsum(shares), u[mask], side="right").clip(0, 3)
    return size


def _founding_dates(
    rng: np.random.Generator, kind: npt.NDArray[np.int8], size: npt.NDArray[np.int8], as_of: int
) -> Ints:
    n = kind.size
    mean_age = np.array(FOUNDED_YEARS_AGO)[size] * YEAR
    recent = as_of - np.floor(rng.exponential(1.0, n) * mean_age).astype(np.int64)
    recent = np.where(recent < EARLIEST_FOUNDING, EARLIEST_FOUNDING + rng.integers(0, 3650, n), recent)
    state = rng.integers(ymd(1950, 1, 1), ymd(2010, 12, 31), n)
    return np.where((kind == GOVERNMENT) | (kind == PUBLIC_INSTITUTION), state, recent)


def _founders(rng: np.random.Generator, population: Population, ages: Ints, firms: Firms, as_of: int) -> None:
    """A founder for individual businesses and most micro/small enterprises; founded on or after the
    founder's 18th birthday (in place)."""
    n = firms.count
    with_founder = (firms.kind == INDIVIDUAL) | (
        (firms.kind == ENTERPRISE) & (firms.size <= SMALL) & (rng.random(n) < FOUNDER_SHARE)
    )
    candidates = np.flatnonzero((ages >= 22) & (ages <= 64))
    founder = candidates[rng.integers(0, candidates.size, n)]
    adult_from = add_years(population.birth[founder], 18)
    too_early = with_founder & (firms.founded < adult_from)
    redrawn = adult_from + np.floor(rng.random(n) * (as_of - adult_from + 1)).astype(np.int64)
    firms.founded = np.where(too_early, redrawn, firms.founded)
    firms.founder = np.where(with_founder, founder, -1).astype(np.int32)


def _young_startups(rng: np.random.Generator, population: Population, ages: Ints, as_of: int, count: int) -> Firms:
    """Start-ups founded from E by students and graduates within five years of graduating, aged <= 35."""
    start = day(POLICY_START)
    graduate = (population.edu >= JUNIOR_COLLEGE) & population.full_time
    recent = graduate & (population.grad > add_years(np.full(population.size, as_of), -5))
    pool = np.flatnonzero((recent | population.in_school) & (ages >= 18) & (ages <= 35))
    count = min(count, pool.size) if as_of >= start else 0
    founder = np.sort(rng.choice(pool, size=count, replace=False)) if count else pool[:0]
    earliest = np.where(population.in_school[founder], start, np.maximum(start, population.grad[founder]))
    earliest = np.maximum(earliest, add_years(population.birth[founder], 18))
    founded = earliest + np.floor(rng.random(count) * (as_of - earliest + 1)).astype(np.int64)
    kind = np.where(rng.random(count) < 0.55, INDIVIDUAL, ENTERPRISE).astype(np.int8)
    size = np.where((kind == ENTERPRISE) & (rng.random(count) < 0.1), SMALL, MICRO).astype(np.int8)
    rent = np.where(rng.random(count) < YOUNG_RENT_SHARE, np.round(rng.uniform(1500, 12000, count), 2), np.nan)
    return Firms(
        kind=kind,
        size=size,
        registered=rng.random(count) < 0.98,
        area=np.zeros(count, dtype=np.int64),
        founded=founded.astype(np.int64),
        founder=founder.astype(np.int32),
        blacklisted=rng.random(count) < BLACKLISTED,
        contributions_normal=rng.random(count) >= CONTRIBUTIONS_ABNORMAL,
        rent=rent,
        daycare=np.zeros(count, dtype=bool),
    )


def _areas(rng: np.random.Generator, registered: Bools) -> Ints:
    n = registered.size
    home = rng.choice(HOHHOT_AREAS, size=n, p=HOHHOT_SHARES)
    away = rng.choice(np.concatenate([REGION_AREAS, PROVINCE_AREAS]), size=n)
    return np.where(registered, home, away).astype(np.int64)


def firms(rng: np.random.Generator, population: Population, ages: Ints, as_of: int) -> Firms:
    people = population.size
    n = max(50, round(UNITS_PER_PERSON * people))
    kind = rng.choice(len(KIND_SHARES), size=n, p=KIND_SHARES).astype(np.int8)
    size = _sizes(rng, kind)
    business = (kind == ENTERPRISE) | (kind == INDIVIDUAL)
    result = Firms(
        kind=kind,
        size=size,
        registered=~((kind == ENTERPRISE) & (rng.random(n) < REGISTERED_ELSEWHERE)),
        area=np.zeros(n, dtype=np.int64),
        founded=_founding_dates(rng, kind, size, as_of),
        founder=np.full(n, -1, dtype=np.int32),
        blacklisted=business & (rng.random(n) < BLACKLISTED),
        contributions_normal=rng.random(n) >= CONTRIBUTIONS_ABNORMAL,
        rent=np.full(n, np.nan),
        daycare=np.zeros(n, dtype=bool),
    )
    _founders(rng, population, ages, result, as_of)
    after = (result.founded >= day(POLICY_START)) & (result.founder >= 0)
    result.rent = np.where(after & (rng.random(n) < OTHER_RENT_SHARE), np.round(rng.uniform(500, 30000, n), 2), np.nan)
    years = max(0.0, (as_of - day(POLICY_START)) / YEAR)
    result = result.extend(
        _young_startups(rng, population, ages, as_of, round(YOUNG_STARTUPS_PER_YEAR * people * years)), 0
    )
    # 托育机构: small private centres (without a founder on record, so moving their founding date back
    # breaks nothing) and a few public ones, founded before most of today's toddlers were born.
    private = (result.kind == ENTERPRISE) & (result.size <= SMALL) & (result.founder < 0)
    small = np.flatnonzero(private | (result.kind == PUBLIC_INSTITUTION))
    centres = rng.choice(small, size=max(3, round(DAYCARE_PER_PERSON * people)), replace=False)
    result.daycare[centres] = True
    result.registered[centres] = True
    result.founded[centres] = np.minimum(result.founded[centres], as_of - 4 * 365 - rng.integers(0, 3650, centres.size))
    result.area = _areas(rng, result.registered)
    return result


def certifications(rng: np.random.Generator, firms_: Firms, people: int, as_of: int) -> Certifications:
    """专精特新 recognitions of small and medium enterprises; some are recognized again, one level up."""
    count = max(3, round(CERTIFICATIONS_PER_PERSON * people))
    pool = np.flatnonzero((firms_.kind == ENTERPRISE) & (firms_.size >= SMALL) & firms_.registered)
    firm = np.sort(rng.choice(pool, size=min(count, pool.size), replace=False))
    level = rng.choice(3, size=firm.size, p=CERT_LEVEL_SHARES).astype(np.int8)
    first = ymd(2019, 1, 1)
    recognized = np.maximum(first, firms_.founded[firm] + 365) + np.floor(
        rng.random(firm.size) * (as_of - np.maximum(first, firms_.founded[firm] + 365) + 1)
    ).astype(np.int64)
    keep = recognized <= as_of
    firm, level, recognized = firm[keep], level[keep], recognized[keep]
    up = (level > 0) & (rng.random(firm.size) < CERT_UPGRADED)
    later = recognized[up] + rng.integers(180, 730, int(up.sum()))
    again = later <= as_of
    return Certifications(
        firm=np.concatenate([firm, firm[up][again]]),
        level=np.concatenate([level, level[up][again] - 1]).astype(np.int8),
        recognized=np.concatenate([recognized, later[again]]),
    )


def dorms(rng: np.random.Generator, firms_: Firms, people: int, as_of: int) -> Dorms:
    count = max(3, round(DORMS_PER_PERSON * people))
    pool = np.flatnonzero((firms_.kind == ENTERPRISE) & (firms_.size >= MEDIUM) & firms_.registered)
    firm = np.sort(rng.choice(pool, size=min(count, pool.size), replace=False))
    n = firm.size
    investment = np.asarray(np.round(np.clip(rng.lognormal(np.log(3e7), 1.0, n), 2e6, 5e8), 2), dtype=np.float64)
    completed = rng.integers(ymd(2021, 1, 1), as_of + 366, n)
    return Dorms(
        firm=firm,
        kind=(rng.random(n) < 0.4).astype(np.int8),
        investment=investment,
        zone_owned=rng.random(n) < 0.65,
        completed=completed,
    )
