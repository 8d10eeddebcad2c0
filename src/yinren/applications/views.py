"""The applicant's pages: apply with the calculator's answers, my applications (/me), one application.

The apply form is the calculator's questions with the person's ID added, every answer editable. A form
that is refused comes back with every value as typed and each message next to its field; uploaded
documents are kept (stored at once, carried as signed metadata) so nothing has to be chosen twice.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.responses import RedirectResponse, Response

from ..accounts.auth import SettingsDep
from ..calculator import service as calculator
from ..calculator.questions import QUESTIONS
from ..calculator.schemas import Question, Text
from ..calculator.views import PostedForm, answers_from_form, field_view
from ..db import SessionDep
from ..errors import Conflict, FieldError, Forbidden, InvalidInput, InvalidTransition, NotFound
from ..kit.actor import Actor
from ..kit.params import Id
from ..ledger.repository import LedgerRepository
from ..measures.notice import departments_text
from ..models import Application, utcnow
from ..offers import service as offers
from ..web.auth import ApplicantPage, ResidentPage
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render, use_request_lang
from . import documents, precheck, service
from .schemas import ApplicationCreate, ApplicationUpdate, Attachment

router = APIRouter(tags=["pages"])
MeasureQuery = Annotated[str, Query(max_length=64)]
Token = Annotated[str | None, Query(max_length=4000)]
IDENTITY = (
    Question("person_id", "person_id", Text("居民身份证号", "Resident ID number")),
    Question("name", "text", Text("姓名", "Name"), required=False),
)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
UPLOAD_SALT = "yinren.applications.uploads"


def state_label(state: str) -> str:
    labels = {
        "draft": _("草稿"),
        "submitted": _("已提交"),
        "in_review": _("审核中"),
        "approved": _("已批准"),
        "rejected": _("未通过"),
        "returned": _("退回补正"),
        "withdrawn": _("已撤回"),
        "paid": _("已发放"),
        "offered": _("待确认"),
        "confirmed": _("待您确认"),
        "accepted": _("已接受"),
        "declined": _("已放弃"),
        "superseded": _("已更新"),
        "pending": _("待发放"),
        "batched": _("发放中"),
        "cancelled": _("已取消"),
    }
    return labels.get(state, state)


def measure_title(measure_id: str) -> str:
    try:
        info = precheck.measure(measure_id)
    except NotFound:
        return measure_id
    return pick(info.title_zh, info.title_en)


def _globals() -> dict[str, Any]:
    return {"state_label": state_label, "measure_title": measure_title}


# ---- the apply form ---------------------------------------------------------------------------------


def _seal_uploads(items: list[dict[str, Any]], secret: str) -> str:
    return URLSafeSerializer(secret, salt=UPLOAD_SALT).dumps(items)


def _unseal_uploads(token: str, secret: str) -> list[dict[str, Any]]:
    try:
        value = URLSafeSerializer(secret, salt=UPLOAD_SALT).loads(token)
    except BadSignature:
        return []
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _uploads(form: FormData, secret: str, directory: Path) -> tuple[list[dict[str, Any]], dict[str, Text]]:
    """The documents kept from before (those still ticked) and the ones just uploaded."""
    token = form.get("uploaded")
    kept = {value for value in form.getlist("keep") if isinstance(value, str)}
    items = (
        [item for item in _unseal_uploads(token, secret) if item.get("sha256") in kept]
        if isinstance(token, str)
        else []
    )
    errors: dict[str, Text] = {}
    for upload in form.getlist("documents"):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        if len(items) >= documents.MAX_FILES:
            errors["documents"] = Text(
                f"最多上传{documents.MAX_FILES}个文件。", f"At most {documents.MAX_FILES} files."
            )
            break
        try:
            stored = documents.store(upload.filename, upload.file, directory)
        except InvalidInput as error:
            first = (error.fields or [FieldError("documents", error.message_zh, error.message_en)])[0]
            errors["documents"] = Text(first.message_zh, first.message_en)
            continue
        if all(item.get("sha256") != stored.sha256 for item in items):
            items.append(stored.metadata())
    return items, errors


def _measure_or_none(measure_id: str) -> precheck.MeasureInfo | None:
    try:
        info = precheck.measure(measure_id)
    except NotFound:
        return None
    return info if info.beneficiary == "person" else None


def _form_page(
    request: Request,
    info: precheck.MeasureInfo,
    answers: dict[str, str],
    secret: str,
    *,
    key: str,
    uploads: list[dict[str, Any]],
    errors: dict[str, Text] | None = None,
    general: list[str] | None = None,
    application: Application | None = None,
    status_code: int = 200,
) -> Response:
    use_request_lang(request)
    errors = errors or {}
    groups = [
        (
            pick(step.title.zh, step.title.en),
            [field_view(q, answers, errors) for q in calculator.questions_of(step, answers)],
        )
        for step in calculator.visible_steps(answers)
    ]
    context = {
        "info": info,
        "title": pick(info.title_zh, info.title_en),
        "departments": departments_text(info.departments),
        "identity": [field_view(q, answers, errors) for q in IDENTITY],
        "groups": groups,
        "documents_error": pick(errors["documents"].zh, errors["documents"].en) if "documents" in errors else None,
        "general": general or [],
        "error_count": len(errors) + len(general or []),
        "key": key,
        "uploads": uploads,
        "uploaded_token": _seal_uploads(uploads, secret),
        "application": application,
        "action": f"/applications/{application.id}/edit" if application else "/applications/new",
        # The language switch reopens the form with the answers so far (not the ID, which is the account's).
        "path": f"/applications/{application.id}/edit"
        if application
        else "/applications/new?" + urlencode({"measure": info.id, "a": calculator.seal(answers, secret)}),
        "max_mb": documents.MAX_BYTES // (1024 * 1024),
    }
    return render(request, "applications/form.html", context, status_code=status_code)


def _posted(form: FormData) -> dict[str, str]:
    return answers_from_form(form, (*QUESTIONS, "person_id", "name"))


def _check(answers: dict[str, str]) -> dict[str, Text]:
    today = utcnow().date()
    errors = calculator.check_all(answers, today)
    for question in IDENTITY:
        problem = calculator.check_question(question, answers.get(question.name, ""), today)
        if problem:
            errors[question.name] = problem
    return errors


def _refusal(error: InvalidInput | Forbidden | Conflict) -> tuple[dict[str, Text], list[str]]:
    """A service refusal as messages next to the form's fields (and the rest above the form)."""
    if isinstance(error, Forbidden):
        return {"person_id": Text(error.message_zh, error.message_en)}, []
    if not isinstance(error, InvalidInput):
        return {}, [pick(error.message_zh, error.message_en)]
    fields: dict[str, Text] = {}
    general = []
    for field in error.fields or []:
        name = calculator.form_field(field.field)
        if name is not None:
            fields.setdefault(name, Text(field.message_zh, field.message_en))
        else:
            general.append(pick(field.message_zh, field.message_en))
    return fields, general


