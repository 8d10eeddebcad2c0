"""Supervision (督查督办): targets with their revisions, progress reports and evidence files

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 17:52:14.400919
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supervision_targets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("clause", sa.String(length=16), nullable=False),
        sa.Column("indicator_zh", sa.String(length=200), nullable=False),
        sa.Column("indicator_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("target_value", sa.Double(), nullable=False),
        sa.Column("baseline_value", sa.Double(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("cadence", sa.String(length=8), nullable=False),
        sa.Column("lead_department", sa.String(length=32), nullable=False),
        sa.Column("co_departments", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("interpretation_zh", sa.Text(), nullable=True),
        sa.Column("interpretation_en", sa.Text(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cadence IN ('once', 'yearly')", name=op.f("ck_supervision_targets_cadence")),
        sa.CheckConstraint("kind IN ('count', 'percent', 'yuan', 'status')", name=op.f("ck_supervision_targets_kind")),
        sa.CheckConstraint("start_date <= deadline", name=op.f("ck_supervision_targets_start_before_deadline")),
        sa.CheckConstraint(
            "target_value >= 0 AND baseline_value >= 0", name=op.f("ck_supervision_targets_values_non_negative")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_supervision_targets_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_targets")),
        sa.UniqueConstraint("code", name=op.f("uq_supervision_targets_code")),
    )
    op.create_index(
        op.f("ix_supervision_targets_lead_department"), "supervision_targets", ["lead_department"], unique=False
    )
    op.create_index(op.f("ix_supervision_targets_measure"), "supervision_targets", ["measure"], unique=False)

    op.create_table(
        "supervision_reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("target_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("reported_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("reported_by", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "supersedes_id IS NULL OR correction_reason IS NOT NULL",
            name=op.f("ck_supervision_reports_correction_reason"),
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_supervision_reports_value_non_negative")),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_supervision_reports_reported_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["supervision_reports.id"],
            name=op.f("fk_supervision_reports_supersedes_id_supervision_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["supervision_targets.id"], name=op.f("fk_supervision_reports_target_id_supervision_targets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_reports")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_supervision_reports_supersedes_id")),
    )
    op.create_index("ix_supervision_reports_target_as_of", "supervision_reports", ["target_id", "as_of"], unique=False)

    op.create_table(
        "supervision_target_revisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("target_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_supervision_target_revisions_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["supervision_targets.id"],
            name=op.f("fk_supervision_target_revisions_target_id_supervision_targets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_target_revisions")),
        sa.UniqueConstraint("target_id", "version", name=op.f("uq_supervision_target_revisions_target_id_version")),
    )
    op.create_index(
        op.f("ix_supervision_target_revisions_target_id"), "supervision_target_revisions", ["target_id"], unique=False
    )

    op.create_table(
        "supervision_evidence",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_supervision_evidence_size_non_negative")),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["supervision_reports.id"],
            name=op.f("fk_supervision_evidence_report_id_supervision_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_evidence")),
    )
    op.create_index(op.f("ix_supervision_evidence_report_id"), "supervision_evidence", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_supervision_evidence_report_id"), table_name="supervision_evidence")

    op.drop_table("supervision_evidence")
    op.drop_index(op.f("ix_supervision_target_revisions_target_id"), table_name="supervision_target_revisions")

    op.drop_table("supervision_target_revisions")
    op.drop_index("ix_supervision_reports_target_as_of", table_name="supervision_reports")

    op.drop_table("supervision_reports")
    op.drop_index(op.f("ix_supervision_targets_measure"), table_name="supervision_targets")
    op.drop_index(op.f("ix_supervision_targets_lead_department"), table_name="supervision_targets")

    op.drop_table("supervision_targets")
