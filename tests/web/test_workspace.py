"""The analysts' workspace over the sample ledger: the queue, filing, deciding, grading, users.

Expected values are worked out by hand from tests/web/sample.py; the clock is fixed at
2017-09-01 08:00 UTC, after every sample decision (the last, W-1 reopened, is 2017-08-15).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sample import PASSWORD, VICTIM_NAMES, WITNESS
from sqlalchemy import Engine, select
from webtools import alert, csrf, html, ledger_state, report_id, sign_in

from civcas.accounts import authenticate, user_for_token
from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.ledger.models import Assessment, Document, Grading, Report, Source, User
from civcas.publication.register import entry, withheld_label
from civcas.vocab import Grade, Outcome, ReasonCode, SourceType

NOW = dt.datetime(2017, 9, 1, 8, 0)


@pytest.fixture
def ws(client: TestClient) -> Iterator[TestClient]:
    """The sample site's client with the workspace's clock fixed at NOW; the app's database
    connections are closed afterwards."""
    client.app.state.clock = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def post(client: TestClient, path: str, data: dict[str, str], **extra: Any) -> Any:
    """Post a workspace form with the session's CSRF token, without following redirects."""
    token = csrf(client, "/workspace/reports/new")
    return client.post(path, data=data | {"csrf_token": token}, follow_redirects=False, **extra)


def field_problem(page: Any, field_id: str) -> str:
    """The problem shown next to a field, found the way assistive technology finds it."""
    field = page.find(id=field_id)
    assert field is not None, field_id
    assert field.get("aria-invalid") == "true", field
    described = field["aria-describedby"].split()
    errors = [page.find(id=name) for name in described if name.endswith("-error")]
    assert errors and errors[0] is not None, field
    return " ".join(errors[0].get_text().split())


# --- the queue -----------------------------------------------------------------------------------


def test_queue_lists_the_open_reports_oldest_first_with_their_ages(ws: TestClient) -> None:
    """Open in the sample: W-1 (closed 2017-08-01, reopened 2017-08-15) and RP-3 (never assessed);
    RP-1 credible, AI-1 duplicate and RP-2 not credible are closed.

    W-1 was received 2017-07-16 08:00: to 2017-08-16 08:00 is 31 days, to 2017-09-01 08:00 16 more,
    47. RP-3 was received 2017-08-02 08:00: 30 days before 2017-09-01 08:00."""
    sign_in(ws, "ana")
    page = html(ws.get("/workspace"))
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in page.select("table.queue tbody tr")
    ]
    assert [(row[0], row[6], row[7]) for row in rows] == [
        ("W-1", "47", "reopened"),
        ("RP-3", "30", "new"),
    ]
    w1, rp3 = rows
    assert w1[1].startswith(WITNESS)  # the workspace names non-public sources
    assert (w1[2], w1[3], w1[4]) == ("Mosul, IQ", "2017-07-15", "2–3")
    assert (rp3[1], rp3[2], rp3[3], rp3[4]) == ("Raqqa Post", "Hajin, SY", "2017-08-01", "0–2")
    links = [a["href"] for a in page.select("table.queue a")]
    assert links == [f"/workspace/reports/{i}" for i in _ids(ws, "W-1", "RP-3")]


def _ids(client: TestClient, *external_ids: str) -> list[int]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    return [report_id(engine, name) for name in external_ids]


def test_queue_age_follows_the_clock(ws: TestClient) -> None:
    ws.app.state.clock = lambda: NOW + dt.timedelta(days=10, hours=-1)  # type: ignore[attr-defined]
    sign_in(ws, "rev")
    ages = [row.select("td")[6].get_text() for row in html(ws.get("/workspace")).select("tbody tr")]
    assert ages == ["56", "39"]  # 47 + 9 (a day short of 10 by an hour), 30 + 9


# --- filing an allegation ------------------------------------------------------------------------

GOOD_REPORT = {
    "source": "",
    "new_source": "Mosul Eye",
    "source_type": "social_media",
    "external_id": "ME-77",
    "date_start": "2017-08-20",
    "date_end": "2017-08-21",
    "date_precision": "week",
    "place": "Old City, Mosul",
    "country": "IRQ",
    "latitude": "36.34",
    "longitude": "43.13",
    "location_precision": "neighbourhood",
    "perpetrator": "Coalition",
    "killed_min": "3",
    "killed_max": "6",
    "injured_min": "",
    "injured_max": "",
    "children_killed_min": "1",
    "children_killed_max": "2",
    "women_killed_min": "",
    "women_killed_max": "",
    "summary": "A house hit at night.",
}
STATEMENT = "شهادة: ضربة جوية على البيت\nWitness statement, 20 August.\n".encode()
PHOTO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"


