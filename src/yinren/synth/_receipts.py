"""Earlier payments (the case ledger's receipts), with the result identity of spec section 2a.

A Block holds receipts of one measure by row numbers; the ids are filled in when the tables are built
(`source_kind` says which table's id the source is: person, firm, purchase, project, certification as
`enterprise_id:level:recognized_on`, enrolment as `child_id:enrolled_from`). These are rough readings
of each measure: enough to make month caps, once-only rules and 就高补差 bite, not a second engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._calendar import NULL, POLICY_START, add_years, age, civil, day, month_index, month_start, ymd
from ._enterprises import ENTERPRISE, INDIVIDUAL, SMALL, Certifications, Dorms, Firms
from ._housing import NEW_COMMERCIAL, Enrolments, Purchases
from ._people import BACHELOR, JUNIOR_COLLEGE, Population
from ._work import Jobs

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.floating[Any]]
Bools = npt.NDArray[np.bool_]

E = day(POLICY_START)
CERT_AMOUNTS = np.array([1_000_000.0, 500_000.0, 200_000.0])  # by level index
RENT_MONTHLY = 300.0
RENT_MONTH_CAP = 24
LEASE_MONTHLY = 240.0
LEASE_MONTHS_BACK = 6
DAYCARE_MONTHLY = 50.0
PAID_SHARE = {
    "m02_sme_award": 0.7,
    "m04_hiring_subsidy": 0.6,
    "m06_startup_rent": 0.5,
    "m08_lease_subsidy": 0.7,
    "m09_deed_tax_subsidy": 0.5,
    "m10_graduate_rent": 0.6,
    "m10_graduate_purchase": 0.5,
    "m11_dormitory_subsidy": 0.5,
    "m15_childcare_allowance": 0.6,
    "m15_daycare_subsidy": 0.4,
}
LUMP_SHARE = 0.05  # m10_graduate_rent recipients whose first months were paid as one lump sum


@dataclass
class Block:
    measure: str
    beneficiary_kind: str  # person | firm
    beneficiary: Ints
    source_kind: str  # person | firm | purchase | project | certification | enrolment
    source: Ints
    amount: Floats
    months: Ints  # -1 = null
    period: Ints  # month index, -1 = null
    paid_on: Ints

    @property
    def count(self) -> int:
        return int(self.beneficiary.size)

    def shifted(self, person: int, firm: int, purchase: int, project: int, cert: int, enrolment: int) -> Block:
        offsets = {"person": person, "firm": firm, "purchase": purchase, "project": project}
        offsets |= {"certification": cert, "enrolment": enrolment}
        return Block(
            self.measure,
            self.beneficiary_kind,
            self.beneficiary + offsets[self.beneficiary_kind],
            self.source_kind,
            self.source + offsets[self.source_kind],
            self.amount,
            self.months,
            self.period,
            self.paid_on,
        )


def one_time(
    measure: str, beneficiary: tuple[str, Ints], source: tuple[str, Ints], amount: Floats, paid_on: Ints
) -> Block:
    n = amount.size
    none = np.full(n, -1, dtype=np.int64)
    return Block(measure, beneficiary[0], beneficiary[1], source[0], source[1], amount, none, none.copy(), paid_on)


def tenth_of_next_month(period: Ints) -> Ints:
    return month_start(period + 1) + 9


@dataclass
class City:
    """The random city by row numbers, as the receipts see it."""

    population: Population
    ages: Ints
    firms: Firms
    jobs: Jobs
    purchases: Purchases
    enrolments: Enrolments
    certifications: Certifications
    dorms: Dorms
    as_of: int


def _paid(rng: np.random.Generator, measure: str, n: int) -> Bools:
    return rng.random(n) < PAID_SHARE[measure]


def works_now(city: City) -> Bools:
    """Works in Hohhot at as_of by an employment (spec section 2a), per person."""
    j, as_of = city.jobs, city.as_of
    ok = j.in_hohhot & (j.signed <= as_of) & ((j.ended == NULL) | (j.ended > as_of)) & (j.insured >= 1)
    out = np.zeros(city.population.size, dtype=bool)
    out[j.person[ok]] = True
    return out


def first_current_start(city: City) -> Ints:
    """Signing date of each person's earliest current employment (NULL when none)."""
    j = city.jobs
    current = j.ended == NULL
    start = np.full(city.population.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(start, j.person[current], j.signed[current])
    return np.where(start == np.iinfo(np.int64).max, NULL, start)


def graduate_rent(rng: np.random.Generator, city: City) -> list[Block]:
    p, as_of = city.population, city.as_of
    now = int(month_index(as_of))
    graduate = (p.edu >= JUNIOR_COLLEGE) & p.full_time & (p.grad != NULL)
    grad = np.where(graduate, p.grad, 0)
    window = graduate & (add_years(grad, 5) > as_of) & (grad <= as_of) & (city.ages <= 35)
    lease = p.pr_qualified & ~p.pr_allocated & p.lives & (city.ages >= 18)
    eligible = window & works_now(city) & ~p.owns & ~p.pr_allocated & ~p.affordable & ~lease
    who = np.flatnonzero(eligible & _paid(rng, "m10_graduate_rent", p.size))
    start = np.maximum(month_index(p.grad[who]), month_index(first_current_start(city)[who])) + 1
    start = np.where(p.edu[who] < BACHELOR, np.maximum(start, month_index(E)), start)
    count = np.clip(now - start, 0, RENT_MONTH_CAP)
    lump = np.where(rng.random(who.size) < LUMP_SHARE, np.minimum(count, rng.integers(2, 7, who.size)), 0)
    monthly = count - lump
    row = np.repeat(np.arange(who.size), monthly)
    offset = np.arange(row.size) - np.repeat(np.cumsum(monthly) - monthly, monthly)
    period = start[row] + lump[row] + offset
    ones = np.ones(row.size, dtype=np.int64)
    blocks = [
        Block(
            "m10_graduate_rent",
            "person",
            who[row],
            "person",
            who[row],
            ones * RENT_MONTHLY,
            ones,
            period,
            tenth_of_next_month(period),
        )
    ]
    has_lump = lump > 0
    lumps = who[has_lump]
    last = start[has_lump] + lump[has_lump] - 1
    blocks.append(
        Block(
            "m10_graduate_rent",
            "person",
            lumps,
            "person",
            lumps,
            lump[has_lump] * RENT_MONTHLY,
            lump[has_lump].astype(np.int64),
            np.full(lumps.size, -1),
            tenth_of_next_month(last),
        )
    )
    return blocks


def lease_subsidy(rng: np.random.Generator, city: City) -> Block:
    p = city.population
    now = int(month_index(city.as_of))
    eligible = p.pr_qualified & ~p.pr_allocated & p.lives & (city.ages >= 18)
    who = np.flatnonzero(eligible & _paid(rng, "m08_lease_subsidy", p.size))
    row = np.repeat(who, LEASE_MONTHS_BACK)
    period = now - LEASE_MONTHS_BACK + np.tile(np.arange(LEASE_MONTHS_BACK), who.size)
    ones = np.ones(row.size, dtype=np.int64)
    return Block(
        "m08_lease_subsidy",
        "person",
        row,
        "person",
        row,
        ones * LEASE_MONTHLY,
        ones,
        period,
        tenth_of_next_month(period),
    )


def _first_per(keys: Ints, dates: Ints) -> Bools:
    """True on the earliest row of each key (ties: the first row)."""
    order = np.lexsort((dates, keys))
    first = np.zeros(keys.size, dtype=bool)
    if keys.size:
        sorted_keys = keys[order]
        first[order[np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])]] = True
    return first


