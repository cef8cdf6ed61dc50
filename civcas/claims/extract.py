"""The figures a news article attributes to someone, found by explicit rules (no model).

Approach, one sentence at a time:

1. **Sentences.** Paragraphs are separated by blank lines; a sentence ends at ``.``, ``!`` or
   ``?`` (closing quotes allowed) followed by a space and a character that is not lower-case,
   or at a full stop run into the next word ("killed.Friday's").
   Initials ("U.S.", "U.N.") and titles ("Gen.", "Jan.") never end a sentence.
2. **Numbers.** Number words become digits (``text_to_num.alpha2digit``; "1.2 million" is
   scaled with ``text2num`` first).
3. **Dates** (`_period`). Month-name dates ("August 2014", "March 31", "June of this year",
   "the end of June 2018"), years after a date word ("in 2014", "between 2014 and 2016"),
   "last month"/"this year", "since the campaign began" and "to date" are found by pattern and
   resolved by ``dateparser`` to the day, month or year they name; ``published`` anchors the
   relative ones and those without a year (without ``published`` they stay unknown). The word
   before a date decides its role: "between A and B"/"from A to B"/"A to B" is the period,
   "since A" starts it, "as of/through/until/by A" ends it, "in/during/over A" or a bare
   "last month" is the whole period. "Since ..."/"to date" without an end run to ``published``.
   "Since the campaign began [in 2014]" starts on `CAMPAIGN_START`. The first start and the first
   end found in a sentence win; a start after the end gives no period. Dates are blanked before
   figures are read, so their digits are never counted.
4. **Figures** (`_figures`). "N", "X to Y", "X-Y", "X–Y", "between X and Y". A qualifier does not
   widen the range: "more than X", "at least X", "about X", "up to X" all give (X, X), since the
   text gives no other bound. "from X to Y" is a change, and gives (Y, Y). Decimals are widened to
   whole numbers (2.5 percent -> 2..3). Sub-counts ("including 900 children", "of whom ...") are
   skipped so that they are not counted twice, and so are ages ("aged 34").
5. **What is counted** (`_measure`). The counted noun is the last word of the first run of
   known nouns within four words after the figure, with only modifiers before it and no
   function word or verb in between ("125 civilian casualty reports" -> reports; "two weeks
   before" -> nothing). Civilians/people count as killed when the fate word nearest the figure
   in the sentence is a killing one ("deaths", "killed", "died", "toll"); "wounded", "injured",
   "fled", "displaced" ... make it no claim (the ledger's vocabulary counts deaths only).
   Reports take their class from the clause ("not credible", "credible", "duplicates", "still
   being investigated"/"under review"/"open"), else from the verb before them ("assessed",
   "reviewed" -> assessed; "received", "logged" -> received). Without a noun, the predicate
   right after the figure decides ("three were duplicates", "16 of them were credible", "12
   died", "the toll rose to 40"). Square kilometres and percentages are `Measure.TERRITORY`,
   and only in a sentence about territory ("controls", "held", "territory", ...); the unit is
   not kept. Any other number is not a claim.
6. **Attribution** (`_speakers`, parties in `civcas.claims.parties`). A figure is the
   speaker's: the subject of a reporting verb (said, estimated, acknowledged, admitted,
   documented, found, recorded, claiming …, allowing up to four words and one appositive
   between: "Airwars, a U.K.-based monitor, estimates"), whoever follows "according to"
   (descriptors allowed: "according to UK-based monitoring group the Syrian Observatory"), the
   agent of a passive ("acknowledged by the Pentagon"), the name after a quotation's ", said",
   the source of a relay ("Syrian TV reported, citing local sources"; "RT quoted X as"), the
   main clause's subject for a participle (", claiming …"), and, for "It also said" or "The
   acknowledgement brings …", the last speaker named before. A listener never speaks ("told
   AP"), nor a place ("residents of Bab Sinjar told": the residents). Speakers are known parties
   (the coalition is CJTF-OIR, the Pentagon, CENTCOM, U.S. officials, "the alliance"), unnamed
   ones named as such (activists, residents, local sources, monitoring groups, "Syrian media"),
   "the monitor"/"the Observatory"/"the network" for the monitor the text names, organisations
   by their words (Ministry, Council, TV …) and people by name (or by the party their appositive
   names: "Jane Doe, Amnesty's researcher"). A party that only acts ("The coalition has carried
   out 29,826 strikes") may state what it did, never how many it killed: a perpetrator is not a
   source. A figure belongs to the last speaker before it in its sentence, else to the first
   after it; a sentence without speakers takes the claimant of the nearest preceding sentence
   *of the same paragraph* that had one. A figure whose clause hedges it ("reportedly", "an
   estimated") is `unknown`'s whoever speaks; an unattributed one is `unknown`'s when the
   sentence hedges, the publisher's on a party's own site, and otherwise no claim: never the
   nearest organisation's.
7. **Periods across sentences** (`_with_periods`). A claim whose sentence states no period takes
   the period of the nearest claim by the same claimant whose sentence states one — the nearest
   before it, else the nearest after it (news states the period once, usually with the first
   figures). Territory figures are a state at a moment and never borrow a period.
8. **Totals, not parts** (`_parts_dropped`). Breakdowns are no tolls ("including four
   children", "eight women"), nor ratios ("66 times fewer"). Two or three figures of one
   claimant, in the sentence of an exact total of theirs or the paragraphs after it, that add
   up to it are its parts and are dropped ("at least 105" … "101 civilians … and four").
9. **Scope** (`_place`, `_perpetrator`). The first place of the gazetteer the sentence names,
   and whose killing it counts where it says (coalition strikes, all parties, IS, Russia, the
   Syrian government): a count by all parties is no claim about the coalition's strikes.

Measured on real news (bench/claims_corpus.py, docs/benchmarks.md). Limits: people whose role
is not a known party (an Iraqi colonel "head of civil forces") speak in their own name; a
headline's figure without a speaker is lost; one period per sentence; ellipsis ("killed 12 and
wounded 30 civilians" loses the 12); a bare year without a date word ("2000 civilians") is read
as a figure, but one after a date word ("in 2000 civilians ...") as a date; "1K"-style
abbreviations are not read; a single-line heading without a blank line after it runs into the
next sentence; counts of people are read as civilians; "said last month" is read as the period
of the figures; a territory figure does not say whether it is a percentage or square
kilometres; injuries are not counted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from dateparser.date import DateDataParser
from text_to_num import alpha2digit, text2num

from civcas.claims.parties import UNKNOWN, UNNAMED, named_in
from civcas.gazetteer import PLACES
from civcas.vocab import Measure

#: The first month of coalition strikes (8 August 2014 in Iraq): where "since the campaign
#: began" starts.
CAMPAIGN_START = dt.date(2014, 8, 1)


@dataclass(frozen=True)
class ExtractedClaim:
    """One attributed figure; ``text[start:end]`` is the sentence it came from."""

    claimant: str
    measure: Measure
    value_min: int
    value_max: int
    period_start: dt.date | None
    period_end: dt.date | None
    start: int
    end: int
    place: str | None = None
    """The place the sentence scopes the figure to ("in Mosul"), in the gazetteer's spelling."""
    perpetrator: str | None = None
    """Whose killing the figure counts, where the sentence says: coalition, all parties, IS,
    Russia, the Syrian government. A count of deaths by all parties is no claim about the
    coalition's."""


