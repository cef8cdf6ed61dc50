"""The claim extractor: every expected figure, period and sentence is read off the text by hand."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civcas.claims import ExtractedClaim, Measure, extract_claims

M = Measure
D = dt.date


def seed_article() -> Path:
    """The project's seed article (third-party text, so not in the repository): beside the
    repository (../shared/seed), where $CIVCAS_SHARED says, or where these machines keep it."""
    name = Path("seed") / "000_93ceb08a87074078.txt"
    roots = [os.environ.get("CIVCAS_SHARED"), Path(__file__).parents[3] / "shared", "/work/shared"]
    for root in roots:
        if root and (Path(root) / name).is_file():
            return Path(root) / name
    raise FileNotFoundError(f"the seed article {name} is in none of {roots}: set CIVCAS_SHARED")


SEED = seed_article()
FIXTURES = Path(__file__).parents[1] / "data" / "claims"

Row = tuple[str, Measure, int, int, dt.date | None, dt.date | None, str]


def rows(text: str, published: dt.date | None = None) -> list[Row]:
    """Each claim as (claimant, measure, min, max, period start, period end, its sentence)."""
    return [
        (c.claimant, c.measure, c.value_min, c.value_max, c.period_start, c.period_end, sentence)
        for c in extract_claims(text, published)
        for sentence in [text[c.start : c.end]]
    ]


def only(text: str, published: dt.date | None = None) -> ExtractedClaim:
    [claim] = extract_claims(text, published)
    return claim


# --- the seed article (VOA, published Thursday 26 July 2018, the day of the statement) -------

SEED_FIRST = (
    "The U.S.-led coalition Thursday acknowledged the deaths of 1,059 civilians from its aerial "
    "bombings against the Islamic State (IS) in Iraq and Syria."
)
SEED_STRIKES = (
    "The coalition, which has run a military campaign against IS's self-proclaimed caliphate in "
    "Iraq and Syria through Operation Inherent Resolve, said its jet fighters conducted 29,826 "
    "strikes between August 2014 and June of this year."
)
SEED_AIRWARS = (
    "Airwars, a U.K.-based monitor group, estimates that between 6,488 and 9,947 civilians are "
    "likely to have died in coalition attacks in both Iraq and Syria."
)
SEED_REPORTS = (
    "In its Thursday statement, the coalition said it finished assessing 125 civilian casualty "
    "reports and determined 16 of them were credible, three were duplicates, and the other 106 "
    "were not credible."
)
SEED_OPEN = "Another 234 reports are still being investigated, according to the coalition."
SEED_TERRITORY = (
    "Coalition officials estimate the group now controls only about 300 square kilometers in Syria."
)
CAMPAIGN = (D(2014, 8, 1), D(2018, 6, 30))  # "between August 2014 and June of this year"


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert rows(text, D(2018, 7, 26)) == [
        # the period is stated once, with the strikes, and borrowed by the coalition's figures
        ("coalition", M.CIVILIANS_KILLED, 1059, 1059, *CAMPAIGN, SEED_FIRST),
        ("coalition", M.STRIKES, 29826, 29826, *CAMPAIGN, SEED_STRIKES),
        ("airwars", M.CIVILIANS_KILLED, 6488, 9947, None, None, SEED_AIRWARS),
        ("coalition", M.REPORTS_ASSESSED, 125, 125, *CAMPAIGN, SEED_REPORTS),
        ("coalition", M.REPORTS_CREDIBLE, 16, 16, *CAMPAIGN, SEED_REPORTS),
        ("coalition", M.REPORTS_DUPLICATE, 3, 3, *CAMPAIGN, SEED_REPORTS),
        ("coalition", M.REPORTS_NOT_CREDIBLE, 106, 106, *CAMPAIGN, SEED_REPORTS),
        ("coalition", M.REPORTS_OPEN, 234, 234, *CAMPAIGN, SEED_OPEN),
        # the area IS still holds: a state at a moment, so no borrowed period
        ("coalition", M.TERRITORY, 300, 300, None, None, SEED_TERRITORY),
    ]


def test_seed_without_a_publication_date_leaves_this_year_unknown() -> None:
    text = SEED.read_text(encoding="utf-8")
    strikes = [c for c in extract_claims(text) if c.measure == M.STRIKES]
    assert [(c.period_start, c.period_end) for c in strikes] == [(D(2014, 8, 1), None)]


# --- our own fixture articles ----------------------------------------------------------------

MONTHLY_DEATHS = (
    "The U.S.-led coalition said on Thursday that its strikes in Iraq and Syria had killed at "
    "least 1,291 civilians between August 2014 and the end of March 2019."
)
MONTHLY_STRIKES = "Operation Inherent Resolve said it carried out 34,464 strikes in that period."
MONTHLY_REPORTS = (
    "It assessed two hundred and thirteen reports in March: eleven were credible, one hundred "
    "and ninety-seven were not credible and five were duplicates."
)
MONTHLY_OPEN = "A further 111 reports were still being assessed, the statement said."
MONTHLY_AIRWARS = (
    "Airwars, a London-based monitor, says that between 7,300 and 11,600 civilians were likely "
    "killed by coalition actions over the same period."
)


def test_coalition_monthly() -> None:
    text = (FIXTURES / "coalition_monthly.txt").read_text(encoding="utf-8")
    to_march = (D(2014, 8, 1), D(2019, 3, 31))
    march = (D(2019, 3, 1), D(2019, 3, 31))  # "in March", published 25 April 2019
    assert rows(text, D(2019, 4, 25)) == [
        ("coalition", M.CIVILIANS_KILLED, 1291, 1291, *to_march, MONTHLY_DEATHS),  # at least
        ("coalition", M.STRIKES, 34464, 34464, *to_march, MONTHLY_STRIKES),  # borrowed, before
        # "It": the claimant of the sentence before, in the same paragraph; 11 + 197 + 5 = 213
        ("coalition", M.REPORTS_ASSESSED, 213, 213, *march, MONTHLY_REPORTS),
        ("coalition", M.REPORTS_CREDIBLE, 11, 11, *march, MONTHLY_REPORTS),
        ("coalition", M.REPORTS_NOT_CREDIBLE, 197, 197, *march, MONTHLY_REPORTS),
        ("coalition", M.REPORTS_DUPLICATE, 5, 5, *march, MONTHLY_REPORTS),
        ("coalition", M.REPORTS_OPEN, 111, 111, *march, MONTHLY_OPEN),
        ("airwars", M.CIVILIANS_KILLED, 7300, 11600, None, None, MONTHLY_AIRWARS),
    ]


MONITORS_AIRWARS = (
    "Airwars estimates that 5,961 to 9,000 civilians have died in coalition strikes since the "
    "campaign began in 2014."
)
MONITORS_SOHR = (
    "The Syrian Observatory for Human Rights said 3,100-3,500 civilians were killed in Syria "
    "alone, including 900 children."
)
MONITORS_AMNESTY = (
    "According to Amnesty International, more than 1,600 civilians died in the battle for "
    "Raqqa, and about 2,000 were wounded."
)
MONITORS_PERCENT = (
    "Islamic State fighters now hold less than 5 percent of the territory they once controlled, "
    "the coalition said."
)
MONITORS_AREA = (
    "The militants held roughly 100,000 square kilometres at their peak in 2014, officials "
    "estimated."
)


def test_monitors() -> None:
    text = (FIXTURES / "monitors.txt").read_text(encoding="utf-8")
    assert rows(text, D(2017, 11, 15)) == [
        # since the campaign began: August 2014 to the day of publication
        ("airwars", M.CIVILIANS_KILLED, 5961, 9000, D(2014, 8, 1), D(2017, 11, 15),
         MONITORS_AIRWARS),
        # a second claimant in the same paragraph; the 900 children are part of the 3,100-3,500
        ("syrian observatory", M.CIVILIANS_KILLED, 3100, 3500, None, None, MONITORS_SOHR),
        ("amnesty", M.CIVILIANS_KILLED, 1600, 1600, None, None, MONITORS_AMNESTY),  # more than
        # not the 2,000 wounded: civcas counts deaths only
        ("coalition", M.TERRITORY, 5, 5, None, None, MONITORS_PERCENT),
        # "officials": no speaker, so the coalition of the sentence before
        ("coalition", M.TERRITORY, 100000, 100000, D(2014, 1, 1), D(2014, 12, 31),
         MONITORS_AREA),
    ]  # fmt: skip


RELATIVE_COUNCIL = (
    "Coalition strikes killed twenty-one civilians in eastern Syria last month, according to the "
    "Raqqa Civil Council."
)
RELATIVE_AIRWARS = "Airwars put the toll from the worst of those strikes at 4–7 civilians."
RELATIVE_AS_OF = (
    "As of March 31, the coalition said, 1,302 civilians had been killed since August 2014 and "
    "120 reports were still open."
)


RELATIVE_REPORTED = "Some 40 people were reported dead in Hajin."


def test_relative_dates() -> None:
    text = (FIXTURES / "relative_dates.txt").read_text(encoding="utf-8")
    to_march = (D(2014, 8, 1), D(2019, 3, 31))
    assert rows(text, D(2019, 4, 10)) == [
        # last month, seen from 10 April 2019; the SDF-run council is the Kurdish authorities
        ("kurdish officials", M.CIVILIANS_KILLED, 21, 21, D(2019, 3, 1), D(2019, 3, 31),
         RELATIVE_COUNCIL),
        ("airwars", M.CIVILIANS_KILLED, 4, 7, None, None, RELATIVE_AIRWARS),
        # no claims from the two weeks, the 67-year-old, 1998, the ages 30 to 45 or 2017;
        # "Some 40 people were reported dead": nobody named says so, so nobody known does
        ("unknown", M.CIVILIANS_KILLED, 40, 40, None, None, RELATIVE_REPORTED),
        ("coalition", M.CIVILIANS_KILLED, 1302, 1302, *to_march, RELATIVE_AS_OF),
        ("coalition", M.REPORTS_OPEN, 120, 120, *to_march, RELATIVE_AS_OF),
    ]  # fmt: skip


def test_relative_dates_need_the_publication_date() -> None:
    text = (FIXTURES / "relative_dates.txt").read_text(encoding="utf-8")
    council = extract_claims(text)[0]
    assert (council.claimant, council.period_start, council.period_end) == (
        "kurdish officials",
        None,
        None,
    )


# --- single rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "low", "high"),
    [
        ("6,488 to 9,947", 6488, 9947),
        ("between 6,488 and 9,947", 6488, 9947),
        ("6,488-9,947", 6488, 9947),
        ("6,488–9,947", 6488, 9947),
        ("6,488 — 9,947", 6488, 9947),
        ("more than 6,488", 6488, 6488),
        ("at least 6,488", 6488, 6488),
        ("about 6,488", 6488, 6488),
        ("six thousand four hundred and eighty-eight", 6488, 6488),
        ("between two and five", 2, 5),
        ("1.2 million", 1_200_000, 1_200_000),
    ],
)
def test_figure_forms(figure: str, low: int, high: int) -> None:
    claim = only(f"Airwars said {figure} civilians were killed.")
    assert (claim.claimant, claim.measure, claim.value_min, claim.value_max) == (
        "airwars",
        M.CIVILIANS_KILLED,
        low,
        high,
    )


def test_a_change_gives_the_new_figure() -> None:
    claim = only("The coalition said the toll rose from 12 to 15 civilians killed.")
    assert (claim.value_min, claim.value_max) == (15, 15)


def test_decimal_percentages_widen_to_whole_numbers() -> None:
    claim = only("The coalition said IS now holds 2.5 percent of its former territory.")
    assert (claim.measure, claim.value_min, claim.value_max) == (M.TERRITORY, 2, 3)


@pytest.mark.parametrize(
    "text",
    [
        "The coalition said attacks rose 20 percent in 2017.",  # a percentage, not territory
        "The coalition said 20,000 civilians fled the city.",  # fled: neither killed nor hurt
        "Airwars said its team of 12 had worked for two weeks on the report.",
        "The coalition said a 34-year-old man aged 34 had died on May 29, 2017.",
        "The coalition said a man aged 34 died.",
        "Amnesty said the coalition's figures were artificially low.",
        "Local officials said 12 civilians were killed.",  # nobody we can name
        "The coalition killed 12 civilians in Mosul.",  # the writer's claim, not the coalition's
        "Airwars said 40 civilians were wounded.",  # injuries are not a measure
    ],
)
def test_numbers_that_are_not_claims(text: str) -> None:
    assert extract_claims(text, D(2018, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Coalition strikes killed 14 civilians in Raqqa, Airwars said.", "airwars"),
        ("Coalition strikes killed 14 civilians in Raqqa, said Airwars.", "airwars"),
        ("According to the Iraqi Ministry of Health, 40 civilians were killed.",
         "iraqi officials"),
        ("The coalition killed 12 civilians in Mosul, Airwars said.", "airwars"),
        ("The coalition has carried out 29,826 strikes.", "coalition"),
        ("The Pentagon said coalition strikes had killed 12 civilians.", "coalition"),
        ("The Pentagon said U.S. strikes had killed 12 civilians.", "coalition"),
        ("CJTF-OIR said it had received 3 new reports.", "coalition"),
        ("The UCDP counts 12 civilians killed.", "ucdp"),
    ],
)  # fmt: skip
def test_claimants(text: str, claimant: str) -> None:
    assert only(text).claimant == claimant


def test_two_claimants_in_one_sentence() -> None:
    text = (
        "The coalition said 12 civilians were killed, while Airwars estimates that 40 to 60 "
        "civilians died."
    )
    assert [(c.claimant, c.value_min, c.value_max) for c in extract_claims(text)] == [
        ("coalition", 12, 12),
        ("airwars", 40, 60),
    ]


def test_the_claimant_carries_within_a_paragraph_only() -> None:
    text = (
        "Airwars published its annual review on Monday. It counted 1,600 civilian deaths.\n\n"
        "It counted 900 more civilian deaths in Mosul."
    )
    assert [(c.claimant, c.value_min) for c in extract_claims(text)] == [("airwars", 1600)]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("To date, the coalition has acknowledged 1,059 civilian deaths.", None, D(2018, 7, 26)),
        ("Since August 2014 the coalition has carried out 29,826 strikes.", D(2014, 8, 1),
         D(2018, 7, 26)),
        ("The coalition said 12 civilians were killed since the start of the campaign.",
         D(2014, 8, 1), D(2018, 7, 26)),
        ("The coalition said 12 civilians were killed in 2016.", D(2016, 1, 1), D(2016, 12, 31)),
        ("The coalition said 12 civilians were killed between 2015 and 2016.", D(2015, 1, 1),
         D(2016, 12, 31)),
        ("The coalition said 12 civilians were killed from May to June.", D(2018, 5, 1),
         D(2018, 6, 30)),
        ("The coalition said 12 civilians were killed this year.", D(2018, 1, 1), D(2018, 7, 26)),
        ("The coalition said 12 civilians were killed by the end of 2016.", None, D(2016, 12, 31)),
        ("The coalition said 12 civilians were killed last year.", D(2017, 1, 1), D(2017, 12, 31)),
        ("The coalition said 12 civilians were killed since the start of operations in 2014.",
         D(2014, 8, 1), D(2018, 7, 26)),
        ("The coalition said 12 civilians were killed since Operation Inherent Resolve began.",
         D(2014, 8, 1), D(2018, 7, 26)),
    ],
)  # fmt: skip
def test_periods(text: str, start: dt.date | None, end: dt.date | None) -> None:
    claim = only(text, D(2018, 7, 26))
    assert (claim.period_start, claim.period_end) == (start, end)


def test_a_huge_number_is_read_whole() -> None:
    assert only("Airwars said " + "9" * 400 + " civilians were killed.").value_max == int("9" * 400)


def test_may_ends_a_sentence() -> None:
    text = "Strikes resumed in May. The coalition said 3 civilians were killed."
    claim = only(text)
    assert text[claim.start : claim.end] == "The coalition said 3 civilians were killed."


def test_initials_do_not_end_a_sentence() -> None:
    text = "Hello.\n\nThe coalition said U.S. Air Force jets killed 3 civilians. Fine."
    claim = only(text)
    assert (
        text[claim.start : claim.end]
        == "The coalition said U.S. Air Force jets killed 3 civilians."
    )


# --- any text --------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        *("coalition", "Airwars", "said", "according", "to", "the", "Ministry", "of", "Health"),
        *("between", "and", "-", "–", ".", ",", "\n\n", "12", "1,059", "2.5", "two", "hundred"),
        *("million", "civilians", "killed", "wounded", "reports", "were", "credible", "not"),
        *("open", "strikes", "percent", "territory", "square", "kilometres", "March", "31"),
        *("2014", "since", "last month", "as of", "this year", "U.S.", "’s", "'s", "%"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.lists(WORDS, max_size=40).map(" ".join)),
    st.one_of(st.none(), st.dates()),
)
def test_any_text(text: str, published: dt.date | None) -> None:
    for claim in extract_claims(text, published):
        assert claim.value_min <= claim.value_max
        assert 0 <= claim.start < claim.end <= len(text)
