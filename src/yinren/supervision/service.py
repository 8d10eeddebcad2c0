"""Supervision (督查督办): read-only views of cases (masked, audited); the city's targets with their history;
departments' progress reports and corrections. Never commits: the request (or the CLI's transaction) does."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..applications.repository import ApplicationRepository
from ..audit import service as audit
from ..errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from ..kit.actor import SYSTEM, Actor
from ..models import (
    DEPARTMENTS,
    Application,
    SupervisionEvidence,
    SupervisionReport,
    SupervisionTarget,
    SupervisionTargetRevision,
    utcnow,
)
from ..offers.repository import OfferRepository
from .catalogue import UNITS_OF_KIND, load_seed
from .repository import SupervisionRepository
from .schemas import (
    CountRow,
    EvidenceRead,
    PaidRow,
    ReportCorrection,
    ReportCreate,
    ReportRead,
    Summary,
    TargetChange,
    TargetCreate,
    TargetRetire,
)

HOHHOT = ZoneInfo("Asia/Shanghai")


def summary(session: Session) -> Summary:
    return Summary(
        applications=[
            CountRow(department=d, measure_id=m, state=s, count=c)
            for d, m, s, c in ApplicationRepository(session).count_by()
        ],
        offers=[
            CountRow(department=d, measure_id=m, state=s, count=c) for d, m, s, c in OfferRepository(session).count_by()
        ],
        payments=[
            PaidRow(department=d, measure_id=m, state=s, entries=c, amount_fen=a)
            for d, m, s, c, a in SupervisionRepository(session).payment_totals()
        ],
    )


def applications(
    session: Session,
    actor: Actor,
    department: str | None,
    states: Sequence[str],
    measure_id: str | None,
    limit: int,
    offset: int,
) -> Sequence[Application]:
    rows = ApplicationRepository(session).search(
        department=department, states=states, measure_id=measure_id, limit=limit, offset=offset
    )
    audit.record(session, actor, "read.applications", "application", "list", ids=[row.id for row in rows])
    return rows


# --- targets -------------------------------------------------------------------------------------------


def local_today() -> date:
    """Today in Hohhot (UTC+8): "a date in the future" is judged by the city's calendar."""
    return datetime.now(HOHHOT).date()


def can_report(actor: Actor, target: SupervisionTarget) -> bool:
    """The lead unit reports on its own targets; the admin records figures for units without platform
    accounts (the city government's published statistics, 市发改委 …)."""
    if actor.is_staff:
        return actor.department == target.lead_department
    return actor.role == "admin" and target.lead_department not in DEPARTMENTS


def can_read(actor: Actor, target: SupervisionTarget) -> bool:
    if actor.role in ("supervisor", "admin"):
        return True
    return actor.is_staff and actor.department in (target.lead_department, *target.co_departments)


def get_target(session: Session, actor: Actor, target_id: int) -> SupervisionTarget:
    target = SupervisionRepository(session).target(target_id)
    if target is None or not can_read(actor, target):
        raise NotFound("该目标", "The target")
    return target


def visible_targets(session: Session, actor: Actor) -> list[SupervisionTarget]:
    return [t for t in SupervisionRepository(session).targets() if can_read(actor, t)]


def _field(name: str, zh: str, en: str) -> FieldError:
    return FieldError(name, zh, en)


def check_target(row: dict[str, Any]) -> list[FieldError]:
    """What an admin's target must satisfy beyond its types."""
    errors: list[FieldError] = []
    kind, unit = row["kind"], row["unit"]
    if unit not in UNITS_OF_KIND[kind]:
        allowed = "、".join(UNITS_OF_KIND[kind])
        errors.append(
            _field("unit", f"该类目标的单位应为：{allowed}。", f"This kind of target takes the unit {allowed}.")
        )
    if row["deadline"] < row["start_date"]:
        errors.append(_field("deadline", "期限不能早于起始日期。", "The deadline cannot be before the start date."))
    if row["baseline_date"] > row["deadline"]:
        errors.append(
            _field("baseline_date", "基线日期不能晚于期限。", "The baseline date cannot be after the deadline.")
        )
    target, baseline = row["target_value"], row["baseline_value"]
    if kind == "status":
        if target != 1 or baseline != 0:
            errors.append(
                _field(
                    "target_value",
                    "完成类目标的目标值为 1、基线为 0。",
                    "A done / not-done target has target 1, baseline 0.",
                )
            )
        return errors
    if baseline < 0:
        errors.append(_field("baseline_value", "基线不能为负数。", "The baseline cannot be negative."))
    if target <= baseline:
        errors.append(_field("target_value", "目标值应大于基线。", "The target must be above the baseline."))
    if kind == "percent" and target > 100:
        errors.append(_field("target_value", "百分比目标不能超过 100。", "A percentage target cannot exceed 100."))
    if kind == "count" and (target != int(target) or baseline != int(baseline)):
        errors.append(_field("target_value", "计数目标须为整数。", "A count target must be a whole number."))
    return errors


