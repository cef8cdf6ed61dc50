"""The coalition's strike log: exactly the planned number of strikes per month, where the war was.

Each row is one strike (the unit of the published "N strikes since August 2014" totals); its
engagements are the individual weapon releases on targets there.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from civcas import months
from civcas.demo.places import active
from civcas.demo.plan import MonthPlan
from civcas.demo.simulate import EARLIEST

BELLIGERENT = "Coalition"
TARGETS = (
    "ISIS tactical unit",
    "ISIS fighting position",
    "ISIS vehicle",
    "ISIS vehicle-borne IED",
    "ISIS headquarters",
    "ISIS weapons cache",
    "ISIS sniper position",
    "ISIS mortar system",
    "ISIS oil collection point",
    "ISIS staging area",
    "ISIS supply route",
    "ISIS command-and-control node",
)


def _strike(rng: random.Random, period: str, place: Any) -> dict[str, Any]:
    first = max(months.first_day(period), EARLIEST[place.country])
    day = first + dt.timedelta(days=rng.randint(0, (months.last_day(period) - first).days))
    time = None if rng.random() < 0.15 else dt.time(rng.randint(0, 23), rng.choice((0, 15, 30, 45)))
    return {
        "belligerent": BELLIGERENT,
        "external_id": "",
        "date": day,
        "time": time,
        "place": place.name,
        "country": place.country,
        "latitude": round(place.latitude + rng.uniform(-0.06, 0.06), 4),
        "longitude": round(place.longitude + rng.uniform(-0.06, 0.06), 4),
        "target": rng.choice(TARGETS),
        "engagements": rng.choices(range(1, 9), (30, 25, 15, 10, 8, 6, 4, 2))[0],
        "simulated": True,
    }


def strike_rows(rng: random.Random, plans: list[MonthPlan]) -> list[dict[str, Any]]:
    """Every strike, in date order, numbered per year like a strike log."""
    rows: list[dict[str, Any]] = []
    for plan in plans:
        places = active(plan.period)
        picked = rng.choices([p for p, _ in places], [w for _, w in places], k=plan.strikes)
        rows.extend(_strike(rng, plan.period, place) for place in picked)
    rows.sort(key=lambda row: (row["date"], row["time"] or dt.time(), row["place"]))
    serials: dict[int, int] = {}
    for row in rows:
        year = row["date"].year
        serials[year] = serials.get(year, 0) + 1
        row["external_id"] = f"OIR-{year}-{serials[year]:05d}"
    return rows
