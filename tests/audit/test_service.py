from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from yinren.audit import service as audit
from yinren.audit.sealer import Sealer
from yinren.kit.actor import SYSTEM, Actor


def _log(db, count: int, *, sealed: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Audited transactions, then (as the running service's sealer does) sealed into the chain."""
    actor = Actor(user_id=1, username="reviewer", role="reviewer", department="市人社局")
    for number in range(count):
        with db.transaction() as session:
            audit.record(session, actor, "application.approved", "application", number, amount_fen=30000)
    if sealed:
        Sealer(db, 0.01).seal_once(wait=True)


def _lines(db) -> list[tuple[int, int | None, str | None]]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT id, seq, hash FROM audit_log ORDER BY id"))]


@pytest.fixture
def unguarded(db):  # type: ignore[no-untyped-def]
    """What someone with DDL rights would do first: remove the append-only triggers (restored after)."""
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            connection.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
    yield db
    if db.dialect == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
                )
            )


def _verify(db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        audit.seal_all(session)  # as `yinren audit verify` does
        return audit.verify(session)


def test_the_chain_verifies_and_is_append_only(db) -> None:
    _log(db, 5)
    result = _verify(db)
    assert result.ok and result.entries == 5
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET details = '{}' WHERE seq = 2"))
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))


def test_an_altered_entry_is_detected(unguarded) -> None:
    db = unguarded
    _log(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET details = :d WHERE seq = 3"), {"d": '{"amount_fen":3000000}'})
    result = _verify(db)
    assert not result.ok and result.first_bad_seq == 3
    assert "altered" in (result.problem_en or "") and "修改" in (result.problem_zh or "")


def test_a_deleted_entry_is_detected(unguarded) -> None:
    db = unguarded
    _log(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    result = _verify(db)
    assert not result.ok and result.first_bad_seq == 2 and "missing" in (result.problem_en or "")


def test_entries_cut_from_the_end_are_detected(unguarded) -> None:
    db = unguarded
    _log(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq >= 4"))
    result = _verify(db)
    assert not result.ok and result.first_bad_seq == 4


def test_a_rolled_back_transaction_leaves_no_audit_line(db) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        audit.record(session, SYSTEM, "never", "thing", 1)
        raise RuntimeError
    assert _verify(db).entries == 0


def test_cli_verify_exits_1_naming_the_first_bad_entry(unguarded, database_url) -> None:
    db = unguarded
    from yinren.cli import _audit, app  # noqa: F401

    _log(db, 3)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--database-url", database_url])
    assert ok.exit_code == 0 and "3 entries" in ok.output
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"))
    bad = runner.invoke(app, ["audit", "verify", "--database-url", database_url])
    assert bad.exit_code == 1
    assert "entry 2" in bad.output and "第 2 条" in bad.output


def test_lines_are_written_unsealed_and_sealed_in_order(db) -> None:
    _log(db, 3, sealed=False)
    lines = _lines(db)
    if db.dialect == "postgresql":  # writers do not link the chain: the sealer does, after commit
        assert [(seq, digest) for _, seq, digest in lines] == [(None, None)] * 3
        assert Sealer(db, 0.01).seal_once(wait=True) == 3
    else:  # SQLite's writer holds the database lock anyway and seals its own lines
        assert Sealer(db, 0.01).seal_once(wait=True) == 0
    sealed = _lines(db)
    assert [seq for _, seq, _ in sealed] == [1, 2, 3] and all(digest for _, _, digest in sealed)
    assert _verify(db).ok


def test_sealing_may_not_change_what_a_line_records(db) -> None:
    _log(db, 1, sealed=False)
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone else', seq = 9, hash = 'x' WHERE id = 1"))
    Sealer(db, 0.01).seal_once(wait=True)
    with pytest.raises(DBAPIError), db.engine.begin() as connection:  # a sealed line is never touched again
        connection.execute(text("UPDATE audit_log SET seq = 9, hash = 'x' WHERE id = 1"))
    assert _verify(db).ok


def test_the_service_seals_while_it_runs(db) -> None:
    sealer = Sealer(db, 0.02)
    sealer.start()
    try:
        _log(db, 4, sealed=False)
        deadline = time.monotonic() + 10
        while any(seq is None for _, seq, _ in _lines(db)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [seq for _, seq, _ in _lines(db)] == [1, 2, 3, 4]
        _log(db, 2, sealed=False)
    finally:
        sealer.stop()  # seals what was written before it stopped
    assert [seq for _, seq, _ in _lines(db)] == [1, 2, 3, 4, 5, 6]


def test_concurrent_writers_and_two_workers_sealers_make_one_gapless_chain(db) -> None:
    """Eight writers at once while two sealers (two workers') compete for the head: every line sealed
    exactly once, seq 1..N without a gap, and the chain verifies."""
    from concurrent.futures import ThreadPoolExecutor

    sealers = [Sealer(db, 0.005), Sealer(db, 0.007)]
    for sealer in sealers:
        sealer.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: _log(db, 10, sealed=False), range(8)))
    finally:
        for sealer in sealers:
            sealer.stop()
    lines = _lines(db)
    assert len(lines) == 80
    assert sorted(seq for _, seq, _ in lines) == list(range(1, 81))
    assert len({digest for _, _, digest in lines}) == 80
    result = _verify(db)
    assert result.ok and result.entries == 80 and result.unsealed == 0


def test_verify_reads_only_and_counts_what_waits_for_the_sealer(db) -> None:
    _log(db, 2)
    _log(db, 3, sealed=False)
    with db.transaction() as session:
        result = audit.verify(session)
    waiting = 3 if db.dialect == "postgresql" else 0  # SQLite's writers seal their own lines
    assert result.ok and result.entries == 5 - waiting and result.unsealed == waiting
    assert sum(seq is None for _, seq, _ in _lines(db)) == waiting  # verify sealed nothing
