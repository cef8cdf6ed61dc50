"""Where the air campaign was, and when: cities, approximate coordinates and active windows.

Strikes and allegations are drawn from the places active in a month, weighted by how intense the
fighting there was, so the demo's map follows the real campaign (Kobani, Ramadi, Mosul, Raqqa,
the middle Euphrates, Baghuz). Coordinates are approximate town centres; weights are relative
strike intensities, not counts (the plan scales them to the published strike totals).
"""

from __future__ import annotations

from dataclasses import dataclass

# Bounding boxes (south, west, north, east) that every generated coordinate must fall in.
BOUNDS = {"IQ": (29.0, 38.7, 37.4, 48.8), "SY": (32.3, 35.7, 37.4, 42.4)}


@dataclass(frozen=True)
class Place:
    """A town or area struck by the coalition; `names` holds the spellings sources use."""

    names: tuple[str, ...]
    country: str
    latitude: float
    longitude: float
    governorate: str
    windows: tuple[tuple[str, str, float], ...]
    severity: float = 1.0
    quarters: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0]

    def weight(self, period: str) -> float:
        """The place's strike intensity in `period` ("YYYY-MM"), 0 when inactive."""
        return sum(w for first, last, w in self.windows if first <= period <= last)


def _p(names: str, country: str, lat: float, lon: float, gov: str, *windows: str, **kw: object):
    """A compact constructor: names '|'-separated, windows as 'first..last:weight'."""
    parsed = []
    for window in windows:
        months, weight = window.split(":")
        first, _, last = months.partition("..")
        parsed.append((first, last or first, float(weight)))
    return Place(tuple(names.split("|")), country, lat, lon, gov, tuple(parsed), **kw)  # type: ignore[arg-type]


