"""Airwars' grades: one graded report per event, calibrated to the published 'likely deaths'.

Airwars grades an incident, not each report of it, so only an event's first report is graded and
its sums never double-count. Events the coalition later finds credible move from fair (or
contested) to confirmed. Each event keeps one range across its grades, so the likely-deaths sum at
any date is the sum over events graded confirmed/fair by then — which lets `calibrate` rescale the
ranges to land exactly on the figures stated for a cutoff (6,488–9,947 at the end of June 2018).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from civcas import months
from civcas.demo.plan import AIRWARS_LIKELY, apportion
from civcas.demo.simulate import Event
from civcas.demo.sources import MONITOR
from civcas.vocab import Grade, Outcome

OTHER_GRADES = {Grade.FAIR: 42, Grade.WEAK: 33, Grade.CONTESTED: 12, Grade.DISCOUNTED: 13}
Range = tuple[int, int]


def _history(rng: random.Random, event: Event) -> list[tuple[Grade, dt.datetime]]:
    """The event's grades over time: first within weeks of the first report."""
    first = event.reports[0].received_at + dt.timedelta(minutes=rng.randint(2 * 1440, 40 * 1440))
    if not event.credible:
        grade = rng.choices(list(OTHER_GRADES), list(OTHER_GRADES.values()))[0]
        return [(grade, first)]
    found = min(
        d.decided_at for r in event.reports for d in r.decisions if d.outcome is Outcome.CREDIBLE
    )
    confirmed = max(found + dt.timedelta(minutes=rng.randint(1440, 20 * 1440)), first)
    initial = Grade.FAIR if rng.random() < 0.85 else Grade.CONTESTED
    return [(initial, min(first, confirmed - dt.timedelta(days=1))), (Grade.CONFIRMED, confirmed)]


def _likely_at(history: list[tuple[Grade, dt.datetime]], moment: dt.datetime) -> bool:
    before = [grade for grade, at in history if at < moment]
    return bool(before) and before[-1].likely


def _repair(lows: list[int], highs: list[int]) -> None:
    """Make every high ≥ its low without changing the sum of highs."""
    deficit = 0
    for i, (low, high) in enumerate(zip(lows, highs, strict=True)):
        if high < low:
            deficit, highs[i] = deficit + low - high, low
    for i in sorted(range(len(highs)), key=lambda i: lows[i] - highs[i]):
        take = min(deficit, highs[i] - lows[i])
        highs[i], deficit = highs[i] - take, deficit - take
    if deficit:
        raise ValueError("cannot calibrate: the target range is too narrow")


def calibrate(ranges: dict[Event, Range], likely: list[Event], target: Range) -> None:
    """Rescale all ranges so the `likely` events' sums equal `target` exactly (in place)."""
    factor_low = target[0] / max(1, sum(ranges[e][0] for e in likely))
    factor_high = target[1] / max(1, sum(ranges[e][1] for e in likely))
    for event, (low, high) in ranges.items():
        scaled = round(low * factor_low)
        ranges[event] = (scaled, max(scaled, round(high * factor_high)))
    lows = apportion(target[0], [float(ranges[e][0]) for e in likely])
    highs = apportion(target[1], [float(ranges[e][1]) for e in likely])
    _repair(lows, highs)
    for event, low, high in zip(likely, lows, highs, strict=True):
        ranges[event] = (low, high)


def grading_rows(rng: random.Random, events: list[Event], tolls: dict[Event, int]):
    """Airwars' gradings of every event's first report, calibrated at the stated cutoffs."""
    histories = {event: _history(rng, event) for event in events}
    ranges: dict[Event, Range] = {}
    for event in events:
        low = round(tolls[event] * rng.uniform(0.8, 1.0))
        ranges[event] = (low, max(low, round(tolls[event] * rng.uniform(1.25, 1.9))))
    for period, target in AIRWARS_LIKELY.items():
        cutoff = months.end(period)
        calibrate(ranges, [e for e in events if _likely_at(histories[e], cutoff)], target)
    rows: list[dict[str, Any]] = []
    for event in events:
        first = event.reports[0]
        injured = round(tolls[event] * rng.uniform(0.3, 1.2))
        for grade, graded_at in histories[event]:
            rows.append(
                {
                    "report_source": first.source.name,
                    "report_external_id": first.external_id,
                    "monitor": MONITOR,
                    "grade": grade.value,
                    "killed_min": ranges[event][0],
                    "killed_max": ranges[event][1],
                    "injured_min": injured,
                    "injured_max": injured + rng.randint(0, 5),
                    "graded_at": graded_at,
                }
            )
    return rows
