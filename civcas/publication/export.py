"""Writing the ledger back out in the import formats, so that export → import loses nothing.

Each exported row is passed through the same row model the importer uses, which both serialises
it the way the importer reads it and proves that what we write can be read back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from civcas.intake.rows import ROW_MODELS
from civcas.ledger.models import (
    Assessment,
    Document,
    Grading,
    Report,
    Source,
    Strike,
    Victim,
    report_documents,
)

PERSONAL_KINDS = frozenset({"victims"})
"""Kinds left out of a public export: they name people."""


def report_ref(prefix: str = "report") -> tuple[Any, ...]:
    """Columns naming a report by its source and external id."""
    source, report = aliased(Source), aliased(Report)
    return (
        source,
        report,
        (
            source.name.label(f"{prefix}_source"),
            report.external_id.label(f"{prefix}_external_id"),
        ),
    )


def queries() -> dict[str, Select[Any]]:
    """One query per kind whose labelled columns are the row model's fields."""
    source, report, ref = report_ref()
    dup_source, dup_report, dup_ref = report_ref("duplicate_of")
    monitor = aliased(Source)
    by_report = (source.name, report.external_id)
    return {
        "sources": select(Source).order_by(Source.name),
        "reports": select(Report, Source.name.label("source"), Source.type.label("source_type"))
        .join(Source, Report.source_id == Source.id)
        .order_by(Source.name, Report.external_id),
        "documents": select(Document, *ref)
        .join(report_documents, report_documents.c.document_id == Document.id)
        .join(report, report.id == report_documents.c.report_id)
        .join(source, source.id == report.source_id)
        .order_by(*by_report, Document.sha256, Document.url),
        "strikes": select(Strike).order_by(Strike.belligerent, Strike.external_id),
        "assessments": select(Assessment, *ref, *dup_ref)
        .join(report, report.id == Assessment.report_id)
        .join(source, source.id == report.source_id)
        .outerjoin(dup_report, dup_report.id == Assessment.duplicate_of_id)
        .outerjoin(dup_source, dup_source.id == dup_report.source_id)
        .order_by(Assessment.decided_at, *by_report),
        "gradings": select(Grading, *ref, monitor.name.label("monitor"))
        .join(report, report.id == Grading.report_id)
        .join(source, source.id == report.source_id)
        .join(monitor, monitor.id == Grading.monitor_id)
        .order_by(*by_report, monitor.name, Grading.graded_at),
        "victims": select(Victim, *ref)
        .join(report, report.id == Victim.report_id)
        .join(source, source.id == report.source_id)
        .order_by(*by_report, Victim.external_id),
    }


SOURCE_COLUMNS = ("name", "source", "report_source", "duplicate_of_source", "monitor")


def withheld_names(session: Session) -> dict[str, str]:
    """Stand-ins for the names of sources that must not be published (witnesses, mostly)."""
    query = select(Source.name, Source.type, Source.id).where(Source.public.is_(False))
    return {
        name: f"withheld {kind.value} source {number}"
        for name, kind, number in session.execute(query)
    }


def export_rows(session: Session, kind: str, *, public: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of `kind` in the import format, as JSON-ready values, in a stable order."""
    model = ROW_MODELS[kind]
    columns = model.columns()
    aliases = withheld_names(session) if public else {}
    for result in session.execute(queries()[kind]):
        record, *labelled = result
        values = {name: getattr(record, name, None) for name in columns}
        values.update(zip(result._fields[1:], labelled, strict=True))
        if kind == "sources" and values["name"] in aliases:
            values.update(url=None, description=None)
        for column in SOURCE_COLUMNS:
            name = values.get(column)
            if isinstance(name, str) and name in aliases:
                values[column] = aliases[name]
        yield model.model_validate(values).model_dump(mode="json")


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    # RFC 4180 line ends, so that a lone carriage return inside a text gets quoted.
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: csv_cell(row[name]) for name in columns})
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", re.ASCII)


def csv_cell(value: Any) -> str:
    """One CSV cell. Text that a spreadsheet would run as a formula (starting with =, +, -, @,
    tab or carriage return) gets a leading single quote, as OWASP advises, so that opening an
    export cannot run a payload a hostile source planted in a report. Numbers are left alone: a
    negative latitude, or text that is just a number ("-3"), is no formula. The ledger keeps the
    text verbatim, and the JSON export writes it unchanged (docs/formats.md)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if (
        isinstance(value, str)
        and text.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def export_kind(
    session: Session, kind: str, path: Path, file_format: str = "csv", *, public: bool = False
) -> int:
    """Write one kind to `path`; returns the number of rows."""
    rows = list(export_rows(session, kind, public=public))
    if file_format == "json":
        path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path.write_text(to_csv(rows, ROW_MODELS[kind].columns()), encoding="utf-8")
    return len(rows)


def export_all(
    session: Session, directory: Path, file_format: str = "csv", *, public: bool = False
) -> dict[str, int]:
    """Every kind into `directory` as KIND.csv / KIND.json.

    `public` leaves out the people (victims) and replaces non-public sources' names.
    """
    directory.mkdir(parents=True, exist_ok=True)
    return {
        kind: export_kind(
            session, kind, directory / f"{kind}.{file_format}", file_format, public=public
        )
        for kind in ROW_MODELS
        if not (public and kind in PERSONAL_KINDS)
    }