def hiring(rng: np.random.Generator, city: City) -> Block:
    j, p, f, as_of = city.jobs, city.population, city.firms, city.as_of
    firm_ok = (f.kind == ENTERPRISE) & f.registered & f.contributions_normal & ~f.blacklisted
    signed = j.signed
    year = civil(signed)[0]
    in_window = (signed >= ymd(2023, 1, 1)) & (signed <= min(ymd(2025, 12, 31), as_of))
    graduate = (p.edu[j.person] >= JUNIOR_COLLEGE) & p.full_time[j.person] & (p.grad[j.person] != NULL)
    same_year = graduate & (civil(np.where(graduate, p.grad[j.person], 0))[0] == year)
    hire_age = age(p.birth[j.person], signed)
    youth = j.registered_unemployed & (hire_age >= 16) & (hire_age <= 24)
    insured = j.insured >= np.where(signed >= ymd(2024, 1, 1), 3, 1)
    ok = firm_ok[j.firm] & in_window & (same_year | youth) & insured
    rows = np.flatnonzero(ok)
    rows = rows[_first_per(j.person[rows], signed[rows])]
    paid_on = signed[rows] + 120
    rows, paid_on = rows[paid_on <= as_of], paid_on[paid_on <= as_of]
    pay = _paid(rng, "m04_hiring_subsidy", rows.size)
    rows, paid_on = rows[pay], paid_on[pay]
    return one_time(
        "m04_hiring_subsidy",
        ("firm", j.firm[rows]),
        ("person", j.person[rows]),
        np.full(rows.size, 1500.0),
        paid_on,
    )


