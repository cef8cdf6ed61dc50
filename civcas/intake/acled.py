"""ACLED events as civcas reports: a pure mapping, one row at a time.

Each event of an ACLED export becomes a report of the source "ACLED" (a monitor) with
`event_id_cnty` as its external_id, and a document holding the row itself (ACLED gives no
per-event address, so its url is blank). The codebook's values are translated so:

- **Which events.** By default only events that can be allegations of civilian harm are imported
  (`harm`): the event types "Violence against civilians" and "Explosions/Remote violence" (air and
  drone strikes, shelling, IEDs; "Remote violence" until 2019), and any event ACLED marks as
  targeting civilians (`civilian_targeting`). Battles, protests, riots without civilian targeting
  and strategic developments (troop movements, arrests, agreements) are skipped and counted;
  `import_dataset(..., all_events=True)` imports every event. A row naming no event type is kept.
- **Dates.** ACLED gives one `event_date` and a `time_precision`: 1 the day is known → that day,
  precision day; 2 only the week is known, the date being the middle of it → the seven days
  centred on the date, precision week; 3 only the month is known → that calendar month, precision
  month. Exports write the date "2017-06-01", "01 June 2017", "01-June-2017", "01/06/2017" (day
  first) or, resaved by a spreadsheet, "1-Jun-17". A date outside the row's own `year` (ACLED's
  2016 Africa file has "28/12/2015" under 2016) is imported as `event_date` states it and listed as
  inconsistent in the source.
- **Place.** `geo_precision` gives the smallest ledger precision covering what the code admits:
  1 a named town, village or neighbourhood at its coordinates → town; 2 near a town, or a small
  part of a region → district; 3 a larger region, at its capital or centroid → governorate. The
  place text is `location`, `admin3`, `admin2`, `admin1`.
- **Country** is the ISO 3166-1 numeric code in `iso`, as alpha-2; exports without it (ACLED's
  until 2019) give `iso3`, or only the `country` name. Places without an ISO code (ACLED codes
  Kosovo as 0) are refused: the ledger files every report under an ISO country.
- **Perpetrator** is the actor that acted: `actor1`, ACLED's acting side (in violence against
  civilians the civilians are `actor2`). Civilians are never the perpetrator: where `actor1` is
  civilians (`inter1` 7, or a name "Civilians (…)", as older exports code some attacks), the
  perpetrator is `actor2`, unless it is civilians too or blank; then there is none.
- **Killed.** `fatalities` is ACLED's single figure for all deaths of the event. Where ACLED marks
  the event as targeting civilians (`civilian_targeting`, or the event type "Violence against
  civilians" in exports older than that column), killed is that figure for both ends. Otherwise
  civilians may be none or all of the dead: killed is 0..fatalities, and the summary says so.
- **Summary** is `notes`, cut at a word to 300 characters; the document keeps them whole.
- **Received** is `timestamp`, when ACLED entered or last updated the event, so that a table by
  date received reads the data set's history, not the day of the import (which it is where the
  export has no timestamp).

Column names are read in any case (`EVENT_ID_CNTY`), whole numbers written `3.0` as 3, and `NA`
as missing (see `datasets`). The monadic export's two rows of one event are one (`joined_actors`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

import pycountry

from civcas.errors import FieldError
from civcas.intake.datasets import (
    PERPETRATOR_LENGTH,
    Cells,
    Dataset,
    Mapped,
    cell,
    clip,
    code,
    count,
    country_by_name,
    degrees,
    digits,
    document,
    place,
    report,
    required,
)
from civcas.vocab import DatePrecision, LocationPrecision

SOURCE = "ACLED"
SUMMARY_LENGTH = 300
TIME_PRECISIONS = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
GEO_PRECISIONS = {
    1: LocationPrecision.TOWN,
    2: LocationPrecision.DISTRICT,
    3: LocationPrecision.GOVERNORATE,
}
CIVILIAN_EVENT_TYPE = "violence against civilians"
HARM_EVENT_TYPES = frozenset({CIVILIAN_EVENT_TYPE, "explosions/remote violence", "remote violence"})
"""Event types (in lower case: older exports write "Violence Against Civilians") whose events can
be allegations of civilian harm whatever `civilian_targeting` says."""
CIVILIANS = 7
"""ACLED's actor type (`inter1`, `inter2`) of civilians; exports from 2024 write "Civilians"."""
DATE_FORMATS = (
    *("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y"),
    "%d-%m-%y",
)
"""The ways ACLED's exports, and spreadsheets that resaved them, write `event_date`, besides ISO.
ACLED writes the day first, so "31-12-19" (a 2019 export resaved) is 31 December 2019."""