PLACES: tuple[Place, ...] = (
    _p("Mosul Dam|Sadd al-Mosul", "IQ", 36.63, 42.82, "Nineveh", "2014-08..2014-09:60"),
    _p(
        "Sinjar|Shingal|Sinjar mountain|سنجار",
        "IQ",
        36.32,
        41.87,
        "Nineveh",
        "2014-08..2015-10:20",
        "2015-11:80",
    ),
    _p("Amirli|Amerli", "IQ", 34.72, 44.59, "Salah al-Din", "2014-08..2014-09:30"),
    _p("Makhmour|Makhmur|Gwer", "IQ", 35.78, 43.58, "Nineveh", "2014-08..2016-03:15"),
    _p(
        "Kobani|Kobane|Ayn al-Arab|عين العرب",
        "SY",
        36.89,
        38.35,
        "Aleppo",
        "2014-09..2015-01:300",
        "2015-02:80",
        severity=0.6,
    ),
    _p(
        "Raqqa|al-Raqqah|Ar-Raqqa|Rakka|الرقة",
        "SY",
        35.95,
        39.01,
        "Raqqa",
        "2014-09..2017-05:30",
        "2017-06..2017-10:700",
        severity=2.4,
        quarters=(
            "al-Mashlab",
            "al-Badu",
            "al-Sinaa",
            "al-Rumaniya",
            "Old City",
            "Hisham bin Abdul Malik",
        ),
    ),
    _p("Baiji|Bayji|بيجي", "IQ", 34.93, 43.49, "Salah al-Din", "2014-10..2015-10:60"),
    _p("Tikrit|تكريت", "IQ", 34.60, 43.68, "Salah al-Din", "2015-03..2015-04:80"),
    _p(
        "Ramadi|al-Ramadi|الرمادي",
        "IQ",
        33.42,
        43.30,
        "Anbar",
        "2015-05..2015-11:120",
        "2015-12..2016-02:250",
        severity=1.4,
        quarters=("al-Tamim", "al-Hoz", "al-Aziziya", "Sufiya"),
    ),
    _p("Hit|Heet|هيت", "IQ", 33.64, 42.83, "Anbar", "2016-03..2016-04:100"),
    _p(
        "Fallujah|Falluja|al-Fallujah|الفلوجة",
        "IQ",
        33.35,
        43.78,
        "Anbar",
        "2016-05..2016-06:180",
        "2016-07:40",
        severity=1.3,
        quarters=("al-Shuhada", "Jolan", "Nazal"),
    ),
    _p("Manbij|Menbij|منبج", "SY", 36.53, 37.95, "Aleppo", "2016-06..2016-08:250", severity=1.6),
    _p("al-Shaddadi|Shaddadi|الشدادي", "SY", 36.06, 40.73, "Hasakah", "2016-02..2016-03:120"),
    _p("al-Hawl|al-Hol|Hol", "SY", 36.38, 41.15, "Hasakah", "2015-11:80"),
    _p("Hasakah|al-Hasakah|Hasaka", "SY", 36.50, 40.75, "Hasakah", "2015-06..2015-08:80"),
    _p("Tal Abyad|Tell Abyad|تل أبيض", "SY", 36.70, 38.95, "Raqqa", "2015-05..2015-06:120"),
    _p("Qayyarah|Qayara|القيارة", "IQ", 35.80, 43.29, "Nineveh", "2016-06..2016-09:100"),
    _p(
        "Mosul|Mosoul|al-Mawsil|West Mosul|الموصل",
        "IQ",
        36.34,
        43.13,
        "Nineveh",
        "2014-09..2016-09:40",
        "2016-10..2017-07:700",
        severity=2.6,
        quarters=(
            "al-Jadida",
            "Zanjili",
            "Old City",
            "al-Yarmuk",
            "Gogjali",
            "al-Zahra",
            "Tammuz 17",
        ),
    ),
    _p("al-Bab|Al Bab|الباب", "SY", 36.37, 37.52, "Aleppo", "2016-12..2017-02:60", severity=1.3),
    _p(
        "Tabqa|al-Tabqa|al-Thawrah|الطبقة",
        "SY",
        35.84,
        38.55,
        "Raqqa",
        "2017-03..2017-05:250",
        severity=1.6,
    ),
    _p(
        "Tal Afar|Tel Afar|Talafar|تلعفر",
        "IQ",
        36.38,
        42.45,
        "Nineveh",
        "2014-09..2017-07:10",
        "2017-08..2017-09:250",
    ),
    _p("Hawija|al-Hawija|الحويجة", "IQ", 35.32, 43.77, "Kirkuk", "2017-09..2017-10:150"),
    _p(
        "Deir ez-Zor|Deir Ezzor|Dayr al-Zawr|دير الزور",
        "SY",
        35.33,
        40.14,
        "Deir ez-Zor",
        "2017-09..2017-12:200",
        severity=1.4,
    ),
    _p(
        "Mayadin|al-Mayadeen|الميادين",
        "SY",
        35.02,
        40.45,
        "Deir ez-Zor",
        "2017-10..2017-11:150",
        severity=1.4,
    ),
    _p(
        "Abu Kamal|al-Bukamal|Albu Kamal|البوكمال",
        "SY",
        34.45,
        40.92,
        "Deir ez-Zor",
        "2017-11..2018-04:80",
        severity=1.3,
    ),
    _p(
        "al-Qaim|al-Qa'im|Husaybah|القائم",
        "IQ",
        34.38,
        41.08,
        "Anbar",
        "2017-10..2017-11:120",
        "2018-01..2019-12:10",
    ),
    _p(
        "Hajin|Hajeen|هجين",
        "SY",
        34.69,
        40.83,
        "Deir ez-Zor",
        "2018-05..2018-08:40",
        "2018-09..2018-12:350",
        severity=2.2,
    ),
    _p(
        "al-Susah|al-Sousa|Sosa|السوسة",
        "SY",
        34.56,
        40.89,
        "Deir ez-Zor",
        "2018-09..2019-01:200",
        severity=2.2,
    ),
    _p(
        "al-Shafa|al-Shaafa|Shaafah|الشعفة",
        "SY",
        34.63,
        40.87,
        "Deir ez-Zor",
        "2018-10..2019-01:200",
        severity=2.2,
    ),
    _p(
        "Baghuz|al-Baghuz Fawqani|Baghouz|الباغوز",
        "SY",
        34.46,
        40.97,
        "Deir ez-Zor",
        "2019-01..2019-03:500",
        severity=2.0,
    ),
    _p("Dashisha|al-Dashisha|Dashishah", "SY", 36.13, 41.33, "Hasakah", "2018-05..2018-06:120"),
    _p(
        "Rutbah|al-Rutba|Wadi Hauran",
        "IQ",
        33.04,
        40.28,
        "Anbar",
        "2015-01..2019-12:15",
        severity=0.5,
    ),
    _p(
        "Hamrin mountains|Jebel Hamrin|Hamreen",
        "IQ",
        34.88,
        44.63,
        "Salah al-Din",
        "2017-11..2019-12:15",
        severity=0.5,
    ),
    _p("Wadi al-Shay|Wadi Shay", "IQ", 35.10, 44.10, "Kirkuk", "2018-01..2019-12:10", severity=0.5),
    _p("Barisha|Jinah|Idlib countryside", "SY", 36.16, 36.63, "Idlib", "2017-01..2019-12:5"),
    _p(
        "Syrian Badia|Badiya|al-Sukhnah desert",
        "SY",
        34.90,
        39.20,
        "Homs",
        "2019-04..2019-12:15",
        severity=0.5,
    ),
)


def active(period: str) -> list[tuple[Place, float]]:
    """The places struck in `period`, each with its weight (never empty in 2014-08..2019-12)."""
    return [(place, place.weight(period)) for place in PLACES if place.weight(period) > 0]


def intensity(period: str) -> float:
    """The campaign's relative strike intensity in `period`, used to spread strike totals."""
    return sum(weight for _, weight in active(period))
