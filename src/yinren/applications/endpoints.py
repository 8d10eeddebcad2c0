from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from sqlalchemy.orm import Session

from ..accounts.auth import ApplicantActor, CurrentActor, StaffActor
from ..db import DatabaseDep, SessionDep, end_reads
from ..kit.params import Id
from ..ledger.schemas import EntryRead
from ..models import Application, ApplicationState
from . import intake, service
from .schemas import (
    ApplicationCreate,
    ApplicationDetail,
    ApplicationRead,
    ApplicationUpdate,
    Decision,
    EventRead,
)

router = APIRouter(tags=["applications"])
review = APIRouter(prefix="/review", tags=["review"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
States = Annotated[list[ApplicationState] | None, Query(description="Filter by state (repeatable)")]
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"description": text} for code, text in ((401, "Not logged in"), (403, "Forbidden"), (404, "Not found"))
}


def _detail(
    session: Session | None, application: Application, whole: bool, history: service.History | None = None
) -> ApplicationDetail:
    """The case as answered; from ``history`` when given, else read in ``session``."""
    if history is None:
        if session is None:
            raise ValueError("a case's detail needs its history or a session to read it")
        history = service.case_history(session, application)
    events, payments = history
    detail = ApplicationDetail.model_validate(
        {
            **ApplicationRead.model_validate(application).model_dump(),
            "facts": application.facts,
            "attachments": application.attachments,
            "precheck": application.precheck,
            "reviewer_id": application.reviewer_id,
            "events": [EventRead.model_validate(event) for event in events],
            "payments": [EntryRead.model_validate(entry) for entry in payments],
            "id_numbers_masked": False,
        }
    )
    return detail if whole else detail.masked()


@router.post(
    "/applications",
    response_model=ApplicationDetail,
    status_code=status.HTTP_201_CREATED,
    summary="Create an application (201), or return the one made with this idempotency key (200)",
    responses={**ERRORS, 409: {"description": "Idempotency key reused for a different request"}},
)
async def create_application(
    body: ApplicationCreate,
    actor: ApplicantActor,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> ApplicationDetail:
    # Written with the other new applications of the moment, in one transaction (see `intake`), after
    # the request's own (the authentication's reads) has ended.
    await end_reads(session)
    outcome = await intake.create(database, actor, body, idempotency_key)
    if not outcome.created:
        response.status_code = status.HTTP_200_OK
    return _detail(None, outcome.application, whole=True, history=outcome.history)


@router.get("/applications", response_model=list[ApplicationRead], summary="My applications")
def list_applications(
    actor: ApplicantActor, session: SessionDep, state: States = None, limit: Limit = 50, offset: Offset = 0
) -> list[ApplicationRead]:
    rows = service.list_own(session, actor, [s.value for s in state or []], limit, offset)
    return [ApplicationRead.model_validate(row).masked() for row in rows]


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationDetail,
    summary="The case page",
    responses=ERRORS,
)
def get_application(application_id: Id, actor: CurrentActor, session: SessionDep) -> ApplicationDetail:
    application, whole = service.get_case(session, actor, application_id)
    return _detail(session, application, whole)


@router.patch("/applications/{application_id}", response_model=ApplicationDetail, responses=ERRORS)
def update_application(
    application_id: Id, body: ApplicationUpdate, actor: ApplicantActor, session: SessionDep
) -> ApplicationDetail:
    return _detail(session, service.update(session, actor, application_id, body), whole=True)


@router.post("/applications/{application_id}/submit", response_model=ApplicationDetail, responses=ERRORS)
def submit_application(application_id: Id, actor: ApplicantActor, session: SessionDep) -> ApplicationDetail:
    return _detail(session, service.submit(session, actor, application_id), whole=True)


@router.post("/applications/{application_id}/withdraw", response_model=ApplicationDetail, responses=ERRORS)
def withdraw_application(application_id: Id, actor: ApplicantActor, session: SessionDep) -> ApplicationDetail:
    return _detail(session, service.withdraw(session, actor, application_id), whole=True)


@review.get("/queue", response_model=list[ApplicationRead], summary="My department's cases", responses=ERRORS)
def review_queue(
    actor: StaffActor,
    session: SessionDep,
    state: States = None,
    measure_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ApplicationRead]:
    rows = service.queue(session, actor, [s.value for s in state or []], measure_id, limit, offset)
    return [ApplicationRead.model_validate(row).masked() for row in rows]


@review.get("/cases/{application_id}", response_model=ApplicationDetail, responses=ERRORS)
def review_case(application_id: Id, actor: StaffActor, session: SessionDep) -> ApplicationDetail:
    application, whole = service.get_case(session, actor, application_id)
    return _detail(session, application, whole)


@review.post("/cases/{application_id}/take", response_model=ApplicationDetail, responses=ERRORS)
def take_case(application_id: Id, actor: StaffActor, session: SessionDep) -> ApplicationDetail:
    return _detail(session, service.take(session, actor, application_id), whole=True)


@review.post(
    "/cases/{application_id}/decide",
    response_model=ApplicationDetail,
    summary="Approve, reject (reason) or return (reason)",
    responses={**ERRORS, 409: {"description": "Wrong state, or already paid / nothing payable"}},
)
def decide_case(application_id: Id, body: Decision, actor: StaffActor, session: SessionDep) -> ApplicationDetail:
    return _detail(session, service.decide(session, actor, application_id, body), whole=True)
