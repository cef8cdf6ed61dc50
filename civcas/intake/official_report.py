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
stated twice with different values, an entry without a place, or a text with no reporting month is
refused with a FieldError naming the line and why. The one inference made is documented in
`reporting_month`: a release that names no month reports on the month its strike count ends in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from text_to_num import text2num

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
    """A release's headline figures (None where it does not state one) and its listed entries."""

    figures: dict[str, Any]
    allegations: list[ListedAllegation]


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


# --- headline figures -----------------------------------------------------------------------


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NOUN = (
    r"(?:(?:new|additional|open|previously\s+closed)\s+)?(?:civilian\s+casualty\s+)?"
    r"(?:allegation\s+)?(?:reports?|allegations?)"
)
_CREDIBLE = r"credible\b"
_NON_CREDIBLE = r"(?:non-?\s*credible|not\s+credible)\b"
_ASIDE = r"(?:,[^,.]{0,60},\s*)?"  # "111 reports, including 3 reopened reports, remain open"
_SPAN = (
    rf"(?:between|from)\s+(?P<a>{_MONTH}\s+(?:{_DAY},?\s+)?{_YEAR}),?\s+"
    rf"(?:and|to|through|until)\s+(?:the\s+)?end\s+of\s+(?P<b>{_MONTH}\s+{_YEAR})"
)


def _judged(kind: str) -> tuple[re.Pattern[str], ...]:
    """The ways a release says how many reports were found credible (or non-credible)."""
    return (
        _p(
            rf"{N}\s+(?:of\s+(?:these|the|those)\s+(?:\w+\s+)?)?(?:{_NOUN}\s+)?"
            r"(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?"
            rf"(?:determined|assessed|found|deemed)\s+(?:to\s+be\s+|as\s+)?{kind}"
        ),
        _p(
            rf"(?:determined|assessed|found)\s+{N}\s+(?:of\s+(?:these|the)\s+)?{_NOUN}\s+"
            rf"(?:to\s+be\s+|as\s+)?{kind}"
        ),
        _p(rf"{N}\s+(?:(?:were|was)\s+)?{kind}(?:\s+{_NOUN}\b|\s*[,;])"),
    )


COUNT_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "strikes_total": (_p(rf"total\s+of\s+{N}\s+(?:coalition\s+)?(?:air\s*)?strikes?\b"),),
    "killed_cumulative": (
        _p(
            rf"at\s+least\s+{N}\s+civilians?\s+(?:(?:have|has)\s+been|were|was)\s+"
            r"(?:unintentionally\s+)?killed"
        ),
    ),
    "carried_over": (
        _p(rf"carried\s+over\s+{N}\s+{_NOUN}"),
        _p(rf"{N}\s+{_NOUN}\s+(?:were\s+)?carried\s+over"),
    ),
    "received": (_p(rf"received\s+(?:a\s+total\s+of\s+)?{N}\s+{_NOUN}"),),
    "completed": (
        _p(rf"completed\s+(?:the\s+|its\s+)?(?:assessments?\s+of\s+)?{N}(?!\w)"),
        _p(rf"\bof\s+the(?:se)?\s+{N}\s+completed"),
        _p(rf"{N}\s+(?:{_NOUN}|assessments)\s+(?:were|was)\s+completed"),
    ),
    "credible": _judged(_CREDIBLE),
    "credible_killed": (
        _p(rf"result(?:ed|ing)\s+in\s+{N}\s+(?:unintentional\s+)?civilian\s+deaths?"),
    ),
    "non_credible": _judged(_NON_CREDIBLE),
    "duplicate": (
        _p(
            rf"{N}\s+(?:{_NOUN}\s+)?(?:(?:were|was)\s+)?"
            r"(?:(?:determined|assessed|found)\s+(?:to\s+be\s+)?)?(?:a\s+)?duplicates?\b"
        ),
    ),
    "still_open": (
        _p(
            rf"{N}\s+(?:{_NOUN}\s*)?{_ASIDE}(?:(?:are|is|remain|remains)\s+)?still\s+"
            r"(?:open|being\s+assessed|under\s+(?:assessment|review))"
        ),
        _p(rf"{N}\s+{_NOUN}\s*{_ASIDE}(?:remain|remains)\s+open"),
    ),
    "reopened": (
        _p(rf"{N}\s+(?:previously\s+closed\s+)?reopened\s+(?:reports?|allegations?)"),
        _p(rf"{N}\s+(?:{_NOUN}\s+)?(?:were|was|have\s+been|has\s+been|had\s+been)\s+reopened"),
        _p(rf"reopened\s+{N}\s+{_NOUN}"),
    ),
}
STRIKE_SPAN = _p(_SPAN)
PERIOD_PATTERNS = (
    _p(
        r"casualty\s+report\s*(?:for\s+(?:the\s+month\s+of\s+)?|[—–:(-]\s*)"
        rf"(?P<m>{_MONTH}\s+{_YEAR})"
    ),
    _p(
        r"reporting\s+period\s*(?:of|for|covering|,|:|\(|—|–)?\s*(?:the\s+month\s+of\s+)?"
        rf"(?P<m>{_MONTH}\s+{_YEAR})"
    ),
    _p(rf"(?P<m>{_MONTH}\s+{_YEAR})\s+reporting\s+period"),
)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _stated(
    prose: str,
    name: str,
    patterns: tuple[re.Pattern[str], ...],
    read: Callable[[re.Match[str]], Any],
) -> Any:
    """The one value the prose gives for `name`, or None if it gives none.

    Releases often state a figure twice ("completed 28 … Of the 28 completed"); that is fine. Two
    different values are refused, since picking one would be a guess."""
    seen: dict[Any, int] = {}
    for pattern in patterns:
        for match in pattern.finditer(prose):
            line = _line_of(prose, match.start())
            try:
                seen.setdefault(read(match), line)
            except FieldError as error:
                raise FieldError(name, f"line {line}: {error.message}") from None
    if len(seen) > 1:
        (first, at), (second, later) = sorted(seen.items(), key=lambda item: item[1])[:2]
        raise FieldError(name, f"line {at} gives {name} as {first}, line {later} as {second}")
    return next(iter(seen), None)


