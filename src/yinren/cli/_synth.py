"""`yinren synth`: write a synthetic Hohhot (every table of the data contract) as Parquet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import app
from ._common import console, fail


@app.command("synth")
def synth_command(
    out: Annotated[Path, typer.Option("--out", help="Directory for the Parquet files (created if absent).")],
    people: Annotated[int, typer.Option("--people", help="Persons in the city, planted cases included.")] = 3_750_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed and size, same files.")] = 7,
    period: Annotated[
        str, typer.Option("--period", help="Month the city is made for, YYYY-MM (as of its last day).")
    ] = "2024-06",
    bad_rows: Annotated[
        int, typer.Option("--bad-rows", help="Invalid rows to inject (wrong checksum, unknown enum).")
    ] = 0,
) -> None:
    """A synthetic city: persons, employments, enterprises, ... with realistic shares and planted cases."""
    from yinren.rules import schema
    from yinren.synth import MIN_PEOPLE, STAGES, generate, write_city

    if people < MIN_PEOPLE:
        fail(
            f"--people 至少为 {MIN_PEOPLE}，收到 {people}",
            f"--people must be at least {MIN_PEOPLE}, got {people}",
        )
    if bad_rows < 0:
        fail(f"--bad-rows 不能为负，收到 {bad_rows}", f"--bad-rows must not be negative, got {bad_rows}")
    started = time.perf_counter()
    columns = (TextColumn("{task.description:<20}"), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("generating / 生成", total=len(STAGES) + len(schema.TABLES))

        def step(stage: str) -> None:
            progress.update(task, advance=1, description=stage)

        try:
            tables = generate(people, seed, period, bad_rows, progress=step)
        except ValueError as error:
            fail(str(error), str(error))
        progress.update(task, description="writing / 写入")
        write_city(tables, out, progress=step)
        progress.update(task, description="done / 完成")
    summary = Table()
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name, count in tables.row_counts().items():
        summary.add_row(name, f"{count:,}")
    console.print(summary)
    console.print(
        f"{out}: seed {seed}, period {period}, {people:,} persons, {bad_rows} bad rows, "
        f"{time.perf_counter() - started:.1f} s / 已写入"
    )
