"""The coalition's published monthly figures, read from the CSV packaged with the demo.

The file is a copy of /work/shared/data/official-monthly-figures.csv. A blank cell means the figure
was not stated (or was uncertain), never zero, so blanks become None and the plan must decide what
to put there; nothing here guesses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, fields
from importlib import resources

FILENAME = "official-monthly-figures.csv"

COUNT_COLUMNS = (
    "strikes_total",
    "killed_cumulative",
    "carried_over",
    "received",
    "completed",
    "credible",
    "credible_killed",
    "non_credible",
    "duplicate",
    "still_open",
    "reopened",
)


@dataclass(frozen=True)
class OfficialMonth:
    """One monthly report's headline figures; None where the copy found did not state one."""

    period: str
    release_date: dt.date | None
    strikes_total: int | None
    strikes_from: str | None
    strikes_to: str | None
    killed_cumulative: int | None
    carried_over: int | None
    received: int | None
    completed: int | None
    credible: int | None
    credible_killed: int | None
    non_credible: int | None
    duplicate: int | None
    still_open: int | None
    reopened: int | None
    source_url: str

    def stated(self) -> dict[str, int]:
        """The count columns this report states, by name."""
        values = {name: getattr(self, name) for name in COUNT_COLUMNS}
        return {name: value for name, value in values.items() if value is not None}


def _count(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(text) if text else None


def _text(text: str) -> str | None:
    return text.strip() or None


def parse_row(row: dict[str, str]) -> OfficialMonth:
    """A CSV row as typed figures (blank → None)."""
    values: dict[str, object] = {}
    for field in fields(OfficialMonth):
        raw = row.get(field.name, "") or ""
        if field.name in COUNT_COLUMNS:
            values[field.name] = _count(raw)
        elif field.name == "release_date":
            values[field.name] = dt.date.fromisoformat(raw) if raw.strip() else None
        elif field.name in ("period", "source_url"):
            values[field.name] = raw.strip()
        else:
            values[field.name] = _text(raw)
    return OfficialMonth(**values)  # type: ignore[arg-type]


def read_official(text: str | None = None) -> list[OfficialMonth]:
    """The packaged figures (or those in `text`), in the file's order (by month)."""
    if text is None:
        text = resources.files("civcas.demo").joinpath(FILENAME).read_text(encoding="utf-8")
    return [parse_row(row) for row in csv.DictReader(io.StringIO(text))]
