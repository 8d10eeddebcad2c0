"""Families: couples, mothers and fathers for children, birth order (docs/synthetic-city.md, section 4).

Couples pair women with men of about their age. Children are then given to mothers one birth-year
cohort at a time, oldest first, so that a second child goes to a woman who already has one born at
least MIN_SPACING_DAYS earlier: birth order follows from the mother's history. Cohorts aged 18 to
SIMULATED_FROM_AGE only build that history; minors (aged under 18) are linked to their parents.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._calendar import NULL, YEAR, civil
from ._people import HOHHOT_AREAS, HOHHOT_SHARES, Ints, Population

SIMULATED_FROM_AGE = 29
ADULT_AGE = 18
MIN_SPACING_DAYS = 548  # 18 months between a mother's births
FIRST_BIRTH_AGE = (28.0, 4.5)  # mean, sd of the mother's age at a first birth
LATER_BIRTH_AGE = (31.5, 4.5)
MOTHER_AGES = (20, 45)
FATHER_KNOWN = 0.95
MOTHER_UNKNOWN = 0.01  # children registered with the father only
COUPLED = 0.9
CANDIDATES_PER_BIRTH = 16  # share of women (20-64) paired with a man
# Birth-order shares (1st, 2nd, 3rd, 4th) by the cohort's birth year: the one-child era, the
# universal second child (2016) and the third child (2021).
ORDER_SHARES = (
    (2015, (0.68, 0.28, 0.035, 0.005)),
    (2020, (0.48, 0.42, 0.08, 0.02)),
    (9999, (0.42, 0.43, 0.12, 0.03)),
)


def _order_shares(year: int) -> npt.NDArray[np.float64]:
    for last_year, shares in ORDER_SHARES:
        if year <= last_year:
            return np.array(shares)
    raise AssertionError("unreachable")


def couples(rng: np.random.Generator, population: Population, ages: Ints) -> npt.NDArray[np.int32]:
    """partner[woman] = a man of about her age (a couple's age gap is about 2 years), else -1."""
    women = np.flatnonzero(~population.male & (ages >= 20) & (ages <= 64))
    men = np.flatnonzero(population.male & (ages >= 20) & (ages <= 69))
    count = int(COUPLED * min(women.size, men.size))
    women = np.sort(rng.choice(women, size=count, replace=False))
    men = np.sort(rng.choice(men, size=count, replace=False))
    target = population.birth[women] - rng.normal(2.0 * YEAR, 3.0 * YEAR, count)
    partner = np.full(population.size, -1, dtype=np.int32)
    partner[women[np.argsort(target, kind="stable")]] = men[np.argsort(population.birth[men], kind="stable")]
    return partner


def _choose(rng: np.random.Generator, weights: npt.NDArray[np.float64], count: int) -> Ints:
    """`count` distinct positions drawn with probability proportional to weight (exponential race)."""
    if count >= weights.size:
        return np.arange(weights.size)
    keys = rng.exponential(size=weights.size) / np.maximum(weights, 1e-12)
    return np.sort(np.argpartition(keys, count - 1)[:count])


def _mothers_for(
    rng: np.random.Generator,
    women: Ints,
    women_birth: Ints,
    state: tuple[npt.NDArray[np.int8], Ints],
    cohort: tuple[int, int],
    order: int,
    count: int,
) -> Ints:
    """Row numbers of distinct women who can have a child of this order in the cohort [low, high]."""
    kids, last_birth = state
    low, high = cohort
    first = int(np.searchsorted(women_birth, int(high - MOTHER_AGES[1] * YEAR)))
    stop = int(np.searchsorted(women_birth, int(low - MOTHER_AGES[0] * YEAR), side="right"))
    if count == 0 or stop <= first:
        return np.zeros(0, dtype=np.int64)
    ok = kids[first:stop] == order - 1
    if order > 1:
        ok &= last_birth[first:stop] <= low - MIN_SPACING_DAYS
    pool = np.flatnonzero(ok) + first
    if pool.size > CANDIDATES_PER_BIRTH * count:  # a random shortlist is as good and much cheaper
        pool = pool[rng.random(pool.size) < CANDIDATES_PER_BIRTH * count / pool.size]
    mean, sd = FIRST_BIRTH_AGE if order == 1 else LATER_BIRTH_AGE
    mother_age = ((low + high) / 2 - women_birth[pool]) / YEAR
    weights = np.exp(-0.5 * ((mother_age - mean) / sd) ** 2)
    return np.asarray(pool[_choose(rng, weights, count)], dtype=np.int64)


def link_children(rng: np.random.Generator, population: Population, ages: Ints) -> None:
    """Set mother, father and order for minors (in place); parents come from the same population."""
    partner = couples(rng, population, ages)
    women = np.flatnonzero(~population.male)
    women = women[np.argsort(population.birth[women], kind="stable")]
    women_birth = population.birth[women].astype(np.int64)
    kids = np.zeros(women.size, dtype=np.int8)
    last_birth = np.full(women.size, np.iinfo(np.int64).min // 2, dtype=np.int64)
    for cohort_age in range(SIMULATED_FROM_AGE, -1, -1):  # a loop over birth-year cohorts
        members = rng.permutation(np.flatnonzero(ages == cohort_age))
        if members.size == 0:
            continue
        births = population.birth[members].astype(np.int64)
        cohort = (int(births.min()), int(births.max()))
        year = int(civil((cohort[0] + cohort[1]) // 2)[0])
        counts = rng.multinomial(members.size, _order_shares(year))
        start = 0
        for order, wanted in enumerate(counts, start=1):
            chosen = _mothers_for(rng, women, women_birth, (kids, last_birth), cohort, order, int(wanted))
            children = members[start : start + chosen.size]
            start += int(wanted)
            kids[chosen] += 1
            last_birth[chosen] = population.birth[children]
            if cohort_age < ADULT_AGE:
                population.mother[children] = women[chosen]
                population.order[children] = order
    linked = population.mother >= 0
    mothers = population.mother[linked]
    fathers = np.where(rng.random(mothers.size) < FATHER_KNOWN, partner[mothers], -1)
    population.father[linked] = fathers
    drop_mother = linked & (population.father >= 0) & (rng.random(population.size) < MOTHER_UNKNOWN)
    population.mother[drop_mother] = -1


def children_follow_parents(rng: np.random.Generator, population: Population, ages: Ints) -> None:
    """Minors with a parent take the family's 户籍 and residence (in place)."""
    minor = ages < ADULT_AGE
    mother, father = population.mother, population.father
    has_mother, has_father = mother >= 0, father >= 0
    linked = minor & (has_mother | has_father)
    parent = np.where(has_mother, mother, father)
    hukou = (has_mother & population.hukou[np.maximum(mother, 0)]) | (
        has_father & population.hukou[np.maximum(father, 0)]
    )
    home = rng.choice(HOHHOT_AREAS, size=population.size, p=HOHHOT_SHARES)
    idx = np.flatnonzero(linked)
    population.hukou[idx] = hukou[idx]
    population.lives[idx] = population.lives[parent[idx]]
    population.area[idx] = np.where(hukou[idx], home[idx], population.area[parent[idx]])
    population.hukou_since[idx] = NULL


def birth_rows(population: Population, since: int, as_of: int) -> Ints:
    """Row numbers of children born in [since, as_of] with a parent: the births register."""
    born = (population.birth >= since) & (population.birth <= as_of)
    return np.flatnonzero(born & ((population.mother >= 0) | (population.father >= 0)) & (population.order > 0))
