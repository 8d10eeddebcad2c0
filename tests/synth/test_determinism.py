"""Same seed, size and period: the same Parquet files byte for byte; the bad rows change nothing else."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from yinren.rules._checksums import credit_code_valid, person_id_valid
from yinren.rules._schema import TABLES
from yinren.synth import BAD_ROW_KINDS, generate, write_city


def _bytes(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.parquet"))}


def test_same_arguments_write_identical_files(tmp_path: Path) -> None:
    first = write_city(generate(3_000, 11), tmp_path / "a")
    write_city(generate(3_000, 11), tmp_path / "b")
    assert [path.name for path in first] == [f"{name}.parquet" for name in TABLES]
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert pl.read_parquet(tmp_path / "a" / "persons.parquet").height == 3_000


def test_another_seed_or_period_gives_another_city() -> None:
    base = generate(3_000, 11)
    assert not base["persons"].equals(generate(3_000, 12)["persons"])
    assert not base["persons"].equals(generate(3_000, 11, "2024-07")["persons"])


def test_written_files_read_back_as_the_tables(tmp_path: Path) -> None:
    tables = generate(2_500, 4, bad_rows=3)
    write_city(tables, tmp_path)
    for name in TABLES:
        assert pl.read_parquet(tmp_path / f"{name}.parquet").equals(tables[name]), name


def test_bad_rows_are_appended_and_break_one_rule_each() -> None:
    clean = generate(3_000, 11)
    dirty = generate(3_000, 11, bad_rows=12)  # kinds dealt in turn: 3, 3, 2, 2, 2
    assert len(BAD_ROW_KINDS) == 5
    for name in TABLES:
        assert dirty[name].head(clean[name].height).equals(clean[name]), name
    persons = dirty["persons"].slice(clean["persons"].height)
    firms = dirty["enterprises"].slice(clean["enterprises"].height)
    purchases = dirty["home_purchases"].slice(clean["home_purchases"].height)
    assert (persons.height, firms.height, purchases.height) == (6, 4, 2)
    assert sum(not person_id_valid(i) for i in persons["person_id"].to_list()) == 3
    assert (persons["education_level"] == "phd").sum() == 3
    assert sum(not credit_code_valid(c) for c in firms["enterprise_id"].to_list()) == 2
    assert (firms["size"] == "huge").sum() == 2
    assert (purchases["property_kind"] == "villa").all()
    assert dirty["persons"]["person_id"].is_unique().all()
    assert dirty["enterprises"]["enterprise_id"].is_unique().all()
    assert persons["name"].str.starts_with("bad:").all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"people": 100, "seed": 1}, "at least"),
        ({"people": 3_000, "seed": 1, "period": "2024-6"}, "YYYY-MM"),
        ({"people": 3_000, "seed": 1, "period": "2023-07"}, "outside"),
        ({"people": 3_000, "seed": 1, "bad_rows": -1}, "negative"),
        ({"people": 3_000, "seed": -1}, "negative"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(**kwargs)  # type: ignore[arg-type]
