"""Helpers for web tests: parse a page, read a form's CSRF token, sign in as a sample user."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sample import PASSWORD


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
