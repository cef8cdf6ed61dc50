"""Evidence matching: candidate strikes per report, and each report's summary and suggestion.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 08:50:20.797890
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_evidence",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("strikes_through", sa.Integer(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum(
                "distance",
                "country",
                name="matchbasis",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("slack_days", sa.Integer(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("log_covers", sa.Boolean(), nullable=False),
        sa.Column("nearest_km", sa.Float(), nullable=True),
        sa.Column("fewest_days", sa.Integer(), nullable=True),
        sa.Column(
            "suggested_outcome",
            sa.Enum(
                "open",
                "credible",
                "not_credible",
                "duplicate",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "suggested_reason",
            sa.Enum(
                "credible",
                "no_strikes_in_area",
                "insufficient_evidence",
                "other_party_responsible",
                "no_civilians_harmed",
                "duplicate",
                "reopened",
                "other",
                name="reasoncode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(suggested_outcome IS NULL) = (suggested_reason IS NULL)",
            name=op.f("ck_report_evidence_suggestion_whole"),
        ),
        sa.CheckConstraint(
            "candidates >= 0", name=op.f("ck_report_evidence_candidates_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_evidence_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_evidence")),
    )
    op.create_table(
        "strike_matches",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("strike_id", sa.Integer(), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("days_apart", sa.Integer(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum(
                "distance",
                "country",
                name="matchbasis",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "(basis = 'country') = (distance_km IS NULL)",
            name=op.f("ck_strike_matches_distance_unless_country"),
        ),
        sa.CheckConstraint(
            "days_apart >= 0", name=op.f("ck_strike_matches_days_apart_non_negative")
        ),
        sa.CheckConstraint(
            "distance_km >= 0", name=op.f("ck_strike_matches_distance_non_negative")
        ),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_strike_matches_score_range")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_strike_matches_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["strike_id"], ["strikes.id"], name=op.f("fk_strike_matches_strike_id_strikes")
        ),
        sa.PrimaryKeyConstraint("report_id", "strike_id", name=op.f("pk_strike_matches")),
    )
    with op.batch_alter_table("strike_matches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strike_matches_strike_id"), ["strike_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("strike_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strike_matches_strike_id"))

    op.drop_table("strike_matches")
    op.drop_table("report_evidence")
