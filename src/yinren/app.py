"""The FastAPI application: settings, database, error rendering and the /api routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .api import router
from .applications import precheck
from .audit.sealer import Sealer
from .config import Settings, get_settings
from .db import Database
from .errors import FieldError, YinrenError
from .offers.endpoints import IMPORT_BODY_BYTES
from .pages import router as pages
from .web.errors import html_error, wants_html

logger = logging.getLogger("yinren")

# Pydantic error types in Chinese; the English comes from pydantic's own message.
_ZH = {
    "missing": "缺少必填字段",
    "string_too_short": "太短",
    "string_too_long": "太长",
    "too_short": "项目太少",
    "too_long": "项目太多",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为字符串",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "greater_than_equal": "数值太小",
    "greater_than": "数值太小",
    "less_than_equal": "数值太大",
    "less_than": "数值太大",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "list_type": "应为列表",
    "json_invalid": "请求体不是合法的 JSON",
    "json_type": "请求体不是合法的 JSON",
    "extra_forbidden": "不允许的字段",
    "value_error": "取值无效",
    "assertion_error": "取值无效",
    "uuid_parsing": "格式不正确",
}


def _field_errors(errors: Any) -> list[FieldError]:
    fields = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()))
        kind = str(error.get("type", ""))
        english = str(error.get("msg", "Invalid value"))
        chinese = _ZH.get(kind, "输入无效")
        if kind == "value_error" and " / " in english:
            # Our validators write "english / 中文".
            english, _, detail = english.removeprefix("Value error, ").partition(" / ")
            chinese = detail
        ctx = error.get("ctx") or {}
        if "expected" in ctx:
            chinese += f"：可选 {ctx['expected']}"
        for key in ("min_length", "max_length", "ge", "gt", "le", "lt"):
            if key in ctx:
                chinese += f"（{key} {ctx[key]}）"
        fields.append(FieldError(location or "body", chinese, english, rule=kind))
    return fields


def _render(error: YinrenError, request: Request | None = None) -> Response:
    if request is not None and wants_html(request):
        return html_error(request, error)
    return JSONResponse(error.to_dict(), status_code=error.status_code, headers=error.headers)


# Routes allowed a larger body than `Settings.max_request_bytes`.
UPLOAD_LIMITS = {"/api/offers/import": IMPORT_BODY_BYTES}
TOO_LARGE = ("请求内容过大，请减小文件后重试。", "The request is too large; send smaller files.")


class _BodyLimit:
    """Refuse a request body larger than its route allows, in the service's own words (JSON, or a page
    for a browser): at once when its declared length is too large, before any of it is read; while it
    arrives when it comes without a length."""

    def __init__(self, app: ASGIApp, default: int, by_path: dict[str, int]) -> None:
        self.app, self.default, self.by_path = app, default, by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.default)
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _render(_too_large(), Request(scope))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # answered by the error handlers below: nothing has been sent yet
                raise StarletteHTTPException(413)  # FastAPI passes it through where it reads the body
            return message

        await self.app(scope, receive if length else counted, send)


def _too_large() -> YinrenError:
    return YinrenError(*TOO_LARGE, 413, code="request_too_large")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(YinrenError)
    async def _yinren(request: Request, error: YinrenError) -> Response:
        return _render(error, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        fields = _field_errors(error.errors())
        return _render(
            YinrenError(
                "输入有误，请按字段提示修改。",
                "The input is invalid; see the field messages.",
                422,
                code="invalid_input",
                fields=fields,
            ),
            request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 413:
            return _render(_too_large(), request)
        texts = {
            404: ("未找到该地址。", "Not found."),
            405: ("不支持此请求方法。", "Method not allowed."),
        }
        zh, en = texts.get(error.status_code, ("请求无法处理。", str(error.detail)))
        return _render(
            YinrenError(zh, en, error.status_code, code=f"http_{error.status_code}", headers=dict(error.headers or {})),
            request,
        )

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, error: OperationalError) -> Response:
        logger.warning("database unavailable: %s", error)
        return _render(
            YinrenError(
                "数据库繁忙或不可用，请稍后重试。",
                "The database is busy or unavailable; retry shortly.",
                503,
                code="database_unavailable",
                headers={"Retry-After": "1"},
            ),
            request,
        )


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = database or Database.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        precheck.prepare()  # load the policy pack before the first request
        sealer = Sealer(db, settings.audit_seal_interval) if db.dialect == "postgresql" else None
        if sealer:
            sealer.start()
        yield
        if sealer:
            sealer.stop()
        if database is None:
            db.dispose()

    app = FastAPI(
        title="yinren 引人留人",
        version=__version__,
        summary="Hohhot's 18 measures: calculator, applications, review, offers, ledger, audit",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored assets: no CDN on a closed network
    )
    app.state.settings = settings
    app.state.db = db
    install_error_handlers(app)
    app.add_middleware(_BodyLimit, default=settings.max_request_bytes, by_path=UPLOAD_LIMITS)
    app.include_router(router, prefix="/api")
    app.include_router(pages)
    _mount_docs(app)
    return app


SWAGGER_UI = "swagger-ui-5.35.0"  # vendored from the npm package swagger-ui-dist, pinned


def _mount_docs(app: FastAPI) -> None:
    """The OpenAPI browser at /docs, its script and styles served by the app itself."""
    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"/static/vendor/{SWAGGER_UI}/swagger-ui-bundle.js",
            swagger_css_url=f"/static/vendor/{SWAGGER_UI}/swagger-ui.css",
            swagger_favicon_url=f"/static/vendor/{SWAGGER_UI}/favicon-32x32.png",
        )
