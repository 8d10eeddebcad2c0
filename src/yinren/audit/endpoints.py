from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..accounts.auth import AuditorActor
from ..db import SessionDep
from . import service
from .repository import AuditRepository
from .schemas import AuditEntryRead, VerifyResult

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "/verify",
    response_model=VerifyResult,
    summary="Recompute the sealed hash chain; count lines waiting for the sealer (supervisor, admin)",
)
def verify(actor: AuditorActor, session: SessionDep) -> VerifyResult:
    return service.verify(session)


@router.get("/log", response_model=list[AuditEntryRead], summary="The latest audit lines")
def log(
    actor: AuditorActor,
    session: SessionDep,
    object_type: Annotated[str | None, Query(max_length=32)] = None,
    object_id: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntryRead]:
    rows = AuditRepository(session).latest(limit, object_type, object_id)
    return [AuditEntryRead.model_validate(row) for row in rows]
