"""Who can state a figure about this campaign's civilian dead, and the names texts give them.

One list for the two readers that must tell whose figure a number is: the claim extractor
(news and statements) and the official-release parser (whose news copies quote monitors beside
the coalition). The names are canonical claimants, the ones hand-coded in bench/corpus; a party
not known here is named by the organisation words a text gives it (`extract._mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

COALITION = "coalition"
"""The claimant name of the US-led coalition (CJTF-OIR), whichever body of it speaks."""
UNKNOWN = "unknown"
"""The claimant of a figure whose speaker the text does not let a reader tell."""

_US = r"(?:U\.?S\.?|United\s+States|American|US-led)"
KNOWN: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        COALITION,
        re.compile(
            r"\b(?:CJTF[-–\s]*OIR|Combined\s+Joint\s+Task\s+Force(?:\s*[-–—]\s*Operation\s+"
            r"Inherent\s+Resolve)?|(?:Operation\s+)?Inherent\s+Resolve|(?:the\s+)?coalition|"
            r"Pentagon|Department\s+of\s+Defen[cs]e|Defen[cs]e\s+Department|CENTCOM|"
            r"Central\s+Command|the\s+alliance|"
            r"(?:the\s+)?(?:U\.S\.|US|United\s+States)(?=\s+(?:has\s+|have\s+|had\s+)?"
            r"(?:admit|acknowledg|said|says|conced|confirm|announc|estimat|insist))|"
            rf"{_US}(?:[\s-]+(?:military|army|air\s+force|defen[cs]e|central\s+command|"
            r"officials?|commanders?|forces|spokesm[ae]n|spokeswom[ae]n|government))+|"
            r"(?:the\s+)?(?:U\.S\.|United\s+States)(?!\s*-))(?!\w)",
            re.I,
        ),
    ),
    ("airwars", re.compile(r"\bAirwars\b", re.I)),
    ("amnesty", re.compile(r"\bAmnesty(?:\s+International)?\b")),
    (
        "syrian observatory",
        re.compile(
            r"\b(?:Syrian\s+Observatory(?:\s+for\s+Human\s+Rights)?|SOHR|"
            r"Rami\s+Abdel?[-\s]?Rahman|Rami\s+Abdulrahman)\b"
        ),
    ),
    (
        "syrian network for human rights",
        re.compile(r"\b(?:Syrian\s+Network\s+for\s+Human\s+Rights|SNHR)\b"),
    ),
    ("human rights watch", re.compile(r"\b(?:Human\s+Rights\s+Watch|HRW)\b")),
    (
        "un",
        re.compile(
            r"(?<![\w.])(?:United\s+Nations|U\.N\.|UN|UNAMI|OHCHR|OCHA|UNICEF|UNHCR)(?![\w-])"
            r"|\bU\.?N\.?\s+(?:human\s+rights|commission|office|mission|agency)\b"
        ),
    ),
    (
        "iraqi officials",
        re.compile(
            r"\b(?:Iraq(?:i|'s)\s+(?:prime\s+minister|government|military|army|officials?|"
            r"(?:interior\s+|defen[cs]e\s+|health\s+)?ministry(?:\s+of\s+\w+)?|civil\s+defen[cs]e|"
            r"joint\s+operations\s+command|security\s+forces|forces)\b|Baghdad\s+government|"
            r"(?:Prime\s+Minister\s+)?(?:Haider\s+)?al-Abadi\b|Abadi\b)",
            re.I,
        ),
    ),
    (
        "syrian officials",
        re.compile(
            r"\b(?:SANA|Syrian\s+(?:government|state\s+media|foreign\s+ministry|army|regime|"
            r"officials?)|Damascus)\b",
            re.I,
        ),
    ),
    (
        "kurdish officials",
        re.compile(
            r"\b(?:SDF|Syrian\s+Democratic\s+Forces|Kurdish\s+(?:officials?|authorities)|"
            r"Raqqa\s+Civil\s+Council|(?:First|1st)\s+Response\s+Team|Raqqa\s+Internal\s+Security)\b"
        ),
    ),
    ("agence france-presse", re.compile(r"\b(?:Agence\s+France[-\s]Presse?|AFP)\b")),
    ("iraq body count", re.compile(r"\b(?:Iraq\s+Body\s+Count|IBC)\b")),
    ("ucdp", re.compile(r"\b(?:UCDP|Uppsala\s+Conflict\s+Data\s+Program(?:me)?)\b")),
    (
        "acled",
        re.compile(
            r"\b(?:ACLED|Armed\s+Conflict\s+Location\s+(?:&|and)\s+Event\s+Data(?:\s+Project)?)\b"
        ),
    ),
    (
        "raqqa is being slaughtered silently",
        re.compile(
            r"\b(?:Raqqa\s+is\s+Being\s+(?:Slaughtered\s+Silently|Silently\s+Slaughtered)|RBSS)\b",
            re.I,
        ),
    ),
)
"""Each claimant and how texts name it. "the coalition", the Pentagon, CENTCOM and U.S. officials
are one claimant: the strikes and the assessments are theirs."""

UNNAMED: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "activists",
        re.compile(
            r"\b(?:(?:media|opposition|local)\s+)?activists?\b|"
            r"\b(?:pro-)?opposition\s+(?:organi[sz]ations|groups)\b",
            re.I,
        ),
    ),
    ("", re.compile(r"\b(?:Syrian|Iraqi|Kurdish|Turkish|Russian|state|local)\s+media\b")),
    ("residents", re.compile(r"\b(?:local\s+)?(?:residents?|locals|inhabitants)\b", re.I)),
    (
        "local sources",
        re.compile(r"\b(?:local|medical|security)(?:\s+and\s+\w+)?\s+sources\b", re.I),
    ),
    ("witnesses", re.compile(r"\b(?:eye\s*)?witnesses\b", re.I)),
    ("medics", re.compile(r"\b(?:medics|doctors|hospital\s+officials)\b", re.I)),
    (
        "monitoring groups",
        re.compile(r"\b(?:monitoring\s+groups|(?:human\s+)?rights\s+groups|monitors)\b", re.I),
    ),
)
"""Speakers a text leaves unnamed, never the coalition, each named as the coding of bench/corpus
names it (an empty name: as the text does, "Syrian media")."""


def named_in(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, claimant) of each known party the text names, in the order of the list."""
    for claimant, pattern in KNOWN:
        for match in pattern.finditer(text):
            yield match.start(), match.end(), claimant


def others_named(text: str) -> list[str]:
    """The parties other than the coalition that a sentence names or leaves unnamed."""
    found = {claimant for _, _, claimant in named_in(text) if claimant != COALITION}
    for name, pattern in UNNAMED:
        found.update(name or match[0].lower() for match in pattern.finditer(text))
    return sorted(found)


PUBLISHERS = {
    "syriahr.com": "syrian observatory",
    "airwars.org": "airwars",
    "amnesty.org": "amnesty",
    "hrw.org": "human rights watch",
    "snhr.org": "syrian network for human rights",
    "inherentresolve.mil": COALITION,
    "centcom.mil": COALITION,
    "defense.gov": COALITION,
    "ohchr.org": "un",
    "uniraq.un.org": "un",
    "un.org": "un",
    "iraqbodycount.org": "iraq body count",
}
"""Sites that are a party's own: what the writer states there, the party states."""


def publisher(url: str | None) -> str | None:
    """The party whose own site `url` is on, if it is one of PUBLISHERS."""
    host = urlsplit(url or "").hostname or ""
    for domain, party in PUBLISHERS.items():
        if host == domain or host.endswith("." + domain):
            return party
    return None
