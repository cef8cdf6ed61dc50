"""The ledger's revision: which state of the ledger an answer was computed from.

Every write through `civcas.intake.load` advances it in the same transaction, so a reader that
sees revision N also sees every row written up to N. Writes behind civcas's back (raw SQL) do not
advance it; caches therefore also expire on their own after a while.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from civcas.ledger.models import LedgerRevision


def current_revision(connection: Connection | Session) -> int:
    """The ledger's revision now (0 for a ledger nothing has been written to)."""
    return int(connection.scalar(select(LedgerRevision.revision)) or 0)


def advance_revision(session: Session) -> None:
    """Raise the revision by one, in the caller's transaction (it commits or rolls back with it)."""
    session.execute(update(LedgerRevision).values(revision=LedgerRevision.revision + 1))