def _revise(session: Session, actor: Actor, target: SupervisionTarget, action: str, reason: str) -> None:
    revision = SupervisionTargetRevision(
        target_id=target.id,
        version=target.version,
        action=action,
        reason=reason,
        snapshot=target.snapshot(),
        changed_by_id=actor.user_id,
        changed_by=actor.username,
    )
    SupervisionRepository(session).add(revision)
    audit.record(
        session, actor, f"supervision.target.{action}", "supervision_target", target.id, version=target.version
    )


def create_target(session: Session, actor: Actor, data: TargetCreate) -> SupervisionTarget:
    repository = SupervisionRepository(session)
    row = data.model_dump(exclude={"reason"})
    errors = check_target(row)
    if repository.target_by_code(data.code) is not None:
        errors.append(_field("code", f"编号 {data.code} 已存在。", f"The code {data.code} is taken."))
    if errors:
        raise InvalidInput(errors)
    seed = load_seed()
    measure = seed.measure(data.measure)
    target = SupervisionTarget(**row, clause=measure.clause if measure else data.measure, version=1)
    repository.add(target)
    repository.flush()
    _revise(session, actor, target, "created", data.reason)
    return target


def change_target(session: Session, actor: Actor, target_id: int, data: TargetChange) -> SupervisionTarget:
    target = get_target(session, actor, target_id)
    if target.retired_on is not None:
        raise Conflict("已停止跟踪的目标不能修改。", "A retired target cannot be changed.")
    changes = data.model_dump(exclude={"reason"}, exclude_none=True)
    row = {**target.snapshot(), **changes}
    for key in ("baseline_date", "start_date", "deadline"):
        row[key] = row[key] if isinstance(row[key], date) else date.fromisoformat(row[key])
    errors = check_target(row)
    if errors:
        raise InvalidInput(errors)
    if all(getattr(target, key) == value for key, value in changes.items()):
        raise InvalidInput([_field("reason", "没有任何改动。", "Nothing was changed.")])
    for key, value in changes.items():
        setattr(target, key, value)
    target.version += 1
    target.updated_at = utcnow()
    _revise(session, actor, target, "changed", data.reason)
    return target


def retire_target(session: Session, actor: Actor, target_id: int, data: TargetRetire) -> SupervisionTarget:
    target = get_target(session, actor, target_id)
    if target.retired_on is not None:
        raise Conflict(
            f"该目标已于 {target.retired_on} 停止跟踪。", f"The target was already retired on {target.retired_on}."
        )
    target.retired_on = data.retired_on
    target.version += 1
    target.updated_at = utcnow()
    _revise(session, actor, target, "retired", data.reason)
    return target


def revisions(session: Session, actor: Actor, target_id: int) -> Sequence[SupervisionTargetRevision]:
    get_target(session, actor, target_id)
    return SupervisionRepository(session).revisions(target_id)


