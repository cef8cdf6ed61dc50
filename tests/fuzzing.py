"""Hostile input for the REST API: schemathesis generates requests from the OpenAPI schema.

Every operation under /api/v1 is sent `examples` requests fitting the schema and `examples`
requests that break it (wrong types, missing fields, out-of-range values), each either anonymous
or with the API token of a sample user (ana: analyst, rev: reviewer, adm: admin), so the write
endpoints are fuzzed past authentication too. The app runs in-process (schemathesis' ASGI
client) over the sample ledger (tests/sample.py) in a fresh SQLite file. Any 5xx is a failure.

`make fuzz` runs this as a script (at least 10,000 requests); tests/web/test_fuzz.py runs a
short form of it in the test suite.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sample import USERS, build
from schemathesis import APIOperation, GenerationMode
from schemathesis.python.asgi import ASGIClient
from sqlalchemy import select

from civcas.accounts import issue_token
from civcas.intake.rows import ReportRow
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import User
from civcas.web.app import create_app

SCHEMA = "/api/openapi.json"
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class Tally:
    """What a run sent and what came back: requests per operation, statuses, server errors."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def sample_ledger(database_url: str) -> dict[str, str]:
    """Migrate and fill the ledger at `database_url`; an API token for each sample user."""
    engine = open_engine(database_url)
    migrate(engine)
    with transaction(engine) as session:
        build(session)
        users = session.scalars(select(User).where(User.name.in_(USERS))).all()
        tokens = {user.name: issue_token(session, user) for user in users}
    engine.dispose()
    return tokens


def openapi_with_rows(app: Any) -> dict[str, Any]:
    """The app's OpenAPI schema, with the import row's own schema as a choice for the body of
    POST /reports (the schema says only "an object, or a list of them", so valid-looking rows,
    which reach the intake checks, would almost never be generated)."""
    raw: dict[str, Any] = ASGIClient(app).get(f"http://testserver{SCHEMA}").json()
    row = ReportRow.model_json_schema(ref_template="#/components/schemas/{model}")
    raw.setdefault("components", {}).setdefault("schemas", {}).update(row.pop("$defs", {}))
    body = raw["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]["application/json"]
    # Mostly known countries and sources, so that some rows pass and reach the ledger.
    known = row["properties"]
    known["country"] = {"anyOf": [{"enum": ["SY", "IQ", "SYR", "sy"]}, known["country"]]}
    known["source"] = {"anyOf": [{"enum": ["Raqqa Post", "Airwars"]}, known["source"]]}
    rows = {"type": "array", "items": row, "minItems": 1, "maxItems": 5}
    body["schema"] = {"anyOf": [row, rows, *body["schema"]["anyOf"]]}
    return raw


def fuzz(app: Any, tokens: dict[str, str], examples: int, seed: int | None = None) -> Tally:
    """Send each operation of `app`'s API `examples` valid and `examples` invalid requests."""
    logging.getLogger("civcas.web").setLevel(logging.CRITICAL)  # tracebacks are tallied instead
    schema = schemathesis.openapi.from_dict(openapi_with_rows(app))
    schema.app = app
    client = ASGIClient(app)
    tally = Tally()
    started = time.perf_counter()
    for result in schema.get_all_operations():
        for mode in MODES:
            fuzz_operation(result.ok(), mode, client, tokens, examples, seed, tally)
    tally.seconds = time.perf_counter() - started
    return tally


def fuzz_operation(
    operation: APIOperation,
    mode: GenerationMode,
    client: ASGIClient,
    tokens: dict[str, str],
    examples: int,
    seed: int | None,
    tally: Tally,
) -> None:
    """Up to `examples` requests to `operation`, each anonymous or with a sample user's token."""

    cases = operation.as_strategy(generation_mode=mode)
    if "{report_id}" in operation.path:  # often, a report the sample ledger holds
        cases = st.one_of(
            cases,
            st.integers(1, 6).flatmap(
                lambda report_id: operation.as_strategy(
                    generation_mode=mode, path_parameters={"report_id": report_id}
                )
            ),
        )

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, who=st.sampled_from([None, *tokens]))
    def send(case: schemathesis.Case, who: str | None) -> None:
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who else None
        tally.requests[operation.label] += 1
        try:
            response = case.call(session=client, headers=headers)
            status, text = response.status_code, response.text[:200]
        except Exception as error:  # the app answered 500, then re-raised it to its server
            status, text = 500, f"{type(error).__name__}: {error}"[:200]
        tally.statuses[status] += 1
        if status >= 500:
            curl = case.as_curl_command(headers=headers)
            tally.server_errors.append(
                f"{operation.label} ({mode.value}, {who or 'anonymous'}): "
                f"{status} {text}\n    {curl}"
            )

    (send if seed is None else hypothesis.seed(seed)(send))()


def report(tally: Tally) -> str:
    lines = [f"{count:6d}  {label}" for label, count in sorted(tally.requests.items())]
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items()))
    lines += [
        f"requests: {tally.total} over {len(tally.requests)} operations in {tally.seconds:.1f} s",
        f"statuses: {statuses}",
        f"server errors: {len(tally.server_errors)}",
        *tally.server_errors[:50],
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="per operation and mode")
    parser.add_argument("--minimum", type=int, default=10_000, help="fewest requests to pass")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: fixed)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'ledger.db'}"
        tokens = sample_ledger(url)
        app = create_app(url, secret_key="fuzz")
        tally = fuzz(app, tokens, options.examples, options.seed)
        app.state.engine.dispose()
    print(report(tally))
    if tally.total < options.minimum:
        print(f"too few requests: {tally.total} < {options.minimum}")
        return 1
    return 1 if tally.server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
