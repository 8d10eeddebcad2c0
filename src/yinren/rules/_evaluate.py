"""Evaluate measures over encoded data: every condition's result is kept, for one case or a city."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ._context import Context
from ._dates import period_label
from ._encode import Encoded, Rows, encode
from ._frame import Frame
from ._measure import Measure, ParameterView
from ._params import ParameterError
from ._policy import Policy
from ._tables import Tables

PPM = 1_000_000  # a rent cap's value is held in parts per million of the market rent


class EvaluationError(ValueError):
    """The evaluation cannot be made as asked (a date before the policy, say); the message says why."""


@dataclass
class MeasureResult:
    measure: Measure
    units: Frame
    conditions: dict[str, npt.NDArray[np.bool_]]
    eligible: npt.NDArray[np.bool_]
    value: npt.NDArray[np.int64]
    parameters_read: dict[str, list[str]]
    view: ParameterView

    @property
    def size(self) -> int:
        return self.units.height

    @property
    def offered(self) -> npt.NDArray[np.bool_]:
        """Offers list eligible units with a value above zero (spec section 2a)."""
        return self.eligible & (self.value > 0)

    def amount_fen(self) -> npt.NDArray[np.int64]:
        if self.measure.kind == "cash":
            return self.value
        return np.zeros(self.size, dtype=np.int64)

    def value_text(self, value: int) -> str:
        kind = self.measure.kind
        if kind == "entitlement":
            return "granted" if value else ""
        if kind == "rent_cap":
            return f"{value / PPM:.2f}"
        return str(int(value))

    def periods(self) -> npt.NDArray[np.int64]:
        if "period" in self.units:
            return np.asarray(self.units.period, dtype=np.int64)
        return np.full(self.size, -1, dtype=np.int64)


class Evaluation:
    """The results of every measure of a policy for one as_of."""

    def __init__(self, policy: Policy, data: Encoded, as_of: date, measure_ids: Iterable[str] | None = None):
        if as_of < policy.effective_from:
            raise EvaluationError(
                f"as_of {as_of} is before the policy took effect on {policy.effective_from} / "
                f"评估日期 {as_of} 早于政策生效日 {policy.effective_from}"
            )
        self.policy = policy
        self.data = data
        self.as_of = as_of
        self._results: dict[str, MeasureResult] = {}
        self._context = Context(data, as_of, self._result)
        wanted = [m.id for m in policy.measures] if measure_ids is None else list(measure_ids)
        for measure_id in wanted:
            self._result(measure_id)
        self.measure_ids = tuple(wanted)

    def __getitem__(self, measure_id: str) -> MeasureResult:
        return self._result(measure_id)

    def results(self) -> list[MeasureResult]:
        return [self._results[measure_id] for measure_id in self.measure_ids]

    def _result(self, measure_id: str) -> MeasureResult:
        if measure_id not in self._results:
            measure = self.policy.measure(measure_id)
            self._results[measure_id] = evaluate_measure(measure, self._context, self.policy)
        return self._results[measure_id]

    def ids(self, domain: str, codes: npt.NDArray[np.int64]) -> pl.Series:
        return self.data.ids[domain].series(codes)

    def offers(self) -> pl.DataFrame:
        """One row per offered unit: the identity of spec section 2a and what decides it."""
        return pl.concat([self.measure_frame(r.measure.id, offered_only=True) for r in self.results()])

    def measure_frame(self, measure_id: str, *, offered_only: bool = False) -> pl.DataFrame:
        result = self[measure_id]
        rows = np.flatnonzero(result.offered) if offered_only else np.arange(result.size)
        measure = result.measure
        values = result.value[rows]
        periods = result.periods()[rows]
        failed = _failed_conditions(result, rows)
        return pl.DataFrame(
            {
                "measure_id": pl.Series([measure.id] * rows.size, dtype=pl.String),
                "beneficiary_id": self.ids(measure.beneficiary_domain, result.units.beneficiary[rows]),
                "source_id": self.ids(measure.source_domain, result.units.source[rows]),
                "period": pl.Series([period_label(int(p)) if p >= 0 else None for p in periods], dtype=pl.String)
                if periods.size and periods.max() >= 0
                else pl.Series([None] * rows.size, dtype=pl.String),
                "value": pl.Series(_value_texts(result, values), dtype=pl.String),
                "amount_fen": pl.Series(result.amount_fen()[rows], dtype=pl.Int64),
                "eligible": pl.Series(result.eligible[rows], dtype=pl.Boolean),
                "kind": pl.Series([measure.kind] * rows.size, dtype=pl.String),
                "lead_department": pl.Series([measure.lead_department] * rows.size, dtype=pl.String),
                "failed_conditions": failed,
                "as_of": pl.Series([self.as_of] * rows.size, dtype=pl.Date),
                "policy_version": pl.Series([self.policy.version] * rows.size, dtype=pl.String),
            }
        )


def _value_texts(result: MeasureResult, values: npt.NDArray[np.int64]) -> list[str]:
    kind = result.measure.kind
    if kind in ("cash", "loan"):
        return values.astype(str).tolist()  # type: ignore[no-any-return]
    return [result.value_text(int(v)) for v in values]


def _failed_conditions(result: MeasureResult, rows: npt.NDArray[np.int64]) -> pl.Series:
    """Names of the conditions a unit failed, `;`-joined (empty when eligible): enough to explain it later."""
    names = list(result.conditions)
    if not names or rows.size == 0:
        return pl.Series([""] * rows.size, dtype=pl.String)
    matrix = np.stack([~result.conditions[name][rows] for name in names], axis=1)
    if not matrix.any():
        return pl.Series([""] * rows.size, dtype=pl.String)
    return pl.Series([";".join(n for n, bad in zip(names, row, strict=True) if bad) for row in matrix])


def evaluate_measure(measure: Measure, context: Context, policy: Policy) -> MeasureResult:
    view = ParameterView(policy.parameters, measure.id, context.as_of)
    if measure.unit_table and context.data.tables[measure.unit_table].height == 0:
        return _nothing_to_assess(measure, view)
    try:
        with view.reading_for("unit"):
            units = measure.units(context, view)
        if units.height == 0:
            return _nothing_to_assess(measure, view)
        conditions: dict[str, npt.NDArray[np.bool_]] = {}
        qualifies = np.ones(units.height, dtype=bool)
        for condition in measure.conditions:
            with view.reading_for(condition.name):
                frame = units.with_columns(qualifies=qualifies) if condition.after else units
                passed = _as_bool(condition.test(frame, view), units.height)
            conditions[condition.name] = passed
            qualifies = qualifies & passed
        with view.reading_for("value"):
            raw = measure.value(units.with_columns(qualifies=qualifies), view)
    except ParameterError as error:
        raise EvaluationError(f"{measure.id}: {error}") from error
    value = np.where(qualifies, np.asarray(raw, dtype=np.int64), 0).astype(np.int64, copy=False)
    return MeasureResult(measure, units, conditions, qualifies, value, view.used, view)


def _nothing_to_assess(measure: Measure, view: ParameterView) -> MeasureResult:
    """A measure whose unit table is empty (a person with no home purchase, say): no unit, no work."""
    none = np.zeros(0, dtype=np.int64)
    units = Frame({"beneficiary": none, "source": none}, 0)
    conditions = {condition.name: np.zeros(0, dtype=bool) for condition in measure.conditions}
    return MeasureResult(measure, units, conditions, np.zeros(0, dtype=bool), none, view.used, view)


def _as_bool(value: Any, size: int) -> npt.NDArray[np.bool_]:
    if isinstance(value, np.ndarray) and value.dtype == np.bool_ and value.shape == (size,):
        return value
    return np.broadcast_to(np.asarray(value, dtype=bool), (size,)).copy()


def evaluate(
    data: Tables | Encoded | Mapping[str, Rows],
    as_of: date,
    *,
    policy: Policy,
    measures: Iterable[str] | None = None,
) -> Evaluation:
    """Evaluate the policy's measures (or the named ones) for everything in `data`, as of a date.

    `data` is a city extract (`Tables`), an already `Encoded` one, or one case's rows by table name.
    """
    encoded = data if isinstance(data, Encoded) else encode(data, policy.receipt_domains())
    return Evaluation(policy, encoded, as_of, measures)
