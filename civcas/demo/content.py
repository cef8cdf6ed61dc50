"""What each report says: dates, place, counts, summary; and its documents and named victims.

Generated after the backlog is settled, so a report can be made consistent with its fate: every
event's true toll is at least what the coalition ever acknowledged for it, and the reports of one
event differ the way real reports do (a day apart, other spellings, other counts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from civcas import months
from civcas.demo.simulate import Decision, Event, Report
from civcas.demo.texts import person_name, respelled
from civcas.vocab import DatePrecision, LocationPrecision, SourceType

PRECISIONS = {"day": 70, "week": 16, "month": 12, "year": 2}
LOCATIONS = {
    "exact": 8,
    "neighbourhood": 30,
    "town": 42,
    "district": 10,
    "governorate": 7,
    "country": 3,
}
JITTER = {"exact": 0.01, "neighbourhood": 0.02, "town": 0.005, "district": 0.08}
COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria"}


def toll(rng: random.Random, event: Event) -> int:
    """The event's 'true' death toll: heavy-tailed, worse in besieged cities."""
    base = int(rng.paretovariate(1.35) * event.place.severity * 1.6)
    return max(event.acknowledged, min(base, 250))


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _dates(rng: random.Random, report: Report, day: dt.date) -> dict[str, Any]:
    """date_start/date_end/date_precision bracketing `day`, ending by the day it arrived."""
    received = report.received_at.date()
    precision = DatePrecision(_pick(rng, PRECISIONS))
    start = {
        DatePrecision.DAY: day,
        DatePrecision.WEEK: day - dt.timedelta(days=rng.randint(0, 3)),
        DatePrecision.MONTH: day.replace(day=1),
        DatePrecision.YEAR: day - dt.timedelta(days=rng.randint(0, 120)),
    }[precision]
    end = max(day, min(start + precision.max_span, received))
    if precision is DatePrecision.MONTH:
        end = max(day, min(months.last_day(months.of(day)), received))
    return {"date_start": start, "date_end": end, "date_precision": precision.value}


LANDMARKS = ("mosque", "market", "bakery", "school", "water tower")
TARGETS = ("a house", "two houses", "a car", "a residential building", "a shop", "a farm")
TIMES = ("at dawn", "in the morning", "at midday", "in the afternoon", "at dusk", "at night")
TELLS = {  # how likely a source of each type is to give each detail of an event
    SourceType.MONITOR: 0.7,
    SourceType.NGO: 0.7,
    SourceType.MEDIA: 0.6,
    SourceType.SOCIAL_MEDIA: 0.45,
    SourceType.PARTNER_FORCE: 0.4,
    SourceType.OFFICIAL: 0.4,
    SourceType.INDIVIDUAL: 0.5,
}
SITE_SPREAD = 0.03  # degrees: where in its town an event happened (about 3 km)
CENTRED = ("town", "district")  # these precisions give the town's own coordinates


@dataclass(frozen=True)
class Site:
    """Where in its town an event happened (its quarter, the landmark beside it, its point) and
    what happened there (what was hit, the time of day). Every report of the event
    tells parts of the same story, as real reports of one strike do."""

    quarter: str | None
    landmark: str
    latitude: float
    longitude: float
    target: str
    time: str


def site(event: Event) -> Site:
    """The event's site, from a generator of its own (seeded by its first report), so that it
    is the same for each of its reports and leaves the scenario's shared draws untouched."""
    first = event.reports[0]
    rng = random.Random(f"{first.source.name}/{first.external_id}")
    place = event.place
    return Site(
        quarter=rng.choice(place.quarters) if place.quarters else None,
        landmark=rng.choice(LANDMARKS),
        latitude=place.latitude + rng.uniform(-SITE_SPREAD, SITE_SPREAD),
        longitude=place.longitude + rng.uniform(-SITE_SPREAD, SITE_SPREAD),
        target=rng.choice(TARGETS),
        time=rng.choice(TIMES),
    )


def _where(rng: random.Random, report: Report) -> dict[str, Any]:
    place, spot = report.event.place, site(report.event)
    precision = _pick(rng, LOCATIONS)
    town = rng.choice(place.names) if report.extra else place.name
    # Drawn and set aside: the site is the event's, but these draws keep the seeded scenario's
    # later draws, and the published figures calibrated on them, as they were.
    if place.quarters:
        rng.choice(place.quarters)
    rng.choice(LANDMARKS)
    quarter = spot.quarter
    text = {
        "exact": f"house near the {spot.landmark}, {quarter or town}",
        "neighbourhood": f"{quarter}, {town}" if quarter else f"outskirts of {town}",
        "town": town,
        "district": f"{town} district",
        "governorate": f"{place.governorate} governorate",
        "country": None,
    }[precision]
    latitude = longitude = None
    if precision in JITTER:
        spread = JITTER[precision]
        centre = (
            (place.latitude, place.longitude)
            if precision in CENTRED
            else (
                spot.latitude,
                spot.longitude,
            )
        )
        latitude = round(centre[0] + rng.uniform(-spread, spread), 4)
        longitude = round(centre[1] + rng.uniform(-spread, spread), 4)
    return {
        "place": text,
        "country": place.country,
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": LocationPrecision(precision).value,
    }


