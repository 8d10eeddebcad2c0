"""The beneficiary's side of a 免申即享 offer: see it, accept it (with the account to pay into) or decline it."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ..applications import precheck
from ..applications.views import measure_title, state_label
from ..db import SessionDep
from ..errors import InvalidInput, InvalidTransition
from ..kit.params import Id
from ..measures.notice import departments_text
from ..models import Offer, OfferState
from ..web.auth import ApplicantPage
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render, use_request_lang
from . import service

router = APIRouter(tags=["pages"])
ACCOUNT = re.compile(r"^[0-9]{8,32}$")


def _page(
    request: Request, offer: Offer, account: str = "", error: str | None = None, status_code: int = 200
) -> Response:
    use_request_lang(request)
    info = precheck.measure(offer.measure_id)
    context = {
        "o": offer,
        "info": info,
        "title": measure_title(offer.measure_id),
        "departments": departments_text(info.departments),
        "state_label": state_label,
        "needs_account": info.kind == "cash",
        "account": account,
        "account_error": error,
        "can_respond": offer.state == OfferState.CONFIRMED,
    }
    return render(request, "offers/offer.html", context, status_code=status_code)


@router.get("/offers/{offer_id}")
def offer_page(request: Request, offer_id: Id, actor: ApplicantPage, session: SessionDep) -> Response:
    return _page(request, service.get_offer(session, actor, offer_id))


@router.post("/offers/{offer_id}/accept")
def accept(
    request: Request,
    offer_id: Id,
    actor: ApplicantPage,
    session: SessionDep,
    payee_account: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    use_request_lang(request)
    account = re.sub(r"[\s-]", "", payee_account)
    offer = service.get_offer(session, actor, offer_id)
    needs_account = precheck.measure(offer.measure_id).kind == "cash"
    if needs_account and not ACCOUNT.match(account):
        error = _("请填写8至32位数字的银行账号。")
        return _page(request, offer, payee_account, error, status_code=422)
    try:
        service.accept(session, actor, offer_id, account if needs_account else None)
    except InvalidInput as refused:
        session.rollback()
        first = (refused.fields or [])[:1]
        message = (
            pick(first[0].message_zh, first[0].message_en) if first else pick(refused.message_zh, refused.message_en)
        )
        return _page(request, service.get_offer(session, actor, offer_id), payee_account, message, status_code=422)
    except InvalidTransition:
        session.rollback()  # answered already (a second click): show where it stands
    return RedirectResponse(f"/offers/{offer_id}", status_code=303)


@router.post("/offers/{offer_id}/decline")
def decline(offer_id: Id, actor: ApplicantPage, session: SessionDep) -> Response:
    try:
        service.decline(session, actor, offer_id)
    except InvalidTransition:
        session.rollback()
    return RedirectResponse(f"/offers/{offer_id}", status_code=303)
