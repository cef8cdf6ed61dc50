"""The whole ledger in one file, and back: `civcas backup FILE` / `civcas restore FILE`.

A casualty ledger is evidence, so a backup must be as checkable as the ledger itself. The file is
a zip of one JSON-lines file per table (every table of `Base.metadata` but sign-in sessions, the
audit chain included, rows in primary-key order, values as JSON: dates and times in ISO form,
enums by value) and a `manifest.json` naming each file's row count and SHA-256, the Alembic
revision of the schema and the audit chain's head. JSON rather than a database dump, so that a
backup of SQLite restores into PostgreSQL and the other way round, and so that anyone can read it
without civcas.

`restore` trusts nothing in the file: every table file is re-hashed and counted against the
manifest before anything is written, the schema revision must be the code's, and after the rows
are inserted (one transaction) `audit.verify` must find the chain intact and at the manifest's
head, or the whole restore is rolled back. A backup of a ledger edited behind civcas's back is
therefore written faithfully but cannot be restored silently: the edit is named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum as PyEnum
from importlib import metadata
from pathlib import Path
from typing import IO, Any, cast

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Enum,
    Float,
    Integer,
    Table,
    Time,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.database import MIGRATIONS, transaction
from civcas.ledger.models import AuditHead, Base

FORMAT = 1
MANIFEST = "manifest.json"
BATCH = 1000
SEEDED = frozenset({"ledger_revision", "audit_head"})
"""Tables whose single row the migrations insert: a restore replaces it with the backup's."""
SHOWN_FINDINGS = 20


@dataclass(frozen=True)
class TableFile:
    """One table's file in the backup: its name in the zip, rows and SHA-256 of its bytes."""

    file: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, written last into it; `restore` checks the files against it."""

    format: int
    civcas_version: str | None
    alembic_revision: str
    created_at: str
    tables: dict[str, TableFile]
    audit_head: str
    audit_events: int

    @property
    def rows(self) -> int:
        return sum(entry.rows for entry in self.tables.values())

    def to_json(self) -> str:
        document = {
            "format": self.format,
            "civcas_version": self.civcas_version,
            "alembic_revision": self.alembic_revision,
            "created_at": self.created_at,
            "audit": {"head": self.audit_head, "events": self.audit_events},
            "tables": {
                name: {"file": entry.file, "rows": entry.rows, "sha256": entry.sha256}
                for name, entry in self.tables.items()
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse a manifest, refusing one that is not this format's (FieldError "manifest")."""
        try:
            document = json.loads(raw.decode("utf-8"))
            if document["format"] != FORMAT:
                raise FieldError(
                    MANIFEST, f"backup format {document['format']!r}; this civcas reads {FORMAT}"
                )
            tables = {
                str(name): TableFile(str(entry["file"]), int(entry["rows"]), str(entry["sha256"]))
                for name, entry in document["tables"].items()
            }
            return cls(
                format=FORMAT,
                civcas_version=document.get("civcas_version"),
                alembic_revision=str(document["alembic_revision"]),
                created_at=str(document["created_at"]),
                tables=tables,
                audit_head=str(document["audit"]["head"]),
                audit_events=int(document["audit"]["events"]),
            )
        except FieldError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as broken:
            raise FieldError(MANIFEST, f"not a civcas backup manifest ({broken})") from None


NOT_BACKED_UP = frozenset({"user_sessions"})
"""Sign-in sessions are not the ledger: a restored ledger starts with everyone signed out."""


def tables() -> list[Table]:
    """Every ledger table, parents before children (the order a restore must insert in)."""
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_BACKED_UP]


def code_revision() -> str:
    """The newest migration this civcas knows: backups and restores are made at it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:  # pragma: no cover - civcas ships migrations
        raise RuntimeError("civcas has no migrations")
    return head


def _civcas_version() -> str | None:
    try:
        return metadata.version("civcas")
    except metadata.PackageNotFoundError:
        return None


# --- values ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """What JSON cannot write by itself: dates, datetimes and times in ISO form, enums by value."""
    if isinstance(value, dt.date | dt.time):  # datetimes too
        return value.isoformat()
    if isinstance(value, PyEnum):
        return value.value
    raise TypeError(f"cannot back up a {type(value).__name__}")


def _line(table: Table, row: Mapping[Any, Any]) -> bytes:
    """One row as one line of JSON, columns by name in the table's order. Floats are written as
    floats (SQLite may hand back a REAL column's 36 as an int)."""
    values = {}
    for column in table.columns:
        value = row[column.name]
        if value is not None and isinstance(column.type, Float):
            value = float(value)
        values[column.name] = value
    encoded = json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=_plain)
    return encoded.encode("utf-8") + b"\n"


Reader = Callable[[Any], Any]


