"""Log in, log out and switch language on the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ..db import SessionDep
from ..errors import YinrenError
from ..web import i18n
from ..web.auth import LoggedIn, Viewer, home_of, safe_next
from ..web.templating import render
from . import service
from .auth import SettingsDep, clear_session_cookies, set_session_cookies

router = APIRouter(tags=["pages"])


@router.get("/login")
def login_page(request: Request, viewer: Viewer, next: str | None = None) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_next(next, home_of(viewer)), status_code=303)
    return render(request, "accounts/login.html", {"next": safe_next(next, ""), "username": "", "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    ip = request.client.host if request.client else "unknown"
    result = (
        service.login(session, settings, username.strip(), password, ip, "cookie")
        if username.strip() and password
        else YinrenError("请输入用户名和密码。", "Enter your username and password.", 422, code="login_missing")
    )
    if isinstance(result, YinrenError):
        session.commit()  # a failed attempt counts toward the rate limit
        context = {"next": safe_next(next, ""), "username": username, "error": result}
        return render(request, "accounts/login.html", context, status_code=result.status_code)
    response = RedirectResponse(safe_next(next, home_of(service.actor_of(result.user))), status_code=303)
    set_session_cookies(response, settings, result)
    return response


@router.post("/logout")
def logout(request: Request, actor: LoggedIn, session: SessionDep, settings: SettingsDep) -> Response:
    service.logout(session, settings, actor, request.state.session_token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookies(response)
    return response


@router.get("/lang/{lang}")
def switch_language(lang: str, next: str | None = None) -> Response:
    chosen = i18n.parse_lang(lang) or "zh"
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(i18n.LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax")
    return response
