"""Explanations: each unit's result, condition by condition, with its clause and the parameters read."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from ._dates import period_label
from ._evaluate import Evaluation, MeasureResult
from ._labels import fact_text, label
from ._measure import ParameterView
from ._params import Parameter, ParameterError, ParameterSet, Step, format_fen


# The explanation of a unit and of each of its conditions are immutable records made by the ten thousand
# (a case has dozens): named tuples, made four times faster than frozen dataclasses.
class ConditionOutcome(NamedTuple):
    name: str
    clause: str
    text: str
    passed: bool


@dataclass(frozen=True, slots=True)
class ParameterUse:
    name: str
    label: str
    value: str
    reference: str
    interpretation: str | None
    history: list[tuple[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "reference": self.reference,
            "interpretation": self.interpretation,
            "history": [list(step) for step in self.history],
        }


class UnitExplanation(NamedTuple):
    beneficiary_id: str
    source_id: str
    period: str | None
    eligible: bool
    value: str  # the identity's value: fen, limit in fen, ratio or "granted"
    amount_fen: int
    value_display: str
    value_text: str
    conditions: list[ConditionOutcome]
    facts: dict[str, str]  # the measure's extra facts (m02: level, the level's amount, already received)

    def to_dict(self) -> dict[str, Any]:
        return {
            "facts": dict(self.facts),
            "beneficiary_id": self.beneficiary_id,
            "source_id": self.source_id,
            "period": self.period,
            "eligible": self.eligible,
            "value": self.value,
            "amount_fen": self.amount_fen,
            "value_display": self.value_display,
            "value_text": self.value_text,
            "conditions": [
                {"name": c.name, "clause": c.clause, "text": c.text, "passed": c.passed} for c in self.conditions
            ],
        }


@dataclass(frozen=True)
class MeasureExplanation:
    measure_id: str
    title: str
    clause: str
    kind: str
    frequency: str
    departments: list[str]
    quote: str
    applies: bool
    units: list[UnitExplanation]
    parameters: list[ParameterUse]
    note: str = ""  # why nothing applies, or a review the grant still needs
    review: str | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data, written out by hand: `dataclasses.asdict` deep-copies and is slow."""
        return {
            "measure_id": self.measure_id,
            "title": self.title,
            "clause": self.clause,
            "kind": self.kind,
            "frequency": self.frequency,
            "departments": list(self.departments),
            "quote": self.quote,
            "applies": self.applies,
            "units": [unit.to_dict() for unit in self.units],
            "parameters": [use.to_dict() for use in self.parameters],
            "note": self.note,
            "review": self.review,
        }


class _Fields(string.Formatter):
    """Resolves `{p.name}` / `{p.namespace.name}` to parameters and `{f.column}` to the unit's facts."""

    def __init__(self, result: MeasureResult, row: int, lang: str) -> None:
        self.result, self.row, self.lang = result, row, lang

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[str, str]:
        space, _, name = field_name.partition(".")
        if space == "f":
            return fact_text(name, self.result.units[name][self.row], self.lang), field_name
        if space == "p":
            return _parameter_text(self.result, name, self.lang), field_name
        raise KeyError(field_name)


def _parameter_text(result: MeasureResult, name: str, lang: str) -> str:
    parameter = result.view.parameter(name)  # noted as read, as before: the parameters listed depend on it
    step = parameter.step_at(result.view.as_of)
    return _step_value_text(parameter, step, lang)


def _value_text(parameter: Parameter, value: Any, lang: str) -> str:
    if isinstance(value, tuple):
        return ("、" if lang == "zh" else ", ").join(label(str(item), lang) for item in value)
    if parameter.unit in ("years", "age", "months", "count", "m2"):
        return str(value)  # the template says the unit: 不超过{p.max_age}周岁
    return parameter.display(value, lang)


def describe(template: str, measure_id: str, parameters: ParameterSet, as_of: date, lang: str) -> str:
    """A condition's text without a unit: parameters as in force on `as_of`, facts as ‹name›."""
    return _Describe(ParameterView(parameters, measure_id, as_of), lang).format(template)


