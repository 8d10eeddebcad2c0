from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..kit.ids import mask_text
from ..kit.params import RowId

PayeeAccount = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{8,32}$")]


class OfferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    run_id: str
    measure_id: str
    beneficiary_id: str
    source_id: str
    period: str
    value: str
    amount_fen: int
    kind: str
    lead_department: str
    policy_version: str
    state: str
    reason: str | None
    superseded_by_id: int | None
    created_at: datetime
    confirmed_at: datetime | None
    responded_at: datetime | None

    def masked(self) -> OfferRead:
        return self.model_copy(
            update={"beneficiary_id": mask_text(self.beneficiary_id), "source_id": mask_text(self.source_id)}
        )


class ImportResult(BaseModel):
    run_id: str
    rows: int
    created: int
    unchanged: int
    superseded: int
    kept: int = Field(description="Rows whose live offer was already accepted or paid (not changed)")
    rejected: list[dict[str, str]] = Field(description="Rows refused, with the reason")


class ConfirmRequest(BaseModel):
    offer_ids: Annotated[list[RowId], Field(max_length=10_000)] = []
    all_offered: bool = Field(False, description="Confirm every offered case of the department")
    measure_id: Annotated[str | None, Field(max_length=64)] = None

    @model_validator(mode="after")
    def _something(self) -> ConfirmRequest:
        if not self.offer_ids and not self.all_offered:
            raise ValueError("give offer_ids or all_offered / 请指定 offer_ids 或 all_offered")
        return self


class ConfirmResult(BaseModel):
    confirmed: list[int]
    skipped: list[dict[str, str | int]]


class AcceptRequest(BaseModel):
    payee_account: PayeeAccount | None = Field(None, description="Bank account to pay (cash measures)")


class WithdrawRequest(BaseModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
