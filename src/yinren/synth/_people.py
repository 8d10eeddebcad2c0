"""Persons: ages, sex, 户籍 and residence, education, housing flags (docs/synthetic-city.md, section 3).

Everything is drawn per age band with numpy; the only Python loops run over ages and bands.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from ._calendar import NULL, YEAR, Days, add_years, back_years, civil, day, from_civil, to_date

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# Education levels, as indices into yinren.rules._schema.EDUCATION_LEVELS.
NONE, PRIMARY, SECONDARY, VOCATIONAL, JUNIOR_COLLEGE, BACHELOR, MASTER, DOCTOR = range(8)

# Hohhot's districts and banners/counties with assumed population shares (ID area codes).
HOHHOT_AREAS = np.array([150102, 150103, 150104, 150105, 150121, 150122, 150123, 150124, 150125])
HOHHOT_SHARES = np.array([0.20, 0.13, 0.12, 0.26, 0.10, 0.05, 0.06, 0.03, 0.05])
# Other leagues and cities of Inner Mongolia (most migrants come from inside the region).
REGION_AREAS = np.array(
    [150202, 150203, 150402, 150502, 150602, 150702, 150802, 150902, 152502, 152201, 150921, 150925]
)
# Other provinces.
PROVINCE_AREAS = np.array([
    140202, 140602, 130702, 110105, 120101, 130102, 610102, 620102, 640104, 410102,
    370102, 210102, 230102, 220102, 510104, 320102, 330106, 440106, 420102, 430102,
])  # fmt: skip
FROM_REGION_SHARE = 0.70  # of persons with a non-Hohhot area code

# Age pyramid knots (relative weight per single year of age), rescaled so that 0-14, 15-64 and 65+
# hold the end-2023 shares 12.93% / 72.53% / 14.54%; ages 0-2 are pinned at 20,000 births a year.
_KNOTS = (
    (0, 0.56), (2, 0.56), (3, 0.72), (6, 0.95), (9, 1.05), (14, 1.0), (17, 1.0), (18, 1.35),
    (20, 1.95), (22, 1.95), (24, 1.6), (28, 1.7), (33, 1.85), (38, 1.65), (45, 1.45), (50, 1.6),
    (55, 1.6), (60, 1.25), (64, 1.1), (65, 1.05), (70, 0.85), (75, 0.55), (80, 0.35), (85, 0.2),
    (90, 0.08), (95, 0.02), (100, 0.005),
)  # fmt: skip
BAND_SHARES = ((0, 14, 0.1293), (15, 64, 0.7253), (65, 100, 0.1454))
BIRTHS_PER_PERSON = 20_000 / 3_604_100  # births 2.00万, 常住人口 360.41万 at end-2023
MAX_AGE = 100

# Share of men by age band (2023: 50.78% overall; more women among the old).
_MALE = ((0, 59, 0.512), (60, 79, 0.49), (80, 100, 0.42))
# Non-户籍 residents (migrants, incl. students from elsewhere) by adult age band.
_MIGRANT = ((18, 24, 0.55), (25, 34, 0.42), (35, 44, 0.33), (45, 59, 0.22), (60, 100, 0.10))
# Among 户籍 holders: the 户籍 moved in (hukou_since set) by age band.
_MOVED_IN = ((18, 24, 0.08), (25, 34, 0.30), (35, 44, 0.35), (45, 59, 0.30), (60, 100, 0.20))
LIVES_ELSEWHERE = 0.04  # 户籍 holders living outside Hohhot
MIGRANT_NOT_RESIDENT = 0.03  # non-户籍 persons in the extract who live outside (work or own here)

# Final education by age band: none, primary, secondary, vocational, 专科, 本科, 硕士, 博士.
_EDUCATION = (
    (18, 34, (0.005, 0.03, 0.27, 0.10, 0.22, 0.30, 0.065, 0.01)),
    (35, 44, (0.01, 0.06, 0.35, 0.10, 0.19, 0.24, 0.04, 0.01)),
    (45, 54, (0.02, 0.12, 0.44, 0.10, 0.15, 0.145, 0.02, 0.005)),
    (55, 64, (0.04, 0.22, 0.46, 0.09, 0.10, 0.08, 0.008, 0.002)),
    (65, 74, (0.08, 0.35, 0.39, 0.06, 0.065, 0.05, 0.004, 0.001)),
    (75, 100, (0.20, 0.42, 0.26, 0.04, 0.045, 0.035, 0.002, 0.0005)),
)
_GRADUATION_AGE_BY_LEVEL = np.array([0, 0, 0, 0, 21, 22, 25, 29])  # 专科 21, 本科 22, 硕士 25, 博士 29
NOT_FULL_TIME = 0.12  # graduates whose degree came from 函授/成人教育 (not 全日制)

# Home ownership (在呼有房, self or spouse) by adult age band; migrants own at MIGRANT_OWNS_FACTOR x.
_OWNS = ((18, 24, 0.06), (25, 29, 0.30), (30, 34, 0.52), (35, 44, 0.72), (45, 59, 0.82), (60, 100, 0.85))
MIGRANT_OWNS_FACTOR = 0.45
PUBLIC_RENTAL_QUALIFIED = 0.06  # of adult non-owners
PUBLIC_RENTAL_ALLOCATED = 0.35  # of the qualified
AFFORDABLE_RENTAL = 0.04  # of non-owners aged 22-40 not in public rental


@dataclass
class Population:
    """Person attributes as parallel arrays; dates are day numbers, references are row numbers (-1)."""

    birth: Days
    male: Bools
    area: Ints
    hukou: Bools
    hukou_since: Days
    lives: Bools
    edu: npt.NDArray[np.int8]
    full_time: Bools
    grad: Days
    in_school: Bools
    owns: Bools
    pr_qualified: Bools
    pr_allocated: Bools
    affordable: Bools
    fund: Floats
    mother: npt.NDArray[np.int32]
    father: npt.NDArray[np.int32]
    order: npt.NDArray[np.int8]  # birth order for children linked to a mother (0 unknown)

    @property
    def size(self) -> int:
        return int(self.birth.size)

    def extend(self, other: Population) -> Population:
        """This population followed by `other`, whose parent references are local to it."""
        offset = self.size
        parts: dict[str, np.ndarray] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name in ("mother", "father"):
                theirs = np.where(theirs >= 0, theirs + offset, -1).astype(np.int32)
            parts[f.name] = np.concatenate([mine, theirs])
        return Population(**parts)


def pyramid() -> Floats:
    """Share of the population at each single year of age 0..MAX_AGE."""
    ages = np.arange(MAX_AGE + 1)
    knots = np.array(_KNOTS, dtype=np.float64)
    weight = np.interp(ages, knots[:, 0], knots[:, 1])
    for low, high, share in BAND_SHARES:
        band = (ages >= low) & (ages <= high)
        pinned = band & (ages <= 2)
        free = band & ~pinned
        weight[pinned] = BIRTHS_PER_PERSON
        weight[free] *= (share - weight[pinned].sum()) / weight[free].sum()
    return np.asarray(weight / weight.sum(), dtype=np.float64)


def by_band(ages: Ints, bands: tuple[tuple[int, int, float], ...], default: float = 0.0) -> Floats:
    """The value of the band holding each age (a gather from a per-age table)."""
    table = np.full(MAX_AGE + 1, default)
    for low, high, value in bands:
        table[low : high + 1] = value
    return table[np.clip(ages, 0, MAX_AGE)]


class CategoryDraw:
    """Rows drawn with replacement, with probability proportional to a weight that depends only on
    the row's category (a few hundred at most): the category first, then a row inside it uniformly."""

    def __init__(self, category: npt.ArrayLike, weight: npt.ArrayLike) -> None:
        cat = np.asarray(category, dtype=np.int16)
        w = np.asarray(weight, dtype=np.float64)
        self.order = np.argsort(cat, kind="stable")
        self.counts = np.bincount(cat, minlength=w.size)[: w.size]
        self.start = np.concatenate([[0], np.cumsum(self.counts)[:-1]])
        mass = w * self.counts
        self.p = mass / mass.sum()

    def __call__(self, rng: np.random.Generator, n: int) -> Ints:
        cat = rng.choice(self.p.size, size=n, p=self.p)
        pick = self.start[cat] + np.floor(rng.random(n) * self.counts[cat]).astype(np.int64)
        return np.asarray(self.order[pick], dtype=np.int64)


