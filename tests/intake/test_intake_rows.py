"""The row models on their own: each rule accepts a good value and names the field of a bad one.

No database: rows are parsed the way the loader parses them (`parse_rows`), so that the field an
error names here is the field the user sees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civcas.errors import RowError
from civcas.intake.load import Batch, parse_rows
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
from civcas.vocab import AgeGroup, DatePrecision, Outcome, ReasonCode, Sex, SourceType

REPORT = {"external_id": "R-1", "source": "Airwars", "date_start": "2018-03-01", "country": "IQ"}
ASSESSMENT = {
    "report_external_id": "R-1",
    "outcome": "not_credible",
    "reason_code": "insufficient_evidence",
    "decided_at": "2018-04-01T10:00:00",
}
GRADING = {
    "report_external_id": "R-1",
    "monitor": "Airwars",
    "grade": "fair",
    "graded_at": "2018-04-01T10:00:00",
}
VICTIM = {"report_external_id": "R-1", "external_id": "V-1", "status": "killed"}
STRIKE = {"external_id": "S-1", "belligerent": "CJTF-OIR", "date": "2018-03-01", "country": "IQ"}
SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2 vector


def errors_of(model: type[Row], values: dict[str, Any]) -> list[RowError]:
    batch = Batch(session=None, kind="test", now=dt.datetime(2024, 1, 1))  # type: ignore[arg-type]
    parse_rows(model, [("line 2", values)], batch)
    return batch.errors


def fields_of(model: type[Row], base: dict[str, Any], **changes: Any) -> list[str]:
    """The fields named by the errors of `base` with `changes` (None drops a column)."""
    values = {**base, **changes}
    values = {name: value for name, value in values.items() if value is not None}
    errors = errors_of(model, values)
    assert all(error.location == "line 2" for error in errors)
    return [error.field for error in errors]


def parsed(model: type[Row], base: dict[str, Any], **changes: Any) -> Any:
    values = {name: value for name, value in {**base, **changes}.items() if value is not None}
    return model.model_validate(values)


# --- reports ---------------------------------------------------------------------------------


def test_a_minimal_report_is_accepted_with_its_defaults() -> None:
    row = parsed(ReportRow, REPORT)
    assert row.date_start == dt.date(2018, 3, 1)
    assert row.date_end is None
    assert row.date_precision is DatePrecision.DAY
    assert row.received_at is None
    assert fields_of(ReportRow, REPORT) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_start": "2018-02-28"}, None),
        ({"date_start": "2018-02-30"}, "date_start"),
        ({"date_start": "2018-13-01"}, "date_start"),
        ({"date_start": "1 March 2018"}, "date_start"),
        ({"date_end": "2018-02-28"}, "date_end"),
        ({"country": "XX"}, "country"),
        ({"country": "UK"}, "country"),
        ({"country": "IRQQ"}, "country"),
        ({"country": "368"}, "country"),
        ({"latitude": "91", "longitude": "43"}, "latitude"),
        ({"latitude": "-90.5", "longitude": "43"}, "latitude"),
        ({"latitude": "36", "longitude": "180.01"}, "longitude"),
        ({"latitude": "90", "longitude": "-180"}, None),
        ({"latitude": "36.34"}, "longitude"),
        ({"longitude": "43.13"}, "latitude"),
        ({"latitude": "north", "longitude": "43"}, "latitude"),
        ({"location_precision": "street"}, "location_precision"),
        ({"location_precision": "neighbourhood"}, None),
        ({"date_precision": "fortnight"}, "date_precision"),
        ({"source_type": "blog"}, "source_type"),
        ({"source_type": "partner_force"}, None),
        ({"external_id": ""}, "external_id"),
        ({"source": "   "}, "source"),
        ({"country": None}, "country"),
        ({"casualties": "3"}, "casualties"),
    ],
)
def test_report_values(changes: dict[str, Any], field: str | None) -> None:
    assert fields_of(ReportRow, REPORT, **changes) == ([field] if field else [])


@pytest.mark.parametrize(
    ("value", "stored"), [("IQ", "IQ"), ("iq", "IQ"), ("IRQ", "IQ"), ("syr", "SY"), (" SY ", "SY")]
)
def test_countries_are_stored_as_alpha_2(value: str, stored: str) -> None:
    assert parsed(ReportRow, REPORT, country=value).country == stored


@pytest.mark.parametrize("prefix", ["killed", "injured", "children_killed", "women_killed"])
def test_every_casualty_range(prefix: str) -> None:
    low, high = f"{prefix}_min", f"{prefix}_max"
    assert fields_of(ReportRow, REPORT, **{low: "7", high: "9"}) == []
    assert fields_of(ReportRow, REPORT, **{low: "7", high: "7"}) == []
    assert fields_of(ReportRow, REPORT, **{low: "0", high: "0"}) == []
    assert fields_of(ReportRow, REPORT, **{low: "9", high: "7"}) == [low]
    assert fields_of(ReportRow, REPORT, **{low: "-1", high: "7"}) == [low]
    assert fields_of(ReportRow, REPORT, **{low: "2.5", high: "7"}) == [low]
    # only one end: the missing end is named
    assert fields_of(ReportRow, REPORT, **{low: "3"}) == [high]
    assert fields_of(ReportRow, REPORT, **{high: "3"}) == [low]
    # blank cells are missing, so a blank pair is no range at all
    assert fields_of(ReportRow, REPORT, **{low: "", high: " "}) == []


def test_the_range_error_says_which_is_greater() -> None:
    (error,) = errors_of(ReportRow, {**REPORT, "killed_min": "9", "killed_max": "7"})
    assert error.field == "killed_min"
    assert "9" in error.reason and "7" in error.reason


@pytest.mark.parametrize(
    ("children", "women", "killed_max", "field"),
    [
        ("3", "2", "6", None),  # 5 ≤ 6
        ("3", "3", "6", None),  # 6 ≤ 6
        ("3", "2", "4", "children_killed_min"),  # 5 > 4
        ("5", None, "4", "children_killed_min"),  # 5 > 4
        (None, "5", "4", "children_killed_min"),  # 5 > 4
    ],
)
def test_children_and_women_fit_inside_killed(
    children: str | None, women: str | None, killed_max: str, field: str | None
) -> None:
    changes: dict[str, Any] = {"killed_min": "1", "killed_max": killed_max}
    if children:
        changes |= {"children_killed_min": children, "children_killed_max": children}
    if women:
        changes |= {"women_killed_min": women, "women_killed_max": women}
    assert fields_of(ReportRow, REPORT, **changes) == ([field] if field else [])


@pytest.mark.parametrize(
    ("precision", "start", "end", "ok"),
    [
        ("day", "2018-03-01", "2018-03-01", True),
        ("day", "2018-03-01", "2018-03-02", False),
        ("day", "2018-03-01", "2018-03-03", False),
        ("week", "2018-03-01", "2018-03-07", True),  # 7 calendar days, span 6
        ("week", "2018-03-01", "2018-03-08", False),  # span 7
        ("month", "2018-01-01", "2018-01-31", True),  # span 30
        ("month", "2018-01-01", "2018-02-01", False),  # span 31
        ("month", "2018-02-01", "2018-02-28", True),
        ("year", "2016-01-01", "2016-12-31", True),  # leap year: span 365
        ("year", "2017-01-01", "2018-01-01", True),  # span 365
        ("year", "2016-01-01", "2017-01-01", False),  # span 366
    ],
)
def test_date_precision_limits_the_span(precision: str, start: str, end: str, ok: bool) -> None:
    changes = {"date_precision": precision, "date_start": start, "date_end": end}
    assert fields_of(ReportRow, REPORT, **changes) == ([] if ok else ["date_precision"])


@pytest.mark.parametrize(
    ("received_at", "field"),
    [
        ("2018-03-01T00:00:00", None),
        ("2018-03-05T12:30", None),
        ("2018-02-28T23:59:59", "received_at"),
        # 01:00 at +03:00 is 22:00 UTC on 28 February: before the event's first day
        ("2018-03-01T01:00:00+03:00", "received_at"),
        ("2018-03-01T25:00:00", "received_at"),
        ("yesterday", "received_at"),
    ],
)
def test_received_at(received_at: str, field: str | None) -> None:
    assert fields_of(ReportRow, REPORT, received_at=received_at) == ([field] if field else [])


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("2018-03-02T12:00:00", dt.datetime(2018, 3, 2, 12, 0)),
        ("2018-03-02T12:00:00+03:00", dt.datetime(2018, 3, 2, 9, 0)),
        ("2018-03-02T12:00:00-05:30", dt.datetime(2018, 3, 2, 17, 30)),
        ("2018-03-02T12:00:00Z", dt.datetime(2018, 3, 2, 12, 0)),
        ("2018-03-02T01:00:00+02:00", dt.datetime(2018, 3, 1, 23, 0)),
        ("2018-03-02T12:00:00.250000", dt.datetime(2018, 3, 2, 12, 0, 0, 250000)),
    ],
)
def test_times_are_naive_utc(value: str, stored: dt.datetime) -> None:
    row = parsed(ReportRow, REPORT, received_at=value)
    assert row.received_at == stored
    assert row.received_at.tzinfo is None


# --- sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_type", "public", "is_public"),
    [
        ("media", None, True),
        ("monitor", "", True),
        ("individual", None, False),
        ("individual", "true", True),
        ("ngo", "false", False),
        ("official", "no", False),
    ],
)
def test_sources_are_public_unless_individual(
    source_type: str, public: str | None, is_public: bool
) -> None:
    row = parsed(SourceRow, {"name": "X", "type": source_type}, public=public)
    assert row.type is SourceType(source_type)
    assert row.is_public is is_public


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "blog"}, "type"),
        ({"type": None}, "type"),
        ({"name": ""}, "name"),
        ({"public": "perhaps"}, "public"),
        ({"email": "x@example.org"}, "email"),
    ],
)
def test_source_values(changes: dict[str, Any], field: str) -> None:
    assert fields_of(SourceRow, {"name": "X", "type": "media"}, **changes) == [field]


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sha256": SHA_ABC}, None),
        ({"archived_text": "abc"}, None),
        ({"sha256": SHA_ABC, "archived_text": "abc"}, None),
        ({}, "sha256"),  # neither the hash nor the content
        ({"sha256": "abc123"}, "sha256"),
        ({"sha256": SHA_ABC.upper()}, "sha256"),
        ({"sha256": SHA_ABC[:-1] + "g"}, "sha256"),
        ({"sha256": SHA_ABC + "0"}, "sha256"),
        ({"sha256": SHA_ABC, "retrieved_at": "2018-02-30T10:00"}, "retrieved_at"),
        ({"sha256": SHA_ABC, "report_external_id": ""}, "report_external_id"),
    ],
)
def test_document_values(changes: dict[str, Any], field: str | None) -> None:
    assert fields_of(DocumentRow, {"report_external_id": "R-1"}, **changes) == (
        [field] if field else []
    )


# --- strikes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"engagements": "0"}, "engagements"),
        ({"engagements": "1"}, None),
        ({"time": "25:00"}, "time"),
        ({"time": "14:30"}, None),
        ({"date": "2018-02-29"}, "date"),  # 2018 is not a leap year
        ({"date": "2016-02-29"}, None),
        ({"country": "XXX"}, "country"),
        ({"latitude": "36.1"}, "longitude"),
        ({"belligerent": None}, "belligerent"),
    ],
)
def test_strike_values(changes: dict[str, Any], field: str | None) -> None:
    assert fields_of(StrikeRow, STRIKE, **changes) == ([field] if field else [])


def test_strike_defaults_and_conversions() -> None:
    row = parsed(StrikeRow, STRIKE, time="14:30", country="syr")
    assert row.time == dt.time(14, 30)
    assert row.country == "SY"
    assert row.engagements == 1


# --- assessments, gradings, victims ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"reason_code": "because"}, "reason_code"),
        ({"decided_at": "2018-04-31T10:00"}, "decided_at"),
        ({"decided_at": None}, "decided_at"),
        ({"killed": "-1"}, "killed"),
        ({"injured": "two"}, "injured"),
        ({"report_external_id": None}, "report_external_id"),
    ],
)
def test_assessment_values(changes: dict[str, Any], field: str) -> None:
    assert fields_of(AssessmentRow, ASSESSMENT, **changes) == [field]


def test_assessment_conversions() -> None:
    row = parsed(AssessmentRow, ASSESSMENT, decided_at="2018-04-01T10:00:00+02:00")
    assert row.decided_at == dt.datetime(2018, 4, 1, 8, 0)
    assert row.outcome is Outcome.NOT_CREDIBLE
    assert row.reason_code is ReasonCode.INSUFFICIENT_EVIDENCE


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grade": "strong"}, "grade"),
        ({"grade": "contested"}, None),
        ({"killed_min": "5", "killed_max": "2"}, "killed_min"),
        ({"killed_min": "2", "killed_max": "5"}, None),
        ({"injured_max": "4"}, "injured_min"),
        ({"injured_min": "4"}, "injured_max"),
        ({"monitor": ""}, "monitor"),
        ({"graded_at": "soon"}, "graded_at"),
    ],
)
def test_grading_values(changes: dict[str, Any], field: str | None) -> None:
    assert fields_of(GradingRow, GRADING, **changes) == ([field] if field else [])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age": "130"}, None),
        ({"age": "0"}, None),
        ({"age": "131"}, "age"),
        ({"age": "-1"}, "age"),
        ({"sex": "x"}, "sex"),
        ({"age_group": "teen"}, "age_group"),
        ({"status": "missing"}, "status"),
        ({"status": None}, "status"),
        ({"external_id": None}, "external_id"),
    ],
)
def test_victim_values(changes: dict[str, Any], field: str | None) -> None:
    assert fields_of(VictimRow, VICTIM, **changes) == ([field] if field else [])


def test_victim_names_keep_their_script() -> None:
    row = parsed(VictimRow, VICTIM, name="محمد عبد الله")
    assert row.name == "محمد عبد الله"
    assert (row.sex.value, row.age_group.value) == ("unknown", "unknown")


def test_several_problems_in_one_row_are_all_reported() -> None:
    errors = errors_of(ReportRow, {**REPORT, "country": "XX", "date_start": "2018-02-30"})
    assert sorted(error.field for error in errors) == ["country", "date_start"]


# --- the models' shape -----------------------------------------------------------------------


def test_the_kinds_in_load_order() -> None:
    assert list(ROW_MODELS) == [
        "sources",
        "reports",
        "documents",
        "strikes",
        "assessments",
        "gradings",
        "victims",
    ]


@pytest.mark.parametrize("kind", list(ROW_MODELS))
def test_required_columns_are_exactly_the_fields_without_a_default(kind: str) -> None:
    model = ROW_MODELS[kind]
    without_default = {name for name, info in model.model_fields.items() if info.is_required()}
    assert set(model.required_columns) == without_default


# --- properties ------------------------------------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
counts = st.integers(min_value=0, max_value=10_000)
MAX_SPAN_DAYS = {"day": 0, "week": 6, "month": 30, "year": 365}


@st.composite
def report_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A valid report row, as JSON-like values."""
    precision = draw(st.sampled_from(["day", "week", "month", "year"]))
    start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, MAX_SPAN_DAYS[precision])))
    row: dict[str, Any] = {
        "external_id": draw(words.filter(str.strip)),
        "source": draw(words.filter(str.strip)),
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
        "date_precision": precision,
        "country": draw(st.sampled_from(["IQ", "SYR", "af", "yem", "LY"])),
        "summary": draw(words),
        "place": draw(words),
        "received_at": draw(
            st.datetimes(dt.datetime.combine(start, dt.time()), dt.datetime(2031, 1, 1))
        ).isoformat(),
    }
    if draw(st.booleans()):
        row["latitude"] = draw(st.floats(-90, 90))
        row["longitude"] = draw(st.floats(-180, 180))
    killed = sorted(draw(st.lists(counts, min_size=2, max_size=2)))
    row["killed_min"], row["killed_max"] = killed
    children = draw(st.integers(0, killed[1]))
    row["children_killed_min"] = row["children_killed_max"] = children
    if draw(st.booleans()):
        injured = sorted(draw(st.lists(counts, min_size=2, max_size=2)))
        row["injured_min"], row["injured_max"] = injured
    return row


