"""Users, and each report's current state (outcome, reason, latest grade) for the register.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 06:10:21.585793
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LATEST_DECISION = (
    "SELECT a.{column} FROM assessments a WHERE a.report_id = reports.id "
    "ORDER BY a.decided_at DESC LIMIT 1"
)
CURRENT_STATE = f"""
UPDATE reports SET
  outcome = COALESCE(({LATEST_DECISION.format(column="outcome")}), 'open'),
  reason_code = ({LATEST_DECISION.format(column="reason_code")}),
  grade = (SELECT g.grade FROM gradings g WHERE g.report_id = reports.id
           ORDER BY g.graded_at DESC, g.id DESC LIMIT 1)
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "analyst",
                "reviewer",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_users_token_hash")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "outcome",
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
                server_default="open",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "reason_code",
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
            )
        )
        batch_op.add_column(
            sa.Column(
                "grade",
                sa.Enum(
                    "confirmed",
                    "fair",
                    "weak",
                    "contested",
                    "discounted",
                    name="grade",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch_op.create_index(batch_op.f("ix_reports_grade"), ["grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_outcome"), ["outcome"], unique=False)
    op.execute(CURRENT_STATE)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_outcome"))
        batch_op.drop_index(batch_op.f("ix_reports_grade"))
        batch_op.drop_column("grade")
        batch_op.drop_column("reason_code")
        batch_op.drop_column("outcome")

    op.drop_table("users")
