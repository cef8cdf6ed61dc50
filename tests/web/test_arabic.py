"""The Arabic site: every page right to left, in Arabic, with places named in Arabic.

The pages are read with the compiled catalog (civcas/translations/ar/LC_MESSAGES/messages.mo,
built by `make translations`); the catalog itself is checked against messages.pot.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from bs4.element import NavigableString
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from webtools import html, sign_in

from civcas import vocab
from civcas.i18n import CATALOGS
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.publication.register import withheld_label
from civcas.web.pages_register import QUERY_REFUSALS
from civcas.web.templating import WITHHELD

TRANSLATIONS = CATALOGS
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po"
ARABIC_PLURALS = (
    "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3"
    " : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);"
)
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
PUBLIC = ["/", "/register", "/reports/1", "/map", "/dismissals", "/methodology", "/login"]
NAV = {
    "/": "لوحة المعلومات",
    "/register": "السجل",
    "/map": "الخريطة",
    "/dismissals": "القرارات الرافضة",
    "/methodology": "المنهجية",
}
# Text a page may show as is: data of the sample, and the codes of the vocabularies that the
# workspace prints in code form on purpose (e.g. a decision's reason code `reopened`).
CODES = {
    member.value
    for kind in vars(vocab).values()
    if isinstance(kind, type) and issubclass(kind, vocab.Described)
    for member in kind
}


def catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="ar" if path == PO else None)


@cache
def english_with_arabic() -> frozenset[str]:
    """The msgids longer than three characters whose Arabic differs (so not CSV or SHA-256)."""
    texts = set()
    for message in catalog(PO):
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if all(strings) and set(strings) != set(ids):
            texts.update(text for text in ids if len(text) > 3)
    return frozenset(texts)


def visible_texts(page: BeautifulSoup) -> list[str]:
    """The page's text nodes, whitespace folded, outside scripts, styles and code."""
    texts = []
    for node in page.find_all(string=True):
        if type(node) is not NavigableString:  # comments, the doctype
            continue
        if node.find_parent(["script", "style", "code", "template"]) is not None:
            continue
        text = " ".join(node.split())
        if text:
            texts.append(text)
    return texts


def untranslated(page: BeautifulSoup) -> list[str]:
    english = english_with_arabic()
    found = [text for text in visible_texts(page) if text in english and text not in CODES]
    labels = [
        str(element[attribute])
        for attribute in ("aria-label", "title", "placeholder", "alt")
        for element in page.find_all(attrs={attribute: True})
    ]
    return found + [label for label in labels if label in english]


def arabic(client: TestClient, path: str) -> BeautifulSoup:
    response = client.get(path, params={"lang": "ar"})
    assert response.status_code == 200, (path, response.status_code)
    page = html(response)
    assert page.html is not None
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl"), path
    return page


def nav_labels(page: BeautifulSoup) -> list[str]:
    nav = page.select_one("header nav ul")
    assert nav is not None
    return [" ".join(link.get_text().split()) for link in nav.find_all("a")]


def places(page: BeautifulSoup) -> dict[str, str]:
    """external id → the Place column of the register."""
    header = [th.get_text(strip=True) for th in page.select("table.register thead th")]
    column = header.index("المكان") if "المكان" in header else header.index("Place")
    return {
        row["data-external-id"]: row.find_all("td")[column].get_text(strip=True)
        for row in page.select("tbody tr[data-external-id]")
    }


def workspace_paths(client: TestClient) -> list[str]:
    page = html(client.get("/workspace"))
    reports = [link["href"] for link in page.select("a[href^='/workspace/reports/']")]
    reports = [path for path in reports if path != "/workspace/reports/new"]
    assert reports, "the sample has open allegations"
    return ["/workspace", "/workspace/reports/new", *dict.fromkeys(reports)]


# --- the catalog ---------------------------------------------------------------------------------


def test_catalog_translates_every_message_of_the_template() -> None:
    template, arabic_catalog = catalog(POT), catalog(PO)
    assert arabic_catalog.plural_forms == ARABIC_PLURALS
    assert arabic_catalog.num_plurals == 6
    assert not arabic_catalog.fuzzy
    ids = [message.id for message in template if message.id]
    assert len(ids) > 300
    for msgid in ids:
        message = arabic_catalog.get(msgid)
        assert message is not None, f"not in the Arabic catalog: {msgid!r}"
        assert not message.fuzzy, msgid
        strings = [message.string] if isinstance(msgid, str) else list(message.string)
        assert len(strings) == (1 if isinstance(msgid, str) else 6), msgid
        assert all(text and text.strip() for text in strings), f"untranslated: {msgid!r}"
    assert not [error for error in arabic_catalog.check()], "placeholders must match"


def test_compiled_catalog_is_current() -> None:
    compiled = PO.with_suffix(".mo")
    assert compiled.exists(), "run `make translations`"
    assert compiled.stat().st_mtime >= PO.stat().st_mtime, "run `make translations`"


# --- the pages -----------------------------------------------------------------------------------


def test_public_pages_are_in_arabic(client: TestClient) -> None:
    for path in PUBLIC:
        page = arabic(client, path)
        labels = nav_labels(page)
        assert list(NAV.values()) == labels[:5], (path, labels)
        assert labels[5] == "تسجيل الدخول", (path, labels)
        skip = page.select_one("a.skip-link")
        assert skip is not None and skip.get_text(strip=True) == "انتقل إلى المحتوى الرئيسي"
        assert page.find(attrs={"aria-label": "حجم النص"}) is not None, path
        assert untranslated(page) == [], path


