"""The ledger's revision moves with every write through civcas, and only then."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from civcas.errors import IntakeError
from civcas.intake import load
from civcas.ledger.revision import current_revision

SOURCE = {"name": "Airwars", "type": "monitor"}
REPORT = {"external_id": "A-1", "source": "Airwars", "date_start": "2017-06-10", "country": "SY"}


def test_each_batch_that_writes_advances_the_revision_once(session: Session) -> None:
    assert current_revision(session) == 0
    load(session, "sources", [SOURCE])
    assert current_revision(session) == 1
    load(session, "reports", [REPORT, {**REPORT, "external_id": "A-2"}])
    assert current_revision(session) == 2


def test_nothing_written_leaves_the_revision(session: Session) -> None:
    load(session, "sources", [SOURCE])
    load(session, "sources", [SOURCE])  # the same row again: a no-op
    with pytest.raises(IntakeError):
        load(session, "reports", [REPORT, {**REPORT, "external_id": "A-2", "country": "ZZ"}])
    assert current_revision(session) == 1
