"""The calculator: one case in, every measure's answer and its reasons out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ._case import Case, CaseError, Parsed, read_case_parsed
from ._evaluate import Evaluation, evaluate
from ._explain import MeasureExplanation, explain
from ._policy import Policy
from ._validate import validate_parsed, validate_parsed_many


@dataclass(frozen=True)
class CheckReport:
    case: Case
    as_of: date
    policy_version: str
    lang: str
    measures: list[MeasureExplanation]
    evaluation: Evaluation

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "policy_version": self.policy_version,
            "lang": self.lang,
            "subject": {"kind": self.case.subject_kind, "id": self.case.subject_id},
            "measures": [measure.to_dict() for measure in self.measures],
            "total_cash_fen": self.total_cash_fen(),
        }

    def total_cash_fen(self) -> int:
        return sum(unit.amount_fen for m in self.measures for unit in m.units if unit.eligible)


def check(
    document: Mapping[str, Any],
    as_of: date,
    *,
    policy: Policy,
    lang: str = "zh",
    measures: Iterable[str] | None = None,
) -> CheckReport:
    """Evaluate one case document (see `_case`) and explain every measure (or the named ones) for its subject.

    Raises CaseError, whose `problems` name table, row, column and rule, when the case is malformed.
    """
    case, parsed = read_case_parsed(document)
    problems = _validate(parsed)
    if problems:
        raise CaseError(problems)
    chosen = None if measures is None else [policy.measure(measure_id).id for measure_id in measures]
    evaluation = evaluate(case.rows, as_of, policy=policy, measures=chosen)
    explained = explain(evaluation, lang=lang, beneficiaries={case.subject_id}, family=case.family_ids())
    return CheckReport(case, as_of, policy.version, lang, explained, evaluation)


def _validate(parsed: Parsed) -> list[Any]:
    """Every rule of the batch validator, on the case's rows as given (duplicate keys included)."""
    problems: list[Any] = []
    for table, rows in parsed.items():
        if rows:
            problems.extend(validate_parsed(table, rows))
    return problems


def _validate_many(parsed: list[Parsed]) -> list[list[Any]]:
    """`_validate` for each of several cases, each table's rules run once over the rows of all of them."""
    by_table: dict[str, list[int]] = {}
    for number, tables in enumerate(parsed):
        for table, rows in tables.items():
            if rows:
                by_table.setdefault(table, []).append(number)
    found: dict[tuple[int, str], list[Any]] = {}
    for table, numbers in by_table.items():
        answers = validate_parsed_many(table, [parsed[number][table] for number in numbers])
        found.update(((number, table), problems) for number, problems in zip(numbers, answers, strict=True))
    return [
        [problem for table in tables for problem in found.get((number, table), ())]
        for number, tables in enumerate(parsed)
    ]
