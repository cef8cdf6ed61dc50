"""Research data sets (UCDP GED, ACLED) into the ledger: each CSV row becomes one report, and one
document that keeps the row itself.

A data set is described by a `Dataset`: its columns and a pure `to_rows` mapping (`ucdp.py`,
`acled.py`). The file is read as a stream and loaded in chunks through `intake.load`, so every
report meets the checks of a civcas report file, and a data set of any size never sits in memory
whole. All chunks share one savepoint: a bad row anywhere rolls every chunk back, yet reading goes
on to the end so that the refusal lists every bad row, as a civcas file's does. Importing the same
file twice adds nothing: reports and documents already recorded are skipped by `load`.

The row itself is kept as evidence: its cells as canonical JSON (sorted keys), hashed by `load`
like any document, so the ledger can always show what the data set said, whatever the mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeVar

from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.load import LoadResult, load
from civcas.intake.readers import ARCHIVES, MAX_ERRORS
from civcas.intake.rows import MAX_COUNT
from civcas.vocab import SourceType

CHUNK = 2_000
"""Rows per `load` call: the progress step, and a bound on the rows held in memory."""
PLACE_LENGTH, PERPETRATOR_LENGTH = 300, 200
"""The ledger's column widths; longer text is cut (the document keeps it whole)."""

Progress = Callable[[int], None]
V = TypeVar("V")


class Mapped(NamedTuple):
    """One data-set row as a `reports` row and a `documents` row (see `intake.rows`)."""

    report: dict[str, Any]
    document: dict[str, Any]


@dataclass(frozen=True)
class Dataset:
    name: str
    """Names the data set in refusals ("ucdp-ged")."""
    source: str
    """The ledger source whose reports the rows become; created as a monitor if new."""
    key: str
    """The column with the data set's own event id: the reports' external_id."""
    required: tuple[str, ...]
    to_rows: Callable[[Mapping[str, str]], Mapped]
    """The pure mapping; raises FieldError naming the data set's column at fault."""


def import_dataset(
    session: Session,
    path: Path,
    dataset: Dataset,
    *,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> LoadResult:
    """Import a data set's CSV file in the caller's transaction; IntakeError lists every bad row.

    `progress`, if given, is called after each chunk with the number of rows read so far.
    `added`/`unchanged` of the result count reports; each report's document comes with it.
    """
    errors: list[RowError] = []
    added = unchanged = done = 0
    seen: dict[str, str] = {}
    with session.begin_nested() as savepoint:
        rows = read_csv(path, dataset, errors)
        while chunk := list(islice(rows, CHUNK)):
            mapped = map_rows(dataset, chunk, seen, errors)
            new, old = load_chunk(session, mapped, str(path), errors, now)
            added, unchanged, done = added + new, unchanged + old, done + len(chunk)
            if progress is not None:
                progress(done)
        if errors:
            savepoint.rollback()
            ordered = sorted(errors, key=lambda error: (line_of(error), error.field))
            raise IntakeError(dataset.name, ordered[:MAX_ERRORS], str(path))
    return LoadResult(dataset.name, added, unchanged)


def read_csv(
    path: Path, dataset: Dataset, errors: list[RowError]
) -> Iterator[tuple[str, dict[str, str]]]:
    """(location, row) pairs read one at a time, located by the line the row starts on.

    A missing required column, a row of the wrong width or bytes that are not UTF-8 are errors;
    columns the mapping does not use are kept, for the document. So are a compressed file (no
    data set is read from an archive: it is refused by its magic number, never decompressed), a
    NUL byte (UTF-16 or binary data), and what the csv module cannot read: its reader is strict,
    so a quote left open (a file cut short) is refused with its line instead of swallowing the
    rest of the file into one cell, and a field over its limit is a refusal, not a traceback."""
    with path.open("rb") as file:
        start = file.read(8)
        archive = next((what for magic, what in ARCHIVES.items() if start.startswith(magic)), None)
        if archive:
            reason = f"{archive}, not a CSV file; civcas does not read archives: extract it"
            errors.append(RowError("line 1", "format", reason))
            return
        file.seek(0)
        lines = Lines(file)
        reader = csv.reader(lines, strict=True)
        ended = 0
        try:
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in dataset.required if name not in header]
            errors += [RowError("line 1", name, "required column is missing") for name in missing]
            if missing:
                return
            ended = lines.number
            for values in reader:
                location, ended = f"line {ended + 1}", lines.number
                if not any(value.strip() for value in values):
                    continue
                if len(values) != len(header):
                    width = f"{len(values)} fields, header has {len(header)}"
                    errors.append(RowError(location, "row", width))
                    continue
                yield location, dict(zip(header, values, strict=True))
        except UnicodeDecodeError:
            message = "not valid UTF-8; save the file as UTF-8"
            errors.append(RowError(f"line {lines.number}", "encoding", message))
        except NulCharacter:
            message = "contains a NUL character (UTF-16 or binary data?); save the file as UTF-8"
            errors.append(RowError(f"line {lines.number}", "encoding", message))
        except csv.Error as error:
            reason = f"not readable as CSV ({error}); is a quote left open or the file cut short?"
            if "field limit" in str(error):
                reason = (
                    f"a field is longer than the CSV limit of {csv.field_size_limit()} characters"
                )
            errors.append(RowError(f"line {ended + 1}", "row", reason))


