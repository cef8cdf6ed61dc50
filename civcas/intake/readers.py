"""Reading CSV and JSON files into located rows, refusing malformed files with the line at fault."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from civcas.errors import IntakeError, RowError
from civcas.intake.rows import ROW_MODELS

Located = list[tuple[str, Mapping[str, Any]]]
WIDTH = "__width__"
MAX_ERRORS = 200


ARCHIVES = {
    b"PK\x03\x04": "a zip archive",
    b"PK\x05\x06": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
}
"""Magic numbers of compressed files. No importer reads archives: a compressed file given as CSV
or JSON is refused by name, before anything is decompressed (so no zip bomb can be expanded)."""
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_rows(path: Path, kind: str, file_format: str | None = None) -> Located:
    """(location, row) pairs from a CSV or JSON file of `kind`; the suffix gives the format."""
    chosen = file_format or path.suffix.lstrip(".").lower()
    if chosen not in ("csv", "json"):
        raise IntakeError(kind, [RowError("file", "format", "use a .csv or .json file")], str(path))
    text = decode(path.read_bytes(), kind, str(path))
    if chosen == "csv":
        header, rows = read_csv(text, kind, str(path))
        errors = column_errors(kind, "line 1", header)
    else:
        rows = read_json(text, kind, str(path))
        errors = []
    errors += row_errors(kind, rows)
    if errors:
        raise IntakeError(kind, errors[:MAX_ERRORS], str(path))
    return rows


def decode(body: bytes, kind: str = "rows", source: str = "input") -> str:
    """The file's text: UTF-8, a leading byte-order mark dropped.

    Refused, naming the line: an archive (no importer reads one), UTF-16 (its BOM, or the NUL
    bytes that UTF-16 puts beside every ASCII letter, which are valid UTF-8 and would otherwise
    come through as column names full of NULs), any other byte that is not UTF-8, and NUL
    characters, which no text column may hold (PostgreSQL refuses them in text)."""
    for magic, what in ARCHIVES.items():
        if body.startswith(magic):
            reason = f"{what}, not a CSV or JSON file; civcas does not read archives: extract it"
            raise IntakeError(kind, [RowError("file", "format", reason)], source)
    if body.startswith(UTF16_BOMS):
        reason = "UTF-16 (byte-order mark), not UTF-8; save the file as UTF-8"
        raise IntakeError(kind, [RowError("line 1", "encoding", reason)], source)
    body = body.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        problem = RowError(f"line {line}", "encoding", "not valid UTF-8; save the file as UTF-8")
        raise IntakeError(kind, [problem], source) from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        reason = "contains a NUL character (UTF-16 or binary data?); save the file as UTF-8 text"
        raise IntakeError(kind, [RowError(f"line {line}", "encoding", reason)], source)
    return text


def read_csv(text: str, kind: str = "rows", source: str = "input") -> tuple[list[str], Located]:
    """The header's column names, and each data row located by its line (the header is line 1).

    A row with the wrong number of fields becomes a marker that `row_errors` reports. The reader
    is strict, so that a quote left open (a file cut off mid-row) or text after a closing quote is
    refused with its line instead of swallowing the rest of the file into one cell; a field over
    the csv module's limit is refused the same way rather than escaping as a csv.Error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: Located = []
    ended = 0
    try:
        header = [name.strip() for name in next(reader, [])]
        ended = reader.line_num
        for values in reader:
            location, ended = f"line {ended + 1}", reader.line_num  # where the row starts
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                rows.append((location, {WIDTH: f"{len(values)} fields, header has {len(header)}"}))
                continue
            rows.append((location, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        reason = f"not readable as CSV ({error}); is a quote left open or the file cut short?"
        if "field limit" in str(error):
            reason = f"a field is longer than the CSV limit of {csv.field_size_limit()} characters"
        raise IntakeError(kind, [RowError(f"line {ended + 1}", "row", reason)], source) from None
    return header, rows


def read_json(text: str, kind: str = "rows", source: str = "input") -> Located:
    """The items of a JSON list (or of a one-key object holding one), located as "item N".

    Besides syntax errors, the parser's other failures are refusals too: nesting too deep for
    the recursive decoder (RecursionError) and integers longer than Python converts
    (ValueError), which would otherwise escape as tracebacks."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = RowError(f"line {error.lineno}", "json", error.msg)
        raise IntakeError(kind, [problem], source) from error
    except RecursionError:
        problem = RowError("file", "json", "nested too deeply to be a list of rows")
        raise IntakeError(kind, [problem], source) from None
    except ValueError as error:
        problem = RowError("file", "json", f"not readable as JSON ({error})")
        raise IntakeError(kind, [problem], source) from None
    if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), list):
        data = next(iter(data.values()))
    if not isinstance(data, list):
        problem = RowError("file", "json", "expected a list of objects")
        raise IntakeError(kind, [problem], source)
    return [(f"item {number}", item) for number, item in enumerate(data, start=1)]


def column_errors(kind: str, location: str, columns: Iterable[str]) -> list[RowError]:
    """Unknown columns, and required ones missing, among `columns`."""
    model = ROW_MODELS[kind]
    names = set(columns)
    unknown = [RowError(location, n, "unknown column") for n in names - set(model.columns())]
    missing = [
        RowError(location, name, "required column is missing")
        for name in model.required_columns
        if name not in names
    ]
    return sorted(unknown, key=lambda error: error.field) + missing


def row_errors(kind: str, rows: Located) -> list[RowError]:
    """Rows of the wrong width (CSV), and rows that are not objects or lack columns (JSON).

    Also JSON values holding a NUL character (a "\\u0000" escape; a CSV file with one is refused
    by `decode`): PostgreSQL refuses NUL in text, so it would fail the insert with a traceback
    instead of a refusal naming the item and column."""
    errors = []
    for location, row in rows:
        if not isinstance(row, dict):
            errors.append(RowError(location, "row", "expected an object of column: value"))
        elif WIDTH in row:
            errors.append(RowError(location, "row", row[WIDTH]))
        elif location.startswith("item"):
            errors += column_errors(kind, location, row)
            errors += [
                RowError(location, str(name), "contains a NUL character")
                for name, value in row.items()
                if isinstance(value, str) and "\x00" in value
            ]
        if len(errors) >= MAX_ERRORS:
            break
    return errors
