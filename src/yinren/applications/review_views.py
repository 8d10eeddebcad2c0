"""The reviewer's pages: the department's queue (filters over HTMX, batch approval) and the case page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from ..db import Database, DatabaseDep, SessionDep
from ..department import service as department
from ..department.schemas import QueueFilter
from ..errors import YinrenError
from ..kit.actor import Actor
from ..kit.params import Id, RowId
from ..models import ApplicationState, utcnow
from ..web.auth import StaffPage
from ..web.i18n import gettext as _
from ..web.templating import render
from . import precheck, service
from .schemas import Decision

router = APIRouter(tags=["pages"])

S = ApplicationState
DECIDABLE = (S.SUBMITTED, S.IN_REVIEW)
STATE_FILTERS = ("open", "submitted", "in_review", "returned", "approved", "rejected", "paid", "all")
AGE_FILTERS = (0, 3, 7, 15, 30)
MAX_BATCH = 100


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    application_id: int
    ok: bool
    message_zh: str
    message_en: str


def days_since(moment: datetime | None) -> int | str:
    """Whole days since ``moment`` (SQLite returns naive UTC datetimes)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (utcnow() - moment).days


def _states(state: str) -> tuple[str, ...]:
    if state == "all":
        return tuple(s.value for s in S if s != S.DRAFT)
    if state in STATE_FILTERS and state != "open":
        return (state,)
    return ()


def _queue_context(session: Session, actor: Actor, state: str, measure: str, age: int, page: int) -> dict[str, Any]:
    state = state if state in STATE_FILTERS else "open"
    measure = measure if measure in {m.id for m in precheck.catalogue()} else ""
    age = age if age in AGE_FILTERS else 0
    wanted = QueueFilter(states=_states(state), measure_id=measure or None, min_age_days=age, page=page)
    result = department.queue(session, actor, wanted)
    measures = [m for m in precheck.catalogue() if m.lead_department == actor.department]
    return {
        "queue": result,
        "filters": {"state": state, "measure": measure, "age": age},
        "state_filters": STATE_FILTERS,
        "age_filters": AGE_FILTERS,
        "measures": measures,
        "titles": {m.id: m for m in precheck.catalogue()},
        "days_since": days_since,
        "decidable": DECIDABLE,
    }


@router.get("/review")
def review_queue(
    request: Request,
    actor: StaffPage,
    session: SessionDep,
    state: Annotated[str, Query(max_length=20)] = "open",
    measure: Annotated[str, Query(max_length=64)] = "",
    age: Annotated[int, Query(ge=0, le=3650)] = 0,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    context = _queue_context(session, actor, state, measure, age, page)
    # The filter form swaps only the table; a plain request gets the whole page.
    template = "review/_queue.html" if request.headers.get("HX-Target") == "queue" else "review/queue.html"
    return render(request, template, context)


@router.post("/review/approve")
def approve_batch(
    request: Request,
    actor: StaffPage,
    session: SessionDep,
    database: DatabaseDep,
    ids: Annotated[list[RowId], Form(max_length=MAX_BATCH)] = [],  # noqa: B006 - FastAPI copies defaults
    state: Annotated[str, Form(max_length=20)] = "open",
    measure: Annotated[str, Form(max_length=64)] = "",
    age: Annotated[int, Form(ge=0, le=3650)] = 0,
) -> Response:
    """Approve several cases of one measure, each in a transaction of its own: one refusal stops no other."""
    outcomes, problem = [], None
    chosen = sorted(set(ids))
    if not chosen:
        problem = _("请先勾选要批量通过的申请。")
    elif len(department.measures_of(session, actor, chosen)) > 1:
        problem = _("批量通过只能选择同一项措施的申请。")
    if problem is None:
        session.commit()  # end the request's transaction: each case commits (or fails) on its own
        outcomes = [_approve_one(database, actor, application_id) for application_id in chosen]
    context = _queue_context(session, actor, state, measure, age, 1)
    context.update(batch_outcomes=outcomes, batch_problem=problem)
    status = 422 if problem else 200
    template = "review/_queue.html" if request.headers.get("HX-Target") == "queue" else "review/queue.html"
    return render(request, template, context, status_code=status)


def _approve_one(database: Database, actor: Actor, application_id: int) -> BatchOutcome:
    try:
        with database.transaction() as case_session:
            service.decide(case_session, actor, application_id, Decision(decision="approve"))
    except YinrenError as error:
        return BatchOutcome(application_id, False, error.message_zh, error.message_en)
    return BatchOutcome(application_id, True, "已通过。", "Approved.")


def _case_context(session: Session, actor: Actor, application_id: int) -> dict[str, Any]:
    application, whole = service.get_case(session, actor, application_id)
    events, payments = service.case_history(session, application)
    info = precheck.measure(application.measure_id)
    stored = application.precheck or {}
    return {
        "case": application,
        "whole_ids": whole,
        "measure": info,
        "explanation": stored.get("result") or {},
        "stored": stored,
        "events": events,
        "usernames": department.usernames(session, [event.actor_id for event in events]),
        "payments": payments,
        "decidable": application.state in DECIDABLE,
        "days_since": days_since,
        "error": None,
        "reason": "",
        "problem": None,
        "done": None,
    }


@router.get("/review/cases/{application_id}")
def review_case(
    request: Request,
    application_id: Id,
    actor: StaffPage,
    session: SessionDep,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    context = _case_context(session, actor, application_id)
    context["done"] = done if done in ("take", "approve", "reject", "return") else None
    return render(request, "review/case.html", context)


@router.post("/review/cases/{application_id}/take")
def take_case(request: Request, application_id: Id, actor: StaffPage, session: SessionDep) -> Response:
    try:
        service.take(session, actor, application_id)
    except YinrenError as error:
        return _refused(request, session, actor, application_id, error)
    return RedirectResponse(f"/review/cases/{application_id}?done=take", status_code=303)


@router.post("/review/cases/{application_id}/decide")
def decide_case(
    request: Request,
    application_id: Id,
    actor: StaffPage,
    session: SessionDep,
    decision: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        choice = Decision(decision=decision, reason=reason.strip() or None)
    except ValidationError:
        context = _case_context(session, actor, application_id)
        context.update(
            reason=reason,
            error=_("驳回或退回补正时必须填写理由，申请人会看到这段理由。")
            if decision in ("reject", "return")
            else _("请选择审核结论。"),
        )
        return render(request, "review/case.html", context, status_code=422)
    try:
        service.decide(session, actor, application_id, choice)
    except YinrenError as error:
        return _refused(request, session, actor, application_id, error, reason)
    return RedirectResponse(f"/review/cases/{application_id}?done={decision}", status_code=303)


def _refused(
    request: Request, session: Session, actor: Actor, application_id: int, error: YinrenError, reason: str = ""
) -> Response:
    """A refused action changes nothing: undo what the service began, then show why on the case page."""
    if error.status_code in (403, 404):
        raise error
    session.rollback()
    context = _case_context(session, actor, application_id)
    context.update(problem=error, reason=reason)
    return render(request, "review/case.html", context, status_code=error.status_code)
