"""Pure checks of build_demo's rows: determinism and every rule the ledger enforces."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from demo_reference import DEMO_MONITOR

from civcas.demo import DemoData, build_demo
from civcas.demo.content import TIMES
from civcas.demo.plan import build_plan
from civcas.demo.simulate import Backlog
from civcas.vocab import DatePrecision, Outcome, ReasonCode

BOUNDS = {"IQ": (29.0, 38.7, 37.4, 48.8), "SY": (32.3, 35.7, 37.4, 42.4)}
NOT_CREDIBLE = {
    "no_strikes_in_area",
    "insufficient_evidence",
    "other_party_responsible",
    "no_civilians_harmed",
    "other",
}


def test_deterministic(demo: DemoData) -> None:
    assert build_demo(2018) == demo
    other = build_demo(7)
    assert other.reports != demo.reports
    assert other.assessments != demo.assessments


def test_sources(demo: DemoData) -> None:
    names = [s["name"] for s in demo.sources]
    assert len(set(names)) == len(names)
    assert [s["type"] for s in demo.sources if s["name"] == DEMO_MONITOR] == ["monitor"]
    # Invented, and saying so: every source is marked simulated, no address is a real site's,
    # and every name of a real body (the monitor, the coalition, governments, partner forces,
    # councils) carries "(simulated)".
    assert all(s["simulated"] is True for s in demo.sources)
    assert all(s["simulated"] is True for s in demo.strikes)
    hosts = [urlsplit(s["url"]).hostname or "" for s in demo.sources if s["url"]]
    assert hosts and all(re.search(r"(^|\.)example\.[a-z]+$", host) for host in hosts), hosts
    real_bodies = ("Airwars", "CJTF-OIR", "Syrian Democratic Forces", "Iraqi Security Forces",
                   "Ministry of Foreign Affairs", "Provincial Council")  # fmt: skip
    named = [s["name"] for s in demo.sources if any(body in s["name"] for body in real_bodies)]
    assert len(named) == len(real_bodies), named
    assert all(name.endswith("(simulated)") for name in named), named
    assert {s["type"] for s in demo.sources} >= {
        "monitor",
        "ngo",
        "media",
        "social_media",
        "partner_force",
        "individual",
        "official",
    }
    assert all(not s["public"] for s in demo.sources if s["type"] == "individual")


def inside(country: str, latitude: float, longitude: float) -> bool:
    south, west, north, east = BOUNDS[country]
    return south <= latitude <= north and west <= longitude <= east


def test_reports(demo: DemoData) -> None:
    keys = [(r["source"], r["external_id"]) for r in demo.reports]
    assert len(set(keys)) == len(keys)
    for r in demo.reports:
        span = r["date_end"] - r["date_start"]
        assert dt.timedelta(0) <= span <= DatePrecision(r["date_precision"]).max_span, r
        assert r["received_at"].date() >= r["date_start"], r
        assert r["country"] in BOUNDS and r["perpetrator"] == "Coalition"
        assert (r["latitude"] is None) == (r["longitude"] is None)
        if r["latitude"] is not None:
            assert inside(r["country"], r["latitude"], r["longitude"]), r
        for prefix in ("killed", "injured", "children_killed", "women_killed"):
            low, high = r[f"{prefix}_min"], r[f"{prefix}_max"]
            assert (low is None) == (high is None)
            assert low is None or 0 <= low <= high
        named = (r["children_killed_min"] or 0) + (r["women_killed_min"] or 0)
        assert r["killed_max"] is None or named <= r["killed_max"]


def test_strikes(demo: DemoData) -> None:
    assert len(demo.strikes) == 34763
    assert len({s["external_id"] for s in demo.strikes}) == len(demo.strikes)
    assert min(s["date"] for s in demo.strikes).strftime("%Y-%m") == "2014-08"
    for s in demo.strikes:
        assert s["engagements"] >= 1 and s["belligerent"] == "Coalition"
        assert inside(s["country"], s["latitude"], s["longitude"]), s


def histories(demo: DemoData) -> dict[tuple[str, str], list[dict]]:
    result: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for a in demo.assessments:
        result[(a["report_source"], a["report_external_id"])].append(a)
    return result


def test_assessments_follow_the_rules(demo: DemoData) -> None:
    received = {(r["source"], r["external_id"]): r["received_at"] for r in demo.reports}
    now = dt.datetime.now()
    for key, decisions in histories(demo).items():
        times = [a["decided_at"] for a in decisions]
        assert times == sorted(set(times)) and times[0] > received[key] and times[-1] < now
        state = "open"
        for a in decisions:
            outcome, code = a["outcome"], a["reason_code"]
            if outcome == "open":
                assert state != "open" and code == "reopened" and a["reason"]
            elif state == "credible" and outcome == "credible":
                assert a["killed"] is not None  # a revision
            else:
                assert state == "open", (key, state, outcome)
            assert (outcome == "credible") == (code == "credible")
            assert outcome != "not_credible" or code in NOT_CREDIBLE
            assert code != "other" or a["reason"]
            assert (a["killed"] is not None) == (outcome == "credible")
            assert a["injured"] is None or outcome == "credible"
            assert (a["duplicate_of_external_id"] is not None) == (outcome == "duplicate")
            if outcome == "duplicate":
                original = (a["duplicate_of_source"], a["duplicate_of_external_id"])
                assert original != key and received[original] < received[key]
            state = outcome
    assert {ReasonCode(a["reason_code"]) for a in demo.assessments} == set(ReasonCode)


def test_no_two_reports_of_one_incident_are_credible() -> None:
    backlog = Backlog(random.Random(2018))
    backlog.run(build_plan())
    for event in backlog.events:
        found = [
            r for r in event.reports if any(d.outcome is Outcome.CREDIBLE for d in r.decisions)
        ]
        assert len(found) <= 1
        assert all(r.received_at > event.reports[0].received_at for r in event.reports[1:])


def test_duplicates_point_at_originals_never_both_credible(demo: DemoData) -> None:
    ever_credible = {
        k for k, ds in histories(demo).items() if any(a["outcome"] == "credible" for a in ds)
    }
    for a in demo.assessments:
        if a["outcome"] == "duplicate":
            original = (a["duplicate_of_source"], a["duplicate_of_external_id"])
            assert not (
                original in ever_credible
                and (a["report_source"], a["report_external_id"]) in ever_credible
            )


def test_gradings_documents_victims(demo: DemoData) -> None:
    reports = {(r["source"], r["external_id"]): r for r in demo.reports}
    duplicates = {
        (a["report_source"], a["report_external_id"])
        for a in demo.assessments
        if a["outcome"] == "duplicate"
    }
    graded: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    for g in demo.gradings:
        key = (g["report_source"], g["report_external_id"])
        assert key in reports and key not in duplicates and g["monitor"] == DEMO_MONITOR
        assert 0 <= g["killed_min"] <= g["killed_max"]
        graded[key].append(g["graded_at"])
    assert all(len(set(times)) == len(times) for times in graded.values())
    for d in demo.documents:
        assert (d["report_source"], d["report_external_id"]) in reports
        assert d["sha256"] == hashlib.sha256(d["archived_text"].encode("utf-8")).hexdigest()
        assert d["language"] in ("en", "ar") and d["url"].startswith("https://")
    cited = {
        (d["sha256"], d["url"], d["report_source"], d["report_external_id"]) for d in demo.documents
    }
    assert len(cited) == len(demo.documents)
    per_report = Counter((v["report_source"], v["report_external_id"]) for v in demo.victims)
    for key, count in per_report.items():
        report = reports[key]
        assert count <= report["killed_max"] + (report["injured_max"] or 0)
    assert len(
        {(v["report_source"], v["report_external_id"], v["external_id"]) for v in demo.victims}
    ) == len(demo.victims)
    assert any(any("\u0600" <= c <= "\u06ff" for c in v["name"] or "") for v in demo.victims)


def test_the_truth_behind_linking(demo: DemoData) -> None:
    """Every report is in exactly one event; a person is named by reports of one event, with the
    same sex; reports of one event that name a quarter name the same quarter."""
    reports = {(r["source"], r["external_id"]): r for r in demo.reports}
    event_of = {key: n for n, event in enumerate(demo.events) for key in event}
    assert sorted(event_of) == sorted(reports)
    assert any(len(event) > 1 for event in demo.events)
    victims = {
        (v["report_source"], v["report_external_id"], v["external_id"]): v for v in demo.victims
    }
    assert demo.persons
    for person in demo.persons:
        rows = [victims[key] for key in person]
        assert len({event_of[key[:2]] for key in person}) == 1
        assert len({row["sex"] for row in rows}) == 1 and all(row["name"] for row in rows)
    for event in demo.events:
        quarters = {
            reports[key]["place"].split(", ")[0]
            for key in event
            if reports[key]["location_precision"] == "neighbourhood"
            and not reports[key]["place"].startswith("outskirts")
        }
        assert len(quarters) <= 1, event
    citing: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for d in demo.documents:
        citing[d["sha256"], d["url"]].add((d["report_source"], d["report_external_id"]))
    assert all(len({event_of[key] for key in keys}) == 1 for keys in citing.values())
    shared = Counter(len(keys) for keys in citing.values())
    assert shared[2] > 50  # later reports cite evidence an earlier one archived


def test_reports_of_one_event_tell_one_story(demo: DemoData) -> None:
    """The details a summary gives (what was hit, near what, where in town, when) never
    contradict another report of the same event."""
    reports = {(r["source"], r["external_id"]): r for r in demo.reports}
    times = "|".join(map(re.escape, TIMES))
    pattern = re.compile(
        r"The strike (?:hit (?P<target>.+?)|was)(?: near the (?P<landmark>.+?))?"
        rf"(?: in (?!the )(?P<quarter>[^.]+?))?(?: (?P<time>{times}))?\.$"
    )
    told = 0
    for event in demo.events:
        seen: dict[str, set[str]] = defaultdict(set)
        for key in event:
            found = pattern.search(reports[key]["summary"])
            for part, value in (found.groupdict() if found else {}).items():
                if value:
                    seen[part].add(value)
                    told += 1
        assert all(len(values) == 1 for values in seen.values()), (event, seen)
    assert told > len(demo.reports)