@dataclass(frozen=True)
class _Figure:
    pos: int
    measure: Measure
    low: int
    high: int
    hedged: bool = False
    """The figure's own clause hedges it ("as many as 200 were reportedly killed"): whoever
    speaks in the sentence, nobody named states it."""
    rounded: bool = False
    """Written as an approximation ("about 1000", "more than 1,300"): no sum of parts."""


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    figures: tuple[_Figure, ...]
    speakers: tuple[tuple[int, str], ...]
    acting: bool
    period: tuple[dt.date | None, dt.date | None]
    hedged: bool
    place: str | None
    perpetrator: str | None


_MONITOR = "the monitor"
_PREVIOUS = "the last speaker"
"""A speaker named by reference: "It also said …", "The acknowledgement brings …"."""
_Period = tuple[dt.date | None, dt.date | None]
_NO_PERIOD: _Period = (None, None)
_STOCKS = frozenset({Measure.TERRITORY})


def extract_claims(
    text: str, published: dt.date | None = None, publisher: str | None = None
) -> list[ExtractedClaim]:
    """Every figure in ``text`` attributed to a claimant, in the order of the text.

    A sentence that names no speaker takes the one of the sentence before it in its paragraph.
    Failing that, a figure the text hedges ("reportedly", "an estimated") is `unknown`'s; any
    other is the writer's, and is a claim only where the writer is a party: ``publisher``, the
    party whose own site the text is on (`parties.publisher`). A news writer's unattributed
    figure is left out rather than credited to the nearest organisation."""
    found: list[tuple[_Sentence, _Figure, str]] = []
    carried: str | None = None
    paragraph = -1
    monitor = _first_monitor(text)
    last: str | None = None
    for sentence in _read(text, published):
        if sentence.paragraph != paragraph:
            carried, paragraph = None, sentence.paragraph
        named: dict[str, str | None] = {_MONITOR: monitor, _PREVIOUS: last}
        speakers = [
            (at, resolved)
            for at, who in sentence.speakers
            if (resolved := named.get(who, who)) is not None
        ]
        for figure in sentence.figures:
            claimant = _claimant(figure, sentence, speakers, carried, publisher)
            if claimant is not None:
                found.append((sentence, figure, claimant))
        if speakers and not sentence.acting:
            carried = last = speakers[-1][1]
        monitor = next(
            (who for _, who in reversed(speakers) if who in _MONITORS or "observatory" in who),
            monitor,
        )
    return _with_periods(_parts_dropped(found))


def _claimant(
    figure: _Figure,
    sentence: _Sentence,
    speakers: list[tuple[int, str]],
    carried: str | None,
    publisher: str | None,
) -> str | None:
    if figure.hedged:
        return UNKNOWN
    if figure.measure is Measure.CIVILIANS_KILLED and sentence.acting:
        speakers = []  # the party that acts is the perpetrator, not a source
    claimant = _claimant_for(figure.pos, tuple(speakers)) or carried
    if claimant is None:
        return UNKNOWN if sentence.hedged else publisher
    return claimant


def _first_monitor(text: str) -> str:
    """The monitor "the monitor" means when the text has named none before it: the first it
    names ("…, says monitor" heads a story that names the Syrian Observatory below)."""
    named = [(start, who) for start, _, who in named_in(text) if who in _MONITORS]
    return min(named)[1] if named else "monitoring groups"


def _parts_dropped(
    found: list[tuple[_Sentence, _Figure, str]],
) -> list[tuple[_Sentence, _Figure, str]]:
    """Without the figures that are parts of a total the same claimant states: two or three
    of its figures, in the sentence of the total or the few after it, that add up to it
    ("at least 105 civilians" … "101 civilians … and four civilians"; "20 civilians" … "13
    civilians" … "seven civilians")."""
    parts: set[int] = set()
    for index, (sentence, total, who) in enumerate(found):
        if total.rounded:
            continue
        following = [
            (i, figure)
            for i, (other, figure, by) in enumerate(found)
            if i != index
            and by == who
            and figure.measure is total.measure
            and sentence.start <= other.start
            and other.paragraph - sentence.paragraph <= _PARTS_REACH
            and figure.low < total.low
        ][:_PARTS_AT_MOST]
        for size in (2, 3):
            for group in combinations(following, size):
                if sum(figure.low for _, figure in group) == total.low:
                    parts.update(i for i, _ in group)
    return [item for i, item in enumerate(found) if i not in parts]


_PARTS_REACH = 4
"""How many paragraphs after a total its parts may be listed."""
_PARTS_AT_MOST = 12
"""How many figures after a total are tried as its parts (the sums tried grow as its cube)."""


def _claimant_for(pos: int, speakers: tuple[tuple[int, str], ...]) -> str | None:
    before = [who for at, who in speakers if at < pos]
    after = [who for at, who in speakers if at > pos]
    return before[-1] if before else (after[0] if after else None)


