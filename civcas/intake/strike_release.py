"""A coalition strike release into strike-log entries: where, when, how many, against what.

Why. For years CENTCOM and CJTF-OIR published daily (later weekly) releases: "Near Raqqa, 20
strikes engaged 13 ISIS tactical units …". They are the only public strike log of the campaign;
monitors rebuilt it from them by hand. This module reads one release (stores nothing) into:

- strikes: one entry per place item — the strike day, the country of its section, the place as
  written and geocoded offline at the precision its words allow ("Near X" is the town), the
  number of strikes, the engagements where the item states them, and the rest of the item as the
  targets;
- totals: each count the release states for a country or for both ("conducted 11 strikes in
  Syria", "There were no reported strikes in Iraq on Dec. 16" is 0), for a day or a span;
- checks: for each day and country with a stated total and listed places, whether the places
  add up to it. Printed, never "fixed": a copy cut short, or a release whose list does not add
  up, is shown as it is.

Wordings (2014–2018, the eras `docs/formats.md` lists): early prose ("Two airstrikes west of
Baghdad destroyed …", "to conduct five airstrikes Tuesday and today"), summaries after "Syria" /
"Iraq" headings ("Near Kobani, five airstrikes struck …"), "-- Near X, N strikes engaged …"
items under "Strikes in Syria", section leads with engagements ("conducted 23 strikes consisting
of 39 engagements in Syria:"), day sentences of the multi-day releases ("On Dec. 6, coalition
military forces conducted four strikes against ISIS targets near Abu Kamal"), day headings
("May 31 Strikes"), numbers in words. The strike day is the day before publication ("yesterday",
"over the past 24 hours", or no day given) unless the text names one.

A sentence about the campaign so far ("To date, … 198 airstrikes across Iraq") is not a day's
total. A count spread over several places with no split ("13 strikes near Abu Kamal, Al
Shadaddi and Raqqa") is a total of its sentence's day, never a place entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from civcas.errors import FieldError
from civcas.geocode import geocode
from civcas.intake.official_report import MONTH_NUMBERS, NUMBER, read_number
from civcas.vocab import LocationPrecision

COUNTRIES = {"syria": "SY", "iraq": "IQ"}
CAMPAIGN = frozenset(COUNTRIES.values())


@dataclass(frozen=True)
class StrikeEntry:
    """Strikes the release reports at one place on one day."""

    line: int
    date: dt.date
    country: str | None
    place: str
    strikes: int
    engagements: int | None
    targets: str
    latitude: float | None = None
    longitude: float | None = None
    location_precision: LocationPrecision | None = None
    geonameid: int | None = None


@dataclass(frozen=True)
class StatedTotal:
    """A count the release states for a country (None: both) over a day or a span of days."""

    line: int
    date: dt.date
    date_end: dt.date
    country: str | None
    strikes: int
    engagements: int | None


@dataclass(frozen=True)
class Check:
    """Whether the places listed for a day and country add up to the total stated for them."""

    date: dt.date
    country: str | None
    stated: int
    listed: int

    @property
    def adds_up(self) -> bool:
        return self.stated == self.listed


@dataclass
class StrikeRelease:
    published: dt.date
    strikes: list[StrikeEntry] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


# --- words ----------------------------------------------------------------------------------

_COUNT = rf"(?:{NUMBER}|\ban?\b|\banother\b|\bone\b)"
_STRIKES = (
    r"(?:(?:additional|more|further|separate|partner[- ]nation|coalition)\s+)*(?:air\s?)?strikes?\b"
)
_ENGAGEMENTS = rf"(?:consisting\s+of|in|with)\s+(?P<e>{_COUNT})\s+engagements?\b"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = rf"{_MONTH}\s+\d{{1,2}}\b"
_SPAN = rf"(?P<a>{_DAY})\s*(?:-|–|to|and|through)\s*(?P<b>{_DAY}|\d{{1,2}}\b|yesterday|today)"
_PLACE = (
    r"(?P<place>(?-i:[A-Z][\w'’`\-]*(?:\s+(?:[A-Z][\w'’`\-]*"
    r"|(?:al|as|ar|az|ash|ad|el|ez|of)(?:-[A-Z][\w'’`\-]*)?\b))"
    r"{0,4}))"
)
"""A place as releases write it: capitalised words ("Dayr Az Zawr", "Mosul Dam"), case-sensitive
inside patterns that are not, so "near Raqqa engaged" ends at Raqqa."""
_DIRECTION = (
    r"(?:near|in\s+and\s+around|around|(?:north|south|east|west|northeast|northwest|southeast"
    r"|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of)"
)
_COUNTRY = r"(?P<country>Syria|Iraq)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ITEM = re.compile(
    rf"^(?:On\s+(?P<day>{_DAY}),?\s+)?(?:in\s+{_COUNTRY},?\s+)?[Nn]ear\s+{_PLACE}"
    rf"(?:,?\s+(?:in\s+)?(?P<country2>Syria|Iraq))?(?:\s*\[[^\]]*\])?,?\s+"
    rf"(?:(?P<when>{_DAY})\s+)?[“\"]?(?P<n>{_COUNT})\s+(?:{_DAY}\s+)?{_STRIKES}"
    rf"(?:,?\s+{_ENGAGEMENTS})?,?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""-- Near Raqqa, three strikes destroyed … / On Nov. 19 near Abu Kamal, two strikes …"""
