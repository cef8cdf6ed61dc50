"""What a reviewer sees of an uncertain pair: the two records side by side, field by field, and
the level each comparison reached (so the match weight can be traced to what agreed)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from civcas.ledger.models import LinkPair, Report, Victim
from civcas.vocab import LinkKind


def side_by_side(session: Session, kind: LinkKind, pair: LinkPair) -> list[tuple[str, str, str]]:
    """(label, left, right) rows; the comparison levels last, as "level n" on both sides."""
    table, fields = VIEWS[kind]
    left, right = session.get(table, pair.left_id), session.get(table, pair.right_id)
    if left is None or right is None:
        raise ValueError(f"pair {pair.left_id}-{pair.right_id} names a record no longer stored")
    rows = [(label, show(left), show(right)) for label, show in fields]
    levels = json.loads(pair.levels)
    rows += [(f"level: {name}", str(level), "") for name, level in levels.items()]
    return rows


def _range(low: int | None, high: int | None) -> str:
    return "—" if low is None else (f"{low}" if low == high else f"{low}–{high}")


REPORT_FIELDS = [
    ("source", lambda r: f"{r.source.name} ({r.source.type.value})"),
    ("external id", lambda r: r.external_id),
    ("dates", lambda r: f"{r.date_start}…{r.date_end} ({r.date_precision.value})"),
    ("place", lambda r: r.place or "—"),
    (
        "coordinates",
        lambda r: (
            "—"
            if r.latitude is None
            else f"{r.latitude:.4f}, {r.longitude:.4f} ({r.location_precision})"
        ),
    ),
    ("killed", lambda r: _range(r.killed_min, r.killed_max)),
    ("perpetrator", lambda r: r.perpetrator or "—"),
    ("summary", lambda r: r.summary or "—"),
]

VICTIM_FIELDS = [
    ("name", lambda v: v.name or "—"),
    ("sex, age", lambda v: f"{v.sex.value}, {'—' if v.age is None else v.age}"),
    ("status", lambda v: v.status.value),
    ("report", lambda v: f"{v.report.source.name} {v.report.external_id}"),
    ("dates", lambda v: f"{v.report.date_start}…{v.report.date_end}"),
    ("place", lambda v: v.report.place or v.report.country),
]
VIEWS: dict[LinkKind, tuple[Any, list[Any]]] = {
    LinkKind.REPORTS: (Report, REPORT_FIELDS),
    LinkKind.VICTIMS: (Victim, VICTIM_FIELDS),
}
