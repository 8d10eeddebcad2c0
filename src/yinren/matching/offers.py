"""The offers of an evaluation as one frame: the result identity of spec section 2a and what decides it.

`Evaluation.offers()` builds the same rows; this builds them a measure at a time from the result arrays
with constant columns as literals and value texts mapped per distinct value, which matters when a city
holds millions of offers (a test holds the two to the same rows). The local engine keeps the engine's
order (measure by measure, units in the order of their table); `sort_offers` gives the canonical order
(measure in the policy's order, then source, beneficiary and period), which the Dask engine writes, so
that its file does not depend on how the city was cut, and which the rosters use.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from yinren.rules import Evaluation, MeasureResult, Policy, dates

from .strings import lexicographic_order

SCHEMA: dict[str, pl.DataType] = {
    "measure_id": pl.String(),
    "beneficiary_id": pl.String(),
    "source_id": pl.String(),
    "period": pl.String(),
    "value": pl.String(),
    "amount_fen": pl.Int64(),
    "kind": pl.String(),
    "beneficiary_kind": pl.String(),
    "lead_department": pl.String(),
    "clause": pl.String(),
    "source_table": pl.String(),
    "eligible": pl.Boolean(),
    "failed_conditions": pl.String(),
    "as_of": pl.Date(),
    "policy_version": pl.String(),
}
KEY = "beneficiary_key"
IDENTITY = ("measure_id", "beneficiary_id", "source_id", "period", "value")
ORDER = ("measure_rank", "source_id", "beneficiary_id", "period")

# The table whose row each unit is (for a measure that does not name its own `unit_table`).
_SOURCE_TABLES = {
    "certifications": "certifications",
    "home_purchases": "home_purchases",
    "dorm_projects": "dorm_projects",
    "births": "births",
    "daycare_enrollments": "daycare_enrollments",
    "enterprises": "enterprises",
}


def source_table(result: MeasureResult) -> str:
    measure = result.measure
    named = getattr(measure, "unit_table", "")
    if named:
        return str(named)
    if measure.id.startswith("m04"):
        return "employments"
    return _SOURCE_TABLES.get(measure.source_domain, "persons")


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def measure_offers(evaluation: Evaluation, result: MeasureResult, *, keys: bool = False) -> pl.DataFrame:
    """One measure's offered units (eligible, value above zero) as rows of SCHEMA, in the engine's order.

    With `keys`, a last column `beneficiary_key` numbers the beneficiaries of this evaluation (persons
    and enterprises apart): the summary counts distinct integers instead of distinct strings.
    """
    rows = np.flatnonzero(result.offered)
    if rows.size == 0:
        return empty().with_columns(pl.lit(None, dtype=pl.Int64).alias(KEY)) if keys else empty()
    measure = result.measure
    values = result.value[rows]
    periods = result.periods()[rows]
    frame = pl.DataFrame(
        {
            "beneficiary_id": _ids(evaluation, measure.beneficiary_domain, result.units.beneficiary[rows]),
            "source_id": _ids(evaluation, measure.source_domain, result.units.source[rows]),
            "period": _mapped(periods, lambda p: dates.period_label(p) if p >= 0 else None),
            "value": _mapped(values, result.value_text)
            if measure.kind not in ("cash", "loan")
            else pl.Series(values).cast(pl.String),
            "amount_fen": pl.Series(result.amount_fen()[rows], dtype=pl.Int64),
            KEY: pl.Series(result.units.beneficiary[rows] * 2 + (measure.beneficiary_domain != "persons")),
        }
    )
    return frame.select(
        pl.lit(measure.id, dtype=pl.String).alias("measure_id"),
        "beneficiary_id",
        "source_id",
        "period",
        "value",
        "amount_fen",
        pl.lit(measure.kind, dtype=pl.String).alias("kind"),
        pl.lit(measure.beneficiary, dtype=pl.String).alias("beneficiary_kind"),
        pl.lit(measure.lead_department, dtype=pl.String).alias("lead_department"),
        pl.lit(measure.clause, dtype=pl.String).alias("clause"),
        pl.lit(source_table(result), dtype=pl.String).alias("source_table"),
        pl.lit(True, dtype=pl.Boolean).alias("eligible"),
        pl.lit("", dtype=pl.String).alias("failed_conditions"),  # an offer passed every condition
        pl.lit(evaluation.as_of, dtype=pl.Date).alias("as_of"),
        pl.lit(evaluation.policy.version, dtype=pl.String).alias("policy_version"),
        *([pl.col(KEY).cast(pl.Int64)] if keys else []),
    )


def _ids(evaluation: Evaluation, domain: str, codes: np.ndarray) -> pl.Series:
    """The ids of codes, empty for -1 (no id): `Evaluation.ids` would give the domain's last id there."""
    missing = codes < 0
    ids = evaluation.ids(domain, np.where(missing, 0, codes) if missing.any() else codes)
    return ids.zip_with(pl.Series(~missing), pl.Series([""] * codes.size, dtype=pl.String)) if missing.any() else ids


def _mapped(codes: np.ndarray, text: object) -> pl.Series:
    """Texts of integer codes, computed once per distinct code (a month, a ratio, "granted")."""
    assert callable(text)
    distinct = np.unique(codes)
    mapping = {int(code): text(int(code)) for code in distinct}
    return pl.Series(codes, dtype=pl.Int64).replace_strict(mapping, return_dtype=pl.String)


def evaluation_offers(evaluation: Evaluation, *, keys: bool = False) -> pl.DataFrame:
    """Every measure's offers, measure after measure, each in the engine's order of its units."""
    frames = [measure_offers(evaluation, result, keys=keys) for result in evaluation.results()]
    # One chunk: the Parquet writer and later filters run faster on it than on one chunk per measure.
    return pl.concat(frames, how="vertical", rechunk=True) if frames else empty()


def sort_offers(offers: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The canonical order: measure (policy order), source, beneficiary, period (nulls first)."""
    if offers.height == 0:
        return offers
    known = [measure.id for measure in policy.measures]
    groups = offers.rechunk().partition_by("measure_id", as_dict=True, maintain_order=True)
    named = {str(key[0]): frame for key, frame in groups.items()}
    order = known + sorted(set(named) - set(known))
    return pl.concat(
        [_ordered(named[measure_id]) for measure_id in order if measure_id in named],
        how="vertical",
    )


def _ordered(frame: pl.DataFrame) -> pl.DataFrame:
    return frame[lexicographic_order(*(frame[name] for name in ORDER[1:]))]
