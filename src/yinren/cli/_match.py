"""`yinren match CITY --period YYYY-MM --out DIR`: 免申即享 over a whole city extract.

Exit status: 0 when the run was written (rows rejected as bad input are reported, not fatal), 1 when the
match could not be made (no city, a table that cannot be read, an evaluation error; `--out` is left as it
was), 2 for a usage error. Ids are never printed: they are in the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from . import app
from ._common import console, errors, fail


@app.command("match")
def match_command(
    city: Annotated[Path, typer.Argument(help="The city extract: a directory of <table>.parquet or .csv files.")],
    period: Annotated[str, typer.Option("--period", help="Month to match, YYYY-MM (evaluated as of its last day).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the run; replaced whole, only at the end.")],
    engine: Annotated[str, typer.Option("--engine", help="local (this process) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT (with --engine dask).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Start a local Dask cluster of N worker processes (--engine dask).")
    ] = None,
    partitions: Annotated[
        int | None, typer.Option("--partitions", help="Parts to cut the city into (default: the cluster's threads).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar and no summary table.")] = False,
) -> None:
    """Evaluate every measure for every person and enterprise of CITY and write offers, summary and rosters."""
    from yinren.matching import MatchError, render_summary, run_match, stages
    from yinren.matching.run import STAGE_LABELS
    from yinren.rules import dates

    try:
        dates.parse_period(period)
    except ValueError:
        fail(f"--period 应为 YYYY-MM 格式，收到 {period!r}", f"--period must be YYYY-MM, got {period!r}")
    if engine not in ("local", "dask"):
        fail(f"--engine 只能是 local 或 dask，收到 {engine!r}", f"--engine must be local or dask, got {engine!r}")
    if engine == "local" and (scheduler or workers or partitions):
        fail(
            "--scheduler/--workers/--partitions 需与 --engine dask 一起使用",
            "--scheduler, --workers and --partitions need --engine dask",
        )
    if scheduler and workers:
        fail("--scheduler 与 --workers 只能选一个", "give --scheduler or --workers, not both")
    for name, value in (("--workers", workers), ("--partitions", partitions)):
        if value is not None and value < 1:
            fail(f"{name} 至少为 1，收到 {value}", f"{name} must be at least 1, got {value}")
    names = stages("dask" if engine == "dask" else "local")
    columns = (TextColumn("{task.description:<36}"), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, TimeElapsedColumn(), console=errors, transient=True, disable=quiet) as progress:
        task = progress.add_task("匹配 / match", total=len(names))
        seen: list[str] = []

        def step(stage: str) -> None:
            if stage not in seen:
                seen.append(stage)
                progress.update(task, completed=len(seen) - 1, description=STAGE_LABELS.get(stage, stage))

        try:
            result = run_match(
                city,
                period,
                out,
                engine="dask" if engine == "dask" else "local",
                scheduler=scheduler,
                workers=workers,
                partitions=partitions,
                progress=step,
            )
        except MatchError as error:
            progress.stop()
            errors.print(f"[red]错误：{error.message_zh}[/red]\n[red]Error: {error.message_en}[/red]")
            raise typer.Exit(1) from None
        progress.update(task, completed=len(names), description="完成 / done")
    if not quiet:
        render_summary(result.summary, console, f"{result.period} 免申即享匹配结果 / match — 批次 {result.run_id}")
    total = sum(result.timings.values())
    console.print(
        f"写入 {result.out}：{result.offers:,} 条结果，{len(result.files)} 个文件，用时 {total:.1f} 秒\n"
        f"wrote {result.out}: {result.offers:,} offers, {len(result.files)} files in {total:.1f} s"
    )
    if result.rejected:
        console.print(
            f"[yellow]{result.rejected:,} 处输入错误，{result.rejected_rows:,} 行未参与匹配，见 rejected.csv[/yellow]\n"
            f"[yellow]{result.rejected:,} input problems: {result.rejected_rows:,} rows left out, "
            "see rejected.csv[/yellow]"
        )
