"""Every domain's JSON router, mounted under /api by ``app.create_app``."""

from __future__ import annotations

from fastapi import APIRouter

from .accounts.endpoints import router as accounts
from .applications.endpoints import review
from .applications.endpoints import router as applications
from .audit.endpoints import router as audit
from .ledger.endpoints import router as ledger
from .measures.endpoints import router as measures
from .offers.endpoints import router as offers
from .supervision.endpoints import router as supervision

router = APIRouter()
for domain in (measures, accounts, applications, review, offers, ledger, supervision, audit):
    router.include_router(domain)
