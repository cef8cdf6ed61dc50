"""Simulated rows: a source or strike-log entry invented by `civcas demo` says so.

A ledger holding any such row is a simulated ledger, and every output of it is labelled. Rows
already in the ledger are real (false). Their audit states stay as recorded: a column added
after the chain began is left out of a state while it holds the value this migration gave
existing rows (`civcas.ledger.audit.LATER_COLUMNS`), so the chain still verifies.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("sources", "strikes"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("simulated", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    op.create_index(
        "ix_strikes_simulated",
        "strikes",
        ["id"],
        sqlite_where=sa.text("simulated"),
        postgresql_where=sa.text("simulated"),
    )


def downgrade() -> None:
    op.drop_index("ix_strikes_simulated", table_name="strikes")
    for table in ("strikes", "sources"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("simulated")