class NulCharacter(ValueError):
    """A line with a NUL byte: valid UTF-8, but no text the ledger can store."""


class Lines:
    """A binary file's lines as text, counted, so that a byte that is not UTF-8 names its line
    (a text file would fail on a block read ahead). A byte-order mark is dropped."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.number = file, 0

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line = next(self.file)
        self.number += 1
        if b"\x00" in line:
            raise NulCharacter(self.number)
        return line.decode("utf-8-sig" if self.number == 1 else "utf-8")


def map_rows(
    dataset: Dataset,
    chunk: list[tuple[str, dict[str, str]]],
    seen: dict[str, str],
    errors: list[RowError],
) -> list[tuple[str, Mapped]]:
    """The chunk's rows mapped; bad rows and repeated event ids (`seen`: id → line) are errors."""
    mapped = []
    for location, row in chunk:
        try:
            rows = dataset.to_rows(row)
        except FieldError as error:
            errors.append(RowError(location, error.field, error.message))
            continue
        first = seen.setdefault(rows.report["external_id"], location)
        if first != location:
            message = f"{dataset.key} {rows.report['external_id']} repeats the row of {first}"
            errors.append(RowError(location, dataset.key, message))
            continue
        mapped.append((location, rows))
    return mapped


def load_chunk(
    session: Session,
    mapped: list[tuple[str, Mapped]],
    source: str,
    errors: list[RowError],
    now: dt.datetime | None,
) -> tuple[int, int]:
    """Load the reports, then their documents; refusals join `errors`. (added, unchanged)."""
    if not mapped:
        return 0, 0
    reports = [(location, rows.report) for location, rows in mapped]
    documents = [(location, rows.document) for location, rows in mapped]
    try:
        result = load(session, "reports", reports, source=source, now=now)
        load(session, "documents", documents, source=source, now=now)
    except IntakeError as refused:
        errors += refused.errors
        return 0, 0
    return result.added, result.unchanged


def line_of(error: RowError) -> int:
    return int(error.location.removeprefix("line "))


# --- helpers for the mappings: one cell at a time, FieldError naming the column ----------------


def cell(row: Mapping[str, str], name: str) -> str | None:
    """The trimmed cell, None when blank or absent."""
    text = (row.get(name) or "").strip()
    return text or None


def required(row: Mapping[str, str], name: str) -> str:
    text = cell(row, name)
    if text is None:
        raise FieldError(name, "is blank; every row needs one")
    return text


def count(row: Mapping[str, str], name: str) -> int:
    """A whole number ≥ 0, and no larger than the ledger stores: a bigger one would otherwise be
    refused later under the report's column (killed_max), not the data set's."""
    text = required(row, name)
    if not text.isdecimal():
        raise FieldError(name, f"{text!r} is not a whole number ≥ 0")
    if len(text) > len(str(MAX_COUNT)) or int(text) > MAX_COUNT:
        raise FieldError(name, f"{text} is larger than the ledger's limit of {MAX_COUNT}")
    return int(text)


def code(row: Mapping[str, str], name: str, table: Mapping[int, V], what: str) -> V:
    """The meaning of a numeric code; the error names the codes `table` knows."""
    text = required(row, name)
    if not text.isdecimal() or int(text) not in table:
        raise FieldError(name, f"{text} is not {what} ({min(table)}–{max(table)})")
    return table[int(text)]


def degrees(row: Mapping[str, str], name: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180), None when blank."""
    text = cell(row, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FieldError(name, f"{text!r} is not a number of degrees") from None
    if not -limit <= value <= limit:
        raise FieldError(name, f"{text} is outside −{limit:g}…{limit:g}")
    return value


def place(row: Mapping[str, str], *names: str) -> str | None:
    """The named cells, most precise first, each once, cut to the ledger's width."""
    parts = dict.fromkeys(text for name in names if (text := cell(row, name)))
    return clip(", ".join(parts), PLACE_LENGTH) or None


def clip(text: str | None, limit: int) -> str | None:
    """`text` cut at a word boundary to at most `limit` characters, marked with an ellipsis."""
    if text is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut[: cut.rfind(" ")].rstrip(" ,;") + "…" if " " in cut else cut + "…"


def report(source: str, external_id: str, **values: Any) -> dict[str, Any]:
    """A `reports` row of the data set's source (a monitor, created if new)."""
    return {
        "external_id": external_id,
        "source": source,
        "source_type": SourceType.MONITOR,
        **values,
    }


def document(
    row: Mapping[str, str], source: str, external_id: str, url: str | None
) -> dict[str, Any]:
    """The row itself as a `documents` row of its report: every cell as given, as canonical JSON
    (sorted keys, no padding) so that the same row always hashes the same."""
    text = json.dumps(dict(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {
        "report_source": source,
        "report_external_id": external_id,
        "url": url,
        "archived_text": text,
    }
