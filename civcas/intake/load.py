"""Validate rows of one kind against the ledger and write them, all or nothing.

Every row is checked — its own format (`rows.py`), its references, the assessment rules — and
every problem is collected, so that one run tells the user everything to fix. Only a batch with no
problem is written, inside a savepoint, so that even a caller who catches the error and carries on
finds nothing half-written. Rows already in the ledger with the same values are skipped, which makes
importing a file twice a no-op; a row whose key exists with other values is a conflict, not an edit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, select, tuple_
from sqlalchemy.orm import Session

from civcas.assessment.history import current_duplicate_edges, stored_histories
from civcas.assessment.rules import Decision, check_decision, duplicate_cycle, duplicate_edges
from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.refs import ReportIndex, SourceIndex
from civcas.intake.rows import (
    ROW_MODELS,
    AssessmentRow,
    DocumentRow,
    GradingRow,
    ReportRow,
    Row,
    SourceRow,
    StrikeRow,
    VictimRow,
)
from civcas.ledger import audit
from civcas.ledger.models import (
    Assessment,
    Base,
    Document,
    Grading,
    Report,
    Source,
    Strike,
    Victim,
    report_documents,
)
from civcas.ledger.revision import advance_revision
from civcas.vocab import SourceType

CHUNK = 500
UNSTATED = object()
"""A value left out that the ledger fills in (received_at): not compared with the stored one."""


@dataclass(frozen=True)
class LoadResult:
    kind: str
    added: int
    unchanged: int


@dataclass
class Batch:
    """Rows of one kind on their way in, with the problems found so far."""

    session: Session
    kind: str
    now: dt.datetime
    errors: list[RowError] = field(default_factory=list)

    def fail(self, location: str, error: FieldError) -> None:
        self.errors.append(RowError(location, error.field, error.message))


def parse_rows(
    model: type[Row], raw: Iterable[tuple[str, Mapping[str, Any]]], batch: Batch
) -> list[tuple[str, Any]]:
    """Each raw row as a checked row model; bad ones become errors."""
    parsed = []
    for location, values in raw:
        if not isinstance(values, Mapping):  # a JSON body of the wrong shape, through the API
            kind = type(values).__name__
            batch.errors.append(RowError(location, "row", f"is a {kind}, not a row of columns"))
            continue
        try:
            parsed.append((location, model.model_validate(dict(values))))
        except ValidationError as invalid:
            for problem in invalid.errors():
                cause = problem.get("ctx", {}).get("error")
                if isinstance(cause, FieldError):
                    batch.fail(location, cause)
                    continue
                column = ".".join(str(part) for part in problem["loc"]) or "row"
                message = problem["msg"].removeprefix("Value error, ")
                batch.errors.append(RowError(location, column, message))
    return parsed


def existing_by_key(
    session: Session, model: type[Base], key_columns: Sequence[str], keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """The stored rows of `model` whose natural key is among `keys`, by key.

    SQL narrows by the key's most selective column; the whole key is matched here, which also finds
    keys with NULL parts (a document without a URL) that SQL's tuple IN never matches.
    """
    wanted = set(keys)
    by_column = [{key[i] for key in wanted} for i in range(len(key_columns))]
    never_null = [i for i in range(len(key_columns)) if None not in by_column[i]]
    position = max(never_null, key=lambda i: len(by_column[i]))
    values = sorted(by_column[position])
    column = getattr(model, key_columns[position])
    # The key's other columns narrow too when they take few values (a file's one source): so a
    # composite index led by them (source_id, external_id) serves the lookup.
    narrowing = [
        getattr(model, key_columns[i]).in_(sorted(by_column[i]))
        for i in never_null
        if i != position and len(by_column[i]) <= CHUNK
    ]
    found: dict[tuple[Any, ...], Any] = {}
    for start in range(0, len(values), CHUNK):
        query = select(model).where(column.in_(values[start : start + CHUNK]), *narrowing)
        for record in session.scalars(query):
            key = tuple(getattr(record, name) for name in key_columns)
            if key in wanted:
                found[key] = record
    return found


def differences(record: Any, values: Mapping[str, Any]) -> list[str]:
    """The columns where a stored record differs from incoming values."""
    return [name for name, value in values.items() if getattr(record, name) != value]


COLUMN_NAMES = {"source_id": "source", "report_id": "report", "monitor_id": "monitor"}


def new_rows(
    batch: Batch,
    model: type[Base],
    key_columns: Sequence[str],
    rows: Sequence[tuple[str, dict[str, Any]]],
) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """Rows whose key is not stored yet, and the count of identical stored ones; flags conflicts."""
    seen: dict[tuple[Any, ...], str] = {}
    stored = existing_by_key(
        batch.session, model, key_columns, [tuple(v[c] for c in key_columns) for _, v in rows]
    )
    key_names = " and ".join(COLUMN_NAMES.get(column, column) for column in key_columns)
    fresh, unchanged = [], 0
    for location, values in rows:
        key = tuple(values[c] for c in key_columns)
        if key in seen:
            message = f"repeats the {key_names} of {seen[key]}"
            batch.fail(location, FieldError(key_columns[-1], message))
            continue
        seen[key] = location
        if key not in stored:
            fresh.append((location, values))
            continue
        stated = {name: value for name, value in values.items() if value is not UNSTATED}
        changed = differences(stored[key], stated)
        if changed:
            message = (
                f"a record with this {key_names} is already recorded with other values for "
                f"{', '.join(changed)}; import does not overwrite the ledger"
            )
            batch.fail(location, FieldError(changed[0], message))
        else:
            unchanged += 1
    return fresh, unchanged


def write(batch: Batch, model: type[Base], rows: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """One insert on the table itself (the ORM's bulk path costs a third of an import), each
    row recorded in the audit chain as stored."""
    table = cast(Table, model.__table__)
    audit.insert_rows(batch.session, table, [values for _, values in rows])


def resolved(
    batch: Batch,
    parsed: Sequence[tuple[str, Any]],
    convert: Callable[[Any], dict[str, Any]],
) -> list[tuple[str, dict[str, Any]]]:
    """Each row converted to column values; rows whose references fail become errors."""
    out = []
    for location, row in parsed:
        try:
            out.append((location, convert(row)))
        except FieldError as error:
            batch.fail(location, error)
    return out


def load_sources(batch: Batch, parsed: list[tuple[str, SourceRow]]) -> tuple[int, int]:
    rows = [
        (
            location,
            {
                "name": row.name,
                "type": row.type,
                "public": row.is_public,
                "url": row.url,
                "description": row.description,
                "simulated": row.simulated,
            },
        )
        for location, row in parsed
    ]
    fresh, unchanged = new_rows(batch, Source, ["name"], rows)
    if not batch.errors:
        write(batch, Source, fresh)
    return len(fresh), unchanged


def load_reports(batch: Batch, parsed: list[tuple[str, ReportRow]]) -> tuple[int, int]:
    sources = SourceIndex(batch.session)
    declared = [(location, row.source, row.source_type) for location, row in parsed]
    refused = sources.declare(declared, type_field="source_type")
    for location, error in refused:
        batch.fail(location, error)
    refused_at = {location for location, _ in refused}
    parsed = [(location, row) for location, row in parsed if location not in refused_at]

    def convert(row: ReportRow) -> dict[str, Any]:
        values = row.model_dump(exclude={"source", "source_type"})
        values["date_end"] = row.date_end or row.date_start
        values["received_at"] = row.received_at or UNSTATED
        values["source_id"] = sources.id_of(row.source)
        return values

    rows = resolved(batch, parsed, convert)
    fresh, unchanged = new_rows(batch, Report, ["source_id", "external_id"], rows)
    for _, values in fresh:
        if values["received_at"] is UNSTATED:
            values["received_at"] = batch.now
    if not batch.errors:
        write(batch, Report, fresh)
    return len(fresh), unchanged


def load_strikes(batch: Batch, parsed: list[tuple[str, StrikeRow]]) -> tuple[int, int]:
    rows = [(location, row.model_dump()) for location, row in parsed]
    fresh, unchanged = new_rows(batch, Strike, ["belligerent", "external_id"], rows)
    if not batch.errors:
        write(batch, Strike, fresh)
    return len(fresh), unchanged


def load_gradings(batch: Batch, parsed: list[tuple[str, GradingRow]]) -> tuple[int, int]:
    reports = ReportIndex(batch.session, [row for _, row in parsed])
    sources = SourceIndex(batch.session)
    monitors = [(location, row.monitor, SourceType.MONITOR) for location, row in parsed]
    for location, error in sources.declare(monitors, type_field=None):
        batch.fail(location, error)

    def convert(row: GradingRow) -> dict[str, Any]:
        values = row.model_dump(exclude={"report_source", "report_external_id", "monitor"})
        values["report_id"] = reports.resolve(row.report_source, row.report_external_id).id
        values["monitor_id"] = sources.id_of(row.monitor)
        return values

    rows = resolved(batch, parsed, convert)
    fresh, unchanged = new_rows(batch, Grading, ["report_id", "monitor_id", "graded_at"], rows)
    if not batch.errors:
        write(batch, Grading, fresh)
        refresh_grades(batch.session, {values["report_id"] for _, values in fresh})
    return len(fresh), unchanged


def refresh_grades(session: Session, report_ids: set[int]) -> None:
    """Set each report's `grade` to its latest grading's, whichever monitor gave it."""
    ids = sorted(report_ids)
    latest: dict[int, Any] = {}
    for start in range(0, len(ids), CHUNK):
        query = (
            select(Grading.report_id, Grading.grade)
            .where(Grading.report_id.in_(ids[start : start + CHUNK]))
            .order_by(Grading.report_id, Grading.graded_at, Grading.id)
        )
        latest.update((report_id, grade) for report_id, grade in session.execute(query))
    audit.update_rows(session, Report, [{"id": rid, "grade": g} for rid, g in latest.items()])


def load_victims(batch: Batch, parsed: list[tuple[str, VictimRow]]) -> tuple[int, int]:
    reports = ReportIndex(batch.session, [row for _, row in parsed])

    def convert(row: VictimRow) -> dict[str, Any]:
        values = row.model_dump(exclude={"report_source", "report_external_id"})
        values["report_id"] = reports.resolve(row.report_source, row.report_external_id).id
        return values

    fresh, unchanged = new_rows(
        batch, Victim, ["report_id", "external_id"], resolved(batch, parsed, convert)
    )
    if not batch.errors:
        write(batch, Victim, fresh)
    return len(fresh), unchanged


def content_hash(row: DocumentRow) -> str:
    """The document's SHA-256: computed from its archived text, checked against a stated one."""
    if row.archived_text is None:
        assert row.sha256 is not None  # the row model requires one of the two
        return row.sha256
    computed = hashlib.sha256(row.archived_text.encode("utf-8")).hexdigest()
    if row.sha256 is not None and row.sha256 != computed:
        raise FieldError(
            "sha256", f"does not match the SHA-256 of archived_text ({computed}); evidence altered?"
        )
    return computed


def load_documents(batch: Batch, parsed: list[tuple[str, DocumentRow]]) -> tuple[int, int]:
    """Documents are stored once per (content hash, URL) and linked to each report citing them."""
    reports = ReportIndex(batch.session, [row for _, row in parsed])

    def convert(row: DocumentRow) -> dict[str, Any]:
        values = row.model_dump(exclude={"report_source", "report_external_id"})
        values["sha256"] = content_hash(row)
        values["report_id"] = reports.resolve(row.report_source, row.report_external_id).id
        return values

    rows = resolved(batch, parsed, convert)
    documents: dict[tuple[str, str | None], tuple[str, dict[str, Any]]] = {}
    for location, values in rows:
        document = {name: value for name, value in values.items() if name != "report_id"}
        key = (document["sha256"], document["url"])
        first = documents.setdefault(key, (location, document))
        if first[1] != document:
            batch.fail(
                location,
                FieldError("sha256", f"describes the document of {first[0]} differently"),
            )
    fresh, _ = new_rows(batch, Document, ["sha256", "url"], list(documents.values()))
    if batch.errors:
        return 0, 0
    write(batch, Document, fresh)
    stored = existing_by_key(batch.session, Document, ["sha256", "url"], documents)
    links = {
        (values["report_id"], stored[(values["sha256"], values["url"])].id) for _, values in rows
    }
    return link_documents(batch.session, links)


def link_documents(session: Session, links: set[tuple[int, int]]) -> tuple[int, int]:
    """Insert the report–document links not stored yet; (added, unchanged)."""
    table = report_documents
    stored: set[tuple[int, int]] = set()
    wanted = sorted(links)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        query = select(table.c.report_id, table.c.document_id).where(
            tuple_(table.c.report_id, table.c.document_id).in_(chunk)
        )
        stored.update((report_id, document_id) for report_id, document_id in session.execute(query))
    fresh = [{"report_id": r, "document_id": d} for r, d in wanted if (r, d) not in stored]
    audit.insert_rows(session, table, fresh)
    return len(fresh), len(stored)


def load_assessments(batch: Batch, parsed: list[tuple[str, AssessmentRow]]) -> tuple[int, int]:
    """Decisions are checked in time order per report, after those already stored."""
    reports = ReportIndex(batch.session, [row for _, row in parsed], duplicates=True)

    def convert(row: AssessmentRow) -> dict[str, Any]:
        values = row.model_dump(
            exclude={
                "report_source",
                "report_external_id",
                "duplicate_of_source",
                "duplicate_of_external_id",
            }
        )
        values["report_id"] = reports.resolve(row.report_source, row.report_external_id).id
        values["duplicate_of_id"] = (
            reports.resolve(
                row.duplicate_of_source, row.duplicate_of_external_id, "duplicate_of"
            ).id
            if row.duplicate_of_external_id
            else None
        )
        return values

    rows = resolved(batch, parsed, convert)
    fresh, unchanged = new_rows(batch, Assessment, ["report_id", "decided_at"], rows)
    histories = check_workflow(batch, reports, fresh)
    if not batch.errors:
        write(batch, Assessment, fresh)
        current = [
            {
                "id": report_id,
                "outcome": history[-1].outcome,
                "reason_code": history[-1].reason_code,
            }
            for report_id, history in histories.items()
            if history
        ]
        audit.update_rows(batch.session, Report, current)
    return len(fresh), unchanged


def check_workflow(
    batch: Batch, reports: ReportIndex, fresh: Sequence[tuple[str, dict[str, Any]]]
) -> dict[int, list[Decision]]:
    """Replay each report's new decisions after its stored ones, then look for duplicate cycles.

    Returns the histories of the reports touched, as they stand with the accepted decisions."""
    incoming: dict[int, list[tuple[str, Decision]]] = defaultdict(list)
    for location, values in fresh:
        incoming[values["report_id"]].append((location, decision_of(values)))
    histories = stored_histories(batch.session, incoming)
    received = reports.received_at_by_id()
    final: dict[int, str] = {}
    for report_id, decisions in incoming.items():
        history = histories[report_id]
        for location, decision in sorted(decisions, key=lambda item: item[1].decided_at):
            try:
                check_decision(report_id, received[report_id], history, decision, batch.now)
            except FieldError as error:
                batch.fail(location, error)
                continue
            history.append(decision)
            final[report_id] = location
    edges = current_duplicate_edges(batch.session)
    for report_id in histories:
        edges.pop(report_id, None)
    edges.update(duplicate_edges(histories))
    for report_id, location in final.items():
        cycle = duplicate_cycle(edges, report_id)
        if cycle:
            batch.fail(
                location,
                FieldError(
                    "duplicate_of_external_id", f"would make a cycle of duplicates: reports {cycle}"
                ),
            )
    return histories


def decision_of(values: Mapping[str, Any]) -> Decision:
    return Decision(
        outcome=values["outcome"],
        reason_code=values["reason_code"],
        decided_at=values["decided_at"],
        reason=values["reason"],
        killed=values["killed"],
        injured=values["injured"],
        duplicate_of=values["duplicate_of_id"],
    )


LOADERS: dict[str, Callable[[Batch, Any], tuple[int, int]]] = {
    "sources": load_sources,
    "reports": load_reports,
    "documents": load_documents,
    "strikes": load_strikes,
    "assessments": load_assessments,
    "gradings": load_gradings,
    "victims": load_victims,
}


def load(
    session: Session,
    kind: str,
    rows: Iterable[Mapping[str, Any]] | Iterable[tuple[str, Mapping[str, Any]]],
    *,
    source: str = "input",
    now: dt.datetime | None = None,
) -> LoadResult:
    """Validate and store rows of `kind`; raise IntakeError listing every bad row, storing none.

    `rows` are mappings (located as "item N") or (location, mapping) pairs from a file reader.
    """
    if kind not in LOADERS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(LOADERS)}")
    located = [
        item if isinstance(item, tuple) else (f"item {number}", item)
        for number, item in enumerate(rows, start=1)
    ]
    batch = Batch(session, kind, now or dt.datetime.now(dt.UTC).replace(tzinfo=None))
    parsed = parse_rows(ROW_MODELS[kind], located, batch)
    with session.begin_nested() as savepoint:
        added, unchanged = LOADERS[kind](batch, parsed)
        if batch.errors:
            savepoint.rollback()
            raise IntakeError(kind, sorted(batch.errors, key=_order), source)
        if added:
            advance_revision(session)
    return LoadResult(kind, added, unchanged)


def _order(error: RowError) -> tuple[str, int, str]:
    word, _, number = error.location.partition(" ")
    return (word, int(number) if number.isdigit() else 0, error.field)
