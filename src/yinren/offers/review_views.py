"""The lead department confirms 免申即享 offers (one, several or all) or withdraws one with a reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from ..applications import precheck
from ..db import SessionDep
from ..errors import YinrenError
from ..kit.actor import Actor
from ..kit.params import Id, RowId
from ..models import OfferState
from ..web.auth import StaffPage
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render
from . import service
from .schemas import ConfirmRequest

router = APIRouter(tags=["pages"])
PAGE_SIZE = 50


def _context(session: Session, actor: Actor, measure: str, page: int) -> dict[str, Any]:
    measures = [m for m in precheck.catalogue() if m.lead_department == actor.department]
    measure = measure if measure in {m.id for m in measures} else ""
    offset = (page - 1) * PAGE_SIZE
    # One row more than a page tells whether there is a next page without counting.
    rows = service.search(session, actor, [OfferState.OFFERED], measure or None, PAGE_SIZE + 1, offset)
    return {
        "offers": rows[:PAGE_SIZE],
        "has_next": len(rows) > PAGE_SIZE,
        "page": page,
        "measure": measure,
        "measures": measures,
        "titles": {m.id: m for m in precheck.catalogue()},
        "confirmed": None,
        "skipped": [],
        "withdrawn": None,
        "withdraw_errors": {},
        "withdraw_reasons": {},
        "problem": None,
    }


@router.get("/review/offers")
def offers_page(
    request: Request,
    actor: StaffPage,
    session: SessionDep,
    measure: Annotated[str, Query(max_length=64)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    return render(request, "review/offers.html", _context(session, actor, measure, page))


@router.post("/review/offers/confirm")
def confirm_offers(
    request: Request,
    actor: StaffPage,
    session: SessionDep,
    ids: Annotated[list[RowId], Form(max_length=10_000)] = [],  # noqa: B006 - FastAPI copies defaults
    all_offered: Annotated[bool, Form()] = False,
    measure: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if not ids and not all_offered:
        context = _context(session, actor, measure, 1)
        context["problem"] = _("请先勾选要确认的待遇。")
        return render(request, "review/offers.html", context, status_code=422)
    request_body = ConfirmRequest(offer_ids=ids, all_offered=all_offered, measure_id=measure or None)
    confirmed, skipped = service.confirm(session, actor, request_body)
    context = _context(session, actor, measure, 1)
    context.update(confirmed=confirmed, skipped=skipped)
    return render(request, "review/offers.html", context)


@router.post("/review/offers/{offer_id}/withdraw")
def withdraw_offer(
    request: Request,
    offer_id: Id,
    actor: StaffPage,
    session: SessionDep,
    reason: Annotated[str, Form(max_length=2000)] = "",
    measure: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    if not reason.strip():
        context = _context(session, actor, measure, 1)
        context["withdraw_errors"] = {offer_id: _("撤回待遇必须填写理由。")}
        return render(request, "review/offers.html", context, status_code=422)
    try:
        service.withdraw(session, actor, offer_id, reason.strip())
    except YinrenError as error:
        if error.status_code in (403, 404):
            raise
        session.rollback()
        context = _context(session, actor, measure, 1)
        context.update(problem=pick(error.message_zh, error.message_en), withdraw_reasons={offer_id: reason})
        return render(request, "review/offers.html", context, status_code=error.status_code)
    context = _context(session, actor, measure, 1)
    context["withdrawn"] = offer_id
    return render(request, "review/offers.html", context)
