"""ACLED events as civcas reports: a pure mapping, one row at a time.

Each event of an ACLED export becomes a report of the source "ACLED" (a monitor) with
`event_id_cnty` as its external_id, and a document holding the row itself (ACLED gives no
per-event address, so its url is blank). The codebook's values are translated so:

- **Dates.** ACLED gives one `event_date` (exports write it "2017-06-01" or "01 June 2017") and a
  `time_precision`: 1 the day is known → that day, precision day; 2 only the week is known, the
  date being the middle of it → the seven days centred on the date, precision week; 3 only the
  month is known → that calendar month, precision month.
- **Place.** `geo_precision` gives the smallest ledger precision covering what the code admits:
  1 a named town, village or neighbourhood at its coordinates → town; 2 near a town, or a small
  part of a region → district; 3 a larger region, at its capital or centroid → governorate. The
  place text is `location`, `admin3`, `admin2`, `admin1`.
- **Country** is the ISO 3166-1 numeric code in `iso`, as alpha-2. Places without one (ACLED
  codes Kosovo as 0) are refused: the ledger files every report under an ISO country.
- **Perpetrator** is `actor1` (ACLED's actors carry no direction; actor1 is the one it names first).
- **Killed.** `fatalities` is ACLED's single figure for all deaths of the event. Where ACLED marks
  the event as targeting civilians (`civilian_targeting`, or the event type "Violence against
  civilians" in exports older than that column), killed is that figure for both ends. Otherwise
  civilians may be none or all of the dead: killed is 0..fatalities, and the summary says so.
- **Summary** is `notes`, cut at a word to 300 characters; the document keeps them whole.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

import pycountry

from civcas.errors import FieldError
from civcas.intake.datasets import (
    PERPETRATOR_LENGTH,
    Dataset,
    Mapped,
    cell,
    clip,
    code,
    count,
    degrees,
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
CIVILIAN_EVENT_TYPE = "Violence against civilians"


def to_rows(row: Mapping[str, str]) -> Mapped:
    """The report and the document of one ACLED row; FieldError names the ACLED column at fault."""
    event_id = required(row, "event_id_cnty")
    precision = code(row, "time_precision", TIME_PRECISIONS, "an ACLED time precision")
    start, end = window(event_date(row), precision)
    fatalities = count(row, "fatalities")
    targeted = (
        bool(cell(row, "civilian_targeting")) or cell(row, "event_type") == CIVILIAN_EVENT_TYPE
    )
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
        perpetrator=clip(cell(row, "actor1"), PERPETRATOR_LENGTH),
        killed_min=fatalities if targeted else 0,
        killed_max=fatalities,
        summary=summary(row, fatalities, targeted),
    )
    return Mapped(values, document(row, SOURCE, event_id, None))


def event_date(row: Mapping[str, str]) -> dt.date:
    """`event_date` as ISO ("2017-06-01") or as ACLED's exports spell it ("01 June 2017")."""
    text = required(row, "event_date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        message = f"{text!r} is not a date (2017-06-01 or 01 June 2017)"
        raise FieldError("event_date", message) from None


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
    """The alpha-2 code of the numeric ISO 3166-1 code in `iso`."""
    text = required(row, "iso")
    country = pycountry.countries.get(numeric=text.zfill(3)) if text.isdecimal() else None
    if country is None:
        named = cell(row, "country") or "unnamed"
        raise FieldError("iso", f"{text} is not an ISO 3166-1 numeric country code ({named})")
    return str(country.alpha_2)


def summary(row: Mapping[str, str], fatalities: int, targeted: bool) -> str:
    """The notes, cut; or, without notes, what happened where. Says when civilians are unknown."""
    what = cell(row, "sub_event_type") or cell(row, "event_type") or "Event"
    where = cell(row, "location")
    text = clip(cell(row, "notes"), SUMMARY_LENGTH) or f"{what}{f' in {where}' if where else ''}."
    if targeted or fatalities == 0:
        return text
    return f"{text} ({fatalities} fatalities in all; ACLED does not say how many were civilians.)"


ACLED = Dataset(
    name="acled",
    source=SOURCE,
    key="event_id_cnty",
    required=(
        "event_id_cnty",
        "event_date",
        "time_precision",
        "actor1",
        "iso",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
    ),
    to_rows=to_rows,
)
"""For `datasets.import_dataset`."""
