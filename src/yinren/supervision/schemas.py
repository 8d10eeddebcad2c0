from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class CountRow(BaseModel):
    department: str
    measure_id: str
    state: str
    count: int


class PaidRow(BaseModel):
    department: str
    measure_id: str
    state: str
    entries: int
    amount_fen: int


class Summary(BaseModel):
    applications: list[CountRow]
    offers: list[CountRow]
    payments: list[PaidRow]


# --- targets and progress reports (督查督办) ------------------------------------------------------------

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Narrative = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
# Values are checked against the target's unit by the service (clear messages); the bounds keep floats sane.
Value = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
Department = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class TargetFields(BaseModel):
    indicator_zh: Text200
    indicator_en: Text200
    unit: Annotated[str, StringConstraints(min_length=1, max_length=8)]
    kind: Literal["count", "percent", "yuan", "status"]
    target_value: Value
    baseline_value: Value = 0
    baseline_date: date
    start_date: date
    deadline: date
    cadence: Literal["once", "yearly"] = "once"
    lead_department: Department
    co_departments: Annotated[list[Department], Field(max_length=12)] = []
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    interpretation_zh: Annotated[str | None, StringConstraints(max_length=2000)] = None
    interpretation_en: Annotated[str | None, StringConstraints(max_length=2000)] = None


class TargetCreate(TargetFields):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,47}$")]
    measure: Annotated[str, StringConstraints(pattern=r"^(headline|m(0[1-9]|1[0-8]))$")]
    reason: Reason = "新增目标 / target added"


class TargetChange(BaseModel):
    """Only the fields given change; the reason is kept with the revision."""

    indicator_zh: Text200 | None = None
    indicator_en: Text200 | None = None
    unit: Annotated[str | None, StringConstraints(min_length=1, max_length=8)] = None
    kind: Literal["count", "percent", "yuan", "status"] | None = None
    target_value: Value | None = None
    baseline_value: Value | None = None
    baseline_date: date | None = None
    start_date: date | None = None
    deadline: date | None = None
    cadence: Literal["once", "yearly"] | None = None
    lead_department: Department | None = None
    co_departments: Annotated[list[Department] | None, Field(max_length=12)] = None
    source: Annotated[str | None, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)] = None
    interpretation_zh: Annotated[str | None, StringConstraints(max_length=2000)] = None
    interpretation_en: Annotated[str | None, StringConstraints(max_length=2000)] = None
    reason: Reason


class TargetRetire(BaseModel):
    retired_on: date
    reason: Reason


class TargetRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    measure: str
    clause: str
    indicator_zh: str
    indicator_en: str
    unit: str
    kind: str
    target_value: float
    baseline_value: float
    baseline_date: date
    start_date: date
    deadline: date
    cadence: str
    lead_department: str
    co_departments: list[str]
    source: str
    interpretation_zh: str | None
    interpretation_en: str | None
    retired_on: date | None
    version: int


class RevisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    action: str
    reason: str
    snapshot: dict[str, Any]
    changed_by: str
    changed_at: datetime


class ReportCreate(BaseModel):
    value: Value
    as_of: date
    narrative: Narrative


class ReportCorrection(ReportCreate):
    reason: Reason


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str
    media_type: str
    size_bytes: int
    sha256: str


class ReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    target_id: int
    value: float
    as_of: date
    narrative: str
    department: str
    reported_by: str
    reported_at: datetime
    supersedes_id: int | None
    correction_reason: str | None
    superseded_at: datetime | None
    evidence: list[EvidenceRead] = []


class OverdueRead(BaseModel):
    month: str  # YYYY-MM whose report is missing
    due: date
    days: int


class TargetStatusRead(BaseModel):
    target: TargetRead
    status: str  # green | amber | red | no_data
    rule: str
    period_start: date
    period_end: date
    period_target: float
    elapsed_share: float
    expected: float
    actual: float | None
    forecast: float | None
    past_deadline: bool
    latest_report: ReportRead | None
    overdue: OverdueRead | None


class MeasureStatusRead(BaseModel):
    id: str
    clause: str
    title_zh: str
    title_en: str
    departments: list[str]
    status: str  # the worst of its targets', or "platform" for a measure tracked only by platform figures
    counts: dict[str, int]


class IndicatorRow(BaseModel):
    """What the platform itself knows about one measure of the policy pack."""

    measure_id: str
    clause: str
    applications: int
    offers: int
    beneficiaries: int
    paid_fen: int
    paid_entries: int
    average_days_to_payment: float | None
    share_paid_without_application: float | None


class PopulationYear(BaseModel):
    year: int
    actual: float | None
    required: float
    actual_growth: float | None
    required_growth: float


class Board(BaseModel):
    as_of: date
    amber_share: float
    due_day: int
    targets: list[TargetStatusRead]
    measures: list[MeasureStatusRead]
    indicators: list[IndicatorRow]
    population: list[PopulationYear]
