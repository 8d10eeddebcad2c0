from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response

from ..applications import precheck
from ..models import utcnow
from .schemas import CheckReport, CheckRequest, MeasureRead

router = APIRouter(tags=["measures"])


@router.get("/measures", response_model=list[MeasureRead], summary="The measures, with their lead departments")
def list_measures() -> list[MeasureRead]:
    return [MeasureRead.model_validate(info) for info in precheck.catalogue()]


@router.get("/measures/{measure_id}", response_model=MeasureRead, responses={404: {"description": "No such measure"}})
def get_measure(measure_id: str) -> MeasureRead:
    return MeasureRead.model_validate(precheck.measure(measure_id))


@router.post(
    "/check",
    summary="Policy calculator: every measure for one person or enterprise, explained (no login)",
    response_class=Response,
    responses={200: {"model": CheckReport, "description": "The engine's report"}},
)
async def check(body: CheckRequest) -> Response:
    # CPU-bound but short: run on the event loop rather than pay for a thread hop per request; cold
    # questions arriving together are evaluated together (see precheck._Together).
    as_of: date = body.as_of or utcnow().date()
    content = await precheck.calculate_json_together(body.document(), as_of, body.lang)
    return Response(content, media_type="application/json")