def _with_periods(found: list[tuple[_Sentence, _Figure, str]]) -> list[ExtractedClaim]:
    claims = []
    for index, (sentence, figure, claimant) in enumerate(found):
        period = sentence.period
        if period == _NO_PERIOD and figure.measure not in _STOCKS:
            period = _borrowed(index, claimant, found)
        claims.append(
            ExtractedClaim(
                claimant,
                figure.measure,
                figure.low,
                figure.high,
                *period,
                sentence.start,
                sentence.end,
                sentence.place,
                sentence.perpetrator,
            )
        )
    return claims


def _borrowed(index: int, claimant: str, found: list[tuple[_Sentence, _Figure, str]]) -> _Period:
    """The period of the nearest claim by ``claimant`` that states one: before, else after."""
    stated = [
        i
        for i, (sentence, figure, who) in enumerate(found)
        if who == claimant and sentence.period != _NO_PERIOD and figure.measure not in _STOCKS
    ]
    before = [i for i in stated if i < index]
    after = [i for i in stated if i > index]
    chosen = before[-1] if before else (after[0] if after else None)
    return _NO_PERIOD if chosen is None else found[chosen][0].period


# --- sentences -------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|(?<=[a-z]{2})\.(?=[A-Z][a-z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Rep|Sen|St|No|vs|"
    + "|".join(a for a in calendar.month_abbr[1:] if a != "May")
    + r"|Sept)\.)$"
)


def _read(text: str, published: dt.date | None) -> Iterator[_Sentence]:
    for paragraph, (start, end) in enumerate(_paragraphs(text)):
        for first, last in _sentences(text, start, end):
            yield _sentence(text[first:last], first, last, paragraph, published)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        yield start, gap.start()
        start = gap.end()
    yield start, len(text)


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans within ``text[start:end]``, trimmed of white space."""
    first = start
    for stop in _SENTENCE_END.finditer(text, start, end):
        following = text[stop.end() : end].lstrip()[:1]
        if following.islower() or _ABBREVIATION.search(text, first, stop.start() + 1):
            continue
        yield from _trimmed(text, first, stop.end())
        first = stop.end()
    yield from _trimmed(text, first, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if start + lead < end - trail:
        yield start + lead, end - trail


def _sentence(
    raw: str, start: int, end: int, paragraph: int, published: dt.date | None
) -> _Sentence:
    norm = _normalise(raw)
    period, date_spans = _period(norm, published)
    masked = _blank(norm, date_spans)
    speakers, acting = _speakers(norm)
    return _Sentence(
        start,
        end,
        paragraph,
        tuple(_figures(masked)),
        tuple(speakers),
        acting,
        period,
        bool(_HEDGED.search(norm)),
        _place(norm),
        _perpetrator(norm),
    )


_SCALED = re.compile(r"\b(\d+(?:\.\d+)?)\s+(thousand|million|billion)\b", re.I)


_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def _normalise(sentence: str) -> str:
    """Curly apostrophes made straight, "1.2 million" and number words made digits."""
    text = sentence.translate(_PLAIN)
    text = _SCALED.sub(lambda m: str(int(Decimal(m[1]) * text2num(m[2].lower(), "en"))), text)
    return str(alpha2digit(text, "en", threshold=0))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)


# --- dates and periods -----------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH = "|".join([*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"])
_MONTH_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?)?(?:{_MONTH})\b\.?(?:\s+{_DAY}\b)?"
    rf"(?:,?\s+(?:of\s+)?(?:{_YEAR}\b|(?i:this|last)\s+year\b))?"
)
_DATE = re.compile(
    r"(?:(?i:the\s+)?(?P<edge>(?i:end|close|start|beginning))\s+of\s+)?"
    rf"(?:(?P<md>{_MONTH_DATE})|(?P<rel>(?i:(?:last|this|past|previous)\s+(?:month|year))\b)"
    rf"|(?P<year>(?<![\d,.]){_YEAR}(?![\d]|[.,]\d)))"
)
_YEAR_CONTEXT = re.compile(
    r"(?i)(?:\b(?:as\s+of|since|in|of|from|between|and|to|until|till|through|by|during|"
    r"before|after|early|late|mid|throughout|over|for)\s+|[-–—]\s*)$"
)
_SINCE_CAMPAIGN = re.compile(
    r"(?i)\bsince\s+(?:the\s+|its\s+|the\s+coalition's\s+)?"
    r"(?:(?:start|beginning|launch)\s+of\s+(?:the\s+)?(?:air\s+)?(?:campaign|operations?|war|"
    r"Operation\s+Inherent\s+Resolve)"
    r"|(?:air\s+)?(?:campaign|operations?|war|Operation\s+Inherent\s+Resolve)\s+"
    r"(?:began|started|was\s+launched))"
    rf"(?:\s+in\s+(?P<year>{_YEAR}))?"
)
_TO_DATE = re.compile(r"(?i)\b(?:to|till|until)\s+date\b|\bso\s+far\b")
_PREPOSITION = re.compile(
    r"(?i)\b(as\s+of|as\s+at|up\s+to|between|from|since|through|until|till|by|to|in|during|"
    r"throughout|over|for)\s+$"
)
_LINK = re.compile(r"(?i)\s*(?:and|to|until|till|through|[-–—])\s*")
_END_WORDS = frozenset({"as of", "as at", "up to", "through", "until", "till", "by", "to"})
_SPAN_WORDS = frozenset({"in", "during", "throughout", "over", "for"})


def _period(norm: str, published: dt.date | None) -> tuple[_Period, list[tuple[int, int]]]:
    """The period a sentence states, and the spans of every date in it (to blank)."""
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    spans: list[tuple[int, int]] = []
    open_ended = False
    for match in _SINCE_CAMPAIGN.finditer(norm):
        year = int(match["year"]) if match["year"] else CAMPAIGN_START.year
        starts.append(CAMPAIGN_START if year == CAMPAIGN_START.year else dt.date(year, 1, 1))
        spans.append(match.span())
        open_ended = True
    for match in _TO_DATE.finditer(norm):
        spans.append(match.span())
        open_ended = True
    atoms = [m for m in _DATE.finditer(norm) if _is_date(m, norm, spans)]
    spans.extend(m.span() for m in atoms)
    open_ended |= _read_atoms(norm, atoms, published, starts, ends)
    if open_ended and published is not None:
        ends.append(published)
    start, end = (starts[0] if starts else None), (ends[0] if ends else None)
    if start is not None and end is not None and start > end:
        return _NO_PERIOD, spans  # contradictory: better none than a wrong one
    return (start, end), spans


def _is_date(match: re.Match[str], norm: str, taken: list[tuple[int, int]]) -> bool:
    if any(start < match.end() and match.start() < end for start, end in taken):
        return False
    return not match["year"] or bool(_YEAR_CONTEXT.search(norm, 0, match.start()))


def _read_atoms(
    norm: str,
    atoms: list[re.Match[str]],
    published: dt.date | None,
    starts: list[dt.date],
    ends: list[dt.date],
) -> bool:
    """Add the bounds the dates give to ``starts``/``ends``; True if one opens with "since"."""
    open_ended = False
    index = 0
    while index < len(atoms):
        atom, word = atoms[index], _word_before(norm, atoms[index].start())
        bounds = _bounds(atom, published)
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        if following and word in {"between", "from", ""} and _links(norm, atom, following):
            later = _bounds(following, published)
            starts.extend([bounds[0]] if bounds else [])
            ends.extend([later[1]] if later else [])
            index += 2
            continue
        if bounds and word == "since":
            starts.append(bounds[0])
            open_ended = True
        elif bounds and word in _END_WORDS:
            ends.append(bounds[1])
        elif bounds and (word in _SPAN_WORDS or atom["rel"]):
            starts.append(bounds[0])
            ends.append(bounds[1])
        index += 1
    return open_ended


def _word_before(norm: str, pos: int) -> str:
    match = _PREPOSITION.search(norm, 0, pos)
    return " ".join(match[1].lower().split()) if match else ""


def _links(norm: str, atom: re.Match[str], following: re.Match[str]) -> bool:
    return bool(_LINK.fullmatch(norm, atom.end(), following.start()))


def _bounds(atom: re.Match[str], published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the day, month or year a date names (None if unknown)."""
    phrase = _phrase(atom, published)
    if phrase is None:
        return None
    data = _date_parser(published).get_date_data(phrase)
    if data.date_obj is None:
        return None
    span = _span(data.date_obj.date(), data.period)
    if span is None:
        return None
    first, last = span
    if atom["rel"] and atom["rel"].lower().startswith("this") and published is not None:
        last = min(last, published)
    edge = (atom["edge"] or "").lower()
    if edge in {"end", "close"}:
        return last, last
    return (first, first) if edge in {"start", "beginning"} else (first, last)


