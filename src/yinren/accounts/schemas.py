from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..kit.ids import is_credit_code, is_person_id, mask_person_id

RoleName = Literal["resident", "employer", "reviewer", "department_head", "supervisor", "admin"]
Username = Annotated[str, StringConstraints(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class LoginRequest(BaseModel):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Password


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: str
    display_name: str
    person_id: str | None = Field(None, description="Masked (150102********1234) in listings")
    enterprise_id: str | None
    department: str | None
    is_active: bool

    def masked(self) -> UserRead:
        return self.model_copy(update={"person_id": mask_person_id(self.person_id) if self.person_id else None})


class SessionInfo(BaseModel):
    user: UserRead
    csrf_token: str = Field(description="Send as the X-CSRF-Token header on POST/PATCH/DELETE with the cookie")
    expires_at: datetime


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserRead


class UserCreate(BaseModel):
    username: Username
    password: Annotated[str, StringConstraints(min_length=8, max_length=256)]
    role: RoleName
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    department: str | None = None
    person_id: str | None = None
    enterprise_id: str | None = None

    @model_validator(mode="after")
    def _identity_matches_role(self) -> UserCreate:
        if self.person_id is not None and not is_person_id(self.person_id):
            raise ValueError("person_id is not a valid 居民身份证号 (GB 11643 checksum)")
        if self.enterprise_id is not None and not is_credit_code(self.enterprise_id):
            raise ValueError("enterprise_id is not a valid 统一社会信用代码 (GB 32100 checksum)")
        if self.role == "resident" and not self.person_id:
            raise ValueError("a resident needs person_id")
        if self.role == "employer" and not self.enterprise_id:
            raise ValueError("an employer needs enterprise_id")
        if (self.role in ("reviewer", "department_head")) != (self.department is not None):
            raise ValueError("reviewers and department heads, and only they, belong to a department")
        return self
