"""parse_official_report on single sentences, one per construction of the coalition's releases.

Each construction below was found in the real monthly releases of CJTF-OIR or in their news
copies (bench/corpus/official_figures.csv), but every sentence here is our own wording with
invented, plausible numbers: none quotes a real release. Every expected value was worked out by
reading the sentence, as a person would, and not taken from the parser's output; the traps are
sentences whose number is not the figure it sits next to, so the figure must stay blank.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from civcas.intake.official_report import OfficialReport, parse_official_report
from civcas.vocab import Outcome

HEADER = "CJTF-OIR Monthly Civilian Casualty Report — June 2018\n\n"
"""A title naming the reporting month, for sentences that need one to be read at all."""


def read(text: str, published: dt.date | None = None) -> OfficialReport:
    return parse_official_report(text, published=published)


def figure(name: str, sentence: str) -> Any:
    """The figure `name` of a June 2018 release whose only prose is `sentence`."""
    return read(HEADER + sentence + "\n").figures[name]


def fields_of_notes(report: OfficialReport) -> list[str]:
    return [note.field for note in report.notes]


# --- the reporting month ---------------------------------------------------------------------


def test_during_the_month_of_month_and_year() -> None:
    text = (
        "During the month of March 2017, CJTF-OIR received 17 new reports of possible "
        "civilian casualties.\n"
    )
    report = read(text)
    assert report.figures["period"] == "2017-03"
    assert report.figures["received"] == 17


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "September 2018, CJTF-OIR received 12 new reports of possible civilian casualties "
            "and carried over 197 open reports from previous months.\n",
            id="first-paragraph",
        ),
        pytest.param(
            "The following is the monthly civilian casualty release of the Combined Joint Task "
            "Force.\n\nSeptember 2018, CJTF-OIR received 12 new reports of possible civilian "
            "casualties and carried over 197 open reports from previous months.\n",
            id="second-paragraph",
        ),
    ],
)
def test_month_and_year_opening_a_paragraph(text: str) -> None:
    assert read(text).figures["period"] == "2018-09"


@pytest.mark.parametrize(
    ("sentence", "published", "period"),
    [
        pytest.param(
            "During November, CJTF-OIR received 9 new reports of possible civilian casualties.",
            dt.date(2016, 12, 29),
            "2016-11",
            id="published-next-month",
        ),
        pytest.param(
            "During October, CJTF-OIR received 21 new reports of possible civilian casualties.",
            dt.date(2017, 12, 7),
            "2017-10",
            id="published-two-months-later",
        ),
        pytest.param(
            "During December, CJTF-OIR received 14 new reports of possible civilian casualties.",
            dt.date(2018, 1, 25),
            "2017-12",
            id="december-published-in-january",
        ),
    ],
)
def test_during_month_without_year_takes_the_year_of_publication(
    sentence: str, published: dt.date, period: str
) -> None:
    assert read(sentence + "\n", published).figures["period"] == period


def test_in_the_month_of_month_with_a_dateline_in_the_text() -> None:
    text = (
        "CJTF-OIR Public Affairs\n"
        "Date: Mar 6, 2017\n\n"
        "In the month of February, CJTF-OIR carried over 22 open reports from previous months "
        "and received 11 new reports of possible civilian casualties.\n"
    )
    report = read(text)
    assert report.figures["period"] == "2017-02"
    assert report.released == dt.date(2017, 3, 6)
    assert report.figures["carried_over"] == 22


def test_month_without_year_takes_its_year_from_the_strike_count() -> None:
    text = (
        "In the month of October, CJTF-OIR received 8 new reports of possible civilian "
        "casualties.\n\n"
        "The Coalition conducted a total of 29,176 strikes between August 2014 and the end of "
        "October 2017.\n"
    )
    assert read(text).figures["period"] == "2017-10"


def test_in_month_it_completed_a_review() -> None:
    text = (
        "The task force said that in April it completed a review of 26 reports of possible "
        "civilian casualties.\n"
    )
    report = read(text, dt.date(2018, 5, 31))
    assert report.figures["period"] == "2018-04"
    assert report.figures["completed"] == 26


def test_unintentional_civilian_deaths_in_month() -> None:
    text = (
        "There were 14 unintentional civilian deaths in August, according to the monthly report.\n"
    )
    report = read(text, dt.date(2017, 9, 28))
    assert report.figures["period"] == "2017-08"
    assert report.figures["credible_killed"] == 14


def test_month_without_year_and_no_date_anywhere_is_not_read() -> None:
    report = read(
        "During July, CJTF-OIR received 10 new reports of possible civilian casualties.\n"
    )
    assert report.figures["period"] is None
    assert report.figures["received"] == 10
    assert "period" in fields_of_notes(report)


def test_trap_a_month_in_which_the_task_force_admitted_deaths_is_not_the_period() -> None:
    text = (
        "In March, the Combined Joint Task Force admitted that an airstrike near Raqqa likely "
        "killed 12 civilians. The coalition is still assessing 40 reports of civilian "
        "casualties.\n"
    )
    report = read(text, dt.date(2018, 5, 2))
    assert report.figures["period"] is None


# --- the strike count and its span -----------------------------------------------------------


def test_strike_span_without_end_of() -> None:
    figures = read(
        "The coalition conducted 12,350 strikes between August 2014 and May 2016.\n"
    ).figures
    assert figures["strikes_total"] == 12350
    assert figures["strikes_from"] == "2014-08"
    assert figures["strikes_to"] == "2016-05"
    assert figures["period"] == "2016-05"


def test_from_the_start_of_the_campaign_through_month_a_period_during_which() -> None:
    text = (
        "CJTF-OIR counted its strikes from the start of the campaign in August 2014 through "
        "January 2019, a period during which the coalition conducted a total of 33,456 strikes.\n"
    )
    figures = read(text).figures
    assert figures["strikes_total"] == 33456
    assert figures["strikes_from"] == "2014-08"
    assert figures["strikes_to"] == "2019-01"


def test_strike_span_ending_in_month_this_year() -> None:
    text = (
        "The coalition conducted 31,406 strikes between August 2014 and the end of March this "
        "year.\n"
    )
    figures = read(text, dt.date(2018, 4, 26)).figures
    assert figures["strikes_total"] == 31406
    assert figures["strikes_from"] == "2014-08"
    assert figures["strikes_to"] == "2018-03"


def test_trap_a_stale_strike_count_quoted_from_an_earlier_release() -> None:
    text = (
        "During July, CJTF-OIR completed a review of 11 reports of possible civilian "
        "casualties.\n\n"
        "The coalition conducted 34,270 strikes between August 2014 and the end of May 2019.\n"
    )
    report = read(text, dt.date(2019, 9, 5))
    assert report.figures["strikes_total"] is None
    assert report.figures["strikes_from"] is None
    assert report.figures["strikes_to"] is None
    assert "strikes_to" in fields_of_notes(report)


def test_strike_count_in_that_time_after_a_span_sentence() -> None:
    text = (
        "Figures cover incidents between August 2014 and April 2018. In that time, the coalition "
        "has carried out 29,944 strikes.\n"
    )
    figures = read(text).figures
    assert figures["strikes_total"] == 29944
    assert figures["strikes_from"] == "2014-08"
    assert figures["strikes_to"] == "2018-04"


# --- the headline figures --------------------------------------------------------------------


def test_strikes_without_total_of_and_with_a_footnote_asterisk() -> None:
    text = (
        "The Coalition conducted 27,512* strikes between August 2014 and the end of September "
        "2017.\n"
    )
    assert read(text).figures["strikes_total"] == 27512


def test_trap_a_weekly_strike_count() -> None:
    report = read(HEADER + "The Coalition carried out 41 strikes between June 4 and 10.\n")
    assert report.figures["strikes_total"] is None
    assert report.figures["strikes_from"] is None
    assert report.figures["strikes_to"] is None


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        pytest.param(
            "Based on the information available, CJTF-OIR assesses at least 1,114 civilians "
            "have been unintentionally killed by Coalition strikes since the start of Operation "
            "Inherent Resolve.",
            1114,
            id="at-least-have-been-unintentionally-killed",
        ),
        pytest.param(
            "To date, the command believes that 1,302 civilians have been unintentionally killed "
            "by coalition strikes.",
            1302,
            id="the-command-believes",
        ),
        pytest.param(
            "The coalition acknowledged 17 further deaths, bringing the official civilian death "
            "toll of the campaign, which began in 2014, to 1,190 people.",
            1190,
            id="bringing-the-death-toll-to",
        ),
        pytest.param(
            "The coalition conceded responsibility for 24 more civilians this month, pushing the "
            "total number of such deaths to 1,059.",
            1059,
            id="pushing-the-total-to",
        ),
        pytest.param(
            "The coalition said its strikes in Iraq and Syria killed 16 civilians in June, which "
            "brings the total number of civilians killed in both countries to at least 1,139, "
            "the task force said.",
            1139,
            id="brings-the-total-to-at-least",
        ),
    ],
)
def test_killed_cumulative(sentence: str, killed: int) -> None:
    assert figure("killed_cumulative", sentence) == killed


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "The coalition admitted that a 2016 strike on a market killed at least 27 civilians.",
            id="one-strike",
        ),
        pytest.param(
            "In May, the coalition acknowledged that at least 1,250 civilians had been killed by "
            "its strikes since 2014.",
            id="past-perfect-earlier-figure",
        ),
    ],
)
def test_trap_killed_cumulative(sentence: str) -> None:
    assert figure("killed_cumulative", sentence) is None


def test_another_partys_figure_is_noted_and_the_coalitions_is_read() -> None:
    text = HEADER + (
        "At least 1,061 civilians have been unintentionally killed by Coalition strikes since "
        "the campaign began, CJTF-OIR said. At least 23 civilians were killed in Coalition "
        "airstrikes since Friday, the Syrian Observatory for Human Rights said.\n"
    )
    report = read(text)
    assert report.figures["killed_cumulative"] == 1061
    assert any(
        note.field == "figures" and "syrian observatory" in note.message.lower()
        for note in report.notes
    )


def test_carried_over_cut_off_at_the_end_of_the_text() -> None:
    assert read(HEADER + "CJTF-OIR carried over 241 open").figures["carried_over"] == 241


@pytest.mark.parametrize(
    ("sentence", "received"),
    [
        pytest.param(
            "CJTF-OIR received 23 new reports of possible civilian casualties.", 23, id="new"
        ),
        pytest.param(
            "A spokesman said the task force had received 150 reports of possible civilian "
            "casualties since the battle for the city began.",
            None,
            id="trap-had-received",
        ),
    ],
)
def test_received(sentence: str, received: int | None) -> None:
    assert figure("received", sentence) == received


@pytest.mark.parametrize(
    ("sentence", "completed"),
    [
        pytest.param(
            "CJTF-OIR completed reviews on 34 reports of possible civilian casualties.",
            34,
            id="completed-reviews-on",
        ),
        pytest.param(
            "The CIVCAS cell completed an analysis of 28 reports during the month.",
            28,
            id="completed-an-analysis-of",
        ),
        pytest.param(
            "CJTF-OIR completed a review in June of 19 reports.",
            19,
            id="completed-a-review-in-month-of",
        ),
        pytest.param(
            "The coalition investigated 45 reports of civilian casualties.",
            45,
            id="investigated",
        ),
        pytest.param(
            "The assessment of 31 civilian casualty allegation reports has been completed.",
            31,
            id="assessment-of-has-been-completed",
        ),
        pytest.param(
            "CJTF-OIR received 7 new reports and assessed 26 reports of possible civilian "
            "casualties.",
            26,
            id="received-and-assessed",
        ),
    ],
)
def test_completed(sentence: str, completed: int) -> None:
    assert figure("completed", sentence) == completed


@pytest.mark.parametrize(
    ("sentence", "credible"),
    [
        pytest.param("Of these, 9 were accessed to be credible.", 9, id="accessed-sic"),
        pytest.param(
            "The estimate was based on an analysis of five reports US officials considered "
            "credible.",
            5,
            id="officials-considered-credible",
        ),
        pytest.param(
            "Seven [civilian casualty] reports were assessed to be credible, the statement said.",
            7,
            id="editors-bracket",
        ),
    ],
)
def test_credible(sentence: str, credible: int) -> None:
    assert figure("credible", sentence) == credible


@pytest.mark.parametrize(
    ("sentence", "non_credible"),
    [
        pytest.param(
            "The coalition reviewed 22 reports, eight of which were assessed and dismissed as "
            '"non-credible."',
            8,
            id="assessed-and-dismissed",
        ),
        pytest.param(
            "The coalition determined that 17 other civilian casualty reports were not credible.",
            17,
            id="determined-were-not-credible",
        ),
    ],
)
def test_non_credible(sentence: str, non_credible: int) -> None:
    assert figure("non_credible", sentence) == non_credible


@pytest.mark.parametrize(
    ("sentence", "duplicate"),
    [
        pytest.param(
            "Of the remaining reports, CJTF-OIR determined three to be duplicate.",
            3,
            id="determined-n-to-be",
        ),
        pytest.param(
            "None of the reports were determined to be duplicate.", 0, id="none-of-the-reports"
        ),
        pytest.param(
            "Six of the reports were determined to be duplicate reports.",
            6,
            id="duplicate-reports",
        ),
    ],
)
def test_duplicate(sentence: str, duplicate: int) -> None:
    assert figure("duplicate", sentence) == duplicate


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        pytest.param(
            "Two of the reports were assessed to be credible, resulting in the unintended death "
            "of 9 and injury to four civilians.",
            9,
            id="unintended-death-of-and-injury",
        ),
        pytest.param(
            "In June 2018, coalition strikes killed at least five civilians, the task force said.",
            5,
            id="in-month-strikes-killed",
        ),
        pytest.param(
            "In June 2018, 8 civilians were killed in coalition strikes in Syria.",
            8,
            id="in-month-civilians-were-killed",
        ),
        pytest.param(
            "The task force said another 62 civilians were killed by the US-led coalition.",
            62,
            id="another",
        ),
        pytest.param(
            "Those strikes resulted in a total of 17 unintentional civilian deaths.",
            17,
            id="resulted-in-a-total-of",
        ),
    ],
)
def test_credible_killed(sentence: str, killed: int) -> None:
    assert figure("credible_killed", sentence) == killed


@pytest.mark.parametrize(
    ("sentence", "still_open"),
    [
        pytest.param("The coalition is still assessing 37 reports.", 37, id="still-assessing"),
        pytest.param(
            "The coalition has closed 1,950 reports so far, and 412 more are still being "
            "investigated.",
            412,
            id="more-still-being-investigated",
        ),
        pytest.param(
            "Officials are still assessing 86 additional claims of civilian deaths.",
            86,
            id="additional-claims",
        ),
        pytest.param("Fifty-four reports are still open.", 54, id="hyphenated-number-word"),
        pytest.param("A total of 128 reports “are still open.”", 128, id="curly-quotes"),
    ],
)
def test_still_open(sentence: str, still_open: int) -> None:
    assert figure("still_open", sentence) == still_open


@pytest.mark.parametrize(
    ("sentence", "reopened"),
    [
        pytest.param(
            "The coalition carried over 280 reports, including three, which were previously "
            "closed, but the CIVCAS cell reopened them after new information came in.",
            3,
            id="including-which-were-previously-closed",
        ),
        pytest.param(
            "Two that were closed and deemed not credible have been reopened.",
            2,
            id="that-were-closed-have-been-reopened",
        ),
    ],
)
def test_reopened(sentence: str, reopened: int) -> None:
    assert figure("reopened", sentence) == reopened


def test_a_figure_stated_two_ways_is_blank_with_a_note_naming_both_lines() -> None:
    text = HEADER + (
        "CJTF-OIR completed assessments of 31 reports in June.\n\n"  # line 3
        "Of the 29 completed reports, four were assessed to be credible.\n"  # line 5
    )
    report = read(text)
    assert report.figures["completed"] is None
    (note,) = [note for note in report.notes if note.field == "completed"]
    assert note.line == 3
    assert re.search(r"\bline 3\b", note.message)
    assert re.search(r"\bline 5\b", note.message)


# --- lists and hints -------------------------------------------------------------------------


def test_a_list_introduced_by_a_sentence_inside_a_paragraph() -> None:
    text = HEADER + (
        "CJTF-OIR completed 9 reports this month. After review, CJTF-OIR assessed that the "
        "following two reports are non-credible. Non-credible means that the information "
        "available was not enough to conclude that a coalition action caused civilian harm.\n"
        "\n"
        "1. April 14, 2018, near Hajin, Syria: No coalition strikes were conducted in the area "
        "on that date.\n"
        "2. April 27, 2018, near Tal Afar, Iraq: Insufficient evidence.\n"
    )
    entries = read(text).allegations
    assert [entry.outcome for entry in entries] == [Outcome.NOT_CREDIBLE, Outcome.NOT_CREDIBLE]
    assert [entry.date for entry in entries] == [dt.date(2018, 4, 14), dt.date(2018, 4, 27)]
    assert [entry.date_text for entry in entries] == ["April 14, 2018", "April 27, 2018"]
    assert [entry.place for entry in entries] == ["Hajin", "Tal Afar"]
    assert [entry.country for entry in entries] == ["SY", "IQ"]


def test_a_blank_figure_has_the_sentence_that_may_hold_it_as_a_hint() -> None:
    sentence = (
        "Owing to staff shortages, the CIVCAS cell reviewed only one of the reports it held "
        "this month."
    )
    report = read(HEADER + sentence + "\n")
    assert report.figures["completed"] is None
    assert sentence in [hint.sentence for hint in report.hints["completed"]]


# --- more constructions of news copies (second pass on the corpus) ---------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "value"),
    [
        pytest.param(
            "CJTF-OIR received 14 new reports, four of them were previously closed, but the "
            "CIVCAS cell reopened them due to new information.",
            "reopened",
            4,
            id="n-of-them-were-previously-closed",
        ),
        pytest.param(
            "The total number of casualties since the start of strikes in 2014 now amounts to "
            "at least 710, according to the report.",
            "killed_cumulative",
            710,
            id="total-number-of-casualties-amounts-to",
        ),
        pytest.param(
            "The coalition found six were credible, resulting in the eight civilian fatalities.",
            "credible_killed",
            8,
            id="resulting-in-the-fatalities",
        ),
        pytest.param(
            "CJTF-OIR determined that 10 were credible, revealing 27 unintentional civilian "
            "deaths.",
            "credible_killed",
            27,
            id="revealing-deaths",
        ),
        pytest.param(
            "The coalition said 120 were deemed non-credible and four were redundant.",
            "duplicate",
            4,
            id="redundant",
        ),
        pytest.param(
            "The task force assessed older reports and received nine new ones.",
            "received",
            9,
            id="new-ones",
        ),
        pytest.param(
            "During that period, the US-led coalition has conducted 33,100 strikes in Iraq and "
            "Syria.",
            "strikes_total",
            33100,
            id="during-that-period-the-us-led-coalition",
        ),
    ],
)
def test_news_copy_figure(sentence: str, name: str, value: int) -> None:
    assert figure(name, sentence) == value


def test_a_span_in_a_sentence_that_counts_no_strikes_is_not_the_strike_count_s() -> None:
    """The reports reviewed concern strikes of another span than the one the count covers."""
    report = read(
        HEADER + "They concerned strikes in Iraq and Syria between March 2017 and March 2018. "
        "From August 2014 to June 2018 the coalition conducted a total of 29,400 strikes.\n"
    )
    figures = report.figures
    assert (figures["strikes_total"], figures["strikes_from"], figures["strikes_to"]) == (
        29400,
        "2014-08",
        "2018-06",
    )
    assert "strikes_from" not in fields_of_notes(report)


def test_a_month_run_into_the_next_sentence_by_an_ellipsis() -> None:
    text = '"In the month of May…The Coalition completed the assessment of 90 reports," it said.\n'
    report = read(text, published=dt.date(2017, 7, 7))
    assert (report.figures["period"], report.figures["completed"]) == ("2017-05", 90)


# --- third pass: constructions of news copies, generalised ------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "value"),
    [
        pytest.param(
            "The task force found 12 of them credible and the rest non-credible.",
            "credible",
            12,
            id="found-n-of-them-credible",
        ),
        pytest.param(
            "The remaining seven, concerning strikes between May 2 and June 11, were considered "
            "credible.",
            "credible",
            7,
            id="n-with-an-aside-were-considered-credible",
        ),
        pytest.param(
            "Out of the 88 reports about civilian deaths, analyzed in June, most were rejected.",
            "completed",
            88,
            id="out-of-the-n-reports-analyzed",
        ),
        pytest.param(
            "The coalition confirmed on Friday another 23 unintentional civilian deaths.",
            "credible_killed",
            23,
            id="another-n-unintentional-civilian-deaths",
        ),
        pytest.param(
            "In June, the month the report covers, three civilians were killed, the coalition "
            "said.",
            "credible_killed",
            3,
            id="in-month-n-civilians-were-killed-the-coalition-said",
        ),
        pytest.param(
            "In June the coalition continued investigating 140 open reports.",
            "carried_over",
            140,
            id="continued-investigating-n-open-reports",
        ),
        pytest.param(
            "As at the end of June, 133 communications were pending.",
            "still_open",
            133,
            id="n-communications-were-pending",
        ),
        pytest.param(
            "Currently, the coalition is examining 250 messages about civilian casualties.",
            "still_open",
            250,
            id="currently-examining-n-messages",
        ),
        pytest.param(
            "Six of which were re-examined because of new information.",
            "reopened",
            6,
            id="n-of-which-were-re-examined",
        ),
        pytest.param(
            "The official civilian death toll of the campaign rose to 1,050 after the coalition "
            "accepted 12 more deaths.",
            "killed_cumulative",
            1050,
            id="the-official-toll-rose-to",
        ),
        pytest.param(
            "The coalition said on Friday it was likely that at least 1,012 civilians had been "
            "unintentionally killed by its strikes since they began in August 2014.",
            "killed_cumulative",
            1012,
            id="reported-speech-had-been-killed",
        ),
        pytest.param(
            "The coalition has confirmed the death of 1,044 civilians since 2014.",
            "killed_cumulative",
            1044,
            id="the-death-of-n-civilians-since-2014",
        ),
        pytest.param(
            "Since the coalition was formed in 2014, it has conducted 29,700 strikes.",
            "strikes_total",
            29700,
            id="since-it-has-conducted-n-strikes",
        ),
    ],
)
def test_news_copy_generalised(sentence: str, name: str, value: int) -> None:
    assert figure(name, sentence) == value


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        pytest.param(
            "Since the start of the campaign, the coalition has received 1,400 reports of "
            "possible civilian casualties.",
            "received",
            id="reports-received-since-the-campaign-began",
        ),
        pytest.param(
            "To date, 230 of the reports assessed were found credible.",
            "credible",
            id="credible-to-date",
        ),
        pytest.param(
            "Since the campaign began, the coalition has carried out nearly 30,000 strikes.",
            "strikes_total",
            id="an-approximate-strike-count",
        ),
        pytest.param(
            "In late May, the coalition admitted that at least 1,040 civilians had been killed "
            "since August 2014.",
            "killed_cumulative",
            id="an-earlier-statement-in-late-month",
        ),
        pytest.param(
            "Airwars says at least 1,900 reports were found credible, far more than the "
            "coalition's.",
            "credible",
            id="another-partys-count-is-not-a-comparison",
        ),
    ],
)
def test_trap_news_copy_generalised(sentence: str, name: str) -> None:
    assert figure(name, sentence) is None


def test_a_rounding_in_the_lead_gives_way_to_the_exact_count_with_a_note() -> None:
    report = read(
        HEADER + "At least 700 civilians have been killed by the coalition since 2014, its "
        "report said.\n\nThe report said coalition strikes had unintentionally killed at least "
        "706 civilians between August 2014 and June 2018.\n"
    )
    assert report.figures["killed_cumulative"] == 706
    (note,) = [note for note in report.notes if note.field == "killed_cumulative"]
    assert "700" in note.message and "706 kept" in note.message


def test_two_counts_that_are_not_a_rounding_of_each_other_stay_blank() -> None:
    report = read(
        HEADER + "At least 700 civilians have been killed by the coalition since 2014, its "
        "report said.\n\nThe report said coalition strikes had unintentionally killed at least "
        "780 civilians between August 2014 and June 2018.\n"
    )
    assert report.figures["killed_cumulative"] is None


def test_a_figure_compared_with_another_partys_is_still_the_coalitions() -> None:
    text = (
        "The monthly report said coalition strikes had unintentionally killed at least 655 "
        "civilians between August 2014 and July 2017, far lower than figures provided by "
        "monitoring groups.\n"
    )
    report = read(text, published=dt.date(2017, 9, 1))
    assert (report.figures["killed_cumulative"], report.figures["period"]) == (655, "2017-07")


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        pytest.param(
            "The coalition says it had completed a review in May of 70 reports.",
            "2018-05",
            id="completed-a-review-in-month",
        ),
        pytest.param(
            "Out of the 60 reports, analyzed in May, nine were credible.",
            "2018-05",
            id="reports-analyzed-in-month",
        ),
        pytest.param(
            "As at the end of May, 120 reports were pending.",
            "2018-05",
            id="as-at-the-end-of-month",
        ),
        pytest.param(
            "In May, the last month covered by the report, two civilians were killed, the "
            "coalition said.",
            "2018-05",
            id="the-last-month-covered-by-the-report",
        ),
        pytest.param(
            "It said that in May it had completed 40 reports.",
            "2018-05",
            id="in-month-it-had-completed",
        ),
    ],
)
def test_a_month_without_its_year_in_news_orders(sentence: str, period: str) -> None:
    assert read(sentence + "\n", published=dt.date(2018, 6, 28)).figures["period"] == period
