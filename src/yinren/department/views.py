"""The department head's statistics page: throughput by measure and by month, with a chart."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..applications import precheck
from ..db import SessionDep
from ..web.auth import HeadPage
from ..web.i18n import gettext as _
from ..web.templating import render
from . import service
from .schemas import DepartmentStats

router = APIRouter(tags=["pages"])


def chart_option(stats: DepartmentStats) -> dict[str, Any]:
    """ECharts: cases in and cases decided per month (bars), for the head to see whether the queue grows."""
    months = [row.key for row in stats.by_month]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": [_("收件"), _("办结")]},
        "color": ["#2f6fb3", "#2e7d32"],
        "grid": {"left": 40, "right": 16, "bottom": 32, "top": 40},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": _("收件"), "type": "bar", "data": [row.cases_in for row in stats.by_month]},
            {"name": _("办结"), "type": "bar", "data": [row.decided for row in stats.by_month]},
        ],
        "aria": {"enabled": True},
    }


@router.get("/department")
def department_page(request: Request, actor: HeadPage, session: SessionDep) -> Response:
    stats = service.statistics(session, actor)
    context = {
        "stats": stats,
        "option": chart_option(stats),
        "titles": {m.id: m for m in precheck.catalogue()},
    }
    return render(request, "department/index.html", context)
