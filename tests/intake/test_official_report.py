"""parse_official_report on self-written releases in each year's form (tests/data/official/).

The fixture texts are our own wording. Their headline figures are the real ones of the month (from
/work/shared/data/official-monthly-figures.csv); the allegations listed under them are invented.
Every expected value below was worked out by reading the fixture, not taken from the parser.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civcas.errors import FieldError
from civcas.intake.official_report import (
    FIGURE_KEYS,
    NUMBER,
    ListedAllegation,
    Note,
    OfficialReport,
    parse_official_report,
    read_number,
    section_of,
)
from civcas.publication.render import as_text
from civcas.publication.statement import MonitorRange, Revision, Statement
from civcas.vocab import Outcome, ReasonCode

DATA = Path(__file__).resolve().parent.parent / "data" / "official"
CREDIBLE, NOT_CREDIBLE, DUPLICATE = Outcome.CREDIBLE, Outcome.NOT_CREDIBLE, Outcome.DUPLICATE
NO_STRIKES = ReasonCode.NO_STRIKES_IN_AREA
INSUFFICIENT = ReasonCode.INSUFFICIENT_EVIDENCE
OTHER_PARTY = ReasonCode.OTHER_PARTY_RESPONSIBLE
NO_CIVILIANS = ReasonCode.NO_CIVILIANS_HARMED


def parsed(name: str) -> OfficialReport:
    return parse_official_report((DATA / f"{name}.txt").read_text(encoding="utf-8"))


def figures(**stated: object) -> dict[str, object]:
    """The figures dict with every key the fixture does not state as None."""
    return {key: stated.get(key) for key in FIGURE_KEYS}


def entry_at(report: OfficialReport, line: int) -> ListedAllegation:
    (found,) = [entry for entry in report.allegations if entry.line == line]
    return found


# --- headline figures, one fixture per year's form -------------------------------------------

EXPECTED_FIGURES = {
    "2016_11_received_assessed": figures(
        period="2016-11",
        killed_cumulative=188,
        received=16,
        credible=5,
        credible_killed=15,
        non_credible=13,
        still_open=5,
    ),
    "2017_03_carried_over_statistics": figures(
        period="2017-03",
        strikes_total=20205,
        strikes_from="2014-08",
        strikes_to="2017-03",
        killed_cumulative=352,
        carried_over=43,
        received=27,
        completed=28,
        credible=9,
        credible_killed=45,
        non_credible=17,
        duplicate=2,
        still_open=42,
    ),
    # 32397* without a separator; "The remaining 6 reports"; "One report was a duplicate".
    "2018_12_asterisk_remaining": figures(
        period="2018-12",
        strikes_total=32397,
        strikes_from="2014-08",
        strikes_to="2018-12",
        killed_cumulative=1190,
        carried_over=184,
        received=10,
        completed=12,
        credible=5,
        credible_killed=51,
        non_credible=6,
        duplicate=1,
        still_open=182,
    ),
    # No month named: the period is the month the strike count ends in. 3 reopened inside the 7.
    "2019_04_reopened_in_received": figures(
        period="2019-04",
        strikes_total=34502,
        strikes_from="2014-08",
        strikes_to="2019-04",
        killed_cumulative=1302,
        carried_over=122,
        received=7,
        completed=18,
        credible=3,
        credible_killed=5,
        non_credible=15,
        still_open=111,
        reopened=3,
    ),
    # "nineteen", "twenty-one", "two hundred and twenty", "none were duplicates".
    "2017_01_number_words": figures(
        period="2017-01",
        killed_cumulative=220,
        completed=19,
        credible=9,
        credible_killed=21,
        non_credible=10,
        duplicate=0,
        still_open=19,
    ),
    # "Coalition actions"; 2 reopened inside the 79 still open.
    "2019_08_actions_section_headers": figures(
        period="2019-08",
        strikes_total=34573,
        strikes_from="2014-08",
        strikes_to="2019-08",
        killed_cumulative=1335,
        carried_over=97,
        received=2,
        completed=20,
        credible=7,
        credible_killed=22,
        non_credible=13,
        still_open=79,
        reopened=2,
    ),
}


def test_figure_keys_are_the_statements_headline_figures() -> None:
    not_headline = {"revisions", "monitors", "belligerent", "provenance", "simulated"}
    names = tuple(f.name for f in dataclasses.fields(Statement) if f.name not in not_headline)
    assert names == FIGURE_KEYS


@pytest.mark.parametrize("name", sorted(EXPECTED_FIGURES))
def test_headline_figures_as_stated(name: str) -> None:
    assert parsed(name).figures == EXPECTED_FIGURES[name]


def test_figures_are_reported_not_repaired() -> None:
    """2016: 5 + 13 + 5 = 23 ≠ 16 received; the two duplicates sit inside the 13 non-credible."""
    report = parsed("2016_11_received_assessed")
    assert report.figures["non_credible"] == 13
    assert report.figures["duplicate"] is None
    assert Counter(entry.outcome for entry in report.allegations)[DUPLICATE] == 2


# --- the lists -----------------------------------------------------------------------------

# (outcomes, non-credible reasons, countries, killed, injured), counted from each fixture's lists
EXPECTED_LISTS = {
    "2016_11_received_assessed": (
        {CREDIBLE: 5, NOT_CREDIBLE: 11, DUPLICATE: 2},
        {NO_STRIKES: 3, INSUFFICIENT: 3, NO_CIVILIANS: 2, OTHER_PARTY: 2, ReasonCode.OTHER: 1},
        {"IQ": 11, "SY": 7},
        15,
        6,
    ),
    "2017_03_carried_over_statistics": (
        {CREDIBLE: 9, NOT_CREDIBLE: 17, DUPLICATE: 2},
        {NO_STRIKES: 5, INSUFFICIENT: 5, NO_CIVILIANS: 3, OTHER_PARTY: 3, ReasonCode.OTHER: 1},
        {"IQ": 15, "SY": 13},
        45,
        11,
    ),
    "2018_12_asterisk_remaining": (
        {CREDIBLE: 5, NOT_CREDIBLE: 6, DUPLICATE: 1},
        {NO_STRIKES: 2, INSUFFICIENT: 2, NO_CIVILIANS: 1, OTHER_PARTY: 1},
        {"IQ": 1, "SY": 11},
        51,
        9,
    ),
    "2019_04_reopened_in_received": (
        {CREDIBLE: 3, NOT_CREDIBLE: 15},
        {NO_STRIKES: 4, INSUFFICIENT: 6, NO_CIVILIANS: 2, OTHER_PARTY: 2, ReasonCode.OTHER: 1},
        {"IQ": 6, "SY": 12},
        5,
        1,
    ),
    "2017_01_number_words": (
        {CREDIBLE: 9, NOT_CREDIBLE: 10},
        {NO_STRIKES: 3, INSUFFICIENT: 3, NO_CIVILIANS: 1, OTHER_PARTY: 2, ReasonCode.OTHER: 1},
        {"IQ": 12, "SY": 7},
        21,
        3,
    ),
    "2019_08_actions_section_headers": (
        {CREDIBLE: 7, NOT_CREDIBLE: 13},
        {NO_STRIKES: 4, INSUFFICIENT: 5, NO_CIVILIANS: 2, OTHER_PARTY: 2},
        {"IQ": 5, "SY": 15},
        22,
        5,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_LISTS))
def test_lists(name: str) -> None:
    outcomes, reasons, countries, killed, injured = EXPECTED_LISTS[name]
    entries = parsed(name).allegations
    assert Counter(entry.outcome for entry in entries) == outcomes
    not_credible = [entry for entry in entries if entry.outcome is NOT_CREDIBLE]
    assert Counter(entry.reason_code for entry in not_credible) == reasons
    assert Counter(entry.country for entry in entries) == countries
    credible = [entry for entry in entries if entry.outcome is CREDIBLE]
    assert sum(entry.killed or 0 for entry in credible) == killed
    assert sum(entry.injured or 0 for entry in credible) == injured
    assert all(entry.reason_code is ReasonCode.CREDIBLE for entry in credible)
    assert all(entry.killed is None is entry.injured for entry in not_credible)
    assert [entry.line for entry in entries] == sorted(entry.line for entry in entries)


def test_unnumbered_credible_entry_with_a_corrected_date() -> None:
    assert entry_at(parsed("2016_11_received_assessed"), 21) == ListedAllegation(
        line=21,
        date=dt.date(2015, 9, 21),
        date_text="Sept. 20, 2015",
        place="Ramadi",
        country="IQ",
        channel=None,
        outcome=CREDIBLE,
        reason_code=ReasonCode.CREDIBLE,
        reason=(
            "The date of this strike was corrected to Sept. 21, 2015. During a strike against "
            "an ISIL staging area, it is assessed that 3 civilians were unintentionally killed "
            "and 1 injured."
        ),
        killed=3,
        injured=1,
        duplicate_of_date=None,
    )


def test_numbered_non_credible_entry() -> None:
    assert entry_at(parsed("2016_11_received_assessed"), 40) == ListedAllegation(
        line=40,
        date=dt.date(2016, 10, 2),
        date_text="Oct. 2, 2016",
        place="Mosul",
        country="IQ",
        channel="social media report",
        outcome=NOT_CREDIBLE,
        reason_code=NO_STRIKES,
        reason="No Coalition strikes were conducted on that day in the geographical area.",
        killed=None,
        injured=None,
        duplicate_of_date=None,
    )


def test_entries_of_2016() -> None:
    report = parsed("2016_11_received_assessed")
    shaddadi, manbij = entry_at(report, 25), entry_at(report, 28)
    assert (shaddadi.place, shaddadi.country, shaddadi.killed, shaddadi.injured) == (
        "al Shaddadi",
        "SY",
        4,
        None,
    )
    assert (manbij.channel, manbij.killed, manbij.injured) == ("self-report", 2, 3)
    early = entry_at(report, 54)
    assert (early.date, early.date_text, early.place) == (None, "Early October 2016", "Raqqah")
    assert early.reason_code is INSUFFICIENT
    hawija = entry_at(report, 52)
    assert (hawija.place, hawija.channel) == ("Hawija", None)
    corrected_later = entry_at(report, 64)
    assert (corrected_later.date, corrected_later.date_text) == (
        dt.date(2016, 10, 31),
        "Oct. 30, 2016",
    )
    assert entry_at(report, 62).reason_code is ReasonCode.OTHER


def test_duplicates_among_the_non_credible() -> None:
    report = parsed("2016_11_received_assessed")
    duplicates = [entry for entry in report.allegations if entry.outcome is DUPLICATE]
    assert [(d.line, d.date, d.duplicate_of_date, d.reason_code) for d in duplicates] == [
        (48, dt.date(2016, 10, 12), dt.date(2016, 10, 10), ReasonCode.DUPLICATE),
        (58, dt.date(2016, 10, 23), dt.date(2016, 10, 17), ReasonCode.DUPLICATE),
    ]
    others = [entry for entry in report.allegations if entry.outcome is not DUPLICATE]
    assert all(entry.duplicate_of_date is None for entry in others)


def test_duplicates_in_a_section_of_their_own() -> None:
    report = parsed("2017_03_carried_over_statistics")
    duplicates = [entry for entry in report.allegations if entry.outcome is DUPLICATE]
    assert [(d.line, d.date, d.duplicate_of_date) for d in duplicates] == [
        (92, dt.date(2017, 2, 9), dt.date(2017, 2, 2)),
        (94, dt.date(2017, 3, 5), dt.date(2017, 3, 3)),
    ]


def test_entries_of_2018() -> None:
    report = parsed("2018_12_asterisk_remaining")
    shadadi = entry_at(report, 39)
    assert (shadadi.place, shadadi.date, shadadi.reason_code) == (
        "Al Shadadi",
        dt.date(2018, 2, 11),
        NO_STRIKES,
    )
    assert shadadi.reason.endswith("The allegation was assessed to be non-credible.")
    qaim = entry_at(report, 32)
    assert (qaim.place, qaim.country, qaim.channel, qaim.killed, qaim.injured) == (
        "Al Qaim",
        "IQ",
        "self-report",
        6,
        2,
    )
    baghuz = entry_at(report, 48)
    assert (baghuz.outcome, baghuz.duplicate_of_date) == (DUPLICATE, dt.date(2018, 6, 30))


def test_correction_in_parentheses_after_the_date() -> None:
    tabqa = entry_at(parsed("2019_08_actions_section_headers"), 24)
    assert (tabqa.date, tabqa.date_text, tabqa.place, tabqa.country) == (
        dt.date(2017, 4, 3),
        "April 2, 2017",
        "Tabqa",
        "SY",
    )
    assert (tabqa.killed, tabqa.injured) == (1, 2)


def test_coalition_actions_and_unread_lists() -> None:
    """'No Coalition actions were conducted' is the stock reason; a reopened list is no outcome."""
    report = parsed("2019_08_actions_section_headers")
    assert entry_at(report, 40).reason_code is NO_STRIKES
    assert len(report.allegations) == 20
    reopened = {dt.date(2017, 6, 5), dt.date(2017, 8, 19)}
    assert not reopened & {entry.date for entry in report.allegations}


def test_number_words_in_entries() -> None:
    report = parsed("2017_01_number_words")
    vehicle = entry_at(report, 27)
    assert (vehicle.killed, vehicle.injured) == (4, 2)
    assert (entry_at(report, 25).killed, entry_at(report, 25).injured) == (1, None)


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,059", 1059),
        ("1059", 1059),
        ("30,008*", 30008),
        ("34,502", 34502),
        ("Twelve", 12),
        ("One hundred and eleven", 111),
        ("one hundred eleven", 111),
        ("twenty-one", 21),
        ("thirty-four thousand five hundred and two", 34502),
        ("none", 0),
        ("None", 0),
        ("zero", 0),
        ("no", 0),
    ],
)
def test_read_number(text: str, value: int) -> None:
    assert read_number(text) == value


@pytest.mark.parametrize("text", ["one two", "1,05", "", "twelve apples", "1.5"])
def test_read_number_refuses(text: str) -> None:
    with pytest.raises(FieldError) as raised:
        read_number(text)
    assert raised.value.field == "number"


def test_percentages_are_never_read_as_counts() -> None:
    text = "fewer than .5 percent, about 1.5 percent, of 39,000 engagements and 4.5 million people"
    assert re.findall(NUMBER, text, re.IGNORECASE) == ["39,000"]


ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def in_words(number: int, joined_by_and: bool) -> str:
    """English words for 0 ≤ number < 1,000,000, with or without the British "and"."""
    link = " and " if joined_by_and else " "
    if number < 20:
        return ONES[number]
    if number < 100:
        return TENS[number // 10] + (f"-{ONES[number % 10]}" if number % 10 else "")
    if number < 1000:
        rest = number % 100
        head = f"{ONES[number // 100]} hundred"
        return head + (link + in_words(rest, joined_by_and) if rest else "")
    rest = number % 1000
    head = f"{in_words(number // 1000, joined_by_and)} thousand"
    return head + ((link if rest < 100 else " ") + in_words(rest, joined_by_and) if rest else "")


@settings(max_examples=400)
@given(st.integers(0, 10**9), st.booleans(), st.booleans())
def test_digits_round_trip(number: int, separated: bool, asterisk: bool) -> None:
    written = (f"{number:,}" if separated else str(number)) + ("*" if asterisk else "")
    assert read_number(written) == number
    assert re.fullmatch(NUMBER, written, re.IGNORECASE)


@settings(max_examples=400)
@given(st.integers(0, 999_999), st.booleans(), st.booleans())
def test_words_round_trip(number: int, joined_by_and: bool, capitalised: bool) -> None:
    written = in_words(number, joined_by_and)
    written = written.capitalize() if capitalised else written
    assert read_number(written) == number
    assert re.fullmatch(NUMBER, written, re.IGNORECASE)


@settings(max_examples=200)
@given(st.integers(0, 999_999), st.sampled_from(["digits", "separated", "words"]))
def test_any_written_count_reads_in_a_release(number: int, form: str) -> None:
    written = {"digits": str(number), "separated": f"{number:,}"}.get(form) or in_words(
        number, True
    ).capitalize()
    text = (
        "CJTF-OIR Monthly Civilian Casualty Report — June 2018\n\n"
        f"During this reporting period, the Coalition received 4 new reports.\n"
        f"{written} reports are still open.\n"
    )
    assert parse_official_report(text).figures["still_open"] == number


# --- refusals ------------------------------------------------------------------------------

HEAD = "CJTF-OIR Monthly Civilian Casualty Report — June 2018\n\n"


def refusal(text: str) -> FieldError:
    with pytest.raises(FieldError) as raised:
        parse_official_report(text)
    return raised.value


def test_text_that_is_no_report() -> None:
    error = refusal("Weather for Baghdad: sunny, 41 degrees.\nWinds from the north at 12 km/h.\n")
    assert error.field == "text"
    assert "neither a reporting month nor any figure" in error.message


def test_a_month_but_no_figures_is_a_partial_result() -> None:
    report = parse_official_report(HEAD + "The Coalition thanks its partners this month.\n")
    assert report.figures == figures(period="2018-06")


def test_figures_without_a_month_are_a_partial_result() -> None:
    report = parse_official_report("The Coalition received 12 new reports.\n")
    assert report.figures == figures(received=12)


def test_the_caller_states_the_month_the_text_does_not() -> None:
    report = parse_official_report("The Coalition received 12 new reports.\n", period="2017-05")
    assert report.figures == figures(period="2017-05", received=12)


def test_a_stated_month_the_text_contradicts_is_refused() -> None:
    with pytest.raises(FieldError) as raised:
        parse_official_report(HEAD + "The Coalition received 3 new reports.\n", period="2018-05")
    assert (raised.value.field, raised.value.message) == (
        "period",
        "the text reports on 2018-06, not 2018-05",
    )


def test_a_figure_stated_two_ways_is_left_blank_with_a_note_naming_both_lines() -> None:
    text = HEAD + "The Coalition completed 12 reports.\nOut of the 13 completed reports, 2 ...\n"
    report = parse_official_report(text)
    assert report.figures["completed"] is None
    assert Note(3, "completed", "line 3 gives completed as 12, line 4 as 13; not read") in (
        report.notes
    )


def test_the_release_s_quoted_words_are_kept_over_a_paraphrase() -> None:
    """A news copy paraphrases the cumulative toll as 600 and quotes the release's 603."""
    text = HEAD + (
        "At least 600 civilians have been unintentionally killed, the coalition said.\n\n"
        '"CJTF-OIR assesses at least 603 civilians have been unintentionally killed by '
        'Coalition strikes," the report said.\n'
    )
    report = parse_official_report(text)
    assert report.figures["killed_cumulative"] == 603
    assert report.notes == [
        Note(
            3,
            "killed_cumulative",
            "line 3 gives killed_cumulative as 600 outside the release's quoted words, which "
            "give 603; 603 kept",
        )
    ]


