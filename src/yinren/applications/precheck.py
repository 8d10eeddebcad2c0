"""The one place the service calls the rules engine (``yinren.rules``, ``yinren.policies``).

Everything the platform needs from the law goes through here: the measure catalogue with lead
departments, single-case checks (the calculator and each application's pre-check), and the caps the
ledger's constraints enforce (m10 months, m02's highest level).
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import orjson

from yinren.policies import load_policy
from yinren.rules import CaseError, EvaluationError, check, check_many

from ..errors import FieldError, InvalidInput, NotFound

logger = logging.getLogger(__name__)

# The measures whose ledger totals are capped, and the parameters that cap them.
M02 = "m02_sme_award"
M04 = "m04_hiring_subsidy"  # paid once per hired person: its receipts are found by the person (claim_key)
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


def prepare() -> None:
    """Ready a worker process for the calculator before its first request (the app's lifespan calls it).

    Loads the policy pack, then moves every object alive so far (the app, the policy, polars, numpy...)
    out of the cyclic garbage collector's sight: otherwise each full collection walks those ~180,000
    objects and stalls every request in flight for about 100 ms, which was the calculator's p99.
    """
    catalogue()
    _freeze_once()


@cache
def _freeze_once() -> None:
    # Once per process: tests start an app per test, and what a freeze holds is never collected.
    gc.collect()
    gc.freeze()


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
    key = _report_key(document, as_of, lang)
    cached = _REPORTS.get(key)
    if cached is None:
        cached = _remember(key, _dumps(calculate(document, as_of, lang)))
    return cached


async def calculate_json_together(document: dict[str, Any], as_of: date, lang: str = "zh") -> bytes:
    """`calculate_json`, with the questions asked at the same moment (and as of the same day) evaluated
    together: see `_Together`. Same answers, same refusals."""
    key = _report_key(document, as_of, lang)
    cached = _REPORTS.get(key)
    if cached is not None:
        return cached
    return await _together().ask(key, document, as_of, lang)


def _report_key(document: dict[str, Any], as_of: date, lang: str) -> bytes:
    return _dumps([document, as_of.isoformat(), lang, policy_version()], sort_keys=True)


def _remember(key: bytes, content: bytes) -> bytes:
    with _REPORTS_LOCK:
        if len(_REPORTS) >= _REPORTS_MAX:
            _REPORTS.pop(next(iter(_REPORTS)))
        _REPORTS[key] = content
    return content


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


_Waiting = tuple[bytes, dict[str, Any], date, str, "asyncio.Future[bytes]"]


class _Together:
    """Cold calculator questions that arrive together, evaluated together (`rules._batch.check_many`).

    One case costs about a millisecond of numpy overhead on one-row arrays; sixteen evaluated together
    cost little more. The first question waiting schedules a round on the event loop and lets the loop
    turn a few times, so that the requests already read reach the queue too; the round then answers all
    of them, grouped by as_of. Nothing waits for a timer: a lone question is answered as before.

    A case that cannot be read is refused alone. Should the evaluation of a group fail (an input the
    validation let through, an as_of before the policy), every question of the group is asked again
    alone, so that no question is answered by another's failure.
    """

    BATCH = 16  # a round starts once this many questions wait (or after TURNS)
    LARGEST = 64  # the most evaluated together: those waiting beyond BATCH join, rather than wait alone
    TURNS = 3  # loop turns a round waits for requests already read to reach the queue

    def __init__(self) -> None:
        self._waiting: list[_Waiting] = []
        self._scheduled = False

    async def ask(self, key: bytes, document: dict[str, Any], as_of: date, lang: str) -> bytes:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bytes] = loop.create_future()
        self._waiting.append((key, document, as_of, lang, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._round, 0)
        return await future

    def _round(self, turns: int) -> None:
        if len(self._waiting) < self.BATCH and turns < self.TURNS:
            asyncio.get_running_loop().call_soon(self._round, turns + 1)
            return
        waiting, self._waiting, self._scheduled = self._waiting, [], False
        groups: dict[date, list[_Waiting]] = {}
        for item in waiting:
            groups.setdefault(item[2], []).append(item)
        for group in groups.values():
            for start in range(0, len(group), self.LARGEST):
                _answer_or_fail(group[start : start + self.LARGEST])


def _answer_or_fail(group: list[_Waiting]) -> None:
    """Every question of the group gets an answer or an exception: none is left waiting forever."""
    try:
        _answer(group)
    except BaseException as error:
        for *_, future in group:
            if not future.done():
                future.set_exception(error)
        raise


def _answer(group: list[_Waiting]) -> None:
    if len(group) == 1:
        _answer_alone(group[0])
        return
    try:
        answers = check_many([(document, lang) for _, document, _, lang, _ in group], group[0][2], policy=load_policy())
    except Exception:  # the group's evaluation failed: each question alone, with its own answer or refusal
        for item in group:
            _answer_alone(item)
        return
    for (key, *_, future), answer in zip(group, answers, strict=True):
        if future.cancelled():
            continue
        if isinstance(answer, CaseError):
            future.set_exception(InvalidInput(problems_to_fields(answer, "body")))
        else:
            future.set_result(_remember(key, _dumps(answer)))


def _answer_alone(item: _Waiting) -> None:
    key, document, as_of, lang, future = item
    try:
        content = _remember(key, _dumps(calculate(document, as_of, lang)))
    except Exception as error:  # raised to its own request, as `calculate_json` would have
        if not future.cancelled():
            future.set_exception(error)
        return
    if not future.cancelled():
        future.set_result(content)


# One queue per event loop: a worker process has one; tests start several, some in other threads.
_TOGETHER: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Together] = weakref.WeakKeyDictionary()
_TOGETHER_LOCK = threading.Lock()


def _together() -> _Together:
    loop = asyncio.get_running_loop()
    with _TOGETHER_LOCK:
        if loop not in _TOGETHER:
            _TOGETHER[loop] = _Together()
        return _TOGETHER[loop]


def precheck(
    document: dict[str, Any], measure_id: str, as_of: date, lang: str = "zh", prefix: str = "body.facts"
) -> Precheck:
    """Evaluate one measure for an application's facts; raises InvalidInput for bad facts."""
    # Only the measure applied for (and what it reads, such as m10 reading m08): a tenth of a full check.
    return _precheck_of(calculate(document, as_of, lang, prefix, measures=[measure_id]), measure_id)


def precheck_many(
    asks: Sequence[tuple[dict[str, Any], str, date]], lang: str = "zh", prefix: str = "body.facts"
) -> list[Precheck | InvalidInput]:
    """`precheck` for each (document, measure_id, as_of), or its refusal: those of the same measure and
    day evaluated together (`rules.check_many`), as the calculator's micro-batches are.

    Should the evaluation of a group fail, each of its cases is asked again alone, so that no case is
    answered by another's failure.
    """
    answers: dict[int, Precheck | InvalidInput] = {}
    groups: dict[tuple[date, str], list[int]] = {}
    for index, (_, measure_id, as_of) in enumerate(asks):
        groups.setdefault((as_of, measure_id), []).append(index)
    for (as_of, measure_id), indexes in groups.items():
        together = _together_or_none([asks[index][0] for index in indexes], measure_id, as_of, lang)
        for position, index in enumerate(indexes):
            report = None if together is None else together[position]
            try:
                if report is None:
                    answers[index] = precheck(asks[index][0], measure_id, as_of, lang, prefix)
                elif isinstance(report, CaseError):
                    answers[index] = InvalidInput(problems_to_fields(report, prefix))
                else:
                    answers[index] = _precheck_of(report, measure_id)
            except InvalidInput as refusal:
                answers[index] = refusal
    return [answers[index] for index in range(len(asks))]


def _together_or_none(
    documents: list[dict[str, Any]], measure_id: str, as_of: date, lang: str
) -> list[dict[str, Any] | CaseError] | None:
    if len(documents) < 2:
        return None
    try:
        return check_many([(d, lang) for d in documents], as_of, policy=load_policy(), measures=[measure_id])
    except Exception:  # the group's evaluation failed: each case is asked alone, with its own answer
        return None


def _precheck_of(report: dict[str, Any], measure_id: str) -> Precheck:
    """The pre-check in a report of the measure applied for."""
    info = measure(measure_id)
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
