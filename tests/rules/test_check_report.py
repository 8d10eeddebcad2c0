"""The calculator's report: JSON shape, and one measure alone equals that measure within all."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from yinren.policies import load_policy
from yinren.rules import UnknownMeasure, check

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


def _every_field(value: Any) -> Any:
    """`dataclasses.asdict`, reaching into named tuples too: the oracle of the hand-written `to_dict`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _every_field(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: _every_field(item) for name, item in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [_every_field(item) for item in value]
    if isinstance(value, dict):
        return {key: _every_field(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_to_dict_is_what_asdict_would_give(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    report = check(document, date.fromisoformat(document["as_of"]), policy=load_policy())
    for measure in report.measures:
        expected = json.loads(json.dumps(_every_field(measure), ensure_ascii=False))
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
