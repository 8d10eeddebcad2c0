"""What one evaluation knows: the encoded extract, as_of, shared facts and results already computed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import polars as pl

from ._dates import month_index, to_days
from ._encode import Encoded, yuan_to_fen
from ._frame import Frame

if TYPE_CHECKING:
    from ._evaluate import MeasureResult

T = TypeVar("T")


class Context:
    def __init__(self, data: Encoded, as_of: date, resolve: Callable[[str], MeasureResult]) -> None:
        self.data = data
        self.as_of = as_of
        self.as_of_days = np.int32(to_days(as_of))
        self.month = int(month_index(self.as_of_days))
        self._resolve = resolve
        self._cache: dict[object, Any] = {}

    def cached(self, key: object, compute: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[no-any-return]

    def result(self, measure_id: str) -> MeasureResult:
        """Another measure's result for the same as_of (e.g. m10 reads m08's eligibility)."""
        return self._resolve(measure_id)

    def receipts(self, measure_id: str, beneficiary_domain: str, source_domain: str) -> Frame:
        """Receipts of one measure paid on or before as_of, with beneficiary and source as codes."""
        return self.cached(
            ("receipts", measure_id, beneficiary_domain, source_domain),
            lambda: self._receipts(measure_id, beneficiary_domain, source_domain),
        )

    def _receipts(self, measure_id: str, beneficiary_domain: str, source_domain: str) -> Frame:
        raw = self.data.receipt_rows
        if measure_id not in self.cached("receipt_measures", lambda: _measures_paid(raw)):
            none = np.zeros(0, dtype=np.int64)
            return Frame({"beneficiary": none, "source": none, "period": none, "months": none, "amount_fen": none}, 0)
        if isinstance(raw["measure_id"], pl.Series):
            frame = pl.DataFrame(raw).filter((pl.col("measure_id") == measure_id) & (pl.col("paid_on") <= self.as_of))
            columns: dict[str, Any] = {name: frame[name] for name in frame.columns}
            amounts = (frame["amount"] * 100).round(0).cast(pl.Int64).fill_null(0).to_numpy()
            periods = (
                frame["period"].str.slice(0, 4).cast(pl.Int64, strict=False) * 12
                + frame["period"].str.slice(5, 2).cast(pl.Int64, strict=False)
                - 1
            ).fill_null(-1)
            months = frame["months"].fill_null(0).cast(pl.Int64).to_numpy()
            period_codes = periods.to_numpy()
        else:
            every = [dict(zip(raw, values, strict=True)) for values in zip(*raw.values(), strict=True)]
            rows = [r for r in every if r["measure_id"] == measure_id and _on_or_before(r["paid_on"], self.as_of)]
            columns = {name: [r[name] for r in rows] for name in raw}
            amounts = np.array([yuan_to_fen(r["amount"] or 0) for r in rows], dtype=np.int64)
            months = np.array([int(r["months"] or 0) for r in rows], dtype=np.int64)
            period_codes = np.array(
                [int(p[:4]) * 12 + int(p[5:7]) - 1 if p else -1 for p in (r["period"] for r in rows)],
                dtype=np.int64,
            )
        ids = self.data.ids
        return Frame(
            {
                "beneficiary": ids[beneficiary_domain].encode(columns["beneficiary_id"]),
                "source": ids[source_domain].encode(columns["source_id"]),
                "period": period_codes,
                "months": months,
                "amount_fen": amounts,
            },
            len(amounts),
        )


def _measures_paid(raw: dict[str, Any]) -> set[str]:
    measure_ids = raw["measure_id"]
    if isinstance(measure_ids, pl.Series):
        return set(measure_ids.unique().drop_nulls().to_list())
    return set(filter(None, measure_ids))


def _on_or_before(value: object, as_of: date) -> bool:
    if value is None:
        return False
    when = value if isinstance(value, date) else date.fromisoformat(str(value))
    return when <= as_of
