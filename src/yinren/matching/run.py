"""免申即享: match a whole city for one month and write offers, summary, rosters and the rejected rows.

    run_match(Path("city"), "2024-06", Path("run"))

reads the extract, sets bad rows aside (rejected.csv names table, row, column and rule), evaluates every
measure over the valid rows as of the period's last day, and writes, all at once (see `output`):

    offers.parquet            one row per offered unit: the result identity, amount, source table,
                              department, clause, as_of and policy version
    summary.csv / summary_departments.csv / summary.json
    rosters/<department>.xlsx and .csv   cash offers, per lead department
    rejected.csv              the problems of the rows left out
    manifest.json             the run: id, period, policy version, input digests, counts, files

`engine="dask"` evaluates on a Dask cluster (a scheduler address, or a local cluster of `workers`
processes) and writes the same files.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import polars as pl

from yinren.policies import load_policy
from yinren.rules import (
    EXTRACT_SUFFIXES,
    EvaluationError,
    Policy,
    Problem,
    Tables,
    dates,
    encode,
    evaluate,
    read_extract,
    schema,
    split_valid,
    write_problems_csv,
)

from .offers import KEY, evaluation_offers, sort_offers
from .output import GENERATOR, MANIFEST, OutputError, StagedOutput
from .rosters import RosterMeta, write_rosters
from .summary import Summary, summarize, write_summary

Engine = Literal["local", "dask"]
Progress = Callable[[str], None]
LOCAL_STAGES = ("read", "validate", "encode", "evaluate", "offers", "write", "summary", "rosters", "commit")
DASK_STAGES = ("read", "validate", "cluster", "offers", "write", "summary", "rosters", "commit")
STAGE_LABELS = {
    "read": "读取并校验 / read and validate",
    "validate": "剔除错误行 / set bad rows aside",
    "encode": "编码 / encode",
    "evaluate": "评估 / evaluate",
    "cluster": "集群评估 / evaluate on the cluster",
    "offers": "整理结果 / collect offers",
    "write": "写入结果 / write offers",
    "summary": "汇总 / summary",
    "rosters": "发放名单 / rosters",
    "commit": "落盘 / commit",
}


class MatchError(RuntimeError):
    """The match cannot be made (no city, a bad period, a table that cannot be read); said in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_en} / {message_zh}")
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class MatchResult:
    out: Path
    run_id: str
    period: str
    as_of: date
    policy_version: str
    engine: str
    rows: dict[str, int]  # valid rows evaluated, per table
    rejected: int  # problems reported in rejected.csv
    rejected_rows: int  # rows left out because of them
    offers: int
    summary: Summary
    files: list[str]
    timings: dict[str, float] = field(default_factory=dict)


def stages(engine: Engine) -> tuple[str, ...]:
    return DASK_STAGES if engine == "dask" else LOCAL_STAGES


class _Clock:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


class _Digest(threading.Thread):
    """The inputs' SHA-256, computed beside the read (hashlib lets go of the GIL on large buffers)."""

    def __init__(self, files: list[Path]) -> None:
        super().__init__(daemon=True)
        self.files = files
        self.digests: dict[str, str] = {}
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for path in self.files:
                with path.open("rb") as handle:
                    self.digests[path.name] = hashlib.file_digest(handle, "sha256").hexdigest()
        except BaseException as error:  # reported by the caller, after the read says what is wrong
            self.error = error


def _table_files(city: Path) -> list[Path]:
    """The files `read_extract` reads: `<table>.parquet` or `<table>.csv`."""
    return sorted(
        p for p in city.iterdir() if p.is_file() and p.stem in schema.TABLES and p.suffix.lower() in EXTRACT_SUFFIXES
    )


def run_id_of(period: str, policy_version: str, digests: dict[str, str]) -> str:
    """The batch's id, from what decides its content: period, policy version and the input files."""
    text = json.dumps({"period": period, "policy": policy_version, "inputs": digests}, sort_keys=True)
    return f"{period}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def run_match(
    city: Path,
    period: str,
    out: Path,
    *,
    engine: Engine = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    partitions: int | None = None,
    policy_name: str = "hohhot_2023",
    progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> MatchResult:
    """Match the city in `city` for `period` (YYYY-MM) and write the run to `out` (see the module)."""
    try:
        as_of = dates.period_end(period)
    except ValueError as error:
        raise MatchError(
            f"期间应为 YYYY-MM 格式，收到 {period!r}", f"period must be YYYY-MM, got {period!r}"
        ) from error
    if engine not in ("local", "dask"):
        raise MatchError(f"未知引擎 {engine!r}（local 或 dask）", f"unknown engine {engine!r} (local or dask)")
    if not city.is_dir():
        raise MatchError(f"找不到城市数据目录 {city}", f"no such city directory: {city}")
    policy = load_policy(policy_name)
    if as_of < policy.effective_from:
        raise MatchError(
            f"期间 {period} 早于政策生效日 {policy.effective_from}",
            f"period {period} is before the policy took effect on {policy.effective_from}",
        )
    clock = _Clock(progress)
    digest = _Digest(_table_files(city))
    digest.start()
    try:
        with StagedOutput(out) as staged:
            result = _run(
                city,
                period,
                as_of,
                staged.path,
                policy,
                clock,
                digest,
                engine,
                scheduler,
                workers,
                partitions,
                generated_at,
            )
            with clock.stage("commit"):
                staged.commit()
    except OutputError as error:
        text = str(error)
        raise MatchError(text, text) from error
    result.out = staged.out
    result.timings = clock.timings
    return result


