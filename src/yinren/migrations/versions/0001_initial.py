"""The initial schema: accounts, applications, offers, the ledger and the audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-26 15:32:38.549374
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

GENESIS_HASH = "0" * 64


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=128), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"], unique=False)

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"], unique=False)
    op.create_index("ix_login_attempts_username_at", "login_attempts", ["username", "at"], unique=False)

    op.create_table(
        "payment_limits",
        sa.Column("measure_id", sa.String(length=64), nullable=False),
        sa.Column("beneficiary_id", sa.String(length=18), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("max_amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("max_months", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "measure_id <> 'm02_sme_award' OR max_amount_fen IS NOT NULL",
            name=op.f("ck_payment_limits_m02_cap"),
        ),
        sa.CheckConstraint(
            "measure_id <> 'm10_graduate_rent' OR (max_months IS NOT NULL AND max_months <= 24)",
            name=op.f("ck_payment_limits_m10_rent_months"),
        ),
        sa.CheckConstraint("amount_fen >= 0 AND months >= 0", name=op.f("ck_payment_limits_non_negative")),
        sa.CheckConstraint(
            "max_amount_fen IS NULL OR amount_fen <= max_amount_fen",
            name=op.f("ck_payment_limits_amount_cap"),
        ),
        sa.CheckConstraint("max_months IS NULL OR months <= max_months", name=op.f("ck_payment_limits_months_cap")),
        sa.PrimaryKeyConstraint("measure_id", "beneficiary_id", name=op.f("pk_payment_limits")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.String(length=18), nullable=True),
        sa.Column("enterprise_id", sa.String(length=18), nullable=True),
        sa.Column("department", sa.String(length=32), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(role IN ('reviewer', 'department_head')) = (department IS NOT NULL)",
            name=op.f("ck_users_department"),
        ),
        sa.CheckConstraint(
            "role <> 'employer' OR enterprise_id IS NOT NULL", name=op.f("ck_users_employer_enterprise")
        ),
        sa.CheckConstraint("role <> 'resident' OR person_id IS NOT NULL", name=op.f("ck_users_resident_person")),
        sa.CheckConstraint(
            "role IN ('resident', 'employer', 'reviewer', 'department_head', 'supervisor', 'admin')",
            name=op.f("ck_users_role"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("person_id", name=op.f("uq_users_person_id")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_enterprise_id"), "users", ["enterprise_id"], unique=False)

    op.create_table(
        "applications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("applicant_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("measure_id", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("subject_kind", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.String(length=18), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reviewer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("precheck", sa.JSON(), nullable=True),
        sa.Column("precheck_eligible", sa.Boolean(), nullable=True),
        sa.Column("precheck_amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'in_review', 'approved', 'rejected', 'returned', 'withdrawn', 'paid')",
            name=op.f("ck_applications_state"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'withdrawn') OR precheck IS NOT NULL",
            name=op.f("ck_applications_precheck_stored"),
        ),
        sa.CheckConstraint(
            "state NOT IN ('rejected', 'returned') OR reason IS NOT NULL",
            name=op.f("ck_applications_reason_required"),
        ),
        sa.CheckConstraint("subject_kind IN ('person', 'enterprise')", name=op.f("ck_applications_subject_kind")),
        sa.ForeignKeyConstraint(["applicant_id"], ["users.id"], name=op.f("fk_applications_applicant_id_users")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_applications_reviewer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint(
            "applicant_id", "idempotency_key", name=op.f("uq_applications_applicant_id_idempotency_key")
        ),
    )
    op.create_index(op.f("ix_applications_applicant_id"), "applications", ["applicant_id"], unique=False)
    op.create_index("ix_applications_department_state", "applications", ["department", "state"], unique=False)
    op.create_index(op.f("ix_applications_subject_id"), "applications", ["subject_id"], unique=False)

    op.create_table(
        "disbursement_batches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(state = 'paid') = (paid_at IS NOT NULL)", name=op.f("ck_disbursement_batches_paid_at")),
        sa.CheckConstraint("state IN ('open', 'paying', 'paid')", name=op.f("ck_disbursement_batches_state")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_disbursement_batches_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disbursement_batches")),
        sa.UniqueConstraint("reference", name=op.f("uq_disbursement_batches_reference")),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("measure_id", sa.String(length=64), nullable=False),
        sa.Column("beneficiary_id", sa.String(length=18), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lead_department", sa.String(length=32), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("payee_account", sa.String(length=64), nullable=True),
        sa.Column("superseded_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("confirmed_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state <> 'withdrawn' OR reason IS NOT NULL", name=op.f("ck_offers_reason_required")),
        sa.CheckConstraint(
            "state IN ('offered', 'confirmed', 'accepted', 'paid', 'declined', 'withdrawn', 'superseded')",
            name=op.f("ck_offers_state"),
        ),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_offers_amount_non_negative")),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["users.id"], name=op.f("fk_offers_confirmed_by_id_users")),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["offers.id"], name=op.f("fk_offers_superseded_by_id_offers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    op.create_index(op.f("ix_offers_beneficiary_id"), "offers", ["beneficiary_id"], unique=False)
    op.create_index("ix_offers_department_state", "offers", ["lead_department", "state"], unique=False)
    op.create_index(op.f("ix_offers_run_id"), "offers", ["run_id"], unique=False)
    op.create_index(
        "uq_offers_live_identity",
        "offers",
        ["measure_id", "beneficiary_id", "source_id", "period"],
        unique=True,
        sqlite_where=sa.text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
        postgresql_where=sa.text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
    )

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('cookie', 'bearer')", name=op.f("ck_user_sessions_kind")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)

    op.create_table(
        "application_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_application_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    op.create_index(
        op.f("ix_application_events_application_id"), "application_events", ["application_id"], unique=False
    )

    op.create_table(
        "payment_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("measure_id", sa.String(length=64), nullable=False),
        sa.Column("beneficiary_id", sa.String(length=18), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("claim_key", sa.String(length=128), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("offer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("payee_account", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(period = '') = (claim_key IS NOT NULL)", name=op.f("ck_payment_entries_claim_key_one_time")
        ),
        sa.CheckConstraint("(state = 'paid') = (paid_at IS NOT NULL)", name=op.f("ck_payment_entries_paid_at")),
        sa.CheckConstraint(
            "CASE measure_id WHEN 'm04_hiring_subsidy' THEN claim_key = source_id "
            "WHEN 'm06_startup_rent' THEN claim_key = beneficiary_id "
            "WHEN 'm10_graduate_purchase' THEN claim_key = beneficiary_id ELSE 1 = 1 END",
            name=op.f("ck_payment_entries_once_per_person_key"),
        ),
        sa.CheckConstraint(
            "state IN ('pending', 'batched', 'paid', 'cancelled')", name=op.f("ck_payment_entries_state")
        ),
        sa.CheckConstraint(
            "state NOT IN ('batched', 'paid') OR batch_id IS NOT NULL",
            name=op.f("ck_payment_entries_batched"),
        ),
        sa.CheckConstraint(
            "(application_id IS NULL) <> (offer_id IS NULL)", name=op.f("ck_payment_entries_one_origin")
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_payment_entries_amount_positive")),
        sa.CheckConstraint("months >= 0", name=op.f("ck_payment_entries_months_non_negative")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_payment_entries_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["disbursement_batches.id"],
            name=op.f("fk_payment_entries_batch_id_disbursement_batches"),
        ),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_payment_entries_offer_id_offers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_entries")),
    )
    op.create_index(op.f("ix_payment_entries_application_id"), "payment_entries", ["application_id"], unique=False)
    op.create_index(op.f("ix_payment_entries_batch_id"), "payment_entries", ["batch_id"], unique=False)
    op.create_index(op.f("ix_payment_entries_beneficiary_id"), "payment_entries", ["beneficiary_id"], unique=False)
    op.create_index("ix_payment_entries_department_state", "payment_entries", ["department", "state"], unique=False)
    op.create_index(op.f("ix_payment_entries_offer_id"), "payment_entries", ["offer_id"], unique=False)
    op.create_index(
        "uq_payment_entries_identity",
        "payment_entries",
        ["measure_id", "beneficiary_id", "source_id", "period"],
        unique=True,
        sqlite_where=sa.text("state <> 'cancelled'"),
        postgresql_where=sa.text("state <> 'cancelled'"),
    )
    op.create_index(
        "uq_payment_entries_once",
        "payment_entries",
        ["measure_id", "claim_key"],
        unique=True,
        sqlite_where=sa.text("state <> 'cancelled'"),
        postgresql_where=sa.text("state <> 'cancelled'"),
    )
    _audit_log_append_only()
    op.execute(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GENESIS_HASH}')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_index(
        "uq_payment_entries_once",
        sqlite_where=sa.text("state <> 'cancelled'"),
        postgresql_where=sa.text("state <> 'cancelled'"),
        table_name="payment_entries",
    )
    op.drop_index(
        "uq_payment_entries_identity",
        sqlite_where=sa.text("state <> 'cancelled'"),
        postgresql_where=sa.text("state <> 'cancelled'"),
        table_name="payment_entries",
    )
    op.drop_index(op.f("ix_payment_entries_offer_id"), table_name="payment_entries")
    op.drop_index("ix_payment_entries_department_state", table_name="payment_entries")
    op.drop_index(op.f("ix_payment_entries_beneficiary_id"), table_name="payment_entries")
    op.drop_index(op.f("ix_payment_entries_batch_id"), table_name="payment_entries")
    op.drop_index(op.f("ix_payment_entries_application_id"), table_name="payment_entries")

    op.drop_table("payment_entries")
    op.drop_index(op.f("ix_application_events_application_id"), table_name="application_events")

    op.drop_table("application_events")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")

    op.drop_table("user_sessions")
    op.drop_index(
        "uq_offers_live_identity",
        sqlite_where=sa.text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
        postgresql_where=sa.text("state IN ('offered', 'confirmed', 'accepted', 'paid')"),
        table_name="offers",
    )
    op.drop_index(op.f("ix_offers_run_id"), table_name="offers")
    op.drop_index("ix_offers_department_state", table_name="offers")
    op.drop_index(op.f("ix_offers_beneficiary_id"), table_name="offers")

    op.drop_table("offers")
    op.drop_table("disbursement_batches")
    op.drop_index(op.f("ix_applications_subject_id"), table_name="applications")
    op.drop_index("ix_applications_department_state", table_name="applications")
    op.drop_index(op.f("ix_applications_applicant_id"), table_name="applications")

    op.drop_table("applications")
    op.drop_index(op.f("ix_users_enterprise_id"), table_name="users")

    op.drop_table("users")
    op.drop_table("payment_limits")
    op.drop_index("ix_login_attempts_username_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_ip_at", table_name="login_attempts")

    op.drop_table("login_attempts")
    op.drop_index(op.f("ix_audit_log_action"), table_name="audit_log")

    op.drop_table("audit_log")
    op.drop_table("audit_head")


def _audit_log_append_only() -> None:
    """Refuse UPDATE and DELETE on audit_log in the database itself (the hash chain detects the rest)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
