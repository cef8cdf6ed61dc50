"""Place-name lookup: spelling variants and articles lead to the same Arabic name."""

from __future__ import annotations

import pytest

from civcas.gazetteer import arabic_name, canonical_place


@pytest.mark.parametrize(
    "spelling", ["Raqqa", "Raqqah", "Ar-Raqqah", "al-Raqqa", "near Raqqa, Syria", "RAQQA"]
)
def test_raqqa_variants(spelling: str) -> None:
    assert arabic_name(spelling) == "الرقة"


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Dayr az Zawr", "Deir ez Zor"])
def test_deir_ez_zor_variants(spelling: str) -> None:
    assert arabic_name(spelling) == "دير الزور"


def test_al_shaddadi_spellings_agree() -> None:
    assert arabic_name("al Shaddadi") == arabic_name("Al Shadadi") == "الشدادي"


def test_unknown_and_empty_places() -> None:
    assert arabic_name("Springfield") is None
    assert arabic_name(None) is None
    assert arabic_name("") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("outskirts of Tabqa", "الطبقة"),
        ("Al-Thawrah", "الطبقة"),
        ("Raqqa district", "الرقة"),
        ("near Ar-Raqqah, Syria", "الرقة"),
        ("house near the water tower, Old City, Mosul", "الموصل"),
        ("Dayr az Zawr governorate", "دير الزور"),
        ("الرقة", "الرقة"),
        ("Makhmour", None),
        ("", None),
        (None, None),
    ],
)
def test_the_place_a_text_names(text: str | None, expected: str | None) -> None:
    assert canonical_place(text) == expected
