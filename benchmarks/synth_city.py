"""Synthetic-city speed and memory: `generate` and `write_city` at 375,000 and 3,750,000 persons.

Target (issue 免申即享): 3,750,000 persons plus related tables in well under a minute and a few GiB.
Run: .venv/bin/python benchmarks/synth_city.py [PEOPLE ...]
Each size runs in a fresh process, so the peak RSS (resource.getrusage, ru_maxrss) is that size's own.
Wall and CPU seconds are both shown: on a shared machine the CPU time is the steadier figure (the
Parquet writer uses more than one thread, so its CPU time can exceed its wall time).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (375_000, 3_750_000)
SEED = 7
PERIOD = "2024-06"


def measure(people: int) -> dict[str, object]:
    from yinren.synth import generate, write_city

    start, start_cpu = time.perf_counter(), time.process_time()
    tables = generate(people, SEED, PERIOD)
    generated, generated_cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as directory:
        paths = write_city(tables, directory)
        written, written_cpu = time.perf_counter(), time.process_time()
        size = sum(path.stat().st_size for path in paths)
    return {
        "people": people,
        "generate_s": generated - start,
        "write_s": written - generated,
        "generate_cpu_s": generated_cpu - start_cpu,
        "write_cpu_s": written_cpu - generated_cpu,
        "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,  # KiB on Linux
        "parquet_mib": size / 1024**2,
        "rows": sum(tables.row_counts().values()),
        "row_counts": tables.row_counts(),
    }


def main(sizes: list[int]) -> None:
    for people in sizes:
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(people)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout)
        print(
            f"{result['people']:>10,} persons  generate {result['generate_s']:5.1f} s "
            f"(cpu {result['generate_cpu_s']:5.1f} s)  write {result['write_s']:5.1f} s "
            f"(cpu {result['write_cpu_s']:5.1f} s)  peak RSS {result['peak_rss_gib']:5.2f} GiB  "
            f"{result['rows']:>11,} rows  {result['parquet_mib']:6.1f} MiB Parquet"
        )
        print("           " + ", ".join(f"{name} {count:,}" for name, count in result["row_counts"].items()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or list(SIZES))
