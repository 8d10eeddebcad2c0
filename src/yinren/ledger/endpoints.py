from __future__ import annotations

from fastapi import APIRouter, Response, status

from ..accounts.auth import AdminActor, CurrentActor, FinanceActor, LedgerReader, SettingsDep
from ..applications import precheck
from ..audit import service as audit
from ..db import DatabaseDep, SessionDep
from ..kit.params import Id, Limit, Offset
from ..models import EntryState, utcnow
from . import service
from .export import batch_workbook
from .repository import LedgerRepository
from .schemas import BatchCreate, BatchDetail, BatchRead, EntryRead, PayResult

router = APIRouter(tags=["ledger"])
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"description": text} for code, text in ((401, "Not logged in"), (403, "Forbidden"), (404, "Not found"))
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/payments", response_model=list[EntryRead], summary="Ledger entries: mine, my department's, or all")
def list_payments(
    actor: CurrentActor,
    session: SessionDep,
    state: EntryState | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[EntryRead]:
    repository = LedgerRepository(session)
    state_value = state.value if state else None
    if actor.role in ("resident", "employer"):
        rows = repository.entries(beneficiary_id=actor.subject_id or "", state=state_value, limit=limit, offset=offset)
    else:
        department = actor.department if actor.role in ("reviewer", "department_head") else None
        rows = repository.entries(department=department, state=state_value, limit=limit, offset=offset)
        audit.record(session, actor, "read.payments", "payment_entry", "list", ids=[row.id for row in rows])
    return [EntryRead.model_validate(row).masked() for row in rows]


@router.post(
    "/batches",
    response_model=BatchRead,
    status_code=status.HTTP_201_CREATED,
    summary="Group pending entries into a 发放批次 (department head: own department; admin: any)",
    responses={**ERRORS, 409: {"description": "Nothing to batch"}},
)
def create_batch(body: BatchCreate, actor: FinanceActor, session: SessionDep) -> BatchRead:
    batch = service.create_batch(session, actor, body.department, body.measure_id, body.max_entries)
    return BatchRead.model_validate(batch)


@router.get("/batches", response_model=list[BatchRead])
def list_batches(
    actor: LedgerReader,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[BatchRead]:
    department = actor.department if actor.role == "department_head" else None
    return [BatchRead.model_validate(row) for row in LedgerRepository(session).batches(department, limit, offset)]


@router.get("/batches/{batch_id}", response_model=BatchDetail, responses=ERRORS)
def get_batch(batch_id: Id, actor: LedgerReader, session: SessionDep) -> BatchDetail:
    batch = service.get_batch(session, actor, batch_id)
    entries = [EntryRead.model_validate(entry).masked() for entry in service.batch_entries(session, batch_id)]
    audit.record(session, actor, "read.batch", "batch", batch.id)
    return BatchDetail.model_validate({**BatchRead.model_validate(batch).model_dump(), "entries": entries})


@router.get(
    "/batches/{batch_id}/export",
    summary="The batch as .xlsx for the finance office",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "The workbook"}, **ERRORS},
)
def export_batch(batch_id: Id, actor: LedgerReader, session: SessionDep) -> Response:
    batch = service.get_batch(session, actor, batch_id)
    entries = service.batch_entries(session, batch_id)

    def title(measure_id: str) -> str:
        return precheck.measure(measure_id).title_zh

    content = batch_workbook(batch, entries, title)
    if actor.role != "supervisor":
        batch.exported_at = utcnow()
    audit.record(session, actor, "read.batch.export", "batch", batch.id, entries=len(entries))
    filename = f"{batch.reference}.xlsx"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post(
    "/batches/{batch_id}/pay",
    response_model=PayResult,
    summary="Mark a batch paid (the finance office); idempotent and resumable after a crash",
    responses=ERRORS,
)
def pay_batch(
    batch_id: Id, actor: AdminActor, session: SessionDep, database: DatabaseDep, settings: SettingsDep
) -> PayResult:
    # End the request's own transaction first: each entry is paid in a transaction of its own.
    session.commit()
    outcome = service.pay_batch(database, actor, batch_id, settings.pay_entry_delay)
    return PayResult(
        batch=BatchRead.model_validate(outcome.batch),
        paid_now=outcome.paid_now,
        already_paid=outcome.already_paid,
    )