def sample_births(rng: np.random.Generator, n: int, as_of: int) -> tuple[Days, Ints]:
    """Birth dates by the pyramid, each uniform inside its age year; returns (birth, age at as_of)."""
    ages = rng.choice(MAX_AGE + 1, size=n, p=pyramid()).astype(np.int64)
    as_of_date = to_date(as_of)
    high = np.array([day(back_years(as_of_date, a)) for a in range(MAX_AGE + 2)])
    low = high[1:] + 1  # the day after the birthday one year older
    span = high[:-1] - low + 1
    birth = low[ages] + np.floor(rng.random(n) * span[ages]).astype(np.int64)
    return birth.astype(np.int32), ages


def _areas(rng: np.random.Generator, hohhot: Bools) -> Ints:
    n = hohhot.size
    home = rng.choice(HOHHOT_AREAS, size=n, p=HOHHOT_SHARES)
    region = rng.choice(REGION_AREAS, size=n)
    province = rng.choice(PROVINCE_AREAS, size=n)
    away = np.where(rng.random(n) < FROM_REGION_SHARE, region, province)
    return np.where(hohhot, home, away).astype(np.int64)


def residence(rng: np.random.Generator, birth: Days, ages: Ints, as_of: int) -> tuple[Bools, Days, Bools, Ints]:
    """(hukou_in_hohhot, hukou_since, lives_in_hohhot, area code) for adults; minors are redone later."""
    n = ages.size
    migrant = rng.random(n) < by_band(ages, _MIGRANT, 0.25)
    moved = ~migrant & (rng.random(n) < by_band(ages, _MOVED_IN))
    adult_from = add_years(birth, 18)
    since = as_of - np.floor(rng.exponential(6.0 * YEAR, n)).astype(np.int64)
    late = since < adult_from
    since = np.where(late, adult_from + np.floor(rng.random(n) * (as_of - adult_from + 1)), since)
    hukou_since = np.where(moved & (adult_from <= as_of), since, NULL).astype(np.int32)
    moved &= hukou_since != NULL
    lives = np.where(migrant, rng.random(n) >= MIGRANT_NOT_RESIDENT, rng.random(n) >= LIVES_ELSEWHERE)
    return ~migrant, hukou_since, lives, _areas(rng, ~migrant & ~moved)


