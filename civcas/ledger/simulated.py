"""Whether the ledger holds simulated data: any source or strike-log entry `civcas demo` made.

It is a property of the rows, not a setting: the demo's sources and strikes say so themselves
(`simulated`), an export of them carries it, and importing that export into another ledger makes
that ledger simulated too. Every output of a simulated ledger is labelled (statement, API,
pages), so that no invented figure is ever quoted as a real one.
"""

from __future__ import annotations

from sqlalchemy import Connection, exists, select, text
from sqlalchemy.orm import Session

from civcas.ledger.models import Source, Strike
from civcas.vocab import N_

TITLE = N_("Simulated data")
NOTICE = N_(
    "The sources, allegations, assessments and strikes in this ledger were invented by "
    "civcas's demo, calibrated to the published record. They describe no real events; only "
    "figures credited to a real organisation as its claim are real."
)
"""What every output of a simulated ledger says first (text: "TITLE: NOTICE")."""


def holds_simulated_data(connection: Connection | Session) -> bool:
    """True when any source or strike is simulated. The strikes' test is written bare
    (`WHERE strikes.simulated`), as their partial index is, so that both databases answer from
    the index, whatever the size of the log; SQLAlchemy would write `= 1` on SQLite."""
    query = select(
        exists().where(Source.simulated.is_(True))
        | exists().select_from(Strike).where(text("strikes.simulated"))
    )
    return bool(connection.scalar(query))
