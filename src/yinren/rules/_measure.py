"""A measure as the law reads: a unit of assessment, named conditions citing their clause, and a value.

    Condition("aged_35_or_under", "第（十）条",
              zh="年龄不超过{p.max_age}周岁（现{f.age}岁）", en="aged {p.max_age} or under (now {f.age})",
              test=lambda u, p: u.age <= p("max_age"))

Texts are format strings: `{p.name}` is a parameter of the measure (as in force at as_of), `{f.column}`
a fact of the unit's row. A condition marked `after=True` runs once the others before it are known and
reads their conjunction as `u.qualifies` (once-per-person rules need it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from ._dates import to_days
from ._kernels import member
from ._params import Parameter, ParameterError, ParameterSet

if TYPE_CHECKING:
    from ._context import Context
    from ._frame import Frame

Kind = Literal["cash", "loan", "rent_cap", "entitlement"]
# one_time: paid once per unit; monthly: due for as_of's month; standing: a right, not a payment.
Frequency = Literal["one_time", "monthly", "standing"]
Test = Callable[["Frame", "ParameterView"], Any]
Value = Callable[["Frame", "ParameterView"], Any]
Units = Callable[["Context", "ParameterView"], "Frame"]


@dataclass(frozen=True, slots=True)
class Condition:
    name: str
    clause: str
    zh: str
    en: str
    test: Test
    after: bool = False


@dataclass(frozen=True)
class Measure:
    id: str
    clause: str
    title_zh: str
    title_en: str
    departments: tuple[str, ...]  # lead first, as the spec's section 3 headings
    kind: Kind
    frequency: Frequency
    beneficiary: Literal["person", "enterprise"]
    beneficiary_domain: str  # the id domain of beneficiary codes (persons, enterprises)
    source_domain: str  # the id domain of source codes (persons, home_purchases, certifications, ...)
    unit_zh: str  # what one unit of assessment is: 购房记录, 出生登记 ...
    unit_en: str
    quote: str  # the clause's own words
    summary_zh: str
    summary_en: str
    group: Literal["就业", "安居", "教育医疗", "便民服务"]
    units: Units
    conditions: tuple[Condition, ...]
    value: Value
    value_zh: str = ""  # how the amount is reckoned, with {p.} and {f.} fields like condition texts
    value_en: str = ""
    review_zh: str | None = None  # a grant that still needs a department's recognition
    review_en: str | None = None
    extra_facts: tuple[str, ...] = field(default=())  # unit columns worth showing besides those in texts
    family: bool = False  # a person's report also shows this measure for their children and co-parents
    unit_table: str = ""  # the table whose rows become units: when it is empty, nothing is assessed

    @property
    def lead_department(self) -> str:
        return self.departments[0]

    @property
    def title(self) -> str:
        return self.title_zh


class ParameterView:
    """A measure's window on the parameters, at as_of, noting which ones each condition reads."""

    def __init__(self, parameters: ParameterSet, namespace: str, as_of: date) -> None:
        self._parameters = parameters
        self._namespace = namespace
        self.as_of = as_of
        self.used: dict[str, list[str]] = {}
        self._current: list[str] = self.used.setdefault("", [])

    def fork(self, reads: Mapping[str, Iterable[str]]) -> ParameterView:
        """The same parameters and date, with `reads` (by part) as the reads so far, noted apart from these.

        A batch explains each case on a fork, so that the parameters one case's texts show are not
        listed for another.
        """
        view = ParameterView(self._parameters, self._namespace, self.as_of)
        view.used.update({part: list(names) for part, names in reads.items()})
        view._current = view.used.setdefault("", [])
        return view

    @property
    def parameter_set(self) -> ParameterSet:
        return self._parameters

    def reading_for(self, part: str) -> _Reading:
        """`with view.reading_for("condition"):` notes the parameters read inside under that part."""
        return _Reading(self, part)

    def parameter(self, key: str) -> Parameter:
        name = key if "." in key else f"{self._namespace}.{key}"
        parameter = self._parameters.parameters.get(name) or self._parameters[name]  # [] raises, naming it
        if name not in self._current:
            self._current.append(name)
        return parameter

    def __call__(self, key: str) -> Any:
        return self.parameter(key).at(self.as_of)

    def days(self, key: str) -> np.int32:
        """A date parameter in force at as_of, as a day number comparable with date columns."""
        return np.int32(to_days(self(key)))

    def optional(self, key: str) -> Any:
        """The value in force at as_of, or None where the parameter is unset (a closed or null value)."""
        parameter = self.parameter(key)
        try:
            return parameter.at(self.as_of)
        except ParameterError:
            return None

    def at(self, key: str, days: npt.NDArray[np.int32], clamp: bool = False) -> npt.NDArray[Any]:
        """The parameter's value in force on each row's date (e.g. a hire's signing date); see `vector`."""
        return self.parameter(key).vector(days, clamp)

    def member(
        self,
        key: str,
        codes: npt.NDArray[np.int8],
        enum: tuple[str, ...],
        days: npt.NDArray[np.int32] | None = None,
    ) -> npt.NDArray[np.bool_]:
        """Is each row's enum value in the list parameter (in force at as_of, or on each row's date)?"""
        parameter = self.parameter(key)
        if days is None:
            return member(codes, _positions(parameter.at(self.as_of), enum))
        step = parameter.step_index(days)
        out = np.zeros(codes.shape, dtype=bool)
        for index, item in enumerate(parameter.steps):
            if item.value is not None:
                out |= (step == index) & member(codes, _positions(item.value, enum))
        return out


class _Reading:
    """A plain context manager (a generator-based one costs more, and this runs per condition)."""

    __slots__ = ("_part", "_previous", "_view")

    def __init__(self, view: ParameterView, part: str) -> None:
        self._view, self._part = view, part
        self._previous: list[str] = []

    def __enter__(self) -> None:
        self._previous = self._view._current
        self._view._current = self._view.used.setdefault(self._part, [])

    def __exit__(self, *exc: object) -> None:
        self._view._current = self._previous


def _positions(values: tuple[Any, ...], enum: tuple[str, ...]) -> list[int]:
    return [enum.index(value) if isinstance(value, str) else int(value) for value in values]
