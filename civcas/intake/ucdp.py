"""UCDP GED events as civcas reports: a pure mapping, one row at a time.

Each event of the UCDP Georeferenced Event Dataset becomes a report of the source "UCDP GED" (a
monitor) with the GED `id` as its external_id, and a document holding the row itself (url
https://ucdp.uu.se/event/{id}). The codebook's values are translated so:

- **Dates.** The report spans `date_start`..`date_end` as GED gives them. Its precision is the
  smallest ledger precision whose span covers that window (0 days → day, ≤ 6 → week, ≤ 30 →
  month, ≤ 365 → year), but never finer than GED's own `date_prec` claims (1 exact day → day;
  2 two-to-six days and 3 a week → week; 4 a month → month; 5 a year → year): a window narrower
  than its code must not read as more certain than GED is. A window beyond a year is refused.
- **Place.** `where_prec` gives the smallest ledger precision that covers every place the code
  admits, since the precision sets how far from the point strikes are matched:
  1 "exact location" is a named populated place — a village, a town or a city — at its
  coordinates, never a building: town. 2 within about 25 km of a known point: district (the
  district radius is 30 km). 3 second-order division: district. 4 first-order division:
  governorate. 5 (a region larger than a first-order division, between two places, a linear
  feature), 6 (the country) and 7 (international waters or airspace, the coordinates an estimate):
  country, matched on the country alone. The place text is the place's name, `adm_2`, `adm_1`: the
  name is `where_coordinates` (every version from 19.1 on: "Rami village", the named location the
  coordinates are those of), or `where_description` where that is blank; `where_description`
  (20.1 on: the place as the sources describe it, "in the al-Rami village") goes in the summary.
- **Versions.** GED 19.1 to current, HDX's extracts, and UCDP's web-site download (`best_est`,
  `high_est`, `low_est`; a comma ending every row; dates "03/17/2017 00:00:00", month first).
- **Country.** GED names countries (with former names in brackets, "Yemen (North Yemen)"); the
  name becomes an ISO 3166-1 code through pycountry and the spellings in `datasets`.
- **Perpetrator** is `side_a`: the perpetrator in one-sided violence, the government in
  state-based conflict, one of two groups in non-state conflict (the summary names the dyad).
- **Killed.** GED's `low`/`best`/`high` count all deaths — both sides, civilians and unknown —
  while civcas counts civilians. When every death of the best estimate is civilian
  (`deaths_civilians == best`), killed is `low`..`high`. Otherwise killed is `deaths_civilians`
  for both ends: the only civilian figure GED gives, with no range of its own; the summary says so.
- **Inconsistent in the source.** Some GED rows contradict themselves: `low` above `high`, `best`
  outside `low`..`high` (4 rows in 1,000 of the GED 19.1–23.1 files measured), `deaths_civilians`
  above `best`. They are imported as GED states them, not refused and not repaired: killed is
  then the lowest to the highest of `low`, `best` and `high` (where every death is civilian), the
  summary says which figures disagree and the range used, and the import lists the row.

GED 19.1 to the current version are read alike: the columns used are in every one of them (19.1
has neither `where_description` nor `relid` and `code_status`; HDX's country extracts add `iso3`
and a row of HXL hashtags). Whole numbers may be written `1.0` (R, pandas) and missing cells `NA`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from civcas.errors import FieldError
from civcas.intake.datasets import (
    PERPETRATOR_LENGTH,
    Dataset,
    Mapped,
    cell,
    clip,
    code,
    count,
    country_by_name,
    degrees,
    document,
    identifier,
    place,
    report,
    required,
)
from civcas.vocab import DatePrecision, LocationPrecision

SOURCE = "UCDP GED"
EVENT_URL = "https://ucdp.uu.se/event/{}"

DATE_PRECISIONS = {
    1: DatePrecision.DAY,
    2: DatePrecision.WEEK,
    3: DatePrecision.WEEK,
    4: DatePrecision.MONTH,
    5: DatePrecision.YEAR,
}
"""The finest ledger precision each `date_prec` allows."""
SPANS = {precision: precision.max_span for precision in DatePrecision}
"""Each ledger precision's longest span, finest first."""
LOCATION_PRECISIONS = {
    1: LocationPrecision.TOWN,
    2: LocationPrecision.DISTRICT,
    3: LocationPrecision.DISTRICT,
    4: LocationPrecision.GOVERNORATE,
    5: LocationPrecision.COUNTRY,
    6: LocationPrecision.COUNTRY,
    7: LocationPrecision.COUNTRY,
}
VIOLENCE = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}
DESCRIPTION_LENGTH = 300
"""`where_description` in the summary is cut to this (the document keeps it whole)."""


