"""Strike releases into the strike log: each place's strikes of a day once, whatever release
reports them.

`civcas import strike-releases PATH` reads each release (`strike_release`) and stores, in one
transaction, all of it or nothing:

- the release's text once, as a hashed document (the same text again is the same document);
- each place entry as a strike-log entry of the belligerent "CJTF-OIR": the day, the country,
  the place as written, its coordinates and precision (a town, where the release says "near"
  it), the number of strikes, the engagements, the targets, and the release as its document.

An entry's external id is its day, country and place (`2017-01-11/SY/g163345`: the GeoNames
id where the place is found, so "Raqqa" and "Ar Raqqah" are one place; else its spelling). So a
release imported twice adds nothing, and a later release that reports a day's strikes again
(a weekly summary after the dailies) is the same entry: the entry first stored is kept, and
where the later count differs, the import names it rather than overwriting or adding it. Two
items of one release for one place and day (the second a later addition) are one entry of
their sum. The totals and the checks that places add up to them are the release's own
figures: printed by the command, not stored.

Engagements: where the release states none, an entry records one per strike (the fewest there
can be: a strike is one or more engagements), and its target text keeps what was stated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from anyascii import anyascii
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.strike_release import Check, StrikeEntry, StrikeRelease, parse_strike_release
from civcas.ledger import audit
from civcas.ledger.models import Document, Strike

BELLIGERENT = "CJTF-OIR"
TARGET_LENGTH = 300


@dataclass(frozen=True)
class ReleaseText:
    """One release to import: where it came from (for messages), its text, its date if given."""

    name: str
    text: str
    published: dt.date | None = None
    url: str | None = None


@dataclass
class StrikeLogImport:
    releases: int = 0
    added: int = 0
    unchanged: int = 0
    differing: list[str] = field(default_factory=list)
    """Entries a release reports again with another count: kept as first stored, named here."""
    unplaced: list[str] = field(default_factory=list)
    """Entries with no country the text or the gazetteer gives: not stored, named here."""
    checks: list[tuple[str, Check]] = field(default_factory=list)
    """Each release's checks whose places do not add up to its stated total."""


def import_strike_releases(
    session: Session,
    releases: Sequence[ReleaseText],
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
) -> StrikeLogImport:
    """Parse every release first (texts that cannot be read refuse the import, each named),
    then store them in order (module docstring)."""
    parsed, errors = [], []
    for release in releases:
        try:
            parsed.append((release, parse_strike_release(release.text, release.published)))
        except FieldError as error:
            errors.append(RowError(release.name, error.field, error.message))
    if errors:
        raise IntakeError("strike-releases", errors, "strike releases")
    result = StrikeLogImport(releases=len(parsed))
    moment = now()
    with session.begin_nested():
        for release, read in parsed:
            document = _document(session, release, moment)
            entries = _entries(release.name, read, result)
            _store(session, entries, document, read.published, result)
            result.checks += [(release.name, c) for c in read.checks if not c.adds_up]
    return result


def _document(session: Session, release: ReleaseText, now: dt.datetime) -> Document:
    sha256 = hashlib.sha256(release.text.encode("utf-8")).hexdigest()
    same = (Document.sha256 == sha256, Document.url.is_not_distinct_from(release.url))
    found = session.scalars(select(Document).where(*same)).first()
    if found is not None:
        return found
    document = Document(
        url=release.url, retrieved_at=now, sha256=sha256, language="en", archived_text=release.text
    )
    session.add(document)
    audit.recorded(session, document)
    return document


def external_id(entry: StrikeEntry) -> str:
    """Day, country and place: the GeoNames id where the gazetteer knows the place."""
    place = f"g{entry.geonameid}" if entry.geonameid else _folded(entry.place)
    return f"{entry.date.isoformat()}/{entry.country}/{place}"


def _folded(place: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(place).lower()).strip("-")


def _entries(name: str, read: StrikeRelease, result: StrikeLogImport) -> dict[str, StrikeEntry]:
    """The release's entries by external id; one place's items of a day summed."""
    entries: dict[str, StrikeEntry] = {}
    for entry in read.strikes:
        if entry.country is None:
            result.unplaced.append(f"{name}, line {entry.line}: {entry.place}, no country")
            continue
        key = external_id(entry)
        if key in entries:
            first = entries[key]
            engagements = (
                None
                if first.engagements is None or entry.engagements is None
                else first.engagements + entry.engagements
            )
            entry = replace(
                first,
                strikes=first.strikes + entry.strikes,
                engagements=engagements,
                targets=f"{first.targets}; {entry.targets}",
            )
        entries[key] = entry
    return entries


def _store(
    session: Session,
    entries: dict[str, StrikeEntry],
    document: Document,
    published: dt.date,
    result: StrikeLogImport,
) -> None:
    stored = {
        strike.external_id: strike
        for strike in session.scalars(
            select(Strike).where(
                Strike.belligerent == BELLIGERENT, Strike.external_id.in_(list(entries))
            )
        )
    }
    fresh = []
    for key, entry in entries.items():
        if key in stored:
            result.unchanged += 1
            if stored[key].strikes != entry.strikes:
                result.differing.append(
                    f"{key}: {entry.strikes} strikes near {entry.place} in this release, "
                    f"{stored[key].strikes} as first stored (kept)"
                )
            continue
        fresh.append(_row(key, entry, document) | {"reported_on": published})
    if fresh:
        audit.insert_rows(session, audit.table_of("strikes"), fresh)
        result.added += len(fresh)


def _row(key: str, entry: StrikeEntry, document: Document) -> dict[str, object]:
    return {
        "belligerent": BELLIGERENT,
        "external_id": key,
        "date": entry.date,
        "place": entry.place[:TARGET_LENGTH],
        "country": entry.country,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "target": entry.targets[:TARGET_LENGTH] or None,
        "engagements": entry.engagements or entry.strikes,
        "strikes": entry.strikes,
        "location_precision": entry.location_precision,
        "document_id": document.id,
        "simulated": False,
    }
