"""Property tests: whatever bytes or values arrive, intake fails only with its own errors, and a
refused batch writes nothing.

- The file readers (`read_rows`, CSV and JSON, and the data-set reader) on arbitrary bytes raise
  nothing but `IntakeError`.
- Row validation and loading (`load`, every kind) on arbitrary JSON-like rows raise nothing but
  `IntakeError`; when they do, every table's row count is what it was before.
- The data-set mappings raise nothing but `FieldError`, and the official-report parser on
  arbitrary text nothing but `FieldError`.
"""

from __future__ import annotations

import codecs
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, postgres_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError
from civcas.intake import load, read_rows
from civcas.intake.acled import ACLED
from civcas.intake.datasets import import_dataset
from civcas.intake.official_report import parse_official_report
from civcas.intake.rows import ROW_MODELS
from civcas.intake.ucdp import UCDP_GED
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Base

DATASET = Path(__file__).resolve().parent.parent / "data" / "dataset"


def examples(count: int) -> Any:
    """Hypothesis settings for `count` examples; database examples are slow and share a fixture."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


SETTINGS = examples(150)

PLAUSIBLE = [
    "2018-03-01",
    "2018-02-30",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2017-05-25T12:00:00",
    "IQ",
    "IRQ",
    "Airwars",
    "AW-1",
    "W-7",
    "monitor",
    "credible",
    "not_credible",
    "duplicate",
    "reopened",
    "day",
    "week",
    "killed",
    "-1",
    "0",
    "99999999999",
    "1e400",
    "NaN",
    "inf",
    '=HYPERLINK("http://x","click")',
    "\x00",
    "\ud800",
    "a" * 301,
    "",
    " ",
]
SCALARS = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=5), SCALARS, max_size=2),
)
ALL_COLUMNS = sorted({column for model in ROW_MODELS.values() for column in model.columns()})


def rows_of(kind: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Rows of mostly the kind's columns with hostile values.

    Only mappings: `load` takes mappings (its callers, the readers, refuse any other item first);
    the whole path from arbitrary items is tested through `read_rows` below."""
    columns = st.sampled_from([*ROW_MODELS[kind].columns(), *ALL_COLUMNS[:3], "bogus"])
    return st.lists(st.dictionaries(columns, VALUES, max_size=12), min_size=1, max_size=4)


VALID: dict[str, dict[str, Any]] = {
    "sources": {"name": "New Monitor", "type": "monitor", "url": "u", "description": "d"},
    "reports": {
        "external_id": "P-1",
        "source": "Airwars",
        "date_start": "2018-03-01",
        "country": "IQ",
        "latitude": 36.3,
        "longitude": 43.1,
        "killed_min": 1,
        "killed_max": 2,
        "place": "p",
        "perpetrator": "x",
        "summary": "s",
    },
    "documents": {
        "report_source": "Airwars",
        "report_external_id": "AW-1",
        "url": "u",
        "language": "en",
        "archived_text": "t",
    },
    "strikes": {
        "external_id": "S-1",
        "belligerent": "B",
        "date": "2018-03-01",
        "country": "IQ",
        "target": "t",
        "engagements": 1,
    },
    "assessments": {
        "report_source": "Airwars",
        "report_external_id": "AW-1",
        "outcome": "credible",
        "reason_code": "credible",
        "killed": 3,
        "assessor": "a",
        "decided_at": "2017-05-25T12:00:00",
    },
    "gradings": {
        "report_source": "Airwars",
        "report_external_id": "AW-1",
        "monitor": "Airwars",
        "grade": "fair",
        "killed_min": 1,
        "killed_max": 2,
        "graded_at": "2017-04-01T00:00:00",
    },
    "victims": {
        "report_source": "Airwars",
        "report_external_id": "AW-1",
        "external_id": "V-1",
        "name": "n",
        "age": 3,
        "status": "killed",
    },
}
"""A row of each kind that loads on the seeded ledger: one hostile value in it reaches the
database unless validation stops it."""
EXTREME_VALUES = ["a\x00b", "\udc80", "x" * 100_001, "y" * 2001, 2**31, 2**63, 10**30, -(2**63) - 1]
EXTREMES = st.sampled_from(EXTREME_VALUES)
HOSTILE = st.one_of(EXTREMES, EXTREMES, VALUES)


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """The valid row of `kind` with one or two columns given hostile values."""
    row = dict(VALID[kind])
    columns = st.one_of(st.sampled_from(sorted(row)), st.sampled_from(ROW_MODELS[kind].columns()))
    for column in draw(st.lists(columns, min_size=1, max_size=2)):
        row[column] = draw(HOSTILE)
    return row


def counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def stored_or_refused_whole(engine: Engine, attempt: Callable[[Session], object]) -> None:
    """Run `attempt` in a transaction rolled back afterwards: it stores its rows, or raises an
    IntakeError naming them with every table's count unchanged. Any other exception fails."""
    with Session(engine) as session, session.begin():
        before = counts(session)
        try:
            attempt(session)
        except IntakeError as refused:
            assert refused.errors
            assert counts(session) == before
        session.rollback()


def seeded(url: str) -> Engine:
    """A migrated ledger at `url` holding the sample sources and reports, for references."""
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        for kind in ("sources", "reports"):
            load(session, kind, read_rows(DATASET / f"{kind}.csv", kind))
    return engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The seeded ledger on SQLite, for the property tests (many examples: SQLite only)."""
    engine = seeded(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'ledger.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def any_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The seeded ledger on each backend: PostgreSQL refuses at insert what SQLite stores (NUL
    characters, over-long text), so validation must catch it first."""
    if request.param == "sqlite":
        engine = seeded(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'ledger.db'}")
        yield engine
        engine.dispose()
        return
    with postgres_schema() as url:
        engine = seeded(url)
        yield engine
        engine.dispose()


SCRATCH = Path(tempfile.mkdtemp(prefix="civcas-hostile-"))


@pytest.fixture(scope="module", autouse=True)
def scratch() -> Iterator[None]:
    yield
    shutil.rmtree(SCRATCH, ignore_errors=True)


def write(body: bytes, suffix: str) -> Path:
    """`body` as the one scratch file with `suffix` (overwritten by the next example)."""
    SCRATCH.mkdir(exist_ok=True)
    path = SCRATCH / f"input{suffix}"
    path.write_bytes(body)
    return path


HOSTILE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda text: codecs.BOM_UTF8 + text.encode("utf-8", "replace")),
    st.text(max_size=100).map(lambda text: text.encode("utf-16")),
)


@SETTINGS
@given(body=HOSTILE_BYTES, kind=st.sampled_from(sorted(ROW_MODELS)))
def test_csv_reader_raises_only_intake_errors(body: bytes, kind: str) -> None:
    header = ",".join(ROW_MODELS[kind].columns()).encode()
    for content in (body, header + b"\n" + body):
        try:
            read_rows(write(content, ".csv"), kind)
        except IntakeError as refused:
            assert refused.errors


JSON_TEXT = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from([*ALL_COLUMNS, "x"]), children, max_size=4),
    ),
    max_leaves=12,
)


@SETTINGS
@given(body=HOSTILE_BYTES, kind=st.sampled_from(sorted(ROW_MODELS)))
def test_json_reader_raises_only_intake_errors_on_bytes(body: bytes, kind: str) -> None:
    try:
        read_rows(write(body, ".json"), kind)
    except IntakeError as refused:
        assert refused.errors


@SETTINGS
@given(data=JSON_TEXT, kind=st.sampled_from(sorted(ROW_MODELS)))
def test_json_reader_raises_only_intake_errors_on_json(data: Any, kind: str) -> None:
    text = json.dumps(data, ensure_ascii=True)  # lone surrogates become \\ud800 escapes
    try:
        read_rows(write(text.encode(), ".json"), kind)
    except IntakeError as refused:
        assert refused.errors


