"""CPU per cold `POST /api/check` body, in-process: request parsing, engine, explanation and JSON.

Each body is a case never asked before (the load benchmark's cold scenario), so the per-process report
cache never answers. Thread CPU time, so other load on the machine distorts it little.

    .venv/bin/python benchmarks/check_cold.py            # 2,000 cases after 300 of warm-up
    .venv/bin/python benchmarks/check_cold.py --profile  # and the 40 costliest functions (cProfile)
    .venv/bin/python benchmarks/check_cold.py --together 16  # same-day cases, 16 evaluated at once

`--together N` answers the same-day scenario as the endpoint's micro-batches do: N cases per engine
call (`rules._batch.check_many`), each explained and serialised alone.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import check_bodies

from yinren.applications import precheck
from yinren.measures.schemas import CheckRequest
from yinren.policies import load_policy
from yinren.rules._batch import check_many

WARM_UP = 300


def answer(body: str) -> bytes:
    request = CheckRequest.model_validate_json(body)
    return precheck.calculate_json(request.document(), request.as_of or date(2024, 6, 30), request.lang)


def answer_together(bodies: list[str]) -> list[bytes]:
    requests = [CheckRequest.model_validate_json(body) for body in bodies]
    as_of = requests[0].as_of or date(2024, 6, 30)
    answers = check_many([(r.document(), r.lang) for r in requests], as_of, policy=load_policy())
    return [precheck._dumps(answer) for answer in answers]


def together(size: int, cases: int) -> None:
    bodies = check_bodies(WARM_UP + cases, distinct_dates=True, same_day=True)
    groups = [bodies[start : start + size] for start in range(0, len(bodies), size)]
    warm, measured = groups[: WARM_UP // size], groups[WARM_UP // size :]
    for group in warm:
        answer_together(group)
    start = time.thread_time()
    for group in measured:
        answer_together(group)
    total = time.thread_time() - start
    count = sum(map(len, measured))
    print(f"cold same-day checks, {size} together, CPU per case: mean {total / count * 1000:.3f} ms over {count} cases")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--together", type=int, default=0, help="evaluate this many same-day cases at once")
    args = parser.parse_args()
    if args.together:
        together(args.together, args.cases)
        return
    bodies = check_bodies(WARM_UP + 2 * args.cases, distinct_dates=True)
    for body in bodies[:WARM_UP]:
        answer(body)
    measured = bodies[WARM_UP : WARM_UP + args.cases]
    samples = []
    for body in measured:
        start = time.thread_time()
        answer(body)
        samples.append(time.thread_time() - start)
    total = sum(samples)
    print(
        f"cold check, CPU per case: mean {total / len(samples) * 1000:.3f} ms, "
        f"median {statistics.median(samples) * 1000:.3f} ms over {len(samples)} cases"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [answer(body) for body in bodies[WARM_UP + args.cases :]])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
