"""Claims: figures someone published (statements, monitors, the news), with their document.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 11:54:14.273944
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claimant", sa.String(length=200), nullable=False),
        sa.Column(
            "measure",
            sa.Enum(
                "civilians_killed",
                "credible_killed",
                "strikes",
                "reports_carried_over",
                "reports_received",
                "reports_reopened",
                "reports_assessed",
                "reports_credible",
                "reports_not_credible",
                "reports_duplicate",
                "reports_open",
                "territory",
                name="measure",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value_min", sa.Integer(), nullable=False),
        sa.Column("value_max", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("stated_on", sa.Date(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(start_offset IS NULL) = (end_offset IS NULL) AND "
            "(start_offset IS NULL OR start_offset < end_offset)",
            name=op.f("ck_claims_offsets_ordered"),
        ),
        sa.CheckConstraint(
            "period_start IS NULL OR period_end IS NULL OR period_start <= period_end",
            name=op.f("ck_claims_period_ordered"),
        ),
        sa.CheckConstraint("value_min <= value_max", name=op.f("ck_claims_range_ordered")),
        sa.CheckConstraint("value_min >= 0", name=op.f("ck_claims_not_negative")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint(
            "document_id",
            "claimant",
            "measure",
            "start_offset",
            "period_end",
            name=op.f("uq_claims_document_id"),
        ),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claimant"), ["claimant"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_claims_timeline", ["measure", "period_end"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_timeline")
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))
        batch_op.drop_index(batch_op.f("ix_claims_claimant"))

    op.drop_table("claims")
