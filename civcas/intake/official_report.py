"""The text of the coalition's (CJTF-OIR) monthly civilian-casualty releases, 2016–2019, as data.

The releases are prose followed by lists, and their wording drifted every year, so the text is read
in two passes instead of by one grammar:

1. Lines are sorted into section headers ("Credible Reports —", "The following reports were
   assessed to be non-credible:"), allegation entries (a numbered or bulleted line, or one that
   opens with a date, inside a credible / non-credible / duplicate section, with its continuation
   lines up to the next blank line) and prose (everything else).
2. Each headline figure is looked for in the prose only, by a few patterns per figure that
   together cover the years' wordings, so that the numbers inside entries never leak into the
   figures. Entries are read field by field: date, place, country, channel, then the reason text,
   in which date corrections, duplicates and acknowledged casualties are looked for.

One number pattern serves everywhere: digits with or without thousands separators and with an
optional trailing asterisk (footnoted strike totals), or number words read by text2num, plus
"no", "none" and "zero". The parser reports what the release says and never repairs it: a figure
stated two ways is left blank with a note naming both lines (unless one is the release's quoted
words, or a rounding of the other), an entry that does not read as one is left out with a note,
and only a text with neither a month nor any figure is refused. Whose sentence a figure sits in
matters: one naming another party is not read, one about the whole campaign gives no monthly
figure, and one opening on an earlier statement gives no toll to date. The one inference made is
documented in `reporting_month`: a release that names no month reports on the month its strike
count ends in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from text_to_num import text2num

from civcas import months
from civcas.claims.parties import others_named
from civcas.errors import FieldError
from civcas.vocab import Outcome, ReasonCode

FIGURE_KEYS = (
    "period",
    "strikes_total",
    "strikes_from",
    "strikes_to",
    "killed_cumulative",
    "carried_over",
    "received",
    "completed",
    "credible",
    "credible_killed",
    "non_credible",
    "duplicate",
    "still_open",
    "reopened",
)
"""The headline figures of `civcas.publication.statement.Statement`, in its order."""


@dataclass(frozen=True)
class ListedAllegation:
    """One allegation as a release lists it, with the outcome of the section it is listed in."""

    line: int
    date: dt.date | None
    date_text: str
    place: str
    country: str | None
    channel: str | None
    outcome: Outcome
    reason_code: ReasonCode
    reason: str
    killed: int | None
    injured: int | None
    duplicate_of_date: dt.date | None


@dataclass(frozen=True)
class OfficialReport:
    """A release's headline figures (None where it does not state one), its listed entries,
    its date where the text gives one, the notes a person should read (figures stated two
    ways, other parties' figures, entries not read) and, for each blank figure, the sentences
    that may hold it."""

    figures: dict[str, Any]
    allegations: list[ListedAllegation]
    released: dt.date | None = None
    notes: list[Note] = field(default_factory=list)
    hints: dict[str, list[Hint]] = field(default_factory=dict)
    unread_entries: list[Note] = field(default_factory=list)


# --- numbers --------------------------------------------------------------------------------

_COUNTING_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    *("nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
)


def _either(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_FIRST_WORD = _either(_COUNTING_WORDS)  # "4.5 million" must not read "million" as 1,000,000
_WORD = _either((*_COUNTING_WORDS, "hundred", "thousand", "million"))
# "and" joins number words only after hundred/thousand, so "five and one" stays two numbers.
_JOIN = r"(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)"
# At most 16 words, and never a run cut short: a long run of number words is no count, and the
# bound keeps the search linear on hostile text.
_WORDS = rf"\b{_FIRST_WORD}(?:{_JOIN}{_WORD}){{0,15}}\b(?!{_JOIN}{_WORD}\b)"
_DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)\*?"
NUMBER = rf"(?:{_DIGITS}|\b(?:none|no)\b|{_WORDS})"
"""A count as releases write it: 1,059 / 1059 / 30,008* / one hundred and eleven / none."""
N = rf"(?P<n>{NUMBER})"


def read_number(text: str) -> int:
    """The count `text` writes; a FieldError if it is not one (never a partial reading)."""
    words = " ".join(text.lower().split())
    if not re.fullmatch(NUMBER, words, re.IGNORECASE):
        raise FieldError("number", f"{text!r} is not a number")
    digits = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)\*?", words)
    if digits:
        return int(digits[1].replace(",", ""))
    if words in ("no", "none", "zero"):
        return 0
    try:
        return int(text2num(words, "en"))
    except ValueError:
        raise FieldError("number", f"{text!r} is not a number") from None


# --- dates ----------------------------------------------------------------------------------

_MONTH = (
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_YEAR = r"(?:19|20)\d\d\b"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
MONTH_ABBREVIATIONS = (
    *("jan", "feb", "mar", "apr", "may", "jun"),
    *("jul", "aug", "sep", "oct", "nov", "dec"),
)
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_ABBREVIATIONS, start=1)}
DATE = re.compile(rf"({_MONTH})\s+({_DAY}),?\s+({_YEAR})", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"({_MONTH})\s+(?:{_DAY},?\s+)?({_YEAR})", re.IGNORECASE)


def read_date(match: re.Match[str]) -> dt.date | None:
    """The day a DATE match names, or None for one that does not exist (Feb. 30)."""
    month, day, year = match.groups()
    try:
        return dt.date(int(year), MONTH_NUMBERS[month[:3].lower()], int(day.rstrip("stndrh")))
    except ValueError:
        return None


def read_month(text: str) -> str:
    """'YYYY-MM' of a "June 2018" / "Aug. 8, 2014" that a pattern has already matched."""
    match = MONTH_YEAR.search(text)
    assert match is not None, text
    return f"{match[2]}-{MONTH_NUMBERS[match[1][:3].lower()]:02d}"


# --- sentences and whose they are -----------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """Something read but not taken, for a person to decide: a figure stated two ways, another
    party's figure quoted in the text, an entry that does not read as one."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class Hint:
    """A sentence that mentions a number near the words of a figure the parser left blank."""

    line: int
    sentence: str


_ABBREVIATED = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|No|St|Gen|Col|Lt|Maj|Sgt|Mr|Mrs|Dr)"
    r"|\b[A-Z]|\b[A-Z]\.[A-Z])\.$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"(\[]?[A-Z0-9])|\n\s*\n")


