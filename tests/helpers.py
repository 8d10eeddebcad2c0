"""Helpers for the service tests: users of every role, logged in with bearer tokens."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from yinren.accounts import service as accounts
from yinren.accounts.schemas import UserCreate
from yinren.config import Settings
from yinren.db import Database
from yinren.demo import facts
from yinren.kit.actor import SYSTEM

PASSWORD = "correct horse battery"
_serial = itertools.count(1)


@dataclass
class Person:
    username: str
    role: str
    headers: dict[str, str]
    user_id: int
    person_id: str | None = None
    enterprise_id: str | None = None
    department: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


class People:
    def __init__(self, db: Database, settings: Settings, client: TestClient) -> None:
        self.db, self.settings, self.client = db, settings, client

    def create(self, role: str, *, department: str | None = None, **identity: Any) -> int:
        serial = next(_serial)
        username = identity.pop("username", f"{role}{serial}")
        if role == "resident" and "person_id" not in identity:
            identity["person_id"] = facts.person_id(serial)
        if role == "employer" and "enterprise_id" not in identity:
            identity["enterprise_id"] = facts.enterprise_id(1000 + serial)
        if role in ("reviewer", "department_head"):
            department = department or "市人社局"
        data = UserCreate(
            username=username,
            password=PASSWORD,
            role=role,
            display_name=username,
            department=department,
            **identity,
        )
        with self.db.transaction() as session:
            return accounts.create_user(session, self.settings, SYSTEM, data).id

    def login(self, role: str, *, department: str | None = None, **identity: Any) -> Person:
        """A new user of ``role``; a resident is a 2023 graduate working in Hohhot (m10_graduate_rent)."""
        serial = next(_serial)
        document: dict[str, Any] = {}
        if role == "resident" and "person_id" not in identity:
            document = facts.graduate(serial, facts.enterprise_id(1), purchase=True)
            identity["person_id"] = document["person"]["person_id"]
        username = f"{role}_{serial}"
        self.create(role, department=department, username=username, **identity)
        response = self.client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        body = response.json()
        return Person(
            username=username,
            role=role,
            headers={"Authorization": f"Bearer {body['access_token']}"},
            user_id=body["user"]["id"],
            person_id=body["user"]["person_id"],
            enterprise_id=body["user"]["enterprise_id"],
            department=body["user"]["department"],
            facts=document,
        )


def application_body(person: Person, measure_id: str = "m10_graduate_rent", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "measure_id": measure_id,
        "facts": person.facts,
        "as_of": date(2024, 6, 30).isoformat(),
        "idempotency_key": f"key-{next(_serial):08d}",
    }
    body.update(extra)
    return body


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """``yinren.app:create_app`` under a real uvicorn in a subprocess (kill -9 able)."""

    def __init__(self, database_url: str, **env: str) -> None:
        import os

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "YINREN_DATABASE_URL": database_url,
            "YINREN_SECRET_KEY": "test-secret-key",
            "YINREN_COOKIE_SECURE": "false",
            "YINREN_ARGON2_TIME_COST": "1",
            "YINREN_ARGON2_MEMORY_COST": "1024",
            "YINREN_ARGON2_PARALLELISM": "1",
            "YINREN_SQLITE_BUSY_TIMEOUT": "60",
            "YINREN_DB_POOL_SIZE": "20",
            "YINREN_DB_MAX_OVERFLOW": "40",
            **env,
        }
        self.process: Any = None

    def start(self) -> Server:
        import subprocess
        import sys
        import time

        import httpx

        command = [sys.executable, "-m", "uvicorn", "yinren.app:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/measures", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("uvicorn did not start within 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no cleanup, as a crash."""
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def token(base_url: str, username: str) -> dict[str, str]:
    import httpx

    response = httpx.post(f"{base_url}/api/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
