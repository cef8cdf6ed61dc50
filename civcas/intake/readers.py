"""Reading CSV and JSON files into located rows, refusing malformed files with the line at fault."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from civcas.errors import IntakeError, RowError
from civcas.intake.rows import ROW_MODELS

Located = list[tuple[str, Mapping[str, Any]]]


def read_rows(path: Path, kind: str, file_format: str | None = None) -> Located:
    """(location, row) pairs from a CSV or JSON file of `kind`; the suffix gives the format."""
    chosen = file_format or path.suffix.lstrip(".").lower()
    if chosen not in ("csv", "json"):
        raise IntakeError(kind, [RowError("file", "format", "use a .csv or .json file")], str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problem = RowError(f"line {line}", "encoding", "not valid UTF-8; save the file as UTF-8")
        raise IntakeError(kind, [problem], str(path)) from error
    rows = read_csv(text) if chosen == "csv" else read_json(text, kind, str(path))
    check_columns(kind, rows, str(path))
    return rows


def read_csv(text: str) -> Located:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return []
    names = [name.strip() for name in header]
    rows: Located = []
    for values in reader:
        location = f"line {reader.line_num}"
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(names):
            rows.append((location, {"__width__": f"{len(values)} fields, header has {len(names)}"}))
            continue
        rows.append((location, dict(zip(names, values, strict=True))))
    return rows


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


def check_columns(kind: str, rows: Located, source: str) -> None:
    """Refuse a file whose rows lack required columns, have unknown ones, or the wrong width."""
    model = ROW_MODELS[kind]
    known = set(model.columns())
    errors = []
    for location, row in rows:
        if not isinstance(row, dict):
            errors.append(RowError(location, "row", "expected an object of column: value"))
        elif "__width__" in row:
            errors.append(RowError(location, "row", row["__width__"]))
        else:
            errors += [
                RowError(location, name, "unknown column") for name in row if name not in known
            ]
            errors += [
                RowError(location, name, "required column is missing")
                for name in model.required_columns
                if name not in row
            ]
        if len(errors) > 200:
            break
    if errors:
        raise IntakeError(kind, errors, source)