def _phrase(atom: re.Match[str], published: dt.date | None) -> str | None:
    """The date as dateparser should read it; None when it needs ``published`` and has none."""
    if atom["year"]:
        return str(atom["year"])
    if atom["rel"]:
        return None if published is None else " ".join(atom["rel"].lower().split())
    phrase = str(atom["md"])
    if re.search(r"(?i)\bthis\s+year", phrase) and published is not None:
        phrase = re.sub(r"(?i)(?:,?\s+of)?\s+this\s+year", f" {published.year}", phrase)
    elif re.search(r"(?i)\blast\s+year", phrase) and published is not None:
        if published.year == dt.MINYEAR:
            return None
        phrase = re.sub(r"(?i)(?:,?\s+of)?\s+last\s+year", f" {published.year - 1}", phrase)
    if not re.search(_YEAR, phrase) and published is None:
        return None
    return re.sub(r"\bof\s+", "", phrase)


def _span(day: dt.date, period: str) -> tuple[dt.date, dt.date] | None:
    if period == "day":
        return day, day
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return None


@lru_cache(maxsize=16)
def _date_parser(published: dt.date | None) -> DateDataParser:
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


# --- figures and what they count -------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"(?i:\bbetween\s+)(?P<a>{_NUMBER})\s+(?i:and)\s+(?P<b>{_NUMBER})(?!\w|[.,]\d)"
    rf"|(?<![\w.,$£€#-])(?P<x>{_NUMBER})"
    rf"(?:\s*(?P<sep>[-–—]|(?i:to)\b)\s*(?P<y>{_NUMBER}))?(?!\w|[.,]\d)"
)
_NOT_A_COUNT = re.compile(
    r"(?i)\b(?:(?:including|among\s+them|among\s+whom|of\s+whom)\s+(?:\w+\s+){0,2}"
    r"|aged\s+|age\s+of\s+)$"
)
_FROM = re.compile(r"(?i)\bfrom\s+$")
_ROUNDED = re.compile(
    r"(?i)\b(?:about|nearly|almost|some|around|roughly|approximately|over|more\s+than|"
    r"up\s+to|as\s+many\s+as)\s+$"
)
_ANYWHERE = re.compile(r"(?i)\banywhere\s+from\s+$")  # a range, not a change
_CLAUSE_END = re.compile(
    r"[,;:()\[\]\"“”]|\.(?:\s|$)|\s(?:and|but|while|whereas|or)\s|\s[-–—]\s", re.I
)


def _figures(masked: str) -> Iterator[_Figure]:
    for match in _FIGURE.finditer(masked):
        before = masked[: match.start()]
        if _NOT_A_COUNT.search(before):
            continue
        after = _CLAUSE_END.split(masked[match.end() :], maxsplit=1)[0]
        measure = _measure(masked, before, after, match.span())
        if measure is not None:
            low, high = _values(match, before)
            clause = masked[max(0, match.start() - 40) : match.end() + 60]
            hedged = bool(_CLAUSE_HEDGE.search(clause))
            yield _Figure(match.start(), measure, low, high, hedged, bool(_ROUNDED.search(before)))


