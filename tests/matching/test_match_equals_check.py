"""A batch run offers, row for row, what the single-case `check` says for each subject (issue 3).

For a sample of persons and enterprises of the synthetic city (random ones, every planted case and
beneficiaries of every measure that offers anything), the case document holds the subject's
neighbourhood (`yinren.matching.neighbourhood`); `check` on it must offer exactly the batch's offers
whose beneficiary is the subject: same (measure_id, beneficiary_id, source_id, period, value).
"""

from __future__ import annotations

import random
from collections import defaultdict

import polars as pl
import pytest

from yinren.matching import Neighbourhoods, case_document
from yinren.matching.offers import IDENTITY, evaluation_offers
from yinren.rules import CheckReport, Policy, Tables, check, evaluate

from .conftest import AS_OF

Identity = tuple[str, str, str, str | None, str]
RANDOM_PERSONS = 1_300
RANDOM_ENTERPRISES = 400
PER_MEASURE = 40


def offered(report: CheckReport, subject: str) -> set[Identity]:
    """What the check offers the subject: eligible units with a value above zero (spec 2a)."""
    out: set[Identity] = set()
    for measure in report.measures:
        for unit in measure.units:
            if unit.beneficiary_id != subject or not unit.eligible:
                continue
            positive = unit.amount_fen > 0 if measure.kind == "cash" else _positive(unit.value)
            if positive:
                out.add((measure.measure_id, unit.beneficiary_id, unit.source_id, unit.period, unit.value))
    return out


def _positive(value: str) -> bool:
    if value == "granted":
        return True
    try:
        return float(value) > 0
    except ValueError:
        return False


@pytest.fixture(scope="module")
def batch(valid: Tables, policy: Policy) -> pl.DataFrame:
    return evaluation_offers(evaluate(valid, AS_OF, policy=policy))


def sample(valid: Tables, batch: pl.DataFrame) -> list[tuple[str, str]]:
    rng = random.Random(3)
    persons = valid["persons"]
    person_ids = persons["person_id"].to_list()
    enterprise_ids = valid["enterprises"]["enterprise_id"].to_list()
    chosen = {("person", p) for p in rng.sample(person_ids, RANDOM_PERSONS)}
    chosen |= {("enterprise", e) for e in rng.sample(enterprise_ids, RANDOM_ENTERPRISES)}
    chosen |= {("person", p) for p in persons.filter(pl.col("name").str.starts_with("planted:"))["person_id"]}
    known = {"person": set(person_ids), "enterprise": set(enterprise_ids)}
    for (measure_id, kind), rows in batch.group_by("measure_id", "beneficiary_kind"):
        ids = sorted(set(rows["beneficiary_id"].to_list()) & known[str(kind)])
        chosen |= {(str(kind), i) for i in rng.sample(ids, min(PER_MEASURE, len(ids)))}
        assert ids, f"{measure_id}: no beneficiary in the city to sample"
    return sorted(chosen)


def test_batch_offers_equal_single_case_checks(valid: Tables, batch: pl.DataFrame, policy: Policy) -> None:
    by_beneficiary: dict[str, set[Identity]] = defaultdict(set)
    for row in batch.select(IDENTITY).iter_rows():
        by_beneficiary[row[1]].add(row)  # type: ignore[arg-type]
    subjects = sample(valid, batch)
    assert len(subjects) >= 2_000
    neighbourhoods = Neighbourhoods(valid)
    covered: set[str] = set()
    mismatches = []
    for kind, subject in subjects:
        rows = neighbourhoods.person(subject) if kind == "person" else neighbourhoods.enterprise(subject)
        report = check(case_document(rows, kind, subject), AS_OF, policy=policy)
        got = offered(report, subject)
        want = by_beneficiary.get(subject, set())
        covered |= {identity[0] for identity in want}
        if got != want:
            mismatches.append((kind, subject, sorted(want - got), sorted(got - want)))
    assert not mismatches[:5], f"{len(mismatches)} subjects differ (batch only, check only): {mismatches[:5]}"
    assert covered == set(batch["measure_id"].unique()), "every measure with offers is compared"
    assert len(covered) == len(policy.measures), (
        f"measures without offers in the sample: { {m.id for m in policy.measures} - covered }"
    )