def _attachments(uploads: list[dict[str, Any]]) -> list[Attachment]:
    return [Attachment.model_validate(item) for item in uploads]


@router.get("/applications/new")
def apply_page(
    request: Request, actor: ResidentPage, settings: SettingsDep, measure: MeasureQuery = "", a: Token = None
) -> Response:
    info = _measure_or_none(measure)
    if info is None:
        raise NotFound(f"可由个人申请的措施 {measure}", f"Measure {measure} for a person")
    secret = settings.resolved_secret_key()
    answers = calculator.unseal(a, secret) if a else {}
    answers["person_id"] = actor.subject_id or ""
    return _form_page(request, info, answers, secret, key=secrets.token_urlsafe(18), uploads=[])


@router.post("/applications/new")
def apply(
    request: Request, actor: ResidentPage, session: SessionDep, settings: SettingsDep, form: PostedForm
) -> Response:
    secret = settings.resolved_secret_key()
    measure = form.get("measure")
    info = _measure_or_none(measure if isinstance(measure, str) else "")
    if info is None:
        raise NotFound("措施", "Measure")
    answers = _posted(form)
    key = form.get("idempotency_key")
    key = key if isinstance(key, str) and KEY_PATTERN.match(key) else secrets.token_urlsafe(18)
    uploads, upload_errors = _uploads(form, secret, settings.upload_dir)
    page: dict[str, Any] = {"key": key, "uploads": uploads}

    def save() -> int:
        data = ApplicationCreate(
            measure_id=info.id,
            facts=calculator.build_document(answers),
            attachments=_attachments(uploads),
            idempotency_key=key,
            submit=True,
        )
        return service.create(session, actor, data, None)[0].id

    return _submit_or_show(request, session, form, info, answers, secret, upload_errors, page, save)