_EARLY_ITEM = re.compile(
    rf"^(?:(?P<n>{_COUNT})|an?\s+\w+)\s+(?:U\.S\.\s+)?{_STRIKES}\s+"
    rf"(?:(?:took\s+place|also\s+struck)\s+)?(?:in\s+{_COUNTRY}\s+)?"
    rf"(?P<direction>{_DIRECTION})\s+(?:the\s+)?{_PLACE}(?:\s+in\s+(?P<country2>Syria|Iraq))?"
    rf",?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""Two airstrikes west of Baghdad destroyed … / A fifth airstrike … in Syria northwest of X."""
_ORDINAL_ITEM = re.compile(
    rf"^(?:an?|another)\s+(?:\w+\s+)?(?:(?:U\.S\.|partner[- ]nation|coalition)\s+)?airstrikes?\s+"
    rf"(?P<rest>.*?)\s+(?:in\s+{_COUNTRY}\s+)?(?P<direction>{_DIRECTION})\s+{_PLACE}\.?$",
    re.IGNORECASE | re.DOTALL,
)
"""A fifth airstrike damaged eight vehicles in Syria northwest of Al Qa'im."""
_DAY_SENTENCE = re.compile(
    rf"^(?:(?P<yesterday>Yesterday)|On\s+(?P<day>{_DAY}))(?:\s+near\s+(?P<place0>[^,]+?))?"
    rf"(?:\s+in\s+{_COUNTRY})?,\s+(?:coalition\s+military\s+forces\s+)?conducted\s+"
    rf"(?P<n>{_COUNT})\s+{_STRIKES}(?:\s+{_ENGAGEMENTS})?(?P<tail>.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""On Dec. 6, coalition military forces conducted four strikes against ISIS targets near X."""
_TOOK_PLACE = re.compile(
    rf"^(?P<n>{_COUNT})\s+{_STRIKES}\s+took\s+place\s+near\s+{_PLACE}\.?$", re.IGNORECASE
)
_TOTAL = re.compile(
    rf"\b(?:conduct(?:ed|ing|s)?|carr(?:y|ied|ying)\s+out|launch(?:ed|es)?|with)\s+"
    rf"(?P<n>{_COUNT})\s+{_STRIKES}(?:,?\s+(?:(?P<span>{_SPAN})\s*,?\s*)?"
    rf"{_ENGAGEMENTS})?(?P<tail>[^:;]*)"
    rf"|\b(?P<n2>{_COUNT})\s+{_STRIKES}\s+were\s+conducted\b(?P<tail2>[^:;]*)",
    re.IGNORECASE,
)
"""conducted 11 strikes in Syria / conducting 19 strikes consisting of 26 engagements between
Dec. 15-17 / 11 strikes were conducted in Syria and Iraq on July 13."""
_AND_ANOTHER = re.compile(
    rf"^[^,;]*?\bin\s+(?:Syria|Iraq)\b[^,;]*?(?:,|\band)\s+(?P<n>{_COUNT})\s+(?:more\s+)?"
    rf"(?:(?:air\s?)?strikes?\s+)?in\s+(?P<country>Syria|Iraq)\b",
    re.IGNORECASE,
)
"""A story's second count for the other country: "16 strikes in Iraq, nine in Syria", "10
strikes in Iraq on Saturday and seven strikes in Syria"."""
_NO_STRIKES = re.compile(
    rf"\bno\s+(?:reported\s+)?strikes\s+(?:were\s+)?(?:reported\s+|conducted\s+)?(?:in\s+)?"
    rf"{_COUNTRY}(?P<tail>.*)",
    re.IGNORECASE,
)
_HEADING_COUNTRY = re.compile(
    r"^(?:(?:air)?strikes?\s+in\s+)?(?P<country>Syria|Iraq)\s*:?$", re.IGNORECASE
)
_HEADING_DAY = re.compile(rf"^(?P<day>{_DAY})\s+Strikes?$", re.IGNORECASE)
_SECTION = re.compile(
    rf"^(?:Additionally|Separately|Meanwhile)?,?\s*in\s+{_COUNTRY}\b", re.IGNORECASE
)
_CAMPAIGN = re.compile(
    r"\b(?:to\s+date|since\s+(?:the|Aug|August|operations)|so\s+far|across\s+(?:Syria|Iraq))\b",
    re.IGNORECASE,
)
_LATER_ENGAGEMENTS = re.compile(rf"\bconsisting\s+of\s+(?P<e>{_COUNT})\s+engagements?\b", re.I)
_MONTH_SPAN = re.compile(
    rf"\b(?:during|in|throughout)\s+(?:the\s+first\s+(?P<days>\d+)\s+days\s+of\s+)?"
    rf"(?P<month>{_MONTH})(?!\s*\d)",
    re.IGNORECASE,
)
_LAST_DAYS = re.compile(
    rf"\b(?:over|in|during)\s+the\s+(?:last|past)\s+(?P<n>{_COUNT})\s+days\b", re.IGNORECASE
)
_MONTH_TOTAL = re.compile(
    rf"\b(?P<n>{_COUNT})\s+{_STRIKES}\s+(?:conducted|recorded)\s+(?:in|during|for\s+all\s+of)\s+"
    rf"(?P<month>{_MONTH})(?!\s*\d)",
    re.IGNORECASE,
)
_DATELINE = re.compile(rf"\b(?P<day>{_DAY}),?\s+(?P<year>(?:19|20)\d\d)\b")


def _count(text: str) -> int:
    words = text.strip().lower()
    if words in ("a", "an", "another", "one"):
        return 1
    return read_number(words)


def _day(text: str, published: dt.date) -> dt.date | None:
    """The day "Dec. 16" names, in the year that puts it on or before publication."""
    match = re.match(rf"({_MONTH})\s+(\d{{1,2}})", text.strip(), re.IGNORECASE)
    if match is None:
        return None
    month = MONTH_NUMBERS[match[1][:3].lower()]
    for year in (published.year, published.year - 1):
        try:
            day = dt.date(year, month, int(match[2]))
        except ValueError:
            return None
        if day <= published:
            return day
    return None


def _span(match: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    start = _day(match["a"], published)
    end_text = match["b"]
    if start is None:
        return None
    if end_text.lower() == "yesterday":
        return start, published - dt.timedelta(days=1)
    if end_text.lower() == "today":
        return start, published
    end = _day(end_text, published) or _day(f"{match['a'].split()[0]} {end_text}", published)
    return (start, end) if end is not None and end >= start else None


def _country(*names: str | None) -> str | None:
    for name in names:
        if name:
            return COUNTRIES[name.lower()]
    return None


def _segments(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line number, sentence or item) in reading order: items start at dashes, bullets and
    "Near"; sentences end at a full stop before a capital (not after "Mar." or "U.S.")."""
    pieces: list[tuple[int, str]] = []
    for number, line in lines:
        for item in re.split(
            r"(?:^|\s)(?:--|—|–|\*|•|·)\s+|;\s+(?=near\s+[A-Z])|(?<![,:])\s+(?=[“\"])", line
        ):
            for sentence in _sentences(item):
                pieces.append((number, sentence))
    return pieces


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, line) with the breaks of copies that wrap mid-item mended: a bullet
    alone, a line ending in "Near", or one followed by a line starting in lower case runs on."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if lines and line and _runs_on(lines[-1][1], line):
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {line}")
        else:
            lines.append((number, line))
    return lines


def _runs_on(previous: str, line: str) -> bool:
    if re.fullmatch(r"[-—–*•·]+", previous) or re.search(r"\b[Nn]ear$", previous):
        return True
    return bool(previous) and previous[-1] not in '.:;!?”"' and line[0].islower()


_ABBREVIATION = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|Gen|Brig|Lt|Col|Maj|Sgt|Mr|Dr"
    r"|No|St|[A-Z])\.$"
)


def _sentences(item: str) -> list[str]:
    """The item's sentences: split after a full stop before a capital, but not after an
    abbreviation ("Dec. 16", "U.S. forces", "Brig. Gen.")."""
    sentences: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", item):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece.strip():
            sentences.append(piece.strip())
    return [sentence.strip("“”\"' ") for sentence in sentences if sentence.strip("“”\"' ")]


@dataclass
class _Context:
    published: dt.date
    date: dt.date
    country: str | None = None
    heading: bool = False
    """Whether `country` heads what follows (a heading, a section's own line, a day sentence
    naming it), or was only named in running prose that may go on to the other country."""
    both_lines: frozenset[int] = frozenset()
    """Lines (paragraphs) that name both countries: a section sentence there heads nothing."""

    def stated(self) -> str | None:
        return self.country if self.heading else None


def parse_strike_release(text: str, published: dt.date | None = None) -> StrikeRelease:
    """Read a release (module docstring). `published` is the release's date; without it, the
    dateline's ("SOUTHWEST ASIA, Dec. 20, 2016 —"). Refused only when neither is known or
    nothing at all can be read."""
    published = published or _dateline(text)
    if published is None:
        raise FieldError("published", "no release date in the text; give --published YYYY-MM-DD")
    release = StrikeRelease(published)
    lines = _logical_lines(text.replace("\u00a0", " "))
    both = frozenset(
        number
        for number, line in lines
        if re.search(r"\bSyria\b", line) and re.search(r"\bIraq\b", line)
    )
    context = _Context(published, _default_day(text, published), both_lines=both)
    for line, segment in _segments(lines):
        _read(segment, line, context, release)
    if not release.strikes and not release.totals:
        raise FieldError("text", "no strike and no stated count of strikes found")
    release.totals = _once(release.totals)
    release.checks = _checks(release)
    return release


def _dateline(text: str) -> dt.date | None:
    match = _DATELINE.search(text[:2000])
    if match is None:
        return None
    month = MONTH_NUMBERS[match["day"][:3].lower()]
    try:
        return dt.date(int(match["year"]), month, int(match["day"].split()[-1]))
    except ValueError:
        return None


def _default_day(text: str, published: dt.date) -> dt.date:
    """The day before publication, or the weekday an early release names ("five airstrikes
    Tuesday and today"), or the first day of "between 8 a.m., May 15, and 8 a.m., May 16"."""
    window = re.search(rf"between\s+8\s+a\.m\.,?\s+(?P<day>{_DAY})", text, re.IGNORECASE)
    if window and (day := _day(window["day"], published)):
        return day
    named = re.search(rf"\b({'|'.join(_WEEKDAYS)})\s+and\s+today\b", text[:3000], re.IGNORECASE)
    if named:
        back = (published.weekday() - _WEEKDAYS.index(named[1].lower())) % 7 or 7
        return published - dt.timedelta(days=back)
    return published - dt.timedelta(days=1)


def _read(segment: str, line: int, context: _Context, release: StrikeRelease) -> None:
    if heading := _HEADING_COUNTRY.match(segment):
        context.country, context.heading = _country(heading["country"]), True
        return
    if heading := _HEADING_DAY.match(segment):
        context.date = _day(heading["day"], context.published) or context.date
        return
    if _CAMPAIGN.search(segment):
        return
    if section := _SECTION.match(segment):
        context.country = _country(section["country"])
        context.heading = line not in context.both_lines
        after = segment[section.end() :].lstrip(" ,")
        if _item(after[:1].upper() + after[1:], line, context, release):
            return
    if _item(segment, line, context, release):
        return
    _totals(segment, line, context, release)


def _item(segment: str, line: int, context: _Context, release: StrikeRelease) -> bool:
    """A place entry, if the segment is one; the context's day and country apply."""
    if match := _DAY_SENTENCE.match(segment):
        day = (
            context.published - dt.timedelta(days=1)
            if match["yesterday"]
            else _day(match["day"], context.published) or context.date
        )
        context.date = day
        if match["country"]:
            context.country, context.heading = _country(match["country"]), True
        place = match["place0"] or _single_place(match["tail"])
        if place is None:
            return False
        _add(release, line, day, context, place, match, match["tail"])
        return True
    for pattern in (_ITEM, _EARLY_ITEM, _TOOK_PLACE, _ORDINAL_ITEM):
        match = pattern.match(segment)
        if match is None:
            continue
        groups = match.groupdict()
        country = _country(groups.get("country"), groups.get("country2"))
        day = context.date
        if groups.get("day"):  # "-- On April 7 near Tabqah, …": that item's day, not the list's
            day = _day(groups["day"], context.published) or day
        elif groups.get("when"):
            day = _day(groups["when"], context.published) or day
        place = match["place"]
        if groups.get("direction") and not groups["direction"].lower().startswith("near"):
            place = f"{groups['direction']} {place}"
        _add(release, line, day, context, place, match, groups.get("rest") or "", country)
        return True
    return False


def _single_place(tail: str) -> str | None:
    """The one place a day sentence's strikes were "near", or None for several or none."""
    near = re.search(rf"\bnear\s+(?:the\s+)?{_PLACE}", tail)
    if near is None:
        return None
    following = tail[near.end() :]
    if re.match(r"\s*(?:,\s*(?!The\b|This\b|It\b)[A-Z]|and\s+[A-Z])", following):
        return None
    return near["place"]


def _add(
    release: StrikeRelease,
    line: int,
    day: dt.date,
    context: _Context,
    place: str,
    match: re.Match[str],
    rest: str,
    named: str | None = None,
) -> None:
    """An entry; its country is the one the item names, else its section's, else the place's
    own (the geocoder's), else the one the prose last named."""
    place = place.strip().rstrip(".,")
    groups = match.groupdict()
    count = _count(groups["n"]) if groups.get("n") else 1
    engagements = _engagements(groups.get("e"), rest)
    country = named or context.stated()
    text = f"near {place}" if not place[0].islower() else place
    where = geocode(text, country)
    if country is None and (where is None or where.country not in CAMPAIGN):
        where = geocode(text, context.country) if context.country else None
    country = country or (where.country if where else None) or context.country
    release.strikes.append(
        StrikeEntry(
            line=line,
            date=day,
            country=country,
            place=place,
            strikes=count,
            engagements=engagements,
            targets=rest.strip().rstrip("."),
            latitude=where.latitude if where else None,
            longitude=where.longitude if where else None,
            location_precision=where.precision if where else None,
            geonameid=where.geonameid if where else None,
        )
    )


def _engagements(stated: str | None, rest: str) -> int | None:
    """The engagements stated with the count, or later in its sentence ("a strike that
    engaged … consisting of two engagements"), or None."""
    if stated:
        return _count(stated)
    later = _LATER_ENGAGEMENTS.search(rest)
    return _count(later["e"]) if later else None


def _totals(segment: str, line: int, context: _Context, release: StrikeRelease) -> None:
    for match in _NO_STRIKES.finditer(segment):
        start, end = _when(match["tail"], context)
        release.totals.append(StatedTotal(line, start, end, _country(match["country"]), 0, None))
    for match in _MONTH_TOTAL.finditer(segment):
        start, end = _month(match["month"], context.published)
        release.totals.append(StatedTotal(line, start, end, None, _count(match["n"]), None))
    for match in _TOTAL.finditer(segment):
        tail = match["tail"] if match["tail"] is not None else match["tail2"]
        country = _total_country(tail, segment[: match.start()], context)
        if match["n"] and (place := _single_place(tail)):
            _add(release, line, context.date, context, place, match, tail, country)
            continue
        start, end = _when(f"{match['span'] or ''} {tail}", context, segment)
        release.totals.append(
            StatedTotal(
                line,
                start,
                end,
                country,
                _count(match["n"] or match["n2"]),
                _engagements(match["e"], tail),
            )
        )
        other = _AND_ANOTHER.match(tail)
        if other and country is not None and _country(other["country"]) != country:
            total = StatedTotal(
                line, start, end, _country(other["country"]), _count(other["n"]), None
            )
            release.totals.append(total)


_BOTH = re.compile(r"\b(?:Syria\s+and\s+Iraq|Iraq\s+and\s+Syria)\b", re.IGNORECASE)
_IN_COUNTRY = re.compile(r"\bin\s+(Syria|Iraq)\b", re.IGNORECASE)


def _total_country(tail: str, head: str, context: _Context) -> str | None:
    """The country a count is for: named after it ("… strikes in Syria"), else before it
    ("attack ISIL terrorists in Syria Dec. 26 … to conduct sixteen airstrikes"), else the
    section's; None for both ("in Iraq and Syria")."""
    for words in (tail, head):
        if _BOTH.search(words):
            return None
        if named := _IN_COUNTRY.search(words):
            return _country(named[1])
    return context.country


def _month(name: str, published: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the last month of that name on or before publication."""
    month = MONTH_NUMBERS[name[:3].lower()]
    year = published.year if month <= published.month else published.year - 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


def _when(text: str, context: _Context, sentence: str = "") -> tuple[dt.date, dt.date]:
    """The span or day a total's sentence names, else the context's day."""
    if last := _LAST_DAYS.search(sentence or text):
        days = _count(last["n"])
        return context.published - dt.timedelta(days=days), context.published - dt.timedelta(days=1)
    if whole := _MONTH_SPAN.search(sentence or text):
        start, end = _month(whole["month"], context.published)
        if whole["days"]:
            end = start + dt.timedelta(days=int(whole["days"]) - 1)
        return start, min(end, context.published - dt.timedelta(days=1))
    for source in (text, sentence):
        if span := re.search(_SPAN, source, re.IGNORECASE):
            found = _span(span, context.published)
            if found:
                return found
        between = re.search(
            rf"between\s+(?P<a>{_DAY})\s+and\s+(?P<b>yesterday|today|{_DAY})", source, re.I
        )
        if between and (found := _span(between, context.published)):
            return found
    on = re.search(rf"\b(?:on\s+)?(?P<day>{_DAY})\b(?!,?\s+(?:19|20)\d\d)", sentence or text, re.I)
    if on and (day := _day(on["day"], context.published)):
        context.date = day
        return day, day
    if re.search(r"\byesterday\b", sentence or text, re.IGNORECASE):
        day = context.published - dt.timedelta(days=1)
        return day, day
    return context.date, context.date


def _once(totals: list[StatedTotal]) -> list[StatedTotal]:
    """A total stated twice (a headline and its story) is one total: the first."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for total in totals:
        key = (total.date, total.date_end, total.country, total.strikes, total.engagements)
        if key not in seen:
            seen.add(key)
            kept.append(total)
    return kept


def _checks(release: StrikeRelease) -> list[Check]:
    listed: dict[tuple[dt.date, str | None], int] = {}
    for entry in release.strikes:
        key = (entry.date, entry.country)
        listed[key] = listed.get(key, 0) + entry.strikes
    checks = []
    for total in release.totals:
        if total.date != total.date_end or total.country is None:
            continue
        key = (total.date, total.country)
        if key in listed:
            checks.append(Check(total.date, total.country, total.strikes, listed[key]))
    return checks


def as_json(release: StrikeRelease) -> dict[str, list[dict[str, Any]]]:
    """The release as `civcas parse strike-release --format json` prints it."""
    strikes: list[dict[str, Any]] = [
        {
            "line": entry.line,
            "date": entry.date.isoformat(),
            "country": entry.country,
            "place": entry.place,
            "strikes": entry.strikes,
            "engagements": entry.engagements,
            "targets": entry.targets,
            "latitude": entry.latitude,
            "longitude": entry.longitude,
            "location_precision": entry.location_precision.value
            if entry.location_precision
            else None,
        }
        for entry in release.strikes
    ]
    totals: list[dict[str, Any]] = [
        {
            "line": total.line,
            "date": total.date.isoformat(),
            "date_end": total.date_end.isoformat(),
            "country": total.country,
            "strikes": total.strikes,
            "engagements": total.engagements,
        }
        for total in release.totals
    ]
    checks: list[dict[str, Any]] = [
        {
            "date": check.date.isoformat(),
            "country": check.country,
            "stated": check.stated,
            "listed": check.listed,
            "adds_up": check.adds_up,
        }
        for check in release.checks
    ]
    return {"strikes": strikes, "totals": totals, "checks": checks}