@examples(120)
@given(data=st.data(), kind=st.sampled_from(sorted(ROW_MODELS)))
def test_load_raises_only_intake_errors_and_writes_nothing_when_it_does(
    engine: Engine, data: st.DataObject, kind: str
) -> None:
    rows = data.draw(rows_of(kind))
    stored_or_refused_whole(engine, lambda session: load(session, kind, rows))


@SETTINGS
@given(
    row=st.dictionaries(
        st.sampled_from([*UCDP_GED.required, *ACLED.required, "notes", "event_type", "dyad_name"]),
        st.one_of(st.sampled_from(PLAUSIBLE), st.text(max_size=20)),
    )
)
def test_dataset_mappings_raise_only_field_errors(row: dict[str, str]) -> None:
    for dataset in (UCDP_GED, ACLED):
        try:
            dataset.to_rows(row)
        except FieldError as refused:
            assert refused.field and refused.message


@examples(60)
@given(body=HOSTILE_BYTES, dataset=st.sampled_from([UCDP_GED, ACLED]))
def test_dataset_reader_raises_only_intake_errors_and_writes_nothing(
    engine: Engine, body: bytes, dataset: Any
) -> None:
    header = ",".join(dataset.required).encode()
    for content in (body, header + b"\n" + body):
        path = write(content, ".csv")
        stored_or_refused_whole(
            engine, lambda session, at=path: import_dataset(session, at, dataset)
        )


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    "reporting period of June 2018",
                    "completed the assessment of nineteen reports",
                    "Of the 20 completed reports, 4 were credible",
                    "The following reports were assessed to be credible:",
                    "1. Oct. 16, 2016, near Mosul, Iraq, via media report: two civilians killed.",
                    "2. Feb. 30, 2016, near , : ",
                    "Credible Reports —",
                    "- Nov. 5, 2016:",
                    "one hundred and " * 20,
                    "",
                ]
            ),
            max_size=12,
        ).map("\n".join),
    )
)
def test_official_report_parser_raises_only_field_errors(text: str) -> None:
    try:
        parse_official_report(text)
    except FieldError as refused:
        assert refused.field and refused.message


@examples(120)
@given(data=st.data(), kind=st.sampled_from(sorted(ROW_MODELS)))
def test_a_json_file_of_anything_is_read_and_loaded_or_refused_whole(
    engine: Engine, data: st.DataObject, kind: str
) -> None:
    """The path `civcas import` takes: any JSON list → read_rows → load."""
    items = data.draw(st.lists(st.one_of(rows_of(kind).map(lambda rows: rows[0]), VALUES)))
    path = write(json.dumps(items).encode(), ".json")
    stored_or_refused_whole(engine, lambda session: load(session, kind, read_rows(path, kind)))


@examples(200)
@given(data=st.data(), kind=st.sampled_from(sorted(ROW_MODELS)))
def test_one_hostile_value_in_a_good_row_is_stored_or_refused_never_a_crash(
    engine: Engine, data: st.DataObject, kind: str
) -> None:
    """A good row first, then the row with hostile values, as a JSON file: stored, or refused
    with nothing written; never an exception from the database."""
    good = dict(VALID[kind])
    if kind in ("sources", "strikes", "victims", "reports"):
        good["external_id" if "external_id" in good else "name"] = "good-first"
    rows = [good, data.draw(mutated(kind))] if kind != "assessments" else [data.draw(mutated(kind))]
    path = write(json.dumps(rows).encode(), ".json")
    stored_or_refused_whole(engine, lambda session: load(session, kind, read_rows(path, kind)))


@pytest.mark.parametrize("kind", sorted(ROW_MODELS))
def test_every_column_of_a_good_row_with_each_extreme_value(any_engine: Engine, kind: str) -> None:
    """The exhaustive companion of the property above: each column, each extreme value, as a
    JSON file read by `read_rows` (the readers refuse NUL characters, the row models the rest)."""
    for column in ROW_MODELS[kind].columns():
        for value in EXTREME_VALUES:
            path = write(json.dumps([VALID[kind] | {column: value}]).encode(), ".json")
            stored_or_refused_whole(
                any_engine, lambda session, at=path: load(session, kind, read_rows(at, kind))
            )
