"""What one evaluation knows: the encoded extract, as_of, shared facts and results already computed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ._dates import to_days
from ._encode import Encoded
from ._frame import Frame

if TYPE_CHECKING:
    from ._evaluate import MeasureResult

T = TypeVar("T")


class Context:
    def __init__(self, data: Encoded, as_of: date, resolve: Callable[[str], MeasureResult]) -> None:
        self.data = data
        self.as_of = as_of
        self.as_of_days = np.int32(to_days(as_of))
        self.month = as_of.year * 12 + as_of.month - 1  # month_index of as_of, without numpy
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
        receipts = self.data.receipts_of(measure_id, beneficiary_domain, source_domain)
        if receipts.height == 0:  # most cases have no receipt: nothing to filter
            return receipts
        return receipts.filter(receipts.paid_on <= self.as_of_days)
