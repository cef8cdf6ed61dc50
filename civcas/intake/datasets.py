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

Files are read as their publishers and the usual tools write them: column names in any case
(ACLED's exports until 2019 write `EVENT_DATE`), HDX's row of HXL hashtags under the header
skipped, `NA` (R) and `NaN` read as missing like an empty cell, and a whole number written with a
zero decimal part (`1.0`, `214797.0`, as R and pandas write an integer column that held a missing
value) read as that number; `1.5` where a whole number is needed stays an error.

Two kinds of bad row are kept apart. A *malformed* row (a date that is no date, coordinates out of
range, an unknown code) refuses the file, every such row named; or, when the user asks to
`reject` them (as PostgreSQL's `COPY … ON_ERROR` and pandas' `on_bad_lines` let users choose),
the good rows are imported and each malformed one is returned with its line, field and reason
(`DatasetResult.rejected`), for the command to write out. A file that cannot be read on (a
missing column, bytes not in its encoding, a quote left open) is refused either way. A row
*inconsistent in the source* parses but contradicts itself (GED's `low` above its `high`): it is
imported as the source states it, the reason is stored on the report (`data_quality`, shown on
its page and in the API) and the result lists it (`DatasetResult.inconsistent`), so that the
command can count it; the stored document is the row as given, never repaired.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeVar

import pycountry
from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.load import load
from civcas.intake.readers import ARCHIVES, MAX_ERRORS
from civcas.intake.rows import MAX_COUNT
from civcas.vocab import SourceType

CHUNK = 2_000
"""Rows per `load` call: the progress step, and a bound on the rows held in memory."""
PLACE_LENGTH, PERPETRATOR_LENGTH = 300, 200
"""The ledger's column widths; longer text is cut (the document keeps it whole)."""

MISSING = frozenset({"NA", "NaN"})
"""Cells that mean "no value": R writes `NA` (and `NaN` for a number that is none); pandas writes
an empty cell, which is missing too."""
WHOLE = re.compile(r"(\d+)(?:\.0*)?")
"""A whole number, maybe with a zero decimal part ("214797.0")."""
COUNTRY_SPELLINGS = {
    "Bonaire, Saint Eustatius and Saba": "BQ",
    "Bosnia-Herzegovina": "BA",
    "Brunei": "BN",
    "Cape Verde": "CV",
    "Caribbean Netherlands": "BQ",
    "DR Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "Democratic Republic of the Congo": "CD",
    "East Timor": "TL",
    "Falkland Islands": "FK",
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "Macedonia, FYR": "MK",
    "Micronesia": "FM",
    "Palestine": "PS",
    "Republic of Congo": "CG",
    "Russia": "RU",
    "Saint-Martin": "MF",
    "Swaziland": "SZ",
    "Turkey": "TR",
    "Vatican City": "VA",
}
"""The data sets' country names that pycountry does not know (UCDP's after the bracketed former
name is dropped, ACLED's in exports without an ISO code). Kosovo has no ISO 3166-1 code: refused."""

Progress = Callable[[int], None]
V = TypeVar("V")


class Mapped(NamedTuple):
    """One data-set row as a `reports` row and a `documents` row (see `intake.rows`), and why the
    row contradicts itself, if it does (imported as stated, listed in the result)."""

    report: dict[str, Any]
    document: dict[str, Any]
    inconsistent: str | None = None


class Inconsistency(NamedTuple):
    """A row imported as the source states it although it contradicts itself."""

    external_id: str
    reason: str
    location: str
    """The line the row starts on ("line 7")."""


@dataclass(frozen=True)
class DatasetResult:
    """What an import did. `added`/`unchanged` count reports (each with its document)."""

    kind: str
    added: int
    unchanged: int
    skipped: int = 0
    """Rows left out because they cannot be allegations of civilian harm (see `Dataset.harm`)."""
    inconsistent: tuple[Inconsistency, ...] = ()
    """Rows inconsistent in the source, imported as stated, in file order."""
    rejected: tuple[RowError, ...] = ()
    """Malformed rows left out, in file order (only when asked to reject them)."""


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
    any_of: tuple[tuple[str, ...], ...] = ()
    """Groups of columns of which a file needs at least one (ACLED: `iso`, `iso3` or `country`)."""
    harm: Callable[[Mapping[str, str]], bool] | None = None
    """Whether a row can be an allegation of civilian harm; rows that cannot are skipped unless
    every event is asked for. None: every row can."""
    aliases: tuple[tuple[str, str], ...] = ()
    """Other names of a column in some versions of the file (UCDP's web download: `best_est`
    for `best`), as (other name, name) in lower case."""
    joined: Callable[[Cells, Cells], Cells | None] | None = None
    """Two consecutive rows that are one event, as one row, or None: exports that write an
    event once per actor (ACLED's monadic files)."""


def import_dataset(
    session: Session,
    path: Path,
    dataset: Dataset,
    *,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    all_events: bool = False,
    encoding: str = "utf-8",
    reject: bool = False,
) -> DatasetResult:
    """Import a data set's CSV file in the caller's transaction; IntakeError lists every bad row.

    `progress`, if given, is called after each chunk with the number of rows read so far.
    `encoding` is the file's, where it is not UTF-8 (older ACLED downloads are Windows-1252):
    named by the user, never guessed, since a wrong guess would garble names silently.
    `added`/`unchanged` of the result count reports; each report's document comes with it.
    Rows that cannot be allegations of civilian harm (`Dataset.harm`) are skipped, unchecked,
    unless `all_events`; the result counts them, and lists the rows inconsistent in the source.
    With `reject`, malformed rows are left out and listed in the result instead of refusing the
    file; an error that stops reading still refuses it.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FieldError("encoding", f"{encoding!r} is not an encoding Python knows") from None
    tally = Tally(keep=None if all_events else dataset.harm, rejecting=reject)
    added = unchanged = done = 0
    with session.begin_nested() as savepoint:
        rows = read_csv(path, dataset, tally, encoding)
        while chunk := list(islice(rows, CHUNK)):
            mapped = map_rows(dataset, chunk, tally)
            new, old = load_chunk(session, mapped, str(path), tally, now)
            added, unchanged, done = added + new, unchanged + old, done + len(chunk)
            if progress is not None:
                progress(done)
        refusing = tally.fatal + ([] if reject else tally.errors)
        if refusing:
            savepoint.rollback()
            raise IntakeError(dataset.name, in_file_order(refusing)[:MAX_ERRORS], str(path))
    rejected = tuple(in_file_order(tally.errors)) if reject else ()
    inconsistent = tuple(row for row in tally.inconsistent if row.location not in tally.left_out)
    return DatasetResult(dataset.name, added, unchanged, tally.skipped, inconsistent, rejected)


def in_file_order(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda error: (line_of(error), error.field))


@dataclass
class Tally:
    """What reading a file has found so far, across its chunks."""

    keep: Callable[[Mapping[str, str]], bool] | None
    """Rows for which this is false are skipped; None keeps every row."""
    errors: list[RowError] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    """Event id → the line of its row, to name a repeated id."""
    skipped: int = 0
    inconsistent: list[Inconsistency] = field(default_factory=list)
    rejecting: bool = False
    """Leave malformed rows out (in `errors`) instead of refusing the file."""
    fatal: list[RowError] = field(default_factory=list)
    """Errors after which the file cannot be read on: they refuse it, rejecting or not."""
    left_out: set[str] = field(default_factory=set)
    """Locations of rows mapped but then refused by `load` (rejecting)."""


def read_csv(
    path: Path, dataset: Dataset, tally: Tally, encoding: str = "utf-8"
) -> Iterator[tuple[str, dict[str, str]]]:
    """(location, row) pairs read one at a time, located by the line the row starts on.

    Columns are found by name in any case; a row of HXL hashtags right under the header (HDX's
    exports have one) is no event and is skipped.
    A row with one field more than the header, and that one empty, ends in a trailing comma
    (UCDP's web download writes one on every row): it has the header's width.
    A missing required column, a row of the wrong width or bytes that are not UTF-8 are errors;
    columns the mapping does not use are kept, for the document. So are a compressed file (no
    data set is read from an archive: it is refused by its magic number, never decompressed), a
    NUL byte (UTF-16 or binary data), and what the csv module cannot read: its reader is strict,
    so a quote left open (a file cut short) is refused with its line instead of swallowing the
    rest of the file into one cell, and a field over its limit is a refusal, not a traceback.
    A row of the wrong width is a row's error (`tally.errors`); the others stop reading
    (`tally.fatal`)."""
    fatal = tally.fatal
    with path.open("rb") as file:
        start = file.read(8)
        archive = next((what for magic, what in ARCHIVES.items() if start.startswith(magic)), None)
        if archive:
            reason = f"{archive}, not a CSV file; civcas does not read archives: extract it"
            fatal.append(RowError("line 1", "format", reason))
            return
        file.seek(0)
        lines = Lines(file, encoding)
        reader = csv.reader(lines, strict=True)
        ended = 0
        try:
            header = [name.strip() for name in next(reader, [])]
            names = column_names(header, dict(dataset.aliases))
            missing = missing_columns(dataset, names)
            fatal += missing
            if missing:
                return
            ended = lines.number
            pending: tuple[str, Cells] | None = None
            for values in reader:
                location, ended = f"line {ended + 1}", lines.number
                if not any(value.strip() for value in values):
                    continue
                if location == "line 2" and is_hashtags(values):
                    continue
                if len(values) == len(header) + 1 and not values[-1].strip():
                    values = values[:-1]  # a trailing comma (UCDP's web download), no field
                if len(values) != len(header):
                    width = f"{len(values)} fields, header has {len(header)}"
                    tally.errors.append(RowError(location, "row", width))
                    continue
                row = Cells(zip(header, values, strict=True), names)
                if pending and dataset.joined and (one := dataset.joined(pending[1], row)):
                    pending = (pending[0], one)
                    continue
                if pending:
                    yield pending
                pending = (location, row)
            if pending:
                yield pending
        except UnicodeDecodeError:
            named = "UTF-8" if encoding == "utf-8" else encoding
            message = (
                f"not valid {named}; save the file as UTF-8, or name its encoding "
                "(--encoding cp1252 for a Windows file)"
            )
            fatal.append(RowError(f"line {lines.number}", "encoding", message))
        except NulCharacter:
            message = "contains a NUL character (UTF-16 or binary data?); save the file as UTF-8"
            fatal.append(RowError(f"line {lines.number}", "encoding", message))
        except csv.Error as error:
            reason = f"not readable as CSV ({error}); is a quote left open or the file cut short?"
            if "field limit" in str(error):
                reason = (
                    f"a field is longer than the CSV limit of {csv.field_size_limit()} characters"
                )
            fatal.append(RowError(f"line {ended + 1}", "row", reason))


def column_names(header: list[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Each column's name in lower case, and the name it stands for where it is an alias →
    its name in the file (the first, if two differ by case only)."""
    names: dict[str, str] = {}
    for name in header:
        names.setdefault(name.lower(), name)
    for name in header:
        if name.lower() in aliases:
            names.setdefault(aliases[name.lower()], name)
    return names


def missing_columns(dataset: Dataset, names: Mapping[str, str]) -> list[RowError]:
    """The required columns (and groups of columns) the header lacks, as errors of line 1."""
    missing = [
        RowError("line 1", name, "required column is missing")
        for name in dataset.required
        if name not in names
    ]
    for group in dataset.any_of:
        if not any(name in names for name in group):
            others = " or ".join(group[1:])
            missing.append(
                RowError("line 1", group[0], f"required column is missing (or {others})")
            )
    return missing


def is_hashtags(values: list[str]) -> bool:
    """A row of HXL hashtags ("#event+id", "#date+start"): HDX puts one under the header."""
    cells = [value.strip() for value in values if value.strip()]
    return bool(cells) and all(text.startswith("#") for text in cells)


class Cells(dict[str, str]):
    """One row of a data-set file: its cells under the file's own column names (so the document
    keeps the row as given), and `get` finds a column by its name in lower case too."""

    __slots__ = ("names",)

    def __init__(self, cells: Iterable[tuple[str, str]], names: Mapping[str, str]) -> None:
        super().__init__(cells)
        self.names = names

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(self.names.get(name, name), default)


class NulCharacter(ValueError):
    """A line with a NUL byte: valid UTF-8, but no text the ledger can store."""


class Lines:
    """A binary file's lines as text, counted, so that a byte that is not in the encoding names
    its line (a text file would fail on a block read ahead). A UTF-8 byte-order mark is
    dropped."""

    def __init__(self, file: BinaryIO, encoding: str = "utf-8") -> None:
        self.file, self.number, self.encoding = file, 0, encoding

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line = next(self.file)
        self.number += 1
        if b"\x00" in line:
            raise NulCharacter(self.number)
        if self.encoding == "utf-8" and self.number == 1:
            return line.decode("utf-8-sig")
        return line.decode(self.encoding)


def map_rows(
    dataset: Dataset, chunk: list[tuple[str, dict[str, str]]], tally: Tally
) -> list[tuple[str, Mapped]]:
    """The chunk's rows mapped, the ones `tally.keep` leaves out counted; bad rows and repeated
    event ids are errors, rows inconsistent in the source are listed."""
    mapped = []
    for location, row in chunk:
        if tally.keep is not None and not tally.keep(row):
            tally.skipped += 1
            continue
        try:
            rows = dataset.to_rows(row)
        except FieldError as error:
            tally.errors.append(RowError(location, error.field, error.message))
            continue
        external_id = rows.report["external_id"]
        first = tally.seen.setdefault(external_id, location)
        if first != location:
            message = f"{dataset.key} {external_id} repeats the row of {first}"
            tally.errors.append(RowError(location, dataset.key, message))
            continue
        if rows.inconsistent is not None:
            tally.inconsistent.append(Inconsistency(external_id, rows.inconsistent, location))
            rows.report["data_quality"] = rows.inconsistent
        mapped.append((location, rows))
    return mapped


def load_chunk(
    session: Session,
    mapped: list[tuple[str, Mapped]],
    source: str,
    tally: Tally,
    now: dt.datetime | None,
) -> tuple[int, int]:
    """Load the reports, then their documents; refusals join `tally.errors`. (added,
    unchanged). Rejecting, the rows refused are left out and the rest loaded again."""
    while mapped:
        reports = [(location, rows.report) for location, rows in mapped]
        documents = [(location, rows.document) for location, rows in mapped]
        try:
            with session.begin_nested():
                result = load(session, "reports", reports, source=source, now=now)
                load(session, "documents", documents, source=source, now=now)
        except IntakeError as refused:
            tally.errors += refused.errors
            bad = {error.location for error in refused.errors}
            if not tally.rejecting or not bad & {location for location, _ in mapped}:
                return 0, 0
            tally.left_out |= bad
            mapped = [(location, rows) for location, rows in mapped if location not in bad]
            continue
        return result.added, result.unchanged
    return 0, 0


def line_of(error: RowError) -> int:
    return int(error.location.removeprefix("line "))


# --- helpers for the mappings: one cell at a time, FieldError naming the column ----------------


def cell(row: Mapping[str, str], name: str) -> str | None:
    """The trimmed cell, None when blank, missing (`NA`, `NaN`) or absent."""
    text = (row.get(name) or "").strip()
    return text if text and text not in MISSING else None


def required(row: Mapping[str, str], name: str) -> str:
    text = cell(row, name)
    if text is None:
        raise FieldError(name, "is blank (or NA); every row needs one")
    return text


def digits(text: str) -> str | None:
    """The digits of a whole number written "12" or "12.0" (R and pandas write an integer column
    that held a missing value as decimals); None for anything else ("1.5", "-1", "1e3")."""
    match = WHOLE.fullmatch(text)
    return match.group(1) if match else None


def count(row: Mapping[str, str], name: str) -> int:
    """A whole number ≥ 0, and no larger than the ledger stores: a bigger one would otherwise be
    refused later under the report's column (killed_max), not the data set's."""
    text = required(row, name)
    number = digits(text)
    if number is None:
        raise FieldError(name, f"{text!r} is not a whole number ≥ 0")
    if len(number) > len(str(MAX_COUNT)) or int(number) > MAX_COUNT:
        raise FieldError(name, f"{text} is larger than the ledger's limit of {MAX_COUNT}")
    return int(number)


def code(row: Mapping[str, str], name: str, table: Mapping[int, V], what: str) -> V:
    """The meaning of a numeric code ("4" or "4.0"); the error names the codes `table` knows."""
    text = required(row, name)
    number = digits(text)
    if number is None or len(number) > 6 or int(number) not in table:
        raise FieldError(name, f"{text} is not {what} ({min(table)}–{max(table)})")
    return table[int(number)]


def identifier(row: Mapping[str, str], name: str) -> str:
    """A data set's own id as it publishes it: a numeric id saved as decimals ("214797.0") is
    that id ("214797"), so that the same event keeps one id whatever tool saved the file."""
    text = required(row, name)
    return digits(text) or text


@lru_cache(maxsize=512)
def country_by_name(name: str, column: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country name (a former name in brackets dropped, "Yemen
    (North Yemen)"); FieldError names `column`. Cached: a file names few countries."""
    current = re.sub(r"\s*\(.*\)$", "", name)
    if current in COUNTRY_SPELLINGS:
        return COUNTRY_SPELLINGS[current]
    for candidate in (name, current):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    raise FieldError(column, f"{name!r} is not a country with an ISO 3166-1 code")


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
