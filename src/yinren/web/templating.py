"""Jinja2 for every page: one environment, the translation callables, and the filters pages share.

``render(request, "portal/home.html", {...})`` picks the request's language (``?lang=``, then the
``yinren_lang`` cookie, else Chinese), and gives every template ``lang``, ``actor`` (or None),
``csrf_token``, ``pick`` and the current path.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..kit.ids import mask_person_id
from . import i18n
from .fields import clause_name, coded_value, field_label

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_VERSION = "1"  # bump to bust caches of /static/css and /static/js


def yuan(fen: int | None, unit: bool = True) -> str:
    """Integer fen as yuan with thousands separators: 150000 → "1,500 元" (cents shown only when present)."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    text = f"{sign}{whole:,}" + (f".{cents:02d}" if cents else "")
    if not unit:
        return text
    return f"{text} 元" if i18n.current_lang.get() == "zh" else f"¥{text}"


def day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(yuan=yuan, day=day, mask_id=mask_person_id, clause=clause_name)
    env.globals.update(pick=i18n.pick, field_label=field_label, coded_value=coded_value, static_version=STATIC_VERSION)
    return env


templates = Jinja2Templates(env=_environment())


def request_lang(request: Request) -> i18n.Lang:
    return (
        i18n.parse_lang(request.query_params.get("lang"))
        or i18n.parse_lang(request.cookies.get(i18n.LANG_COOKIE))
        or "zh"
    )


def use_request_lang(request: Request) -> i18n.Lang:
    """Set the language of this request for gettext and return it (views that translate in Python)."""
    lang = request_lang(request)
    i18n.current_lang.set(lang)
    return lang


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    lang = use_request_lang(request)
    page: dict[str, Any] = {
        "lang": lang,
        "actor": getattr(request.state, "page_actor", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "path": request.url.path,
        "htmx": request.headers.get("HX-Request") == "true",
    }
    page.update(context or {})
    response = templates.TemplateResponse(request, name, page, status_code=status_code, headers=headers)
    if request.query_params.get("lang") == lang:
        response.set_cookie(i18n.LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response
