"""Dated parameters from YAML, OpenFisca-style: each value in force from its date until the next.

A file maps a namespace (a measure id, or `policy`) to parameters:

    m10_graduate_rent:
      monthly_amount:
        label: {zh: 租房补贴月标准, en: monthly rent subsidy}
        unit: yuan                      # yuan | ratio | months | years | count | m2 | date | list | text
        reference: 第（十）条 “租房每月补贴300元”
        interpretation: ...             # where the spec marks an interpretation
        values:
          2023-08-24: 300
          2025-01-01: {value: 350, reference: ...}

Money is held in fen, ratios as exact Fractions, dates as date. `null` closes a parameter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from ._dates import to_days

UNITS = ("yuan", "ratio", "months", "years", "age", "count", "m2", "date", "list", "text", "bool")


class ParameterError(ValueError):
    """A parameter file or lookup is wrong; the message names the parameter and the date."""


@dataclass(frozen=True, slots=True)
class Step:
    start: date
    value: Any  # None: not in force from `start`
    reference: str | None = None
    interpretation: str | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str  # namespace.key
    unit: str
    label_zh: str
    label_en: str
    reference: str
    steps: tuple[Step, ...]
    interpretation: str | None = None

    def step_at(self, when: date) -> Step:
        chosen: Step | None = None
        for step in self.steps:
            if step.start <= when:
                chosen = step
        if chosen is None or chosen.value is None:
            raise ParameterError(f"parameter {self.name} is not in force on {when} / 参数 {self.name} 在 {when} 未生效")
        return chosen

    def at(self, when: date) -> Any:
        return self.step_at(when).value

    def vector(self, days: npt.NDArray[np.int32], clamp: bool = False) -> npt.NDArray[Any]:
        """The value in force on each day (numeric parameters).

        A day before the first step raises, unless `clamp`: then it takes the first value, for rules
        where another condition already refuses such early events (a hire before m04's window).
        """
        starts, values = _step_starts(self), _step_values(self)
        position = np.searchsorted(starts, days, side="right") - 1
        if days.size and position.min() < 0:
            if not clamp:
                raise ParameterError(f"parameter {self.name} is not in force before {self.steps[0].start}")
            position = np.maximum(position, 0)
        return values[position]

    def step_index(self, days: npt.NDArray[np.int32]) -> npt.NDArray[np.int64]:
        return np.searchsorted(_step_starts(self), days, side="right") - 1

    def display(self, value: Any, lang: str) -> str:
        return display_value(self.unit, value, lang)


# Each parameter's step starts (and numeric values) as arrays, built once: a parameter lives as long as
# its policy. Keyed by identity (hashing a Parameter hashes every step); an entry holds its parameter,
# so the id cannot be reused while the entry lives.
_ARRAYS: dict[tuple[int, bool], tuple[Parameter, npt.NDArray[Any]]] = {}
_ARRAYS_LIMIT = 4096  # what-if policies come and go: past this the cache starts again


def _step_starts(parameter: Parameter) -> npt.NDArray[np.int64]:
    return _steps_array(parameter, False)


def _step_values(parameter: Parameter) -> npt.NDArray[Any]:
    """The values of a numeric parameter (a list parameter's would not make an array)."""
    return _steps_array(parameter, True)


def _steps_array(parameter: Parameter, values: bool) -> npt.NDArray[Any]:
    entry = _ARRAYS.get((id(parameter), values))
    if entry is not None and entry[0] is parameter:
        return entry[1]
    if values:
        array = np.array([_numeric(step.value) for step in parameter.steps])
    else:
        array = np.array([to_days(step.start) for step in parameter.steps], dtype=np.int64)
    array.flags.writeable = False
    if len(_ARRAYS) >= _ARRAYS_LIMIT:
        _ARRAYS.clear()
    _ARRAYS[id(parameter), values] = (parameter, array)
    return array


def _numeric(value: Any) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    if value is None:
        return np.nan
    return value


def display_value(unit: str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if unit == "yuan":
        return format_fen(int(value), lang)
    if unit == "ratio":
        return f"{float(value) * 100:g}%"
    suffix = {
        "months": ("个月", " months"),
        "years": ("年", " years"),
        "age": ("周岁", " years old"),
        "m2": ("平方米", " m²"),
    }.get(unit)
    if isinstance(value, tuple | list):
        return "、".join(map(str, value)) if lang == "zh" else ", ".join(map(str, value))
    if suffix:
        return f"{value}{suffix[0] if lang == 'zh' else suffix[1]}"
    return str(value)


def format_fen(fen: int, lang: str = "zh") -> str:
    yuan, cents = divmod(abs(fen), 100)
    sign = "-" if fen < 0 else ""
    text = f"{sign}{yuan:,}" + (f".{cents:02d}" if cents else "")
    return f"{text}元" if lang == "zh" else f"{text} yuan"


@dataclass(frozen=True)
class ParameterSet(Mapping[str, Parameter]):
    """All parameters of a policy, by `namespace.key`; `override` makes a what-if copy."""

    parameters: dict[str, Parameter] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name} / 未知参数 {name}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.parameters)

    def __len__(self) -> int:
        return len(self.parameters)

    def override(self, changes: Mapping[str, Any], start: date) -> ParameterSet:
        """A copy where each named parameter takes `value` from `start` (a reform, as OpenFisca's)."""
        updated = dict(self.parameters)
        for name, value in changes.items():
            parameter = self[name]
            kept = tuple(step for step in parameter.steps if step.start < start)
            step = Step(start, _convert(parameter.unit, value, name), reference="what-if / 测算假设")
            updated[name] = replace(parameter, steps=(*kept, step))
        return ParameterSet(updated)

    @cached_property
    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.parameters):
            for step in self.parameters[name].steps:
                digest.update(f"{name}|{step.start}|{step.value!r};".encode())
        return digest.hexdigest()[:10]

    def fingerprint(self) -> str:
        """A short hash of every dated value: the policy version results carry."""
        return self._fingerprint


