"""The one place the service calls the rules engine (``yinren.rules``, ``yinren.policies``).

Everything the platform needs from the law goes through here: the measure catalogue with lead
departments, single-case checks (the calculator and each application's pre-check), and the caps the
ledger's constraints enforce (m10 months, m02's highest level).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import orjson

from yinren.policies import load_policy
from yinren.rules import CaseError, EvaluationError, check

from ..errors import FieldError, InvalidInput, NotFound

logger = logging.getLogger(__name__)

# The measures whose ledger totals are capped, and the parameters that cap them.
M02 = "m02_sme_award"
M10_RENT = "m10_graduate_rent"


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: str
    clause: str
    title_zh: str
    title_en: str
    departments: tuple[str, ...]
    lead_department: str
    kind: str  # cash | loan | rent_cap | entitlement
    frequency: str  # one_time | monthly
    beneficiary: str  # person | enterprise


@dataclass(frozen=True, slots=True)
class Unit:
    """One payable (or granted) unit of a measure's result, with the spec's result identity."""

    beneficiary_id: str
    source_id: str
    period: str  # YYYY-MM, or '' for one-time
    value: str
    amount_fen: int


@dataclass(frozen=True, slots=True)
class Precheck:
    measure_id: str
    policy_version: str
    applies: bool
    eligible: bool
    amount_fen: int  # total over eligible units
    units: tuple[Unit, ...]  # eligible units (cash: amount_fen > 0)
    result: dict[str, Any]  # the report's entry for the measure, with conditions and explanations


@cache
def catalogue() -> tuple[MeasureInfo, ...]:
    policy = load_policy()
    return tuple(
        MeasureInfo(
            id=m.id,
            clause=m.clause,
            title_zh=m.title_zh,
            title_en=m.title_en,
            departments=tuple(m.departments),
            lead_department=m.lead_department,
            kind=str(m.kind),
            frequency=str(m.frequency),
            beneficiary=str(m.beneficiary),
        )
        for m in policy.measures
    )


def measure(measure_id: str) -> MeasureInfo:
    for info in catalogue():
        if info.id == measure_id:
            return info
    raise NotFound(f"措施 {measure_id}", f"Measure {measure_id}")


@cache
def policy_version() -> str:
    return str(load_policy().version)


def _parameter(name: str, when: date) -> Any:
    return load_policy().parameters[name].at(when)


def caps(measure_id: str, when: date) -> tuple[int | None, int | None]:
    """(most fen, most months) one beneficiary may receive from a measure in total; None: no cap."""
    if measure_id == M10_RENT:
        return None, int(_parameter(f"{M10_RENT}.max_months", when))
    if measure_id == M02:
        levels = ("national_little_giant", "regional_specialized", "innovative_sme")
        return max(int(_parameter(f"{M02}.amount_{level}", when)) for level in levels), None
    return None, None


def problems_to_fields(error: CaseError, prefix: str) -> list[FieldError]:
    fields = []
    for problem in error.problems:
        row = "" if problem.row is None else f"[{problem.row}]"
        column = f".{problem.column}" if problem.column else ""
        fields.append(
            FieldError(
                field=f"{prefix}.{problem.table}{row}{column}",
                message_zh=problem.message_zh,
                message_en=problem.message_en,
                rule=problem.rule,
            )
        )
    return fields


def calculate_json(document: dict[str, Any], as_of: date, lang: str = "zh") -> bytes:
    """The calculator's answer as JSON bytes, remembered for recently asked identical cases.

    The engine takes milliseconds per case; the calculator is asked the same cases over and over (the
    same forms, the same examples), so the serialised reports of the last few thousand distinct
    questions are kept per process. Bad input is never cached (it raises).
    """
    key = _dumps([document, as_of.isoformat(), lang, policy_version()], sort_keys=True)
    cached = _REPORTS.get(key)
    if cached is None:
        cached = _dumps(calculate(document, as_of, lang))
        with _REPORTS_LOCK:
            if len(_REPORTS) >= _REPORTS_MAX:
                _REPORTS.pop(next(iter(_REPORTS)))
            _REPORTS[key] = cached
    return cached


def _dumps(value: Any, sort_keys: bool = False) -> bytes:
    """orjson, or the standard library for what orjson refuses (integers past 64 bits, lone surrogates)."""
    try:
        option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_SORT_KEYS if sort_keys else 0)
        return orjson.dumps(value, option=option)
    except TypeError:
        return json.dumps(value, sort_keys=sort_keys, default=str).encode()


_REPORTS: dict[bytes, bytes] = {}
_REPORTS_MAX = 1024  # about 25 MB of reports per process
_REPORTS_LOCK = threading.Lock()


def calculate(
    document: dict[str, Any],
    as_of: date,
    lang: str = "zh",
    prefix: str = "body",
    measures: list[str] | None = None,
) -> dict[str, Any]:
    """The policy calculator: every measure (or the named ones) for one person or enterprise, explained."""
    try:
        report = check(document, as_of, policy=load_policy(), lang=lang, measures=measures)
    except CaseError as error:
        raise InvalidInput(problems_to_fields(error, prefix)) from None
    except EvaluationError as error:
        english, _, chinese = str(error).partition(" / ")
        raise InvalidInput([FieldError("body.as_of", chinese or english, english)]) from None
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as error:
        # Input the engine's validation let through and then could not use: refuse it, and log the
        # engine's failure so that it gets fixed there.
        logger.exception("the engine failed on a case it did not refuse")
        raise InvalidInput(
            [FieldError(prefix, f"无法读取此案例：{error.__class__.__name__}", f"The case cannot be read: {error}")]
        ) from None
    result: dict[str, Any] = report.to_dict()
    return result


def precheck(
    document: dict[str, Any], measure_id: str, as_of: date, lang: str = "zh", prefix: str = "body.facts"
) -> Precheck:
    """Evaluate one measure for an application's facts; raises InvalidInput for bad facts."""
    info = measure(measure_id)
    # Only the measure applied for (and what it reads, such as m10 reading m08): a tenth of a full check.
    report = calculate(document, as_of, lang, prefix, measures=[measure_id])
    result = next((m for m in report["measures"] if m["measure_id"] == measure_id), None)
    if result is None:
        return Precheck(measure_id, report["policy_version"], False, False, 0, (), {})
    units = tuple(
        Unit(
            beneficiary_id=str(unit["beneficiary_id"]),
            source_id=str(unit["source_id"]),
            period=str(unit.get("period") or ""),
            value=str(unit.get("value")),
            amount_fen=int(unit.get("amount_fen") or 0),
        )
        for unit in result["units"]
        if unit["eligible"] and (info.kind != "cash" or int(unit.get("amount_fen") or 0) > 0)
    )
    return Precheck(
        measure_id=measure_id,
        policy_version=str(report["policy_version"]),
        applies=bool(result["applies"]),
        eligible=bool(units),
        amount_fen=sum(unit.amount_fen for unit in units),
        units=units,
        result=result,
    )
