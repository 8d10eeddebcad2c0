"""The dated, cited target seed (``targets.yaml``): the 18 measures, the targets and the rule parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .rules import number

TARGETS_YAML = Path(__file__).with_name("targets.yaml")

COUNT_UNITS = ("个", "套", "人", "场", "所", "家", "户", "项", "处")
UNITS_OF_KIND = {"count": COUNT_UNITS, "percent": ("%",), "yuan": ("元",), "status": ("项",)}


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    clause: str
    title_zh: str
    title_en: str
    departments: tuple[str, ...]
    platform: tuple[str, ...]  # the policy pack's measure ids the platform pays or grants for it

    @property
    def lead(self) -> str:
        return self.departments[0]


@dataclass(frozen=True, slots=True)
class Seed:
    version: str
    measures: tuple[Measure, ...]
    targets: tuple[dict[str, Any], ...]  # rows ready for SupervisionTarget(**row), plus "published"
    parameters: dict[str, tuple[tuple[date, Any], ...]]

    def parameter(self, name: str, on: date) -> Any:
        """The value of a dated parameter in force on ``on`` (the earliest one before any date)."""
        values = self.parameters[name]
        chosen = values[0][1]
        for since, value in values:
            if since <= on:
                chosen = value
        return chosen

    def amber_share(self, on: date) -> Fraction:
        return number(self.parameter("amber_share", on))

    def due_day(self, on: date) -> int:
        return int(self.parameter("report_due_day", on))

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)


def _target_row(raw: dict[str, Any], defaults: dict[str, Any], measures: dict[str, Measure]) -> dict[str, Any]:
    row = {**defaults, **raw}
    measure = measures[row["measure"]]
    row.setdefault("lead_department", measure.lead)
    row.setdefault("co_departments", [d for d in measure.departments if d != row["lead_department"]])
    row.setdefault("clause", measure.clause)
    row.setdefault("interpretation_zh", None)
    row.setdefault("interpretation_en", None)
    row.setdefault("published", [])
    for key in ("target_value", "baseline_value"):
        row[key] = float(row[key])
    return row


@cache
def load_seed(path: Path = TARGETS_YAML) -> Seed:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    measures = tuple(
        Measure(
            id=m["id"],
            clause=m["clause"],
            title_zh=m["title_zh"],
            title_en=m["title_en"],
            departments=tuple(m["departments"]),
            platform=tuple(m.get("platform", ())),
        )
        for m in data["measures"]
    )
    by_id = {m.id: m for m in measures}
    targets = tuple(_target_row(raw, data.get("defaults", {}), by_id) for raw in data["targets"])
    parameters = {
        name: tuple(sorted((entry["from"], entry["value"]) for entry in values))
        for name, values in data["parameters"].items()
    }
    return Seed(str(data["version"]), measures, targets, parameters)