def sme_awards(rng: np.random.Generator, city: City) -> Block:
    c, f, as_of = city.certifications, city.firms, city.as_of
    order = np.lexsort((c.level, c.recognized, c.firm))  # same day: the higher level (lower index) first
    firm, level, recognized = c.firm[order], c.level[order], c.recognized[order]
    amount = np.where(recognized >= E, CERT_AMOUNTS[level], 0.0)
    group_start = np.concatenate([[True], firm[1:] != firm[:-1]]) if firm.size else np.zeros(0, dtype=bool)
    group = np.cumsum(group_start) - 1
    running = np.maximum.accumulate(amount + group * 1e7) - group * 1e7  # max so far within the firm
    before = np.where(group_start, 0.0, np.concatenate([[0.0], running[:-1]]))
    pay = np.maximum(0.0, amount - before)
    paid_on = recognized + 90
    firm_paid = _paid(rng, "m02_sme_award", f.count)
    ok = (pay > 0) & f.registered[firm] & ~f.blacklisted[firm] & firm_paid[firm] & (paid_on <= as_of)
    return one_time("m02_sme_award", ("firm", firm[ok]), ("certification", order[ok]), pay[ok], paid_on[ok])


def startup_rent(rng: np.random.Generator, city: City) -> Block:
    f, p, as_of = city.firms, city.population, city.as_of
    has = f.founder >= 0
    founder = np.where(has, f.founder, 0)
    kind_ok = (f.kind == INDIVIDUAL) | ((f.kind == ENTERPRISE) & (f.size <= SMALL))
    grad = p.grad[founder].astype(np.int64)
    recent = (p.edu[founder] >= JUNIOR_COLLEGE) & (grad != NULL) & (grad <= f.founded)
    recent &= add_years(np.where(grad != NULL, grad, 0), 5) > f.founded
    young = (recent | p.in_school[founder]) & (age(p.birth[founder], f.founded) <= 35)
    ok = has & kind_ok & f.registered & (f.founded >= E) & (f.founded <= as_of) & young & (f.rent > 0)
    rows = np.flatnonzero(ok)
    rows = rows[_first_per(founder[rows], f.founded[rows])]
    paid_on = f.founded[rows] + 90
    rows, paid_on = rows[paid_on <= as_of], paid_on[paid_on <= as_of]
    pay = _paid(rng, "m06_startup_rent", rows.size)
    rows, paid_on = rows[pay], paid_on[pay]
    return one_time(
        "m06_startup_rent",
        ("person", founder[rows].astype(np.int64)),
        ("firm", rows),
        np.minimum(f.rent[rows], 5000.0),
        paid_on,
    )