def test_filing_an_allegation_with_documents(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "ana")
    files = [
        ("documents", ("statement.txt", STATEMENT, "text/plain")),
        ("documents", ("photo.png", PHOTO, "image/png")),
    ]
    response = post(ws, "/workspace/reports/new", GOOD_REPORT, files=files)
    assert response.status_code == 303, response.text[:1000]
    with transaction(engine) as session:
        report = session.scalars(select(Report).where(Report.external_id == "ME-77")).one()
        assert response.headers["location"] == f"/workspace/reports/{report.id}"
        assert (report.source.name, report.source.type) == ("Mosul Eye", SourceType.SOCIAL_MEDIA)
        assert report.source.public  # a social-media channel is public by default
        assert report.country == "IQ"  # IRQ normalised by the row model, as in a file import
        assert (report.killed_min, report.killed_max) == (3, 6)
        assert (report.injured_min, report.injured_max) == (None, None)
        assert report.received_at == NOW
        assert report.outcome is Outcome.OPEN
        documents = {d.url: d for d in report.documents}
        assert set(documents) == {"upload:statement.txt", "upload:photo.png"}
        statement, photo = documents["upload:statement.txt"], documents["upload:photo.png"]
        assert statement.sha256 == hashlib.sha256(STATEMENT).hexdigest()
        assert statement.archived_text == STATEMENT.decode("utf-8")
        assert photo.sha256 == hashlib.sha256(PHOTO).hexdigest()
        assert photo.archived_text is None  # not UTF-8: only its hash is kept
    page = ws.get(response.headers["location"]).text
    assert hashlib.sha256(PHOTO).hexdigest() in page and "Old City, Mosul" in page
    # the new allegation now waits in the queue, received just now (age 0)
    queue = html(ws.get("/workspace")).select("table.queue tbody tr")
    assert [row.td.get_text() for row in queue] == ["W-1", "RP-3", "ME-77"]


def test_filing_for_a_known_source_without_documents(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "ana")
    form = GOOD_REPORT | {"source": "Raqqa Post", "new_source": "", "source_type": ""}
    response = post(ws, "/workspace/reports/new", form)
    assert response.status_code == 303
    with transaction(engine) as session:
        report = session.scalars(select(Report).where(Report.external_id == "ME-77")).one()
        assert report.source.name == "Raqqa Post" and report.documents == []


def test_bad_fields_come_back_next_to_the_field_and_nothing_is_written(
    ws: TestClient, engine: Engine
) -> None:
    sign_in(ws, "ana")
    before = ledger_state(engine)
    bad = GOOD_REPORT | {"date_start": "2018-02-30", "killed_min": "6", "killed_max": "3"}
    response = post(
        ws,
        "/workspace/reports/new",
        bad,
        files=[("documents", ("statement.txt", STATEMENT, "text/plain"))],
    )
    assert response.status_code == 422
    page = html(response)
    assert "date" in field_problem(page, "date_start")
    # 2018-02-30 stops the row before its cross-field checks; fixed, the range is refused next:
    fixed = post(ws, "/workspace/reports/new", bad | {"date_start": "2017-08-20"})
    assert fixed.status_code == 422
    refused = html(fixed)
    assert "killed_min (6) is greater than killed_max (3)" in field_problem(refused, "killed_min")
    assert "killed_min (6) is greater than killed_max (3)" in alert(fixed)
    summary_link = refused.select_one(".error-summary a")
    assert summary_link["href"] == "#killed_min"
    # every value comes back as typed, the new source's type chosen
    for name in ("new_source", "external_id", "place", "latitude", "killed_min", "killed_max"):
        assert refused.find(id=name)["value"] == bad[name], name
    assert refused.find(id="summary").get_text() == bad["summary"]
    chosen = refused.find(id="source_type").find("option", selected=True)
    assert chosen["value"] == "social_media"
    # nothing written: not the report, not its new source, not the document
    assert ledger_state(engine) == before