def parameters_named(template: str, measure_id: str) -> list[str]:
    """The parameters a text refers to, by full name (`{p.max_age}` in m10 -> m10_graduate_rent.max_age)."""
    names = []
    for _, field_name, _, _ in string.Formatter().parse(template):
        if field_name and field_name.startswith("p."):
            name = field_name[2:]
            names.append(name if "." in name else f"{measure_id}.{name}")
    return names


class _Describe(string.Formatter):
    def __init__(self, view: ParameterView, lang: str) -> None:
        self.view, self.lang = view, lang

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[str, str]:
        space, _, name = field_name.partition(".")
        if space == "p":
            parameter = self.view.parameter(name)
            return _in_force_text(parameter, self.view.as_of, self.lang), field_name
        return f"‹{name}›", field_name


def render(template: str, result: MeasureResult, row: int, lang: str, columns: Columns | None = None) -> str:
    """A template's text for the unit at `row`; ``columns``: the result's, which keep each parameter's
    text once it has been shown (and noted as read) on the result's view."""
    if not template:
        return ""
    pieces = _pieces(template)
    if pieces is None:
        return _Fields(result, row, lang).format(template)
    if len(pieces) == 1 and not pieces[0][1]:
        return pieces[0][0]  # no field at all: many conditions read as a plain sentence
    parts = []
    for literal, space, name in pieces:
        parts.append(literal)
        if space == "f":
            parts.append(fact_text(name, result.units[name][row], lang))
        elif space == "p":
            parts.append(_parameter_text(result, name, lang) if columns is None else columns.shown(result, name, lang))
    return "".join(parts)


def _plain(template: str) -> str | None:
    """The text of a template without fields (most conditions read as a plain sentence), else None."""
    pieces = _pieces(template) if template else ()
    if pieces is None or len(pieces) > 1 or (pieces and pieces[0][1]):
        return None
    return pieces[0][0] if pieces else ""


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, str, str], ...] | None:
    """A template parsed once: (literal, "p" or "f" or "", field name) in order, as `_Fields` reads it.

    None where a field has a conversion, a format spec or another namespace: `_Fields` renders (or
    refuses) those itself. Parsing per unit with string.Formatter was a fifth of an explanation's cost.
    """
    pieces = []
    for literal, field_name, spec, conversion in string.Formatter().parse(template):
        if field_name is None:
            pieces.append((literal, "", ""))
            continue
        space, _, name = field_name.partition(".")
        if spec or conversion or space not in ("p", "f"):
            return None
        pieces.append((literal, space, name))
    return tuple(pieces)


def explain(
    evaluation: Evaluation,
    *,
    lang: str = "zh",
    beneficiaries: Iterable[str] | None = None,
    family: Iterable[str] | None = None,
    measures: Iterable[str] | None = None,
) -> list[MeasureExplanation]:
    """Explain every unit of every measure evaluated, or only those of the given beneficiaries.

    `family` widens `beneficiaries` for measures marked `family` (schooling, childcare allowance).
    """
    wanted = set(beneficiaries) if beneficiaries is not None else None
    relatives = wanted | set(family or ()) if wanted is not None else None
    chosen = list(measures) if measures is not None else list(evaluation.measure_ids)
    return [
        explain_measure(
            evaluation[measure_id],
            evaluation,
            lang,
            relatives if evaluation[measure_id].measure.family else wanted,
        )
        for measure_id in chosen
    ]


def explain_measure(
    result: MeasureResult, evaluation: Evaluation, lang: str, wanted: set[str] | None
) -> MeasureExplanation:
    beneficiary_ids = evaluation.data.ids[result.measure.beneficiary_domain]
    rows = [
        row
        for row, code in enumerate(result.units.beneficiary.tolist())
        if wanted is None or beneficiary_ids.get(code) in wanted
    ]
    return explain_rows(result, evaluation, lang, rows)


