"""Who is acting: the logged-in user as services see it (a plain value, not an ORM row)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    role: str
    department: str | None = None
    person_id: str | None = None
    enterprise_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in ("reviewer", "department_head")

    @property
    def subject_id(self) -> str | None:
        """The id this user applies and is paid as: a person ID or an enterprise's credit code."""
        return self.person_id if self.role == "resident" else self.enterprise_id


SYSTEM = Actor(user_id=None, username="system", role="system")
