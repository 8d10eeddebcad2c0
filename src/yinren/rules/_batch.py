"""Several calculator questions of the same day answered with one vectorised evaluation.

A case alone spends most of its time in numpy's per-call overhead on arrays of one or two rows; sixteen
cases evaluated together cost little more than one. Each case's ids get a namespace of their own (a
prefix), so the cases share no person, firm or purchase and cannot affect each other's results; each is
then explained alone, with the parameters its own evaluation would have listed, and its ids restored.
The report of each case is the one `check` gives for it alone (a test holds them byte for byte equal).

A case that cannot be read is refused alone (its CaseError in its place); the others are answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ._case import Case, CaseError, Parsed, Row, read_case_parsed
from ._check import CheckReport, _validate_many
from ._encode import _DOMAIN_OWNERS, _ENTERPRISE_REFS, _PERSON_REFS
from ._evaluate import Evaluation, MeasureResult, evaluate
from ._explain import Columns, MeasureExplanation, explain_rows
from ._policy import Policy
from ._schema import TABLES

# Every column the engine reads as an id; composite source ids (a recognition, an enrolment) begin with
# one of them, so a prefix on the column prefixes the composite too.
_ID_COLUMNS: dict[str, tuple[str, ...]] = dict.fromkeys(TABLES, ())
for _table, _column in _DOMAIN_OWNERS.values():
    _ID_COLUMNS[_table] += (_column,)
for _refs in (_PERSON_REFS, _ENTERPRISE_REFS):
    for _table, _columns in _refs.items():
        _ID_COLUMNS[_table] += _columns
_ID_COLUMNS["receipts"] += ("beneficiary_id", "source_id")


def check_many(
    documents: Sequence[tuple[Mapping[str, Any], str]],
    as_of: date,
    *,
    policy: Policy,
    measures: Iterable[str] | None = None,
) -> list[dict[str, Any] | CaseError]:
    """`check(document, as_of, lang=lang, measures=measures).to_dict()` for each (document, lang), or its
    CaseError.

    Raises what the evaluation of all of them raises (EvaluationError for an as_of before the policy,
    say): the caller then asks each case alone, so that no case's failure answers for another.
    """
    answers: list[dict[str, Any] | CaseError] = []
    read: list[tuple[int, Case, Parsed, str]] = []
    for index, (document, lang) in enumerate(documents):
        try:
            case, parsed = read_case_parsed(document)
        except CaseError as error:
            answers.append(error)
            continue
        answers.append({})
        read.append((index, case, parsed, lang))
    cases: list[tuple[int, Case, str]] = []
    for (index, case, _, lang), problems in zip(read, _validate_many([item[2] for item in read]), strict=True):
        if problems:
            answers[index] = CaseError(problems)
        else:
            cases.append((index, case, lang))
    if cases:
        tagged = [_tagged(case, _tag(number)) for number, (_, case, _) in enumerate(cases)]
        chosen = None if measures is None else [policy.measure(measure_id).id for measure_id in measures]
        evaluation = evaluate(_merged(tagged), as_of, policy=policy, measures=chosen)
        batch = _Batch(evaluation, tagged)
        for number, (index, case, lang) in enumerate(cases):
            report = CheckReport(case, as_of, policy.version, lang, batch.explain(number, lang), evaluation)
            answers[index] = report.to_dict()
    return answers


def _tag(number: int) -> str:
    """The namespace of a case's ids: its number and a bar ("7|"), read back from a unit's ids."""
    return f"{number}|"


def _tagged(case: Case, tag: str) -> Case:
    rows = {name: [_tagged_row(row, _ID_COLUMNS[name], tag) for row in table] for name, table in case.rows.items()}
    return Case(case.subject_kind, tag + case.subject_id, rows, case.raw_rows)


def _tagged_row(row: Row, columns: tuple[str, ...], tag: str) -> Row:
    if not columns:
        return row
    out = dict(row)
    for column in columns:
        value = out.get(column)
        if value is not None:
            out[column] = tag + str(value)
    return out


def _merged(cases: list[Case]) -> dict[str, list[Row]]:
    return {name: [row for case in cases for row in case.rows[name]] for name in TABLES}


class _Batch:
    """The evaluation of all the cases, and what each case's own evaluation would have noted."""

    def __init__(self, evaluation: Evaluation, cases: list[Case]) -> None:
        self.evaluation = evaluation
        self.cases = cases
        # Explaining notes the parameters a text shows in the result's view: each case is explained on
        # a copy of the reads as they stood after evaluating (shared only where they cannot differ, see
        # `rendering`), so one case's explanation never lists another's.
        self.reads = {
            measure_id: {part: tuple(names) for part, names in evaluation[measure_id].parameters_read.items()}
            for measure_id in evaluation.measure_ids
        }
        self.all_parts = {measure_id: tuple(reads) for measure_id, reads in self.reads.items()}
        self.unit_cases = {measure_id: _unit_cases(evaluation, evaluation[measure_id]) for measure_id in self.reads}
        self.case_rows = {measure_id: _case_rows(evaluation, evaluation[measure_id]) for measure_id in self.reads}
        self.columns: dict[str, Columns] = {}
        self.table_rows = {name: Counter(_case_numbers(cases, name)) for name in TABLES}
        # A measure with no unit of a case is explained by the reads alone, the same for every such case.
        self.nothing: dict[tuple[str, tuple[str, ...], str], MeasureExplanation] = {}
        # The cases with units of a measure all read every part's parameters and render the same texts,
        # which note the same parameters in the same order: they share one view of them per language
        # (an English sentence may name its parameters in another order than the Chinese one).
        self.rendering: dict[tuple[str, str], MeasureResult] = {}

    def explain(self, number: int, lang: str) -> list[MeasureExplanation]:
        case = self.cases[number]
        wanted, family = {case.subject_id}, case.family_ids()
        explained = []
        for measure_id in self.evaluation.measure_ids:
            chosen = wanted | family if self.evaluation[measure_id].measure.family else wanted
            rows = [row for row, beneficiary in self.case_rows[measure_id].get(number, ()) if beneficiary in chosen]
            if rows:
                result = self._rendering(measure_id, lang)
                columns = self._columns(measure_id)
                explained.append(explain_rows(result, self.evaluation, lang, rows, columns, _tag(number)))
            else:
                explained.append(self._nothing(measure_id, self._parts(number, measure_id), lang))
        return explained

    def _nothing(self, measure_id: str, parts: tuple[str, ...], lang: str) -> MeasureExplanation:
        """The explanation of a measure without units for the case, shared by the batch's cases (a report
        is turned into plain data at once, so no case's report can change another's)."""
        key = (measure_id, parts, lang)
        explanation = self.nothing.get(key)
        if explanation is None:
            result = self._result_of(measure_id, parts)
            explanation = self.nothing[key] = explain_rows(result, self.evaluation, lang, [])
        return explanation

    def _rendering(self, measure_id: str, lang: str) -> MeasureResult:
        """The result with which the cases that have units of the measure are explained (see `rendering`)."""
        result = self.rendering.get((measure_id, lang))
        if result is None:
            result = self.rendering[(measure_id, lang)] = self._result_of(measure_id, self.all_parts[measure_id])
        return result

    def _columns(self, measure_id: str) -> Columns:
        """The measure's columns as Python values, read once for all the batch's cases."""
        columns = self.columns.get(measure_id)
        if columns is None:
            columns = self.columns[measure_id] = Columns.of(self.evaluation[measure_id])
        return columns

    def _parts(self, number: int, measure_id: str) -> tuple[str, ...]:
        """The parts of the measure's evaluation whose parameter reads this case alone would have left
        (see `evaluate_measure`)."""
        table = self.evaluation[measure_id].measure.unit_table
        if table and self.table_rows[table][number] == 0:
            return ("",)  # nothing to assess: not even the units are built
        if number not in self.unit_cases[measure_id]:
            return ("", "unit")  # the units are built and there are none
        return self.all_parts[measure_id]

    def _result_of(self, measure_id: str, parts: tuple[str, ...]) -> MeasureResult:
        """The result with the parameter reads of these parts only."""
        result = self.evaluation[measure_id]
        reads = self.reads[measure_id]
        view = result.view.fork({part: reads[part] for part in reads if part in parts})
        # Built directly: dataclasses.replace costs more than the rest of this, per case and measure.
        return MeasureResult(
            result.measure, result.units, result.conditions, result.eligible, result.value, view.used, view
        )


