from __future__ import annotations

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from yinren.cli import _db, _demo, app  # noqa: F401


def test_demo_creates_every_role_and_every_state(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YINREN_COOKIE_SECURE", "false")  # as the demo sets it, restored afterwards
    monkeypatch.setenv("YINREN_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("YINREN_ARGON2_MEMORY_COST", "1024")
    monkeypatch.setenv("YINREN_ARGON2_PARALLELISM", "1")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--database-url", url])
    assert result.exit_code == 0, result.output
    for role in ("resident", "employer", "reviewer", "department_head", "supervisor", "admin"):
        assert role in result.output
    engine = create_engine(url)
    with engine.connect() as connection:
        states = {row[0] for row in connection.execute(text("SELECT DISTINCT state FROM applications"))}
        offers = {row[0] for row in connection.execute(text("SELECT DISTINCT state FROM offers"))}
        entries = {row[0] for row in connection.execute(text("SELECT DISTINCT state FROM payment_entries"))}
    engine.dispose()
    assert states == {"draft", "submitted", "in_review", "approved", "rejected", "returned", "withdrawn", "paid"}
    assert offers == {"offered", "confirmed", "accepted", "paid", "declined", "withdrawn", "superseded"}
    assert entries == {"pending", "batched", "paid"}
    again = CliRunner().invoke(app, ["demo", "--no-serve", "--database-url", url])
    assert again.exit_code == 0 and "already" in again.output


def test_db_upgrade_command(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = CliRunner().invoke(app, ["db", "upgrade", "--database-url", url])
    assert result.exit_code == 0, result.output
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
    engine.dispose()


def _head() -> str:
    """The newest packaged migration: every migration added later stays covered by this test."""
    from alembic.script import ScriptDirectory

    from yinren.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
