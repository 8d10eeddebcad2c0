"""Every policy officer's case in `policies/hohhot_2023/cases/*.yaml` holds, and the cases cover the law.

Coverage: each measure of the policy has at least five cases, and each of its conditions is seen failing on
its own (`failed: [that_condition]`) in at least one case, so every sentence of every clause is tested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from yinren.policies import load_policy
from yinren.policies.casebook import PolicyCase, load_cases, verify
from yinren.rules import EvaluationError, check

CASES = list(load_cases())
MIN_CASES_PER_MEASURE = 5

# Conditions no case can see failing, each with the reason; a test below keeps the reason true.
UNREACHABLE = {
    ("m15_daycare_subsidy", "month_since_policy"): (
        "the month assessed is as_of's, and an as_of before the policy's effective date is refused, "
        "so a month before 2023-08 is never assessed"
    ),
}


def _entries(case: PolicyCase) -> Iterator[tuple[str, Any]]:
    for measure_id, expected in case.expect.items():
        for entry in expected if isinstance(expected, list) else [expected]:
            yield measure_id, entry


def _declared_failures(case: PolicyCase) -> Iterator[tuple[str, list[str]]]:
    for measure_id, entry in _entries(case):
        if isinstance(entry, dict) and "failed" in entry:
            yield measure_id, list(entry["failed"])


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_holds(case: PolicyCase) -> None:
    assert verify(case, load_policy()) == []


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_case_file_names_a_measure() -> None:
    measures = {measure.id for measure in load_policy().measures}
    assert {case.file for case in CASES} <= measures


def test_every_measure_has_enough_cases() -> None:
    counts: dict[str, int] = defaultdict(int)
    for case in CASES:
        counts[case.file] += 1
    short = {
        measure.id: counts[measure.id]
        for measure in load_policy().measures
        if counts[measure.id] < MIN_CASES_PER_MEASURE
    }
    assert short == {}, f"measures with fewer than {MIN_CASES_PER_MEASURE} cases"


def test_every_condition_is_seen_failing_alone() -> None:
    """Each condition of each measure is the only failed condition of some unit in some case."""
    alone: dict[str, set[str]] = defaultdict(set)
    for case in CASES:
        for measure_id, failed in _declared_failures(case):
            if len(failed) == 1:
                alone[measure_id].add(failed[0])
    missing = [
        (measure.id, condition.name)
        for measure in load_policy().measures
        for condition in measure.conditions
        if condition.name not in alone[measure.id] and (measure.id, condition.name) not in UNREACHABLE
    ]
    assert missing == []


def test_declared_failures_name_real_conditions() -> None:
    """A `failed:` list names only the measure's own conditions (a typo would cover nothing)."""
    names = {measure.id: {c.name for c in measure.conditions} for measure in load_policy().measures}
    unknown = [
        (case.id, measure_id, name)
        for case in CASES
        for measure_id, failed in _declared_failures(case)
        for name in failed
        if name not in names.get(measure_id, set())
    ]
    assert unknown == []


def test_unreachable_conditions_exist_and_stay_unreachable() -> None:
    policy = load_policy()
    for measure_id, name in UNREACHABLE:
        assert name in {c.name for c in policy.measure(measure_id).conditions}
    # The daycare month is as_of's month, and an as_of before the policy took effect is refused.
    day_before = date.fromordinal(policy.effective_from.toordinal() - 1)
    nursery = next(c for c in CASES if c.file == "m15_daycare_subsidy").document
    with pytest.raises(EvaluationError):
        check(nursery, day_before, policy=policy)
