"""Server-side sessions: signing out, expiry and a change of role end a session for every copy of
its cookie; the cookie is Secure and answers carry HSTS when the site is served over HTTPS.

Each test runs on both backends (the `client` fixture, tests/web/conftest.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sample import PASSWORD
from sessioncookies import session_of, signed
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from webtools import csrf, html, sign_in

from civcas.accounts import add_user, revoke_sessions, set_role
from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.database import transaction
from civcas.ledger.models import User, UserSession
from civcas.settings import SECURE_COOKIES_VARIABLE, secure_cookies
from civcas.vocab import Role
from civcas.web.app import create_app

COOKIE = "civcas_session"
HSTS = "max-age=31536000; includeSubDomains"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def signed_in(client: TestClient, name: str, *, afresh: bool = True) -> tuple[str, str]:
    """Sign `client` in as `name` (`afresh`: from a clean browser; else over the session it
    holds): (the session cookie, its CSRF token)."""
    if afresh:
        client.cookies.clear()
    sign_in(client, name)
    token = csrf(client, "/workspace/reports/new")
    return client.cookies[COOKIE], token


def as_cookie(client: TestClient, cookie: str) -> None:
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)


def sent_to_sign_in(response: Any) -> bool:
    location = response.headers.get("location", "")
    return response.status_code == 303 and location.startswith("/login?next=")


def sessions_of(engine: Engine, name: str) -> list[UserSession]:
    with transaction(engine) as session:
        user_id = session.scalar(select(User.id).where(User.name == name))
        rows = session.scalars(
            select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.id)
        ).all()
        session.expunge_all()
        return list(rows)


def user_named(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.name == name)).one()


def user_names(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        return sorted(session.scalars(select(User.name)))


def workspace_works(client: TestClient, cookie: str) -> bool:
    """Whether `cookie` opens the workspace (200) rather than being sent to sign in."""
    as_cookie(client, cookie)
    response = client.get("/workspace", follow_redirects=False)
    client.cookies.clear()
    assert response.status_code == 200 or sent_to_sign_in(response), response.status_code
    return response.status_code == 200


@pytest.fixture
def done(client: TestClient) -> Iterator[TestClient]:
    yield client
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


# --- signing out -----------------------------------------------------------------------------


def test_a_cookie_copied_before_sign_out_is_refused_after_it(
    done: TestClient, engine: Engine
) -> None:
    client = done
    copied, token = signed_in(client, "adm")
    assert client.get("/workspace/users", follow_redirects=False).status_code == 200  # control
    assert client.get("/api/v1/victims").status_code == 200
    signed_out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert signed_out.status_code == 303
    (row,) = sessions_of(engine, "adm")
    assert row.revoked_at is not None

    # The copy, still signed by the site and well within its eight hours: the public view.
    as_cookie(client, copied)
    for page in ("/workspace", "/workspace/users", "/workspace/reports/new"):
        assert sent_to_sign_in(client.get(page, follow_redirects=False)), page
    as_cookie(client, copied)
    assert client.get("/api/v1/victims").status_code == 401
    as_cookie(client, copied)
    public = html(client.get("/"))
    assert public.select_one("form.logout") is None  # no "Sign out (adm)": nobody signed in
    # A form post with the copy and the CSRF token it carries: sent to sign in, nothing written.
    as_cookie(client, copied)
    form = {"name": "mallory", "role": "admin", "password": "long enough pw", "csrf_token": token}
    posted = client.post("/workspace/users", data=form, follow_redirects=False)
    assert sent_to_sign_in(posted), (posted.status_code, posted.text[:200])
    assert "mallory" not in user_names(engine)
    client.cookies.clear()

    # A new sign-in works, and is a new session.
    again, _ = signed_in(client, "adm")
    assert again != copied and workspace_works(client, again)
    assert len(sessions_of(engine, "adm")) == 2


def test_the_database_holds_only_the_tokens_hash(done: TestClient, engine: Engine) -> None:
    cookie, _ = signed_in(done, "ana")
    token = session_of(cookie)["session_token"]
    assert len(token) >= 40  # 32 random bytes
    (row,) = sessions_of(engine, "ana")
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, str(row.id))
    assert row.revoked_at is None
    assert row.expires_at - row.created_at == dt.timedelta(hours=8)
    assert abs(row.created_at - now()) < dt.timedelta(minutes=5)


def test_signing_in_again_ends_the_earlier_session(done: TestClient, engine: Engine) -> None:
    client = done
    first, _ = signed_in(client, "ana")  # the client keeps the cookie
    second, _ = signed_in(client, "rev", afresh=False)  # over ana's session, in the same browser
    assert not workspace_works(client, first)
    assert workspace_works(client, second)
    assert [row.revoked_at is not None for row in sessions_of(engine, "ana")] == [True]


def test_sessions_of_other_users_and_browsers_survive_a_sign_out(
    done: TestClient, engine: Engine
) -> None:
    client = done
    laptop, token = signed_in(client, "ana")
    phone, _ = signed_in(client, "ana")
    other, _ = signed_in(client, "rev")
    as_cookie(client, laptop)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).is_redirect
    assert not workspace_works(client, laptop)
    assert workspace_works(client, phone)
    assert workspace_works(client, other)


# --- expiry ----------------------------------------------------------------------------------


def test_an_expired_session_is_refused_though_its_cookie_is_in_date(
    done: TestClient, engine: Engine
) -> None:
    client = done
    cookie, token = signed_in(client, "adm")
    assert workspace_works(client, cookie)  # control
    with transaction(engine) as session:
        session.execute(update(UserSession).values(expires_at=now() - dt.timedelta(seconds=1)))
    assert not workspace_works(client, cookie)
    as_cookie(client, cookie)
    form = {"name": "mallory", "role": "admin", "password": "long enough pw", "csrf_token": token}
    assert sent_to_sign_in(client.post("/workspace/users", data=form, follow_redirects=False))
    assert "mallory" not in user_names(engine)
    # A second before expiry it still stands: the boundary is the row's expires_at.
    with transaction(engine) as session:
        session.execute(update(UserSession).values(expires_at=now() + dt.timedelta(seconds=30)))
    assert workspace_works(client, cookie)
    # The next sign-in deletes the user's expired rows; the live one stays.
    with transaction(engine) as session:
        session.execute(update(UserSession).values(expires_at=now() - dt.timedelta(hours=1)))
    signed_in(client, "adm")
    assert [row.expires_at > now() for row in sessions_of(engine, "adm")] == [True]


# --- a change of role, a removal --------------------------------------------------------------


def test_a_change_of_role_revokes_every_session_of_that_user(
    done: TestClient, engine: Engine
) -> None:
    client = done
    first, _ = signed_in(client, "ana")
    second, _ = signed_in(client, "ana")
    bystander, _ = signed_in(client, "rev")
    with transaction(engine) as session:
        set_role(session, user_named(session, "ana"), Role.REVIEWER)
    assert not workspace_works(client, first)
    assert not workspace_works(client, second)
    assert workspace_works(client, bystander)
    assert all(row.revoked_at is not None for row in sessions_of(engine, "ana"))
    # Changed back, the old cookies stay refused: their sessions were revoked, not just
    # mismatched; a fresh sign-in works.
    with transaction(engine) as session:
        set_role(session, user_named(session, "ana"), Role.ANALYST)
        assert audit.verify(session).intact  # the changes of role are audited, sessions not
    assert not workspace_works(client, first)
    fresh, _ = signed_in(client, "ana")
    assert workspace_works(client, fresh)


def test_a_role_changed_behind_civcass_back_still_ends_the_session(
    done: TestClient, engine: Engine
) -> None:
    client = done
    cookie, _ = signed_in(client, "adm")
    with transaction(engine) as session:
        session.execute(update(User).where(User.name == "adm").values(role=Role.ANALYST))
    assert not workspace_works(client, cookie)  # the cookie says admin; the user no longer is


def test_revoking_a_users_sessions_and_removing_a_user(done: TestClient, engine: Engine) -> None:
    client = done
    with transaction(engine) as session:
        add_user(session, "temp", "admin", PASSWORD)
    cookie, _ = signed_in(client, "temp")
    assert workspace_works(client, cookie)
    with transaction(engine) as session:
        revoke_sessions(session, user_named(session, "temp"))
    assert not workspace_works(client, cookie)
    cookie, _ = signed_in(client, "temp")
    assert workspace_works(client, cookie)
    with transaction(engine) as session:
        session.execute(delete(User).where(User.name == "temp"))  # its sessions go with it
    assert sessions_of(engine, "temp") == []
    assert not workspace_works(client, cookie)


def test_a_cookie_signed_with_the_right_key_but_no_session_is_refused(
    done: TestClient, engine: Engine
) -> None:
    """Even whoever holds the signing key cannot make a session: the server has none for it."""
    client = done
    real, _ = signed_in(client, "adm")
    claimed = session_of(real)
    assert workspace_works(client, signed(claimed))  # control: re-signed, the real one works
    assert not workspace_works(
        client, signed({k: v for k, v in claimed.items() if k != "session_token"})
    )
    assert not workspace_works(client, signed({**claimed, "session_token": "made-up"}))


# --- Secure cookies and HSTS -----------------------------------------------------------------


def session_cookie_header(response: Any) -> str:
    (header,) = [
        value for value in response.headers.get_list("set-cookie") if value.startswith(f"{COOKIE}=")
    ]
    return str(header)


def sign_in_answer(client: TestClient) -> Any:
    response = client.post(
        "/login",
        data={"name": "ana", "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response


@pytest.fixture
def site(client: TestClient, database_url: str) -> Iterator[Any]:
    """Make another app over the same (sample) ledger: `site(secure, base_url)`."""
    made: list[TestClient] = []

    def make(secure: bool | None, base_url: str = "http://testserver") -> TestClient:
        other = TestClient(
            create_app(database_url, secret_key="test-secret", secure=secure), base_url=base_url
        )
        other.__enter__()
        made.append(other)
        return other

    yield make
    for other in made:
        other.__exit__(None, None, None)
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_the_cookie_is_secure_when_the_setting_is_on(site: Any) -> None:
    secure = site(True, "https://testserver")
    header = session_cookie_header(sign_in_answer(secure)).lower()
    assert "; secure" in header and "samesite=lax" in header and "httponly" in header
    assert secure.get("/workspace", follow_redirects=False).status_code == 200
    # Over plain http too (a TLS proxy in front that does not say so): still Secure.
    behind_proxy = site(True)
    assert "; secure" in session_cookie_header(behind_proxy.get("/login")).lower()


def test_the_cookie_is_not_secure_when_off_over_http(site: Any) -> None:
    plain = site(False)
    header = session_cookie_header(sign_in_answer(plain)).lower()
    assert "secure" not in header and "samesite=lax" in header and "httponly" in header
    assert plain.get("/workspace", follow_redirects=False).status_code == 200  # make run's case


def test_over_https_the_cookie_is_secure_even_with_the_setting_off(site: Any) -> None:
    https = site(False, "https://testserver")
    answer = sign_in_answer(https)
    assert session_cookie_header(answer).lower().count("; secure") == 1
    assert https.get("/workspace", follow_redirects=False).status_code == 200
    client_side = https.post("/logout", data={"csrf_token": csrf(https, "/workspace")})
    assert "; secure" in session_cookie_header(client_side.history[0]).lower()


def test_the_setting_comes_from_the_environment(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECURE_COOKIES_VARIABLE, "yes")
    assert "; secure" in session_cookie_header(site(None).get("/login")).lower()
    monkeypatch.setenv(SECURE_COOKIES_VARIABLE, "0")
    assert "secure" not in session_cookie_header(site(None).get("/login")).lower()
    monkeypatch.delenv(SECURE_COOKIES_VARIABLE)
    assert "secure" not in session_cookie_header(site(None).get("/login")).lower()


def test_secure_cookies_setting_values() -> None:
    for word in ("1", "true", "YES", " on "):
        assert secure_cookies({SECURE_COOKIES_VARIABLE: word}) is True
    for word in ("", "0", "false", "No", "off"):
        assert secure_cookies({SECURE_COOKIES_VARIABLE: word}) is False
    assert secure_cookies({}) is False
    with pytest.raises(FieldError, match="neither on"):
        secure_cookies({SECURE_COOKIES_VARIABLE: "maybe"})


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/reports", "/no-such-page"])
def test_hsts_over_https_and_not_over_plain_http(site: Any, path: str) -> None:
    assert site(False, "https://testserver").get(path).headers["strict-transport-security"] == HSTS
    assert "strict-transport-security" not in site(False).get(path).headers
    # With secure cookies on, the site is behind HTTPS whatever scheme it sees.
    assert site(True).get(path).headers["strict-transport-security"] == HSTS


def test_serve_passes_the_setting_to_its_workers(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from civcas.cli import app

    started: list[tuple[str, bool]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append((a[0], secure_cookies())))
    for name in (SECURE_COOKIES_VARIABLE, "CIVCAS_DATABASE_URL", "CIVCAS_SECRET_KEY"):
        monkeypatch.setenv(name, "")  # restored afterwards, whatever serve sets
    runner = CliRunner()
    for flags, expected in [
        ([], False),
        (["--secure-cookies"], True),
        ([], True),  # the environment serve set is still there: the default follows it
        (["--no-secure-cookies"], False),
    ]:
        result = runner.invoke(app, ["--db", database_url, "serve", *flags])
        assert result.exit_code == 0, result.output
        assert started[-1] == ("civcas.web.asgi:app", expected), flags
    monkeypatch.setenv(SECURE_COOKIES_VARIABLE, "perhaps")
    refused = runner.invoke(app, ["--db", database_url, "serve"])
    assert refused.exit_code == 1 and "CIVCAS_SECURE_COOKIES" in refused.output
    assert len(started) == 4