def _values(match: re.Match[str], before: str) -> tuple[int, int]:
    first = match["a"] or match["x"]
    second = match["b"] or match["y"] or first
    if (
        match["sep"]
        and match["sep"].lower() == "to"
        and _FROM.search(before)
        and not _ANYWHERE.search(before)
    ):
        first = second  # "rose from 12 to 15": the figure is now 15
    values = sorted(Decimal(number.replace(",", "")) for number in (first, second))
    return math.floor(values[0]), math.ceil(values[1])


def _kinds(kind: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), kind)


_HEADS = {
    **_kinds(
        "people",
        "civilian civilians people persons person non-combatants noncombatants residents "
        "villagers bystanders casualty casualties others citizens",
    ),
    **_kinds("dead", "deaths dead fatalities lives killings"),
    **_kinds("remains", "bodies corpses victims"),
    **_kinds("part", "children child women woman men boys girls babies infants fighters militants"),
    **_kinds("reports", "report reports allegation allegations"),
    **_kinds("strikes", "strike strikes airstrike airstrikes raids bombings"),
    **_kinds("km2", "km2"),
    **_kinds("percent", "percent"),
}
_CANONICAL = (
    (re.compile(r"square\s+kilomet(?:er|re)s?|sq\.?\s*km\b|km2|km²"), " km2 "),
    (re.compile(r"per\s*cent\b|%"), " percent "),
    (re.compile(r"air[\s-]+strikes?\b"), " airstrikes "),
)
_MODIFIER = re.compile(r"[a-z][a-z'-]*")
_STOP = frozenset(
    _kinds(
        "stop",
        "of in on at from by for with to into during since before after over the a an and or but "
        "that who which were was are is be been being have has had will would could may might "
        "said says say per as than",
    )
)


def _measure(masked: str, before: str, after: str, span: tuple[int, int]) -> Measure | None:
    """What a figure counts; None for no claim, and for a part of a count ("four children",
    "eight women": the coding counts totals) or a ratio ("66 times fewer")."""
    if re.match(r"\s*(?:times|-fold|fold)\b", after, re.I):
        return None
    head = _head(after)
    kind = _HEADS.get(head or "")
    if kind == "part":
        return None
    if kind == "people":
        return Measure.CIVILIANS_KILLED if _killed(masked.lower(), span) else None
    if kind == "dead":
        return Measure.CIVILIANS_KILLED
    if kind == "remains":  # bodies and victims are the dead, unless the text says wounded
        return Measure.CIVILIANS_KILLED if _killed(masked.lower(), span, True) else None
    if kind == "reports":
        return _report_measure(after, before)
    if kind == "strikes":
        return Measure.STRIKES
    if kind in {"km2", "percent"} and _TERRITORY.search(masked):
        return Measure.TERRITORY
    return None if kind else _by_predicate(after, before)


def _head(after: str) -> str | None:
    """The counted noun: the last of the first run of nouns in the four words after a figure."""
    text = after.lower()
    for pattern, replacement in _CANONICAL:
        text = pattern.sub(replacement, text)
    words = text.split()
    if words[:1] == ["of"] and words[1:2] in (["them"], ["those"], ["these"], ["which"]):
        words = words[2:]
    head = None
    for word in words[:4]:
        if word in _HEADS:
            head = word
        elif head is not None or word in _STOP or not _MODIFIER.fullmatch(word):
            break
    return head


_KILLED = re.compile(
    r"\b(?:kill\w*|died|dies|die|dead|deaths?|toll|fatalit\w*|perished|lives|executed|"
    r"executions?|massacred)\b"
)
_NOT_KILLED = re.compile(
    r"\b(?:wound\w*|injur\w*|hurt|displac\w*|fled|flee\w*|evacuat\w*|rescued|detained|arrested|"
    r"returned)\b"
)
_TERRITORY = re.compile(
    r"(?i)\b(?:territor\w*|land|area|control\w*|held|holds?|recaptured|retaken|liberated|"
    r"seized|captured)\b"
)


def _killed(lower: str, span: tuple[int, int], unless_said: bool = False) -> bool:
    """Whether the figure's fate is a killing one ("wounded", "fled" are not): a fate word in the
    three words before it ("killed at least 23 people and wounded dozens"), else the first fate word
    of its own predicate, before the next figure ("946 civilians had been killed and 1000 others
    had been injured"), else the fate word nearest it; with none, `unless_said`."""
    lead = " ".join(lower[max(0, span[0] - 40) : span[0]].split()[-3:])
    before = [
        (match.end(), killed)
        for pattern, killed in ((_KILLED, True), (_NOT_KILLED, False))
        for match in pattern.finditer(lead)
        if not re.search(r"\b(?:and|but|while|or)\b|[,;]", lead[match.end() :])
    ]
    if before:  # "killed at least 23", "claiming the lives of 8"
        return max(before)[1]
    predicate = re.split(r"\d|[.;]", lower[span[1] : span[1] + 80], maxsplit=1)[0]
    own = [
        (match.start(), killed)
        for pattern, killed in ((_KILLED, True), (_NOT_KILLED, False))
        for match in pattern.finditer(predicate)
    ]
    if own:
        return min(own)[1]
    fates = [
        (max(match.start() - span[1], span[0] - match.end()), killed)
        for pattern, killed in ((_KILLED, True), (_NOT_KILLED, False))
        for match in pattern.finditer(lower)
    ]
    return min(fates)[1] if fates else unless_said


