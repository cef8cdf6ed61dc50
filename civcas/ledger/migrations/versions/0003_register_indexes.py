"""Indexes for the register's usual filters (outcome, country, date), newest first.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 07:00:04.511541
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reports_country_date", ["country", "date_start", "id"], unique=False
        )
        batch_op.create_index(
            "ix_reports_register", ["outcome", "country", "date_start", "date_end"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_register")
        batch_op.drop_index("ix_reports_country_date")
