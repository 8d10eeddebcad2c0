from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, Timestamp, sql_in, utcnow


class Role(StrEnum):
    RESIDENT = "resident"
    EMPLOYER = "employer"
    REVIEWER = "reviewer"
    DEPARTMENT_HEAD = "department_head"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLES = tuple(role.value for role in Role)
STAFF_ROLES = (Role.REVIEWER, Role.DEPARTMENT_HEAD)

# The departments a reviewer or head can belong to; every measure's lead department is one of them.
DEPARTMENTS = (
    "市人社局",
    "市住建局",
    "市工信局",
    "市卫健委",
    "市教育局",
    "市公安局",
    "住房公积金中心",
    "市税务局",
)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(sql_in("role", ROLES), name="role"),
        CheckConstraint("(role IN ('reviewer', 'department_head')) = (department IS NOT NULL)", name="department"),
        CheckConstraint("role <> 'resident' OR person_id IS NOT NULL", name="resident_person"),
        CheckConstraint("role <> 'employer' OR enterprise_id IS NOT NULL", name="employer_enterprise"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(100))
    # A resident's 居民身份证号; an employer's enterprise (统一社会信用代码); staff's department.
    person_id: Mapped[str | None] = mapped_column(String(18), unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(18), index=True)
    department: Mapped[str | None] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
