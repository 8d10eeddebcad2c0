"""Every domain's HTML pages (``views.py``), mounted at the site root by ``app.create_app``.

Pages are left out of the OpenAPI description: it documents the JSON API under /api.
"""

from __future__ import annotations

from fastapi import APIRouter

from .accounts.views import router as accounts
from .applications.review_views import router as review
from .applications.views import router as apply
from .calculator.views import router as calculator
from .department.views import router as department
from .employer.views import router as employer
from .ledger.views import router as payments
from .measures.views import router as portal
from .offers.review_views import router as review_offers
from .offers.views import router as offers
from .supervision.views import router as supervision

router = APIRouter(include_in_schema=False)
for domain in (
    accounts,
    portal,
    calculator,
    apply,
    offers,
    review,
    review_offers,
    payments,
    department,
    employer,
    supervision,
):
    router.include_router(domain)
