"""The one place that opens databases: URL resolution, engines, migrations and transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///civcas.db"
URL_VARIABLE = "CIVCAS_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_SECONDS = 30
WRITING = "civcas_writing"  # execution option: begin SQLite transactions with the write lock


def resolve_url(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The database URL: `--db`, else $CIVCAS_DATABASE_URL, else `civcas.db` in the working dir.

    Plain `postgresql://` URLs are given the psycopg 3 driver, the one civcas installs.
    """
    env = os.environ if environ is None else environ
    url = make_url(explicit or env.get(URL_VARIABLE) or DEFAULT_URL)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, transactions left to SQLAlchemy (the pysqlite recipe), and a write-ahead
    log.

    pysqlite otherwise begins transactions lazily and not before a SAVEPOINT, so releasing a
    savepoint would commit at once and a later failure could not roll back earlier work. With
    the write-ahead log, readers and the one writer no longer block each other (a served ledger
    is read by many while analysts write), and a commit is as atomic as with a rollback
    journal; a writer waits up to `BUSY_SECONDS` for another writer instead of pysqlite's 5 s.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")  # kept by the file: a no-op once set
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a transaction opened for `writing` (see `transaction`)."""
    immediate = connection.get_execution_options().get(WRITING, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_engine(url: str | None = None, **pool: int) -> Engine:
    """An engine for `url` (resolved as `resolve_url` does; `pool` sizes its connection pool);
    SQLite gets real transactions."""
    engine = create_engine(resolve_url(url), **pool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest migration (or up to `revision`, for tests of a migration
    over an older ledger); a no-op on an up-to-date database.

    SQLite alters a table by copying it, which foreign keys would forbid mid-way; so they are
    switched off for the migration (outside its transaction, as SQLite requires) and every
    reference is checked before the migration commits.
    """
    config = _alembic_config()
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows pointing at missing rows")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


@contextmanager
def transaction(engine: Engine, *, writing: bool = False) -> Iterator[Session]:
    """A session whose work is committed as one transaction, or not at all.

    `writing` is for work that reads and then writes while others may write too (a web request
    saving a decision): on SQLite it takes the write lock at BEGIN, so concurrent writers queue.
    Otherwise two of them could each read, then each wait for the other's read lock to go, until
    one fails with "database is locked". PostgreSQL locks rows, and ignores it.
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory.begin() as session:
        if writing:
            session.connection(execution_options={WRITING: True})
        yield session
