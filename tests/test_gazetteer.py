"""Place-name lookup: spelling variants and articles lead to the same Arabic name."""

from __future__ import annotations

import pytest

from civcas.gazetteer import arabic_name


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
