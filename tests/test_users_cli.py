"""`civcas user add` and `civcas user token`: users of the workspace from the command line."""

from __future__ import annotations

import pytest
from click.testing import Result
from sqlalchemy import func, select
from typer.testing import CliRunner

from civcas.accounts import authenticate, user_for_token
from civcas.cli import app
from civcas.ledger.database import open_engine, transaction
from civcas.ledger.models import User
from civcas.vocab import Role

PASSWORD = "a long passphrase"


def civcas(database_url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, ["--db", database_url, *args], env=env)


def add(database_url: str, name: str, role: str) -> None:
    result = civcas(database_url, "user", "add", name, "--role", role, "--password", PASSWORD)
    assert result.exit_code == 0, result.output


def check(database_url: str, name: str, password: str) -> User | None:
    engine = open_engine(database_url)
    try:
        with transaction(engine) as session:
            return authenticate(session, name, password)
    finally:
        engine.dispose()


def count_users(database_url: str) -> int:
    engine = open_engine(database_url)
    try:
        with transaction(engine) as session:
            return session.scalar(select(func.count()).select_from(User)) or 0
    finally:
        engine.dispose()


def holder_of(database_url: str, token: str) -> str | None:
    engine = open_engine(database_url)
    try:
        with transaction(engine) as session:
            user = user_for_token(session, token)
            return user.name if user else None
    finally:
        engine.dispose()


def test_user_add_creates_a_user_whose_password_verifies(database_url: str) -> None:
    result = civcas(
        database_url, "user", "add", "nadia", "--role", "reviewer", "--password", PASSWORD
    )
    assert result.exit_code == 0, result.output
    assert "user 'nadia' added as reviewer" in result.output
    user = check(database_url, "nadia", PASSWORD)
    assert user is not None and user.role is Role.REVIEWER
    assert check(database_url, "nadia", PASSWORD + "!") is None
    assert PASSWORD not in user.password_hash  # stored as an Argon2 hash
    assert user.password_hash.startswith("$argon2")


def test_user_add_prompts_for_the_password_twice(database_url: str) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", database_url, "user", "add", "omar", "--role", "analyst"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input
    user = check(database_url, "omar", PASSWORD)
    assert user is not None and user.role is Role.ANALYST


def test_user_add_takes_the_password_from_the_environment(database_url: str) -> None:
    result = civcas(
        database_url, "user", "add", "sara", "--role", "admin", env={"CIVCAS_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert check(database_url, "sara", PASSWORD) is not None


def test_user_add_refuses_a_taken_name(database_url: str) -> None:
    add(database_url, "nadia", "analyst")
    again = civcas(database_url, "user", "add", "nadia", "--role", "admin", "--password", PASSWORD)
    assert again.exit_code == 1
    assert "user 'nadia' already exists" in again.output
    assert count_users(database_url) == 1
    user = check(database_url, "nadia", PASSWORD)
    assert user is not None and user.role is Role.ANALYST  # the first stays as it was


def test_user_add_refuses_a_short_password(database_url: str) -> None:
    result = civcas(
        database_url, "user", "add", "nadia", "--role", "analyst", "--password", "short"
    )
    assert result.exit_code == 1
    assert "password: use at least 10 characters" in result.output
    assert count_users(database_url) == 0


def test_user_add_refuses_an_unknown_role(database_url: str) -> None:
    result = civcas(
        database_url, "user", "add", "nadia", "--role", "general", "--password", PASSWORD
    )
    assert result.exit_code == 2  # a usage error, from the option's choices
    assert "general" in result.output


def test_user_token_prints_a_token_that_resolves(database_url: str) -> None:
    add(database_url, "nadia", "analyst")
    first = civcas(database_url, "user", "token", "nadia")
    assert first.exit_code == 0, first.output
    token = first.output.strip()
    assert len(token) >= 32 and "\n" not in token
    assert holder_of(database_url, token) == "nadia"
    # a new token replaces the old one
    second = civcas(database_url, "user", "token", "nadia").output.strip()
    assert second != token
    assert holder_of(database_url, second) == "nadia"
    assert holder_of(database_url, token) is None


def test_user_token_for_an_unknown_user(database_url: str) -> None:
    result = civcas(database_url, "user", "token", "ghost")
    assert result.exit_code == 1
    assert "no user 'ghost'" in result.output


@pytest.mark.parametrize("name", ["", "   "])
def test_user_add_needs_a_name(database_url: str, name: str) -> None:
    result = civcas(database_url, "user", "add", name, "--role", "analyst", "--password", PASSWORD)
    assert result.exit_code == 1
    assert "a user needs a name" in result.output
