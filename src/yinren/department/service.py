"""The department's queue and statistics. Never commits. Reads of case listings are audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session

from ..audit import service as audit
from ..errors import Forbidden
from ..kit.actor import Actor
from ..models import utcnow
from .repository import DepartmentRepository
from .schemas import PAGE_SIZE, DepartmentStats, PendingPayments, QueueFilter, QueuePage, Throughput


def _department(actor: Actor) -> str:
    if not actor.is_staff or not actor.department:
        raise Forbidden("仅限各部门的审核人员和负责人。", "Only a department's reviewers and heads.")
    return actor.department


def queue(session: Session, actor: Actor, wanted: QueueFilter) -> QueuePage:
    """One page of the department's cases, oldest submission first."""
    department = _department(actor)
    repository = DepartmentRepository(session)
    before = utcnow() - timedelta(days=wanted.min_age_days) if wanted.min_age_days > 0 else None
    total = repository.count_queue(department, wanted.states, wanted.measure_id, before)
    rows = repository.queue(department, wanted.states, wanted.measure_id, before, PAGE_SIZE, wanted.offset)
    audit.record(session, actor, "read.queue", "application", "queue", ids=[row.id for row in rows])
    return QueuePage(rows=rows, total=total, page=wanted.page)


def measures_with_cases(session: Session, actor: Actor) -> list[str]:
    return list(DepartmentRepository(session).measures_with_cases(_department(actor)))


def usernames(session: Session, user_ids: Sequence[int | None]) -> dict[int, str]:
    """Who acted in a case's history, by user id (staff and applicants)."""
    return DepartmentRepository(session).usernames([user_id for user_id in user_ids if user_id is not None])


def measures_of(session: Session, actor: Actor, application_ids: Sequence[int]) -> set[str]:
    """The measures of these cases of the department (others' cases are refused one by one later)."""
    return set(DepartmentRepository(session).measures_of(_department(actor), application_ids))


def statistics(session: Session, actor: Actor) -> DepartmentStats:
    """Cases in, decided, average days to decide and amounts paid: in total, by measure, by month."""
    department = _department(actor)
    repository = DepartmentRepository(session)
    total = Throughput(key="total")
    tables: dict[str, dict[str, Throughput]] = {"measure": {}, "month": {}}
    for by, rows in tables.items():
        for key, count in repository.cases_in(department, by):
            rows.setdefault(key, Throughput(key)).cases_in += count
        for key, state, count, days in repository.decided(department, by):
            row = rows.setdefault(key, Throughput(key))
            row.decided += count
            row.total_days += days
            if state == "rejected":
                row.rejected += count
            else:
                row.approved += count
        for key, entries, fen in repository.paid(department, by):
            row = rows.setdefault(key, Throughput(key))
            row.paid_entries += entries
            row.paid_fen += fen
    for row in tables["measure"].values():
        total.cases_in += row.cases_in
        total.decided += row.decided
        total.approved += row.approved
        total.rejected += row.rejected
        total.total_days += row.total_days
        total.paid_fen += row.paid_fen
        total.paid_entries += row.paid_entries
    return DepartmentStats(
        department=department,
        total=total,
        by_measure=sorted(tables["measure"].values(), key=lambda row: row.key),
        by_month=sorted(tables["month"].values(), key=lambda row: row.key),
    )


def pending_payments(session: Session, actor: Actor) -> list[PendingPayments]:
    """A head sees the department's entries waiting for a batch; the finance office (admin) all of them."""
    if actor.role == "admin":
        return DepartmentRepository(session).pending_payments(None)
    if actor.role != "department_head":
        raise Forbidden("仅限部门负责人和财务（管理员）。", "Only department heads and the finance office (admin).")
    return DepartmentRepository(session).pending_payments(actor.department)
