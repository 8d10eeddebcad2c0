"""Who is calling: dependencies that authenticate a request and check its role.

Browsers log in with ``POST /api/auth/login``: an HttpOnly, SameSite=Lax session cookie (Secure unless
``YINREN_COOKIE_SECURE=false``) plus a synchronizer CSRF token, returned in the body and in a readable
``yinren_csrf`` cookie, that every POST/PATCH/PUT/DELETE made with the cookie must echo in the
``X-CSRF-Token`` header. JSON clients may instead get a bearer token (``POST /api/auth/token``) and send
``Authorization: Bearer ...``; browsers never attach it on their own, so it needs no CSRF token. A
token is accepted only in the way it was issued.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from ..config import Settings
from ..db import SessionDep
from ..errors import CsrfFailed, Forbidden, NotAuthenticated
from ..kit.actor import Actor
from .service import Login, authenticate

SESSION_COOKIE = "yinren_session"
CSRF_COOKIE = "yinren_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/auth/token")
_cookie = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="Set by POST /api/auth/login; needs X-CSRF-Token"
)


async def get_settings(request: Request) -> Settings:  # async: no thread-pool trip for a lookup
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def set_session_cookies(response: Response, settings: Settings, login: Login) -> None:
    """The session cookie (HttpOnly) and the readable CSRF cookie, for the API's login and the pages'."""
    max_age = int(settings.session_hours * 3600)
    samesite = settings.cookie_samesite
    for name, value, httponly in (
        (SESSION_COOKIE, login.token, True),
        (CSRF_COOKIE, login.session.csrf_token, False),
    ):
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            secure=settings.cookie_secure,
            httponly=httponly,
            samesite=samesite,  # type: ignore[arg-type]
        )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


def current_actor(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Actor:
    if bearer is not None:
        row = authenticate(session, settings, bearer.credentials, "bearer")
        request.state.session_token = bearer.credentials
    elif cookie:
        row = authenticate(session, settings, cookie, "cookie")
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent or not hmac.compare_digest(sent, row.csrf_token):
                raise CsrfFailed()
        request.state.session_token = cookie
    else:
        raise NotAuthenticated()
    return row.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require(*roles: str) -> Callable[[Actor], Awaitable[Actor]]:
    async def dependency(actor: CurrentActor) -> Actor:  # async: no thread-pool trip for a comparison
        if actor.role not in roles:
            raise Forbidden(
                f"此操作仅限以下角色：{'、'.join(roles)}。",
                f"Only these roles may do this: {', '.join(roles)}.",
            )
        return actor

    return dependency


ApplicantActor = Annotated[Actor, Depends(require("resident", "employer"))]
StaffActor = Annotated[Actor, Depends(require("reviewer", "department_head"))]
HeadActor = Annotated[Actor, Depends(require("department_head"))]
SupervisorActor = Annotated[Actor, Depends(require("supervisor"))]
AdminActor = Annotated[Actor, Depends(require("admin"))]
AuditorActor = Annotated[Actor, Depends(require("supervisor", "admin"))]
FinanceActor = Annotated[Actor, Depends(require("department_head", "admin"))]
LedgerReader = Annotated[Actor, Depends(require("department_head", "supervisor", "admin"))]
