"""Reading decision histories out of the ledger for the pure rules in `rules.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.assessment.rules import Decision
from civcas.ledger.models import Assessment

CHUNK = 500


def as_decision(assessment: Assessment) -> Decision:
    return Decision(
        outcome=assessment.outcome,
        reason_code=assessment.reason_code,
        decided_at=assessment.decided_at,
        reason=assessment.reason,
        killed=assessment.killed,
        injured=assessment.injured,
        duplicate_of=assessment.duplicate_of_id,
    )


def stored_histories(session: Session, report_ids: Iterable[int]) -> dict[int, list[Decision]]:
    """Each report's stored decisions in time order (an empty list for none)."""
    histories: dict[int, list[Decision]] = defaultdict(list)
    ids = sorted(set(report_ids))
    for report_id in ids:
        histories[report_id] = []
    for start in range(0, len(ids), CHUNK):
        query = (
            select(Assessment)
            .where(Assessment.report_id.in_(ids[start : start + CHUNK]))
            .order_by(Assessment.report_id, Assessment.decided_at)
        )
        for assessment in session.scalars(query):
            histories[assessment.report_id].append(as_decision(assessment))
    return histories


def current_duplicate_edges(session: Session) -> dict[int, int]:
    """report id → the report it duplicates, for every report whose latest decision is duplicate."""
    latest = (
        select(Assessment.report_id, func.max(Assessment.decided_at).label("decided_at"))
        .group_by(Assessment.report_id)
        .subquery()
    )
    query = (
        select(Assessment.report_id, Assessment.duplicate_of_id)
        .join(
            latest,
            (Assessment.report_id == latest.c.report_id)
            & (Assessment.decided_at == latest.c.decided_at),
        )
        .where(Assessment.duplicate_of_id.is_not(None))
    )
    return {report_id: original for report_id, original in session.execute(query) if original}
