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


def read_rows(path: Path, kind: str, file_format: str | None = None) -> Located:
    """(location, row) pairs from a CSV or JSON file of `kind`; the suffix gives the format."""
    chosen = file_format or path.suffix.lstrip(".").lower()
    if chosen not in ("csv", "json"):
        raise IntakeError(kind, [RowError("file", "format", "use a .csv or .json file")], str(path))
    body = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        problem = RowError(f"line {line}", "encoding", "not valid UTF-8; save the file as UTF-8")
        raise IntakeError(kind, [problem], str(path)) from error
    if chosen == "csv":
        header, rows = read_csv(text)
        errors = column_errors(kind, "line 1", header)
    else:
        rows = read_json(text, kind, str(path))
        errors = []
    errors += row_errors(kind, rows)
    if errors:
        raise IntakeError(kind, errors[:MAX_ERRORS], str(path))
    return rows


def read_csv(text: str) -> tuple[list[str], Located]:
    """The header's column names, and each data row located by its line (the header is line 1).

    A row with the wrong number of fields becomes a marker that `row_errors` reports."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    rows: Located = []
    ended = reader.line_num
    for values in reader:
        location, ended = f"line {ended + 1}", reader.line_num  # where the row starts
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            rows.append((location, {WIDTH: f"{len(values)} fields, header has {len(header)}"}))
            continue
        rows.append((location, dict(zip(header, values, strict=True))))
    return header, rows


def read_json(text: str, kind: str = "rows", source: str = "input") -> Located:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = RowError(f"line {error.lineno}", "json", error.msg)
        raise IntakeError(kind, [problem], source) from error
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
    """Rows of the wrong width (CSV), and rows that are not objects or lack columns (JSON)."""
    errors = []
    for location, row in rows:
        if not isinstance(row, dict):
            errors.append(RowError(location, "row", "expected an object of column: value"))
        elif WIDTH in row:
            errors.append(RowError(location, "row", row[WIDTH]))
        elif location.startswith("item"):
            errors += column_errors(kind, location, row)
        if len(errors) >= MAX_ERRORS:
            break
    return errors