def test_documents_and_report_are_one_submission(ws: TestClient, engine: Engine) -> None:
    """A refused document takes its report down with it, as a file import would.

    The ledger already holds upload:statement.txt with this content's hash but no archived text;
    the same upload now would carry the text, and the loader refuses to overwrite a document."""
    with transaction(engine) as session:
        load(
            session,
            "documents",
            [
                {
                    "report_external_id": "RP-1",
                    "url": "upload:statement.txt",
                    "sha256": hashlib.sha256(STATEMENT).hexdigest(),
                }
            ],
        )
    before = ledger_state(engine)
    sign_in(ws, "ana")
    response = post(
        ws,
        "/workspace/reports/new",
        GOOD_REPORT,
        files=[("documents", ("statement.txt", STATEMENT, "text/plain"))],
    )
    assert response.status_code == 422
    assert "archived_text" in field_problem(html(response), "documents")
    assert ledger_state(engine) == before  # neither ME-77 nor Mosul Eye


def test_filing_needs_a_source(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "ana")
    response = post(ws, "/workspace/reports/new", GOOD_REPORT | {"new_source": ""})
    assert response.status_code == 422
    assert "source" in field_problem(html(response), "source")
    unknown_type = post(ws, "/workspace/reports/new", GOOD_REPORT | {"source_type": ""})
    assert "unknown source 'Mosul Eye'" in field_problem(html(unknown_type), "new_source")


# --- deciding ------------------------------------------------------------------------------------


def test_reviewer_closes_w1_and_the_register_shows_it(ws: TestClient, engine: Engine) -> None:
    (w1,) = _ids(ws, "W-1")
    sign_in(ws, "rev")
    form = {
        "outcome": "not_credible",
        "reason_code": "other_party_responsible",
        "reason": "The street was shelled by another party that day.",
    }
    response = post(ws, f"/workspace/reports/{w1}/assess", form)
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/workspace/reports/{w1}",
    )
    page = html(ws.get(response.headers["location"]))
    assert page.find(attrs={"role": "status"}).get_text() == "The decision is recorded."
    with transaction(engine) as session:
        decision = session.scalars(
            select(Assessment).where(Assessment.report_id == w1).order_by(Assessment.decided_at)
        ).all()[-1]
        assert (decision.outcome, decision.reason_code) == (
            Outcome.NOT_CREDIBLE,
            ReasonCode.OTHER_PARTY_RESPONSIBLE,
        )
        assert (decision.assessor, decision.decided_at) == ("rev", NOW)
        public = entry(session, w1)
    assert public is not None
    assert (public.outcome, public.reason_code) == (
        Outcome.NOT_CREDIBLE,
        ReasonCode.OTHER_PARTY_RESPONSIBLE,
    )
    assert public.reason == form["reason"] and public.decided_at == NOW
    assert public.source == withheld_label(SourceType.INDIVIDUAL)  # the witness stays withheld
    assert [row.td.get_text() for row in html(ws.get("/workspace")).select("tbody tr")] == ["RP-3"]


def test_an_analyst_cannot_close(ws: TestClient, engine: Engine) -> None:
    (w1,) = _ids(ws, "W-1")
    sign_in(ws, "ana")
    page = html(ws.get(f"/workspace/reports/{w1}"))
    assert page.find("form", action=f"/workspace/reports/{w1}/assess") is None
    assert "needs the reviewer or admin role; your role is analyst" in page.get_text()
    before = ledger_state(engine)
    response = post(ws, f"/workspace/reports/{w1}/assess", {"outcome": "credible", "killed": "2"})
    assert response.status_code == 403
    assert "Your role (analyst) may not" in alert(response)
    assert ledger_state(engine) == before