def _load(city: Path, clock: _Clock) -> tuple[Tables, list[Problem], pl.DataFrame]:
    """The valid rows of the city, every problem, and the problems as the rejected report.

    A problem of a whole file (unreadable, a required column missing, a file that is no table) stops the
    run: evaluating without a table would pay wrongly, not just less.
    """
    if not _table_files(city):
        raise MatchError(
            f"{city} 中没有任何数据表文件（<表名>.parquet 或 .csv）",
            f"{city} holds no table file (<table>.parquet or .csv)",
        )
    with clock.stage("read"):
        tables, problems = read_extract(city)
    fatal = [p for p in problems if p.row == 0]
    if fatal:
        more_zh = f"（另有{len(fatal) - 1}处）" if len(fatal) > 1 else ""
        more_en = f" (+{len(fatal) - 1} more)" if len(fatal) > 1 else ""
        raise MatchError(
            f"城市数据无法读取：{fatal[0].message_zh}{more_zh}",
            f"the city cannot be read: {fatal[0].message_en}{more_en}",
        )
    with clock.stage("validate"):
        valid, rejected = split_valid(tables, problems)
        # One chunk per column: the engine gathers ids by code, and polars gathers from many chunks slowly.
        valid = Tables({name: frame.rechunk() for name, frame in valid.frames.items()})
    return valid, problems, rejected


def _run(
    city: Path,
    period: str,
    as_of: date,
    staging: Path,
    policy: Policy,
    clock: _Clock,
    digest: _Digest,
    engine: Engine,
    scheduler: str | None,
    workers: int | None,
    partitions: int | None,
    generated_at: datetime | None,
) -> MatchResult:
    valid, problems, rejected = _load(city, clock)
    rows = valid.row_counts()
    persons = valid["persons"].select("person_id", "name")  # for the rosters: shares the columns' memory
    enterprises = valid["enterprises"].select("enterprise_id", "name")
    handoff = [valid]
    del valid  # the engine's encoding replaces the tables: let them go as soon as it has read them
    offers = _offers(handoff, as_of, policy, clock, engine, scheduler, workers, partitions)
    digest.join()
    if digest.error is not None:
        raise MatchError(f"读取输入文件失败：{digest.error}", f"cannot read the input files: {digest.error}")
    run_id = run_id_of(period, policy.version, digest.digests)
    keyed, offers = offers, offers.drop(KEY, strict=False)  # the key numbers this evaluation only
    meta = {
        "generator": GENERATOR,
        "run_id": run_id,
        "period": period,
        "as_of": as_of.isoformat(),
        "policy_version": policy.version,
        "engine": engine,
    }
    # offers.parquet is written beside the summary and the rosters: the Parquet writer, polars and zlib
    # let go of the GIL, so the two overlap on two cores. Leaving the block waits for the writer, even on
    # an error, before the staging directory is removed.
    with ThreadPoolExecutor(max_workers=1) as writer:
        parquet = writer.submit(_write_offers, offers, staging / "offers.parquet")
        with clock.stage("write"):
            write_problems_csv(problems, staging / "rejected.csv")
        with clock.stage("summary"):
            summary = summarize(keyed, policy)
            del keyed
            write_summary(summary, staging, meta)
        with clock.stage("rosters"):
            roster_meta = RosterMeta(
                run_id, generated_at or datetime.now().replace(microsecond=0), period, as_of, policy.version
            )
            write_rosters(offers, persons, enterprises, policy, roster_meta, staging / "rosters")
        with clock.stage("write"):
            clock.timings["offers.parquet"] = parquet.result()
    files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
    result = MatchResult(
        out=Path(),
        run_id=run_id,
        period=period,
        as_of=as_of,
        policy_version=policy.version,
        engine=engine,
        rows=rows,
        rejected=rejected.height,
        rejected_rows=rejected.filter(pl.col("row") > 0).select("table", "row").unique().height,
        offers=offers.height,
        summary=summary,
        files=[*files, MANIFEST],
    )
    manifest = {
        **meta,
        "generated_at": roster_meta.generated_at.isoformat(),
        "inputs": digest.digests,
        "rows": result.rows,
        "rejected": result.rejected,
        "rejected_rows": result.rejected_rows,
        "offers": result.offers,
        "files": result.files,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


def _write_offers(offers: pl.DataFrame, path: Path) -> float:
    """offers.parquet (zstd; no column statistics: min/max of millions of ids cost more than they help)."""
    start = time.perf_counter()
    offers.write_parquet(path, compression="zstd", compression_level=1, statistics=False)
    return time.perf_counter() - start


def _offers(
    handoff: list[Tables],
    as_of: date,
    policy: Policy,
    clock: _Clock,
    engine: Engine,
    scheduler: str | None,
    workers: int | None,
    partitions: int | None,
) -> pl.DataFrame:
    try:
        if engine == "dask":
            from .dask_engine import match_on_dask

            with clock.stage("cluster"):
                found = match_on_dask(
                    handoff.pop(),
                    as_of,
                    policy_name=policy.id,
                    scheduler=scheduler,
                    workers=workers,
                    partitions=partitions,
                )
            with clock.stage("offers"):
                found = sort_offers(found, policy)  # the parts' offers, merged into the canonical order
        else:
            with clock.stage("encode"):
                encoded = encode(handoff.pop(), policy.receipt_domains())  # receipts too, not mid-evaluation
            with clock.stage("evaluate"):
                evaluation = evaluate(encoded, as_of, policy=policy)
            with clock.stage("offers"):
                found = evaluation_offers(evaluation, keys=True)  # in the engine's order
    except EvaluationError as error:
        raise MatchError(f"评估失败：{error}", f"evaluation failed: {error}") from error
    return found