def to_rows(row: Mapping[str, str]) -> Mapped:
    """The report and the document of one ACLED row; FieldError names the ACLED column at fault."""
    event_id = required(row, "event_id_cnty")
    precision = code(row, "time_precision", TIME_PRECISIONS, "an ACLED time precision")
    day = event_date(row)
    start, end = window(day, precision)
    fatalities = count(row, "fatalities")
    targeted = targets_civilians(row)
    values = report(
        SOURCE,
        event_id,
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=place(row, "location", "admin3", "admin2", "admin1"),
        country=country_code(row),
        latitude=degrees(row, "latitude", 90),
        longitude=degrees(row, "longitude", 180),
        location_precision=code(row, "geo_precision", GEO_PRECISIONS, "an ACLED geo precision"),
        perpetrator=clip(perpetrator(row), PERPETRATOR_LENGTH),
        killed_min=fatalities if targeted else 0,
        killed_max=fatalities,
        summary=summary(row, fatalities, targeted),
        received_at=entered(row, start),
    )
    return Mapped(values, document(row, SOURCE, event_id, None), other_year(row, day))


def entered(row: Mapping[str, str], start: dt.date) -> dt.datetime | None:
    """When ACLED entered (or last updated) the event: its `timestamp`, seconds since 1970 in
    UTC. None, and so the time of the import, where the export has no timestamp or one before
    the event (the ledger's reports are not received before they happen)."""
    text = cell(row, "timestamp")
    if text is None:
        return None
    seconds = digits(text)
    if seconds is None or len(seconds) > 11:
        raise FieldError("timestamp", f"{text!r} is not a time in seconds since 1970")
    moment = dt.datetime.fromtimestamp(int(seconds), dt.UTC).replace(tzinfo=None)
    return moment if moment.date() >= start else None


def harm(row: Mapping[str, str]) -> bool:
    """Whether the event can be an allegation of civilian harm (see the module docstring)."""
    kind = cell(row, "event_type")
    return kind is None or kind.lower() in HARM_EVENT_TYPES or targets_civilians(row)


def targets_civilians(row: Mapping[str, str]) -> bool:
    """ACLED marks the event as targeting civilians (the event type alone, before 2023)."""
    kind = cell(row, "event_type") or ""
    return bool(cell(row, "civilian_targeting")) or kind.lower() == CIVILIAN_EVENT_TYPE


def perpetrator(row: Mapping[str, str]) -> str | None:
    """The actor that acted: actor1, or actor2 where actor1 is civilians; never civilians."""
    for side in ("1", "2"):
        actor = cell(row, f"actor{side}")
        if actor is not None and not civilians(actor, cell(row, f"inter{side}")):
            return actor
    return None


def civilians(actor: str, inter: str | None) -> bool:
    """An actor that is civilians: ACLED's "Civilians (Country)", or actor type 7 ("Civilians")."""
    number = digits(inter or "")
    kind = int(number) if number is not None and len(number) <= 6 else None
    return (
        actor.lower().startswith("civilians")
        or kind == CIVILIANS
        or (inter or "").lower() == "civilians"
    )


def event_date(row: Mapping[str, str]) -> dt.date:
    """`event_date` in any of the ways exports write it."""
    text = required(row, "event_date")
    day = parse_date(text)
    if day is None:
        message = f"{text!r} is not a date (2017-06-01, 01 June 2017 or 01/06/2017)"
        raise FieldError("event_date", message)
    return day


