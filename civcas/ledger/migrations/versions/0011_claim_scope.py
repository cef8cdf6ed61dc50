"""A claim's scope: the place and the perpetrator the text gives its figure.

A count of civilians killed "by all parties" in Mosul is no claim about the coalition's strikes;
kept with its scope, it is shown as what it is. Claims already recorded have no scope (null), and
their audit states stay as recorded (`civcas.ledger.audit.LATER_COLUMNS`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("place", sa.String(100), nullable=True))
        batch.add_column(sa.Column("perpetrator", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("perpetrator")
        batch.drop_column("place")