@dataclass(frozen=True, slots=True)
class Columns:
    """A measure's unit columns as Python values: read once, then each unit's explanation indexes them."""

    beneficiaries: list[int]
    sources: list[int]
    values: list[int]
    periods: list[int]
    eligible: list[bool]
    passed: dict[str, list[bool]]
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # parameters shown, by (name, language)

    def shown(self, result: MeasureResult, name: str, lang: str) -> str:
        """A parameter's text in the units' texts: noted as read on `result`'s view the first time.

        Columns serve one view (a single case's, or the one a batch's cases with units share), on which
        a parameter once noted stays noted: later texts need not note it again."""
        text = self.texts.get((name, lang))
        if text is None:
            text = self.texts[(name, lang)] = _parameter_text(result, name, lang)
        return text

    @classmethod
    def of(cls, result: MeasureResult) -> Columns:
        return cls(
            result.units.beneficiary.tolist(),
            result.units.source.tolist(),
            result.value.tolist(),
            result.periods().tolist(),
            result.eligible.tolist(),
            {c.name: result.conditions[c.name].tolist() for c in result.measure.conditions},
        )


def explain_rows(
    result: MeasureResult,
    evaluation: Evaluation,
    lang: str,
    rows: list[int],
    columns: Columns | None = None,
    tag: str = "",
) -> MeasureExplanation:
    """`explain_measure` for the units at these rows; ``columns``: the result's, when the caller keeps them
    for several explanations of one result (a batch's cases); ``tag``: a prefix the batch gave the case's
    ids, taken off the units' ids again."""
    measure = result.measure
    zh = lang == "zh"
    units = _units(result, evaluation, rows, lang, columns or Columns.of(result), tag) if rows else []
    note = "" if units else (f"没有可评估的{measure.unit_zh}" if zh else f"no {measure.unit_en} on record")
    return MeasureExplanation(
        measure_id=measure.id,
        title=measure.title_zh if zh else measure.title_en,
        clause=measure.clause,
        kind=measure.kind,
        frequency=measure.frequency,
        departments=list(measure.departments),
        quote=measure.quote,
        applies=bool(units),
        units=units,
        parameters=_parameters(result, lang),
        note=note,
        review=(measure.review_zh if zh else measure.review_en),
    )


def _units(
    result: MeasureResult, evaluation: Evaluation, rows: list[int], lang: str, columns: Columns, tag: str
) -> list[UnitExplanation]:
    """The rows' explanations, from the measure's columns read as Python values, not per unit."""
    measure = result.measure
    zh = lang == "zh"
    ids = evaluation.data.ids
    beneficiary_ids, source_ids = ids[measure.beneficiary_domain], ids[measure.source_domain]
    beneficiaries, sources = columns.beneficiaries, columns.sources
    values, periods, eligible = columns.values, columns.periods, columns.eligible
    conditions = [
        (condition.name, condition.clause, text, _plain(text), columns.passed[condition.name])
        for condition in measure.conditions
        for text in (condition.zh if zh else condition.en,)
    ]
    value_template = measure.value_zh if zh else measure.value_en
    explained = []
    for row in rows:
        value, period = values[row], periods[row]
        outcomes = [
            ConditionOutcome(
                name, clause, render(text, result, row, lang, columns) if plain is None else plain, passed[row]
            )
            for name, clause, text, plain, passed in conditions
        ]
        explained.append(
            UnitExplanation(
                beneficiary_id=beneficiary_ids.get(beneficiaries[row]).removeprefix(tag),
                source_id=source_ids.get(sources[row]).removeprefix(tag),
                period=period_label(period) if period >= 0 else None,
                eligible=eligible[row],
                value=result.value_text(value),
                amount_fen=value if measure.kind == "cash" else 0,
                value_display=_value_display(result, value, lang),
                value_text=render(value_template, result, row, lang, columns),
                conditions=outcomes,
                facts={name: fact_text(name, result.units[name][row], lang) for name in measure.extra_facts},
            )
        )
    return explained


