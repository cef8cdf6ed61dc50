"""Helpers for web tests: parse a page and its alert, read a form's CSRF token, sign in as a
sample user, and read the ledger behind the site."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sample import PASSWORD
from sqlalchemy import Engine, func, select

from civcas.ledger.database import transaction
from civcas.ledger.models import (
    Assessment,
    Document,
    Grading,
    Report,
    Source,
    User,
    report_documents,
)


def html(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.headers["content-type"].startswith("text/html"), response.text[:200]
    return BeautifulSoup(response.text, "html.parser")


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a form on `path`."""
    field = html(client.get(path)).find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no csrf_token field on {path}"
    return str(field["value"])


def sign_in(client: TestClient, name: str) -> None:
    """Sign in as one of the sample users (ana: analyst, rev: reviewer, adm: admin)."""
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def report_id(engine: Engine, external_id: str) -> int:
    with transaction(engine) as session:
        found = session.scalar(select(Report.id).where(Report.external_id == external_id))
    assert found is not None
    return found


def ledger_state(engine: Engine) -> dict[str, Any]:
    """Row counts of every table a workspace form writes, and the users' stored secrets."""
    with transaction(engine) as session:
        counts = {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Assessment, Document, Grading, Report, Source, User)
        }
        counts["links"] = session.scalar(select(func.count()).select_from(report_documents))
        counts["outcomes"] = sorted(session.execute(select(Report.id, Report.outcome)).all())
        counts["secrets"] = sorted(
            session.execute(select(User.name, User.password_hash, User.token_hash)).all()
        )
    return counts


def alert(response: Any) -> str:
    found = html(response).find(attrs={"role": "alert"})
    assert found is not None, response.text[:500]
    return " ".join(found.get_text().split())
