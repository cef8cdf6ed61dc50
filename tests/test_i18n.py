"""`Words`: what a sentence built from figures needs of its reader's language."""

from __future__ import annotations

from civcas.cli import Language
from civcas.i18n import LANGUAGES, words


def test_the_command_line_offers_every_language_of_the_catalogs() -> None:
    assert [language.value for language in Language] == list(LANGUAGES)


def test_parties_with_an_accepted_arabic_name_are_named_in_arabic() -> None:
    arabic, english = words("ar"), words("en")
    assert arabic.party("Coalition") == "التحالف"
    assert arabic.party(None) == "الطرف المتحارب"
    assert (english.party("Coalition"), english.party(None)) == ("Coalition", "the belligerent")
    # A party without an accepted Arabic name keeps the name the ledger gives it.
    assert arabic.party("Syrian Arab Air Force") == "Syrian Arab Air Force"


def test_the_simulated_mark_of_a_source_is_said_in_the_language() -> None:
    assert words("ar").source("Airwars (simulated)") == "Airwars (محاكاة)"
    assert words("en").source("Airwars (simulated)") == "Airwars (simulated)"
    assert words("ar").source("Raqqa 24 (Facebook page)") == "Raqqa 24 (Facebook page)"


def test_months_and_plurals_follow_the_language() -> None:
    arabic = words("ar")
    assert (arabic.month("2018-06"), words().month("2018-06")) == ("يونيو 2018", "June 2018")
    strike = ("%(count)s strike", "%(count)s strikes")
    # Arabic has six plural forms: 0, 1, 2, 3–10, 11–99, and 100 and above (by n % 100).
    forms = {n: arabic.ngettext(*strike, n) % {"count": n} for n in (1, 2, 3, 11, 100)}
    assert forms == {
        1: "1 ضربة",
        2: "2 ضربتين",
        3: "3 ضربات",
        11: "11 ضربة",
        100: "100 ضربة",
    }