_REPORT_CLASSES = (
    (
        re.compile(r"\bnot\s+credible|\bnon-?credible|\bunsubstantiated"),
        Measure.REPORTS_NOT_CREDIBLE,
    ),
    (re.compile(r"\bcredible"), Measure.REPORTS_CREDIBLE),
    (re.compile(r"\bduplicat\w*"), Measure.REPORTS_DUPLICATE),
    (
        re.compile(
            r"\bbeing\s+(?:investigated|assessed|reviewed)|\bunder\s+(?:investigation|review|"
            r"assessment)|\bopen\b|\bpending\b"
        ),
        Measure.REPORTS_OPEN,
    ),
    (re.compile(r"\b(?:assessed|reviewed|closed)\b"), Measure.REPORTS_ASSESSED),
)
_DIED = re.compile(r"(?:killed|dead|died|perished)\b")
_VERB_BEFORE = (
    (
        re.compile(
            r"(?i)\b(?:assess\w*|review\w*|complet\w*|finish\w*|clos\w*)(?:\s+\S+){0,3}\s*$"
        ),
        Measure.REPORTS_ASSESSED,
    ),
    (
        re.compile(r"(?i)\b(?:receiv\w*|logg\w*|log|register\w*)(?:\s+\S+){0,3}\s*$"),
        Measure.REPORTS_RECEIVED,
    ),
)
_PREDICATE = re.compile(
    r"\s*(?:of\s+(?:them|those|these|which)\s+)?"
    r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+)?"
    r"(?:(?:still|later|also|now|all|subsequently)\s+)*"
    r"(?:(?:deemed|found|judged|determined|considered|ruled|classed|classified|rated)\s+"
    r"(?:to\s+be\s+|as\s+)?)?",
    re.I,
)
_TOLL_BEFORE = re.compile(r"(?i)\btoll\b(?:\s+\w+){0,3}\s*$")
_ABOUT = r"(?:at\s+least\s+|about\s+|nearly\s+|around\s+|more\s+than\s+|some\s+)?"
_TOTAL_BEFORE = re.compile(
    r"(?i)\b(?:number|toll|total|tally|count)\s+of\s+(?:[\w-]+\s+){0,2}?"
    r"(?:deaths|dead|fatalities|victims|civilians\s+killed)\b[^.]{0,80}?"
    rf"\b(?:to|at|reached|reaches|reach|stands\s+at|stood\s+at)\s+{_ABOUT}$"
    rf"|\b(?:raises?|raised|rises|rose|climbs?|climbed)\s+to\s+{_ABOUT}$"
)
"""A running total without a noun after it: "brings the number of civilian deaths
acknowledged by the Pentagon to 14"."""


def _report_measure(clause: str, before: str) -> Measure | None:
    lower = clause.lower()
    for pattern, measure in _REPORT_CLASSES:
        if pattern.search(lower):
            return measure
    for pattern, measure in _VERB_BEFORE:
        if pattern.search(before):
            return measure
    return None


def _by_predicate(after: str, before: str) -> Measure | None:
    """A figure without a noun: "three were duplicates", "12 died", "the toll rose to 40"."""
    auxiliaries = _PREDICATE.match(after)
    rest = after[auxiliaries.end() if auxiliaries else 0 :].lower()
    for pattern, measure in _REPORT_CLASSES:
        if pattern.match(rest):
            return measure
    if _DIED.match(rest) or _TOLL_BEFORE.search(before) or _TOTAL_BEFORE.search(before):
        return Measure.CIVILIANS_KILLED
    return None


# --- who says so -----------------------------------------------------------------------------

_DESCRIPTORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *UNNAMED,
    (
        _MONITOR,
        re.compile(
            r"\b(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?)?(?:war\s+)?monitor\b|\bthe\s+Observatory\b"
            r"|\bthe\s+network\b",
            re.I,
        ),
    ),
)
"""Unnamed speakers (`parties.UNNAMED`), and "the monitor", the monitor the text named."""
_MONITORS = frozenset({"syrian observatory", "syrian network for human rights", "airwars"})
_NAME = re.compile(
    r"\b[A-Z][\w&'-]*\.?(?:(?:\s+(?:(?:of|for|on|and|the|de|al|bin|abu|ibn)\s+)*"
    r"|\s+(?:ez|az|el|ad|al|as|ar|an|at)-)[A-Z][\w&'-]*\.?)*"
)
_TITLE = re.compile(
    r"^(?:(?:Brig|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Dr|Mr|Mrs|Ms|Prof|Sen|Rep)\.?\s+|"
    r"(?:Brigadier|General|Lieutenant|Colonel|Major|Captain|Sergeant|Admiral|Minister|"
    r"President|Prime\s+Minister|Spokesman|Spokeswoman|Director|Chief|Head|Governor|Mayor|"
    r"Commander|Deputy|Secretary)\s+)+"
)
_ORGANISATION_WORD = re.compile(
    r"\b(?:Ministry|Department|Agency|Office|Observatory|Network|Council|Commission|Committee|"
    r"Watch|Group|Forces?|Army|Command|Cent(?:er|re)|Organi[sz]ation|Institute|Project|Monitor|"
    r"Union|Cross|Crescent|Federation|Authority|Government|Directorate|Mission|Programme|"
    r"Program|Fund|Defen[cs]e|Police|Association|Foundation|Society|News|Team|"
    r"Times|Post|Press|Journal|Jazeera|Reuters|Anadolu|Agence|TV|Television|Media|Radio)\b"
)
_NOT_SPEAKERS = frozenset(
    {"IS", "ISIS", "ISIL", "US", "USA", "UK", "EU", "FILE", "AM", "PM", "AP", "The", "It"}
)
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|say|saying|stated|states|added|adds|wrote|writes|told|tells|estimated|"
    r"estimates|estimate|acknowledged|acknowledges|acknowledge|admitted|admits|admit|conceded|"
    r"concedes|confirmed|confirms|reported|reports|announced|announces|found|finds|concluded|"
    r"concludes|determined|determines|counted|counts|recorded|records|documented|documents|"
    r"tallied|tallies|tracked|tracks|logged|logs|listed|lists|put|puts|claimed|claims|claim|"
    r"alleged|alleges|assessed|assesses|believes|believe|published|publishes|released|"
    r"releases|noted|notes|insisted|insists|maintained|maintains|recognised|recognized|"
    r"accepted|accepts|revealed|reveals|showed|shows|cited|cites|disclosed|discloses|"
    r"calculated|calculates|verified|verifies|warned|warns|explained|explains|admitting|"
    r"acknowledging|conceding|confirming|estimating|reporting|announcing|documenting|"
    r"tell|claiming|saying|mentioned|mentions)\b"
)
_SUBJECT_GAP = re.compile(
    r"(?:'s|[\")\]])?(?:\s+(?!that\b|who\b|which\b)[\w.-]+){0,4}?(?:\s*,[^,;\"]{1,160},)?"
    r"(?:\s*,\s*(?:which|who))?\s+"
    r"(?:(?:has|have|had|also|now|so\s+far|previously|earlier|on\s+\w+|today|"
    r"(?:issued|released|published)\s+(?:a|an|its)\s+(?:\w+\s+)?"
    r"(?:statement|report|infographic|analysis|count|tally|data))\s+)*$",
    re.I,
)
_OBJECT_BEFORE = re.compile(r"(?i)\b(?:told|tells|telling|to|by|from|against|than)\s+(?:the\s+)?$")
_ACCORDING_TO = re.compile(r"(?i)\baccording\s+to\s+(?:the\s+|a\s+)?")
_CITING = re.compile(r"(?i)\b(?:citing|referring\s+to|quoting|quoted)\s+(?:the\s+|a\s+)?")
"""A relay names its source: "Syrian TV reported, citing local sources" is the sources'."""
_PASSIVE_AGENT = re.compile(
    r"(?i)\b(?:acknowledged|reported|documented|confirmed|recorded|announced|estimated|"
    r"discovered|found|counted|released|published|verified)\s+by\s+(?:the\s+|a\s+)?"
)
_NOMINAL_AGENT = re.compile(
    r"(?i)\b(?:estimates?|counts?|tall(?:y|ies)|figures?|reports?|assessments?|data|"
    r"investigations?|analys[ie]s|documentation)\s+(?:by|from|of)\s+(?:the\s+)?$"
)
"""The author of a count named after it: "the best estimate by Airwars is that …"."""
_INVERTED = re.compile(
    r"(?i)[\",]\s*(?:said|says|added|wrote|reported|reports|stated|explained|announced|noted|"
    r"confirmed|according\s+to)\s+(?:the\s+|a\s+)?$"
)
_HEDGED = re.compile(
    r"(?i)\b(?:reportedly|(?:were|was|are|is|been)\s+reported|reported\s+to\s+have|"
    r"(?:is|are|were|was)\s+(?:estimated|believed|thought|said)\s+to|an\s+estimated|"
    r"(?:media|news)\s+reports?|reports\s+(?:said|say)|(?:a|one)\s+rights\s+group|"
    r"according\s+to\s+(?:the\s+)?(?:initial\s+)?(?:estimates|reports|figures))\b"
)
"""Figures whose speaker the text does not name: their claimant is `parties.UNKNOWN`."""
_CLAUSE_HEDGE = re.compile(
    r"(?i)\b(?:reportedly|(?:were|was)\s+reported\s+(?:to\s+have\s+been\s+)?(?:killed|dead)|"
    r"an\s+estimated)\b"
)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    claimant: str