def _reader(table: Table) -> dict[str, Reader]:
    """For each column, how its JSON value becomes the Python value SQLAlchemy writes."""
    readers: dict[str, Reader] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Enum) and kind.enum_class is not None:
            enum_class = kind.enum_class
            readers[column.name] = enum_class
        elif isinstance(kind, DateTime):
            readers[column.name] = dt.datetime.fromisoformat
        elif isinstance(kind, Date):
            readers[column.name] = dt.date.fromisoformat
        elif isinstance(kind, Time):
            readers[column.name] = dt.time.fromisoformat
        elif isinstance(kind, Float):
            readers[column.name] = float
    return readers


def _row(table: Table, readers: dict[str, Reader], line: bytes) -> dict[str, Any]:
    """One line of a table file back into a row; a line with other columns is refused."""
    values = json.loads(line.decode("utf-8"))
    if not isinstance(values, dict) or list(values) != [c.name for c in table.columns]:
        raise ValueError(f"a row whose columns are not {table.name}'s")
    for name, read in readers.items():
        if values[name] is not None:
            values[name] = read(values[name])
    return values


# --- backup ----------------------------------------------------------------------------------


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction that sees the ledger as of one instant. PostgreSQL's default
    READ COMMITTED gives each statement its own snapshot, so a writer committing between two
    tables' reads would tear the backup (a report without its audit event); REPEATABLE READ
    fixes the snapshot at the first read. SQLite holds its shared lock to the transaction's end."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            yield connection


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def backup(engine: Engine, path: Path) -> Manifest:
    """Write the whole ledger to `path` (a zip) and return its manifest.

    Rows are streamed table by table (never the whole ledger in memory) into a temporary file
    beside `path`, renamed over it only once complete and flushed to disk: a crash or error leaves
    no half-written backup under the name someone will later restore from. The database must be
    at this civcas's schema revision, the one a restore will need.
    """
    path = Path(path)
    head = code_revision()
    if not path.parent.is_dir():
        raise FieldError(str(path), f"no directory {path.parent} to write the backup in")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with _snapshot(engine) as connection:
            revision = _current_revision(connection)
            if revision != head:
                raise FieldError(
                    "database",
                    f"the schema is at revision {revision or 'none'}, this civcas at {head}: "
                    "back it up with the civcas that made it, or run `civcas migrate` first",
                )
            chain = connection.execute(select(AuditHead.seq, AuditHead.hash)).one_or_none()
            entries: dict[str, TableFile] = {}
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for table in tables():
                    entries[table.name] = _write_table(connection, table, archive)
                manifest = Manifest(
                    format=FORMAT,
                    civcas_version=_civcas_version(),
                    alembic_revision=revision,
                    created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    tables=entries,
                    audit_head=audit.GENESIS if chain is None else chain.hash,
                    audit_events=0 if chain is None else int(chain.seq),
                )
                archive.writestr(MANIFEST, manifest.to_json())
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)
    return manifest


def _write_table(connection: Connection, table: Table, archive: zipfile.ZipFile) -> TableFile:
    name = f"{table.name}.jsonl"
    digest, rows = hashlib.sha256(), 0
    query = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=BATCH)
    # The result is closed even when writing fails, so PostgreSQL's server-side cursor is too.
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo's own default is no compression
    with archive.open(info, "w", force_zip64=True) as member, connection.execute(query) as result:
        for row in result.mappings():
            line = _line(table, row)
            member.write(line)
            digest.update(line)
            rows += 1
    return TableFile(name, rows, digest.hexdigest())


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


# --- restore ---------------------------------------------------------------------------------


class RestoreRefused(FieldError):
    """The restored rows do not verify: everything was rolled back. `findings` lists why."""

    def __init__(self, field: str, message: str, findings: list[str]) -> None:
        super().__init__(field, message)
        self.findings = findings


