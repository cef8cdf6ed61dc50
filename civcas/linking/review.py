"""What a reviewer sees of an uncertain pair: the two records side by side, field by field, and
the level each comparison reached (so the match weight can be traced to what agreed)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from civcas.ledger.models import LinkPair, LinkRun, Report, Victim
from civcas.vocab import LinkKind


def side_by_side(session: Session, kind: LinkKind, pair: LinkPair) -> list[tuple[str, str, str]]:
    """(label, left, right) rows; then each comparison's level, named as the run's model names
    it ("windows overlap", "a detail shared"), with its number."""
    table, fields = VIEWS[kind]
    left, right = session.get(table, pair.left_id), session.get(table, pair.right_id)
    run = session.get(LinkRun, pair.run_id)
    if left is None or right is None or run is None:
        raise ValueError(f"pair {pair.left_id}-{pair.right_id} names a record no longer stored")
    rows = [(label, show(left), show(right)) for label, show in fields]
    names = level_names(run.model)
    for name, level in json.loads(pair.levels).items():
        rows.append((f"level: {name}", names.get((name, level), str(level)), f"level {level}"))
    return rows


def level_names(model_json: str) -> dict[tuple[str, int], str]:
    """(comparison, level number) → the level's label. Splink numbers a comparison's levels
    from the last (0) up in the order written, and its null level -1."""
    names = {}
    for comparison in json.loads(model_json)["comparisons"]:
        levels = comparison["comparison_levels"]
        scored = [level for level in levels if not level.get("is_null_level")]
        for level in levels:
            value = -1 if level.get("is_null_level") else len(scored) - 1 - scored.index(level)
            names[comparison["output_column_name"], value] = level["label_for_charts"]
    return names


def _victims_named(report: Report) -> int:
    session = object_session(report)
    assert session is not None  # a report read through a session
    query = select(func.count()).select_from(Victim).where(Victim.report_id == report.id)
    return session.scalar(query) or 0


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
    ("evidence (SHA-256)", lambda r: ", ".join(d.sha256[:12] for d in r.documents) or "—"),
    ("victims named", lambda r: str(_victims_named(r))),
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
