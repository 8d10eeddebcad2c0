from __future__ import annotations

from pydantic import BaseModel


class CountRow(BaseModel):
    department: str
    measure_id: str
    state: str
    count: int


class PaidRow(BaseModel):
    department: str
    measure_id: str
    state: str
    entries: int
    amount_fen: int


class Summary(BaseModel):
    applications: list[CountRow]
    offers: list[CountRow]
    payments: list[PaidRow]
