from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..kit.ids import mask_deep, mask_text
from ..ledger.schemas import EntryRead

IdempotencyKey = Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Attachment(BaseModel):
    """Metadata of a document uploaded elsewhere (the file store is not part of this service)."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    media_type: Annotated[str, StringConstraints(min_length=3, max_length=100, pattern=r"^[\w.+-]+/[\w.+-]+$")]
    size_bytes: Annotated[int, Field(ge=0, le=50 * 1024 * 1024)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    description: Annotated[str | None, StringConstraints(max_length=500)] = None


def _one_subject(facts: dict[str, Any]) -> dict[str, Any]:
    subjects = [key for key in ("person", "enterprise") if key in facts]
    if len(subjects) != 1 or not isinstance(facts[subjects[0]], dict):
        raise ValueError(
            'facts must hold exactly one subject, {"person": {...}} or {"enterprise": {...}} '
            "/ 事实须有且只有一个主体：person 或 enterprise"
        )
    return facts


class ApplicationCreate(BaseModel):
    measure_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    facts: dict[str, Any] = Field(
        description='The single-case document: {"person": {...}} or {"enterprise": {...}} (spec section 2)'
    )
    attachments: Annotated[list[Attachment], Field(max_length=20)] = []
    as_of: date | None = Field(None, description="The date the measure is assessed at; default today")
    idempotency_key: IdempotencyKey | None = Field(
        None, description="Or the Idempotency-Key header: the same key never creates two applications"
    )
    submit: bool = Field(False, description="Submit at once (draft → submitted)")

    @model_validator(mode="after")
    def _facts_shape(self) -> ApplicationCreate:
        _one_subject(self.facts)
        return self


class ApplicationUpdate(BaseModel):
    facts: dict[str, Any] | None = None
    attachments: Annotated[list[Attachment] | None, Field(max_length=20)] = None
    as_of: date | None = None

    @model_validator(mode="after")
    def _facts_shape(self) -> ApplicationUpdate:
        if self.facts is not None:
            _one_subject(self.facts)
        return self


class Decision(BaseModel):
    decision: Literal["approve", "reject", "return"]
    reason: Reason | None = Field(None, description="Required to reject or return")

    @model_validator(mode="after")
    def _reason_required(self) -> Decision:
        if self.decision != "approve" and not self.reason:
            raise ValueError("a reason is required to reject or return / 驳回或退回须说明理由")
        return self


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_state: str | None
    to_state: str
    reason: str | None
    actor_id: int | None
    at: datetime


class ApplicationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    measure_id: str
    department: str
    subject_kind: str
    subject_id: str = Field(description="Masked in listings (150102********1234)")
    state: str
    reason: str | None
    as_of: date | None
    precheck_eligible: bool | None
    precheck_amount_fen: int | None
    policy_version: str | None
    submissions: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None

    def masked(self) -> ApplicationRead:
        return self.model_copy(update={"subject_id": mask_text(self.subject_id)})


class ApplicationDetail(ApplicationRead):
    facts: dict[str, Any]
    attachments: list[dict[str, Any]]
    precheck: dict[str, Any] | None
    reviewer_id: int | None
    events: list[EventRead]
    payments: list[EntryRead]
    id_numbers_masked: bool = Field(description="True when person IDs in this view are masked")

    def masked(self) -> ApplicationDetail:
        return self.model_copy(
            update={
                "subject_id": mask_text(self.subject_id),
                "facts": mask_deep(self.facts),
                "precheck": mask_deep(self.precheck),
                "payments": [entry.masked() for entry in self.payments],
                "id_numbers_masked": True,
            }
        )