def load_parameters(paths: Iterable[Path]) -> ParameterSet:
    parameters: dict[str, Parameter] = {}
    for path in sorted(paths):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for namespace, entries in document.items():
            for key, spec in entries.items():
                name = f"{namespace}.{key}"
                if name in parameters:
                    raise ParameterError(f"{path.name}: parameter {name} defined twice")
                parameters[name] = _parameter(name, spec, path)
    return ParameterSet(parameters)


def _parameter(name: str, spec: Mapping[str, Any], path: Path) -> Parameter:
    where = f"{path.name}: {name}"
    unit = spec.get("unit")
    if unit not in UNITS:
        raise ParameterError(f"{where}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not spec.get("reference"):
        raise ParameterError(f"{where}: every parameter cites its clause (reference)")
    values = spec.get("values")
    if not isinstance(values, Mapping) or not values:
        raise ParameterError(f"{where}: values must map dates to values")
    steps = []
    for start, entry in sorted(values.items(), key=lambda item: str(item[0])):
        if not isinstance(start, date):
            raise ParameterError(f"{where}: {start!r} is not a date (YYYY-MM-DD)")
        detail = entry if isinstance(entry, Mapping) else {"value": entry}
        steps.append(
            Step(
                start,
                _convert(unit, detail.get("value"), where),
                detail.get("reference"),
                detail.get("interpretation"),
            )
        )
    label = spec.get("label") or {}
    return Parameter(
        name=name,
        unit=unit,
        label_zh=str(label.get("zh", name)),
        label_en=str(label.get("en", name)),
        reference=str(spec["reference"]),
        steps=tuple(steps),
        interpretation=spec.get("interpretation"),
    )


def _convert(unit: str, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        if unit == "yuan":
            fen = Decimal(str(value)) * 100
            if fen != fen.to_integral_value():
                raise ParameterError(f"{where}: {value} yuan has fractions of a fen")
            return int(fen)
        if unit == "ratio":
            return Fraction(Decimal(str(value)))
        if unit in ("months", "years", "age", "count"):
            return int(value)
        if unit == "m2":
            return float(value)
        if unit == "list":
            return tuple(value)
        if unit == "date":
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        if unit == "bool":
            return bool(value)
        return value
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ParameterError(f"{where}: {value!r} is not a valid {unit} ({error})") from None