@contextmanager
def _unreadable(path: Path) -> Iterator[None]:
    """A damaged file (not a zip, cut short, a bad CRC, broken JSON) refused with one message."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError) as broken:
        raise FieldError(str(path), f"not a readable civcas backup ({broken})") from None


def _lines(archive: zipfile.ZipFile, entry: TableFile) -> Iterator[bytes]:
    member: IO[bytes]
    with archive.open(entry.file) as member:
        yield from member


def check(path: Path) -> Manifest:
    """Read the manifest and re-hash and count every table file against it, writing nothing.
    Refuses (FieldError naming the file) a backup that is damaged, incomplete or altered."""
    path = Path(path)
    with _unreadable(path), zipfile.ZipFile(path) as archive:
        try:
            raw = archive.read(MANIFEST)
        except KeyError:
            raise FieldError(str(path), "no manifest.json: not a civcas backup") from None
        manifest = Manifest.from_json(raw)
        expected = {table.name for table in tables()}
        if set(manifest.tables) != expected:
            missing = sorted(expected - set(manifest.tables))
            extra = sorted(set(manifest.tables) - expected)
            raise FieldError(
                MANIFEST, f"tables differ from this civcas's: missing {missing}, unknown {extra}"
            )
        for name, entry in manifest.tables.items():
            digest, rows = hashlib.sha256(), 0
            try:
                for line in _lines(archive, entry):
                    digest.update(line)
                    rows += 1
            except KeyError:
                raise FieldError(entry.file, f"missing from the backup ({name})") from None
            if digest.hexdigest() != entry.sha256:
                raise FieldError(
                    entry.file, f"SHA-256 differs from the manifest's: table {name} was altered"
                )
            if rows != entry.rows:
                raise FieldError(
                    entry.file, f"{rows} rows, the manifest says {entry.rows} (table {name})"
                )
    return manifest


def restore(engine: Engine, path: Path) -> Manifest:
    """Restore the backup at `path` into `engine`'s empty, migrated database; return its manifest.

    Checked before anything is written: every file against the manifest (`check`), the backup's
    schema revision and the database's against this civcas's, and that no ledger table holds a
    row (a restore never merges: merged rows would not match the chain). Then, in one
    transaction: every table in foreign-key order, PostgreSQL's id sequences moved past the
    restored ids (or the next insert would collide), and `audit.verify` over the result, which
    must find the chain intact and at the manifest's head; otherwise everything is rolled back
    (`RestoreRefused`, with the findings).
    """
    path = Path(path)
    manifest = check(path)
    head = code_revision()
    if manifest.alembic_revision != head:
        raise FieldError(
            MANIFEST,
            f"the backup's schema is at revision {manifest.alembic_revision}, this civcas's at "
            f"{head}: restore it with the civcas version that made it "
            f"({manifest.civcas_version or 'unknown'})",
        )
    with transaction(engine, writing=True) as session:
        connection = session.connection()
        revision = _current_revision(connection)
        if revision != head:
            raise FieldError(
                "database",
                f"the schema is at revision {revision or 'none'}, this civcas at {head}: "
                "run `civcas migrate` first",
            )
        occupied = [
            table.name
            for table in tables()
            if table.name not in SEEDED
            and connection.execute(select(text("1")).select_from(table).limit(1)).first()
        ]
        if occupied:
            raise FieldError(
                "database",
                f"not empty ({', '.join(occupied)} hold rows): restore only into a new database",
            )
        with _unreadable(path), zipfile.ZipFile(path) as archive:
            for table in tables():
                _insert_table(connection, table, archive, manifest.tables[table.name])
        if engine.dialect.name == "postgresql":
            _reset_sequences(connection)
        found = audit.verify(session)
        problems = [str(finding) for finding in found.findings]
        if found.head != manifest.audit_head or found.events != manifest.audit_events:
            problems.append(
                f"chain: the restored head is event {found.events} {found.head}, the manifest's "
                f"event {manifest.audit_events} {manifest.audit_head}"
            )
        if problems:
            shown = problems[:SHOWN_FINDINGS]
            more = len(problems) - len(shown)
            lines = "\n  ".join(shown + ([f"… and {more} more"] if more else []))
            raise RestoreRefused(
                str(path),
                f"the restored ledger does not verify; nothing was restored. "
                f"{len(problems)} problem(s):\n  {lines}",
                problems,
            )
    return manifest


def _insert_table(
    connection: Connection, table: Table, archive: zipfile.ZipFile, entry: TableFile
) -> None:
    """Insert one table's rows in batches, re-hashing as they are read (the file must still be
    the one `check` accepted)."""
    if table.name in SEEDED:
        connection.execute(delete(table))
    readers = _reader(table)
    digest, rows = hashlib.sha256(), 0
    batch: list[dict[str, Any]] = []
    try:
        for line in _lines(archive, entry):
            digest.update(line)
            rows += 1
            try:
                batch.append(_row(table, readers, line))
            except (ValueError, KeyError, TypeError) as broken:
                raise FieldError(entry.file, f"line {rows}: {broken}") from None
            if len(batch) >= BATCH:
                connection.execute(insert(table), batch)
                batch = []
        if batch:
            connection.execute(insert(table), batch)
    except DBAPIError as refused:
        message = str(refused.orig).strip().splitlines()[0]
        raise FieldError(
            entry.file, f"the database refused a row of {table.name}: {message}"
        ) from None
    if digest.hexdigest() != entry.sha256 or rows != entry.rows:
        raise FieldError(entry.file, f"changed while being restored (table {table.name})")


def _reset_sequences(connection: Connection) -> None:
    """Move each integer primary key's sequence past the largest restored id, so that the next
    insert does not reuse one (explicit ids do not advance a PostgreSQL sequence)."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0]
        sequence = connection.scalar(select(func.pg_get_serial_sequence(table.name, column.name)))
        if sequence is None:
            continue
        largest = cast(Any, connection.scalar(select(func.max(column))))
        if largest is None:
            connection.execute(select(func.setval(sequence, 1, False)))
        else:
            connection.execute(select(func.setval(sequence, largest, True)))