def _speakers(norm: str) -> tuple[list[tuple[int, str]], bool]:
    """(position, claimant) of each party that speaks in the sentence, in order, and whether
    they only act (and so cannot be the source of a count of the dead).

    A party speaks when it is the subject of a reporting verb ("Airwars estimates …", "the
    prime minister told AP …", "Airwars, a UK-based monitor, said"), follows "according to",
    is the agent of a passive one ("acknowledged by the Pentagon") or follows a quotation's
    ", said". The listener never speaks: after "told" a name is the audience ("told AP"). A
    relay's source is the speaker ("Syrian TV reported, citing local sources"). Without any of
    these, a party that is the subject of a verb in the past acts ("The coalition has carried
    out 29,826 strikes"): it can state what it did, never how many it killed."""
    mentions = _mentions_in(norm)
    cited = [
        (m.start, m.claimant)
        for m in mentions
        if re.search(_CITING.pattern + r"(?:[\w-]+\s+){0,3}$", norm[max(0, m.start - 50) : m.start])
    ]
    if cited:
        return cited, False
    found: list[tuple[int, str]] = []
    for verb in _REPORTING_VERB.finditer(norm):
        subject = _subject_of(norm, mentions, verb.start())
        if subject is not None:
            found.append((subject.start, subject.claimant))
        elif _PARTICIPLE.match(norm[max(0, verb.start() - 3) : verb.end()]):
            subjects = [m for m in mentions if m.end <= verb.start()]
            subjects = [m for m in subjects if not _OBJECT_BEFORE.search(norm, 0, m.start)]
            found.extend((m.start, m.claimant) for m in subjects[:1])
    found.extend((m.start(), _PREVIOUS) for m in _BACK_REFERENCE.finditer(norm))
    for mention in mentions:
        before = norm[max(0, mention.start - 80) : mention.start]
        if (
            re.search(_ACCORDING_TO.pattern + r"(?:[\w-]+\s+){0,4}$", before, re.I)
            or re.search(_PASSIVE_AGENT.pattern + r"$", before, re.I)
            or _NOMINAL_AGENT.search(before)
            or _INVERTED.search(before)
            or (mention.start < 3 and norm[mention.end : mention.end + 2].startswith(":"))
        ):
            found.append((mention.start, mention.claimant))
    if found:
        return sorted(set(found)), False
    acting = [
        (m.start, m.claimant)
        for m in mentions
        if _ACTS.match(norm, m.end) and not _OBJECT_BEFORE.search(norm, 0, m.start)
    ]
    return acting, True


_PARTICIPLE = re.compile(
    r".*,\"?\s*(?:claiming|saying|adding|admitting|acknowledging|noting|insisting)$", re.S
)
"""", claiming they were …": the participle's subject is the clause's, its first mention."""
_BACK_REFERENCE = re.compile(
    r"(?i)\b(?:it|they|he|she|the\s+(?:acknowledge?ment|announcement|statement|report|admission|"
    r"release|assessment|letter|investigation|ministry|command|group))\s+"
    r"(?:also\s+|further\s+|then\s+|later\s+)?\"?\s*(?:said|says|added|stated|reported|estimated|"
    r"assesses|assessed|found|finds|concluded|noted|brings|brought|put|puts|showed|shows|"
    r"documented|recorded|confirmed|raises|raised)\b"
)
"""A sentence whose speaker is the last one named before it."""


