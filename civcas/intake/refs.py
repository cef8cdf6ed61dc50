"""Resolving the names and ids that rows use to point at sources and reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.models import Report, Source
from civcas.vocab import SourceType

CHUNK = 500


class SourceIndex:
    """Source ids by name, creating the sources that rows introduce with a type."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._stored = {
            name: (source_id, source_type)
            for name, source_id, source_type in session.execute(
                select(Source.name, Source.id, Source.type)
            )
        }

    def declare(
        self, entries: Iterable[tuple[str, str, SourceType | None]], *, type_field: str | None
    ) -> list[tuple[str, FieldError]]:
        """Create the unknown sources named with a type; errors for those never given one.

        A type given on any row of the batch serves its other rows. `type_field` names the column
        that gave the type; when set, a stored source of another type is an error too (a report
        file must not silently re-type a source).
        """
        entries = list(entries)
        errors: list[tuple[str, FieldError]] = []
        declared: dict[str, SourceType] = {}
        for location, name, source_type in entries:
            stored = self._stored.get(name)
            if source_type is None:
                continue
            if stored is None and declared.setdefault(name, source_type) is not source_type:
                message = f"source {name!r} is given two types in this file"
                errors.append((location, FieldError(type_field or "source", message)))
            elif stored is not None and type_field and source_type is not stored[1]:
                message = f"source {name!r} is recorded as {stored[1].value!r}"
                errors.append((location, FieldError(type_field, message)))
        for location, name, _ in entries:
            if name not in self._stored and name not in declared:
                message = (
                    f"unknown source {name!r}: import it first (civcas import sources) "
                    "or give a source_type column"
                )
                errors.append((location, FieldError("source", message)))
        self._create(declared)
        return errors

    def _create(self, declared: dict[str, SourceType]) -> None:
        """Store the sources declared, but those another writer stored since the index was read:
        two requests naming the same new monitor at once must not both create it."""
        if not declared:
            return
        audit.hold_head(self.session)
        self._read(declared)
        declared = {name: kind for name, kind in declared.items() if name not in self._stored}
        audit.insert_rows(
            self.session,
            cast(Table, Source.__table__),
            [
                {"name": name, "type": kind, "public": kind is not SourceType.INDIVIDUAL}
                for name, kind in declared.items()
            ],
        )
        self._read(declared)

    def _read(self, names: Iterable[str]) -> None:
        query = select(Source.name, Source.id, Source.type).where(Source.name.in_(list(names)))
        self._stored.update({n: (i, t) for n, i, t in self.session.execute(query)})

    def id_of(self, name: str) -> int:
        if name not in self._stored:
            raise FieldError("source", f"unknown source {name!r}")
        return self._stored[name][0]


@dataclass(frozen=True)
class ReportKey:
    id: int
    source: str
    external_id: str
    received_at: dt.datetime


class ReportIndex:
    """The stored reports that rows point at, by their source's name and external id."""

    def __init__(self, session: Session, rows: Iterable[Any], *, duplicates: bool = False) -> None:
        wanted: set[str] = set()
        for row in rows:
            wanted.add(row.report_external_id)
            if duplicates and row.duplicate_of_external_id:
                wanted.add(row.duplicate_of_external_id)
        self._by_external_id: dict[str, list[ReportKey]] = defaultdict(list)
        ordered = sorted(wanted)
        for start in range(0, len(ordered), CHUNK):
            query = (
                select(Report.id, Source.name, Report.external_id, Report.received_at)
                .join(Source, Report.source_id == Source.id)
                .where(Report.external_id.in_(ordered[start : start + CHUNK]))
            )
            for key in session.execute(query):
                self._by_external_id[key.external_id].append(ReportKey(*key))

    def resolve(self, source: str | None, external_id: str, prefix: str = "report") -> ReportKey:
        """The one report meant; an error naming the column when none or several match."""
        candidates = self._by_external_id.get(external_id, [])
        if source is not None:
            candidates = [key for key in candidates if key.source == source]
        if not candidates:
            origin = f" from source {source!r}" if source else ""
            return_field = f"{prefix}_external_id"
            raise FieldError(
                return_field, f"no report {external_id!r}{origin} in the ledger; import it first"
            )
        if len(candidates) > 1:
            names = ", ".join(sorted(key.source for key in candidates))
            raise FieldError(
                f"{prefix}_source",
                f"report id {external_id!r} is used by several sources ({names}); "
                f"name one in {prefix}_source",
            )
        return candidates[0]

    def received_at_by_id(self) -> dict[int, dt.datetime]:
        return {key.id: key.received_at for keys in self._by_external_id.values() for key in keys}
