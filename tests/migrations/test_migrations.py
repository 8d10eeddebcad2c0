from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import _pg_connect
from yinren.migrations import upgrade
from yinren.models import GENESIS_HASH, Base


def test_the_migrations_build_exactly_the_models(database_url) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            indexes = {index["name"] for index in inspect(connection).get_indexes("payment_entries")}
            assert {"uq_payment_entries_identity", "uq_payment_entries_once"} <= indexes
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url_at_0002(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to 0002 only (before the audit chain was sealed after commit)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        upgrade(url, "0002")
        yield url
        return
    base = make_url(request.getfixturevalue("pg_url"))
    schema = f"yinren_old_{secrets.token_hex(4)}"
    connection = _pg_connect(base.render_as_string(hide_password=False))
    connection.execute(f'CREATE SCHEMA "{schema}"')
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        upgrade(url, "0002")
        yield url
    finally:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
        connection.close()


def test_0003_keeps_an_existing_chain_and_goes_on_from_it(url_at_0002) -> None:
    from yinren.audit import service as audit
    from yinren.config import Settings
    from yinren.db import Database
    from yinren.kit.actor import SYSTEM

    engine = create_engine(url_at_0002)
    previous, lines = GENESIS_HASH, []
    for seq in (1, 2, 3):
        line = SimpleNamespace(
            seq=seq,
            at=datetime(2026, 1, seq, 8, 0, tzinfo=UTC),
            actor_id=None,
            actor="system",
            actor_role="system",
            action="application.approved",
            object_type="application",
            object_id=str(seq),
            details='{"amount_fen":30000}',
            prev_hash=previous,
        )
        line.hash = previous = audit.entry_hash(line)  # type: ignore[arg-type]
        lines.append(vars(line))
    columns = ", ".join(lines[0])
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO audit_log ({columns}) VALUES (:{', :'.join(lines[0])})"), lines)
        connection.execute(text("UPDATE audit_head SET seq = 3, hash = :h WHERE id = 1"), {"h": previous})
    engine.dispose()

    upgrade(url_at_0002)
    database = Database.from_settings(Settings(database_url=url_at_0002, secret_key="x"))
    try:
        with database.transaction() as session:
            result = audit.verify(session)
        assert result.ok and result.entries == 3
        with database.transaction() as session:
            audit.record(session, SYSTEM, "application.paid", "application", 1)
        with database.transaction() as session:
            audit.seal_all(session)
            assert audit.verify(session).entries == 4
        with database.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, seq, prev_hash FROM audit_log ORDER BY id")).all()
        assert [(row.id, row.seq) for row in rows] == [(1, 1), (2, 2), (3, 3), (4, 4)]
        assert rows[3].prev_hash == previous  # the new line links to the chain as it stood
    finally:
        database.dispose()
