"""Single-case speed: `check` on each example, in-process, all measures, explanation included.

Target (issue 2): median at most 5 ms.  Run: .venv/bin/python benchmarks/check_single.py
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

from yinren.policies import load_policy
from yinren.rules import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROUNDS = 300


def main() -> None:
    policy = load_policy()
    timings: dict[str, float] = {}
    everything: list[float] = []
    cpu_samples: list[float] = []  # CPU time of this thread: less distorted by other load than wall time
    for path in sorted(EXAMPLES.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        as_of = date.fromisoformat(document["as_of"])
        for _ in range(20):  # warm up caches and numpy's first calls
            check(document, as_of, policy=policy)
        samples = []
        for _ in range(ROUNDS):
            start, cpu = time.perf_counter(), time.thread_time()
            check(document, as_of, policy=policy)
            samples.append(time.perf_counter() - start)
            cpu_samples.append(time.thread_time() - cpu)
        timings[path.stem] = statistics.median(samples)
        everything.extend(samples)
    width = max(map(len, timings))
    for name, seconds in timings.items():
        print(f"{name:<{width}}  median {seconds * 1000:6.2f} ms")
    quantiles = statistics.quantiles(everything, n=100)
    print(f"{'all examples, CPU time':<{width}}  median {statistics.median(cpu_samples) * 1000:6.2f} ms")
    print(
        f"{'all examples':<{width}}  median {statistics.median(everything) * 1000:6.2f} ms"
        f"  p90 {quantiles[89] * 1000:6.2f} ms  p99 {quantiles[98] * 1000:6.2f} ms  ({len(everything)} checks)"
    )


if __name__ == "__main__":
    main()
