from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..kit.ids import mask_text


class EntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    measure_id: str
    beneficiary_id: str
    source_id: str
    period: str = Field(description="YYYY-MM for monthly measures, '' for one-time benefits")
    amount_fen: int
    months: int
    department: str
    state: str
    application_id: int | None
    offer_id: int | None
    batch_id: int | None
    payee_account: str | None
    policy_version: str
    created_at: datetime
    paid_at: datetime | None

    def masked(self) -> EntryRead:
        return self.model_copy(
            update={
                "beneficiary_id": mask_text(self.beneficiary_id),
                "source_id": mask_text(self.source_id),
                "payee_account": _mask_account(self.payee_account),
            }
        )


def _mask_account(account: str | None) -> str | None:
    if not account or len(account) <= 4:
        return account
    return "*" * (len(account) - 4) + account[-4:]


class BatchCreate(BaseModel):
    department: str | None = Field(None, description="Only this department's entries (a head: always own)")
    measure_id: Annotated[str | None, Field(max_length=64)] = None
    max_entries: Annotated[int, Field(ge=1, le=100_000)] = 10_000


class BatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    department: str | None
    state: str
    entry_count: int
    total_fen: int
    created_at: datetime
    exported_at: datetime | None
    paid_at: datetime | None


class BatchDetail(BatchRead):
    entries: list[EntryRead]


class PayResult(BaseModel):
    batch: BatchRead
    paid_now: int = Field(description="Entries this call marked paid (0 when re-run after completion)")
    already_paid: int
