"""Every table of the data contract, in exactly its column names and types."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from yinren.rules._extract import read_extract
from yinren.rules._schema import TABLES
from yinren.rules._tables import Tables
from yinren.synth import generate, write_city


def test_every_table_has_the_contract_columns_and_types(city: Tables) -> None:
    for name, table in TABLES.items():
        frame = city[name]
        assert frame.columns == list(table.names), name
        assert dict(frame.schema) == table.polars_schema, name


def test_every_table_has_rows(city: Tables) -> None:
    assert all(count > 0 for count in city.row_counts().values()), city.row_counts()
    assert city["persons"].height == 20_000


def test_required_columns_have_no_nulls(city: Tables) -> None:
    for name, table in TABLES.items():
        required = [column.name for column in table.columns if not column.nullable]
        nulls = city[name].select(pl.col(required).null_count()).row(0, named=True)
        assert not any(nulls.values()), (name, nulls)


def test_table_keys_are_unique(city: Tables) -> None:
    for name, table in TABLES.items():
        if table.key:
            assert not city[name].select(table.key).is_duplicated().any(), name


def test_enum_values_are_in_the_contract(city: Tables) -> None:
    for name, table in TABLES.items():
        for column in table.columns:
            if column.values:
                seen = set(city[name][column.name].drop_nulls().unique().to_list())
                assert seen <= set(column.values), (name, column.name, seen - set(column.values))


def test_money_and_counts_are_not_negative(city: Tables) -> None:
    for name, table in TABLES.items():
        for column in table.columns:
            if column.non_negative:
                assert (city[name][column.name].drop_nulls() >= 0).all(), (name, column.name)


def test_the_extract_reader_finds_no_problem_and_exactly_the_bad_rows(tmp_path: Path) -> None:
    write_city(generate(3_000, 5), tmp_path / "clean")
    _, problems = read_extract(tmp_path / "clean")
    assert problems == []
    write_city(generate(3_000, 5, bad_rows=7), tmp_path / "dirty")
    _, problems = read_extract(tmp_path / "dirty")
    assert sorted((p.table, p.rule) for p in problems) == sorted(
        [("persons", "person_id_checksum")] * 2
        + [("persons", "enum")] * 2
        + [("enterprises", "credit_code_checksum")]
        + [("enterprises", "enum")]
        + [("home_purchases", "enum")]
    )
