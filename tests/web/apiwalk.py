"""The API's GET routes as concrete URLs, and secrets searched for in what they answer: the walk
that tests/web/test_api_privacy.py (the public) and test_access.py (every caller) share.

The routes come from the OpenAPI schema, so a route added later is walked too. Path parameters
are filled with every report's id; parameters with a fixed set of values (format, by) are tried
with each value; a required month is tried for every month of the sample.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.testclient import TestClient

API = "/api/v1"
MONTHS = ["2017-06", "2017-07", "2017-08"]
MAX_COMBINATIONS = 24
"""Up to this many, every combination of a path's enumerations is walked (tallies: 5 `by` and 2
formats, each or none, is 18)."""


def get_urls(client: TestClient) -> list[str]:
    """A concrete URL for every GET route of the API, for every value of its enumerations."""
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    report_ids = [
        item["id"]
        for item in client.get(f"{API}/reports", params={"per_page": 500}).json()["items"]
    ]
    urls = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or not path.startswith(API):
            continue
        parameters = operations["get"].get("parameters", [])
        paths = [path]
        for parameter in parameters:
            if parameter["in"] == "path":
                assert parameter["name"] == "report_id", f"fill {parameter['name']} in {path}"
                paths = [p.replace("{report_id}", str(rid)) for p in paths for rid in report_ids]
        bases: list[dict[str, str]] = [{}]
        choices: list[tuple[str, list[str]]] = []
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            name, values = parameter["name"], enumeration(parameter["schema"], components)
            if name == "month":
                bases = [{**base, name: month} for base in bases for month in MONTHS]
            elif parameter.get("required"):
                raise AssertionError(f"give a value for {name} of {path}")
            elif values:
                choices.append((name, values))
        # Every combination of the enumerations when there are few (tallies by source as CSV),
        # else each enumeration's values one at a time; on top of the required parameters.
        combinations = math.prod(len(values) + 1 for _, values in choices)
        queries = bases
        if combinations <= MAX_COMBINATIONS:
            for name, values in choices:
                queries = [{**q, name: v} for q in queries for v in ["", *values]]
        else:
            queries = [
                *bases,
                *[{**b, name: v} for b in bases for name, values in choices for v in values],
            ]
        for concrete in paths:
            for query in queries:
                pairs = "&".join(f"{k}={v}" for k, v in query.items() if v)
                urls.append(f"{concrete}?{pairs}" if pairs else concrete)
    return sorted(set(urls))


def enumeration(schema: dict[str, Any], components: dict[str, Any]) -> list[str]:
    """The values a parameter's schema allows, when they are a fixed set (enum, Literal)."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "enum" in schema:
        return [str(value) for value in schema["enum"]]
    for option in schema.get("anyOf", []):
        values = enumeration(option, components)
        if values:
            return values
    return []


def leaked(text: str, secrets: list[str]) -> list[str]:
    """Secrets found in `text`, as written or as JSON escapes them (\\u0645...)."""
    return [s for s in secrets if s in text or json.dumps(s)[1:-1] in text]
