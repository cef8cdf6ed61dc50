"""Who took what, and when: exports holding restricted content are audit events; the public
register is anyone's to take, and its downloads are not logged (sample ledger: tests/web/sample.py,
four of whose five reports are in Syria)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from civcas.accounts import issue_token
from civcas.cli import app
from civcas.ledger.database import transaction
from civcas.ledger.models import AuditEvent, User

API = "/api/v1"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def exports(engine: Engine) -> list[AuditEvent]:
    with transaction(engine) as session:
        query = select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.seq)
        return list(session.scalars(query))


def test_a_restricted_download_is_logged_with_its_digest(
    client: TestClient, engine: Engine
) -> None:
    public = client.get(f"{API}/reports.csv", params={"country": "SY"})
    assert public.status_code == 200 and exports(engine) == []
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.name == "adm")).one()
        headers = {"Authorization": f"Bearer {issue_token(session, user)}"}
    restricted = client.get(f"{API}/reports.csv", params={"country": "SY"}, headers=headers)
    assert restricted.status_code == 200
    rows = list(csv.DictReader(io.StringIO(restricted.text)))
    assert len(rows) == 4
    (event,) = exports(engine)
    assert event.actor == "user:adm"
    logged = json.loads(event.after or "{}")
    assert logged == {
        "file": "reports.csv",
        "filters": {"country": "SY"},
        "rows": 4,
        "sha256": hashlib.sha256(restricted.content).hexdigest(),
    }


def test_a_command_line_export_is_logged_per_file(
    client: TestClient, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["--db", database_url, "--actor", "omar", "export", str(tmp_path), "--kind", "victims"]
    )
    assert result.exit_code == 0, result.output
    (event,) = exports(engine)
    written = tmp_path / "victims.csv"
    assert event.actor == "omar"
    assert json.loads(event.after or "{}") == {
        "file": str(written),
        "kind": "victims",
        "public": False,
        "rows": 3,  # the sample's three named victims
        "sha256": hashlib.sha256(written.read_bytes()).hexdigest(),
    }
