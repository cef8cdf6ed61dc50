"""A strike-log entry may count several strikes at a place known to a town, from a release.

The coalition's daily releases report "Near Raqqa, 20 strikes …": one entry of 20 strikes whose
place is a town, not a point. `strikes` counts them (1 for the entries of a log of single
strikes, as before), `location_precision` says how well the place is known (null: the point is
the strike's own, as before), `document_id` is the release the entry was read from and
`reported_on` the day it was published. A report's evidence counts the strikes of its
candidates (`report_evidence.strikes`) beside the candidate entries; for evidence stored before,
each entry was one strike. Entries
recorded before keep their audit states (`civcas.ledger.audit.LATER_COLUMNS`).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRECISIONS = ("exact", "neighbourhood", "town", "district", "governorate", "country")


def upgrade() -> None:
    with op.batch_alter_table("strikes") as batch:
        batch.add_column(sa.Column("strikes", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(
            sa.Column(
                "location_precision",
                sa.Enum(
                    *PRECISIONS,
                    name="locationprecision",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reported_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_strikes_document_id_documents"), "documents", ["document_id"], ["id"]
        )
        batch.create_check_constraint(batch.f("ck_strikes_strikes_positive"), "strikes >= 1")
    with op.batch_alter_table("report_evidence") as batch:
        batch.add_column(sa.Column("strikes", sa.Integer(), server_default="0", nullable=False))
        batch.create_check_constraint(
            batch.f("ck_report_evidence_strikes_non_negative"), "strikes >= 0"
        )
    op.execute("UPDATE report_evidence SET strikes = candidates")


def downgrade() -> None:
    with op.batch_alter_table("report_evidence") as batch:
        batch.drop_constraint(batch.f("ck_report_evidence_strikes_non_negative"), type_="check")
        batch.drop_column("strikes")
    with op.batch_alter_table("strikes") as batch:
        batch.drop_constraint(batch.f("ck_strikes_strikes_positive"), type_="check")
        batch.drop_constraint(batch.f("fk_strikes_document_id_documents"), type_="foreignkey")
        batch.drop_column("reported_on")
        batch.drop_column("document_id")
        batch.drop_column("location_precision")
        batch.drop_column("strikes")