def test_an_analyst_reopens_and_grades(ws: TestClient, engine: Engine) -> None:
    rp2, rp3 = _ids(ws, "RP-2", "RP-3")
    sign_in(ws, "ana")
    response = post(ws, f"/workspace/reports/{rp2}/reopen", {"reason": "New footage of the site"})
    assert response.status_code == 303, response.text[:1000]
    graded = post(
        ws,
        f"/workspace/reports/{rp3}/grade",
        {
            "monitor": "Airwars",
            "grade": "contested",
            "killed_min": "0",
            "killed_max": "2",
            "injured_min": "",
            "injured_max": "",
            "graded_at": "2017-08-20T12:30",
        },
    )
    assert graded.status_code == 303, graded.text[:1000]
    with transaction(engine) as session:
        reopened = session.scalars(
            select(Assessment).where(Assessment.report_id == rp2).order_by(Assessment.decided_at)
        ).all()[-1]
        assert (reopened.outcome, reopened.reason_code) == (Outcome.OPEN, ReasonCode.REOPENED)
        assert (reopened.reason, reopened.assessor) == ("New footage of the site", "ana")
        grading = session.scalars(select(Grading).where(Grading.report_id == rp3)).one()
        assert (grading.monitor.name, grading.grade) == ("Airwars", Grade.CONTESTED)
        assert (grading.killed_min, grading.killed_max) == (0, 2)
        assert grading.graded_at == dt.datetime(2017, 8, 20, 12, 30)
        assert session.get(Report, rp3).grade is Grade.CONTESTED  # type: ignore[union-attr]
    # RP-2 is open again: oldest first it comes before W-1 (received 2017-07-03 08:00, 60 days)
    queue = html(ws.get("/workspace")).select("tbody tr")
    assert [(r.td.get_text(), r.select("td")[6].get_text()) for r in queue] == [
        ("RP-2", "60"),
        ("W-1", "47"),
        ("RP-3", "30"),
    ]


def test_reopening_needs_a_reason(ws: TestClient, engine: Engine) -> None:
    (rp2,) = _ids(ws, "RP-2")
    sign_in(ws, "ana")
    before = ledger_state(engine)
    response = post(ws, f"/workspace/reports/{rp2}/reopen", {"reason": "  "})
    assert response.status_code == 422
    assert "needs a free-text reason" in field_problem(html(response), "reopen-reason")
    assert ledger_state(engine) == before


def test_closing_a_closed_report_is_refused(ws: TestClient, engine: Engine) -> None:
    (rp2,) = _ids(ws, "RP-2")
    sign_in(ws, "rev")
    before = ledger_state(engine)
    response = post(ws, f"/workspace/reports/{rp2}/assess", {"outcome": "credible", "killed": "1"})
    assert response.status_code == 422
    message = "the report is already assessed 'not_credible'; reopen it"
    assert message in alert(response)
    page = html(response)
    assert message in page.find(id="assess-outcome-error").get_text()
    assert page.find(id="assess-killed")["value"] == "1"  # the form keeps what was typed
    assert ledger_state(engine) == before


def test_a_refused_decision_names_its_field(ws: TestClient, engine: Engine) -> None:
    (rp3,) = _ids(ws, "RP-3")
    sign_in(ws, "adm")
    before = ledger_state(engine)
    credible = post(ws, f"/workspace/reports/{rp3}/assess", {"outcome": "credible"})
    assert credible.status_code == 422
    assert "states the civilians killed" in field_problem(html(credible), "assess-killed")
    reason = post(
        ws,
        f"/workspace/reports/{rp3}/assess",
        {"outcome": "not_credible", "reason_code": "credible"},
    )
    assert "does not fit outcome 'not_credible'" in field_problem(
        html(reason), "assess-reason_code"
    )
    typed = post(ws, f"/workspace/reports/{rp3}/assess", {"outcome": "credible", "killed": "two"})
    assert "whole number" in field_problem(html(typed), "assess-killed")
    assert ledger_state(engine) == before


def test_the_reason_codes_offered_are_those_of_each_outcome(ws: TestClient) -> None:
    (rp3,) = _ids(ws, "RP-3")
    sign_in(ws, "rev")
    select_ = html(ws.get(f"/workspace/reports/{rp3}")).find(id="assess-reason_code")
    offered = {
        group["data-outcome"]: [option["value"] for option in group.find_all("option")]
        for group in select_.find_all("optgroup")
    }
    assert offered == {
        "credible": ["credible"],
        "not_credible": [
            "insufficient_evidence",
            "no_civilians_harmed",
            "no_strikes_in_area",
            "other",
            "other_party_responsible",
        ],
        "duplicate": ["duplicate"],
    }


def test_marking_a_duplicate_with_the_chooser(ws: TestClient, engine: Engine) -> None:
    """RP-3 (Syria, 2017-08-01) is offered the Syrian reports within 31 days: RP-2 (2017-07-02)
    only; RP-1 and AI-1 (2017-06-10) are 52 days before, W-1 is in Iraq."""
    rp2, rp3 = _ids(ws, "RP-2", "RP-3")
    sign_in(ws, "rev")
    chooser = html(ws.get(f"/workspace/reports/{rp3}")).find(id="assess-duplicate_of")
    assert [o["value"] for o in chooser.find_all("option")] == ["", str(rp2)]
    response = post(
        ws, f"/workspace/reports/{rp3}/assess", {"outcome": "duplicate", "duplicate_of": str(rp2)}
    )
    assert response.status_code == 303, response.text[:1000]
    with transaction(engine) as session:
        report = session.get(Report, rp3)
        assert report is not None and report.outcome is Outcome.DUPLICATE
        assert report.assessments[-1].duplicate_of_id == rp2


