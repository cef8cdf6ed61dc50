"""Spark is an optional part of civcas (`civcas[spark]`): without pyspark, or without Java,
`civcas link --engine spark` says what to install, or to use DuckDB, and changes nothing.

Both runs are the real command in a fresh process: one where `import pyspark` fails (Python's
own `sys.modules[name] = None` marker for a module that cannot be imported), one whose PATH holds
no `java` and no JAVA_HOME is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import MIGRATED, Templates
from ledgers import load_ledger
from sqlalchemy import func, select

from civcas.ledger.database import open_engine, transaction
from civcas.ledger.models import LinkRun

WITHOUT_PYSPARK = "import sys; sys.modules['pyspark'] = None; from civcas.cli import app; app()"


@pytest.fixture
def ledger_url(templates: Templates, tmp_path: Path) -> Iterator[str]:
    with templates.copy("sqlite", MIGRATED, tmp_path) as url:
        engine = open_engine(url)
        with transaction(engine) as session:
            load_ledger(session)  # one victim: enough to link
        engine.dispose()
        yield url


def link_runs(url: str) -> int:
    engine = open_engine(url)
    try:
        with transaction(engine) as session:
            return int(session.scalar(select(func.count()).select_from(LinkRun)) or 0)
    finally:
        engine.dispose()


def test_without_pyspark_the_command_says_how_to_install_it(ledger_url: str) -> None:
    arguments = ["--db", ledger_url, "link", "victims", "--engine", "spark"]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYSPARK, *arguments], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    message = " ".join(done.stderr.split())
    assert "Refused engine: the Spark engine needs pyspark" in message
    assert "pip install 'civcas[spark]'" in message and "--engine duckdb" in message
    assert "Traceback" not in done.stderr
    assert link_runs(ledger_url) == 0


def test_without_java_the_command_says_so(ledger_url: str) -> None:
    civcas = str(Path(sys.executable).with_name("civcas"))
    environment = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    environment["PATH"] = str(Path(sys.executable).parent)  # python and civcas, no java
    done = subprocess.run(
        [civcas, "--db", ledger_url, "link", "victims", "--engine", "spark"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert done.returncode == 1, done.stderr
    message = " ".join(done.stderr.split())
    assert "the Spark engine runs on Java, which is not installed" in message
    assert "Traceback" not in done.stderr
    assert link_runs(ledger_url) == 0
