"""A policy: its measures in the notice's order and its dated parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ._measure import Measure
from ._params import ParameterSet


class UnknownMeasure(KeyError):
    def __init__(self, measure_id: str, known: tuple[str, ...]) -> None:
        super().__init__(measure_id)
        self.measure_id = measure_id
        self.known = known

    def __str__(self) -> str:
        known = ", ".join(self.known)
        return f"unknown measure {self.measure_id!r} / 没有措施 {self.measure_id!r}; known: {known}"


@dataclass(frozen=True)
class Policy:
    id: str
    title_zh: str
    title_en: str
    issued_on: date
    measures: tuple[Measure, ...]
    parameters: ParameterSet
    label: str = ""  # what-if copies say what they changed

    @property
    def version(self) -> str:
        return f"{self.id}@{self.parameters.fingerprint()}"

    @property
    def effective_from(self) -> date:
        value = self.parameters["policy.effective_from"].steps[0].value
        assert isinstance(value, date)
        return value

    def measure(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise UnknownMeasure(measure_id, tuple(m.id for m in self.measures))

    def receipt_domains(self) -> dict[str, tuple[str, str]]:
        """Each measure's beneficiary and source id domains: how its receipts are read (see `encode`)."""
        return {m.id: (m.beneficiary_domain, m.source_domain) for m in self.measures}

    def with_parameters(self, changes: Mapping[str, Any], start: date, label: str = "") -> Policy:
        """A what-if copy: each parameter takes the given value from `start`."""
        return replace(self, parameters=self.parameters.override(changes, start), label=label or "what-if")
