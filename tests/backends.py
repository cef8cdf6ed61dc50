"""The two database backends every storage test runs on, and the ledgers tests start from.

A ledger tests need (migrated and empty, the web sample, the demo) is built once per test
session — once per xdist worker — and each test gets its own copy: SQLite copies the file,
PostgreSQL creates the database from a template (`CREATE DATABASE … TEMPLATE`). On the 2-core CI
machine a copy takes under 1 ms on SQLite and about 0.1 s on PostgreSQL, against 0.13 s and 0.3 s
to migrate (a schema per test, as before) and 0.7 s more to build the web sample on each.
Database names are random, so workers never share one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from civcas.ledger.database import migrate, open_engine, resolve_url, transaction

POSTGRES_URL = os.environ.get(
    "CIVCAS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def postgres_admin() -> Iterator[Engine]:
    """An engine on the server's own database, outside transactions (CREATE/DROP DATABASE)."""
    admin = create_engine(
        resolve_url(POSTGRES_URL), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        yield admin
    finally:
        admin.dispose()


def server_url(database: str) -> str:
    return make_url(resolve_url(POSTGRES_URL)).set(database=database).render_as_string(False)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections live in a new, empty schema, dropped afterwards."""
    schema = f"civcas_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def postgres_database(template: str | None = None, name: str | None = None) -> Iterator[str]:
    """The URL of a new database, empty or a copy of `template`, dropped afterwards (with any
    connection a test left open to it)."""
    name = name or f"civcas_test_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with postgres_admin() as admin:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copied}'))
        try:
            yield server_url(name)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@dataclass(frozen=True)
class Recipe:
    """A ledger to start tests from: migrated, then `build` run on it (what it returns is kept:
    `Templates.result`)."""

    name: str
    build: Callable[[Engine], Any] | None = None


MIGRATED = Recipe("migrated")
"""A migrated, empty ledger: what the `engine` and `session` fixtures start from."""


def load_demo_ledger(engine: Engine) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """The default demo loaded in one transaction: rows added per kind, and the progress
    `load_demo` reported."""
    from civcas.demo import load_demo

    calls: list[tuple[str, int]] = []
    with transaction(engine) as session:
        added = load_demo(session, progress=lambda kind, n: calls.append((kind, n)))
    return added, calls


DEMO = Recipe("demo", load_demo_ledger)
"""The demo ledger (10-15 s to load, so loaded once per session and backend)."""


class Templates:
    """Each recipe built at most once per backend, on first use; copies made for each test."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.made: dict[tuple[str, str], tuple[str, Any]] = {}
        self.cleanup = ExitStack()

    def __enter__(self) -> Templates:
        return self

    def __exit__(self, *_: object) -> None:
        self.cleanup.close()

    @contextmanager
    def copy(self, backend: str, recipe: Recipe | None, directory: Path) -> Iterator[str]:
        """A URL of a new database in `directory` (SQLite) or on the server: a copy of the
        recipe's ledger, or empty and unmigrated without one."""
        if backend == "sqlite":
            path = directory / "ledger.db"
            if recipe is not None:
                shutil.copyfile(self.template(backend, recipe), path)
            yield f"sqlite:///{path}"
            return
        template = None if recipe is None else self.template(backend, recipe)
        with postgres_database(template) as url:
            yield url

    def result(self, backend: str, recipe: Recipe) -> Any:
        """What the recipe's build returned when it made this backend's template."""
        self.template(backend, recipe)
        return self.made[backend, recipe.name][1]

    def template(self, backend: str, recipe: Recipe) -> str:
        """The template's file (SQLite) or database name (PostgreSQL), built on first use."""
        if (backend, recipe.name) not in self.made:
            self.made[backend, recipe.name] = self._build(backend, recipe)
        return self.made[backend, recipe.name][0]

    def _build(self, backend: str, recipe: Recipe) -> tuple[str, Any]:
        if backend == "sqlite":
            path = self.directory / f"{recipe.name}.db"
            location, url = str(path), f"sqlite:///{path}"
        else:
            location = f"civcas_template_{uuid.uuid4().hex[:12]}"
            url = self.cleanup.enter_context(postgres_database(name=location))
        engine = open_engine(url)
        try:
            migrate(engine)
            result = recipe.build(engine) if recipe.build else None
        finally:
            engine.dispose()
        if backend == "sqlite":  # the last connection folded the write-ahead log into the file
            assert not Path(f"{location}-wal").exists(), f"{location}: write-ahead log left"
        return location, result