def reporting_month(prose: str, strikes_to: str | None) -> str:
    """The month the release reports on, as 'YYYY-MM'.

    Named explicitly ("… Civilian Casualty Report — June 2018", "the reporting period of March
    2017") where possible; otherwise the month the strike count runs to ("between August 2014 and
    end of April 2019"), since every release counts strikes to the end of its reporting month."""
    named = _stated(prose, "period", PERIOD_PATTERNS, lambda match: read_month(match["m"]))
    period = named or strikes_to
    if period is None:
        raise FieldError(
            "period",
            "no reporting month found: expected e.g. 'reporting period of June 2018' or "
            "'strikes between August 2014 and end of June 2018'; this does not read as a "
            "monthly civilian casualty report",
        )
    return str(period)


def headline_figures(prose: str) -> dict[str, Any]:
    """Every headline figure the prose states, None for the others, in Statement's order."""
    start = _stated(prose, "strikes_from", (STRIKE_SPAN,), lambda match: read_month(match["a"]))
    end = _stated(prose, "strikes_to", (STRIKE_SPAN,), lambda match: read_month(match["b"]))
    figures = {"period": reporting_month(prose, end), "strikes_from": start, "strikes_to": end}
    for name, patterns in COUNT_PATTERNS.items():
        figures[name] = _stated(prose, name, patterns, lambda match: read_number(match["n"]))
    if all(figures[name] is None for name in COUNT_PATTERNS):
        raise FieldError(
            "figures",
            f"a reporting month ({figures['period']}) but no headline figure (strikes, reports "
            "received, completed, still open …): this does not read as a monthly civilian "
            "casualty report",
        )
    return {key: figures[key] for key in FIGURE_KEYS}


# --- layout: headers, entries, prose --------------------------------------------------------

_KIND = r"(?P<kind>non-?\s*credible|not\s+credible|credible|duplicates?)"
NAMED_HEADER = _p(
    rf"^\s*{_KIND}\s+(?:civilian\s+casualty\s+)?(?:reports?|allegations?)"
    r"(?:\s*\([^)]*\))?\s*(?:[—–:-]|$)"  # "Credible Reports (5):"
)
FOLLOWING_HEADER = _p(r"^\s*the\s+following\b[^:]*:\s*$")
FOLLOWING_KIND = _p(rf"\b(?:determined|assessed|found|deemed|as|be|of|the|are|were|was)\s+{_KIND}")
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


def parse_official_report(text: str) -> OfficialReport:
    """A monthly release's headline figures and listed allegations, exactly as it states them.

    Raises FieldError (naming the line where one applies) for a text that is not recognisably
    such a release, or that states something two ways. A text with a NUL character (binary data,
    or UTF-16 read as UTF-8) is refused with its line before any parsing: no text column of
    PostgreSQL can hold one, so a place or reason carrying it would fail the insert."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FieldError("text", f"line {line}: contains a NUL character; is this a text file?")
    prose, entries = layout(text.splitlines())
    figures = headline_figures(prose)
    allegations = [read_entry(entry) for entry in entries if entry.section is not Outcome.OPEN]
    return OfficialReport(figures=figures, allegations=allegations)
