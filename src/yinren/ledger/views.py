"""发放批次 pages: entries waiting per measure, building a batch, its .xlsx, and (finance) marking it paid."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from ..accounts.auth import SettingsDep
from ..applications import precheck
from ..audit import service as audit
from ..db import DatabaseDep, SessionDep
from ..department import service as department
from ..errors import YinrenError
from ..kit.actor import Actor
from ..kit.params import Id
from ..models import utcnow
from ..web.auth import AdminPage, page_role
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render
from . import service
from .endpoints import XLSX
from .export import batch_workbook
from .repository import LedgerRepository

router = APIRouter(tags=["pages"])
FinancePage = Annotated[Actor, Depends(page_role("department_head", "admin"))]
PAGE_SIZE = 20


def _context(session: Session, actor: Actor, page: int) -> dict[str, Any]:
    scope = actor.department if actor.role == "department_head" else None
    rows = LedgerRepository(session).batches(scope, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    return {
        "pending": department.pending_payments(session, actor),
        "batches": rows[:PAGE_SIZE],
        "has_next": len(rows) > PAGE_SIZE,
        "page": page,
        "titles": {m.id: m for m in precheck.catalogue()},
        "created": None,
        "paid": None,
        "problem": None,
    }


@router.get("/payments")
def payments_page(
    request: Request,
    actor: FinancePage,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    created: Annotated[int | None, Query(ge=1)] = None,
    paid: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    context = _context(session, actor, page)
    context.update(created=created, paid=paid)
    return render(request, "payments/index.html", context)


@router.post("/payments/batches")
def create_batch(
    request: Request,
    actor: FinancePage,
    session: SessionDep,
    measure: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if measure not in {m.id for m in precheck.catalogue()}:
        return _refused(request, session, actor, None)
    info = precheck.measure(measure)
    scope = actor.department if actor.role == "department_head" else info.lead_department
    try:
        batch = service.create_batch(session, actor, scope, measure, 100_000)
    except YinrenError as error:
        return _refused(request, session, actor, error)
    return RedirectResponse(f"/payments?created={batch.id}", status_code=303)


@router.get("/payments/batches/{batch_id}.xlsx")
def export_batch(batch_id: Id, actor: FinancePage, session: SessionDep) -> Response:
    batch = service.get_batch(session, actor, batch_id)
    entries = service.batch_entries(session, batch_id)
    content = batch_workbook(batch, entries, lambda measure_id: precheck.measure(measure_id).title_zh)
    batch.exported_at = utcnow()
    audit.record(session, actor, "read.batch.export", "batch", batch.id, entries=len(entries))
    disposition = f'attachment; filename="{batch.reference}.xlsx"'
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})


@router.post("/payments/batches/{batch_id}/pay")
def pay_batch(
    request: Request,
    batch_id: Id,
    actor: AdminPage,
    session: SessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    session.commit()  # each entry is paid in a transaction of its own
    try:
        service.pay_batch(database, actor, batch_id, settings.pay_entry_delay)
    except YinrenError as error:
        return _refused(request, session, actor, error)
    return RedirectResponse(f"/payments?paid={batch_id}", status_code=303)


def _refused(request: Request, session: Session, actor: Actor, error: YinrenError | None) -> Response:
    if error is not None and error.status_code in (403, 404):
        raise error
    session.rollback()
    context = _context(session, actor, 1)
    if error is None:
        context["problem"] = _("请选择一项措施。")
        return render(request, "payments/index.html", context, status_code=422)
    context["problem"] = pick(error.message_zh, error.message_en)
    return render(request, "payments/index.html", context, status_code=error.status_code)
