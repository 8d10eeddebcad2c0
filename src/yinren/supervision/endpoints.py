from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..accounts.auth import SupervisorActor
from ..applications.schemas import ApplicationRead
from ..db import SessionDep
from ..kit.params import Limit, Offset
from ..models import ApplicationState
from . import service
from .schemas import Summary

router = APIRouter(prefix="/supervision", tags=["supervision"])


@router.get("/summary", response_model=Summary, summary="Counts and amounts by department, measure and state")
def summary(actor: SupervisorActor, session: SessionDep) -> Summary:
    return service.summary(session)


@router.get("/applications", response_model=list[ApplicationRead], summary="Every application (masked)")
def applications(
    actor: SupervisorActor,
    session: SessionDep,
    department: Annotated[str | None, Query(max_length=32)] = None,
    state: Annotated[list[ApplicationState] | None, Query()] = None,
    measure_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ApplicationRead]:
    rows = service.applications(session, actor, department, [s.value for s in state or []], measure_id, limit, offset)
    return [ApplicationRead.model_validate(row).masked() for row in rows]
