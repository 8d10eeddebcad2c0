"""Many cases evaluated together (`_batch.check_many`, the calculator's micro-batches) give each case
byte for byte the report `check` gives it alone, and a bad case is refused alone."""

from __future__ import annotations

import asyncio
import copy
import importlib.util
import random
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yinren.applications import precheck
from yinren.errors import InvalidInput
from yinren.policies import load_policy
from yinren.rules import CaseError, Condition, EvaluationError, check
from yinren.rules._batch import check_many

HERE = Path(__file__).resolve().parent
POLICY = load_policy()


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLDEN = _load("make_golden", HERE / "golden" / "make_golden.py")
STRATEGIES = _load("batch_strategies", HERE / "test_batch_equals_single.py")
CASES: list[tuple[str, dict[str, Any], date]] = GOLDEN.read_cases()


def alone(document: dict[str, Any], as_of: date, lang: str) -> bytes | list[Any]:
    try:
        return orjson.dumps(check(document, as_of, policy=POLICY, lang=lang).to_dict())
    except CaseError as error:
        return error.problems


def together(documents: list[tuple[dict[str, Any], str]], as_of: date) -> list[bytes | list[Any]]:
    return [
        answer.problems if isinstance(answer, CaseError) else orjson.dumps(answer)
        for answer in check_many(documents, as_of, policy=POLICY)
    ]


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2025, 3, 1)])
def test_every_stored_case_in_a_batch_gives_its_own_report(as_of: date) -> None:
    shuffled = random.Random(as_of.toordinal()).sample(CASES, len(CASES))
    for start in range(0, len(shuffled), 16):
        group = [(document, "zh" if n % 3 else "en") for n, (_, document, _) in enumerate(shuffled[start : start + 16])]
        assert together(group, as_of) == [alone(document, as_of, lang) for document, lang in group]


def test_the_same_people_in_two_documents_do_not_meet() -> None:
    _, document, _ = next(case for case in CASES if case[0].startswith("graduate-"))
    richer = copy.deepcopy(document)
    richer["person"]["provident_fund_balance"] = 99_000
    group = [(document, "zh"), (richer, "zh"), (document, "en")]
    as_of = date(2024, 6, 30)
    assert together(group, as_of) == [alone(d, as_of, lang) for d, lang in group]


def test_a_bad_document_is_refused_alone() -> None:
    good = [document for name, document, _ in CASES[:3]]
    broken = copy.deepcopy(good[0])
    next(iter(broken.values()))["birth_date" if "person" in broken else "founded_on"] = "2024-02-30"
    group = [(good[0], "zh"), ({"nobody": {}}, "zh"), (good[1], "en"), (broken, "zh"), (good[2], "zh")]
    as_of = date(2024, 6, 30)
    answers = together(group, as_of)
    assert answers == [alone(d, as_of, lang) for d, lang in group]
    assert [isinstance(answer, list) for answer in answers] == [False, True, False, True, False]


def test_an_as_of_before_the_policy_is_refused_for_the_batch_as_for_each() -> None:
    group = [(document, "zh") for _, document, _ in CASES[:2]]
    with pytest.raises(EvaluationError):
        check_many(group, date(2023, 1, 1), policy=POLICY)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(*[STRATEGIES.person_case(i) for i in range(n)])), st.data())
def test_generated_people_together_equal_each_alone(cases: tuple[dict[str, Any], ...], data: st.DataObject) -> None:
    as_of = max(data.draw(STRATEGIES.as_of_days), date(2023, 8, 24))
    group = [(document, data.draw(st.sampled_from(["zh", "en"]))) for document in cases]
    assert together(group, as_of) == [alone(document, as_of, lang) for document, lang in group]


def test_the_endpoint_queue_answers_each_request_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []

    def counted(documents: list[tuple[dict[str, Any], str]], as_of: date, *, policy: Any) -> list[Any]:
        sizes.append(len(documents))
        return check_many(documents, as_of, policy=policy)

    monkeypatch.setattr(precheck, "check_many", counted)
    as_of = date(2024, 6, 30)
    documents = [copy.deepcopy(document) for _, document, _ in CASES[:20]]
    for number, document in enumerate(documents):  # questions never asked before, so the cache is no help
        document["note"] = f"batch test {number}"
    documents.insert(5, {"person": {"person_id": "not an id"}})

    async def ask_all() -> list[bytes | BaseException]:
        asks = [precheck.calculate_json_together(document, as_of, "zh") for document in documents]
        return await asyncio.gather(*asks, return_exceptions=True)

    answers = asyncio.run(ask_all())
    assert sizes == [21]  # requests waiting together were evaluated together, past BATCH (which starts a round)
    monkeypatch.setattr(precheck._Together, "LARGEST", 8)
    sizes.clear()
    for document in documents:  # asked anew: not answered from the cache
        document["note"] = f"{document.get('note')} again"
    asyncio.run(ask_all())
    assert sizes == [8, 8, 5]  # at most LARGEST at a time
    for document, answer in zip(documents, answers, strict=True):
        try:
            expected: bytes | list[Any] = precheck._dumps(precheck.calculate(document, as_of, "zh"))
        except InvalidInput as error:
            assert isinstance(answer, InvalidInput)
            assert answer.fields == error.fields
            continue
        assert answer == expected