def test_a_figure_stated_twice_alike_is_fine() -> None:
    text = HEAD + "The Coalition completed 12 reports.\nOut of the twelve completed reports ...\n"
    assert parse_official_report(text).figures["completed"] == 12


def test_an_entry_without_a_place_is_left_out_with_a_note() -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\nNon-Credible Reports:\n\n1. Unknown\n\n"
        "2. May 2, 2018, near Hajin, Syria: Insufficient evidence.\n"
    )
    report = parse_official_report(text)
    assert [entry.line for entry in report.allegations] == [9]
    assert report.unread_entries == [
        Note(
            7,
            "allegation",
            "line 7: an entry must read '<date>, near <place>, <country>: <reason>'",
        )
    ]


def test_an_entry_with_two_death_counts_is_left_out_with_a_note() -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\nCredible Reports:\n\n"
        "1. May 2, 2018, near Hajin, Syria: 4 civilians were killed, or 5 civilians were killed.\n"
    )
    report = parse_official_report(text)
    assert report.allegations == []
    assert report.unread_entries == [Note(7, "killed", "line 7: the entry gives [4, 5] killed")]


# --- layout rules --------------------------------------------------------------------------


def test_a_wrapped_line_starting_with_a_date_continues_the_entry() -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\n"
        "The following reports were assessed to be non-credible:\n\n"
        "June 1, 2018, near Hajin, Syria, via media report: This report is a duplicate of the\n"
        "May 30, 2018, report near Hajin, Syria.\n\n"
        "June 4, 2018, near Hajin, Syria: Insufficient evidence.\n"
    )
    report = parse_official_report(text)
    assert [(e.line, e.outcome, e.duplicate_of_date) for e in report.allegations] == [
        (7, DUPLICATE, dt.date(2018, 5, 30)),
        (10, NOT_CREDIBLE, None),
    ]