def _value_display(result: MeasureResult, value: int, lang: str) -> str:
    kind = result.measure.kind
    if kind in ("cash", "loan"):
        return format_fen(value, lang)
    if kind == "rent_cap":
        return f"{value / 10_000:g}%" if value else "—"
    if value:
        return "享有" if lang == "zh" else "granted"
    return "不享有" if lang == "zh" else "not granted"


def _parameters(result: MeasureResult, lang: str) -> list[ParameterUse]:
    """The parameters the result read, as listed with its explanation (a new list each time)."""
    names = tuple(dict.fromkeys(name for read in result.parameters_read.values() for name in read))
    view = result.view
    key = (id(view.parameter_set), view.as_of, lang, names)
    entry = _LISTS.get(key)
    if entry is not None and entry[0] is view.parameter_set:
        return list(entry[1])
    uses = tuple(_parameter_use(view.parameter(name), view.as_of, lang) for name in names)
    if len(_LISTS) >= _LIMIT:
        _LISTS.clear()
    _LISTS[key] = (view.parameter_set, uses)
    return list(uses)


def _parameter_use(parameter: Parameter, as_of: date, lang: str) -> ParameterUse:
    """A use depends on as_of only through the step in force, so it is kept per step, not per day."""
    try:
        step: Step | None = parameter.step_at(as_of)
    except ParameterError:
        step = None
    key = (id(parameter), id(step), lang)
    entry = _USES.get(key)
    if entry is not None and entry[0] is parameter and entry[1] is step:
        return entry[2]
    use = _parameter_use_at(parameter, as_of, lang)
    if len(_USES) >= _LIMIT:
        _USES.clear()
    _USES[key] = (parameter, step, use)
    return use


def _parameter_use_at(parameter: Parameter, as_of: date, lang: str) -> ParameterUse:
    history = [(step.start.isoformat(), _step_text(parameter, step.value, lang)) for step in parameter.steps]
    return ParameterUse(
        name=parameter.name,
        label=parameter.label_zh if lang == "zh" else parameter.label_en,
        value=_in_force_text(parameter, as_of, lang),
        reference=parameter.reference,
        interpretation=parameter.interpretation,
        history=history,
    )


# Texts derived from a policy's parameters and steps, which live as long as the policy, keyed by the
# objects' identity: hashing a Parameter hashes all its steps, costing about what the cache saves. Each
# entry holds its objects, so an id cannot be reused while the entry lives.
_LIMIT = 8192  # what-if policies come and go: past this the caches start again
_TEXTS: dict[tuple[int, str, str], tuple[Step, str]] = {}
_USES: dict[tuple[int, int, str], tuple[Parameter, Step | None, ParameterUse]] = {}
# The uses listed for a set of parameter names on one day: many explanations list the same ones.
_LISTS: dict[tuple[int, date, str, tuple[str, ...]], tuple[ParameterSet, tuple[ParameterUse, ...]]] = {}


def _step_value_text(parameter: Parameter, step: Step, lang: str) -> str:
    key = (id(step), parameter.unit, lang)
    entry = _TEXTS.get(key)
    if entry is not None and entry[0] is step:
        return entry[1]
    text = _value_text(parameter, step.value, lang)
    if len(_TEXTS) >= _LIMIT:
        _TEXTS.clear()
    _TEXTS[key] = (step, text)
    return text


def _in_force_text(parameter: Parameter, as_of: date, lang: str) -> str:
    try:
        return _step_text(parameter, parameter.step_at(as_of).value, lang)
    except ParameterError:
        return _step_text(parameter, None, lang)


def _step_text(parameter: Parameter, value: Any, lang: str) -> str:
    if value is None:
        return "未设定" if lang == "zh" else "unset"
    if isinstance(value, tuple):
        return ("、" if lang == "zh" else ", ").join(label(str(item), lang) for item in value)
    return parameter.display(value, lang)