def purchase_subsidies(rng: np.random.Generator, city: City) -> list[Block]:
    h, p, as_of = city.purchases, city.population, city.as_of
    paid_on = h.signed + 120
    known = ~np.isnan(h.deed_tax)
    deed = (h.kind == NEW_COMMERCIAL) & h.in_hohhot & h.first_home & h.first_purchase & (h.signed >= E) & known
    deed &= (paid_on <= as_of) & _paid(rng, "m09_deed_tax_subsidy", h.signed.size)
    rows = np.flatnonzero(deed)
    blocks = [
        one_time(
            "m09_deed_tax_subsidy",
            ("person", h.buyer[rows]),
            ("purchase", rows),
            h.deed_tax[rows],
            paid_on[rows],
        )
    ]
    b = h.buyer
    grad = p.grad[b].astype(np.int64)
    level_ok = (p.edu[b] >= BACHELOR) | ((p.edu[b] == JUNIOR_COLLEGE) & (h.signed >= E))
    window = (grad != NULL) & (grad <= h.signed) & (add_years(np.where(grad != NULL, grad, 0), 5) > h.signed)
    start = first_current_start(city)[b]
    working = (start != NULL) & (start <= h.signed)
    ok = level_ok & p.full_time[b] & window & (age(p.birth[b], h.signed) <= 35) & working & h.in_hohhot & h.first_home
    rows = np.flatnonzero(ok & (paid_on <= as_of))
    rows = rows[_first_per(b[rows], h.signed[rows])]
    rows = rows[_paid(rng, "m10_graduate_purchase", rows.size)]
    blocks.append(
        one_time(
            "m10_graduate_purchase",
            ("person", b[rows]),
            ("purchase", rows),
            np.full(rows.size, 20_000.0),
            paid_on[rows],
        )
    )
    return blocks


def dorm_subsidy(rng: np.random.Generator, city: City) -> Block:
    d, as_of = city.dorms, city.as_of
    paid_on = d.completed + 180
    ok = d.zone_owned & (d.completed >= E) & (paid_on <= as_of) & _paid(rng, "m11_dormitory_subsidy", d.firm.size)
    rows = np.flatnonzero(ok)
    amount = np.minimum(np.round(d.investment[rows] * 0.15, 2), 20_000_000.0)
    return one_time("m11_dormitory_subsidy", ("firm", d.firm[rows]), ("project", rows), amount, paid_on[rows])


def childcare_allowance(rng: np.random.Generator, city: City) -> Block:
    p, as_of = city.population, city.as_of
    mother, father = p.mother, p.father
    hukou = ((mother >= 0) & p.hukou[np.maximum(mother, 0)]) | ((father >= 0) & p.hukou[np.maximum(father, 0)])
    paid_on = p.birth.astype(np.int64) + 60
    ok = ((p.order == 2) | (p.order == 3)) & (p.birth >= E) & hukou & (paid_on <= as_of)
    child = np.flatnonzero(ok & _paid(rng, "m15_childcare_allowance", p.size))
    parent = np.where(mother[child] >= 0, mother[child], father[child]).astype(np.int64)
    return one_time(
        "m15_childcare_allowance",
        ("person", parent),
        ("person", child),
        np.full(child.size, 5_000.0),
        paid_on[child],
    )


def daycare_subsidy(rng: np.random.Generator, city: City) -> Block:
    e, f, p = city.enrolments, city.firms, city.population
    now = int(month_index(city.as_of))
    third = add_years(p.birth[e.child], 3)
    first = np.maximum(month_index(e.start), month_index(E))
    last = np.minimum(now - 1, month_index(third - 1))
    last = np.where(e.end != NULL, np.minimum(last, month_index(np.where(e.end != NULL, e.end, 0))), last)
    ok = f.daycare[e.firm] & f.registered[e.firm] & _paid(rng, "m15_daycare_subsidy", e.child.size)
    count = np.where(ok, np.maximum(0, last - first + 1), 0)
    row = np.repeat(np.arange(e.child.size), count)
    period = first[row] + np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)
    ones = np.ones(row.size, dtype=np.int64)
    return Block(
        "m15_daycare_subsidy",
        "firm",
        e.firm[row],
        "enrolment",
        row,
        ones * DAYCARE_MONTHLY,
        ones,
        period,
        tenth_of_next_month(period),
    )


def receipts(rng: np.random.Generator, city: City) -> list[Block]:
    blocks = graduate_rent(rng, city)
    blocks += [lease_subsidy(rng, city), hiring(rng, city), sme_awards(rng, city), startup_rent(rng, city)]
    blocks += purchase_subsidies(rng, city)
    blocks += [dorm_subsidy(rng, city), childcare_allowance(rng, city), daycare_subsidy(rng, city)]
    return blocks