def test_lists_before_any_section_are_prose() -> None:
    text = HEAD + "1. The Coalition received 3 new reports.\n2. May 2, 2018, near Hajin, Syria.\n"
    report = parse_official_report(text)
    assert report.figures["received"] == 3
    assert report.allegations == []


def test_entry_numbers_are_not_read_as_figures() -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\nCredible Reports —\n\n"
        "1. May 2, 2018, near Hajin, Syria: 40 reports were assessed to be credible and 2 "
        "civilians were unintentionally killed.\n"
    )
    report = parse_official_report(text)
    assert report.figures["credible"] is None
    assert report.allegations[0].killed == 2


def test_entry_without_a_country() -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\nNon-Credible Reports —\n\n"
        "1. May 2, 2018, near Hajin, via NGO report: Insufficient evidence.\n"
    )
    (entry,) = parse_official_report(text).allegations
    assert (entry.place, entry.country, entry.channel) == ("Hajin", None, "NGO report")


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Credible Reports —", CREDIBLE),
        ("Credible Reports (5):", CREDIBLE),
        (
            "Non-Credible Reports — the following allegations were assessed to be non-credible.",
            NOT_CREDIBLE,
        ),
        ("NOT CREDIBLE ALLEGATIONS:", NOT_CREDIBLE),
        ("Duplicate Reports -", DUPLICATE),
        ("The following reports were assessed to be credible:", CREDIBLE),
        ("The following 13 reports were determined to be non-credible:", NOT_CREDIBLE),
        ("The following 2 reports were duplicates of previously assessed reports:", DUPLICATE),
        ("Reopened Reports —", Outcome.OPEN),
        ("The following reports were reopened:", Outcome.OPEN),
        ("Credible reports are published every month.", None),
        ("1. Oct. 2, 2016, near Mosul, Iraq: No Coalition strikes were conducted.", None),
    ],
)
def test_section_headers(line: str, section: Outcome | None) -> None:
    assert section_of(line) is section


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("No Coalition strikes were conducted on that day in the geographical area.", NO_STRIKES),
        ("No Coalition actions were conducted on that day in the geographical area.", NO_STRIKES),
        ("After a review, there were no Coalition strikes in the area.", NO_STRIKES),
        ("There was insufficient evidence to support the allegation.", INSUFFICIENT),
        ("Insufficient information to assess.", INSUFFICIENT),
        ("The report lacked sufficient information about time and place.", INSUFFICIENT),
        ("The strike was assessed to have killed no civilians.", NO_CIVILIANS),
        ("No civilians were present at the target.", NO_CIVILIANS),
        ("The strike did not result in civilian casualties.", NO_CIVILIANS),
        ("The casualties were caused by another party to the conflict.", OTHER_PARTY),
        ("Damage attributed to ISIS shelling.", OTHER_PARTY),
        ("The area was struck by Russian aircraft.", OTHER_PARTY),
        ("The explosion was not a Coalition strike.", OTHER_PARTY),
        ("The incident predates Coalition operations in the area.", ReasonCode.OTHER),
    ],
)
def test_stock_reasons(reason: str, code: ReasonCode) -> None:
    text = HEAD + (
        "The Coalition received 3 new reports.\n\nNon-Credible Reports:\n\n"
        f"1. May 2, 2018, near Hajin, Syria, via media report: {reason}\n"
    )
    (entry,) = parse_official_report(text).allegations
    assert (entry.outcome, entry.reason_code, entry.reason) == (NOT_CREDIBLE, code, reason)