def sentences(prose: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: it ends at . ! ? before a capital or digit (not after
    "Sept." or "U.S."), or at a blank line."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(prose):
        if _ABBREVIATED.search(prose, max(0, match.start() - 6), match.start()):
            continue
        if prose[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if prose[start:].strip():
        spans.append((start, len(prose)))
    return spans


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) turned to spaces, its line breaks kept (so lines still count)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


COMPARED_WITH = re.compile(
    r"(?i)\b(?:lower|higher|less|more|fewer|greater|smaller|larger)\s+than\s+(?:the\s+)?"
    r"(?:figures?|estimates?|counts?|numbers?|tolls?|tallies)\s+(?:\w+\s+)?(?:by|of|from)\s+"
    r"[^,.;\d]*"
)
"""Another party named only as what a figure is compared with ("… at least 603 civilians, far
lower than figures provided by monitoring groups"): the figure is still the coalition's."""


def coalition_prose(prose: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """The prose without the sentences that name another party (a monitor, the UN, activists),
    and (line, parties) of each sentence left out. News copies and newsletters quote such counts
    beside the release's; they are not the coalition's figures."""
    kept, dropped = prose, []
    for start, end in sentences(prose):
        others = others_named(COMPARED_WITH.sub(" ", prose[start:end]))
        if others and re.search(r"\d|\b(?:dozens?|hundreds?)\b", prose[start:end]):
            kept = _blank(kept, start, end)
            dropped.append((_line_of(prose, start), others))
    return kept, dropped


# --- headline figures -----------------------------------------------------------------------


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NOUN = (
    r"(?:(?:new|additional|other|open|previously\s+closed|remaining)\s+)?"
    r"(?:civilian[\s-]+casualty\s+)?(?:allegation\s+)?(?:assessment\s+)?"
    r"(?:reports?|allegations?|cases?|claims?|communications?|messages?|files?)"
)
"""What a release counts: reports, and the words translated copies use for them ("146
communications were pending")."""
_BARE_NOUN = r"(?:civilian[\s-]+casualty\s+)?(?:reports?|allegations?)\b"
_JUDGED = (
    r"(?:determined|assessed|accessed|found|deemed|judged|considered)"  # "accessed": sic
    r"(?:\s+and\s+(?:dismissed|closed|rejected))?"
)
_CREDIBLE = r"credible\b"
_NON_CREDIBLE = r"(?:non-?\s*credible|not\s+credible)\b"
_DUPLICATE = r"(?:a\s+)?(?:duplicates?|duplicative|redundant)\b"
_ASIDE = r"(?:,[^,.]{0,60},\s*)?"  # "111 reports, including 3 reopened reports, remain open"
_CAMPAIGN_START = r"(?:the\s+(?:start|beginning)\s+of\s+the\s+(?:campaign|operations?)\s+in\s+)?"
_SPAN = (
    rf"(?:between|from)\s+{_CAMPAIGN_START}(?P<a>{_MONTH}\s+(?:{_DAY},?\s+)?{_YEAR}),?\s+"
    r"(?:and|to|through|until|till)\s+(?:the\s+)?(?:end\s+of\s+)?"
    rf"(?P<b>{_MONTH}\s+(?:{_YEAR}|this\s+year))"
)
SO_FAR = re.compile(rf"\b(?:through|until|to\s+the\s+end\s+of)\s+(?P<b>{_MONTH}\s+{_YEAR})", re.I)
_THAT_TIME = re.compile(r"(?i)^\W*(?:in|during)\s+(?:that|this|the\s+same)\s+(?:time|period)\b")
"""A sentence whose strike count runs over the span the sentence before it gives."""
CAMPAIGN_WIDE = _p(
    r"\bsince\s+(?:the\s+(?:start|beginning|launch)\b|(?:August\s+)?2014\b|(?:it|they|the\s+"
    r"(?:campaign|operations?|coalition|war))\s+(?:began|started|was\s+formed)\b)|\bto\s+date\b"
    r"|\bso\s+far\b|\b(?:between|from)\s+August\s+2014\b"
    r"|\bin\s+the\s+(?:past|last)\s+(?:\w+\s+)?years\b|\bin\s+(?:two|three|four|five|\d)\s+years\b"
)
"""A sentence about the whole campaign ("since the start of Operation Inherent Resolve", "to
date", "in the past four years"): the reports it counts are the campaign's, not the month's
("has received 727 reports of potential civilian casualties since the campaign began")."""
MONTHLY = ("received", "completed", "credible", "non_credible", "duplicate", "credible_killed")
"""The figures of the reporting month alone, never read from a campaign-wide sentence."""
EARLIER_STATEMENT = re.compile(
    rf"(?i)^\W*(?:(?:in|by)\s+(?:(?:late|early|mid)[\s-]+)?{_MONTH}(?:\s+{_YEAR})?|last\s+"
    r"(?:month|year)|previously|earlier)\s*,?\s+[^.]{0,60}?\b(?:acknowledged|admitted|said|"
    r"reported|announced|conceded|stated|confirmed|clarified)\b"
)
"""A sentence that opens on an earlier statement ("In late June, US-led forces admitted that at
least 1,319 civilians had been killed …"): its toll is the last release's, not this one's."""
_KILLED_TO = (
    r"(?:push|bring|rais|increas|tak)\w*\s+the\s+(?:[\w-]+\s+){0,4}?"
    r"(?:toll|number|count|tally|total)\b[^.]{0,120}?\bto\s+(?:at\s+least\s+)?"
)


def _judged(kind: str) -> tuple[re.Pattern[str], ...]:
    """The ways a release says how many reports were found credible, non-credible or
    duplicates: "13 of these reports were assessed to be non-credible", "assessed the
    remaining 13 reports as non-credible", "determined five to be duplicate", "9 credible
    reports", "the following seven reports are non-credible", "three reports US officials
    considered credible"."""
    return (
        _p(
            rf"{N}(?:,[^,.]{{0,60}},)?\s+(?:of\s+(?:these|the|those|which|them)\s+(?:\w+\s+){{0,2}})?"
            rf"(?:{_NOUN}\s+)?"
            r"(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?"
            rf"{_JUDGED}\s+(?:to\s+be\s+|as\s+)?{kind}"
        ),
        _p(
            rf"{_JUDGED}\s+(?:that\s+)?(?:the\s+)?(?:remaining\s+)?{N}\s+"
            r"(?:of\s+(?:these|the|them|those)\b\s*)?"
            rf"(?:{_NOUN}\s+)?(?:to\s+be\s+|as\s+|(?:are|were)\s+)?{kind}"
        ),
        _p(rf"{N}\s+(?:(?:were|was|are|is)\s+{kind}|{kind}(?:\s+{_NOUN}\b|\s*[,;]))"),
        _p(
            rf"\bthe\s+following\s+{N}\s+(?:{_NOUN}\s+)?(?:received\s+in\s+{_MONTH}\s+)?"
            rf"(?:are|were)\s+(?:{_JUDGED}\s+(?:to\s+be\s+)?)?{kind}"
        ),
        _p(
            rf"{N}\s+(?:of\s+(?:the\s+)?{NUMBER}\s+)?(?:[\w-]+\s+){{0,2}}?{_BARE_NOUN}\s+(?:that\s+)?"
            r"(?:U\.?S\.?\s+officials|it|they|the\s+coalition|CJTF-OIR)\s+"
            rf"(?:considered|deemed|found|judged|assessed)\s+(?:to\s+be\s+)?{kind}"
        ),
    )


COUNT_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "strikes_total": (
        _p(rf"total\s+of\s+{N}\s+(?:coalition\s+)?(?:air\s*)?strikes?\b"),
        _p(
            rf"{N}\s+(?:coalition\s+)?(?:air\s*)?strikes\b[^.]{{0,40}}?\b(?:between|from|since)\s+"
            rf"{_MONTH}\s+{_YEAR}"
        ),
        _p(
            r"\b(?:in|during)\s+(?:that|this|the\s+same)\s+(?:\w+\s+)?(?:time|period),?\s+the\s+"
            r"(?:U\.?S\.?-led\s+)?coalition\s+(?:has\s+)?(?:carried\s+out|conducted)\s+"
            rf"(?:a\s+total\s+of\s+)?{N}\s+(?:air\s*)?strikes\b"
        ),
        _p(
            r"\bsince\b[^.]{0,80}?\b(?:has|have|had)\s+(?:conducted|carried\s+out)\s+"
            rf"(?:a\s+total\s+of\s+)?{N}\s+(?:coalition\s+)?(?:air\s*)?strikes\b"
        ),
    ),
    "killed_cumulative": (
        _p(
            rf"at\s+least\s+{N}\s+civilians?\s+(?:have|has|had)\s+been\s+"
            r"(?:unintentionally\s+)?killed"
        ),
        _p(rf"{N}\s+civilians?\s+(?:have|has)\s+been\s+unintentionally\s+killed"),
        _p(
            rf"at\s+least\s+{N}\s+civilians?\s+(?:were|was)\s+(?:unintentionally\s+)?killed"
            r"[^.]{0,80}?\bsince\b"
        ),
        _p(rf"(?:have|has|had)\s+(?:unintentionally\s+)?killed\s+at\s+least\s+{N}\s+civilians"),
        _p(
            r"\b(?:total|overall|official)\b[^.]{0,40}?\b(?:toll|number|count|tally)\b[^.]{0,60}?"
            rf"\b(?:rose|rises|has\s+risen|climbed|reached|stands|stood)\s+(?:to\s+|at\s+)?"
            rf"(?:at\s+least\s+)?{N}(?!\s*(?:percent|%))"
        ),
        _p(rf"{_KILLED_TO}{N}(?=\s+(?:people|civilians)\b|\s*[,.;]|\s*$)"),
        _p(
            r"\btotal\s+number\s+of\s+(?:civilian\s+)?(?:casualties|deaths|civilians\s+killed)\b"
            rf"[^.]{{0,80}}?\b(?:amounts?|stands?|comes?)\s+to\s+(?:at\s+least\s+)?{N}"
        ),
    ),
    "carried_over": (
        _p(rf"carried\s+over\s+{N}\s+(?:{_NOUN}|open\b)"),
        _p(
            r"\bcontinu\w+\s+(?:investigating|assessing|reviewing|to\s+(?:investigate|assess|review))"
            rf"\s+{N}\s+(?:open(?:ed)?|pending)\s+{_NOUN}"
        ),
        _p(rf"{N}\s+{_NOUN}\s+(?:were\s+)?carried\s+over"),
    ),
    "received": (
        _p(rf"(?<!had\s)received\s+(?:a\s+total\s+of\s+)?{N}\s+(?:{_NOUN}|new\s+ones\b)"),
        _p(rf"{N}\s+{_NOUN}\s+(?:were|was|have\s+been|has\s+been)\s+received"),
    ),
    "completed": (
        _p(
            rf"complet\w*\s+(?:an?\s+|the\s+|its\s+)?"
            r"(?:assessments?|reviews?|investigations?|analys[ie]s)\s+"
            rf"(?:in\s+{_MONTH}\s+)?(?:of|on|for|into)\s+{N}(?!\w)"
        ),
        _p(rf"completed\s+(?:a\s+total\s+of\s+)?{N}(?!\w)"),
        _p(rf"\bof\s+the(?:se)?\s+{N}\s+completed"),
        _p(
            rf"{N}\s+(?:{_NOUN}|assessments)\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
            r"completed"
        ),
        _p(
            rf"\bassessments?\s+of\s+{N}\s+[^.]{{0,80}}?\b(?:(?:has|have|had)\s+been|was|were)\s+"
            r"completed"
        ),
        _p(rf"\binvestigated\s+{N}\s+{_BARE_NOUN}"),
        _p(
            rf"\bout\s+of\s+(?:the\s+)?{N}\s+{_NOUN}\b[^.]{{0,60}}?"
            r"\b(?:analy[sz]ed|assessed|reviewed|completed)\b"
        ),
        _p(rf"\band\s+assessed\s+{N}\s+{_BARE_NOUN}(?!\s+(?:as|to\s+be|were|are)\b)"),
    ),
    "credible": _judged(_CREDIBLE),
    "credible_killed": (
        _p(
            rf"(?:result(?:ed|ing)\s+in|revealing)\s+(?:a\s+total\s+of\s+|the\s+)?{N}\s+"
            r"(?:(?:unintentional|unintended)\s+)?civilian\s+(?:deaths?|fatalities)"
        ),
        _p(
            r"result(?:ed|ing)\s+in\s+the\s+(?:(?:unintentional|unintended)\s+)?deaths?\s+of\s+"
            rf"{N}(?=\s+civilians|\s+and\s+(?:the\s+)?injur)"
        ),
        _p(rf"{N}\s+(?:unintentional|unintended)\s+civilian\s+deaths?\s+in\s+{_MONTH}"),
        _p(
            rf"\bin\s+{_MONTH}(?:\s+{_YEAR})?,\s+coalition\s+strikes\s+killed\s+(?:at\s+least\s+)?"
            rf"{N}\s+civilians"
        ),
        _p(
            rf"\bin\s+{_MONTH}(?:\s+{_YEAR})?,\s+{N}\s+civilians\s+were\s+killed\s+(?:in|by)\s+"
            r"coalition\s+strikes"
        ),
        _p(rf"\banother\s+{N}\s+civilians\s+(?:were|have\s+been)\s+(?:unintentionally\s+)?killed"),
        _p(rf"\banother\s+{N}\s+(?:unintentional|unintended)\s+civilian\s+deaths"),
        _p(
            rf"\bin\s+{_MONTH}(?:\s+{_YEAR})?,\s+(?:[^,.]{{1,120}},\s+)?{N}\s+(?:such\s+)?civilians\s+"
            r"were\s+killed,\s+(?:the\s+coalition|CJTF-OIR|it)\s+said"
        ),
    ),
    "non_credible": _judged(_NON_CREDIBLE),
    "duplicate": (
        *_judged(_DUPLICATE),
        _p(rf"{N}\s+(?:{_NOUN}\s+)?(?:(?:were|was)\s+)?{_DUPLICATE}"),
    ),
    "still_open": (
        _p(
            rf"{N}\s+(?:more\s+)?(?:{_NOUN}\s*)?{_ASIDE}(?:(?:are|is|were|remain|remains)\s+)?"
            r"still\s+(?:open|being\s+(?:assessed|investigated|reviewed)|under\s+"
            r"(?:assessment|review|investigation))"
        ),
        _p(rf"{N}\s+{_NOUN}\s*{_ASIDE}(?:remain|remains)\s+open"),
        _p(rf"\bstill\s+(?:assessing|investigating|reviewing)\s+{N}\s+{_NOUN}"),
        _p(rf"{N}\s+(?:more\s+)?{_NOUN}\s+(?:were|are|remain|remained)\s+(?:still\s+)?pending"),
        _p(
            r"\b(?:currently|still)\b[^.]{0,30}?\b(?:examining|assessing|investigating|reviewing)\s+"
            rf"{N}\s+(?:more\s+)?{_NOUN}"
        ),
    ),
    "reopened": (
        _p(rf"{N}\s+(?:previously\s+closed\s+)?reopened\s+(?:reports?|allegations?)"),
        _p(rf"{N}\s+(?:{_NOUN}\s+)?(?:were|was|have\s+been|has\s+been|had\s+been)\s+reopened"),
        _p(rf"reopened\s+{N}\s+{_NOUN}"),
        _p(
            rf"{N}\s+of\s+(?:which|them|these)\s+(?:were|have\s+been|had\s+been)\s+"
            r"re-?(?:opened|examined|assessed|considered)\b"
        ),
        _p(rf"\bincluding\s+{N},?\s+(?:that|which)\b[^.]{{0,80}}?\breopen"),
        _p(rf"{N}\s+of\s+them\s+(?:were|had\s+been)\s+previously\s+closed\b[^.]{{0,80}}?\breopen"),
        _p(
            rf"{N}\s+(?:that|which)\s+(?:were|had\s+been)\s+(?:previously\s+)?closed\b[^.]{{0,60}}?"
            r"\b(?:have|has|had)\s+been\s+reopened"
        ),
    ),
}
KILLED_CAMPAIGN_WIDE = (
    _p(rf"\b(?:killed|the\s+deaths?\s+of|the\s+killing\s+of)\s+(?:at\s+least\s+)?{N}\s+civilians"),
    _p(rf"{N}\s+civilians\s+(?:have|has|had)\s+been\s+(?:unintentionally\s+)?killed"),
)
"""The toll to date as a campaign-wide sentence may give it ("confirmed the death of 786
civilians since 2014", "1,257 civilians have been killed in air strikes since the start of
operations in 2014")."""
FIGURE_WORDS: dict[str, re.Pattern[str]] = {
    "strikes_total": _p(r"\bstrikes?\b"),
    "killed_cumulative": _p(r"\bkilled\b|\bdeaths?\b"),
    "carried_over": _p(r"\bcarr(?:ied|y)\b"),
    "received": _p(r"\breceiv"),
    "completed": _p(r"\bcomplet|\bassess|\breview|\binvestigat"),
    "credible": _p(r"(?<!non-)(?<!non )(?<!not )\bcredible"),
    "credible_killed": _p(r"\bdeaths?\b|\bkilled\b"),
    "non_credible": _p(_NON_CREDIBLE),
    "duplicate": _p(r"\bduplicat"),
    "still_open": _p(r"\bopen\b|\bstill\s+being\b|\bpending\b"),
    "reopened": _p(r"\breopen"),
}
"""The words near which a release states each figure: where to look for a person when the
parser could not read it."""
STRIKE_SPAN = _p(_SPAN)
_MY = rf"(?P<m>{_MONTH}\s+{_YEAR})"
_BY = (
    r"(?:,|…|\.\.\.)?\s*(?:CJTF|(?:the\s+)?Coalition|(?:the\s+)?Combined\s+Joint|the\s+CIVCAS|"
    r"the\s+task\s+force|we\b|it\s+(?=(?:had\s+|has\s+)?(?:complet|receiv|assess|review|carri)))"
)
PERIOD_PATTERNS = (
    _p(rf"casualty\s+report\s*(?:for\s+(?:the\s+month\s+of\s+)?|[—–:(-]\s*){_MY}"),
    _p(r"reporting\s+period\s*(?:of|for|covering|,|:|\(|—|–)?\s*(?:the\s+month\s+of\s+)?" + _MY),
    _p(rf"{_MY}\s+reporting\s+period"),
    _p(rf"\b(?:during|in)\s+(?:the\s+month\s+of\s+)?{_MY}{_BY}"),
    _p(rf"(?m:^|ASIA\s*[-—–:]*\s*){_MY}{_BY}"),
    _p(rf"\bassessments?\s+for\s+{_MY}"),
)
_MO = rf"(?P<m>{_MONTH})(?!\s*\d)"
_DID = r"[^.]{0,80}?\b(?:received|carried\s+over|completed|assessed|reviewed)"
"""What a release says its cell did in the month it names (not "admitted", "said")."""
MONTH_ONLY_PATTERNS = (
    _p(rf"\b(?:during|in)\s+(?:the\s+month\s+of\s+)?{_MO}{_BY}{_DID}"),
    _p(rf"(?m:^|ASIA\s*[-—–:]*\s*){_MO}{_BY}{_DID}"),
    _p(rf"\bassessments?\s+for\s+{_MO}"),
    _p(rf"casualty\s+report\s+for\s+(?:the\s+month\s+of\s+)?{_MO}"),
    _p(rf"\b(?:reports?|allegations?)\s+received\s+in\s+{_MO}"),
    _p(rf"\b(?:unintentional|unintended)\s+civilian\s+deaths?\s+in\s+{_MO}"),
    _p(rf"{_MO},?\s+the\s+(?:last\s+)?month\s+(?:covered|assessed|reviewed)\b"),
    _p(
        r"\bcomplet\w*\s+(?:an?\s+|the\s+|its\s+)?(?:reviews?|assessments?|analys[ie]s)\s+"
        rf"in\s+{_MO}"
    ),
    _p(rf"{_NOUN}\b[^.]{{0,40}}?\b(?:analy[sz]ed|assessed|reviewed)\s+in\s+{_MO}"),
    _p(rf"\bas\s+(?:at|of)\s+the\s+end\s+of\s+{_MO}"),
)
"""A month named without its year ("During November, CJTF-OIR received …"): the year comes
from the strike count's span or from the release's date."""


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _stated(
    prose: str,
    name: str,
    patterns: tuple[re.Pattern[str], ...],
    read: Callable[[re.Match[str]], Any],
    notes: list[Note],
) -> Any:
    """The one value the prose gives for `name` by these patterns (see `_one_value`)."""
    return _one_value(name, _found(prose, name, patterns, read, notes), notes)


def _found(
    prose: str,
    name: str,
    patterns: tuple[re.Pattern[str], ...],
    read: Callable[[re.Match[str]], Any],
    notes: list[Note],
    quoted: Callable[[int], bool] = lambda offset: False,
) -> list[tuple[Any, int, bool]]:
    """(value, line, within the release's quoted words) of each statement of `name`."""
    found: list[tuple[Any, int, bool]] = []
    for pattern in patterns:
        for match in pattern.finditer(prose):
            line = _line_of(prose, match.start())
            try:
                found.append((read(match), line, quoted(match.start())))
            except FieldError as error:
                notes.append(Note(line, name, error.message))
    return found


def _one_value(name: str, found: list[tuple[Any, int, bool]], notes: list[Note]) -> Any:
    """The value all statements of a figure give, or None if there are none or they differ.

    Releases often state a figure twice ("completed 28 … Of the 28 completed"); that is fine.
    A news copy may paraphrase a figure one way and quote the release another ("the death of
    114 civilians" beside the quoted "resulting in 119 unintentional civilian deaths"): the
    quoted words are the coalition's own, and are kept, with a note on the other. Otherwise two
    different values leave it blank with a note naming both lines: picking one would be a
    guess, and a blank is honest where a wrong number is not. The one exception is a count and
    its rounding ("At least 600 civilians …" in a lead, "at least 603" in the body): the exact
    count is kept, with a note."""
    seen: dict[Any, int] = {}
    for value, line, _ in sorted(found, key=lambda item: item[1]):
        seen.setdefault(value, line)
    if len(seen) <= 1:
        return next(iter(seen), None)
    own = {value for value, _, quoted in found if quoted}
    if len(own) == 1:
        (kept,) = own
        for value, line in seen.items():
            if value != kept:
                notes.append(
                    Note(
                        line,
                        name,
                        f"line {line} gives {name} as {value} outside the release's quoted "
                        f"words, which give {kept}; {kept} kept",
                    )
                )
        return kept
    exact = _exact_of_rounding(list(seen))
    if exact is not None:
        rounded = next(value for value in seen if value != exact)
        notes.append(
            Note(
                seen[rounded],
                name,
                f"line {seen[rounded]} gives {name} as {rounded}, a rounding of the {exact} of "
                f"line {seen[exact]}; {exact} kept",
            )
        )
        return exact
    (first, at), (second, later) = list(seen.items())[:2]
    notes.append(
        Note(at, name, f"line {at} gives {name} as {first}, line {later} as {second}; not read")
    )
    return None


def _exact_of_rounding(values: list[Any]) -> int | None:
    """Of two counts, the exact one when the other is its rounding to hundreds or more
    (600 of 603, 1,300 of 1,319); None otherwise."""
    if len(values) != 2 or not all(isinstance(value, int) for value in values):
        return None
    for rounded, exact in (values, values[::-1]):
        unit = 10 ** (len(str(rounded)) - len(str(rounded).rstrip("0")))
        if rounded >= 100 and unit >= 100 and abs(exact - rounded) * 2 < unit:
            return int(exact)
    return None


def _quotations(prose: str) -> Callable[[int], bool]:
    """Whether an offset of the prose lies inside double quotes of one paragraph."""
    spans = [m.span() for m in re.finditer(r'"(?:[^"\n]|\n(?!\s*\n)){1,3000}?"', prose)]
    return lambda offset: any(start < offset < end for start, end in spans)


def _month_number(word: str) -> int:
    return MONTH_NUMBERS[word[:3].lower()]


def release_date(prose: str, before: int) -> dt.date | None:
    """The release's own date: the first full date on a short line (a dateline: "| Sept. 26,
    2019", "Date: Jan 2, 2017") before offset `before`, where its figures start."""
    for match in DATE.finditer(prose, 0, before):
        line_start = prose.rfind("\n", 0, match.start()) + 1
        line_end = prose.find("\n", match.end())
        line = prose[line_start : line_end if line_end >= 0 else len(prose)]
        if len(line.strip()) <= 80:
            return read_date(match)
    return None


def reporting_month(
    prose: str, span_end: str | None, released: dt.date | None, notes: list[Note]
) -> str | None:
    """The month the release reports on, as 'YYYY-MM', or None when the text does not say.

    Named with its year ("During the month of March 2017, CJTF-OIR …", "the reporting period of
    June 2018") where possible; a month named without a year ("In the month of August, CJTF-OIR
    …") takes the year of the strike count's span when it ends in that month, else the latest
    such month on or before the release's date; otherwise the month the strike count runs to
    ("between August 2014 and end of April 2019"), since every release counts strikes to the end
    of its reporting month."""
    named = _stated(prose, "period", PERIOD_PATTERNS, lambda m: read_month(m["m"]), notes)
    if named:
        return str(named)
    month = _stated(prose, "period", MONTH_ONLY_PATTERNS, lambda m: _month_number(m["m"]), notes)
    if month is None:
        return span_end
    if span_end and int(span_end[5:]) == month:
        return span_end
    if released is None:
        notes.append(
            Note(1, "period", f"month {month} is named without a year and the text has no date")
        )
        return span_end
    year = released.year if month <= released.month else released.year - 1
    return f"{year}-{month:02d}"


_COUNTED_STRIKES = _p(rf"{NUMBER}\*?\s+(?:coalition\s+)?(?:air\s*)?strikes?\b")
"""A sentence that counts strikes ("… conducted 29,358 strikes"), not one that only names them
("They concerned strikes in Iraq and Syria between January 2017 and January 2018")."""


def _spans(prose: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The "between August 2014 and the end of June 2018" spans of the prose: (those of a
    sentence that counts strikes, all of them). A sentence about strikes that opens "In that time"
    counts them over the span of the sentence before it."""
    about_strikes: list[re.Match[str]] = []
    every: list[re.Match[str]] = []
    before: list[re.Match[str]] = []
    for start, end in sentences(prose):
        sentence = prose[start:end]
        found = [*STRIKE_SPAN.finditer(prose, start, end), *SO_FAR.finditer(prose, start, end)]
        every.extend(found)
        spans = [match for match in found if match.groupdict().get("a")]
        if not spans and _THAT_TIME.match(sentence):
            spans = before
        if _COUNTED_STRIKES.search(sentence):
            about_strikes.extend(spans)
        before = [match for match in found if match.groupdict().get("a")]
    return about_strikes, every


def _months(
    prose: str, spans: list[re.Match[str]], group: str, released: dt.date | None
) -> list[tuple[str, int, bool]]:
    """(YYYY-MM, line) of the span ends or starts; "February this year" needs the release's
    date, and is left out without one."""
    found = []
    for match in spans:
        text = match[group]
        if re.search(r"(?i)this\s+year", text):
            if released is None:
                continue
            text = re.sub(r"(?i)this\s+year", str(released.year), text)
        found.append((read_month(text), _line_of(prose, match.start()), False))
    return found


def _months_before(period: str, released: dt.date) -> int:
    year, month = months.parse(period)
    return (released.year - year) * 12 + released.month - month


def _recent(period: str, released: dt.date | None) -> bool:
    """Whether a strike count running to `period` can be the release's own: a release comes
    out one or two months after the month it reports on. A news copy also quotes earlier
    releases' counts ("34,514 strikes between August 2014 and the end of May 2019" in a story
    on the July release)."""
    return released is None or 0 <= _months_before(period, released) <= 2


def hints(prose: str, figures: dict[str, Any]) -> dict[str, list[Hint]]:
    """For each count left blank, the sentences that mention a number near its words."""
    number = _p(rf"(?<![\w.,])\d|{_WORDS}")
    found: dict[str, list[Hint]] = {}
    spans = [(start, end, prose[start:end]) for start, end in sentences(prose)]
    for name, words in FIGURE_WORDS.items():
        if figures[name] is not None:
            continue
        found[name] = [
            Hint(_line_of(prose, start), " ".join(text.split()))
            for start, _, text in spans
            if words.search(text) and number.search(text)
        ]
    return found


@dataclass(frozen=True)
class Headline:
    figures: dict[str, Any]
    released: dt.date | None
    notes: list[Note]
    hints: dict[str, list[Hint]]


def headline_figures(
    prose: str, period: str | None = None, published: dt.date | None = None
) -> Headline:
    """Every headline figure the prose states (None for the others, in Statement's order), the
    notes a person should read, and, for each blank, the sentences that may hold it.

    Only the coalition's own sentences are read: one that names another party is left out with
    a note. `period` states the reporting month for a text that does not; one that names
    another month is refused, since the two cannot both be right. `published`, the release's
    date, gives the year of a month named without one when the text has no dateline."""
    notes: list[Note] = []
    own, others_quoted = coalition_prose(prose)
    within_quotes = _quotations(own)
    own = own.replace('"', " ")  # quoted words read as the release's: "are still open."
    for line, others in others_quoted:
        notes.append(Note(line, "figures", f"figures quoted from {', '.join(others)}; not read"))
    counts = _counts(own, notes, within_quotes)
    released = release_date(prose, _first_figure(own)) or published
    strike_spans, every_span = _spans(own)
    start = _one_value("strikes_from", _months(own, strike_spans, "a", released), notes)
    end = _one_value("strikes_to", _months(own, strike_spans, "b", released), notes)
    if end and not _recent(end, released):
        notes.append(
            Note(
                1,
                "strikes_to",
                f"the strike count runs to {end}, too long before the release of {released} to be "
                "its own: an earlier release's, quoted; not read",
            )
        )
        start = end = counts["strikes_total"] = None
    span_ends = [m for m, _, _ in _months(own, every_span, "b", released) if _recent(m, released)]
    read = reporting_month(own, end or next(iter(span_ends), None), released, notes)
    if period and read and period != read:
        raise FieldError("period", f"the text reports on {read}, not {period}")
    figures = {"period": period or read, "strikes_from": start, "strikes_to": end, **counts}
    if figures["period"] is None and all(value is None for value in figures.values()):
        raise FieldError(
            "text",
            "neither a reporting month nor any figure (strikes, reports received, completed, "
            "still open …) can be read: this does not read as a monthly civilian casualty report",
        )
    figures = {key: figures[key] for key in FIGURE_KEYS}
    return Headline(figures, released, notes, hints(prose, figures))


def _counts(own: str, notes: list[Note], quoted: Callable[[int], bool]) -> dict[str, Any]:
    """Each count the coalition's own prose states. The month's figures are not read from a
    sentence about the whole campaign, nor is the toll to date from one that opens on an
    earlier statement; a campaign-wide sentence may state the toll to date in more ways."""
    spans = sentences(own)
    campaign_wide = [(a, b) for a, b in spans if CAMPAIGN_WIDE.search(own, a, b)]
    earlier = [(a, b) for a, b in spans if EARLIER_STATEMENT.match(own[a:b])]
    monthly = _without(own, campaign_wide)
    to_date = _without(own, earlier)
    only_campaign_wide = _without(to_date, [span for span in spans if span not in campaign_wide])

    def found(prose: str, name: str, patterns: tuple[re.Pattern[str], ...]) -> list[Any]:
        return _found(prose, name, patterns, lambda m: read_number(m["n"]), notes, quoted)

    counts = {}
    for name, patterns in COUNT_PATTERNS.items():
        prose = monthly if name in MONTHLY else to_date if name == "killed_cumulative" else own
        statements = found(prose, name, patterns)
        if name == "killed_cumulative":
            statements += found(only_campaign_wide, name, KILLED_CAMPAIGN_WIDE)
        counts[name] = _one_value(name, statements, notes)
    return counts


def _without(prose: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        prose = _blank(prose, start, end)
    return prose


def _first_figure(prose: str) -> int:
    """Where the first headline figure is stated (the end of the prose if none is)."""
    return min(
        (
            m.start()
            for patterns in COUNT_PATTERNS.values()
            for p in patterns
            for m in p.finditer(prose)
        ),
        default=len(prose),
    )


# --- layout: headers, entries, prose --------------------------------------------------------

_KIND = r"(?P<kind>non-?\s*credible|not\s+credible|credible|duplicates?)"
NAMED_HEADER = _p(
    rf"^\s*{_KIND}\s+(?:civilian\s+casualty\s+)?(?:reports?|allegations?)"
    r"(?:\s*\([^)]*\))?\s*(?:[—–:-]|$)"  # "Credible Reports (5):"
)
FOLLOWING_HEADER = _p(r"^\s*the\s+following\b[^:]*:\s*$")
FOLLOWING_KIND = _p(rf"\b(?:determined|assessed|found|deemed|as|be|of|the|are|were|was)\s+{_KIND}")
INTRODUCING_SENTENCE = _p(
    rf"\bthe\s+following\s+(?:{NUMBER}\s+)?(?:[\w-]+\s+){{0,3}}?(?:reports?|allegations?)\b"
    rf"[^.:]{{0,80}}?\b(?:are|were|is|was|as|be)\s+{_KIND}"
)
"""A list introduced by a sentence inside a paragraph ("… CJTF-OIR assessed that the following
seven reports are non-credible at this time. Non-credible means …")."""
OTHER_HEADER = _p(
    r"^\s*(?:reopened|open|closed|pending|ongoing)\s+(?:civilian\s+casualty\s+)?"
    r"(?:reports?|allegations?|assessments?)\s*(?:[—–:-]|$)"
)
ENTRY_MARK = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-–•*])\s+(?=\S)")
DATED_LINE = re.compile(rf"^\s*{DATE.pattern}\s*,", re.IGNORECASE)


def _kind(word: str) -> Outcome:
    """The outcome a header's kind word names ("Non-Credible", "not credible", "duplicates")."""
    if word.lower().startswith(("non", "not")):
        return Outcome.NOT_CREDIBLE
    return Outcome.DUPLICATE if word.lower().startswith("dup") else Outcome.CREDIBLE


def section_of(line: str) -> Outcome | None:
    """The outcome a header line opens a list of; OPEN for any other list (reopened or open
    reports, which a release does not judge), None for a line that is no header at all."""
    named = NAMED_HEADER.match(line)
    if named:
        return _kind(named["kind"])
    if FOLLOWING_HEADER.match(line):
        kind = FOLLOWING_KIND.search(line)
        return _kind(kind["kind"]) if kind else Outcome.OPEN
    introduced = INTRODUCING_SENTENCE.search(line)
    if introduced:
        return _kind(introduced["kind"])
    if OTHER_HEADER.match(line):
        return Outcome.OPEN
    return None


def starts_entry(line: str, after_break: bool) -> bool:
    """A numbered or bulleted line; or one that opens with "<date>," after a blank line or a
    header, so that a wrapped reason beginning with a date is not taken for a new entry."""
    return bool(ENTRY_MARK.match(line) or (after_break and DATED_LINE.match(line)))


@dataclass
class _Entry:
    line: int
    section: Outcome
    lines: list[str]


def layout(lines: list[str]) -> tuple[str, list[_Entry]]:
    """The prose (entry lines blanked, so offsets still give line numbers) and the entries.

    An entry starts on a numbered, bulleted or date-led line inside a list section and runs to
    the next blank line, header or entry; lines before any list header are always prose, and
    entries of lists the parser does not read (reopened reports) are dropped with the rest."""
    prose = list(lines)
    entries: list[_Entry] = []
    section: Outcome | None = None
    current: _Entry | None = None
    for number, line in enumerate(lines, start=1):
        header = section_of(line)
        if header is not None:
            section, current = header, None
        elif section is not None and starts_entry(line, current is None):
            current = _Entry(number, section, [line])
            entries.append(current)
            prose[number - 1] = ""
        elif current is not None and line.strip():
            current.lines.append(line)
            prose[number - 1] = ""
        else:
            current = None
    return "\n".join(prose), entries


# --- entries --------------------------------------------------------------------------------

COUNTRIES = {"iraq": "IQ", "syria": "SY"}
PLACE_START = _p(r",\s+(?=(?:near|in|outside|(?:the\s+)?vicinity\s+of)\s)")
HEAD_END = re.compile(r"[:.](?=\s|$)")
CHANNEL = _p(r"(?:,\s*|\s+)via\s+(?:(?:a|an|the)\s+)?(?P<channel>.+)$")
COUNTRY = _p(r",\s*(?P<country>iraq|syria)\s*$")
PLACE_FRAME = _p(r"^(?:near|in|outside|(?:in\s+)?the\s+vicinity\s+of|vicinity\s+of)\s+")
CORRECTION = _p(r"\bcorrected\s*(?:to|:)\s*")
DUPLICATE_WORD = _p(r"\bduplicate")
REASONS = (
    (
        ReasonCode.NO_STRIKES_IN_AREA,
        _p(
            r"\bno\s+(?:coalition\s+)?(?:air\s*)?(?:strikes|actions|engagements)\b[^.]*?"
            r"\b(?:conducted|area|vicinity|day|date)\b|there\s+were\s+no\s+(?:coalition\s+)?"
            r"(?:strikes|actions)"
        ),
    ),
    (
        ReasonCode.NO_CIVILIANS_HARMED,
        _p(
            r"(?:killed|harmed|injured|wounded)\s+no\s+civilians|no\s+civilians?\s+(?:were|was)\s+"
            r"(?:killed|harmed|injured|wounded|present)|no\s+(?:evidence\s+of\s+)?civilian\s+"
            r"(?:casualties|harm)|did\s+not\s+(?:result\s+in|cause)\s+(?:any\s+)?civilian"
        ),
    ),
    (
        ReasonCode.OTHER_PARTY_RESPONSIBLE,
        _p(
            r"another\s+(?:party|actor)|other\s+part(?:y|ies)|not\s+(?:a\s+)?coalition\s+"
            r"(?:strike|action)|(?:russian|syrian\s+regime|regime)\s+(?:aircraft|forces|air\s*"
            r"strikes?|strikes?)|\b(?:by|to)\s+(?:isis|isil|daesh)\b"
        ),
    ),
    (
        ReasonCode.INSUFFICIENT_EVIDENCE,
        _p(
            r"insufficient\s+(?:evidence|information|data)|not\s+enough\s+(?:evidence|information)"
            r"|lack(?:ed)?\s+(?:of\s+)?(?:sufficient\s+)?(?:evidence|information)"
            r"|(?:unable|not\s+able)\s+to\s+(?:corroborate|locate|determine)|too\s+vague"
        ),
    ),
)
_PEOPLE = r"(?:civilians?|people|persons?|individuals?|others?)"
KILLED = _p(rf"{N}\s+{_PEOPLE}\s+(?:(?:were|was)\s+)?(?:unintentionally\s+)?killed")
INJURED = _p(
    rf"{N}\s+(?:{_PEOPLE}\s+)?(?:(?:were|was)\s+)?(?:unintentionally\s+)?(?:injured|wounded)"
)


def _entry_error(line: int, why: str) -> FieldError:
    return FieldError("allegation", f"line {line}: {why}")


def split_date(body: str, line: int) -> tuple[str, dt.date | None, str]:
    """(date as written, the date if readable, the rest of the entry's text).

    An unreadable date ("Early October 2016") runs to the place ("…, near Mosul") or else to the
    first comma: the entry is still listed, with no date, rather than refused."""
    match = DATE.match(body)
    if match:
        rest = re.sub(r"^\s*\([^)]*\)", "", body[match.end() :])  # "(corrected to …)"
        return match[0], read_date(match), rest.lstrip(" ,")
    cut = PLACE_START.search(body) or re.search(",", body)
    if cut is None:
        raise _entry_error(line, "an entry must read '<date>, near <place>, <country>: <reason>'")
    return body[: cut.start()].strip(), None, body[cut.end() :].lstrip()


def split_head(text: str, line: int) -> tuple[str, str | None, str | None, str]:
    """(place, ISO country, channel, reason) of "near Ramadi, Iraq, via media report: reason"."""
    end = HEAD_END.search(text)
    head, reason = (text[: end.start()], text[end.end() :]) if end else (text, "")
    channel = CHANNEL.search(head)
    if channel:
        head = head[: channel.start()]
    country = COUNTRY.search(head)
    if country:
        head = head[: country.start()]
    place = PLACE_FRAME.sub("", head.strip()).strip()
    if not place:
        raise _entry_error(line, "the entry names no place before its reason")
    return (
        place,
        COUNTRIES[country["country"].lower()] if country else None,
        channel["channel"].strip() if channel else None,
        reason.strip(),
    )


def corrected_date(text: str, date: dt.date | None) -> dt.date | None:
    """The date after a correction ("The date of this strike was corrected to Sept. 21, 2015");
    None when the corrected date cannot be read, since the date as written is known wrong."""
    correction = CORRECTION.search(text)
    if correction is None:
        return date
    match = DATE.match(text, correction.end())
    return read_date(match) if match else None


def duplicate_of(text: str) -> dt.date | None:
    """The date of the report a duplicate repeats: the first date after the word 'duplicate'."""
    word = DUPLICATE_WORD.search(text)
    match = DATE.search(text, word.end()) if word else None
    return read_date(match) if match else None


def reason_code(outcome: Outcome, text: str) -> ReasonCode:
    """The ledger's reason for an entry: credible and duplicate have their own; a non-credible
    finding's text gives the first stock reason in REASONS order that it uses, else OTHER."""
    if outcome is not Outcome.NOT_CREDIBLE:
        return ReasonCode(outcome.value)
    for code, pattern in REASONS:
        if pattern.search(text):
            return code
    return ReasonCode.OTHER


def _one_count(pattern: re.Pattern[str], text: str, line: int, name: str) -> int | None:
    """The count `pattern` finds in an entry; refused if the entry gives two different ones."""
    try:
        values = {read_number(match["n"]) for match in pattern.finditer(text)}
    except FieldError as error:
        raise FieldError(name, f"line {line}: {error.message}") from None
    if len(values) > 1:
        raise FieldError(name, f"line {line}: the entry gives {sorted(values)} {name}")
    return values.pop() if values else None


def outcome_of(section: Outcome, reason: str) -> Outcome:
    """Releases list duplicates among the non-credible reports; they say so in the reason."""
    if section is Outcome.NOT_CREDIBLE and DUPLICATE_WORD.search(reason):
        return Outcome.DUPLICATE
    return section


def read_entry(entry: _Entry) -> ListedAllegation:
    """One listed allegation out of its lines."""
    body = " ".join(" ".join(entry.lines).split())
    body = ENTRY_MARK.sub("", body, count=1)
    date_text, date, rest = split_date(body, entry.line)
    place, country, channel, reason = split_head(rest, entry.line)
    outcome = outcome_of(entry.section, reason)
    credible = outcome is Outcome.CREDIBLE
    return ListedAllegation(
        line=entry.line,
        date=corrected_date(body, date),
        date_text=date_text,
        place=place,
        country=country,
        channel=channel,
        outcome=outcome,
        reason_code=reason_code(outcome, reason),
        reason=reason,
        killed=_one_count(KILLED, reason, entry.line, "killed") if credible else None,
        injured=_one_count(INJURED, reason, entry.line, "injured") if credible else None,
        duplicate_of_date=duplicate_of(reason) if outcome is Outcome.DUPLICATE else None,
    )


_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
_EDITORIAL = re.compile(r"\[[^\]\n]{0,40}\]")
"""An editor's insertion in a quotation ("Four [civilian casualty] reports"), read as blank."""


def parse_official_report(
    text: str, period: str | None = None, published: dt.date | None = None
) -> OfficialReport:
    """A monthly release's headline figures and listed allegations, exactly as it states them.

    Partial results are results: a figure the text does not state, or states two ways, is None
    (with a note, and the sentences that may hold it); an entry that does not read as one is
    left out with a note. Raises FieldError only for a text in which neither a reporting month
    nor any figure can be read, for a `period` the text contradicts, and for a text with a NUL
    character (binary data, or UTF-16 read as UTF-8), refused with its line before any parsing:
    no text column of PostgreSQL can hold one. Curly quotes and no-break spaces read as plain
    ones. `period` and `published` are what the caller knows of the release (`headline_figures`).
    """
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FieldError("text", f"line {line}: contains a NUL character; is this a text file?")
    if period is not None:
        try:
            months.checked(period)
        except FieldError as error:
            raise FieldError("period", error.message) from None
    plain = _EDITORIAL.sub(lambda match: " " * len(match[0]), text.translate(_TYPOGRAPHY))
    prose, entries = layout(plain.splitlines())
    headline = headline_figures(prose, period, published)
    allegations, unread = [], []
    for entry in entries:
        if entry.section is Outcome.OPEN:
            continue
        try:
            allegations.append(read_entry(entry))
        except FieldError as error:
            unread.append(Note(entry.line, error.field, error.message))
    return OfficialReport(
        headline.figures, allegations, headline.released, headline.notes, headline.hints, unread
    )