def _submit_or_show(
    request: Request,
    session: Session,
    form: FormData,
    info: precheck.MeasureInfo,
    answers: dict[str, str],
    secret: str,
    upload_errors: dict[str, Text],
    page: dict[str, Any],
    save: Callable[[], int],
) -> Response:
    """Submit through ``save`` and go to the case; or show the form again, everything kept, with each
    message next to its field (a refusal rolls back whatever ``save`` began)."""
    if form.get("action") == "refresh":
        return _form_page(request, info, answers, secret, **page)
    errors = {**_check(answers), **upload_errors}
    if errors:
        return _form_page(request, info, answers, secret, errors=errors, status_code=422, **page)
    try:
        application_id = save()
    except ValidationError:
        session.rollback()
        general = [_("申请内容有误，请检查后重试。")]
        return _form_page(request, info, answers, secret, general=general, status_code=422, **page)
    except (InvalidInput, Forbidden, Conflict) as error:
        session.rollback()
        fields, general = _refusal(error)
        return _form_page(request, info, answers, secret, errors=fields, general=general, status_code=422, **page)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)


# ---- my applications, offers and payments -----------------------------------------------------------


@router.get("/me")
def my_page(request: Request, actor: ApplicantPage, session: SessionDep) -> Response:
    # Newest first (the service lists oldest first; 500 is the most it lists at once).
    applications = list(reversed(service.list_own(session, actor, [], 500, 0)))
    my_offers = list(reversed(offers.search(session, actor, [], None, 500, 0)))
    payments = list(reversed(LedgerRepository(session).entries(beneficiary_id=actor.subject_id or "-", limit=500)))
    context = {
        "applications": applications,
        "offers": my_offers,
        "payments": payments,
        "paid_fen": sum(entry.amount_fen for entry in payments if entry.state == "paid"),
        **_globals(),
    }
    return render(request, "applications/me.html", context)


# ---- one application --------------------------------------------------------------------------------


def _own(session: Session, actor: Actor, application_id: int) -> Application:
    application, _whole = service.get_case(session, actor, application_id)
    return application


@router.get("/applications/{application_id}")
def application_page(request: Request, application_id: Id, actor: ApplicantPage, session: SessionDep) -> Response:
    use_request_lang(request)
    application = _own(session, actor, application_id)
    events, payments = service.case_history(session, application)
    result = (application.precheck or {}).get("result") or {}
    units = result.get("units") or []
    context = {
        "a": application,
        "title": measure_title(application.measure_id),
        "events": events,
        "payments": payments,
        "precheck": application.precheck,
        "units": units,
        "can_withdraw": application.state in service.WITHDRAWABLE,
        "can_edit": application.state in service.EDITABLE and application.subject_kind == "person",
        **_globals(),
    }
    return render(request, "applications/detail.html", context)


@router.post("/applications/{application_id}/withdraw")
def withdraw(application_id: Id, actor: ApplicantPage, session: SessionDep) -> Response:
    try:
        service.withdraw(session, actor, application_id)
    except InvalidTransition:
        session.rollback()  # already withdrawn or decided: the page shows where it stands
    return RedirectResponse(f"/applications/{application_id}", status_code=303)


def _editable(session: Session, actor: Actor, application_id: int) -> tuple[Application, precheck.MeasureInfo]:
    application = _own(session, actor, application_id)
    info = _measure_or_none(application.measure_id)
    if info is None or application.state not in service.EDITABLE:
        raise InvalidTransition("申请", "application", application.state, "edit")
    return application, info


@router.get("/applications/{application_id}/edit")
def edit_page(
    request: Request, application_id: Id, actor: ResidentPage, session: SessionDep, settings: SettingsDep
) -> Response:
    application, info = _editable(session, actor, application_id)
    answers = calculator.answers_from_facts(application.facts)
    uploads = list(application.attachments)
    secret = settings.resolved_secret_key()
    return _form_page(request, info, answers, secret, key="edit", uploads=uploads, application=application)


@router.post("/applications/{application_id}/edit")
def edit(
    request: Request,
    application_id: Id,
    actor: ResidentPage,
    session: SessionDep,
    settings: SettingsDep,
    form: PostedForm,
) -> Response:
    secret = settings.resolved_secret_key()
    application = _own(session, actor, application_id)
    if application.state not in service.EDITABLE:
        return RedirectResponse(f"/applications/{application_id}", status_code=303)  # a second click
    info = _editable(session, actor, application_id)[1]
    answers = _posted(form)
    uploads, upload_errors = _uploads(form, secret, settings.upload_dir)
    page: dict[str, Any] = {"key": "edit", "uploads": uploads, "application": application}

    def save() -> int:
        update = ApplicationUpdate(facts=calculator.build_document(answers), attachments=_attachments(uploads))
        service.update(session, actor, application_id, update)
        return service.submit(session, actor, application_id).id

    return _submit_or_show(request, session, form, info, answers, secret, upload_errors, page, save)
