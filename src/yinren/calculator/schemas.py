"""The calculator's questions and answers: what a step asks, and what the results say.

Every text is carried in both languages (as the engine's conditions are): the pages pick one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Answers = Mapping[str, str]
QuestionKind = Literal["date", "yesno", "choice", "int", "yuan", "number", "text", "person_id"]


@dataclass(frozen=True, slots=True)
class Text:
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    kind: QuestionKind
    label: Text
    hint: Text | None = None
    options: tuple[tuple[str, Text], ...] = ()
    required: bool = True


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: Text
    questions: tuple[Question, ...]
    shown: Callable[[Answers], bool] = field(default=lambda answers: True)


@dataclass(frozen=True, slots=True)
class Hint:
    """What is missing for a benefit, in one concrete sentence; ``fixable``: the person can still get there."""

    zh: str
    en: str
    fixable: bool


@dataclass(frozen=True, slots=True)
class ConditionLine:
    name: str
    clause: str
    text: str
    passed: bool


@dataclass(frozen=True, slots=True)
class Benefit:
    """One measure's answer for the person (or their child): amounts, reasons, and a near-miss hint."""

    measure_id: str
    title_zh: str
    title_en: str
    clause: str
    kind: str
    frequency: str
    eligible: bool
    for_child: bool
    units: int
    monthly_fen: int  # per month, monthly cash measures
    one_time_fen: int  # once, one-time cash measures
    two_year_fen: int  # cash over the next 24 months (monthly: up to the measure's month cap)
    value_display: str  # the engine's value: an amount, a loan limit, a ratio, a right
    value_text: str
    departments: tuple[str, ...]
    conditions: tuple[ConditionLine, ...]
    hint: Hint | None = None


@dataclass(frozen=True, slots=True)
class Results:
    eligible: tuple[Benefit, ...]
    near: tuple[Benefit, ...]
    other: tuple[Benefit, ...]
    monthly_fen: int
    one_time_fen: int
    two_year_fen: int