def test_the_report_page_shows_restricted_details(ws: TestClient) -> None:
    rp1, w1 = _ids(ws, "RP-1", "W-1")
    sign_in(ws, "ana")
    rp1_page = html(ws.get(f"/workspace/reports/{rp1}"))
    assert [row.td.get_text() for row in rp1_page.select("table.victims tbody tr")] == VICTIM_NAMES
    history = [
        [cell.get_text() for cell in row.find_all("td")]
        for row in rp1_page.select("table.gradings tbody tr")
    ]
    assert history == [["2017-06-30 00:00", "Airwars", "fair", "5–8", "—"]]
    w1_page = html(ws.get(f"/workspace/reports/{w1}"))
    assert WITNESS in w1_page.h1.get_text()
    outcomes = [row.select("td")[1].get_text() for row in w1_page.select("table.history tbody tr")]
    assert outcomes == ["not_credible", "open"]
    assert ws.get("/workspace/reports/999").status_code == 404


# --- users ---------------------------------------------------------------------------------------


def test_admin_adds_a_user_and_issues_a_token(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "adm")
    response = post(
        ws, "/workspace/users", {"name": "nadia", "role": "reviewer", "password": "long enough pw"}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/workspace/users")
    page = ws.get("/workspace/users")
    assert page.headers["cache-control"] == "no-store"
    listed = [
        [td.get_text() for td in row.find_all("td")[:2]] for row in html(page).select("tbody tr")
    ]
    assert listed == [
        ["adm", "admin"],
        ["ana", "analyst"],
        ["nadia", "reviewer"],
        ["rev", "reviewer"],
    ]
    with transaction(engine) as session:
        nadia = authenticate(session, "nadia", "long enough pw")
        assert nadia is not None and nadia.role.value == "reviewer"
        hashes = session.scalars(select(User.password_hash)).all()
        nadia_id = nadia.id
    assert not any(stored in page.text for stored in hashes)
    # the new user can sign in
    other = TestClient(ws.app)
    signed = other.post(
        "/login",
        data={"name": "nadia", "password": "long enough pw", "csrf_token": csrf(other)},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert "Signed in as nadia (reviewer)" in html(other.get("/workspace")).get_text()
    issued = post(ws, f"/workspace/users/{nadia_id}/token", {})
    assert issued.status_code == 200
    token = html(issued).find(id="new-token")["value"]
    with transaction(engine) as session:
        holder = user_for_token(session, token)
        assert holder is not None and holder.name == "nadia"
    assert token not in ws.get("/workspace/users").text  # shown once


def test_adding_a_user_is_refused_with_the_reason(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "adm")
    before = ledger_state(engine)
    taken = post(ws, "/workspace/users", {"name": "ana", "role": "admin", "password": PASSWORD})
    assert taken.status_code == 422
    assert "user 'ana' already exists" in field_problem(html(taken), "user-name")
    short = post(ws, "/workspace/users", {"name": "omar", "role": "analyst", "password": "short"})
    assert short.status_code == 422
    page = html(short)
    assert "at least 10 characters" in field_problem(page, "user-password")
    assert page.find(id="user-name")["value"] == "omar"
    assert not page.find(id="user-password").get("value")  # a password is never sent back
    assert ledger_state(engine) == before


@pytest.mark.parametrize("name", ["ana", "rev"])
def test_only_admins_manage_users(ws: TestClient, engine: Engine, name: str) -> None:
    sign_in(ws, name)
    response = ws.get("/workspace/users")
    assert response.status_code == 403
    assert "may not do this: Create users and issue their API tokens" in alert(response)
    before = ledger_state(engine)
    added = post(ws, "/workspace/users", {"name": "x" * 5, "role": "admin", "password": "x" * 12})
    assert added.status_code == 403
    with transaction(engine) as session:
        own = session.scalars(select(User.id).where(User.name == name)).one()
    assert post(ws, f"/workspace/users/{own}/token", {}).status_code == 403
    assert ledger_state(engine) == before
    nav = html(ws.get("/workspace")).select(".workspace-nav a")
    assert "/workspace/users" not in [a["href"] for a in nav]


# --- every page ----------------------------------------------------------------------------------


def pages_to_check(client: TestClient) -> list[Any]:
    """Every workspace page, signed in as the admin, and the forms shown with problems."""
    rp1, rp2, w1 = _ids(client, "RP-1", "RP-2", "W-1")
    sign_in(client, "adm")
    shown = [
        client.get(path)
        for path in (
            "/workspace",
            "/workspace/reports/new",
            f"/workspace/reports/{rp1}",
            f"/workspace/reports/{rp2}",
            f"/workspace/reports/{w1}",
            "/workspace/users",
        )
    ]
    shown.append(post(client, "/workspace/reports/new", GOOD_REPORT | {"killed_max": "1"}))
    shown.append(post(client, f"/workspace/reports/{rp2}/assess", {"outcome": "credible"}))
    shown.append(post(client, f"/workspace/reports/{rp2}/reopen", {"reason": ""}))
    shown.append(post(client, f"/workspace/reports/{rp2}/grade", {"grade": "awful"}))
    shown.append(post(client, "/workspace/users", {"name": "", "password": ""}))
    ana = html(shown[-1]).select("form.inline-form")[1]["action"]
    shown.append(post(client, ana, {}))
    anonymous = TestClient(client.app)
    shown.append(anonymous.get("/login"))
    shown.append(anonymous.post("/login", data={"name": "x", "csrf_token": csrf(anonymous)}))
    return shown


def test_no_page_has_inline_styles_scripts_or_handlers(ws: TestClient) -> None:
    """The CSP forbids them: they would silently not work."""
    for response in pages_to_check(ws):
        page = html(response)
        for tag in page.find_all(True):
            bad = [a for a in tag.attrs if a == "style" or a.lower().startswith("on")]
            assert not bad, (response.url, tag.name, bad)
            if tag.name == "script":
                assert tag.get("src") and not tag.get_text().strip(), response.url
        assert " style=" not in response.text and " onclick=" not in response.text


def test_every_page_is_labelled_and_its_headings_in_order(ws: TestClient) -> None:
    """One h1, no heading level skipped, a label for every field, a legend for every fieldset,
    problems announced (role=alert) when a form comes back."""
    for response in pages_to_check(ws):
        page = html(response)
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1 and levels[0] == 1, (response.url, levels)
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        for field in page.find_all(["input", "select", "textarea"]):
            if field.get("type") in ("hidden", "submit"):
                continue
            assert field.get("id"), (response.url, field)
            assert page.find("label", attrs={"for": field["id"]}), (response.url, field["id"])
        for fieldset in page.find_all("fieldset"):
            assert fieldset.find("legend"), response.url
        ids = [tag["id"] for tag in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), (response.url, sorted(ids))
        for field in page.find_all(attrs={"aria-describedby": True}):
            for described in field["aria-describedby"].split():
                assert page.find(id=described), (response.url, described)
        if response.status_code >= 400:
            assert page.find(attrs={"role": "alert"}), response.url


def test_workspace_pages_link_their_own_assets(ws: TestClient) -> None:
    sign_in(ws, "ana")
    page = html(ws.get("/workspace"))
    assert page.find("link", href="/static/workspace.css")
    assert page.find("script", src="/static/workspace.js")
    for asset in ("/static/workspace.css", "/static/workspace.js"):
        assert ws.get(asset).status_code == 200


def test_source_names_are_kept_as_stored(ws: TestClient, engine: Engine) -> None:
    sign_in(ws, "ana")
    options = html(ws.get("/workspace/reports/new")).find(id="source").find_all("option")
    with transaction(engine) as session:
        names = session.scalars(select(Source.name).order_by(Source.name)).all()
    assert [o["value"] for o in options] == ["", *names]
    assert any(WITNESS in o.get_text() and "not public" in o.get_text() for o in options)


def test_documents_listed_with_their_hash(ws: TestClient, engine: Engine) -> None:
    (rp1,) = _ids(ws, "RP-1")
    with transaction(engine) as session:
        stored = session.scalars(select(Document.sha256)).one()
    sign_in(ws, "ana")
    assert stored in html(ws.get(f"/workspace/reports/{rp1}")).select_one("td.hash").get_text()
