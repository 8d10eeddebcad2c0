"""Expected refusals on pages: an HTML page (or an HTMX fragment) in the person's language, not JSON.

A page that needs a login redirects to it, keeping where the person wanted to go. Views that own a form
catch ``InvalidInput`` themselves and show each message next to its field; this is the fallback.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from ..errors import NotAuthenticated, YinrenError
from .templating import render

API_PREFIXES = ("/api/", "/openapi.json", "/docs", "/static/")


def wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path == "/api" or path.startswith(API_PREFIXES))


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"/login?next={quote(target, safe='/')}"
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def html_error(request: Request, error: YinrenError) -> Response:
    if isinstance(error, NotAuthenticated):
        return login_redirect(request)
    template = "_error_fragment.html" if request.headers.get("HX-Request") == "true" else "error.html"
    return render(
        request,
        template,
        {"error": error, "fields": error.fields or []},
        status_code=error.status_code,
        headers=error.headers,
    )
