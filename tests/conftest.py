"""Shared fixtures. Services a test needs (PostgreSQL, a browser) fail the test when CI=true and skip it
with a clear reason elsewhere.

The ``database_url`` fixture runs a test on SQLite (a fresh copy of a migrated file) and on PostgreSQL
(a schema of its own per test session at 127.0.0.1:5432, emptied before each test).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI") == "true"
PG_BASE_URL = os.environ.get("YINREN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_configure(config: pytest.Config) -> None:
    # Starlette's TestClient prefers the httpx2 package and warns when it falls back to httpx.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient` is deprecated")


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}")
    pytest.skip(reason)


def _pg_connect(url: str):  # type: ignore[no-untyped-def]
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname=parsed.database or "test",
        autocommit=True,
        connect_timeout=3,
    )


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh schema in the test database, migrated to head; dropped at the end of the session."""
    base, connection, failure = PG_BASE_URL, None, None
    for candidate in (PG_BASE_URL, PG_BASE_URL.replace("://postgres@", "://root@")):
        try:
            connection, base = _pg_connect(candidate), candidate
            break
        except Exception as error:  # trust auth as postgres, else as root
            failure = error
    if connection is None:
        unavailable(f"PostgreSQL at {PG_BASE_URL} is not reachable ({failure.__class__.__name__}: {failure})")
    schema = f"yinren_t_{os.getpid()}_{secrets.token_hex(3)}"
    connection.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{base}?options=-csearch_path%3D{schema}"
    from yinren.migrations import upgrade

    try:
        upgrade(url)
        yield url
    finally:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
        connection.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from yinren.migrations import upgrade

    path = tmp_path_factory.mktemp("template") / "yinren.db"
    upgrade(f"sqlite:///{path}")
    return path


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from yinren.models import GENESIS_HASH, Base

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            connection.execute(text(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS_HASH}')"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "yinren.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    _empty_postgres(url)
    return url


# --- the service ---------------------------------------------------------------------------------


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    from yinren.config import Settings

    return Settings(
        database_url=database_url,
        secret_key="test-secret-key",
        cookie_secure=False,
        argon2_time_cost=1,
        argon2_memory_cost=1024,
        argon2_parallelism=1,
        sqlite_busy_timeout=60,
    )


@pytest.fixture
def db(settings):  # type: ignore[no-untyped-def]
    from yinren.db import Database

    database = Database.from_settings(settings)
    yield database
    database.dispose()


@pytest.fixture
def client(settings, db):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from yinren.app import create_app

    with TestClient(create_app(settings, db)) as test_client:
        yield test_client


@pytest.fixture
def people(db, settings, client):  # type: ignore[no-untyped-def]
    """Make users and log them in: ``people.login("resident")`` → headers with a bearer token."""
    from tests.helpers import People

    return People(db, settings, client)