def _counts(rng: random.Random, report: Report, truth: int) -> dict[str, Any]:
    """Killed/injured ranges around the truth; vague sources sometimes give no number."""
    counts: dict[str, Any] = dict.fromkeys(
        (
            "killed_min",
            "killed_max",
            "injured_min",
            "injured_max",
            "children_killed_min",
            "children_killed_max",
            "women_killed_min",
            "women_killed_max",
        )
    )
    vague = report.source.type in (SourceType.SOCIAL_MEDIA, SourceType.INDIVIDUAL)
    if vague and not report.event.credible and rng.random() < 0.15:
        return counts
    low = max(0, round(truth * rng.uniform(0.6, 1.0)))
    high = max(low, round(truth * rng.uniform(1.0, 1.6)), report.event.acknowledged)
    counts.update(killed_min=low, killed_max=high)
    if rng.random() < 0.7:
        hurt = round(truth * rng.uniform(0.2, 1.5))
        counts.update(injured_min=hurt, injured_max=hurt + rng.randint(0, 3))
    if low >= 2 and rng.random() < 0.4:
        children = rng.randint(0, low // 2)
        women = rng.randint(0, (low - children) // 2)
        counts.update(
            children_killed_min=children,
            children_killed_max=children,
            women_killed_min=women,
            women_killed_max=women,
        )
    return counts


def details(report: Report) -> str | None:
    """The parts of its event's story this report tells, as a sentence (None: it tells none).
    Each detail is told or not by a generator of the report's own, so the scenario's shared
    draws stay as they were. Victims' families are not named: summaries are public."""
    spot = site(report.event)
    rng = random.Random(f"{report.source.name}/{report.external_id}/details")
    share = TELLS[report.source.type]
    told = {part: rng.random() < share for part in ("target", "landmark", "quarter", "time")}
    if not any(told.values()):
        return None
    sentence = f"The strike hit {spot.target}" if told["target"] else "The strike was"
    if told["landmark"]:
        sentence += f" near the {spot.landmark}"
    if told["quarter"] and spot.quarter:
        sentence += f" in {spot.quarter}"
    if told["time"]:
        sentence += f" {spot.time}"
    return sentence + "."


def _summary(report: Report, fields: dict[str, Any]) -> str:
    where = fields["place"] or COUNTRY_NAMES[fields["country"]]
    if fields["killed_min"] is None:
        toll_text = "civilians were reportedly killed"
    elif fields["killed_min"] == fields["killed_max"]:
        count = fields["killed_min"]
        toll_text = f"{count} civilian{' was' if count == 1 else 's were'} reportedly killed"
    else:
        toll_text = f"between {fields['killed_min']} and {fields['killed_max']} civilians died"
    summary = f"{report.source.name}: {toll_text} in an alleged Coalition air strike on {where}."
    story = details(report)
    return f"{summary} {story}" if story else summary


def report_row(rng: random.Random, report: Report, truth: int) -> dict[str, Any]:
    """The report as its source made it (import row format)."""
    day = report.event.day
    if report.extra:
        day += dt.timedelta(days=rng.choice((-1, 0, 0, 0, 1)))
        day = min(day, report.received_at.date())
    fields: dict[str, Any] = {"source": report.source.name, "external_id": report.external_id}
    fields |= _dates(rng, report, day) | _where(rng, report) | {"perpetrator": "Coalition"}
    fields |= _counts(rng, report, truth)
    fields["summary"] = _summary(report, fields)
    fields["received_at"] = report.received_at
    return fields


def assessment_row(report: Report, decision: Decision) -> dict[str, Any]:
    original = decision.duplicate_of
    return {
        "report_source": report.source.name,
        "report_external_id": report.external_id,
        "outcome": decision.outcome.value,
        "reason_code": decision.reason_code.value,
        "reason": decision.reason,
        "killed": decision.killed,
        "injured": decision.injured,
        "duplicate_of_source": original.source.name if original else None,
        "duplicate_of_external_id": original.external_id if original else None,
        "assessor": "CJTF-OIR Civilian Casualty Assessment Cell",
        "decided_at": decision.decided_at,
    }


ARABIC_TEMPLATE = (
    "غارة جوية للتحالف على {place} بتاريخ {date}. عدد القتلى المدنيين: {killed}."
    " المصدر: {source}، {reference}."
)


def document_rows(rng: random.Random, report: Report, row: dict[str, Any]) -> list[dict[str, Any]]:
    """0–2 archived pieces of evidence, hashed; witnesses' statements are not published."""
    source = report.source
    if source.domain is None or source.type is SourceType.INDIVIDUAL:
        return []
    earliest = dt.datetime.combine(row["date_start"], dt.time())
    documents = []
    for number in range(rng.choices((0, 1, 2), (25, 55, 20))[0]):
        language = rng.choice(source.languages)
        killed = row["killed_min"] if row["killed_min"] is not None else "?"
        if language == "ar":
            text = ARABIC_TEMPLATE.format(
                place=row["place"],
                date=row["date_start"].isoformat(),
                killed=killed,
                source=source.name,
                reference=f"{report.external_id}-{number + 1}",
            )
        else:
            text = f"{row['summary']}\nReported {row['date_start']:%d %B %Y}. Item {number + 1}."
        retrieved = report.received_at - dt.timedelta(minutes=rng.randint(10, 72 * 60))
        documents.append(
            {
                "report_source": source.name,
                "report_external_id": report.external_id,
                "url": f"https://{source.domain}/{report.external_id.lower()}-{number + 1}",
                "retrieved_at": max(retrieved, earliest),
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "language": language,
                "archived_text": text,
            }
        )
    return documents


SHARED_EVIDENCE = 0.4  # of later reports of an event cite a document an earlier one archived
Archive = dict[Event, list[dict[str, Any]]]


def shared_evidence(
    archive: Archive, report: Report, documents: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """`documents`, plus sometimes a piece of evidence an earlier report of the same event
    archived (the same post or video, the same hash), as monitors and agencies cite each other's
    sources. A generator of the report's own keeps the scenario's shared draws as they were."""
    earlier = archive.setdefault(report.event, [])
    rng = random.Random(f"{report.source.name}/{report.external_id}/evidence")
    cited = []
    if earlier and rng.random() < SHARED_EVIDENCE:
        cited.append(
            rng.choice(earlier)
            | {"report_source": report.source.name, "report_external_id": report.external_id}
        )
    earlier.extend(documents)
    return documents + cited


def _person(rng: random.Random, report: Report, number: int, status: str) -> dict[str, Any]:
    group = rng.choices(("child", "adult", "elderly", "unknown"), (30, 50, 10, 10))[0]
    ages = {"child": (0, 17), "adult": (18, 64), "elderly": (65, 90)}
    age = rng.randint(*ages[group]) if group in ages and rng.random() < 0.8 else None
    sex = rng.choices(("male", "female", "unknown"), (50, 42, 8))[0]
    name = person_name(rng, sex == "female") if rng.random() < 0.92 else None
    return {
        "report_source": report.source.name,
        "report_external_id": report.external_id,
        "external_id": f"V{number:02d}",
        "name": name,
        "sex": sex,
        "age": age,
        "age_group": group,
        "status": status,
    }


def victim_rows(rng: random.Random, report: Report, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Named dead and injured for some reports, never more than the report counts."""
    low = row["killed_min"]
    if low is None or not 1 <= low <= 25 or rng.random() > 0.15:
        return []
    killed = rng.randint(1, low)
    injured = min(rng.randint(0, 2), row["injured_min"] or 0)
    statuses = ["killed"] * killed + ["injured"] * injured
    return [_person(rng, report, n + 1, status) for n, status in enumerate(statuses)]


Named = dict[Event, list[list[dict[str, Any]]]]


def same_people(
    named: Named, report: Report, victims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The event's named dead and injured as this report lists them. The first report naming
    anyone fixes who they are; a later report's k-th victim is that list's k-th person, in this
    source's spelling. A generator of the report's own keeps the scenario's shared draws as they
    were (and with them the figures calibrated on them)."""
    people = named.setdefault(report.event, [])
    if not people:
        people.extend([row] for row in victims)
        return victims
    rng = random.Random(f"{report.source.name}/{report.external_id}/names")
    for row, person in zip(victims, people, strict=False):
        first = person[0]
        if first["name"] is None:
            continue
        age = first["age"]
        if age is not None and rng.random() < 0.2:
            age = max(0, age + rng.choice((-1, 1)))
        row.update(
            name=respelled(rng, first["name"]),
            sex=first["sex"],
            age=age,
            age_group=first["age_group"],
        )
        person.append(row)
    return victims


def people(named: Named) -> list[list[dict[str, Any]]]:
    """Every person named in more than one report, as the rows naming them."""
    return [person for persons in named.values() for person in persons if len(person) > 1]
