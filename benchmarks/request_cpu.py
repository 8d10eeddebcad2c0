"""CPU per request, server and PostgreSQL: one uvicorn worker, requests one after another over one
connection, so that each figure is the work of one request and nothing waits on anything else.

    .venv/bin/python benchmarks/request_cpu.py                      # submit, list, measures; 500 each
    .venv/bin/python benchmarks/request_cpu.py --requests 1000 submit

- ``submit``: ``POST /api/applications`` with ``submit: true`` (as ``api_load.py``'s submissions);
- ``list``: ``GET /api/applications?limit=1`` (authentication, one query, the answer);
- ``measures``: ``GET /api/measures`` (no login, no database: the HTTP stack alone).

The server's CPU is read from /proc for the uvicorn process, PostgreSQL's as the sum over its
processes, before and after the timed requests (after 50 untimed ones). Needs the PostgreSQL at
127.0.0.1:5432 (database ``test``); uses the schema ``yinren_bench`` as ``api_load.py`` does.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from api_load import PASSWORD, _graduate, cpu_seconds, create_resident, prepare_postgres, serve, submit_bodies

WARM_UP = 50


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _request(client: httpx.Client, kind: str, bodies: list[str]) -> Callable[[int], None]:
    def submit(number: int) -> None:
        body = bodies[number].replace("@KEY@", f"cpu-key-{number:07d}")
        response = client.post("/api/applications", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, response.text

    def listing(_: int) -> None:
        assert client.get("/api/applications?limit=1").status_code == 200

    def measures(_: int) -> None:
        assert client.get("/api/measures").status_code == 200

    return {"submit": submit, "list": listing, "measures": measures}[kind]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kinds", nargs="*", default=["submit", "list", "measures"])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    url = prepare_postgres()
    document = _graduate(4242)
    create_resident(url, document)
    server = serve(url, args.port, workers=1)
    base = f"http://127.0.0.1:{args.port}"
    bodies = submit_bodies(document, (WARM_UP + args.requests) * len(args.kinds))
    try:
        token = httpx.post(f"{base}/api/auth/token", json={"username": "bench_resident", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            number = 0
            for kind in args.kinds:
                send = _request(client, kind, bodies)
                for _ in range(WARM_UP):
                    send(number)
                    number += 1
                postgres = _postgres_pids()
                server_before, postgres_before = cpu_seconds([server.pid]), cpu_seconds(postgres)
                started = time.perf_counter()
                for _ in range(args.requests):
                    send(number)
                    number += 1
                wall = time.perf_counter() - started
                server_cpu = cpu_seconds([server.pid]) - server_before
                postgres_cpu = cpu_seconds(postgres) - postgres_before
                print(
                    f"{kind:9s} wall {wall / args.requests * 1000:6.2f} ms   server CPU "
                    f"{server_cpu / args.requests * 1000:6.2f} ms   PostgreSQL CPU "
                    f"{postgres_cpu / args.requests * 1000:5.2f} ms   ({args.requests} requests)"
                )
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