def to_rows(row: Mapping[str, str]) -> Mapped:
    """The report and the document of one GED row; FieldError names the GED column at fault."""
    event_id = identifier(row, "id")
    start, end = event_date(row, "date_start"), event_date(row, "date_end")
    precision = date_precision(
        start, end, code(row, "date_prec", DATE_PRECISIONS, "a UCDP date precision")
    )
    killed_min, killed_max, summary, inconsistent = casualties(row)
    named = "where_coordinates" if cell(row, "where_coordinates") else "where_description"
    values = report(
        SOURCE,
        event_id,
        date_start=start,
        date_end=end,
        date_precision=precision,
        place=place(row, named, "adm_2", "adm_1"),
        country=country_code(required(row, "country")),
        latitude=degrees(row, "latitude", 90),
        longitude=degrees(row, "longitude", 180),
        location_precision=code(
            row, "where_prec", LOCATION_PRECISIONS, "a UCDP location precision"
        ),
        perpetrator=clip(cell(row, "side_a"), PERPETRATOR_LENGTH),
        killed_min=killed_min,
        killed_max=killed_max,
        summary=summary + described(row),
    )
    url = EVENT_URL.format(event_id)
    return Mapped(values, document(row, SOURCE, event_id, url), inconsistent)


WEB_DATE = "%m/%d/%Y %H:%M:%S"
"""How UCDP's web-site download writes a date: month first, with a midnight time."""


def event_date(row: Mapping[str, str], name: str) -> dt.date:
    """An ISO date; GED's CSV files may add a midnight time ("2017-03-17 00:00:00.000"); UCDP's
    web download writes "03/17/2017 00:00:00" (`WEB_DATE`; only with its time, the mark of
    that download, so a day-first date resaved by a spreadsheet is never read month first)."""
    text = required(row, name)
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, WEB_DATE).date()
    except ValueError:
        reason = (
            f"{text!r} is not a date (YYYY-MM-DD, or MM/DD/YYYY 00:00:00 as UCDP's site writes)"
        )
        raise FieldError(name, reason) from None


def date_precision(start: dt.date, end: dt.date, finest: DatePrecision) -> DatePrecision:
    """The smallest precision covering start..end, and no finer than `finest`."""
    if end < start:
        raise FieldError("date_end", f"date_end ({end}) is before date_start ({start})")
    needed = max(end - start, SPANS[finest])
    for precision, longest in SPANS.items():
        if longest >= needed:
            return precision
    days = (end - start).days
    raise FieldError("date_end", f"date_start..date_end spans {days} days, more than a year")


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a GED country name."""
    return country_by_name(name, "country")


def casualties(row: Mapping[str, str]) -> tuple[int, int, str, str | None]:
    """killed_min, killed_max, the summary, and why GED's figures contradict each other if they
    do, by the rules of the module docstring."""
    low, best, high = count(row, "low"), count(row, "best"), count(row, "high")
    civilians = count(row, "deaths_civilians")
    violence = code(row, "type_of_violence", VIOLENCE, "a UCDP type of violence")
    problems = contradictions(low, best, high, civilians)
    dyad = cell(row, "dyad_name")
    estimate = (
        f"{violence}{f' ({dyad})' if dyad else ''}: UCDP's best estimate is {best} deaths "
        f"(low {low}, high {high})"
    )
    inconsistent = "; ".join(problems) or None
    if civilians == best:
        bottom, top = min(low, best, high), max(low, best, high)
        summary = f"{estimate}, all of them civilians."
        if inconsistent:
            summary += (
                f" GED's figures contradict each other ({inconsistent}): killed is the lowest to "
                f"the highest figure stated, {bottom}–{top}."
            )
        return bottom, top, summary, inconsistent
    summary = (
        f"{estimate}, {civilians} of them civilians; GED gives no low or high for civilians, "
        "so the civilian count is that figure alone."
    )
    if inconsistent:
        summary += f" GED's figures contradict each other ({inconsistent})."
    return civilians, civilians, summary, inconsistent


def contradictions(low: int, best: int, high: int, civilians: int) -> list[str]:
    """How GED's own figures disagree, in words; empty when they agree."""
    problems = []
    if low > high:
        problems.append(f"low ({low}) is greater than high ({high})")
    if not min(low, high) <= best <= max(low, high):
        problems.append(f"best ({best}) is outside low..high ({low}..{high})")
    if civilians > best:
        problems.append(f"deaths_civilians ({civilians}) exceed best ({best})")
    return problems


def described(row: Mapping[str, str]) -> str:
    """The place as GED's sources describe it (`where_description`), for the summary, unless it
    is the place's name itself or stands in for a blank `where_coordinates`."""
    description, name = cell(row, "where_description"), cell(row, "where_coordinates")
    if description is None or name is None or description == name:
        return ""
    text = clip(description, DESCRIPTION_LENGTH) or ""
    return f" Place as described: {text}{'' if text.endswith(('.', '…')) else '.'}"


UCDP_GED = Dataset(
    name="ucdp-ged",
    source=SOURCE,
    key="id",
    required=(
        "id",
        "type_of_violence",
        "side_a",
        "where_prec",
        "latitude",
        "longitude",
        "country",
        "date_prec",
        "date_start",
        "date_end",
        "deaths_civilians",
        "best",
        "high",
        "low",
    ),
    to_rows=to_rows,
    aliases=(("best_est", "best"), ("high_est", "high"), ("low_est", "low")),
)
"""For `datasets.import_dataset`."""
