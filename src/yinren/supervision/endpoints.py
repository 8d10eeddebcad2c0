from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response

from ..accounts.auth import AdminActor, SupervisorActor, require
from ..applications.schemas import ApplicationRead
from ..db import SessionDep
from ..kit.actor import Actor
from ..kit.params import Id, Limit, Offset
from ..models import ApplicationState
from . import board as boards
from . import service
from .schemas import (
    Board,
    IndicatorRow,
    ReportCorrection,
    ReportCreate,
    ReportRead,
    RevisionRead,
    Summary,
    TargetChange,
    TargetCreate,
    TargetRead,
    TargetRetire,
    TargetStatusRead,
)

router = APIRouter(prefix="/supervision", tags=["supervision"])

# Who may look at targets: supervisors and the admin see all; a department sees the targets it answers for.
TargetReader = Annotated[Actor, Depends(require("supervisor", "admin", "reviewer", "department_head"))]
# Who reports progress: a department on its own targets, the admin for units without platform accounts.
Reporter = Annotated[Actor, Depends(require("reviewer", "department_head", "admin"))]
BoardReader = Annotated[Actor, Depends(require("supervisor", "admin"))]
AsOf = Annotated[date | None, Query(description="The date to judge at; default today (Hohhot)")]
ERRORS: dict[int | str, dict[str, str]] = {
    403: {"description": "Not allowed"},
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input"},
}


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


@router.get("/board", response_model=Board, summary="Every target's status and forecast, the measures, the population")
def board(actor: BoardReader, session: SessionDep, as_of: AsOf = None) -> Board:
    return boards.board(session, as_of or service.local_today())


@router.get("/indicators", response_model=list[IndicatorRow], summary="What the platform itself knows, by measure")
def indicators(actor: BoardReader, session: SessionDep) -> list[IndicatorRow]:
    return boards.indicators(session)


@router.get(
    "/targets", response_model=list[TargetStatusRead], summary="Targets with their status (a department: its own)"
)
def targets(
    actor: TargetReader,
    session: SessionDep,
    as_of: AsOf = None,
    measure: Annotated[str | None, Query(max_length=16)] = None,
    department: Annotated[str | None, Query(max_length=32)] = None,
) -> list[TargetStatusRead]:
    chosen = [
        t
        for t in service.visible_targets(session, actor)
        if (measure is None or t.measure == measure) and (department is None or t.lead_department == department)
    ]
    return [boards.status_read(j) for j in boards.judge_all(session, as_of or service.local_today(), chosen)]


@router.post("/targets", response_model=TargetRead, status_code=201, summary="Add a target (admin)", responses=ERRORS)
def create_target(data: TargetCreate, actor: AdminActor, session: SessionDep) -> TargetRead:
    return TargetRead.model_validate(service.create_target(session, actor, data))


@router.get("/targets/{target_id}", response_model=TargetRead, responses=ERRORS)
def get_target(target_id: Id, actor: TargetReader, session: SessionDep) -> TargetRead:
    return TargetRead.model_validate(service.get_target(session, actor, target_id))


@router.patch(
    "/targets/{target_id}",
    response_model=TargetRead,
    summary="Change a target (admin; kept as a revision)",
    responses=ERRORS,
)
def change_target(target_id: Id, data: TargetChange, actor: AdminActor, session: SessionDep) -> TargetRead:
    return TargetRead.model_validate(service.change_target(session, actor, target_id, data))


@router.post(
    "/targets/{target_id}/retire", response_model=TargetRead, summary="End-date a target (admin)", responses=ERRORS
)
def retire_target(target_id: Id, data: TargetRetire, actor: AdminActor, session: SessionDep) -> TargetRead:
    return TargetRead.model_validate(service.retire_target(session, actor, target_id, data))


@router.get("/targets/{target_id}/revisions", response_model=list[RevisionRead], responses=ERRORS)
def revisions(target_id: Id, actor: TargetReader, session: SessionDep) -> list[RevisionRead]:
    return [RevisionRead.model_validate(row) for row in service.revisions(session, actor, target_id)]


@router.get("/targets/{target_id}/reports", response_model=list[ReportRead], responses=ERRORS)
def reports(target_id: Id, actor: TargetReader, session: SessionDep) -> list[ReportRead]:
    return service.reports_of(session, actor, target_id)


@router.post(
    "/targets/{target_id}/reports",
    response_model=ReportRead,
    status_code=201,
    summary="Report progress (the lead department)",
    responses=ERRORS,
)
def report_progress(target_id: Id, data: ReportCreate, actor: Reporter, session: SessionDep) -> ReportRead:
    return ReportRead.model_validate(service.report_progress(session, actor, target_id, data))


@router.post(
    "/reports/{report_id}/correct",
    response_model=ReportRead,
    status_code=201,
    summary="Correct a report: a new report supersedes it, the earlier one is kept",
    responses=ERRORS,
)
def correct_report(report_id: Id, data: ReportCorrection, actor: Reporter, session: SessionDep) -> ReportRead:
    return ReportRead.model_validate(service.correct_report(session, actor, report_id, data))


@router.post(
    "/reports/{report_id}/evidence",
    response_model=ReportRead,
    status_code=201,
    summary="Add evidence files to a current report (multipart; up to 5 files of 5 MB)",
    responses=ERRORS,
)
def add_evidence(
    report_id: Id, actor: Reporter, session: SessionDep, files: Annotated[list[UploadFile], File()]
) -> ReportRead:
    uploads = [service.Upload(f.filename or "", f.file.read(service.MAX_FILE_BYTES + 1)) for f in files if f.filename]
    return service.add_evidence(session, actor, report_id, uploads)


@router.get(
    "/evidence/{evidence_id}",
    response_class=Response,
    summary="Download an evidence file",
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file"}, **ERRORS},
)
def evidence(evidence_id: Id, actor: TargetReader, session: SessionDep) -> Response:
    row = service.evidence_file(session, actor, evidence_id)
    disposition = f"attachment; filename*=UTF-8''{quote(row.filename)}"
    return Response(row.content, media_type=row.media_type, headers={"Content-Disposition": disposition})
