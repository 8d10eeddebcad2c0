"""Errors the service expects, each with its HTTP status and a message in Chinese and English.

    YinrenError (400)
    ├── NotAuthenticated (401)
    ├── Forbidden (403)
    │   └── CsrfFailed (403)
    ├── NotFound (404)
    ├── Conflict (409)
    │   └── InvalidTransition (409)
    ├── InvalidInput (422, with field-level messages)
    └── RateLimited (429)

The handler in ``app.py`` renders every one as
``{"error": {"code", "message_zh", "message_en", "fields"?}}``. Anything else is a bug and answers 500.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused field: a dotted path (``body.facts.person.birth_date``) and why, in both languages."""

    field: str
    message_zh: str
    message_en: str
    rule: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}
        if self.rule:
            out["rule"] = self.rule
        return out


class YinrenError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        status_code: int | None = None,
        *,
        code: str | None = None,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        if status_code is not None:
            self.status_code = status_code
        if code is not None:
            self.code = code
        self.fields = fields
        self.headers = headers

    def to_dict(self) -> dict[str, object]:
        error: dict[str, object] = {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }
        if self.fields is not None:
            error["fields"] = [field.to_dict() for field in self.fields]
        return {"error": error}


class NotAuthenticated(YinrenError):
    status_code = 401
    code = "not_authenticated"

    def __init__(self) -> None:
        super().__init__("请先登录。", "Please log in first.", headers={"WWW-Authenticate": "Bearer"})


class Forbidden(YinrenError):
    status_code = 403
    code = "forbidden"

    def __init__(self, message_zh: str = "您无权执行此操作。", message_en: str = "You may not do this.") -> None:
        super().__init__(message_zh, message_en)


class CsrfFailed(Forbidden):
    code = "csrf_failed"

    def __init__(self) -> None:
        super().__init__(
            "CSRF 校验失败：请求缺少或带有错误的 X-CSRF-Token。",
            "CSRF check failed: the X-CSRF-Token header is missing or wrong.",
        )


class NotFound(YinrenError):
    status_code = 404
    code = "not_found"

    def __init__(self, what_zh: str, what_en: str) -> None:
        super().__init__(f"未找到{what_zh}。", f"{what_en} not found.")


class Conflict(YinrenError):
    status_code = 409
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"

    def __init__(self, what_zh: str, what_en: str, state: str, action: str) -> None:
        super().__init__(
            f"{what_zh}当前状态为 {state}，不能{action}。",
            f"The {what_en} is {state}; it cannot be moved by '{action}'.",
        )


class InvalidInput(YinrenError):
    status_code = 422
    code = "invalid_input"

    def __init__(self, fields: list[FieldError], message_zh: str = "", message_en: str = "") -> None:
        super().__init__(
            message_zh or "输入有误，请按字段提示修改。",
            message_en or "The input is invalid; see the field messages.",
            fields=fields,
        )


class RateLimited(YinrenError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"登录失败次数过多，请 {retry_after} 秒后再试。",
            f"Too many failed logins; try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
