"""`POST /api/check` through the app in-process, called as an ASGI application (no socket, no uvicorn).

By default with questions it has answered before, so that the engine does no work and what is measured
is the web stack's own cost: FastAPI, the middleware, reading and validating the body, the cache lookup.
With ``--cold``, same-day questions never asked before, ``--together`` at a time (as the connections
of one worker bring them): the whole app path of the calculator, engine and micro-batches included.

    .venv/bin/python benchmarks/asgi_check.py                 # CPU per request, 6,000 requests
    .venv/bin/python benchmarks/asgi_check.py --profile       # and cProfile's top functions
    .venv/bin/python benchmarks/asgi_check.py --cold --requests 1600 --together 16

For instruction counts (steady where the machine's speed is not), run under valgrind with two request
counts and subtract, as for explain_batches.py:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        .venv/bin/python benchmarks/asgi_check.py --cold --requests 800     # and --requests 1600

Uses a SQLite file in a temporary folder (the endpoint reads no database; the app needs one to start).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import WARM_CASES, check_bodies

from yinren.app import create_app
from yinren.applications import precheck
from yinren.config import Settings


async def call(app: Any, body: bytes) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/check",
        "raw_path": b"/api/check",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8765"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if sent[0]["status"] != 200:
        raise SystemExit(f"the app answered {sent[0]['status']}: {sent}")


async def measure(app: Any, bodies: list[bytes], requests: int, profile: cProfile.Profile | None) -> float:
    for body in bodies * 3:  # each question answered once, so that the rest come from the cache
        await call(app, body)
    if profile:
        profile.enable()
    start = time.thread_time()
    for number in range(requests):
        await call(app, bodies[number % len(bodies)])
    spent = time.thread_time() - start
    if profile:
        profile.disable()
    return spent / requests


async def measure_cold(app: Any, bodies: list[bytes], together: int, profile: cProfile.Profile | None) -> float:
    """Every body once, `together` at a time: each group waits in the calculator's queue together."""
    warm_up, bodies = bodies[:together], bodies[together:]
    await asyncio.gather(*(call(app, body) for body in warm_up))
    if profile:
        profile.enable()
    start = time.thread_time()
    for first in range(0, len(bodies), together):
        await asyncio.gather(*(call(app, body) for body in bodies[first : first + together]))
    spent = time.thread_time() - start
    if profile:
        profile.disable()
    return spent / len(bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's 30 costliest functions")
    parser.add_argument("--cold", action="store_true", help="same-day questions never asked before")
    parser.add_argument("--together", type=int, default=16, help="with --cold: questions in flight at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/asgi.db", secret_key="benchmark-secret-" * 2)
        app = create_app(settings)
        precheck.prepare()  # as the app's lifespan does in a server
        profile = cProfile.Profile() if args.profile else None
        if args.cold:
            fresh = check_bodies(args.requests + args.together, distinct_dates=True, same_day=True)
            seconds = asyncio.run(measure_cold(app, [body.encode() for body in fresh], args.together, profile))
            print(f"new same-day POST /api/check in-process, {args.together} at a time: ", end="")
        else:
            bodies = [body.encode() for body in check_bodies(WARM_CASES, distinct_dates=False)]
            seconds = asyncio.run(measure(app, bodies, args.requests, profile))
            print("cached POST /api/check in-process: ", end="")
        print(f"{seconds * 1e6:.0f} µs CPU per request")
        if profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
