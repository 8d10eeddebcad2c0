"""Server-side render time of every page, with the demo data (issue 5: under 200 ms each).

Seeds a fresh SQLite database exactly as ``yinren demo`` does, logs in as each kind of user through the
login form, and asks each page ROUNDS times in-process (Starlette's TestClient: no network, so the time
is the server's: routing, queries, the engine where a page uses it, and Jinja2). Prints median, p95 and
max per page and fails (exit 1) if any page answers other than 200 or a median passes the budget.

Run: .venv/bin/python benchmarks/pages.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from yinren.app import create_app
from yinren.config import Settings
from yinren.db import Database
from yinren.demo.seed import PASSWORD, seed
from yinren.migrations import upgrade

BUDGET_SECONDS = 0.200

PAGES: dict[str | None, list[str]] = {
    None: ["/", "/measures/m10_graduate_rent", "/calculator", "/login"],
    "xiaoming": ["/me", "/applications/1"],
    "qingcheng": ["/employer", "/me"],
    "reviewer1": ["/review", "/review/cases/1", "/review/offers"],
    "head1": ["/payments", "/department"],
    "supervisor": [
        "/supervision",
        "/supervision/measures/m10",
        "/supervision/departments/市人社局",
        "/supervision/report",
    ],
    "admin": ["/supervision/targets"],
}


def _client(directory: Path) -> TestClient:
    url = f"sqlite:///{directory / 'yinren.db'}"
    upgrade(url)
    settings = Settings(database_url=url, secret_key="bench", cookie_secure=False)
    database = Database.from_settings(settings)
    seed(database, settings)
    return TestClient(create_app(settings, database))


def _time(client: TestClient, path: str, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path, follow_redirects=False)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as directory:
        client = _client(Path(directory))
        print(f"{'user':<11} {'page':<44} {'median':>8} {'p95':>8} {'max':>8}")
        for user, paths in PAGES.items():
            client.cookies.clear()
            if user is not None:
                answer = client.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
                if answer.status_code != 303:
                    raise SystemExit(f"login as {user}: HTTP {answer.status_code}")
            for path in paths:
                _time(client, path, 3)  # warm: templates compiled, caches filled
                samples = sorted(_time(client, path, args.rounds))
                median, p95 = statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]
                failed |= median > BUDGET_SECONDS
                flag = "  OVER BUDGET" if median > BUDGET_SECONDS else ""
                times = f"{median * 1e3:7.1f}ms {p95 * 1e3:7.1f}ms {samples[-1] * 1e3:7.1f}ms"
                print(f"{user or '-':<11} {path:<44} {times}{flag}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
