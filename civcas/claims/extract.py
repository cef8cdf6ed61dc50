"""The figures a news article attributes to someone, found by explicit rules (no model).

Approach, one sentence at a time:

1. **Sentences.** Paragraphs are separated by blank lines; a sentence ends at ``.``, ``!`` or
   ``?`` (closing quotes allowed) followed by a space and a character that is not lower-case.
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
6. **Attribution** (`_speakers`). A speaker is a known organisation (see `_KNOWN`; the Pentagon
   counts as the coalition in a sentence that names the coalition) or an unknown capitalised
   name containing an organisation word ("Ministry", "Council", ...) or an acronym, which is
   then lower-cased. A mention speaks when it is followed by a reporting verb (allowing "'s",
   up to three words such as "officials" or "Thursday", and one appositive between commas:
   "Airwars, a U.K.-based monitor, estimates"), when it follows "according to", or when it
   follows a quote-ending ", said"/", says". Only when no mention speaks, a mention that is the
   subject of a past-tense verb does ("The coalition has carried out 29,826 strikes"; not
   "Coalition strikes killed ...", nor a killing verb: "The coalition killed 12 civilians" is
   the writer's claim, not the coalition's). A figure belongs to the last speaker before it in
   its sentence, else to the first after it; a sentence without speakers takes the claimant of
   the nearest preceding sentence *of the same paragraph* that had one. Figures with no claimant
   are dropped: they are not attributed.
7. **Periods across sentences** (`_with_periods`). A claim whose sentence states no period takes
   the period of the nearest claim by the same claimant whose sentence states one — the nearest
   before it, else the nearest after it (news states the period once, usually with the first
   figures). Territory figures are a state at a moment and never borrow a period.

Limits: one period per sentence; ellipsis ("killed 12 and wounded 30 civilians" loses the 12);
a bare year without a date word ("2000 civilians") is read as a figure, but one after a date
word ("in 2000 civilians ...") as a date; "1K"-style abbreviations are not read; a single-line
heading without a blank line after it runs into the next sentence; counts of people are read as
civilians; "said last month" is read as the period of the figures; a territory figure does not
say whether it is a percentage or square kilometres; injuries are not counted.
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

from dateparser.date import DateDataParser
from text_to_num import alpha2digit, text2num

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


@dataclass(frozen=True)
class _Figure:
    pos: int
    measure: Measure
    low: int
    high: int


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    figures: tuple[_Figure, ...]
    speakers: tuple[tuple[int, str], ...]
    period: tuple[dt.date | None, dt.date | None]


_Period = tuple[dt.date | None, dt.date | None]
_NO_PERIOD: _Period = (None, None)
_STOCKS = frozenset({Measure.TERRITORY})


def extract_claims(text: str, published: dt.date | None = None) -> list[ExtractedClaim]:
    """Every figure in ``text`` attributed to a claimant, in the order of the text."""
    found: list[tuple[_Sentence, _Figure, str]] = []
    carried: str | None = None
    paragraph = -1
    for sentence in _read(text, published):
        if sentence.paragraph != paragraph:
            carried, paragraph = None, sentence.paragraph
        for figure in sentence.figures:
            claimant = _claimant_for(figure.pos, sentence.speakers) or carried
            if claimant is not None:
                found.append((sentence, figure, claimant))
        if sentence.speakers:
            carried = sentence.speakers[-1][1]
    return _with_periods(found)


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
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
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
    return _Sentence(start, end, paragraph, tuple(_figures(masked)), tuple(_speakers(norm)), period)


_SCALED = re.compile(r"\b(\d+(?:\.\d+)?)\s+(thousand|million|billion)\b", re.I)


def _normalise(sentence: str) -> str:
    """Curly apostrophes made straight, "1.2 million" and number words made digits."""
    text = sentence.replace("’", "'").replace("\u00a0", " ")
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
    r"(?:(?:start|beginning|launch)\s+of\s+the\s+(?:air\s+)?(?:campaign|operation|war)"
    r"|(?:air\s+)?(?:campaign|operation|war)\s+(?:began|started|was\s+launched))"
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
            yield _Figure(match.start(), measure, low, high)


def _values(match: re.Match[str], before: str) -> tuple[int, int]:
    first = match["a"] or match["x"]
    second = match["b"] or match["y"] or first
    if match["sep"] and match["sep"].lower() == "to" and _FROM.search(before):
        first = second  # "rose from 12 to 15": the figure is now 15
    values = sorted(Decimal(number.replace(",", "")) for number in (first, second))
    return math.floor(values[0]), math.ceil(values[1])


def _kinds(kind: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), kind)


_HEADS = {
    **_kinds(
        "people",
        "civilian civilians people persons person non-combatants noncombatants residents children "
        "women men villagers bystanders casualty casualties victims others",
    ),
    **_kinds("dead", "deaths dead fatalities lives killings"),
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
    head = _head(after)
    kind = _HEADS.get(head or "")
    if kind == "people":
        return Measure.CIVILIANS_KILLED if _killed(masked.lower(), span) else None
    if kind == "dead":
        return Measure.CIVILIANS_KILLED
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


_KILLED = re.compile(r"\b(?:kill\w*|died|dies|die|dead|deaths?|toll|fatalit\w*|perished|lives)\b")
_NOT_KILLED = re.compile(
    r"\b(?:wound\w*|injur\w*|hurt|displac\w*|fled|flee\w*|evacuat\w*|rescued|detained|arrested|"
    r"returned)\b"
)
_TERRITORY = re.compile(
    r"(?i)\b(?:territor\w*|land|area|control\w*|held|holds?|recaptured|retaken|liberated|"
    r"seized|captured)\b"
)


def _killed(lower: str, span: tuple[int, int]) -> bool:
    """Whether the fate word nearest the figure is a killing one ("wounded", "fled" are not)."""
    fates = [
        (max(match.start() - span[1], span[0] - match.end()), killed)
        for pattern, killed in ((_KILLED, True), (_NOT_KILLED, False))
        for match in pattern.finditer(lower)
    ]
    return bool(fates) and min(fates)[1]


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
    if _DIED.match(rest) or _TOLL_BEFORE.search(before):
        return Measure.CIVILIANS_KILLED
    return None


# --- who says so -----------------------------------------------------------------------------

_KNOWN: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "coalition",
        re.compile(
            r"\b(?:CJTF[-–\s]*OIR|Combined\s+Joint\s+Task\s+Force(?:\s*[-–—]\s*Operation\s+"
            r"Inherent\s+Resolve)?|(?:Operation\s+)?Inherent\s+Resolve|coalition)\b",
            re.I,
        ),
    ),
    (
        "pentagon",
        re.compile(r"\b(?:Pentagon|Department\s+of\s+Defen[cs]e|Defen[cs]e\s+Department)\b"),
    ),
    ("airwars", re.compile(r"\bAirwars\b", re.I)),
    ("amnesty", re.compile(r"\bAmnesty(?:\s+International)?\b")),
    (
        "syrian observatory",
        re.compile(r"\b(?:Syrian\s+Observatory(?:\s+for\s+Human\s+Rights)?|SOHR)\b"),
    ),
    (
        "syrian network for human rights",
        re.compile(r"\b(?:Syrian\s+Network\s+for\s+Human\s+Rights|SNHR)\b"),
    ),
    ("human rights watch", re.compile(r"\b(?:Human\s+Rights\s+Watch|HRW)\b")),
    ("ucdp", re.compile(r"\b(?:UCDP|Uppsala\s+Conflict\s+Data\s+Program(?:me)?)\b")),
    (
        "acled",
        re.compile(
            r"\b(?:ACLED|Armed\s+Conflict\s+Location\s+(?:&|and)\s+Event\s+Data(?:\s+Project)?)\b"
        ),
    ),
    ("iraq body count", re.compile(r"\b(?:Iraq\s+Body\s+Count|IBC)\b")),
    ("un", re.compile(r"(?<![\w.])(?:United\s+Nations|U\.N\.|UN)(?![\w-])")),
)
_NAME = re.compile(r"\b[A-Z][\w&-]*(?:\s+(?:(?:of|for|on|and|the|de|al)\s+)*[A-Z][\w&-]*)*")
_ORGANISATION_WORD = re.compile(
    r"\b(?:Ministry|Department|Agency|Office|Observatory|Network|Council|Commission|Committee|"
    r"Watch|Group|Forces?|Army|Command|Cent(?:er|re)|Organi[sz]ation|Institute|Project|Monitor|"
    r"Union|Cross|Crescent|Federation|Authority|Government|Directorate|Mission|Programme|"
    r"Program|Fund|Defen[cs]e|Police|Association|Foundation|Society|News)\b"
)
_NOT_ORGANISATIONS = frozenset({"IS", "ISIS", "ISIL", "US", "USA", "UK", "EU", "FILE", "AM", "PM"})
_REPORTING_VERB = (
    r"(?:said|says|say|saying|stated|states|added|adds|wrote|writes|told|tells|estimated|"
    r"estimates|estimate|acknowledged|acknowledges|acknowledge|admitted|admits|conceded|concedes|"
    r"confirmed|confirms|reported|reports|announced|announces|found|finds|concluded|concludes|"
    r"determined|determines|counted|counts|recorded|records|documented|documents|tallied|"
    r"tallies|tracked|tracks|logged|logs|listed|lists|put|puts|claimed|claims|alleged|alleges|"
    r"assessed|assesses|believes|believe|published|publishes|released|releases|noted|notes|"
    r"insisted|insists|maintained|maintains|recognised|recognized|accepted|accepts)"
)
_SPEAKS_AFTER = re.compile(
    rf"(?:'s)?(?:\s+[\w.-]+){{0,3}}?(?:\s*,[^,;]{{1,160}},)?\s+{_REPORTING_VERB}\b", re.I
)
_SPEAKS_BEFORE = re.compile(
    r"(?i)(?:\baccording\s+to|[,\"“”]\s*(?:said|says|added|wrote))\s+(?:the\s+)?"
    r"(?:[\w.-]+\s+){0,2}?$"
)
_ACTS = re.compile(
    r"\s+(?:(?:has|have|had|also|now|so\s+far)\s+)*(?!kill|wound|injur|bomb|target)[a-z]+ed\b"
)


def _speakers(norm: str) -> list[tuple[int, str]]:
    """(position, claimant) of the organisations that speak in the sentence, in order.

    Those with a reporting verb or "according to"; failing those, those that are the subject
    of a verb in the past ("the coalition has carried out 29,826 strikes").
    """
    mentions = sorted(_mentions(norm))
    if any(who == "coalition" for _, _, who in mentions):  # the Pentagon speaks for it
        mentions = [(a, b, "coalition" if who == "pentagon" else who) for a, b, who in mentions]
    speaking = [
        (start, who)
        for start, end, who in mentions
        if _SPEAKS_AFTER.match(norm, end) or _SPEAKS_BEFORE.search(norm, 0, start)
    ]
    acting = [(start, who) for start, end, who in mentions if _ACTS.match(norm, end)]
    return speaking or acting


def _mentions(norm: str) -> Iterator[tuple[int, int, str]]:
    known = [(m.start(), m.end(), who) for who, pattern in _KNOWN for m in pattern.finditer(norm)]
    yield from known
    for match in _NAME.finditer(norm):
        if any(start < match.end() and match.start() < end for start, end, _ in known):
            continue
        name = re.sub(r"^The\s+", "", match[0])
        if _ORGANISATION_WORD.search(name) or (
            re.fullmatch(r"[A-Z]{2,6}", name) and name not in _NOT_ORGANISATIONS
        ):
            yield match.start(), match.end(), " ".join(name.lower().split())
