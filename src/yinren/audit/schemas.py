from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seq: int | None  # None until sealed into the chain
    at: datetime
    actor: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    details: str
    hash: str | None


class VerifyResult(BaseModel):
    ok: bool
    entries: int
    head_seq: int
    first_bad_seq: int | None = None
    problem_zh: str | None = None
    problem_en: str | None = None
    unsealed: int = 0  # lines written but not yet sealed into the chain (not checked)
