"""The batched explanation (`rules._batch._Batch.explain`) alone, or the whole same-day calculator path
(`--whole`: `check_many` and the JSON of each answer, 16 cases a group), in-process, for counting
instructions.

The machine's speed swings by ±20 % from minute to minute, more than most changes to the explanation
are worth; valgrind's instruction count does not swing. Run it with one pass and with two: the
difference is one warm pass over ``--cases`` same-day cases, 16 per batch (the first pass also fills the
explanation's caches).

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/explain_batches.py --passes 1
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/explain_batches.py --passes 2
    .venv/bin/python benchmarks/explain_batches.py --time      # CPU time per case of a warm pass instead
    ... benchmarks/explain_batches.py --whole --passes 1        # and --passes 2: the whole path
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import check_bodies

from yinren.applications.precheck import _dumps, prepare
from yinren.measures.schemas import CheckRequest
from yinren.policies import load_policy
from yinren.rules._batch import _Batch, _merged, _tag, _tagged, check_many, evaluate, read_case_parsed


def batches(count: int) -> list[_Batch]:
    policy, built = load_policy(), []
    bodies = check_bodies(count, distinct_dates=True, same_day=True)
    for start in range(0, count, 16):
        requests = [CheckRequest.model_validate_json(body) for body in bodies[start : start + 16]]
        cases = [read_case_parsed(request.document())[0] for request in requests]
        tagged = [_tagged(case, _tag(number)) for number, case in enumerate(cases)]
        evaluation = evaluate(_merged(tagged), requests[0].as_of or date(2024, 6, 30), policy=policy)
        built.append(_Batch(evaluation, tagged))
    return built


def groups(count: int) -> list[list[CheckRequest]]:
    bodies = check_bodies(count, distinct_dates=True, same_day=True)
    requests = [CheckRequest.model_validate_json(body) for body in bodies]
    return [requests[start : start + 16] for start in range(0, count, 16)]


def check_all(built: list[list[CheckRequest]]) -> None:
    policy = load_policy()
    for group in built:
        as_of = group[0].as_of or date(2024, 6, 30)
        for answer in check_many([(r.document(), r.lang) for r in group], as_of, policy=policy):
            _dumps(answer)


def explain_all(built: list[_Batch]) -> None:
    for batch in built:
        for number in range(len(batch.cases)):
            batch.explain(number, "zh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=1, help="explain every case this many times")
    parser.add_argument("--time", action="store_true", help="print the CPU time per case of a warm pass")
    parser.add_argument("--whole", action="store_true", help="check_many and JSON, not the explanation alone")
    args = parser.parse_args()
    if args.whole:
        grouped = groups(args.cases)
        run: Callable[[], None] = lambda: check_all(grouped)  # noqa: E731
    else:
        built = batches(args.cases)
        run = lambda: explain_all(built)  # noqa: E731
    prepare()  # as a server worker does: the policy loaded, the objects so far frozen out of the collector
    if args.time:
        run()
        start = time.thread_time()
        run()
        print(f"CPU per case: {(time.thread_time() - start) / args.cases * 1000:.3f} ms")
        return
    for _ in range(args.passes):
        run()


if __name__ == "__main__":
    main()