def education(
    rng: np.random.Generator, birth: Days, ages: Ints, as_of: int
) -> tuple[npt.NDArray[np.int8], Bools, Days, Bools]:
    """(level, full_time, graduation_date, in_school): the final level by age band; a degree not yet
    reached by as_of leaves the person in school holding the level below it."""
    n = ages.size
    u = rng.random(n)
    level = np.zeros(n, dtype=np.int8)
    level[(ages >= 12) & (ages < 15)] = PRIMARY
    level[(ages >= 15) & (ages < 18)] = SECONDARY
    for low, high, probabilities in _EDUCATION:
        band = np.flatnonzero((ages >= low) & (ages <= high))
        cdf = np.cumsum(np.array(probabilities) / sum(probabilities))
        level[band] = np.minimum(np.searchsorted(cdf, u[band], side="right"), DOCTOR)
    full_time = rng.random(n) >= NOT_FULL_TIME * (level >= JUNIOR_COLLEGE)
    # Graduation dates, for graduates only.
    g = np.flatnonzero(level >= JUNIOR_COLLEGE)
    lvl, ft = level[g].astype(np.int64), full_time[g]
    grad_age = _GRADUATION_AGE_BY_LEVEL[lvl] + rng.choice(3, size=g.size, p=[0.6, 0.3, 0.1])
    grad_age = np.where(ft, grad_age, grad_age + 2 + rng.integers(0, 15, g.size))
    grad = from_civil(civil(birth[g])[0] + grad_age, 7, 1) - rng.integers(0, 21, g.size)  # 10 June - 1 July
    grad = np.where(ft, grad, grad + rng.integers(-150, 30, g.size))
    studying = np.zeros(g.size, dtype=bool)
    for _ in range(3):  # a degree not reached by as_of: in school, holding the level below
        pending = (lvl >= JUNIOR_COLLEGE) & (grad > as_of)
        studying |= pending & ft
        below = np.where(lvl == DOCTOR, MASTER, np.where(lvl == MASTER, BACHELOR, SECONDARY))
        years_back = np.where(below == MASTER, -4, np.where(below == BACHELOR, -3, 0))
        lvl = np.where(pending, below, lvl)
        grad = np.where(pending, add_years(grad, years_back), grad)
    level[g] = lvl
    graduation = np.full(n, NULL, dtype=np.int32)
    graduation[g] = np.where(lvl >= JUNIOR_COLLEGE, grad, NULL)
    in_school = np.zeros(n, dtype=bool)
    in_school[g] = studying
    return level, full_time, graduation, in_school


