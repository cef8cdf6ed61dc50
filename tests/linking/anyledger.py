"""Ledgers the importers can produce that the demo is not: a research data set alone, monitors'
copies of some of its events, and lists of the named dead from anywhere in the world.

`ged_events` is what `civcas import ucdp-ged` writes for a country at war: one source, distinct
event ids, and (as GED records an air raid on a town as several events) two events a day in one
town with the same count, which a model that compared a source with itself would offer people
as duplicates. Places are the gazetteer's, or none. `victim_lists` are people of Yemen, whose
places the Iraq/Syria gazetteer does not know (or no place), each list's own spellings.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ledgers import Rows

from civcas.gazetteer import PLACES

GED = "UCDP GED"
TOWNS = [variants[0] for _, variants in PLACES if variants[0] not in ("Iraq", "Syria")]
TEMPLATE = (
    "One-sided violence (Government of Syria - Civilians): UCDP's best estimate is {0} deaths "
    "(low {0}, high {0}), all of them civilians."
)


def ged_events(count: int = 400) -> list[dict[str, Any]]:
    """`count` distinct events, two a day: both in one town (one day in 12 in no known place),
    with the same death toll, a few hundred metres apart."""
    events = []
    for number in range(count):
        day = number // 2
        town = None if day % 12 == 11 else TOWNS[day % len(TOWNS)]
        place = TOWNS.index(town) if town else 0
        killed = 1 + day % 4
        events.append(
            {
                "external_id": str(214797 + number),
                "source": GED,
                "date_start": (dt.date(2016, 1, 1) + dt.timedelta(days=day)).isoformat(),
                "country": "SY",
                "place": town,
                "latitude": 35 + place % 6 * 0.3 + number % 2 * 0.003 if town else None,
                "longitude": 37 + place // 6 * 0.3 if town else None,
                "location_precision": "exact" if town else None,
                "perpetrator": "Government of Syria",
                "killed_min": killed,
                "killed_max": killed,
                "summary": TEMPLATE.format(killed),
                "received_at": "2019-06-01T00:00",
            }
        )
    return events


def data_set(count: int = 400) -> Rows:
    """The data set alone: no victims, no documents, no strikes."""
    return {"sources": [{"name": GED, "type": "monitor"}], "reports": ged_events(count)}


def copied(every: int = 20, count: int = 400) -> tuple[Rows, list[str]]:
    """The data set and a monitor's report of every `every`-th event (its own words, no
    perpetrator), with the external ids of the events copied."""
    events = ged_events(count)
    originals = events[::every]
    copies = [
        event
        | {"external_id": f"AW-{n}", "source": "Airwars", "summary": None, "perpetrator": None}
        for n, event in enumerate(originals)
    ]
    rows = {
        "sources": [{"name": GED, "type": "monitor"}, {"name": "Airwars", "type": "monitor"}],
        "reports": events + copies,
    }
    return rows, [event["external_id"] for event in originals]


GIVEN = "Mohammed Ahmed Ali Hassan Hussein Abdullah Khaled Saleh Yahya Abdulrahman Fatima Amal"
GIVEN += " Huda Mariam Zainab Nabil Fuad Taha Adel Sami"
FAMILY = "al-Hamdani al-Ansi al-Maqtari al-Sharabi al-Wazir al-Eryani Saif Qassem Nasser"
FAMILY += " al-Hakimi Mansour Zaid"
YEMEN = ["Sanaa", "Hodeidah", "Saada", "Taiz", "Dhamar", None]
RESPELLED = {
    "Mohammed": "Muhammad",
    "Ahmed": "Ahmad",
    "Abdullah": "Abd Allah",
    "al-Hamdani": "Al Hamdani",
    "Khaled": "Khalid",
    "Hussein": "Husayn",
    "Abdulrahman": "Abd al-Rahman",
    "Saleh": "Salih",
    "Qassem": "Qasim",
}


def victim_lists(
    people: int = 60, strikes: int = 12, every: int = 5, second: bool = True
) -> tuple[Rows, list[tuple[str, str]]]:
    """A list of `people` dead in `strikes` strikes in Yemen; with `second`, another list naming
    every `every`-th of them again in its own spelling (else the first list names one of them
    twice). Returns the rows and the (external id, external id) pairs of one person."""
    rng = random.Random(3)
    reports = [
        {
            "external_id": f"M-{n}",
            "source": "Mwatana",
            "date_start": dt.date(2018, 1 + n % 9, 10 + n).isoformat(),
            "country": "YE",
            "place": YEMEN[n % len(YEMEN)],
            "received_at": "2019-01-01T00:00",
        }
        for n in range(strikes)
    ]
    named = [
        {
            "report_source": "Mwatana",
            "report_external_id": f"M-{n % strikes}",
            "external_id": f"MV{n}",
            "name": " ".join([*rng.sample(GIVEN.split(), 2), rng.choice(FAMILY.split())]),
            "sex": rng.choice(["male", "female"]),
            "age": rng.randint(1, 80),
            "status": "killed",
        }
        for n in range(people)
    ]
    again = named[::every] if second else named[:1]
    source, prefix = ("CIMP", "C") if second else ("Mwatana", "M2")
    reports += [
        report | {"external_id": f"{prefix}-{n}", "source": source}
        for n, report in enumerate(reports)
        if f"M-{n}" in {victim["report_external_id"] for victim in again}
    ]
    repeated = [
        victim
        | {
            "report_source": source,
            "report_external_id": f"{prefix}-{victim['report_external_id'][2:]}",
            "external_id": f"{prefix}V{victim['external_id'][2:]}",
            "name": " ".join(RESPELLED.get(word, word) for word in victim["name"].split()),
        }
        for victim in again
    ]
    sources = [{"name": "Mwatana", "type": "ngo"}] + [{"name": "CIMP", "type": "monitor"}] * second
    rows = {
        "sources": sources,
        "reports": reports,
        "victims": named + repeated,
    }
    return rows, [
        (a["external_id"], b["external_id"]) for a, b in zip(again, repeated, strict=True)
    ]
