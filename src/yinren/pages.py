"""Every domain's HTML pages (``views.py``), mounted at the site root by ``app.create_app``.

Pages are left out of the OpenAPI description: it documents the JSON API under /api.
"""

from __future__ import annotations

from fastapi import APIRouter

from .accounts.views import router as accounts
from .applications.views import router as apply
from .calculator.views import router as calculator
from .measures.views import router as portal
from .offers.views import router as offers

router = APIRouter(include_in_schema=False)
for domain in (
    accounts,
    portal,
    calculator,
    apply,
    offers,
):
    router.include_router(domain)
