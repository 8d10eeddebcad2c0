"""Facts several measures read: age, graduate status, works in Hohhot, receipts already paid.

Each follows a general reading of spec sections 1 and 2a; measures cite the clause they apply it for.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from yinren.rules import Context, Frame, dates, kernels, schema

Codes = npt.NDArray[np.int64]
Days = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]
GRADUATE_CODES = [schema.EDUCATION_LEVELS.index(level) for level in schema.GRADUATE_LEVELS]


def person_domain_size(context: Context) -> int:
    return len(context.data.ids["persons"])


def person_facts(context: Context, codes: Codes) -> dict[str, npt.NDArray[Any]]:
    """The persons-table columns rules read, for the persons the codes name."""
    persons = context.data.persons
    columns = (
        ("birth_date", dates.NULL_DATE),
        ("education_level", -1),
        ("full_time", False),
        ("graduation_date", dates.NULL_DATE),
        ("in_school", False),
        ("hukou_in_hohhot", False),
        ("hukou_since", dates.NULL_DATE),
        ("lives_in_hohhot", False),
        ("owns_home_in_hohhot", False),
        ("public_rental_qualified", False),
        ("public_rental_allocated", False),
        ("in_affordable_rental", False),
        ("provident_fund_balance", 0),
    )
    if codes is persons.row:
        return {name: persons[name] for name, _ in columns}
    return {name: kernels.take(persons[name], codes, fill) for name, fill in columns}


def age_at(birth_date: Days, at: Days | np.int32) -> npt.NDArray[np.int64]:
    """Completed years at a date (spec section 1); -1 where the birth date is unknown."""
    return np.where(birth_date == dates.NULL_DATE, -1, dates.completed_years(birth_date, at))


def is_graduate(education_level: npt.NDArray[np.int8], full_time: Mask) -> Mask:
    """A full-time 专科, 本科, 硕士 or 博士 (spec section 1): 函授 and 成人教育 do not count."""
    return full_time & kernels.member(education_level, GRADUATE_CODES)


def works_in_hohhot(context: Context, codes: Codes, at: Days | np.int32) -> Mask:
    """Works in Hohhot at a date (spec section 2a): an insured job there, or founded a firm there.

    One date for everyone (as_of) reduces each table by person in one pass; a date per unit (a
    purchase's signing) pairs each unit with that person's rows.
    """
    employments = context.data.employments
    enterprises = context.data.enterprises
    if np.ndim(at) == 0:
        day = np.int32(at)
        size = person_domain_size(context)
        working = kernels.group_any(employments.person_id, _insured_job_at(employments, day), size)
        founded = enterprises.registered_in_hohhot & (enterprises.founded_on <= day)
        working |= kernels.group_any(enterprises.founder_id, founded, size)
        return kernels.take(working, codes, False).astype(bool)
    at_each = np.asarray(at, dtype=np.int32)
    rows, jobs = kernels.join_pairs(codes, employments.person_id)
    insured_job = _insured_job_at(employments.take(jobs), at_each[rows])
    owners, firms = kernels.join_pairs(codes, enterprises.founder_id)
    founded_here = enterprises.registered_in_hohhot[firms] & (enterprises.founded_on[firms] <= at_each[owners])
    return kernels.any_per_row(rows, insured_job, codes.size) | kernels.any_per_row(owners, founded_here, codes.size)


def _insured_job_at(jobs: Frame, day: Days | np.int32) -> Mask:
    ended = jobs.ended_on
    return (  # type: ignore[no-any-return]
        jobs.works_in_hohhot
        & (jobs.contract_signed_on <= day)
        & ((ended == dates.NULL_DATE) | (ended > day))
        & (jobs.insured_months >= 1)
    )


def enterprise_columns(context: Context, codes: Codes, *names: str) -> dict[str, npt.NDArray[Any]]:
    enterprises = context.data.enterprises
    fills = {"kind": -1, "size": -1, "founded_on": dates.NULL_DATE, "rent_paid": -1}
    return {name: kernels.take(enterprises[name], codes, fills.get(name, False)) for name in names}


def already_paid(context: Context, measure_id: str, units: Frame, beneficiary: str, source: str) -> Mask:
    """A receipt with the same measure, source and period exists (spec section 2a)."""
    receipts = context.receipts(measure_id, beneficiary, source)
    if receipts.height == 0:
        return np.zeros(units.height, dtype=bool)
    unit_period = units["period"] if "period" in units else np.full(units.height, -1, dtype=np.int64)
    if units.height == 0 or (unit_period == unit_period[0]).all():
        # One period for every unit (the run's month, or none): mark the paid sources.
        same = receipts.period == (unit_period[0] if units.height else -1)
        paid = kernels.group_any(receipts.source, same, len(context.data.ids[source]))
        return kernels.take(paid, units.source, False).astype(bool)
    rows, matched = kernels.join_pairs(units.source, receipts.source)
    return kernels.any_per_row(rows, unit_period[rows] == receipts.period[matched], units.height)


def received_by_beneficiary(context: Context, measure_id: str, codes: Codes, domain: str, source: str) -> Mask:
    """Has a receipt of this measure been paid to each beneficiary (once-per-person rules)?"""
    receipts = context.receipts(measure_id, domain, source)
    size = len(context.data.ids[domain])
    paid = kernels.group_any(receipts.beneficiary, np.ones(receipts.height, bool), size)
    return kernels.take(paid, codes, False).astype(bool)


def received_for_person(context: Context, measure_id: str, codes: Codes, beneficiary_domain: str) -> Mask:
    """Has a receipt of this measure been paid for each person as its source (m04: the hired person)?

    m04's receipts name the employer as beneficiary and the hired person as source (spec section 2a), so
    "once per person" reads the source column, whichever employer was paid.
    """
    receipts = context.receipts(measure_id, beneficiary_domain, "persons")
    size = person_domain_size(context)
    paid = kernels.group_any(receipts.source, np.ones(receipts.height, bool), size)
    return kernels.take(paid, codes, False).astype(bool)


def id_ranks(context: Context, domain: str) -> Codes:
    """Each code's place in its ids' string order, for "ties: the smaller id" (spec section 2a)."""
    return context.cached(("ranks", domain), context.data.ids[domain].ranks)


def persons_at_as_of(context: Context) -> Frame:
    """Every person as a unit of assessment, with age at as_of; beneficiary and source are the person."""

    def build() -> Frame:
        persons = context.data.persons
        return Frame(
            {
                "beneficiary": persons.row,
                "source": persons.row,
                "age": age_at(persons.birth_date, context.as_of_days),
                **person_facts(context, persons.row),
            },
            persons.height,
        )

    return context.cached("persons_at_as_of", build)
