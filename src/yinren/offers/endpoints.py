from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from ..accounts.auth import AdminActor, ApplicantActor, CurrentActor, StaffActor
from ..db import SessionDep
from ..kit.params import Id, Limit, Offset
from ..models import OfferState
from . import service
from .schemas import AcceptRequest, ConfirmRequest, ConfirmResult, ImportResult, OfferRead, WithdrawRequest

router = APIRouter(prefix="/offers", tags=["offers"])
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"description": text} for code, text in ((401, "Not logged in"), (403, "Forbidden"), (404, "Not found"))
}
MAX_UPLOAD = 200 * 1024 * 1024
IMPORT_BODY_BYTES = MAX_UPLOAD + 1024 * 1024  # the file and its multipart framing (app.UPLOAD_LIMITS)


@router.post("/import", response_model=ImportResult, summary="Import a `yinren match` run's offers.parquet")
def import_offers(
    actor: AdminActor,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="offers.parquet")],
    run_id: Annotated[str | None, Form(max_length=64)] = None,
) -> ImportResult:
    content = file.file.read(MAX_UPLOAD + 1)
    rows = service.read_parquet(content)
    return service.import_rows(session, actor, rows, run_id)


@router.get("", response_model=list[OfferRead], summary="Offers: my own, my department's, or all (supervisor)")
def list_offers(
    actor: CurrentActor,
    session: SessionDep,
    state: Annotated[list[OfferState] | None, Query()] = None,
    measure_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[OfferRead]:
    rows = service.search(session, actor, [s.value for s in state or []], measure_id, limit, offset)
    return [OfferRead.model_validate(row).masked() for row in rows]


@router.get("/{offer_id}", response_model=OfferRead, responses=ERRORS)
def get_offer(offer_id: Id, actor: CurrentActor, session: SessionDep) -> OfferRead:
    return OfferRead.model_validate(service.get_offer(session, actor, offer_id))


@router.post("/confirm", response_model=ConfirmResult, summary="Confirm offers in bulk (the lead department)")
def confirm_offers(body: ConfirmRequest, actor: StaffActor, session: SessionDep) -> ConfirmResult:
    confirmed, skipped = service.confirm(session, actor, body)
    return ConfirmResult(confirmed=confirmed, skipped=skipped)


@router.post("/{offer_id}/accept", response_model=OfferRead, responses=ERRORS)
def accept_offer(offer_id: Id, body: AcceptRequest, actor: ApplicantActor, session: SessionDep) -> OfferRead:
    return OfferRead.model_validate(service.accept(session, actor, offer_id, body.payee_account))


@router.post("/{offer_id}/decline", response_model=OfferRead, responses=ERRORS)
def decline_offer(offer_id: Id, actor: ApplicantActor, session: SessionDep) -> OfferRead:
    return OfferRead.model_validate(service.decline(session, actor, offer_id))


@router.post("/{offer_id}/withdraw", response_model=OfferRead, responses=ERRORS)
def withdraw_offer(offer_id: Id, body: WithdrawRequest, actor: StaffActor, session: SessionDep) -> OfferRead:
    return OfferRead.model_validate(service.withdraw(session, actor, offer_id, body.reason))
