"""督查督办 pages: the leaders' dashboard, drill-downs by measure and department, the departments' progress
reports, the admin's targets, the .xlsx export and the printable monthly report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from starlette.responses import Response

from ..db import SessionDep
from ..errors import FieldError, Forbidden, InvalidInput, NotFound, YinrenError
from ..kit.actor import Actor
from ..kit.params import Id
from ..models import DEPARTMENTS
from ..web.auth import AdminPage, SupervisorPage, page_role
from ..web.fields import clause_name
from ..web.i18n import gettext as _
from ..web.i18n import pick
from ..web.templating import render, use_request_lang
from . import board as boards
from . import charts, service
from .catalogue import COUNT_UNITS, load_seed
from .export import board_workbook
from .repository import SupervisionRepository
from .schemas import ReportCorrection, ReportCreate, TargetChange, TargetCreate, TargetRetire

router = APIRouter(prefix="/supervision", tags=["pages"])

ReporterPage = Annotated[Actor, Depends(page_role("reviewer", "department_head", "admin"))]
ReaderPage = Annotated[Actor, Depends(page_role("supervisor", "admin", "reviewer", "department_head"))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DateText = Annotated[str, Form(max_length=20)]


# --- shared helpers --------------------------------------------------------------------------------------


def fmt(value: float | None, unit: str, kind: str = "count") -> str:
    """A target's value for people: thousands separators, the unit, done / not done."""
    if value is None:
        return "—"
    if kind == "status":
        return _("已完成") if value >= 1 else _("未完成")
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if use_lang() == "zh" else text


def use_lang() -> str:
    from ..web.i18n import current_lang

    return current_lang.get()


def chart_labels() -> dict[str, str]:
    return {
        "actual": _("实际（公布数）"),
        "required": _("目标路径"),
        "actual_growth": _("实际年增"),
        "required_growth": _("所需年增"),
        "people": _("人"),
        "growth": _("年增（人）"),
        "reported": _("报告值"),
        "expected": _("应达进度"),
        "forecast": _("趋势预测"),
        "completion": _("完成率"),
    }


