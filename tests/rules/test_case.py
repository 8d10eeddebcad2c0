"""One case document: structure errors, text values parsed as the validator parses them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from yinren.policies import load_policy
from yinren.rules import CaseError, check, read_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def offered(document: dict[str, Any]) -> list[tuple[str, str, int]]:
    report = check(document, date(2024, 6, 30), policy=load_policy())
    return [(m.measure_id, u.value, u.amount_fen) for m in report.measures for u in m.units if u.eligible]


def test_text_values_evaluate_as_their_typed_values() -> None:
    typed = example("graduate-renting")
    texts = example("graduate-renting")
    person = texts["person"]
    person["full_time"] = "是"
    person["owns_home_in_hohhot"] = "0"
    person["provident_fund_balance"] = "8400.00"
    person["employments"][0]["insured_months"] = "11"
    person["employments"][0]["works_in_hohhot"] = "true"
    assert offered(texts) == offered(typed)
    assert ("m10_graduate_rent", "30000", 30000) in offered(texts)


def test_a_value_that_does_not_parse_is_named() -> None:
    document = example("graduate-renting")
    document["person"]["employments"][0]["insured_months"] = "eleven"
    with pytest.raises(CaseError) as raised:
        check(document, date(2024, 6, 30), policy=load_policy())
    problem = raised.value.problems[0]
    assert (problem.table, problem.row, problem.column, problem.rule) == ("employments", 1, "insured_months", "type")


def test_a_duplicate_row_inside_a_case_is_refused() -> None:
    document = example("employer-hires")
    document["enterprise"]["employments"].append(dict(document["enterprise"]["employments"][0]))
    with pytest.raises(CaseError) as raised:
        check(document, date(2024, 6, 30), policy=load_policy())
    assert {p.rule for p in raised.value.problems} == {"duplicate_key"}


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ({}, "exactly one subject"),
        ({"person": {}, "enterprise": {}}, "exactly one subject"),
        ({"person": []}, "must be an object"),
        ({"person": {"employments": {}}}, "list of objects"),
        ({"person": {}, "surprise": 1}, "unknown key"),
    ],
)
def test_structure_mistakes_are_named(document: dict[str, Any], fragment: str) -> None:
    with pytest.raises(CaseError, match=fragment):
        read_case(document)


def test_nested_rows_take_their_parent_unless_they_name_another() -> None:
    case = read_case(example("startup-founder"))
    founder = case.subject_id
    assert [firm["founder_id"] for firm in case.rows["enterprises"]] == [founder]
