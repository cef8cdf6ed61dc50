"""Reading CSV and JSON files: encodings, line numbers, columns. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from civcas.errors import IntakeError
from civcas.intake.readers import read_rows

DATA = Path(__file__).resolve().parent.parent / "data"


def refusal(path: Path, kind: str = "reports") -> list[tuple[str, str, str]]:
    with pytest.raises(IntakeError) as refused:
        read_rows(path, kind)
    assert refused.value.kind == kind
    assert refused.value.source == str(path)
    return [(error.location, error.field, error.reason) for error in refused.value.errors]


def test_a_byte_order_mark_is_accepted() -> None:
    rows = read_rows(DATA / "reports_bom.csv", "reports")
    assert [location for location, _ in rows] == ["line 2", "line 3"]
    first = rows[0][1]
    assert list(first) == ["external_id", "source", "source_type", "date_start", "country"]
    assert first["external_id"] == "R-1"
    assert rows[1][1]["country"] == "SYR"


def test_invalid_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    # line 3 is Latin-1: é is the single byte 0xE9
    path.write_bytes(
        b"external_id,source,date_start,country\n"
        b"R-1,Airwars,2018-03-01,IQ\n"
        b"R-2,Caf\xe9 Press,2018-03-01,IQ\n"
        b"R-3,Airwars,2018-03-01,IQ\n"
    )
    [(location, field, reason)] = refusal(path)
    assert (location, field) == ("line 3", "encoding")
    assert "UTF-8" in reason


def test_invalid_utf8_at_the_start_of_a_line_after_a_bom(tmp_path: Path) -> None:
    """BUG (readers.py, read_rows): with a BOM, `error.start` counts from after the BOM's three
    bytes, but the newlines are counted in the whole file, so a bad byte within three bytes of a
    line start is put on the line before (here: line 2 instead of line 3)."""
    path = tmp_path / "reports.csv"
    path.write_bytes(
        b"\xef\xbb\xbfexternal_id,source,date_start,country\n"
        b"R-1,Airwars,2018-03-01,IQ\n"
        b"\xc9cole,Airwars,2018-03-01,IQ\n"
    )
    [(location, field, _)] = refusal(path)
    assert (location, field) == ("line 3", "encoding")


def test_a_row_of_the_wrong_width_is_named_by_its_line() -> None:
    errors = refusal(DATA / "reports_wrong_width.csv")
    assert [(location, field) for location, field, _ in errors] == [
        ("line 3", "row"),
        ("line 4", "row"),
    ]
    assert "6 fields" in errors[0][2] and "5" in errors[0][2]
    assert "4 fields" in errors[1][2]


def test_an_unknown_column_is_refused() -> None:
    # The header (line 1) is at fault, so the error is reported once, there.
    assert refusal(DATA / "reports_unknown_column.csv") == [
        ("line 1", "casualties", "unknown column")
    ]


def test_a_missing_required_column_is_refused() -> None:
    assert refusal(DATA / "reports_missing_column.csv") == [
        ("line 1", "country", "required column is missing")
    ]


def test_a_header_only_file_missing_a_required_column_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "reports.csv"
    empty.write_text("external_id,source,date_start\n", encoding="utf-8")
    assert refusal(empty) == [("line 1", "country", "required column is missing")]


def test_a_json_list() -> None:
    rows = read_rows(DATA / "reports.json", "reports")
    assert [location for location, _ in rows] == ["item 1", "item 2"]
    assert rows[0][1]["killed_min"] == 2
    assert rows[0][1]["killed_max"] == "4"
    assert rows[1][1]["latitude"] is None


def test_a_json_object_wrapping_the_list() -> None:
    rows = read_rows(DATA / "reports_wrapped.json", "reports")
    assert len(rows) == 1
    assert rows[0][0] == "item 1"
    assert rows[0][1]["country"] == "SYR"


def test_malformed_json_is_refused_naming_the_line() -> None:
    [(location, field, reason)] = refusal(DATA / "reports_malformed.json")
    assert (location, field) == ("line 3", "json")
    assert "delimiter" in reason


@pytest.mark.parametrize(
    "text",
    ['{"reports": [], "sources": []}', '"reports"', "42", '{"reports": {"external_id": "R-1"}}'],
)
def test_json_that_is_not_a_list_of_objects_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "reports.json"
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == [("file", "json", "expected a list of objects")]


def test_a_json_item_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reports.json"
    path.write_text(
        '[{"external_id": "R-1", "source": "A", "date_start": "2018-03-01", "country": "IQ"},'
        ' ["R-2", "A"]]',
        encoding="utf-8",
    )
    [(location, field, _)] = refusal(path)
    assert (location, field) == ("item 2", "row")


def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    rows = read_rows(DATA / "reports_blank_lines.csv", "reports")
    assert [(location, row["external_id"]) for location, row in rows] == [
        ("line 2", "R-1"),
        ("line 4", "R-2"),
        ("line 6", "R-3"),
    ]


def test_line_numbers_are_physical_lines_after_a_multiline_cell() -> None:
    rows = read_rows(DATA / "reports_multiline.csv", "reports")
    assert [row["external_id"] for _, row in rows] == ["R-1", "R-2", "R-3"]
    assert rows[0][1]["summary"] == "First line of the summary\nsecond line, with a comma"
    assert [location for location, _ in rows[1:]] == ["line 4", "line 5"]


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("external_id,source,date_start,country\n", encoding="utf-8")
    assert read_rows(path, "reports") == []


def test_the_suffix_chooses_the_format(tmp_path: Path) -> None:
    path = tmp_path / "reports.txt"
    path.write_text((DATA / "reports.json").read_text(encoding="utf-8"), encoding="utf-8")
    [(location, field, _)] = refusal(path)
    assert (location, field) == ("file", "format")
    assert len(read_rows(path, "reports", "json")) == 2


def test_a_row_with_a_multi_line_cell_is_located_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "external_id,source,date_start,country,summary\n"
        'r1,S,2017-01-01,IQ,"two\nlines"\n'
        "\n"
        "r2,S,2017-01-02,IQ,one line\n",
        encoding="utf-8",
    )
    assert [location for location, _ in read_rows(path, "reports")] == ["line 2", "line 5"]
