"""政策计算器 pages: one step at a time (HTMX swaps the panel; plain posts work the same), then the results.

No login is needed. The answers travel in hidden fields while the questionnaire runs, and as a signed
token (``?a=``) afterwards, so the language switch, the login redirect and the apply form keep them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from ..accounts.auth import SettingsDep
from ..errors import InvalidInput
from ..kit.actor import Actor
from ..measures.notice import departments_text
from ..models import utcnow
from ..web.auth import Viewer
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render, use_request_lang
from . import service
from .questions import QUESTIONS
from .schemas import Answers, Benefit, Question, Step, Text

router = APIRouter(tags=["pages"])
Token = Annotated[str | None, Query(max_length=4000)]
StepId = Annotated[str | None, Query(max_length=32)]
MAX_ANSWER = 200


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form; uploaded files are closed (their temporary files removed) after the response."""
    form = await request.form(max_files=10, max_fields=200)
    try:
        yield form
    finally:
        await form.close()


PostedForm = Annotated[FormData, Depends(posted_form)]


def answers_from_form(form: FormData, names: Any = QUESTIONS) -> dict[str, str]:
    answers = {}
    for name in names:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            answers[name] = value.strip()[:MAX_ANSWER]
    return answers


@dataclass(frozen=True, slots=True)
class FieldView:
    """A question as the form macros draw it, in the page's language."""

    name: str
    kind: str
    label: str
    hint: str | None
    options: list[tuple[str, str]]
    value: str
    error: str | None
    required: bool


def field_view(question: Question, answers: Answers, errors: dict[str, Text]) -> FieldView:
    error = errors.get(question.name)
    options = [("", _("请选择"))] + [(code, pick(text.zh, text.en)) for code, text in question.options]
    return FieldView(
        name=question.name,
        kind=question.kind,
        label=pick(question.label.zh, question.label.en),
        hint=pick(question.hint.zh, question.hint.en) if question.hint else None,
        options=options if question.options else [],
        value=answers.get(question.name, ""),
        error=pick(error.zh, error.en) if error else None,
        required=question.required,
    )


def _page(request: Request, context: dict[str, Any], status_code: int = 200) -> Response:
    if request.headers.get("HX-Request") != "true":
        return render(request, "calculator/page.html", context, status_code=status_code)
    # The address bar, the language switch and the login link follow the answers (reload and switch keep them).
    headers = {"HX-Push-Url": str(context["path"])}
    return render(request, "calculator/_panel.html", {**context, "oob": True}, status_code=status_code, headers=headers)


def _step_page(
    request: Request,
    step: Step,
    answers: Answers,
    secret: str,
    errors: dict[str, Text] | None = None,
    status_code: int = 200,
) -> Response:
    errors = errors or {}
    kept = service.relevant(answers)
    shown = service.questions_of(step, answers)
    steps = service.visible_steps(answers)
    position = next((index for index, item in enumerate(steps) if item.id == step.id), 0)
    context = {
        "mode": "step",
        "step": step,
        "title": pick(step.title.zh, step.title.en),
        "fields": [field_view(question, answers, errors) for question in shown],
        "hidden": {name: value for name, value in kept.items() if name not in {q.name for q in shown}},
        "position": position + 1,
        "total": len(steps),
        "first": position == 0,
        "error_count": len(errors),
        "path": "/calculator?" + urlencode({"a": service.seal(answers, secret), "step": step.id}),
    }
    return _page(request, context, status_code)


def _benefit_view(benefit: Benefit, token: str, actor: Actor | None) -> dict[str, Any]:
    can_apply = benefit.eligible and (actor is None or actor.role == "resident")
    return {
        "b": benefit,
        "title": pick(benefit.title_zh, benefit.title_en),
        "departments": departments_text(benefit.departments),
        "hint": pick(benefit.hint.zh, benefit.hint.en) if benefit.hint else None,
        "apply_url": "/applications/new?" + urlencode({"measure": benefit.measure_id, "a": token})
        if can_apply
        else None,
    }


def _results_page(request: Request, answers: Answers, secret: str, actor: Actor | None) -> Response:
    lang = use_request_lang(request)
    today = utcnow().date()
    problems = service.check_all(answers, today)
    if problems:
        return _first_step_with(request, answers, problems, secret)
    try:
        results = service.calculate(answers, today, lang)
    except InvalidInput as error:
        mapped = {service.form_field(f.field) or "": Text(f.message_zh, f.message_en) for f in error.fields or []}
        return _first_step_with(request, answers, mapped, secret)
    token = service.seal(answers, secret)
    context = {
        "mode": "results",
        "results": results,
        "eligible": [_benefit_view(b, token, actor) for b in results.eligible],
        "near": [_benefit_view(b, token, actor) for b in results.near],
        "other": [_benefit_view(b, token, actor) for b in results.other],
        "hidden": service.relevant(answers),
        "as_of": today,
        "path": "/calculator?" + urlencode({"a": token}),
    }
    return _page(request, context)


def _first_step_with(request: Request, answers: Answers, errors: dict[str, Text], secret: str) -> Response:
    for step in service.visible_steps(answers):
        if any(question.name in errors for question in service.questions_of(step, answers)):
            return _step_page(request, step, answers, secret, errors, status_code=422)
    first = service.visible_steps(answers)[0]
    general = next(iter(errors.values()), None)
    return _step_page(request, first, answers, secret, {"birth_date": general} if general else {}, 422)


@router.get("/calculator")
def calculator_page(
    request: Request, viewer: Viewer, settings: SettingsDep, a: Token = None, step: StepId = None
) -> Response:
    use_request_lang(request)
    secret = settings.resolved_secret_key()
    answers = service.unseal(a, secret) if a else {}
    if step is not None or not answers:
        return _step_page(request, service.step_by_id(step), answers, secret)
    return _results_page(request, answers, secret, viewer)


@router.post("/calculator")
def calculator_step(request: Request, viewer: Viewer, settings: SettingsDep, form: PostedForm) -> Response:
    use_request_lang(request)
    secret = settings.resolved_secret_key()
    answers = answers_from_form(form)
    current = form.get("step")
    current = current if isinstance(current, str) and current else None
    if form.get("action") == "back":
        return _step_page(request, service.previous_step(current, answers), answers, secret)
    if current is not None:
        step = service.step_by_id(current)
        errors = service.check_step(step, answers, _today())
        if errors:
            return _step_page(request, step, answers, secret, errors, status_code=422)
    following = service.next_step(current, answers)
    if following is not None:
        return _step_page(request, following, answers, secret)
    return _results_page(request, answers, secret, viewer)


def _today() -> date:
    return utcnow().date()