def test_workspace_pages_are_in_arabic(client: TestClient) -> None:
    sign_in(client, "rev")
    for path in workspace_paths(client):
        page = arabic(client, path)
        assert nav_labels(page)[5] == "مساحة العمل", path
        logout = page.select_one("form.logout button")
        assert logout is not None and logout.get_text(strip=True).startswith("تسجيل الخروج")
        assert untranslated(page) == [], path


def test_users_page_is_in_arabic(client: TestClient) -> None:
    sign_in(client, "adm")
    page = arabic(client, "/workspace/users")
    assert untranslated(page) == []


def test_the_register_names_known_places_in_arabic(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        load(
            session,
            "reports",
            [
                {
                    "external_id": "RP-9",
                    "source": "Raqqa Post",
                    "date_start": "2017-08-20",
                    "place": "Zor Shammar",
                    "country": "SY",
                    "killed_min": 1,
                    "killed_max": 1,
                    "received_at": "2017-08-21T08:00",
                }
            ],
        )
    shown = places(arabic(client, "/register"))
    assert shown["RP-1"] == "الرقة"
    assert shown["AI-1"] == "الرقة"  # "Ar-Raqqah", the same town
    assert (shown["RP-2"], shown["W-1"], shown["RP-3"]) == ("الطبقة", "الموصل", "هجين")
    assert shown["RP-9"] == "Zor Shammar"  # not in the gazetteer: as the source wrote it

    report = arabic(client, "/reports/1")
    heading = report.find("h1")
    assert heading is not None and "الرقة" in heading.get_text()
    mapped = arabic(client, "/map").select_one("table tbody")
    assert mapped is not None and "الرقة" in mapped.get_text()

    english = places(html(client.get("/register", params={"lang": "en"})))
    assert (english["RP-1"], english["AI-1"], english["RP-9"]) == (
        "Raqqa",
        "Ar-Raqqah",
        "Zor Shammar",
    )


def test_workspace_names_places_in_arabic(client: TestClient) -> None:
    sign_in(client, "rev")
    queue = arabic(client, "/workspace")
    rows = {
        cells[0].get_text(strip=True): cells[2].get_text(strip=True)
        for row in queue.select("table.queue tbody tr")
        if (cells := row.find_all("td"))
    }
    assert rows["RP-3"].startswith("هجين")
    assert rows["W-1"].startswith("الموصل")


def test_switching_back_to_english(client: TestClient) -> None:
    arabic(client, "/register")  # sets the language cookie
    again = html(client.get("/register"))
    assert again.html is not None and again.html["dir"] == "rtl", "the cookie keeps Arabic"
    for path in PUBLIC:
        page = html(client.get(path, params={"lang": "en"}))
        assert page.html is not None
        assert (page.html["lang"], page.html["dir"]) == ("en", "ltr"), path
        assert nav_labels(page)[:5] == [
            "Dashboard",
            "Register",
            "Map",
            "Dismissals",
            "Methodology",
        ], path
    page = html(client.get("/register"))
    assert page.html is not None and page.html["lang"] == "en", "the cookie now keeps English"
    assert places(page)["RP-1"] == "Raqqa"


# --- text made in Python ---------------------------------------------------------------------


def test_the_templates_withheld_labels_are_the_cores() -> None:
    assert set(WITHHELD) == set(vocab.SourceType)
    for kind, text in WITHHELD.items():
        assert text == withheld_label(kind), kind


def test_a_withheld_source_is_labelled_in_arabic(client: TestClient) -> None:
    english = withheld_label(vocab.SourceType.INDIVIDUAL)
    label = "(مصدر محجوب: فرد)"
    register = arabic(client, "/register")
    path = next(
        str(row.find("a")["href"])
        for row in register.select("tbody tr[data-external-id]")
        if row["data-external-id"] == "W-1"
    )
    for page in (register, arabic(client, path)):
        text = " ".join(page.get_text(" ").split())
        assert label in text
        assert english not in text and "withheld" not in text
    # The API keeps the English label.
    entry = client.get(f"/api/v1{path}").json()["entry"]
    assert entry["source"] == english


def test_error_pages_are_in_arabic(client: TestClient) -> None:
    def alert(path: str, status: int, language: str = "ar") -> str:
        response = client.get(path + ("&" if "?" in path else "?") + f"lang={language}")
        assert response.status_code == status, path
        found = html(response).find(attrs={"role": "alert"})
        assert found is not None, path
        return " ".join(found.get_text().split())

    assert alert("/reports/999999", 404) == "لا يوجد ادعاء رقمه 999999 في السجل"
    assert alert("/no-such-page", 404) == "غير موجود"
    # Every refusal of the register's filters, made by the page or by RegisterQuery.
    for query in [
        "outcome=maybe",
        "date_from=June",
        "page=two",
        "bbox=1,2,3",
        "country=Syria",
        "page=0",
        "per_page=501",
        "date_from=2017-08-01&date_to=2017-07-01",
        "bbox=38,37,39,36",
    ]:
        field = query.split("=")[0]
        for path in ("/register", "/map"):
            shown, english = alert(f"{path}?{query}", 400), alert(f"{path}?{query}", 400, "en")
            assert shown.startswith(f"{field}: ") and english.startswith(f"{field}: ")
            assert shown != english and ARABIC_LETTERS.search(shown), (path, query, shown)
    assert set(QUERY_REFUSALS) <= english_with_arabic()
