"""Load the API over loopback with 32 concurrent clients (wrk), served by uvicorn.

    .venv/bin/python benchmarks/api_load.py                       # both scenarios, 15 s each
    .venv/bin/python benchmarks/api_load.py --duration 10 --workers 2

Scenarios:
- ``check``: POST /api/check, no login. ``cold``: every request a case not asked before (the engine
  runs each time), each on its own as_of; ``cold_same_day``: cases not asked before, all as of one day
  (the calculator's traffic: as of today), which the endpoint evaluates in micro-batches; ``warm``: 64
  distinct cases asked over and over (answers come from the per-process cache of recent reports).
- ``submit``: POST /api/applications with ``submit: true`` (create, engine pre-check, store, audit) on
  PostgreSQL, each request with its own idempotency key and a distinct case; afterwards the database must
  hold exactly as many applications as answers of 201 ("none lost").

Needs Debian's wrk (``apt-get install wrk``) and the PostgreSQL at 127.0.0.1:5432 (database ``test``).
The figures go to docs/benchmarks.md by hand, with the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from yinren.demo import facts

SOURCE = Path(__file__).resolve().parents[1] / "src"  # this tree's code, for the server too

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "yinren_bench"
PASSWORD = "benchmark password"
WARM_CASES = 64
WARM_UP_CASES = 20_000

LUA = r"""
local bodies = {}
local headers = {}
counter = 0
created = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local file = io.open(args[1], "r")
  for line in file:lines() do table.insert(bodies, line) end
  file:close()
  headers["Content-Type"] = "application/json"
  if args[2] ~= nil and args[2] ~= "" then headers["Authorization"] = "Bearer " .. args[2] end
  per_thread = tonumber(args[3])
end

function request()
  counter = counter + 1
  local index = ((id - 1) * per_thread + counter - 1) % #bodies + 1
  local body = bodies[index]
  body = string.gsub(body, "@KEY@", "bench-key-" .. id .. "-" .. counter)
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then created = created + 1 end
end

function done(summary, latency, requests)
  local total_created = 0
  local codes = {}
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    local s = thread:get("statuses")
    for code, n in pairs(s) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, '"' .. code .. '":' .. n) end
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
  io.write(string.format('RESULT {"requests":%d,"errors":%d,"seconds":%.3f,', summary.requests, failed,
    summary.duration / 1e6))
  io.write(string.format('"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,',
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format('"created":%d,"statuses":{%s}}\n', total_created, table.concat(parts, ",")))
end
"""


def _graduate(serial: int) -> dict[str, object]:
    return facts.graduate(serial, facts.enterprise_id(1), purchase=True)


def check_bodies(count: int, distinct_dates: bool, same_day: bool = False) -> list[str]:
    """Graduates' questions: `distinct_dates` makes each a case never asked before (another balance and
    as_of each time); `same_day` keeps those distinct cases but asks them all as of one day, as the
    calculator's visitors do (as of today)."""
    start = date(2024, 1, 1)
    lines = []
    for number in range(count):
        document = _graduate(number % WARM_CASES if not distinct_dates else number % 997)
        as_of = start + timedelta(days=number % 700) if distinct_dates and not same_day else date(2024, 6, 30)
        person = document["person"]
        assert isinstance(person, dict)
        person["provident_fund_balance"] = 8000 + (number if distinct_dates else 0)
        lines.append(json.dumps({"as_of": as_of.isoformat(), **document}, ensure_ascii=False))
    return lines


def submit_bodies(document: dict[str, object], count: int) -> list[str]:
    lines = []
    for number in range(count):
        varied = json.loads(json.dumps(document))
        varied["person"]["provident_fund_balance"] = 8000 + number  # a distinct case each time
        body = {
            "measure_id": "m10_graduate_rent",
            "facts": varied,
            "as_of": "2024-06-30",
            "idempotency_key": "@KEY@",
            "submit": True,
        }
        lines.append(json.dumps(body, ensure_ascii=False))
    return lines


