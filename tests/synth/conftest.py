"""One small city for the synth tests (20,000 persons, period 2024-06), built once per session."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from yinren.rules._tables import Tables
from yinren.synth import generate

PEOPLE = 20_000
SEED = 7
PERIOD = "2024-06"
AS_OF = date(2024, 6, 30)


@pytest.fixture(scope="session")
def city() -> Tables:
    return generate(PEOPLE, SEED, PERIOD)


@pytest.fixture(scope="session")
def planted(city: Tables) -> dict[str, dict[str, object]]:
    """Planted persons by case name (`planted:<case>` -> the row as a dict)."""
    rows = city["persons"].filter(pl.col("name").str.starts_with("planted:"))
    return {str(row["name"]).removeprefix("planted:"): row for row in rows.iter_rows(named=True)}