def _unit_cases(evaluation: Evaluation, result: MeasureResult) -> set[int]:
    """The cases (by number) that have at least one unit of the measure, read from the units' ids."""
    measure = result.measure
    found: set[int] = set()
    for domain, codes in (
        (measure.source_domain, result.units.source),
        (measure.beneficiary_domain, result.units.beneficiary),
    ):
        ids = evaluation.data.ids[domain]
        found.update(int(text.partition("|")[0]) for code in codes.tolist() if (text := ids.get(code)))
    return found


def _case_rows(evaluation: Evaluation, result: MeasureResult) -> dict[int, list[tuple[int, str]]]:
    """Each case's units of the measure (by case number): their rows, with their (tagged) beneficiaries.

    Read once per batch, so that explaining a case looks at its own units, not at every case's."""
    ids = evaluation.data.ids[result.measure.beneficiary_domain]
    rows: dict[int, list[tuple[int, str]]] = {}
    for row, code in enumerate(result.units.beneficiary.tolist()):
        beneficiary = ids.get(code)
        if beneficiary:
            rows.setdefault(int(beneficiary.partition("|")[0]), []).append((row, beneficiary))
    return rows


def _case_numbers(cases: list[Case], table: str) -> list[int]:
    return [number for number, case in enumerate(cases) for _ in case.rows[table]]
