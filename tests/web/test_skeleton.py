"""The site's frame: security headers, error shapes, languages, and the sample data loading."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webtools import html


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/api/v1/does-not-exist", "/static/civcas.css"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_api_errors_are_json_with_a_message(client: TestClient) -> None:
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"error": "Not Found"}


def test_page_errors_are_pages(client: TestClient) -> None:
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert html(response).find(attrs={"role": "alert"}).get_text() == "Not Found"


def test_arabic_is_right_to_left_and_remembered(client: TestClient) -> None:
    page = html(client.get("/?lang=ar"))
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert html(client.get("/")).html["dir"] == "rtl"  # the cookie keeps the choice
    assert html(client.get("/?lang=en")).html["dir"] == "ltr"


def test_skip_link_and_text_size_control(client: TestClient) -> None:
    page = html(client.get("/"))
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main" and page.find(id="main") is not None
    sizes = [b["data-text-size"] for b in page.select(".text-size button")]
    assert sizes == ["xs", "sm", "md", "lg"]


def test_api_docs_work_offline(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page
    assert client.get("/api/openapi.json").json()["info"]["title"] == "civcas"


def test_error_pages_render_for_signed_in_users(client: TestClient) -> None:
    from webtools import sign_in

    sign_in(client, "ana")
    response = client.get("/reports/999999")
    assert response.status_code == 404
    assert "ana" in html(response).find(class_="logout").get_text()


def test_language_links_keep_the_page_and_its_filters(client: TestClient) -> None:
    page = html(client.get("/register?country=SY&outcome=credible"))
    links = {a["lang"]: a["href"] for a in page.select(".languages a")}
    assert links == {
        "en": "/register?country=SY&outcome=credible&lang=en",
        "ar": "/register?country=SY&outcome=credible&lang=ar",
    }


def test_the_importable_app_reads_its_database_from_the_environment(
    database_url: str,
    engine,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    import importlib

    from sample import build

    from civcas.ledger.database import transaction

    with transaction(engine) as session:
        build(session)
    monkeypatch.setenv("CIVCAS_DATABASE_URL", database_url)
    import civcas.web.asgi as asgi

    with TestClient(importlib.reload(asgi).app) as served:
        assert served.get("/api/v1/reports").json()["total"] == 5  # the sample's five reports
