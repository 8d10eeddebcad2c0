from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class MeasureRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    clause: str
    title_zh: str
    title_en: str
    departments: list[str]
    lead_department: str
    kind: str
    frequency: str
    beneficiary: str


class CheckRequest(BaseModel):
    """One case: exactly one of ``person`` or ``enterprise`` (spec section 2's fields, rows nested)."""

    model_config = ConfigDict(extra="allow")

    as_of: date | None = Field(None, description="Assessment date; default today")
    lang: Literal["zh", "en"] = "zh"
    person: dict[str, Any] | None = None
    enterprise: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> CheckRequest:
        if (self.person is None) == (self.enterprise is None):
            raise ValueError("give exactly one of person or enterprise / 须且只能给出 person 或 enterprise 之一")
        return self

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = dict(self.model_extra or {})
        if self.person is not None:
            document["person"] = self.person
        else:
            document["enterprise"] = self.enterprise
        return document


class ConditionResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    clause: str
    text: str
    passed: bool


class UnitResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    beneficiary_id: str
    source_id: str
    period: str | None
    eligible: bool
    value: str | int | float | None
    amount_fen: int
    conditions: list[ConditionResult]


class MeasureResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    measure_id: str
    title: str
    clause: str
    kind: str
    applies: bool
    units: list[UnitResult]


class CheckReport(BaseModel):
    """The engine's report (``CheckReport.to_dict()``): every measure, its units and conditions."""

    model_config = ConfigDict(extra="allow")

    as_of: date
    policy_version: str
    subject: dict[str, Any]
    measures: list[MeasureResult]
