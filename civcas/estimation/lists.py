"""The ledger's named dead as capture lists, for `civcas estimate --lists`.

Each source's list of the dead is one capture; a person is a cluster of the latest victims
linkage run (`civcas link victims`), so someone named by Airwars and by a local page in other
spellings is one person captured twice, never two people. A person's stratum (`--by`) is read
from the earliest report naming them: its year, its country, or its governorate (from the place
text, else from its coordinates, else "unknown"). People on none of the chosen lists are not
counted: those lists did not document them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.estimation.loglinear import OverlapTable, overlap_table
from civcas.geocode import geocode, governorate_at
from civcas.ledger.models import LinkCluster, Report, Source, Victim
from civcas.linking.store import latest_run
from civcas.vocab import HarmStatus, LinkKind

STRATA = ("period", "governorate", "country")
ALL = "all"
UNKNOWN = "unknown"
MAX_LISTS = 5


@dataclass
class Person:
    sources: set[str] = field(default_factory=set)
    first: str = ""
    country: str = ""
    governorate: str = UNKNOWN

    def stratum(self, by: str | None) -> str:
        if by is None:
            return ALL
        return {"period": self.first[:4], "country": self.country}.get(by, self.governorate)


def ledger_overlaps(
    session: Session, lists: Sequence[str] | None = None, by: str | None = None
) -> dict[str, OverlapTable]:
    """Overlap tables by stratum ("all" without `by`) over the chosen sources' named dead."""
    if by is not None and by not in STRATA:
        raise FieldError("by", f"{by!r}: stratify by {' or '.join(STRATA)}")
    people = persons(session)
    names = chosen_lists(people, lists)
    tables: dict[str, Counter[tuple[int, ...]]] = {}
    for person in people.values():
        pattern = tuple(int(name in person.sources) for name in names)
        if any(pattern):
            tables.setdefault(person.stratum(by), Counter())[pattern] += 1
    return {stratum: overlap_table(names, counts) for stratum, counts in sorted(tables.items())}


def persons(session: Session) -> dict[int, Person]:
    """The latest victims run's persons among the killed, with the sources naming them."""
    run = latest_run(session, LinkKind.VICTIMS)
    if run is None:
        raise FieldError("lists", "no victims linkage run yet: run `civcas link victims` first")
    query = (
        select(
            LinkCluster.cluster_id,
            Source.name,
            Report.date_start,
            Report.country,
            Report.place,
            Report.latitude,
            Report.longitude,
        )
        .join(Victim, Victim.id == LinkCluster.record_id)
        .join(Report, Report.id == Victim.report_id)
        .join(Source, Source.id == Report.source_id)
        .where(LinkCluster.run_id == run.id, Victim.status == HarmStatus.KILLED)
        .order_by(Report.date_start, Report.id)
    )
    people: dict[int, Person] = {}
    for cluster, source, date, country, place, latitude, longitude in session.execute(query):
        person = people.get(cluster)
        if person is None:
            governorate = governorate_of(place, country, latitude, longitude)
            person = people[cluster] = Person(set(), date.isoformat(), country, governorate)
        person.sources.add(source)
    return people


def governorate_of(
    place: str | None, country: str, latitude: float | None, longitude: float | None
) -> str:
    """The governorate a report's place text names, else the one its coordinates fall in."""
    found = geocode(place, country) if place else None
    if found is not None and found.governorate is not None:
        return found.governorate
    if latitude is not None and longitude is not None:
        return governorate_at(latitude, longitude, country) or UNKNOWN
    return UNKNOWN


def chosen_lists(people: dict[int, Person], lists: Sequence[str] | None) -> list[str]:
    """`lists` checked against the sources that name the dead; without it, all of them when
    there are at most five."""
    named = Counter(source for person in people.values() for source in person.sources)
    if lists:
        if not 2 <= len(lists) <= MAX_LISTS:
            raise FieldError("lists", f"{len(lists)} lists: choose 2 to {MAX_LISTS}")
        unknown = [name for name in lists if name not in named]
        if unknown:
            raise FieldError("lists", f"no named dead from {unknown}; sources: {sorted(named)}")
        return list(lists)
    if not 2 <= len(named) <= MAX_LISTS:
        top = ", ".join(name for name, _ in named.most_common(8))
        raise FieldError(
            "lists", f"{len(named)} sources name the dead; choose 2–5 with --lists (most: {top})"
        )
    return sorted(named)
