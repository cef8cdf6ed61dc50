"""What the demo tests expect, and a reference statement counted straight from rows.

The reference implements the published definitions independently of civcas, so calibration can be
checked without a database, and the database-backed statement can be checked against it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from civcas.demo import DemoData

# Figures the demo must reproduce wherever the CSV states them.
EXACT = (
    "strikes_total",
    "killed_cumulative",
    "completed",
    "credible",
    "credible_killed",
    "non_credible",
    "duplicate",
    "still_open",
    "reopened",
)
SEED_2018_06 = {
    "strikes_total": 29826,
    "strikes_from": "2014-08",
    "strikes_to": "2018-06",
    "killed_cumulative": 1059,
    "carried_over": 314,
    "received": 45,
    "completed": 125,
    "credible": 16,
    "credible_killed": 105,
    "non_credible": 106,
    "duplicate": 3,
    "still_open": 234,
    "reopened": 0,
}
AIRWARS_2018_06 = (6488, 9947)
DEMO_MONITOR = "Airwars (simulated)"
"""The demo's monitor: it grades on Airwars' scale, calibrated to Airwars' published range, and
its name says it is not Airwars."""
# Rows whose carried-over contradicts the previous month's still-open (see the data README);
# the demo keeps still-open, so carried-over (and hence the stated received) cannot match.
CARRIED_OVER_CONTRADICTS = {"2017-09", "2018-04"}
# 2016-11: 3 carried + 16 received − 18 completed ≠ 5 still open; the row is inconsistent.
INCONSISTENT_ROWS = {"2016-11"}


def month_bounds(period: str) -> tuple[dt.datetime, dt.datetime]:
    year, month = map(int, period.split("-"))
    start = dt.datetime(year, month, 1)
    return start, dt.datetime(year + month // 12, month % 12 + 1, 1)


def reference_statement(data: DemoData) -> Callable[[str], dict[str, Any]]:
    """The statement's definitions, applied directly to rows (no civcas code involved)."""
    received = {(r["source"], r["external_id"]): r["received_at"] for r in data.reports}
    history: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for a in sorted(data.assessments, key=lambda a: a["decided_at"]):
        history[(a["report_source"], a["report_external_id"])].append(a)
    strike_days = sorted(s["date"] for s in data.strikes)

    def latest(key: tuple[str, str], moment: dt.datetime) -> dict[str, Any] | None:
        before = [a for a in history.get(key, []) if a["decided_at"] < moment]
        return before[-1] if before else None

    def is_open(key: tuple[str, str], moment: dt.datetime) -> bool:
        last = latest(key, moment)
        return received[key] < moment and (last is None or last["outcome"] == "open")

    def statement(period: str) -> dict[str, Any]:
        start, end = month_bounds(period)
        counts: dict[str, int] = defaultdict(int)
        for decisions in history.values():
            previous = None
            for a in decisions:
                if start <= a["decided_at"] < end:
                    revision = (
                        previous is not None and previous["outcome"] == a["outcome"] == "credible"
                    )
                    if revision:
                        counts["revisions"] += 1
                    elif a["outcome"] == "open":
                        counts["reopened"] += 1
                    else:
                        key = "non_credible" if a["outcome"] == "not_credible" else a["outcome"]
                        counts[key] += 1
                        counts["completed"] += 1
                        counts["credible_killed"] += a["killed"] or 0
                previous = a
        cumulative = 0
        for key in history:
            last = latest(key, end)
            if last is not None and last["outcome"] == "credible":
                cumulative += last["killed"]
        graded: dict[tuple[str, str, str], dict[str, Any]] = {}
        for g in sorted(data.gradings, key=lambda g: g["graded_at"]):
            if g["graded_at"] < end:
                graded[(g["monitor"], g["report_source"], g["report_external_id"])] = g
        monitors: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (monitor, *_), g in graded.items():
            if g["grade"] in ("confirmed", "fair"):
                monitors[monitor][0] += g["killed_min"]
                monitors[monitor][1] += g["killed_max"]
        return {
            **{k: counts[k] for k in ("reopened", "completed", "credible", "credible_killed")},
            **{k: counts[k] for k in ("non_credible", "duplicate", "revisions")},
            "period": period,
            "strikes_total": sum(1 for day in strike_days if day < end.date()),
            "strikes_from": f"{strike_days[0]:%Y-%m}",
            "strikes_to": period,
            "killed_cumulative": cumulative,
            "received": sum(1 for t in received.values() if start <= t < end),
            "carried_over": sum(1 for key in received if is_open(key, start)),
            "still_open": sum(1 for key in received if is_open(key, end)),
            "monitors": [
                {"name": n, "killed_min": v[0], "killed_max": v[1]}
                for n, v in sorted(monitors.items())
            ],
        }

    return statement


def figure_mismatches(
    statements: dict[str, dict[str, Any]], stated: dict[str, dict[str, int]]
) -> list[str]:
    """Every stated CSV figure the statements fail to reproduce, as readable lines."""
    problems = []
    for period, figures in stated.items():
        got = statements[period]
        for key in EXACT:
            if key in figures and got[key] != figures[key]:
                problems.append(f"{period} {key}: CSV {figures[key]}, demo {got[key]}")
        carried = figures.get("carried_over", got["carried_over"])
        if carried != got["carried_over"] and period not in CARRIED_OVER_CONTRADICTS:
            problems.append(f"{period} carried_over: CSV {carried}, demo {got['carried_over']}")
        # Official 'received' sometimes counts the month's reopenings inside it.
        received = figures.get("received", got["received"])
        excused = period in CARRIED_OVER_CONTRADICTS | INCONSISTENT_ROWS
        if received not in (got["received"], got["received"] + got["reopened"]) and not excused:
            problems.append(f"{period} received: CSV {received}, demo {got['received']}")
    return problems