@given(report_rows())
def test_any_valid_report_round_trips_through_json(values: dict[str, Any]) -> None:
    assert errors_of(ReportRow, values) == []
    row = ReportRow.model_validate(values)
    again = ReportRow.model_validate(row.model_dump(mode="json"))
    assert again == row
    assert again.model_dump(mode="json") == row.model_dump(mode="json")


@given(
    st.one_of(st.none(), st.integers(-5, 60)),
    st.one_of(st.none(), st.integers(-5, 60)),
)
def test_a_range_is_accepted_iff_both_or_neither_and_ordered(
    low: int | None, high: int | None
) -> None:
    values = {**GRADING, "injured_min": low, "injured_max": high}
    fields = fields_of(GradingRow, GRADING, injured_min=low, injured_max=high)
    both_none = low is None and high is None
    ok = both_none or (low is not None and high is not None and 0 <= low <= high)
    assert (fields == []) is ok, values
    if not ok:
        assert set(fields) <= {"injured_min", "injured_max"}


@given(
    st.sampled_from(["day", "week", "month", "year"]),
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    st.integers(-3, 400),
)
def test_a_span_is_accepted_iff_precision_admits_it(
    precision: str, start: dt.date, days: int
) -> None:
    end = start + dt.timedelta(days=days)
    changes = {"date_precision": precision, "date_start": str(start), "date_end": str(end)}
    fields = fields_of(ReportRow, REPORT, **changes)
    if days < 0:
        assert fields == ["date_end"]
    elif days <= MAX_SPAN_DAYS[precision]:
        assert fields == []
    else:
        assert fields == ["date_precision"]


