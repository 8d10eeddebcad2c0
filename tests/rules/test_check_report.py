"""The calculator's report: JSON shape, and one measure alone equals that measure within all."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from yinren.policies import load_policy
from yinren.rules import UnknownMeasure, check

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_to_dict_is_what_asdict_would_give(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    report = check(document, date.fromisoformat(document["as_of"]), policy=load_policy())
    for measure in report.measures:
        expected = json.loads(json.dumps(dataclasses.asdict(measure), ensure_ascii=False))
        assert json.loads(json.dumps(measure.to_dict(), ensure_ascii=False)) == expected


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_one_measure_alone_equals_it_among_all(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    as_of = date.fromisoformat(document["as_of"])
    everything = {m.measure_id: m.to_dict() for m in check(document, as_of, policy=load_policy()).measures}
    for measure_id, expected in everything.items():
        alone = check(document, as_of, policy=load_policy(), measures=[measure_id])
        assert [m.to_dict() for m in alone.measures] == [expected]


def test_an_unknown_measure_is_named() -> None:
    document = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    with pytest.raises(UnknownMeasure, match="m99"):
        check(document, date(2024, 6, 30), policy=load_policy(), measures=["m99"])
