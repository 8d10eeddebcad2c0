"""Who is looking at a page: the same session cookie as the API, with redirects instead of 401s.

``Viewer`` is the logged-in actor or None (public pages). ``page_role("reviewer", ...)`` requires a role:
without a session the handler in ``web.errors`` redirects to ``/login?next=…``; with the wrong role the
page says so (403). Every unsafe request made with the cookie must echo the session's CSRF token, as a
form field ``csrf_token`` (plain forms) or the ``X-CSRF-Token`` header (HTMX sends it from ``<body>``).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from ..accounts.auth import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, SettingsDep
from ..accounts.service import authenticate
from ..db import SessionDep
from ..errors import CsrfFailed, Forbidden, NotAuthenticated, YinrenError
from ..kit.actor import Actor

CSRF_FIELD = "csrf_token"


class LoginRequired(NotAuthenticated):
    """A page needs a login: rendered as a redirect to the login page, not as a 401 body."""


async def _csrf_sent(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER, "")
    if sent:
        return sent
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _session_of(request: Request, session: SessionDep, settings: SettingsDep) -> tuple[Actor, str] | None:
    # Sync, so that FastAPI runs the query in its thread pool: never block the event loop on the database.
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        row = authenticate(session, settings, token, "cookie")
    except YinrenError:
        return None
    request.state.session_token = token
    return row.actor, row.csrf_token


async def viewer(request: Request, found: Annotated[tuple[Actor, str] | None, Depends(_session_of)]) -> Actor | None:
    """The logged-in actor, or None; refuses an unsafe request whose CSRF token is missing or wrong."""
    if found is None:
        return None
    actor, csrf_token = found
    if request.method not in SAFE_METHODS:
        sent = await _csrf_sent(request)
        if not sent or not hmac.compare_digest(sent, csrf_token):
            raise CsrfFailed()
    request.state.page_actor = actor
    request.state.csrf_token = csrf_token
    return actor


Viewer = Annotated[Actor | None, Depends(viewer)]


def page_role(*roles: str) -> Callable[..., Awaitable[Actor]]:
    async def dependency(actor: Viewer) -> Actor:
        if actor is None:
            raise LoginRequired()
        if roles and actor.role not in roles:
            raise Forbidden(
                "此页面仅限以下角色访问：" + "、".join(ROLE_NAMES_ZH.get(role, role) for role in roles) + "。",
                f"Only these roles may open this page: {', '.join(roles)}.",
            )
        return actor

    return dependency


ROLE_NAMES_ZH = {
    "resident": "居民",
    "employer": "用人单位",
    "reviewer": "审核人员",
    "department_head": "部门负责人",
    "supervisor": "督查人员",
    "admin": "管理员",
}

LoggedIn = Annotated[Actor, Depends(page_role())]
ApplicantPage = Annotated[Actor, Depends(page_role("resident", "employer"))]
ResidentPage = Annotated[Actor, Depends(page_role("resident"))]
EmployerPage = Annotated[Actor, Depends(page_role("employer"))]
StaffPage = Annotated[Actor, Depends(page_role("reviewer", "department_head"))]
HeadPage = Annotated[Actor, Depends(page_role("department_head"))]
SupervisorPage = Annotated[Actor, Depends(page_role("supervisor", "admin"))]
AdminPage = Annotated[Actor, Depends(page_role("admin"))]


def home_of(actor: Actor | None) -> str:
    """Where a user lands after logging in."""
    if actor is None:
        return "/"
    return {
        "resident": "/me",
        "employer": "/me",
        "reviewer": "/review",
        "department_head": "/review",
        "supervisor": "/supervision",
        "admin": "/supervision",
    }.get(actor.role, "/")


def safe_next(value: str | None, default: str = "/") -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our login page."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
