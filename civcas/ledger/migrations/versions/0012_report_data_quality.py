"""A report's data-quality flag: what its source states that contradicts itself.

Research data sets carry rows that parse but contradict themselves (UCDP GED's `low` above its
`high`). They are imported as the source states them, and the reason is kept on the report, so
that its page, the API and the register's CSV show it beside the figures. Reports recorded before
have no flag (null), and their audit states stay as recorded (`civcas.ledger.audit.LATER_COLUMNS`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("data_quality", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("data_quality")
