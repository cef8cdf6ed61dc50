"""No lost updates: a change is saved only onto the report its author saw.

Two analysts open the same report; one records a decision, the other then saves theirs. Without
a check the second would be stacked on a state its author never saw. A report's *version* is the
sequence number of the last audit event about it (its state, decisions, gradings, victims,
documents: `civcas.ledger.audit`), so every change to it moves the version, with no extra column
to keep. Forms and API calls carry the version they were shown; `ensure_unchanged` locks the
report's row (PostgreSQL: the row; SQLite: the single writer's lock), so two saves cannot both pass
the check, and refuses the later one with the changes made since, who made them and when.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger.audit import changed_fields
from civcas.ledger.models import AuditEvent, Report


class EditConflict(FieldError):
    """The report changed after the version its author saw (HTTP 409 on the web)."""

    def __init__(self, report_id: int, seen: int, since: list[AuditEvent]) -> None:
        changes = "; ".join(
            f"{event.actor} at {event.at:%Y-%m-%d %H:%M}: {event.action} {event.table_name}"
            f"{describe(event)}"
            for event in since
        )
        super().__init__(
            "version",
            f"report {report_id} changed after version {seen}, which you saw: {changes}. "
            "Review the change, then save yours again if it still holds",
        )
        self.report_id, self.seen, self.since = report_id, seen, since


def describe(event: AuditEvent) -> str:
    """The outcome or grade an event recorded, which is what the other analyst needs to see."""
    changed = changed_fields(event.before, event.after)
    shown = [
        f"{name} {changed[name][1]}"
        for name in ("outcome", "grade", "killed")
        if name in changed and changed[name][1]
    ]
    return f" ({', '.join(shown)})" if shown else ""


def report_version(session: Session, report_id: int) -> int:
    """The sequence number of the last audit event about the report (0 if none)."""
    query = select(func.max(AuditEvent.seq)).where(AuditEvent.report_id == report_id)
    return int(session.scalar(query) or 0)


def ensure_unchanged(session: Session, report_id: int, seen: int | None) -> None:
    """Lock the report and refuse with `EditConflict` if it moved past `seen` (None: no check)."""
    session.execute(update(Report).where(Report.id == report_id).values(id=Report.id))
    if seen is None:
        return
    query = (
        select(AuditEvent)
        .where(AuditEvent.report_id == report_id, AuditEvent.seq > seen)
        .order_by(AuditEvent.seq)
    )
    since = list(session.scalars(query))
    if since:
        raise EditConflict(report_id, seen, since)
