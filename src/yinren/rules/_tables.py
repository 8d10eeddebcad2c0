"""A city extract in memory: one polars DataFrame per table of the data contract."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import polars as pl

from ._schema import TABLES, Table


def empty_frame(table: Table) -> pl.DataFrame:
    return pl.DataFrame(schema=table.polars_schema)


def conform(table: Table, frame: pl.DataFrame) -> pl.DataFrame:
    """Cast a frame to the contract's column order and types, adding absent optional columns as nulls."""
    columns = []
    for column in table.columns:
        if column.name in frame.columns:
            columns.append(pl.col(column.name).cast(column.dtype, strict=True))
        else:
            columns.append(pl.lit(None, dtype=column.dtype).alias(column.name))
    return frame.select(columns)


@dataclass(frozen=True)
class Tables(Mapping[str, pl.DataFrame]):
    """The nine tables of spec section 2; a table not given is empty with the contract's schema.

    Frames hold the contract's types exactly (money in yuan as Float64); the engine converts to fen.
    """

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.frames) - set(TABLES)
        if unknown:
            raise KeyError(f"unknown tables: {sorted(unknown)}")
        for name, table in TABLES.items():
            frame = self.frames.get(name)
            self.frames[name] = empty_frame(table) if frame is None else conform(table, frame)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)

    def replace(self, **frames: pl.DataFrame) -> Tables:
        return Tables({**self.frames, **frames})

    def row_counts(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self.frames.items()}
