"""Engines and sessions. Transactions end here: the request dependency (or ``Database.transaction``)
commits on success and rolls back on error; services and repositories never commit.

SQLite (the embedded default) runs in WAL mode and opens every transaction with ``BEGIN IMMEDIATE``,
so writers queue on the database lock (with a busy timeout) instead of failing when a read lock cannot be
upgraded. PostgreSQL runs at READ COMMITTED; the guarantees of the ledger rest on its constraints.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from .config import Settings
from .kit import jsonutil


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_db_engine(settings: Settings, url: str | None = None, **options: Any) -> Engine:
    """An engine for the settings' database (or ``url``), set up for this service's concurrency."""
    url = url or settings.database_url
    options.setdefault("json_serializer", jsonutil.dumps)
    options.setdefault("pool_size", settings.db_pool_size)
    options.setdefault("max_overflow", settings.db_max_overflow)
    if is_sqlite(url):
        return _sqlite_engine(url, settings, **options)
    options.setdefault("pool_pre_ping", settings.db_pool_pre_ping)
    return create_engine(url, **options)


def _sqlite_engine(url: str, settings: Settings, **options: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout},
        **options,
    )
    busy_ms = int(settings.sqlite_busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN (pysqlite's implicit BEGIN is DEFERRED).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """An engine and its session factory; one per process (``app.state.db``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_settings(cls, settings: Settings, url: str | None = None) -> Database:
        return cls(create_db_engine(settings, url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends normally, roll back when it raises."""
        with self.sessionmaker() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


async def get_database(request: Request) -> Database:  # async: no thread-pool trip for a lookup
    return _database(request)


def _database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session: committed after the endpoint returns (before the response is sent).

    An async generator, so that opening the session (which does no I/O: the connection is taken at the
    first query) costs no trip to the thread pool; only the commit or rollback goes there, once.
    """
    session = _database(request).sessionmaker()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_rollback_and_close, session)
        raise
    if session.in_transaction():
        await run_in_threadpool(_commit_and_close, session)
    else:  # already ended by `end_reads`: nothing to send, so no trip to the thread pool
        session.close()


async def end_reads(session: Session) -> None:
    """Commit the request's transaction now, before the endpoint writes elsewhere (see `applications.intake`).

    On SQLite every transaction holds the database's write lock from its first statement, so a request
    that authenticated in its own session must end it before another session may write.
    """
    if session.in_transaction():
        await run_in_threadpool(session.commit)


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


DatabaseDep = Annotated[Database, Depends(get_database)]
# At most this many requests hold a session (and a connection) at once; the rest wait without taking a
# worker thread. It stays well below the thread pool (40), so the request holding SQLite's write lock
# always finds a thread to finish on, and below the connection pool (pool_size + max_overflow).
MAX_SESSIONS = 16
SessionDep = Annotated[Session, Depends(get_session, scope="function", max_concurrency=MAX_SESSIONS)]
