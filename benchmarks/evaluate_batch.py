"""Batch speed: N synthetic persons (with their jobs, homes, births, firms, receipts) evaluated together.

Target (issue 2): 100,000 cases in under 1 s.  Run: .venv/bin/python benchmarks/evaluate_batch.py [N ...]
Reports encoding (polars -> numpy) and evaluation (all 15 measures, every condition kept) separately.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from yinren.policies import load_policy
from yinren.rules import encode, evaluate
from yinren.synth import generate

AS_OF = date(2024, 6, 30)


def run(people: int) -> None:
    tables = generate(people, seed=7, period="2024-06")
    policy = load_policy()
    evaluate(encode(generate(5_000, seed=1)), AS_OF, policy=policy)  # warm-up
    start = time.perf_counter()
    encoded = encode(tables, policy.receipt_domains())
    encoded_at = time.perf_counter()
    evaluation = evaluate(encoded, AS_OF, policy=policy)
    evaluated_at = time.perf_counter()
    offers = evaluation.offers()
    done = time.perf_counter()
    rows = sum(tables.row_counts().values())
    print(
        f"{people:>9,} persons ({rows:,} rows): encode {encoded_at - start:6.3f} s  "
        f"evaluate {evaluated_at - encoded_at:6.3f} s  offers {done - evaluated_at:6.3f} s  "
        f"-> {offers.height:,} offers"
    )
    slowest = sorted(((r.measure.id, r.size) for r in evaluation.results()), key=lambda item: -item[1])[:3]
    print("           largest unit counts:", ", ".join(f"{m} {n:,}" for m, n in slowest))


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000]
    for people in sizes:
        run(people)


if __name__ == "__main__":
    main()
