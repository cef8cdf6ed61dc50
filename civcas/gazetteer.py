"""Place names of the campaign in Iraq and Syria: the spellings sources use, and the Arabic name.

The Arabic site shows a place in Arabic where it is known here; the linking of reports will use the
same variants (Raqqa / Raqqah / Ar-Raqqah / الرقة). Lookup ignores case, hyphens, apostrophes and
a leading article (al-, ar-, ad-, as-, el-), and the word "near".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Arabic name, then the Latin spellings met in reports.
PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("الرقة", ("Raqqa", "Raqqah", "Ar-Raqqah", "al-Raqqa", "Rakka")),
    ("الموصل", ("Mosul", "Mawsil", "al-Mawsil")),
    ("الرمادي", ("Ramadi", "ar-Ramadi")),
    ("الفلوجة", ("Fallujah", "Falluja", "al-Fallujah")),
    ("الطبقة", ("Tabqa", "al-Tabqa", "Al-Thawrah", "Tabaqah")),
    ("دير الزور", ("Deir ez-Zor", "Deir ez Zor", "Dayr az Zawr", "Deir al-Zour", "Deir Ezzor")),
    ("هجين", ("Hajin", "Hajeen")),
    ("منبج", ("Manbij", "Menbij")),
    ("عين العرب", ("Kobani", "Kobane", "Ayn al-Arab", "Ain al-Arab")),
    ("الباغوز", ("Baghuz", "al-Baghuz", "Baghouz", "Al Baghuz Fawqani")),
    ("البوكمال", ("Abu Kamal", "Albu Kamal", "Al Bukamal", "Bukamal")),
    ("الميادين", ("Mayadin", "al-Mayadin", "Mayadeen")),
    ("الشدادي", ("al-Shaddadi", "Al Shadadi", "Shaddadi", "Shadadi")),
    ("تلعفر", ("Tal Afar", "Tall Afar", "Telafer")),
    ("سنجار", ("Sinjar", "Shingal")),
    ("الحويجة", ("Hawija", "Hawijah", "al-Hawija")),
    ("هيت", ("Hit", "Heet")),
    ("القائم", ("al-Qaim", "Al Qaim", "Qaim")),
    ("تكريت", ("Tikrit",)),
    ("بيجي", ("Baiji", "Bayji", "Beiji")),
    ("الشرقاط", ("Shirqat", "al-Shirqat", "Sharqat")),
    ("كركوك", ("Kirkuk",)),
    ("بغداد", ("Baghdad",)),
    ("آمرلي", ("Amirli", "Amerli")),
    ("حلب", ("Aleppo", "Halab")),
    ("الباب", ("al-Bab", "Al Bab")),
    ("إدلب", ("Idlib", "Idleb")),
    ("الحسكة", ("Hasakah", "al-Hasakah", "Hasakeh")),
    ("تل أبيض", ("Tal Abyad", "Tell Abyad")),
    ("الشعفة", ("al-Shafah", "Shafah", "Al Shafa")),
    ("السوسة", ("al-Susah", "Susa", "Al Susah")),
    ("العشارة", ("al-Asharah", "Ashara", "Al Asharah")),
    ("الكسرة", ("al-Kasrah", "Kasrah")),
    ("سد الموصل", ("Mosul Dam", "Sadd al-Mosul")),
    ("القيارة", ("Qayyarah", "al-Qayyarah", "Qayara")),
    ("العراق", ("Iraq",)),
    ("سوريا", ("Syria",)),
)

ARTICLE = re.compile(r"^(?:near |outside |in )?(?:al|ar|ad|as|el|an|at|az)[- ']", re.IGNORECASE)


def key(name: str) -> str:
    """A spelling-insensitive key: lower case, no accents, no article, no punctuation."""
    text = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode()
    text = re.sub(r"^(?:near|outside|in)\s+", "", text.lower())
    text = ARTICLE.sub("", text)
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def index() -> dict[str, str]:
    return {key(variant): arabic for arabic, variants in PLACES for variant in variants}


def arabic_name(place: str | None) -> str | None:
    """The Arabic name of `place` if the gazetteer knows it (also for "near Raqqa, Syria")."""
    if not place:
        return None
    head = place.split(",")[0]
    return index().get(key(head))


AROUND = re.compile(
    r"^(?:house near the \w+(?: \w+)?|outskirts of|near|outside|in)\s+"
    r"|\s+(?:district|governorate)$",
    re.IGNORECASE,
)


def canonical_place(place: str | None) -> str | None:
    """The gazetteer place a report's place text names, by its Arabic name, or None.

    Each comma-separated part is tried with its framing words removed ("outskirts of Tabqa",
    "Raqqa district", "al-Nuri quarter, Mosul"), so that every spelling of a place, in either
    script, gives one value that reports of the same event can be compared on."""
    if not place:
        return None
    arabic = {name for name, _ in PLACES}
    for part in place.split(","):
        text = AROUND.sub("", part.strip())
        if text in arabic:
            return text
        found = index().get(key(text))
        if found is not None:
            return found
    return None
