"""The employer's pages: /employer (overview) and a claim form per enterprise measure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from ..applications import precheck
from ..db import SessionDep
from ..errors import FieldError, YinrenError
from ..kit.actor import Actor
from ..web.auth import EmployerPage
from ..web.templating import render
from . import service

router = APIRouter(tags=["pages"])
MeasureId = Annotated[str, Path(max_length=64)]


@router.get("/employer")
def employer_home(request: Request, actor: EmployerPage, session: SessionDep, submitted: int | None = None) -> Response:
    context = {
        "overview": service.overview(session, actor),
        "claims": [precheck.measure(measure_id) for measure_id in service.CLAIMS],
        "titles": {m.id: m for m in precheck.catalogue()},
        "submitted": submitted,
        "name": service.enterprise_name(session, actor),
    }
    return render(request, "employer/index.html", context)


@router.get("/employer/claims/{measure_id}")
def claim_form(request: Request, measure_id: MeasureId, actor: EmployerPage, session: SessionDep) -> Response:
    form = service.blank_form(actor, measure_id, service.enterprise_name(session, actor))
    return _render_form(request, form)


@router.post("/employer/claims/{measure_id}")
async def submit_claim(request: Request, measure_id: MeasureId, actor: EmployerPage, session: SessionDep) -> Response:
    posted = await request.form()
    values = {key: value for key, value in posted.items() if isinstance(value, str)}
    # The database work is synchronous: off the event loop, as FastAPI does for sync handlers.
    return await run_in_threadpool(_submit, request, measure_id, actor, session, values)


def _submit(request: Request, measure_id: str, actor: Actor, session: Session, values: dict[str, str]) -> Response:
    rows = int(values["rows"]) if values.get("rows", "").isdigit() else 1
    form = service.read_form(measure_id, values, rows, values.get("key", ""))
    if values.get("action") == "add_row":
        form.rows = min(form.rows + 1, service.MAX_ROWS)
        return _render_form(request, form)
    try:
        application = service.submit(session, actor, form)
    except YinrenError as error:
        if error.status_code == 404:
            raise
        session.rollback()  # nothing of a refused claim is kept
        if error.code == "idempotency_key_reused":
            form.key = service.new_key()  # the form was changed after it was submitted: a new claim
            error = YinrenError(
                "这份表单已经提交过。改动后的内容将作为一份新的申报：确认无误后请再次点击“提交申报”。",
                "This form was already submitted. Changed, it will be a new claim: submit it again if you mean it.",
            )
        form.general += error.fields or [FieldError("", error.message_zh, error.message_en)]
        application = None
    if application is None:
        return _render_form(request, form, status_code=422)
    return RedirectResponse(f"/employer?submitted={application.id}", status_code=303)


def _render_form(request: Request, form: service.ClaimForm, status_code: int = 200) -> Response:
    context = {
        "form": form,
        "spec": service.claim(form.measure_id),
        "measure": precheck.measure(form.measure_id),
        "enums": service.ENUMS,
    }
    return render(request, "employer/claim.html", context, status_code=status_code)