def load_targets(session: Session, actor: Actor = SYSTEM, path: Path | None = None) -> dict[str, int]:
    """Bring the database's targets to the seed file: new codes are created, changed ones revised (the
    revision says so), the published figures recorded once. Retired targets and reports are left alone."""
    seed = load_seed(path) if path else load_seed()
    repository = SupervisionRepository(session)
    counts = {"created": 0, "changed": 0, "unchanged": 0, "published": 0}
    for raw in seed.targets:
        row = {key: value for key, value in raw.items() if key != "published"}
        target = repository.target_by_code(row["code"])
        if target is None:
            target = SupervisionTarget(**row, version=1)
            repository.add(target)
            repository.flush()
            _revise(session, actor, target, "created", f"targets.yaml {seed.version}")
            counts["created"] += 1
        elif any(getattr(target, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(target, key, value)
            target.version += 1
            target.updated_at = utcnow()
            _revise(session, actor, target, "changed", f"targets.yaml {seed.version}")
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
        for figure in raw["published"]:
            if repository.report_on(target.id, figure["as_of"]) is None:
                _record_report(session, actor, target, float(figure["value"]), figure["as_of"], figure["narrative"])
                counts["published"] += 1
    return counts


# --- progress reports ----------------------------------------------------------------------------------

MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv",
    ".txt": "text/plain",
}


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    content: bytes


def _show(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def check_value(target: SupervisionTarget, value: float) -> FieldError | None:
    """A value in the target's unit, or why not (in both languages)."""
    shown, unit = _show(value), target.unit
    if value < 0:
        return _field("value", f"数值不能为负数（收到 {shown}）。", f"The value cannot be negative (got {shown}).")
    if target.kind == "status" and value not in (0, 1):
        return _field(
            "value",
            f"完成类目标请填 1（已完成）或 0（未完成），收到 {shown}。",
            f"Enter 1 (done) or 0 (not done) for this target; got {shown}.",
        )
    if target.kind == "count" and value != int(value):
        return _field(
            "value",
            f"单位“{unit}”是计数单位，请填写整数（收到 {shown}）。",
            f"'{unit}' counts whole units: enter a whole number (got {shown}).",
        )
    if target.kind == "percent" and 0 < value < 1:
        return _field(
            "value",
            f"百分比请按 0–100 填写，95 表示 95%（收到 {shown}，是否应为 {_show(value * 100)}？）。",
            f"Enter a percentage from 0 to 100: 95 means 95% (got {shown}; did you mean {_show(value * 100)}?).",
        )
    if target.kind == "percent" and value > 100:
        return _field(
            "value", f"百分比不能超过 100（收到 {shown}）。", f"A percentage cannot exceed 100 (got {shown})."
        )
    if target.kind == "yuan" and round(value, 2) != value:
        return _field("value", "金额最多保留两位小数（分）。", "An amount in yuan has at most two decimals.")
    return None


def check_report(target: SupervisionTarget, value: float, as_of: date, today: date) -> list[FieldError]:
    errors = [error for error in (check_value(target, value),) if error is not None]
    if as_of > today:
        errors.append(
            _field("as_of", f"日期不能晚于今天（{today}）。", f"The date cannot be later than today ({today}).")
        )
    elif as_of < target.baseline_date:
        errors.append(
            _field(
                "as_of",
                f"日期不能早于该目标的基线日期 {target.baseline_date}。",
                f"The date cannot be before the target's baseline date {target.baseline_date}.",
            )
        )
    return errors


def check_uploads(uploads: Sequence[Upload]) -> list[FieldError]:
    if len(uploads) > MAX_FILES:
        return [_field("evidence", f"最多上传 {MAX_FILES} 个文件。", f"Upload at most {MAX_FILES} files.")]
    for upload in uploads:
        suffix = Path(upload.filename).suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            kinds = " ".join(sorted(EVIDENCE_TYPES))
            return [
                _field(
                    "evidence",
                    f"文件 {upload.filename} 的类型不支持（可用：{kinds}）。",
                    f"The file {upload.filename} is of a type not accepted (use: {kinds}).",
                )
            ]
        if len(upload.content) > MAX_FILE_BYTES:
            return [
                _field(
                    "evidence",
                    f"文件 {upload.filename} 超过 5 MB。",
                    f"The file {upload.filename} is larger than 5 MB.",
                )
            ]
    return []


def _may_report(actor: Actor, target: SupervisionTarget, on: date) -> None:
    if not can_report(actor, target):
        raise Forbidden(
            f"只有牵头单位（{target.lead_department}）可以填报该目标的进度。",
            f"Only the lead unit ({target.lead_department}) may report on this target.",
        )
    if target.retired_on is not None and target.retired_on <= on:
        raise Conflict(
            f"该目标已于 {target.retired_on} 停止跟踪，不能再填报。",
            f"The target was retired on {target.retired_on}; it takes no more reports.",
        )


def _record_report(
    session: Session,
    actor: Actor,
    target: SupervisionTarget,
    value: float,
    as_of: date,
    narrative: str,
    uploads: Sequence[Upload] = (),
    corrects: SupervisionReport | None = None,
    reason: str | None = None,
) -> SupervisionReport:
    repository = SupervisionRepository(session)
    report = SupervisionReport(
        target_id=target.id,
        value=value,
        as_of=as_of,
        narrative=narrative,
        department=actor.department or target.lead_department,
        reported_by_id=actor.user_id,
        reported_by=actor.username,
        supersedes_id=corrects.id if corrects else None,
        correction_reason=reason,
    )
    if corrects is not None:
        corrects.superseded_at = utcnow()
    repository.add(report)
    repository.flush()
    _store_files(repository, report.id, uploads)
    action = "supervision.report.corrected" if corrects else "supervision.report.created"
    audit.record(session, actor, action, "supervision_report", report.id, target=target.code, value=value)
    return report


def _store_files(repository: SupervisionRepository, report_id: int, uploads: Sequence[Upload]) -> None:
    for upload in uploads:
        repository.add(
            SupervisionEvidence(
                report_id=report_id,
                filename=Path(upload.filename).name[:200],
                media_type=EVIDENCE_TYPES[Path(upload.filename).suffix.lower()],
                size_bytes=len(upload.content),
                sha256=hashlib.sha256(upload.content).hexdigest(),
                content=upload.content,
            )
        )


def report_progress(
    session: Session, actor: Actor, target_id: int, data: ReportCreate, uploads: Sequence[Upload] = ()
) -> SupervisionReport:
    target = get_target(session, actor, target_id)
    today = local_today()
    _may_report(actor, target, data.as_of)
    errors = check_report(target, data.value, data.as_of, today) + check_uploads(uploads)
    if errors:
        raise InvalidInput(errors)
    return _record_report(session, actor, target, data.value, data.as_of, data.narrative, uploads)


def correct_report(
    session: Session, actor: Actor, report_id: int, data: ReportCorrection, uploads: Sequence[Upload] = ()
) -> SupervisionReport:
    """A new report that supersedes ``report_id``; the earlier one is kept, marked superseded."""
    earlier = SupervisionRepository(session).report(report_id)
    if earlier is None:
        raise NotFound("该进度报告", "The report")
    target = get_target(session, actor, earlier.target_id)
    _may_report(actor, target, data.as_of)
    if earlier.superseded_at is not None:
        raise Conflict(
            "该报告已被更正过，请更正最新的一份。", "This report was already corrected; correct the latest one."
        )
    errors = check_report(target, data.value, data.as_of, local_today()) + check_uploads(uploads)
    if errors:
        raise InvalidInput(errors)
    return _record_report(
        session, actor, target, data.value, data.as_of, data.narrative, uploads, corrects=earlier, reason=data.reason
    )


def add_evidence(session: Session, actor: Actor, report_id: int, uploads: Sequence[Upload]) -> ReportRead:
    """More evidence for a current report of one's own target (files are added, never replaced)."""
    repository = SupervisionRepository(session)
    report = repository.report(report_id)
    if report is None:
        raise NotFound("该进度报告", "The report")
    target = get_target(session, actor, report.target_id)
    _may_report(actor, target, report.as_of)
    if report.superseded_at is not None:
        raise Conflict(
            "该报告已被更正，请为最新的报告上传材料。", "This report was corrected; add files to the latest one."
        )
    errors = check_uploads(uploads) or (
        [_field("evidence", "请选择要上传的文件。", "Choose the files to upload.")] if not uploads else []
    )
    if errors:
        raise InvalidInput(errors)
    _store_files(repository, report.id, uploads)
    audit.record(session, actor, "supervision.report.evidence", "supervision_report", report.id, files=len(uploads))
    return next(r for r in reports_of(session, actor, target.id) if r.id == report.id)


def reports_of(session: Session, actor: Actor, target_id: int) -> list[ReportRead]:
    """Every report of a target, corrected ones included, newest first, with their evidence."""
    get_target(session, actor, target_id)
    repository = SupervisionRepository(session)
    rows = list(reversed(repository.reports(target_id)))
    evidence = repository.evidence_of([row.id for row in rows])
    out = []
    for row in rows:
        read = ReportRead.model_validate(row)
        read.evidence = [EvidenceRead.model_validate(e) for e in evidence if e.report_id == row.id]
        out.append(read)
    return out


def evidence_file(session: Session, actor: Actor, evidence_id: int) -> SupervisionEvidence:
    repository = SupervisionRepository(session)
    evidence = repository.evidence(evidence_id)
    report = repository.report(evidence.report_id) if evidence else None
    if evidence is None or report is None:
        raise NotFound("该文件", "The file")
    get_target(session, actor, report.target_id)
    audit.record(session, actor, "read.supervision_evidence", "supervision_evidence", evidence.id)
    return evidence