# --- properties ----------------------------------------------------------------------------

FIXTURE_LINES = sorted(
    {line for path in DATA.glob("*.txt") for line in path.read_text("utf-8").splitlines()}
)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(FIXTURE_LINES) | st.text(max_size=40), max_size=40))
def test_any_text_reads_or_is_refused_clearly(lines: list[str]) -> None:
    """Shuffled release lines and noise either parse or raise FieldError, nothing else."""
    try:
        report = parse_official_report("\n".join(lines))
    except FieldError as error:
        assert error.field and error.message
    else:
        assert set(report.figures) == set(FIGURE_KEYS)
        period = report.figures["period"]
        assert period is None or re.fullmatch(r"\d{4}-\d\d", period)
        assert period is not None or any(v is not None for v in report.figures.values())


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_is_refused_clearly(text: str) -> None:
    with contextlib.suppress(FieldError):
        parse_official_report(text)


COUNT = st.integers(0, 40_000)


@settings(max_examples=200)
@given(
    st.builds(
        lambda period, counts, strikes: Statement(
            period=f"{period[0]}-{period[1]:02d}",
            strikes_total=strikes,
            strikes_from="2014-08" if strikes else None,
            strikes_to=f"{period[0]}-{period[1]:02d}" if strikes else None,
            revisions=[Revision(1, "2018-06-03T10:00:00", 3, 4, None, 1)],
            monitors=[MonitorRange("Airwars", counts[0], counts[0] + counts[1])],
            belligerent="the coalition",
            **dict(zip(FIGURE_KEYS[4:], counts, strict=True)),
        ),
        st.tuples(st.integers(2015, 2019), st.integers(1, 12)),
        st.lists(COUNT, min_size=10, max_size=10),
        COUNT,
    )
)
def test_our_own_rendered_statement_reads_back(statement: Statement) -> None:
    """civcas's text rendering uses the releases' words, so it reads back figure for figure."""
    expected = {key: getattr(statement, key) for key in FIGURE_KEYS}
    if not statement.strikes_total:
        expected["strikes_total"] = None
    if not statement.reopened:
        expected["reopened"] = None
    assert parse_official_report(as_text(statement)).figures == expected