def housing(rng: np.random.Generator, ages: Ints, hukou: Bools) -> tuple[Bools, Bools, Bools, Bools]:
    """(owns_home_in_hohhot, public_rental_qualified, public_rental_allocated, in_affordable_rental)."""
    n = ages.size
    adult = ages >= 18
    owns = adult & (rng.random(n) < by_band(ages, _OWNS) * np.where(hukou, 1.0, MIGRANT_OWNS_FACTOR))
    qualified = adult & ~owns & (rng.random(n) < PUBLIC_RENTAL_QUALIFIED)
    allocated = qualified & (rng.random(n) < PUBLIC_RENTAL_ALLOCATED)
    young = (ages >= 22) & (ages <= 40)
    affordable = young & ~owns & ~allocated & (rng.random(n) < AFFORDABLE_RENTAL)
    return owns, qualified, allocated, affordable


def settle_housing(population: Population) -> None:
    """Owners (including buyers on record) neither qualify for nor live in public or affordable rentals."""
    owner = population.owns
    population.pr_qualified &= ~owner
    population.pr_allocated &= ~owner
    population.affordable &= ~owner


def adults(rng: np.random.Generator, n: int, as_of: int) -> tuple[Population, Ints]:
    """A population whose adults are complete; minors' residence and parents come from families."""
    birth, ages = sample_births(rng, n, as_of)
    male = rng.random(n) < by_band(ages, _MALE)
    hukou, since, lives, area = residence(rng, birth, ages, as_of)
    level, full_time, grad, in_school = education(rng, birth, ages, as_of)
    owns, qualified, allocated, affordable = housing(rng, ages, hukou)
    minus_one = np.full(n, -1, dtype=np.int32)
    population = Population(
        birth=birth,
        male=male,
        area=area,
        hukou=hukou,
        hukou_since=since,
        lives=lives,
        edu=level,
        full_time=full_time,
        grad=grad,
        in_school=in_school,
        owns=owns,
        pr_qualified=qualified,
        pr_allocated=allocated,
        affordable=affordable,
        fund=np.zeros(n),
        mother=minus_one,
        father=minus_one.copy(),
        order=np.zeros(n, dtype=np.int8),
    )
    return population, ages
