"""免申即享 over a whole synthetic city: `yinren match` stage by stage, at 375,000 and 3,750,000 persons.

Targets (issue 3), on this 2-core machine at 3,750,000 persons: evaluation of every measure (condition
results kept) at most 1 s; end to end (read Parquet, validate, evaluate, write offers, summary and rosters)
at most 15 s; peak memory at most 4 GiB.

Run:  .venv/bin/python benchmarks/match_city.py [--cache DIR] [--profile] [PEOPLE ...]

Cities are generated once (`yinren.synth.generate`, seed 7, period 2024-06) into the cache directory
(default ~/.cache/yinren/bench, or $YINREN_BENCH_CACHE; never the repository) and reused. Each size is
matched in a fresh process, so its peak RSS (resource.getrusage) is its own. `--profile` also times each
measure inside the evaluation. Wall and CPU seconds are both shown: on a shared machine CPU is steadier.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SIZES = (375_000, 3_750_000)
SEED = 7
PERIOD = "2024-06"
STAGES = ("read", "validate", "encode", "evaluate", "offers", "write", "summary", "rosters", "commit")
# offers.parquet is written in a thread beside summary and rosters: its own time, not in the sum.
OVERLAPPED = ("offers.parquet",)


def cache_dir(given: str | None) -> Path:
    default = Path(os.environ.get("YINREN_BENCH_CACHE", Path.home() / ".cache" / "yinren" / "bench"))
    return Path(given) if given else default


def city(cache: Path, people: int) -> Path:
    """The cached city of this size, generated (in a child process) when absent."""
    folder = cache / f"city-{people}-seed{SEED}-{PERIOD}"
    if not (folder / ".complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, __file__, "--generate", str(people), str(folder)], check=True)
    return folder


def generate(people: int, folder: Path) -> None:
    from yinren.synth import generate as make
    from yinren.synth import write_city

    write_city(make(people, SEED, PERIOD), folder)
    (folder / ".complete").write_text("ok\n")


def measure(folder: Path, out: Path, profile: bool) -> dict[str, Any]:
    """One match, in this (fresh) process: the run's stage timings, CPU time, peak RSS, counts."""
    from yinren.matching import run_match

    per_measure: dict[str, float] = {}
    if profile:
        from yinren.rules import _evaluate

        original = _evaluate.evaluate_measure

        def timed(measure: Any, context: Any, policy: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(measure, context, policy)
            finally:
                per_measure[measure.id] = time.perf_counter() - start

        _evaluate.evaluate_measure = timed  # type: ignore[assignment]
    start, start_cpu = time.perf_counter(), time.process_time()
    result = run_match(folder, PERIOD, out)
    return {
        "timings": result.timings,
        "wall_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - start_cpu,
        "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "offers": result.offers,
        "cash_offers": int(result.summary.measures.filter(kind="cash")["offers"].sum()),
        "rejected": result.rejected,
        "rows": result.rows,
        "per_measure": per_measure,
    }


def report(people: int, result: dict[str, Any]) -> None:
    timings = result["timings"]
    print(
        f"{people:>10,} persons  end to end {result['wall_s']:6.2f} s (cpu {result['cpu_s']:6.2f} s)  "
        f"peak RSS {result['peak_rss_gib']:5.2f} GiB  {result['offers']:,} offers "
        f"({result['cash_offers']:,} cash)  {result['rejected']:,} problems"
    )
    print("           " + "  ".join(f"{stage} {timings.get(stage, 0.0):.2f}" for stage in STAGES))
    print("           overlapped: " + "  ".join(f"{name} {timings.get(name, 0.0):.2f}" for name in OVERLAPPED))
    if result["per_measure"]:
        ranked = sorted(result["per_measure"].items(), key=lambda item: -item[1])
        print("           evaluate by measure: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in ranked))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--cache", help="where cities and runs are kept (not the repository)")
    parser.add_argument("--profile", action="store_true", help="time every measure inside the evaluation")
    args = parser.parse_args(argv)
    cache = cache_dir(args.cache)
    results = {}
    for people in args.people:
        folder = city(cache, people)
        command = [sys.executable, __file__, "--child", str(folder), str(cache / f"run-{people}")]
        child = subprocess.run([*command, *(["--profile"] if args.profile else [])], check=True, capture_output=True)
        results[people] = json.loads(child.stdout)
        report(people, results[people])
    if len(results) > 1:
        (small, a), (large, b) = sorted(results.items())[0], sorted(results.items())[-1]
        scale = large / small
        print(f"growth for {scale:g}x the persons:")
        for stage in (*STAGES, "total"):
            before = a["wall_s"] if stage == "total" else a["timings"].get(stage, 0.0)
            after = b["wall_s"] if stage == "total" else b["timings"].get(stage, 0.0)
            print(f"  {stage:<9} {before:7.2f} s -> {after:7.2f} s  x{after / before if before else float('nan'):.1f}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]), "--profile" in sys.argv[4:])))
    elif len(sys.argv) == 4 and sys.argv[1] == "--generate":
        generate(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(sys.argv[1:])