def other_year(row: Mapping[str, str], day: dt.date) -> str | None:
    """Why the row contradicts itself, if its `year` is not the year of its `event_date`."""
    year = cell(row, "year")
    number = digits(year or "")
    if year is None or (number is not None and len(number) <= 4 and int(number) == day.year):
        return None
    return f"event_date ({cell(row, 'event_date')}) is in {day.year}, but year is {year}"


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def window(day: dt.date, precision: DatePrecision) -> tuple[dt.date, dt.date]:
    """The days the event may fall on: the day, the week centred on it, or its calendar month."""
    if precision is DatePrecision.DAY:
        return day, day
    if precision is DatePrecision.WEEK:
        half = DatePrecision.WEEK.max_span / 2
        return day - half, day + half
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def country_code(row: Mapping[str, str]) -> str:
    """The alpha-2 code of the numeric ISO 3166-1 code in `iso`; without one, of `iso3` or of the
    `country` name."""
    text = cell(row, "iso")
    if text is not None:
        number = digits(text)
        country = pycountry.countries.get(numeric=number.zfill(3)) if number else None
        if country is None:
            named = cell(row, "country") or "unnamed"
            raise FieldError("iso", f"{text} is not an ISO 3166-1 numeric country code ({named})")
        return str(country.alpha_2)
    alpha_3 = cell(row, "iso3")
    if alpha_3 is not None:
        country = pycountry.countries.get(alpha_3=alpha_3.upper()) if len(alpha_3) == 3 else None
        if country is None:
            raise FieldError("iso3", f"{alpha_3!r} is not an ISO 3166-1 alpha-3 country code")
        return str(country.alpha_2)
    name = cell(row, "country")
    if name is None:
        raise FieldError("iso", "is blank (or NA), and so are iso3 and country")
    return country_by_name(name, "country")


def summary(row: Mapping[str, str], fatalities: int, targeted: bool) -> str:
    """The notes, cut; or, without notes, what happened where. Says when civilians are unknown."""
    what = cell(row, "sub_event_type") or cell(row, "event_type") or "Event"
    where = cell(row, "location")
    text = clip(cell(row, "notes"), SUMMARY_LENGTH) or f"{what}{f' in {where}' if where else ''}."
    if targeted or fatalities == 0:
        return text
    return f"{text} ({fatalities} fatalities in all; ACLED does not say how many were civilians.)"


ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "inter1")
SECOND_ACTOR = ("actor2", "assoc_actor_2", "inter2")


def joined_actors(first: Cells, second: Cells) -> Cells | None:
    """ACLED's monadic export writes each event once per actor, with no `actor2` column: two
    consecutive rows of one `event_id_cnty` that differ only in the actor are one event, whose
    second actor is the second row's (as ACLED's dyadic export writes it), or the same row twice
    (the second then adds nothing). None for anything else, which stays a repeated id."""
    names = first.names
    if "actor2" in names or first.get("event_id_cnty") != second.get("event_id_cnty"):
        return None
    if any(
        first.get(c) != second.get(c) for c in names if c not in (*ACTOR_COLUMNS, *SECOND_ACTOR)
    ):
        return None
    actor = [second.get(column) or "" for column in ACTOR_COLUMNS]
    known = [[first.get(column) or "" for column in side] for side in (ACTOR_COLUMNS, SECOND_ACTOR)]
    if actor in known:
        return first
    if first.get("actor2") is not None:
        return None  # a third actor: no dyadic event has one
    return Cells((dict(first) | dict(zip(SECOND_ACTOR, actor, strict=True))).items(), names)


ACLED = Dataset(
    name="acled",
    source=SOURCE,
    key="event_id_cnty",
    required=(
        "event_id_cnty",
        "event_date",
        "time_precision",
        "actor1",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
    ),
    to_rows=to_rows,
    any_of=(("iso", "iso3", "country"),),
    harm=harm,
    joined=joined_actors,
)
"""For `datasets.import_dataset`."""
