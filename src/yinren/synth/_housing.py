"""Home purchases and daycare enrolments (docs/synthetic-city.md, sections 7 and 8)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from ._calendar import NULL, YEAR, add_years, ymd
from ._enterprises import Firms
from ._people import JUNIOR_COLLEGE, MAX_AGE, CategoryDraw, Population

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

NEW_COMMERCIAL, SECOND_HAND, OTHER = range(3)  # _schema.PROPERTY_KINDS
PURCHASES_PER_PERSON_YEAR = np.array([40_000, 22_000, 3_000]) / 3_604_100
PURCHASES_FROM = ymd(2019, 1, 1)
IN_HOHHOT = 0.95
FIRST_HOME = 0.70  # a buyer's first purchase on record is the family's only home
FIRST_PURCHASE = 0.90  # of first homes: the buyer never bought before
THIRD_HOME = 0.20  # of other purchases: a third home or more (3% deed tax)
DEED_TAX_UNKNOWN = 0.15  # deed_tax_paid null (not yet reported by 税务)
# Floor area buckets (m²): share, low, high; plus units of exactly 90 and 140 m², common in practice.
AREA_BUCKETS = ((0.37, 50.0, 90.0), (0.25, 90.0, 120.0), (0.22, 120.0, 140.0), (0.10, 140.0, 200.0))
EXACT_AREAS = ((0.03, 90.0), (0.03, 140.0))
UNIT_PRICE = ((10_500.0, 1_500.0), (8_000.0, 1_500.0), (6_000.0, 1_000.0))  # yuan/m²: mean, sd by kind
RATE_CHANGE = ymd(2024, 12, 1)  # 财政部 税务总局 住房城乡建设部公告2024年第16号
DAYCARE_ENROLLED = 0.08  # children under 3 in a 托育机构 at some time
DAYCARE_MOVED = 0.05  # of enrolments: the child moved on to a second institution


@dataclass
class Purchases:
    buyer: Ints
    signed: Ints
    kind: npt.NDArray[np.int8]
    in_hohhot: Bools
    area: Floats
    price: Floats
    first_home: Bools
    first_purchase: Bools
    deed_tax: Floats  # NaN = null

    def extend(self, other: Purchases, person_offset: int) -> Purchases:
        parts: dict[str, np.ndarray] = {}
        for f in fields(self):
            theirs = getattr(other, f.name)
            parts[f.name] = np.concatenate(
                [getattr(self, f.name), theirs + person_offset if f.name == "buyer" else theirs]
            )
        return Purchases(**parts)


@dataclass
class Enrolments:
    child: Ints
    firm: Ints
    start: Ints
    end: Ints  # NULL = still enrolled

    def extend(self, other: Enrolments, person_offset: int, firm_offset: int) -> Enrolments:
        return Enrolments(
            np.concatenate([self.child, other.child + person_offset]),
            np.concatenate([self.firm, other.firm + firm_offset]),
            np.concatenate([self.start, other.start]),
            np.concatenate([self.end, other.end]),
        )


def deed_tax_rate(signed: Ints, area: Floats, kind: npt.NDArray[np.int8], first_home: Bools, third: Bools) -> Floats:
    """契税 rate: 1% / 1.5% for the family's only home and 1% / 2% for a second one, split at 90 m²
    before 2024-12-01 and at 140 m² from then on; 3% for a third home and for non-residential kinds."""
    limit = np.where(signed >= RATE_CHANGE, 140.0, 90.0)
    small = area <= limit
    rate = np.where(first_home, np.where(small, 0.01, 0.015), np.where(small, 0.01, 0.02))
    return np.where(third | (kind == OTHER), 0.03, rate)


def _areas(rng: np.random.Generator, n: int) -> Floats:
    shares = [b[0] for b in AREA_BUCKETS] + [e[0] for e in EXACT_AREAS]
    bucket = rng.choice(len(shares), size=n, p=np.array(shares) / sum(shares))
    low = np.array([b[1] for b in AREA_BUCKETS] + [e[1] for e in EXACT_AREAS])[bucket]
    high = np.array([b[2] for b in AREA_BUCKETS] + [e[1] for e in EXACT_AREAS])[bucket]
    return np.asarray(np.round(low + rng.random(n) * (high - low), 2), dtype=np.float64)


def purchases(rng: np.random.Generator, population: Population, ages: Ints, as_of: int) -> Purchases:
    years = max(0.0, (as_of - PURCHASES_FROM + 1) / YEAR)
    counts = np.round(PURCHASES_PER_PERSON_YEAR * population.size * years).astype(np.int64)
    n = int(counts.sum())
    kind = np.repeat(np.arange(3, dtype=np.int8), counts)
    graduate = (population.edu >= JUNIOR_COLLEGE) & (population.grad != NULL)
    by_age = np.arange(MAX_AGE + 1)
    weight = np.exp(-0.5 * ((by_age - 32.0) / 9.0) ** 2) * ((by_age >= 22) & (by_age <= 65))
    buyer = CategoryDraw(np.clip(ages, 0, MAX_AGE) * 2 + graduate, np.outer(weight, [1.0, 1.5]).reshape(-1))(rng, n)
    adult_from = add_years(population.birth[buyer], 18)
    low = np.maximum(PURCHASES_FROM, adult_from)
    signed = low + np.floor(rng.random(n) * (as_of - low + 1)).astype(np.int64)
    order = np.lexsort((buyer, signed))
    buyer, signed, kind = buyer[order], signed[order], kind[order]
    first_row = np.ones(n, dtype=bool)
    by_buyer = np.lexsort((signed, buyer))
    sorted_buyer = buyer[by_buyer]
    first_row[by_buyer[1:]] = sorted_buyer[1:] != sorted_buyer[:-1]
    first_home = first_row & (rng.random(n) < FIRST_HOME)
    first_purchase = first_home & (rng.random(n) < FIRST_PURCHASE)
    area = _areas(rng, n)
    mean = np.array([p[0] for p in UNIT_PRICE])[kind]
    sd = np.array([p[1] for p in UNIT_PRICE])[kind]
    price = np.round(area * np.maximum(rng.normal(mean, sd), 3_000.0))
    third = ~first_home & (rng.random(n) < THIRD_HOME)
    tax = np.round(price * deed_tax_rate(signed, area, kind, first_home, third), 2)
    tax = np.where(rng.random(n) < DEED_TAX_UNKNOWN, np.nan, tax)
    in_hohhot = rng.random(n) < IN_HOHHOT
    population.owns[buyer[in_hohhot]] = True
    return Purchases(buyer.astype(np.int64), signed, kind, in_hohhot, area, price, first_home, first_purchase, tax)


def enrolments(rng: np.random.Generator, population: Population, firms: Firms, as_of: int) -> Enrolments:
    """托育 enrolments of children who were under 3 at some time in the last four years."""
    recent = (population.birth >= as_of - 4 * 365) & (population.birth <= as_of - 180)
    child = np.flatnonzero(recent & (rng.random(population.size) < DAYCARE_ENROLLED))
    centres = np.flatnonzero(firms.daycare)
    birth = population.birth[child].astype(np.int64)
    start = birth + rng.integers(183, 3 * 365 - 30, child.size)
    keep = start <= as_of
    child, birth, start = child[keep], birth[keep], start[keep]
    third = add_years(birth, 3)
    leaves = np.where(
        rng.random(child.size) < 0.7,
        third + rng.integers(0, 90, child.size),
        start + rng.integers(60, 500, child.size),
    )
    end = np.where(leaves <= as_of, leaves, NULL)
    firm = centres[rng.integers(0, centres.size, child.size)]
    moved = (end != NULL) & (end < third - 60) & (rng.random(child.size) < DAYCARE_MOVED / 0.3)
    second_start = end[moved] + rng.integers(1, 30, int(moved.sum()))
    ok = second_start <= as_of
    second = Enrolments(
        child[moved][ok],
        centres[rng.integers(0, centres.size, int(ok.sum()))],
        second_start[ok],
        np.full(int(ok.sum()), NULL),
    )
    first = Enrolments(child, firm, start, end.astype(np.int64))
    return first.extend(second, 0, 0)