_ACTS = re.compile(
    r"\s+(?:(?:has|have|had|also|now|so\s+far)\s+)*(?!kill|wound|injur|bomb|target|strik|struck)"
    r"[a-z]+ed\b"
)


def _subject_of(norm: str, mentions: list[_Mention], verb: int) -> _Mention | None:
    """The nearest mention before the verb that can be its subject (not an object)."""
    for mention in reversed(mentions):
        if mention.end > verb:
            continue
        if not _SUBJECT_GAP.fullmatch(norm, mention.end, verb):
            continue
        if _OBJECT_BEFORE.search(norm, max(0, mention.start - 12), mention.start):
            continue
        earlier = [m for m in mentions if m.end <= mention.start]
        if earlier and _MODIFIER_OF.fullmatch(norm, earlier[-1].end, mention.start):
            return earlier[-1]  # "residents of Bab Sinjar told …": the residents speak
        if earlier and re.fullmatch(r"\s+and\s+", norm[earlier[-1].end : mention.start]):
            return earlier[-1]  # "activists and monitors said": the first named
        return mention
    return None


_MODIFIER_OF = re.compile(r"\s+(?:of|in|at|near|from)\s+(?:the\s+)?", re.I)


def _mentions_in(norm: str) -> list[_Mention]:
    """Known parties, unnamed speakers, then other organisations and people by name; a
    person introduced by an appositive that names a party ("X, a coalition spokesman,") is
    that party."""
    taken: list[_Mention] = [_Mention(a, b, who) for a, b, who in named_in(norm)]
    named_ends = [m.end for m in taken]
    for who, pattern in _DESCRIPTORS:
        taken += [
            _Mention(m.start(), m.end(), who or m[0].lower())
            for m in pattern.finditer(norm)
            if not any(0 <= m.start() - end <= 3 for end in named_ends)  # "RBSS" activist group
        ]
    taken = _without_overlaps(taken)
    for match in _NAME.finditer(norm):
        if any(m.start < match.end() and match.start() < m.end for m in taken):
            continue
        name = _TITLE.sub("", re.sub(r"^(?:The|An?)\s+", "", match[0])).strip(" .")
        if _BACK_NAME.fullmatch(name) and re.search(r"(?i)\bthe\s+$", norm[: match.start()]):
            taken.append(_Mention(match.start(), match.end(), _PREVIOUS))  # "the Agency"
            continue
        if not name or name in _NOT_SPEAKERS or (match.start() == 0 and " " not in name):
            continue
        if not re.sub(r"\b(?:and|of|the)\b", "", _PLACE.sub("", name)).strip():
            continue  # "Syria and Iraq"
        if _ORGANISATION_WORD.search(name) or re.fullmatch(r"[A-Z]{2,6}", name):
            taken.append(_Mention(match.start(), match.end(), organisation(name)))
        elif " " in name:
            taken.append(_Mention(match.start(), match.end(), _person(norm, match, name)))
    return sorted(taken, key=lambda m: m.start)


def organisation(name: str) -> str:
    """An organisation's claimant name: lower case, one spelling of "defence", and a national
    defence ministry named one way ("Dutch Defense Ministry" is "dutch ministry of defence")."""
    plain = re.sub(r"\bdefense\b", "defence", " ".join(name.lower().split()))
    return re.sub(r"^(.+?)\s+defence\s+ministry$", r"\1 ministry of defence", plain)


_BACK_NAME = re.compile(
    r"Agency|Ministry|Department|Command|Council|Network|Group|Mission|Office|Commission"
)
"""A body named only by its kind ("the Agency reported"): the one last named."""


def _person(norm: str, match: re.Match[str], name: str) -> str:
    """A person speaks for the party their appositive names, else in their own name."""
    appositive = re.match(r"\s*,([^,;\"]{1,120})(?:[,.]|$)", norm[match.end() :])
    if appositive:
        parties = [who for _, _, who in named_in(appositive[1])]
        if parties:
            return parties[0]
    return " ".join(name.lower().split())


def _without_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """The longest of overlapping mentions ("U.S. Central Command" over "U.S.")."""
    kept: list[_Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


# --- scope: where and whose killing ------------------------------------------------------------

_PLACE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(v) for _, variants in PLACES for v in variants if v != "Hit"),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
_LATIN = {variant: variants[0] for _, variants in PLACES for variant in variants}


def _place(norm: str) -> str | None:
    """The first place of the gazetteer the sentence names, as the gazetteer spells it."""
    match = _PLACE.search(norm)
    return _LATIN[match[0]] if match else None


_PERPETRATORS = (
    ("all parties", re.compile(r"(?i)\b(?:all|both|various)\s+(?:parties|sides)\b|\bby\s+all\b")),
    (
        "IS",
        re.compile(
            r"(?i)\b(?:executed|killed|slaughtered|massacred)\s+by\s+(?:the\s+)?"
            r"(?:IS|ISIS|ISIL|Daesh|Islamic\s+State|militants|jihadists)\b|\bIS\s+executions\b"
            r"|\b(?:IS|ISIS|ISIL|Daesh)\s+(?:executed|massacred)\b"
        ),
    ),
    ("russia", re.compile(r"(?i)\bRussian?\s+(?:air\s*strikes|strikes|warplanes|jets|raids)")),
    (
        "syrian government",
        re.compile(
            r"(?i)\b(?:regime|government|Syrian\s+army)\s+(?:air\s*strikes|shelling|forces)"
        ),
    ),
    (
        "coalition",
        re.compile(
            r"(?i)\b(?:coalition|U\.?S\.?-led|U\.?S\.?|American|alliance)\s+"
            r"(?:air\s*strikes|strikes|raids|bombing|bombardment|warplanes|jets|air\s+raids|attacks)"
            r"|\bby\s+(?:the\s+)?(?:U\.?S\.?-led\s+)?coalition\b|\bcoalition\s+actions\b"
        ),
    ),
)


def _perpetrator(norm: str) -> str | None:
    """Whose killing the sentence counts, where it says; the first scope found in this order."""
    for who, pattern in _PERPETRATORS:
        if pattern.search(norm):
            return who
    return None
