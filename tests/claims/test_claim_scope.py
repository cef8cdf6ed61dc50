"""A claim keeps its scope (place, perpetrator), and adding scope to an old ledger leaves its
audit chain verifying.

Migration 0011 added `place` and `perpetrator` to claims, an audited table. A claim recorded
before then (written at migration 0007 and baselined by 0008) must still verify after the
upgrade, while giving it a scope behind civcas's back must show as an edit.
"""

from __future__ import annotations

import datetime as dt

from ledgers import upgraded_old_ledger
from sqlalchemy import Engine, update

from civcas.claims.extract import extract_claims
from civcas.claims.store import Figure, claims_timeline, record_claims
from civcas.ledger.audit import verify
from civcas.ledger.database import transaction
from civcas.ledger.models import Claim
from civcas.vocab import Measure

OLD_ROWS = [
    "INSERT INTO documents (id, sha256, archived_text) VALUES (1, '"
    + "a" * 64
    + "', 'Airwars estimates 5 to 9 deaths.')",
    "INSERT INTO claims (id, claimant, measure, value_min, value_max, document_id, start_offset, "
    "end_offset, recorded_at) VALUES (1, 'airwars', 'civilians_killed', 5, 9, 1, 0, 33, "
    "'2018-01-02 10:00:00')",
]


def test_an_old_ledger_still_verifies_once_claims_have_a_scope(database_url: str) -> None:
    engine = upgraded_old_ledger(database_url, OLD_ROWS)  # 0011 adds the scope
    try:
        with transaction(engine) as session:
            result = verify(session)
            assert result.intact, [str(finding) for finding in result.findings]
            assert result.events == 2  # the baseline: one event per row
        with engine.begin() as connection:  # behind civcas's back
            connection.execute(update(Claim).values(perpetrator="all parties"))
        with transaction(engine) as session:
            findings = [str(finding) for finding in verify(session).findings]
        assert findings == ["edited: claims 1: differs from audit event 2 in perpetrator"]
    finally:
        engine.dispose()


def test_a_claims_scope_is_stored_and_shown(engine: Engine) -> None:
    """The UN's count of civilians killed by all parties in Mosul keeps that scope, so no page
    can take it for a count of the coalition's strikes."""
    article = "The UN said 2,521 civilians were killed by all parties in Mosul."
    (claim,) = extract_claims(article)
    assert (claim.claimant, claim.value_min, claim.place, claim.perpetrator) == (
        "un",
        2521,
        "Mosul",
        "all parties",
    )
    figure = Figure(
        claim.claimant,
        claim.measure,
        claim.value_min,
        claim.value_max,
        claim.period_start,
        claim.period_end,
        claim.start,
        claim.end,
        claim.place,
        claim.perpetrator,
    )
    with transaction(engine) as session:
        record_claims(session, article, [figure], stated_on=dt.date(2017, 7, 13))
    with transaction(engine) as session:
        (shown,) = claims_timeline(session, Measure.CIVILIANS_KILLED)
        assert (shown.claimant, shown.place, shown.perpetrator) == ("un", "Mosul", "all parties")
        assert verify(session).intact