@pytest.mark.parametrize("measure_id", ["m10_graduate_rent", "m04_hiring_subsidy", "m15_childcare_allowance"])
def test_one_measure_together_equals_one_measure_alone(measure_id: str) -> None:
    as_of = date(2024, 6, 30)
    group = [(document, "zh" if n % 2 else "en") for n, (_, document, _) in enumerate(CASES[:16])]
    answers = check_many(group, as_of, policy=POLICY, measures=[measure_id])
    for (document, lang), answer in zip(group, answers, strict=True):
        report = check(document, as_of, policy=POLICY, lang=lang, measures=[measure_id])
        assert not isinstance(answer, CaseError)
        assert orjson.dumps(answer) == orjson.dumps(report.to_dict())
        assert measure_id in {m["measure_id"] for m in answer["measures"]}
        assert len(answer["measures"]) < len(POLICY.measures)


def _precheck_alone(document: dict[str, Any], measure_id: str, as_of: date) -> Any:
    try:
        return precheck.precheck(document, measure_id, as_of)
    except InvalidInput as refusal:
        return refusal.fields


def test_prechecks_together_answer_each_as_alone() -> None:
    measures = ("m02_sme_award", "m04_hiring_subsidy", "m10_graduate_rent")
    asks = [(document, name.partition("::")[0], day) for name, document, day in CASES if name.startswith(measures)]
    asks.insert(3, ({"person": {"person_id": "not an id"}}, "m04_hiring_subsidy", asks[0][2]))
    asks.append((asks[0][0], asks[0][1], date(2025, 3, 1)))  # a group of one: asked alone
    answers = precheck.precheck_many(asks)
    assert len(answers) == len(asks)
    for (document, measure_id, day), answer in zip(asks, answers, strict=True):
        expected = _precheck_alone(document, measure_id, day)
        assert (answer.fields if isinstance(answer, InvalidInput) else answer) == expected
    assert isinstance(answers[3], InvalidInput)
    eligible = {a.measure_id for a in answers if isinstance(a, precheck.Precheck) and a.eligible}
    assert eligible == set(measures)
    days = {(measure_id, day) for _, measure_id, day in asks}
    assert len(days) < len(asks) / 3  # most were evaluated in groups, not alone


def test_prechecks_whose_group_fails_are_each_refused_alone() -> None:
    asks = [(document, "m10_graduate_rent", date(2023, 1, 1)) for _, document, _ in CASES[:3]]
    answers = precheck.precheck_many(asks)
    assert all(isinstance(answer, InvalidInput) for answer in answers)
    assert all(answer.fields[0].field == "body.as_of" for answer in answers if isinstance(answer, InvalidInput))


def test_a_batch_in_two_languages_lists_each_language_s_parameters_in_its_own_order() -> None:
    """An English text may name its parameters in another order than the Chinese one: the cases of one
    language share a view of the parameters shown, never those of the other."""
    settlement = POLICY.measure("m18_settlement")
    shown = Condition(
        "shows_two",
        settlement.clause,
        zh="{p.m10_graduate_rent.max_age}周岁，{p.m10_graduate_rent.max_months}个月",  # read by no test here
        en="{p.m10_graduate_rent.max_months} months, age {p.m10_graduate_rent.max_age}",
        test=lambda units, view: np.ones(units.height, dtype=bool),
    )
    measure = replace(settlement, conditions=(*settlement.conditions, shown))
    policy = replace(POLICY, measures=(measure,))
    document = next(document for _, document, _ in CASES if "person" in document)
    as_of = date(2024, 6, 30)
    group = [(document, "zh"), (document, "en"), (document, "en"), (document, "zh")]
    expected = [check(document, as_of, policy=policy, lang=lang).to_dict() for document, lang in group]
    assert check_many(group, as_of, policy=policy) == expected
    names = [[use["name"] for use in report["measures"][0]["parameters"]] for report in expected]
    assert names[0][-2:] == ["m10_graduate_rent.max_age", "m10_graduate_rent.max_months"]
    assert names[1][-2:] == ["m10_graduate_rent.max_months", "m10_graduate_rent.max_age"]
