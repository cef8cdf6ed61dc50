"""Linkage: runs (settings and trained model), clusters, the review queue and people's decisions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 09:36:35.424603
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "reports",
                "victims",
                name="linkkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("left_id", sa.Integer(), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("left_id < right_id", name=op.f("ck_link_decisions_ordered")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decisions")),
    )
    with op.batch_alter_table("link_decisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_link_decisions_pair", ["kind", "left_id", "right_id"], unique=False
        )

    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "reports",
                "victims",
                name="linkkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("review_low", sa.Float(), nullable=False),
        sa.Column("review_high", sa.Float(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("clusters", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "review_low <= review_high AND review_low >= 0 AND review_high <= 1",
            name=op.f("ck_link_runs_review_band"),
        ),
        sa.CheckConstraint(
            "threshold > 0 AND threshold < 1", name=op.f("ck_link_runs_threshold_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_runs")),
    )
    with op.batch_alter_table("link_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_runs_kind"), ["kind"], unique=False)

    op.create_table(
        "link_clusters",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_runs.id"], name=op.f("fk_link_clusters_run_id_link_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "record_id", name=op.f("pk_link_clusters")),
    )
    with op.batch_alter_table("link_clusters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_link_clusters_cluster_id"), ["cluster_id"], unique=False
        )

    op.create_table(
        "link_pairs",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("left_id", sa.Integer(), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("levels", sa.Text(), nullable=False),
        sa.CheckConstraint("left_id < right_id", name=op.f("ck_link_pairs_ordered")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_runs.id"], name=op.f("fk_link_pairs_run_id_link_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "left_id", "right_id", name=op.f("pk_link_pairs")),
    )


def downgrade() -> None:
    op.drop_table("link_pairs")
    with op.batch_alter_table("link_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_clusters_cluster_id"))

    op.drop_table("link_clusters")
    with op.batch_alter_table("link_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_runs_kind"))

    op.drop_table("link_runs")
    with op.batch_alter_table("link_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_link_decisions_pair")

    op.drop_table("link_decisions")
