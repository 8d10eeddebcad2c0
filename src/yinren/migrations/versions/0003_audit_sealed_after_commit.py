"""The audit log is sealed after commit: lines are written unsealed and linked by the sealer

Writers used to lock the chain's head from their audit append until their commit, so every audited
write on PostgreSQL waited for the one before it. Now a line gets its own ``id`` when written and its
``seq``, ``prev_hash`` and ``hash`` when sealed (``audit/service.py``); existing lines keep their seq and
get ``id = seq``. The triggers still refuse DELETE, and refuse UPDATE except sealing an unsealed line
without touching what it records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 20:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT = ("id", "at", "actor_id", "actor", "actor_role", "action", "object_type", "object_id", "details")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_postgresql() -> None:
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.drop_constraint("pk_audit_log", "audit_log", type_="primary")
    op.add_column("audit_log", sa.Column("id", sa.BigInteger(), nullable=True))
    op.execute("UPDATE audit_log SET id = seq")
    op.execute("CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id")
    op.execute("SELECT setval('audit_log_id_seq', COALESCE((SELECT max(id) FROM audit_log), 0) + 1, false)")
    op.alter_column("audit_log", "id", nullable=False, server_default=sa.text("nextval('audit_log_id_seq')"))
    op.create_primary_key("pk_audit_log", "audit_log", ["id"])
    for column in ("seq", "prev_hash", "hash"):
        op.alter_column("audit_log", column, nullable=True)
    op.create_unique_constraint("uq_audit_log_seq", "audit_log", ["seq"])
    old = ", ".join(f"OLD.{name}" for name in CONTENT)
    new = ", ".join(f"NEW.{name}" for name in CONTENT)
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
               AND ROW({new}) IS NOT DISTINCT FROM ROW({old}) THEN
                RETURN NEW;  -- sealing an unsealed line
            END IF;
            RAISE EXCEPTION 'audit_log is append-only';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )


def _upgrade_sqlite() -> None:
    # SQLite cannot change a primary key in place: build the table anew and copy the lines.
    op.execute("DROP TRIGGER audit_log_no_update")
    op.execute("DROP TRIGGER audit_log_no_delete")
    op.create_table(
        "audit_log_sealed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=128), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_log_seq")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    columns = "seq, at, actor_id, actor, actor_role, action, object_type, object_id, details, prev_hash, hash"
    op.execute(f"INSERT INTO audit_log_sealed (id, {columns}) SELECT seq, {columns} FROM audit_log ORDER BY seq")
    op.drop_index("ix_audit_log_action", table_name="audit_log")
    op.drop_table("audit_log")
    op.rename_table("audit_log_sealed", "audit_log")
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"], unique=False)
    unchanged = " AND ".join(f"NEW.{name} IS OLD.{name}" for name in CONTENT)
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        f"WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND {unchanged}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )


def downgrade() -> None:
    raise NotImplementedError(
        "0003 cannot be undone: lines written after it have no seq until sealed, and 0002's log had none such"
    )
