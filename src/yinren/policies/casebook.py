"""Policy officers' test cases in YAML: a situation, an as_of, and what each measure should give.

    ids:                                  # people and firms, by a short name; ids are made valid
      ming: {birth_date: 1999-03-15, sex: male}
      qingcheng: enterprise
    cases:
      - name: 专科毕业生在呼就业租房
        as_of: 2024-06-30
        case:
          person: {person_id: $ming, education_level: junior_college, ...}   # as the calculator's JSON
        expect:
          m10_graduate_rent: 300                 # eligible, 300 yuan (a loan: the limit; a cap: 0.70)
          m09_deed_tax_subsidy: not_applicable   # no unit to assess
          m18_settlement: {eligible: false, failed: [no_hohhot_hukou]}
          m04_hiring_subsidy:                    # several units: one entry each, picked by source
            - {source: $ming, amount: 1500}

`$name` anywhere stands for that person's 居民身份证号 or that firm's 统一社会信用代码. A persons row
whose birth_date or sex is left out takes them from its id. Amounts are in yuan; 0 means not offered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from yinren.rules import CheckReport, Policy, UnitExplanation, check, checksums

CASES_DIR = Path(__file__).parent / "hohhot_2023" / "cases"
_NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class PolicyCase:
    file: str
    name: str
    as_of: date
    document: dict[str, Any]
    expect: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def load_cases(directory: Path = CASES_DIR) -> Iterator[PolicyCase]:
    for path in sorted(directory.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids = _make_ids(content.get("ids") or {})
        for entry in content.get("cases") or []:
            document = _substitute(entry["case"], ids)
            _fill_from_ids(document, content.get("ids") or {}, ids)
            yield PolicyCase(path.stem, entry["name"], entry["as_of"], document, _substitute(entry["expect"], ids))


def _make_ids(spec: Mapping[str, Any]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for number, (name, detail) in enumerate(spec.items(), start=1):
        if detail == "enterprise":
            ids[name] = checksums.make_credit_code(f"91150100MA{number:07d}")
        else:
            # The 17th digit's parity is the sex: odd for men, even for women (GB 11643).
            seq = number * 2 + (1 if detail["sex"] == "male" else 0)
            ids[name] = checksums.make_person_id(
                str(detail.get("area", "150102")), detail["birth_date"], f"{seq % 1000:03d}"
            )
    return ids


def _substitute(value: Any, ids: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        try:
            return ids[value[1:]]
        except KeyError:
            raise KeyError(f"{value} is not declared under ids") from None
    if isinstance(value, Mapping):
        return {key: _substitute(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, ids) for item in value]
    return value


def _fill_from_ids(value: Any, spec: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    """A persons row that names a declared person takes its birth_date and sex from the declaration."""
    by_id = {ids[name]: detail for name, detail in spec.items() if isinstance(detail, Mapping)}
    if isinstance(value, dict):
        detail = by_id.get(value.get("person_id", ""))
        if detail and "employer_id" not in value:
            value.setdefault("birth_date", detail["birth_date"])
            value.setdefault("sex", detail["sex"])
        for item in value.values():
            _fill_from_ids(item, spec, ids)
    elif isinstance(value, list):
        for item in value:
            _fill_from_ids(item, spec, ids)


def verify(case: PolicyCase, policy: Policy) -> list[str]:
    """Run one case; return what differs from its expectations (empty when all hold)."""
    report = check(case.document, case.as_of, policy=policy)
    failures: list[str] = []
    for measure_id, expected in case.expect.items():
        units = _units(report, measure_id)
        entries = expected if isinstance(expected, list) else [expected]
        if expected == _NOT_APPLICABLE:
            if units:
                failures.append(f"{measure_id}: expected no unit, got {len(units)}")
            continue
        if not isinstance(expected, list) and len(units) != 1 and not _is_zero(expected):
            failures.append(f"{measure_id}: expected one unit, got {len(units)}")
            continue
        if _is_zero(expected) and not isinstance(expected, list):
            offered = [u for u in units if u.eligible and u.value not in ("0", "")]
            if offered:
                failures.append(f"{measure_id}: expected nothing offered, got {[u.value for u in offered]}")
            continue
        for index, entry in enumerate(entries):
            unit = _pick(units, entry, index)
            if unit is None:
                failures.append(f"{measure_id}[{index}]: no unit with source {entry.get('source')}")
                continue
            failures.extend(f"{measure_id}[{index}]: {problem}" for problem in _compare(unit, entry))
    return failures


def _units(report: CheckReport, measure_id: str) -> list[UnitExplanation]:
    for measure in report.measures:
        if measure.measure_id == measure_id:
            return measure.units
    raise KeyError(f"unknown measure {measure_id}")


def _is_zero(expected: Any) -> bool:
    return expected is False or (isinstance(expected, int | float) and not isinstance(expected, bool) and expected == 0)


def _pick(units: list[UnitExplanation], entry: Any, index: int) -> UnitExplanation | None:
    if isinstance(entry, Mapping) and "source" in entry:
        return next((u for u in units if u.source_id == str(entry["source"])), None)
    return units[index] if index < len(units) else None


def _compare(unit: UnitExplanation, entry: Any) -> list[str]:
    spec = entry if isinstance(entry, Mapping) else {"value": entry}
    problems: list[str] = []
    failed = sorted(c.name for c in unit.conditions if not c.passed)
    if "eligible" in spec and bool(spec["eligible"]) != unit.eligible:
        problems.append(f"eligible {unit.eligible}, expected {spec['eligible']} (failed: {failed})")
    if "failed" in spec and sorted(spec["failed"]) != failed:
        problems.append(f"failed conditions {failed}, expected {sorted(spec['failed'])}")
    for key in ("value", "amount"):
        if key in spec and not _same_value(unit, spec[key]):
            problems.append(f"value {unit.value} ({unit.value_display}), expected {spec[key]} (failed: {failed})")
    if "period" in spec and spec["period"] != unit.period:
        problems.append(f"period {unit.period}, expected {spec['period']}")
    return problems


def _same_value(unit: UnitExplanation, expected: Any) -> bool:
    if isinstance(expected, bool) or expected == "granted":
        return (unit.value == "granted") == bool(expected)
    if isinstance(expected, str):
        return unit.value == expected
    if unit.value in ("granted", ""):
        return False
    if "." in unit.value:  # a ratio, such as 0.70
        return abs(float(unit.value) - float(expected)) < 1e-9
    fen = round(float(expected) * 100)
    return (int(unit.value) if unit.eligible else 0) == fen