# --- civcas bugs: these fail until civcas/intake/rows.py is fixed ----------------------------


@pytest.mark.parametrize(
    ("model", "base", "column", "default"),
    [
        (ReportRow, REPORT, "date_precision", DatePrecision.DAY),
        (StrikeRow, STRIKE, "engagements", 1),
        (VictimRow, VICTIM, "sex", Sex.UNKNOWN),
        (VictimRow, VICTIM, "age_group", AgeGroup.UNKNOWN),
    ],
)
def test_a_blank_cell_takes_the_column_default(
    model: type[Row], base: dict[str, Any], column: str, default: Any
) -> None:
    """BUG (rows.py, Row.blanks_are_missing): a blank CSV cell (or JSON null) is turned into None
    and then refused by the fields that have a default but are not Optional — so a CSV with a
    `date_precision`, `engagements`, `sex` or `age_group` column left blank on some rows fails."""
    for blank in ("", "  ", None):
        values = {**base, column: blank}
        assert errors_of(model, values) == [], repr(blank)
        assert getattr(model.model_validate(values), column) == default


def test_whitespace_around_a_date_is_ignored_like_around_any_value() -> None:
    """BUG (rows.py): `str_strip_whitespace` strips text and numbers parse with spaces, but a
    date or timestamp with a space around it (`R-1, Airwars, 2018-03-01`) is refused."""
    assert fields_of(ReportRow, REPORT, killed_min=" 3 ", killed_max="3 ") == []
    assert fields_of(ReportRow, REPORT, source=" Airwars ") == []
    assert fields_of(ReportRow, REPORT, date_start=" 2018-03-01") == []
    assert fields_of(ReportRow, REPORT, received_at="2018-03-02T10:00:00 ") == []


def test_archived_text_is_kept_verbatim() -> None:
    """BUG (rows.py, Row.model_config str_strip_whitespace): archived evidence loses its leading
    and trailing whitespace, so its SHA-256 is not the SHA-256 of the document as archived."""
    row = parsed(DocumentRow, {"report_external_id": "R-1"}, archived_text="abc\n")
    assert row.archived_text == "abc\n"