def as_of_param(value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return service.local_today()


def indicator(target: Any) -> str:
    return pick(target.indicator_zh, target.indicator_en)


def _context(as_of: date, **extra: Any) -> dict[str, Any]:
    seed = load_seed()
    return {
        "as_of": as_of,
        "fmt": fmt,
        "indicator": indicator,
        "clause": clause_name,
        "amber_percent": int(seed.amber_share(as_of) * 100),
        "due_day": seed.due_day(as_of),
        "people_unit": "人",  # the population's unit, as the seed writes it
        **extra,
    }


# --- the leaders' dashboard and the drill-downs ----------------------------------------------------------


@router.get("")
def dashboard(
    request: Request, actor: SupervisorPage, session: SessionDep, as_of: Annotated[str | None, Query()] = None
) -> Response:
    use_request_lang(request)
    day = as_of_param(as_of)
    judged = boards.judge_all(session, day)
    population = next((j for j in judged if j.target.code == boards.POPULATION), None)
    rows = boards.population_path(session, day)
    needed, latest_growth = boards.needed_growth(session, day)
    departments = _departments(judged)
    context = _context(
        day,
        population=population,
        population_rows=rows,
        population_chart=charts.population(rows, chart_labels()),
        needed_growth=needed,
        latest_growth=latest_growth,
        measures=boards.measure_statuses(judged),
        overdue=[j for j in judged if j.overdue],
        departments=departments,
        totals=_totals(judged),
    )
    return render(request, "supervision/dashboard.html", context)


def _totals(judged: Sequence[boards.Judged]) -> dict[str, int]:
    out = dict.fromkeys(("green", "amber", "red", "no_data"), 0)
    for j in judged:
        out[j.assessment.status.value] += 1
    return out


def _departments(judged: Sequence[boards.Judged]) -> list[tuple[str, dict[str, int], int]]:
    names = sorted({j.target.lead_department for j in judged})
    return [
        (
            name,
            _totals([j for j in judged if j.target.lead_department == name]),
            sum(1 for j in judged if j.target.lead_department == name and j.overdue),
        )
        for name in names
    ]


@router.get("/measures/{measure}")
def measure_page(
    request: Request,
    measure: str,
    actor: SupervisorPage,
    session: SessionDep,
    as_of: Annotated[str | None, Query()] = None,
) -> Response:
    use_request_lang(request)
    info = load_seed().measure(measure)
    if info is None:
        raise NotFound("该措施", "The measure")
    day = as_of_param(as_of)
    judged = [j for j in boards.judge_all(session, day) if j.target.measure == measure]
    labels = chart_labels()
    platform = [row for row in boards.indicators(session) if row.measure_id in info.platform]
    context = _context(
        day,
        measure=info,
        judged=judged,
        charts={j.target.id: charts.progress(j, labels) for j in judged if j.reports},
        platform=platform,
        status=boards.measure_statuses(judged),
    )
    return render(request, "supervision/measure.html", context)


@router.get("/departments/{department}")
def department_page(
    request: Request,
    department: str,
    actor: ReaderPage,
    session: SessionDep,
    as_of: Annotated[str | None, Query()] = None,
) -> Response:
    use_request_lang(request)
    if actor.is_staff and actor.department != department:
        raise Forbidden("只能查看本部门的目标。", "You may see only your own department's targets.")
    day = as_of_param(as_of)
    judged = boards.judge_all(session, day)
    led = [j for j in judged if j.target.lead_department == department]
    shared = [j for j in judged if department in j.target.co_departments]
    if not led and not shared:
        raise NotFound("该部门的目标", "Targets of this department")
    labels = chart_labels()
    context = _context(
        day,
        department=department,
        led=led,
        shared=shared,
        totals=_totals(led),
        completion_chart=charts.completion(led, labels, indicator),
        charts={j.target.id: charts.progress(j, labels) for j in led if j.reports},
    )
    return render(request, "supervision/department.html", context)


# --- exports ---------------------------------------------------------------------------------------------


@router.get("/export.xlsx")
def export_board(actor: SupervisorPage, session: SessionDep, as_of: Annotated[str | None, Query()] = None) -> Response:
    day = as_of_param(as_of)
    board = boards.board(session, day)
    repository = SupervisionRepository(session)
    content = board_workbook(board, repository.reports(), repository.targets())
    from ..audit import service as audit

    audit.record(session, actor, "read.supervision.export", "supervision_board", day.isoformat())
    filename = f"supervision-board-{day.isoformat()}.xlsx"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/report")
def monthly_report(
    request: Request, actor: SupervisorPage, session: SessionDep, month: Annotated[str | None, Query()] = None
) -> Response:
    use_request_lang(request)
    today = service.local_today()
    try:
        first = date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        raise InvalidInput([FieldError("month", "月份格式应为 YYYY-MM。", "The month must be YYYY-MM.")]) from None
    day = min(boards.month_end(first), today)
    judged = boards.judge_all(session, day)
    labels = chart_labels()
    rows = boards.population_path(session, day)
    seed = load_seed()
    context = _context(
        day,
        month=first.strftime("%Y-%m"),
        measures=boards.measure_statuses(judged),
        by_measure={m.id: [j for j in judged if j.target.measure == m.id] for m in seed.measures},
        population_rows=rows,
        population_chart=charts.population(rows, labels),
        completion_chart=charts.completion(judged, labels, indicator),
        overdue=[j for j in judged if j.overdue],
        totals=_totals(judged),
        indicators=boards.indicators(session),
    )
    return render(request, "supervision/monthly.html", context)


# --- department reports ----------------------------------------------------------------------------------


def _reportable(session: SessionDep, actor: Actor) -> list[Any]:
    return [t for t in service.visible_targets(session, actor) if service.can_report(actor, t)]


@router.get("/reports")
def reports_page(request: Request, actor: ReporterPage, session: SessionDep) -> Response:
    use_request_lang(request)
    day = service.local_today()
    judged = boards.judge_all(session, day, _reportable(session, actor))
    context = _context(day, judged=judged, overdue=[j for j in judged if j.overdue])
    return render(request, "supervision/reports.html", context)


def _panel(
    request: Request,
    session: SessionDep,
    actor: Actor,
    target_id: int,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    correct: int | None = None,
    status_code: int = 200,
) -> Response:
    target = service.get_target(session, actor, target_id)
    day = service.local_today()
    judged = boards.judge_all(session, day, [target])
    history = service.reports_of(session, actor, target_id)
    corrected = next((r for r in history if r.id == correct and r.superseded_at is None), None)
    if form is None:
        form = {"value": "", "as_of": day.isoformat(), "narrative": "", "reason": ""}
        if corrected is not None:
            form.update(value=f"{corrected.value:g}", as_of=corrected.as_of.isoformat(), narrative=corrected.narrative)
    context = _context(
        day,
        target=target,
        judged=judged[0] if judged else None,
        history=history,
        form=form,
        errors=errors or {},
        message=message,
        corrected=corrected,
        may_report=service.can_report(actor, target),
        progress_chart=charts.progress(judged[0], chart_labels()) if judged and judged[0].reports else None,
        value_hint=_value_hint(target),
    )
    htmx = request.headers.get("HX-Request") == "true"
    name = "supervision/_report_panel.html" if htmx else "supervision/report_target.html"
    return render(request, name, context, status_code=status_code)


def _value_hint(target: Any) -> str:
    if target.kind == "status":
        return _("填 1 表示已完成，0 表示未完成。")
    if target.kind == "percent":
        return _("按 0–100 填写百分数，例如 88.5 表示 88.5%。")
    if target.unit in COUNT_UNITS:
        return _("填写截至该日期的累计整数。")
    return _("填写截至该日期的累计数。")


@router.get("/reports/{target_id}")
def report_target_page(
    request: Request,
    target_id: Id,
    actor: ReaderPage,
    session: SessionDep,
    correct: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    use_request_lang(request)
    return _panel(request, session, actor, target_id, correct=correct)


def _parse_report(value: str, as_of: str, narrative: str) -> tuple[float | None, date | None, dict[str, str]]:
    errors: dict[str, str] = {}
    number: float | None = None
    day: date | None = None
    try:
        number = float(value.replace(",", "").strip())
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(value)
    except ValueError:
        errors["value"] = _("请填写数字。")
    try:
        day = date.fromisoformat(as_of.strip())
    except ValueError:
        errors["as_of"] = _("请填写日期（YYYY-MM-DD）。")
    if not narrative.strip():
        errors["narrative"] = _("请简要说明进展。")
    return number, day, errors


@router.post("/reports/{target_id}")
def submit_report(
    request: Request,
    target_id: Id,
    actor: ReporterPage,
    session: SessionDep,
    value: Annotated[str, Form(max_length=40)] = "",
    as_of: DateText = "",
    narrative: Annotated[str, Form(max_length=2000)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    corrects: Annotated[int | None, Form(ge=1, le=2**62)] = None,
    evidence: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    use_request_lang(request)
    form = {"value": value, "as_of": as_of, "narrative": narrative, "reason": reason}
    number, day, errors = _parse_report(value, as_of, narrative)
    if corrects is not None and not reason.strip():
        errors["reason"] = _("更正须说明原因。")
    limit = service.MAX_FILE_BYTES + 1  # enough to tell a file is too big without reading all of it
    uploads = [service.Upload(f.filename, f.file.read(limit)) for f in evidence or [] if f.filename]
    try:
        if errors or number is None or day is None:
            raise InvalidInput([])
        if corrects is None:
            service.report_progress(
                session, actor, target_id, ReportCreate(value=number, as_of=day, narrative=narrative.strip()), uploads
            )
        else:
            data = ReportCorrection(value=number, as_of=day, narrative=narrative.strip(), reason=reason.strip())
            service.correct_report(session, actor, corrects, data, uploads)
    except InvalidInput as error:
        for field in error.fields or []:
            errors.setdefault(field.field, pick(field.message_zh, field.message_en))
        return _panel(request, session, actor, target_id, form=form, errors=errors, correct=corrects, status_code=422)
    session.flush()
    message = _("已更正，原报告已保留。") if corrects else _("已保存进度报告。")
    return _panel(request, session, actor, target_id, message=message)


@router.get("/evidence/{evidence_id}")
def download_evidence(evidence_id: Id, actor: ReaderPage, session: SessionDep) -> Response:
    evidence = service.evidence_file(session, actor, evidence_id)
    disposition = f"attachment; filename*=UTF-8''{quote(evidence.filename)}"
    return Response(evidence.content, media_type=evidence.media_type, headers={"Content-Disposition": disposition})


# --- the admin's targets ---------------------------------------------------------------------------------

TARGET_FIELDS = (
    *("code", "measure", "indicator_zh", "indicator_en", "unit", "kind", "target_value", "baseline_value"),
    *("baseline_date", "start_date", "deadline", "cadence", "lead_department", "co_departments", "source"),
    *("interpretation_zh", "interpretation_en", "reason"),
)


async def _target_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name, "")).strip() for name in TARGET_FIELDS}


TargetForm = Annotated[dict[str, str], Depends(_target_form)]


def _target_data(form: dict[str, str], partial: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, text in form.items():
        if text == "" and (partial or name in ("interpretation_zh", "interpretation_en", "co_departments")):
            continue
        if name == "co_departments":
            data[name] = [
                part.strip() for part in text.replace("，", ",").replace("、", ",").split(",") if part.strip()
            ]
        else:
            data[name] = text
    return data


def _errors_of(error: Exception) -> dict[str, str]:
    from pydantic import ValidationError

    if isinstance(error, ValidationError):
        return {str(e["loc"][0]) if e["loc"] else "form": _("取值无效：") + str(e["msg"]) for e in error.errors()}
    if isinstance(error, YinrenError):
        return {f.field: pick(f.message_zh, f.message_en) for f in error.fields or []} or {
            "form": pick(error.message_zh, error.message_en)
        }
    raise error


def _targets_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    day = service.local_today()
    targets = SupervisionRepository(session).targets()
    empty = dict.fromkeys(TARGET_FIELDS, "") | {
        "kind": "count",
        "cadence": "once",
        "start_date": "2023-08-24",
        "baseline_date": "2023-08-24",
        "deadline": "2026-08-23",
        "baseline_value": "0",
    }
    context = _context(
        day,
        targets=targets,
        form=form or empty,
        errors=errors or {},
        message=message,
        measures=load_seed().measures,
        departments=DEPARTMENTS,
    )
    return render(request, "supervision/targets.html", context, status_code=status_code)


@router.get("/targets")
def targets_page(request: Request, actor: AdminPage, session: SessionDep) -> Response:
    use_request_lang(request)
    return _targets_page(request, session, actor)


@router.post("/targets")
def add_target(request: Request, actor: AdminPage, session: SessionDep, form: TargetForm) -> Response:
    use_request_lang(request)
    try:
        reason = form["reason"] or "新增目标 / target added"
        data = TargetCreate.model_validate(_target_data(form, partial=False) | {"reason": reason})
        target = service.create_target(session, actor, data)
    except Exception as error:
        return _targets_page(request, session, actor, form=form, errors=_errors_of(error), status_code=422)
    return _targets_page(request, session, actor, message=_("已新增目标：") + target.code)


def _edit_page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    target_id: int,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    target = service.get_target(session, actor, target_id)
    current = dict.fromkeys(TARGET_FIELDS, "")
    for name, value in target.snapshot().items():
        if name in current:
            current[name] = "、".join(value) if isinstance(value, list) else ("" if value is None else f"{value}")
    for name in ("target_value", "baseline_value"):
        current[name] = f"{getattr(target, name):g}"
    context = _context(
        service.local_today(),
        target=target,
        form=form or current,
        errors=errors or {},
        message=message,
        revisions=service.revisions(session, actor, target_id),
    )
    return render(request, "supervision/target_edit.html", context, status_code=status_code)


@router.get("/targets/{target_id}")
def edit_target_page(request: Request, target_id: Id, actor: AdminPage, session: SessionDep) -> Response:
    use_request_lang(request)
    return _edit_page(request, session, actor, target_id)


@router.post("/targets/{target_id}")
def change_target(request: Request, target_id: Id, actor: AdminPage, session: SessionDep, form: TargetForm) -> Response:
    use_request_lang(request)
    target = service.get_target(session, actor, target_id)
    submitted = _target_data(form, partial=True)
    current = target.snapshot()
    changes = {
        key: value
        for key, value in submitted.items()
        if key not in ("code", "measure", "reason") and str(current.get(key)) != str(value)
    }
    for key in ("target_value", "baseline_value"):
        if key in changes and _same_number(changes[key], getattr(target, key)):
            changes.pop(key)
    if "co_departments" in changes and changes["co_departments"] == target.co_departments:
        changes.pop("co_departments")
    try:
        service.change_target(
            session, actor, target_id, TargetChange.model_validate(changes | {"reason": form["reason"]})
        )
    except Exception as error:
        return _edit_page(request, session, actor, target_id, form=form, errors=_errors_of(error), status_code=422)
    return _edit_page(request, session, actor, target_id, message=_("已保存修改，旧版本已记入历史。"))


def _same_number(text: str, value: float) -> bool:
    try:
        return float(text) == value
    except ValueError:
        return False


@router.post("/targets/{target_id}/retire")
def retire_target(
    request: Request,
    target_id: Id,
    actor: AdminPage,
    session: SessionDep,
    retired_on: DateText = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    use_request_lang(request)
    try:
        service.retire_target(
            session, actor, target_id, TargetRetire.model_validate({"retired_on": retired_on, "reason": reason})
        )
    except Exception as error:
        errors = {("retire_" + k if k in ("reason", "form") else k): v for k, v in _errors_of(error).items()}
        return _edit_page(request, session, actor, target_id, errors=errors, status_code=422)
    return _edit_page(request, session, actor, target_id, message=_("目标已停止跟踪（保留历史）。"))