def run_wrk(url: str, bodies: list[str], seconds: int, connections: int, token: str = "") -> dict[str, object]:
    threads = 2
    with tempfile.TemporaryDirectory() as folder:
        script, data = Path(folder, "load.lua"), Path(folder, "bodies.jsonl")
        script.write_text(LUA)
        data.write_text("\n".join(bodies) + "\n")
        per_thread = max(1, len(bodies) // threads)
        command = [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
            "--",
            str(data),
            token,
            str(per_thread),
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if finished.returncode != 0:
            raise SystemExit(f"wrk failed: {finished.stdout}\n{finished.stderr}")
        output = finished.stdout
    match = re.search(r"RESULT (\{.*\})", output)
    assert match, output
    result: dict[str, object] = json.loads(match.group(1))
    result["rps"] = round(float(result["requests"]) / float(result["seconds"]), 1)  # type: ignore[arg-type]
    return result


def _stat(pid: int) -> list[str] | None:
    """A process's /proc stat fields after its name (None when it is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def cpu_seconds(pids: Iterable[int]) -> float:
    """CPU time (user + system) of these processes, from /proc; a process gone meanwhile counts nothing."""
    ticks = sum(int(fields[11]) + int(fields[12]) for pid in pids if (fields := _stat(pid)) is not None)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(pid: int) -> float:
    """`cpu_seconds` of a process and all its descendants (uvicorn's workers)."""
    parents = {
        int(entry.name): int(fields[1])
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None
    }
    family, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grown = bool(more)
    return cpu_seconds(family)


def with_server_cpu(server: subprocess.Popen[bytes], run: Callable[[], dict[str, object]]) -> dict[str, object]:
    """`run()`'s result, with the server's CPU time per answered request: steadier than the rate, which
    moves with how the kernel happened to share the connections between the workers."""
    before = server_cpu_seconds(server.pid)
    result = run()
    spent = server_cpu_seconds(server.pid) - before
    result["server_cpu_ms_per_request"] = round(spent * 1000 / max(1, int(result["requests"])), 3)  # type: ignore[call-overload]
    return result


def wait_until_idle(server: subprocess.Popen[bytes], quiet: float = 0.05, seconds: float = 60) -> None:
    """Wait for every worker to have started, not only the one that answered first: a worker still
    starting accepts no connection, so wrk's would all go to the others for the whole run. Started
    workers are idle: the server's CPU time stops growing."""
    deadline = time.monotonic() + seconds
    last = server_cpu_seconds(server.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server_cpu_seconds(server.pid)
        if now - last < quiet:
            return
        last = now


def prepare_postgres() -> str:
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        connection.execute(f"CREATE SCHEMA {SCHEMA}")
    url = f"{PG}?options=-csearch_path%3D{SCHEMA}"
    from yinren.migrations import upgrade

    upgrade(url)
    return url


def create_resident(url: str, document: dict[str, object]) -> None:
    from yinren.accounts import service as accounts
    from yinren.accounts.schemas import UserCreate
    from yinren.config import Settings
    from yinren.db import Database
    from yinren.kit.actor import SYSTEM

    settings = Settings(database_url=url)
    database = Database.from_settings(settings)
    person = document["person"]
    assert isinstance(person, dict)
    with database.transaction() as session:
        accounts.create_user(
            session,
            settings,
            SYSTEM,
            UserCreate(
                username="bench_resident",
                password=PASSWORD,
                role="resident",
                display_name="压测居民",
                person_id=person["person_id"],
            ),
        )
    database.dispose()


def count_applications() -> int:
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test") as connection:
        row = connection.execute(f"SELECT count(*) FROM {SCHEMA}.applications").fetchone()
        assert row is not None
        return int(row[0])


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        # This tree's code, not whichever the environment has installed: old and new can be compared
        # by running this script from each one's worktree.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE), os.environ.get("PYTHONPATH")])),
        "YINREN_DATABASE_URL": url,
        "YINREN_SECRET_KEY": "benchmark-secret",
        "YINREN_DB_POOL_SIZE": "16",
        "YINREN_DB_MAX_OVERFLOW": "8",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "yinren.app:create_app",
        "--factory",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, env=env)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/measures", timeout=1).status_code == 200:
                wait_until_idle(process)
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("uvicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--warm-up",
        type=int,
        default=0,
        help="with --only same-day: seconds of other same-day cases first, unmeasured (a server in service is warm)",
    )
    parser.add_argument(
        "--only",
        choices=("check", "same-day", "submit"),
        help="run only the check scenarios, only check_cold_same_day, or only the submissions",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk: apt-get install wrk")
    url = prepare_postgres()
    document = _graduate(4242)
    create_resident(url, document)
    server = serve(url, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    results: dict[str, object] = {}
    try:
        if args.only in (None, "check"):
            results.update(check_scenarios(base, args))
        if args.only == "same-day":
            today = check_bodies(60_000 + WARM_UP_CASES, distinct_dates=True, same_day=True)
            if args.warm_up:  # other cases than those measured: the measured ones are still never asked before
                run_wrk(f"{base}/api/check", today[60_000:], args.warm_up, args.connections)
            results["check_cold_same_day"] = with_server_cpu(
                server, lambda: run_wrk(f"{base}/api/check", today[:60_000], args.duration, args.connections)
            )
        if args.only in (None, "submit"):
            results["submit_postgres"] = submit_scenario(base, document, args)
    finally:
        server.terminate()
        server.wait(30)
    print(json.dumps(results, indent=2))


def check_scenarios(base: str, args: argparse.Namespace) -> dict[str, object]:
    results: dict[str, object] = {}
    warm = check_bodies(WARM_CASES, distinct_dates=False)
    for body in warm * 2 * args.workers:  # fill every worker's cache (connections land at random)
        httpx.post(f"{base}/api/check", content=body, headers={"Content-Type": "application/json"}, timeout=60)
    results["check_warm"] = run_wrk(f"{base}/api/check", warm, args.duration, args.connections)
    cold = check_bodies(60_000, distinct_dates=True)
    results["check_cold"] = run_wrk(f"{base}/api/check", cold, args.duration, args.connections)
    today = check_bodies(60_000, distinct_dates=True, same_day=True)
    results["check_cold_same_day"] = run_wrk(f"{base}/api/check", today, args.duration, args.connections)
    return results


def submit_scenario(base: str, document: dict[str, object], args: argparse.Namespace) -> dict[str, object]:
    token = httpx.post(f"{base}/api/auth/token", json={"username": "bench_resident", "password": PASSWORD}).json()
    submissions = submit_bodies(document, 40_000)
    before = count_applications()
    submitted = run_wrk(f"{base}/api/applications", submissions, args.duration, args.connections, token["access_token"])
    time.sleep(1)
    stored = count_applications() - before
    created = int(submitted["created"])  # type: ignore[call-overload]
    # A 201 is sent only after the commit, so every answered submission must be stored; requests
    # still in flight when wrk stops are stored too, with their answers unread (at most one per
    # connection).
    submitted["stored"] = stored
    submitted["in_flight_at_stop"] = stored - created
    submitted["lost"] = max(0, created - stored)
    assert 0 <= stored - created <= args.connections, (stored, created)
    return submitted


if __name__ == "__main__":
    main()
