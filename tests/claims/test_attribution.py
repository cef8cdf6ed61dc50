"""Who says a figure: one test per attribution construction met in real news and NGO/UN texts.

The constructions are those of the coded corpus (bench/corpus/news_claims.csv); the sentences
are our own (invented figures, real place names), one or a few per construction, and not
copied from any article. Every expected (claimant, value_min, value_max) was worked out by
reading the sentence, not by running the extractor. Only civilian-death claims are compared.
"""

from __future__ import annotations

import pytest

from civcas.claims.extract import ExtractedClaim, extract_claims
from civcas.vocab import Measure

Claim = tuple[str, int, int]


def killed(text: str, publisher: str | None = None) -> list[ExtractedClaim]:
    """The civilian-death claims of ``text``, in the order of the text."""
    return [
        claim
        for claim in extract_claims(text, publisher=publisher)
        if claim.measure is Measure.CIVILIANS_KILLED
    ]


def deaths(text: str, publisher: str | None = None) -> list[Claim]:
    """Each civilian-death claim as (claimant, value_min, value_max)."""
    return [(c.claimant, c.value_min, c.value_max) for c in killed(text, publisher)]


def claimants(text: str) -> set[str]:
    """Everyone credited with any figure of ``text``, whatever it counts."""
    return {claim.claimant for claim in extract_claims(text)}


# 1 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Airwars estimates that 1,200 civilians were killed in coalition strikes on Raqqa.",
            [("airwars", 1200, 1200)],
            id="airwars-estimates-that",
        ),
        pytest.param(
            "The Pentagon acknowledged Friday that its strikes killed eight civilians near Hajin.",
            [("coalition", 8, 8)],
            id="pentagon-acknowledged-day-that",
        ),
        pytest.param(
            "The US has admitted that its air strikes killed 312 civilians in Mosul.",
            [("coalition", 312, 312)],
            id="us-has-admitted",
        ),
        pytest.param(
            "Amnesty International, a London-based rights group, said 45 civilians died in the "
            "strike on Mosul.",
            [("amnesty", 45, 45)],
            id="appositive-between-subject-and-verb",
        ),
    ],
)
def test_subject_then_reporting_verb(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 2 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Coalition strikes killed 14 civilians in Raqqa on Sunday, the Syrian Observatory "
            "said.",
            [("syrian observatory", 14, 14)],
            id="observatory-said",
        ),
        pytest.param(
            "US-led coalition air strikes killed 23 civilians near Hajin, the Syrian Network for "
            "Human Rights said.",
            [("syrian network for human rights", 23, 23)],
            id="network-said",
        ),
    ],
)
def test_reporting_verb_after_the_figure(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected
    assert "coalition" not in claimants(text)


# 3 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Eleven civilians were killed in a coalition raid on Hajin on Monday, said Airwars.",
            [("airwars", 11, 11)],
            id="said-airwars",
        ),
        pytest.param(
            "Coalition strikes kill 20 civilians in Syria, says monitor\n\n"
            "The Syrian Observatory for Human Rights said the raids hit a market in Raqqa on "
            "Tuesday.",
            [("syrian observatory", 20, 20)],
            id="headline-says-monitor",
        ),
    ],
)
def test_inverted_reporting_verb(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected
    assert "coalition" not in claimants(text)


# 4 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "According to UK-based monitoring group the Syrian Observatory for Human Rights, "
            "nearly 700 civilians have died in coalition raids on Raqqa.",
            [("syrian observatory", 700, 700)],
            id="descriptor-before-the-name",
        ),
        pytest.param(
            "At least 35 civilians died in strikes on Mosul last week, according to Airwars.",
            [("airwars", 35, 35)],
            id="at-the-end",
        ),
        pytest.param(
            "According to the United Nations, 160 civilians were killed in Hajin.",
            [("un", 160, 160)],
            id="at-the-start",
        ),
    ],
)
def test_according_to(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 5 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"We counted 17 civilians killed in one strike on Raqqa," said Jane Doe, '
            "Amnesty's researcher for Syria.",
            [("amnesty", 17, 17)],
            id="partys-researcher",
        ),
        pytest.param(
            '"At least 29 civilians died in that raid on Mosul," said John Roe, a researcher at '
            "Human Rights Watch.",
            [("human rights watch", 29, 29)],
            id="researcher-at-party",
        ),
    ],
)
def test_quote_then_person_of_a_party(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 6 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "listener"),
    [
        pytest.param(
            "Iraq's prime minister told AP that 1,260 civilians died during the battle for Mosul.",
            [("iraqi officials", 1260, 1260)],
            "ap",
            id="told-ap",
        ),
        pytest.param(
            "Kurdish officials told Reuters that 430 civilians were killed in Raqqa.",
            [("kurdish officials", 430, 430)],
            "reuters",
            id="told-reuters",
        ),
    ],
)
def test_the_listener_is_not_the_speaker(text: str, expected: list[Claim], listener: str) -> None:
    assert deaths(text) == expected
    assert listener not in claimants(text)


# 7 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The raid on Mosul killed nine civilians, the number of deaths acknowledged by the "
            "Pentagon.",
            [("coalition", 9, 9)],
            id="acknowledged-by-the-pentagon",
        ),
        pytest.param(
            "37 bodies were found by Kurdish authorities in a mass grave in Raqqa.",
            [("kurdish officials", 37, 37)],
            id="found-by-kurdish-authorities",
        ),
        pytest.param(
            "96 bodies were discovered by the First Response Team in a mass grave in Raqqa.",
            [("kurdish officials", 96, 96)],
            id="discovered-by-the-first-response-team",
        ),
    ],
)
def test_passive_agent(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 8 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Syrian TV reported, citing local sources, that ten civilians died in a coalition "
            "raid on Hajin.",
            [("local sources", 10, 10)],
            id="citing-local-sources",
        ),
        pytest.param(
            "RT quoted a Kurdish official as saying 1,400 bodies had been recovered in Raqqa.",
            [("kurdish officials", 1400, 1400)],
            id="quoted-a-kurdish-official",
        ),
        pytest.param(
            "RT quoted the head of the Raqqa Civil Council as saying 2,800 bodies were found in "
            "the city.",
            [("kurdish officials", 2800, 2800)],
            id="quoted-the-head-of-the-raqqa-civil-council",
        ),
    ],
)
def test_relay_names_its_source(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 9 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The UN human rights office said on Thursday that it had sent investigators to Mosul. "
            "It also said 50 to 80 people had died in a strike on the city.",
            [("un", 50, 80)],
            id="it-also-said",
        ),
        pytest.param(
            "The UN human rights office said on Thursday that it had sent investigators to "
            "Mosul.\n\nIt also said 50 to 80 people had died in a strike on the city.",
            [("un", 50, 80)],
            id="it-also-said-next-paragraph",
        ),
        pytest.param(
            "The Pentagon said strikes in Mosul killed 16 civilians. The acknowledgement brings "
            "the official tally of civilians killed to 53.",
            [("coalition", 16, 16), ("coalition", 53, 53)],
            id="the-acknowledgement-brings",
        ),
    ],
)
def test_back_reference(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 10 -------------------------------------------------------------------------------------------


def test_participle_shares_the_subject() -> None:
    text = (
        'The coalition has killed "at least 915 civilians," claiming they were unintentionally '
        "killed in strikes on Raqqa."
    )
    assert deaths(text) == [("coalition", 915, 915)]


# 11 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        pytest.param(
            "Local sources said coalition warplanes launched raids on al-Susah, killing eight "
            "people.",
            None,
            [("local sources", 8, 8)],
            id="sources-say-the-coalition-killed",
        ),
        pytest.param(
            "Coalition strikes killed 12 civilians in Mosul.", None, [], id="news-writer-alone"
        ),
        pytest.param(
            "Coalition strikes killed 12 civilians in Mosul.",
            "syrian observatory",
            [("syrian observatory", 12, 12)],
            id="on-the-monitors-own-site",
        ),
    ],
)
def test_the_perpetrator_is_not_the_source(
    text: str, publisher: str | None, expected: list[Claim]
) -> None:
    found = killed(text, publisher)
    assert [(c.claimant, c.value_min, c.value_max) for c in found] == expected
    assert all(c.claimant != "coalition" for c in extract_claims(text, publisher=publisher))


# 12 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("As many as 170 civilians were reportedly killed in Mosul.", id="alone"),
        pytest.param(
            "The U.S. military acknowledged that it carried out strikes in Mosul, when as many "
            "as 170 civilians were reportedly killed.",
            id="beside-a-coalition-admission",
        ),
    ],
)
def test_hedged_figure_is_unknowns(text: str) -> None:
    assert deaths(text) == [("unknown", 170, 170)]


# 13 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Activists said 19 civilians died in a coalition strike on Hajin.",
            [("activists", 19, 19)],
            id="activists",
        ),
        pytest.param(
            "Pro-opposition organizations reported that 27 civilians were killed in Raqqa.",
            [("activists", 27, 27)],
            id="pro-opposition-organizations",
        ),
        pytest.param(
            "Residents of Bab Sinjar told the observatory that 13 civilians were killed in the "
            "strike.",
            [("residents", 13, 13)],
            id="residents-of-a-district",
        ),
        pytest.param(
            "Syrian media reported that 31 civilians were killed in coalition raids on "
            "Deir ez-Zor.",
            [("syrian media", 31, 31)],
            id="syrian-media",
        ),
        pytest.param(
            "The coalition says 90 civilians died in the battle for Tabqa, far fewer than other "
            "monitoring groups, which put the number of deaths at 600 to 1,000.",
            [("coalition", 90, 90), ("monitoring groups", 600, 1000)],
            id="monitoring-groups-which-put",
        ),
    ],
)
def test_unnamed_speakers(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 14 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The Syrian Observatory for Human Rights said 22 civilians were killed in Raqqa on "
            "Monday.\n\nThe Britain-based monitor said nine more civilians died in Tabqa.",
            [("syrian observatory", 22, 22), ("syrian observatory", 9, 9)],
            id="the-monitor",
        ),
        pytest.param(
            "The Syrian Observatory for Human Rights reported new raids on Hajin.\n\n"
            "According to the Observatory, 15 civilians were killed there.",
            [("syrian observatory", 15, 15)],
            id="the-observatory",
        ),
        pytest.param(
            "The Syrian Network for Human Rights documented the raid on al-Bab.\n\n"
            "The network said 24 civilians died in it.",
            [("syrian network for human rights", 24, 24)],
            id="the-network",
        ),
    ],
)
def test_the_monitor_is_the_one_named(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 15 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Coalition air strikes on Hajin killed 31 civilians, including nine children and "
            "five women, Airwars said.",
            [("airwars", 31, 31)],
            id="including",
        ),
        pytest.param(
            "The Syrian Observatory said 18 civilians were killed in Mayadin. The dead included "
            "six children.",
            [("syrian observatory", 18, 18)],
            id="the-dead-included",
        ),
    ],
)
def test_a_breakdown_is_not_a_toll(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 16 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "At least 87 civilians died when a coalition bomb hit a school in Mosul, Iraqi "
            "officials said. The explosion killed 80 civilians in the building and seven "
            "civilians next door, Iraqi officials said.",
            [("iraqi officials", 87, 87)],
            id="parts-of-a-stated-total",
        ),
        pytest.param(
            "The Syrian Observatory said the latest raids on Hajin raise to about 640 the "
            "number of civilians killed there. It said 15 civilians died on Friday and 625 "
            "civilians had died in earlier raids.",
            [
                ("syrian observatory", 640, 640),
                ("syrian observatory", 15, 15),
                ("syrian observatory", 625, 625),
            ],
            id="parts-of-an-approximate-total",
        ),
    ],
)
def test_parts_of_a_total(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 17 -------------------------------------------------------------------------------------------


def test_a_ratio_is_not_a_count() -> None:
    text = "Airwars said Russian strikes killed 30 times more civilians than coalition strikes."
    assert deaths(text) == []


# 18 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Anywhere from 48 to 190 people were killed in the strikes on Raqqa, activists said.",
            [("activists", 48, 190)],
            id="anywhere-from-to",
        ),
        pytest.param(
            "Airwars said between 40 and 65 civilians died in Raqqa.",
            [("airwars", 40, 65)],
            id="between-and",
        ),
        pytest.param(
            "The death toll in Hajin rose from 21 to 26 civilians, the Syrian Observatory said.",
            [("syrian observatory", 26, 26)],
            id="rose-from-to",
        ),
    ],
)
def test_ranges(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 19 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The new findings bring the number of civilian deaths acknowledged by the Pentagon "
            "to 37.",
            [("coalition", 37, 37)],
            id="brings-the-number-to",
        ),
        pytest.param(
            "The Syrian Observatory for Human Rights reported new strikes on Hajin on Sunday. "
            "This massacre raises to at least 412 the number of civilians killed in the town, "
            "the Observatory said.",
            [("syrian observatory", 412, 412)],
            id="raises-to-the-number",
        ),
    ],
)
def test_running_total_without_a_noun(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 20 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Iraq's military claims some 73 bodies were recovered from the rubble in Mosul.",
            [("iraqi officials", 73, 73)],
            id="bodies-recovered",
        ),
        pytest.param(
            "Iraqi officials said 44 victims were wounded in the blast in Kirkuk.",
            [],
            id="victims-wounded",
        ),
    ],
)
def test_bodies_and_victims(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 21 -------------------------------------------------------------------------------------------


def test_coordinated_subjects_the_first_named() -> None:
    text = (
        "Opposition activists and monitors said on Tuesday that 33 civilians were killed in "
        "coalition raids on Abu Kamal."
    )
    assert deaths(text) == [("activists", 33, 33)]


# 22 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The Syrian Network for Human Rights said 207 civilians were killed by all parties "
            "in Deir ez-Zor.",
            ("syrian network for human rights", 207, 207, "Deir ez-Zor", "all parties"),
            id="by-all-parties",
        ),
        pytest.param(
            "Airwars said 58 civilians were killed in coalition air strikes on Mosul.",
            ("airwars", 58, 58, "Mosul", "coalition"),
            id="in-coalition-air-strikes",
        ),
        pytest.param(
            "Iraqi officials said 120 civilians were found dead in a mass grave in Hawija, "
            "executed by IS.",
            ("iraqi officials", 120, 120, "Hawija", "IS"),
            id="executed-by-is",
        ),
        pytest.param(
            "Activists said IS executed 40 civilians in Hajin.",
            ("activists", 40, 40, "Hajin", "IS"),
            id="is-executed",
        ),
        pytest.param(
            "Airwars said 33 civilians were killed in Raqqah on the road to Tabqa.",
            ("airwars", 33, 33, "Raqqa", None),
            id="gazetteer-spelling-of-the-first-place",
        ),
    ],
)
def test_scope(text: str, expected: tuple[str, int, int, str, str | None]) -> None:
    assert [
        (c.claimant, c.value_min, c.value_max, c.place, c.perpetrator) for c in killed(text)
    ] == [expected]


# 23 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),  # name: how a claimant made of the places would begin
    [
        # two governments at once: no one claimant to expect, only which names must not speak
        pytest.param(
            "Syria and Iraq said on Monday that 400 civilians had been killed in coalition "
            "strikes.",
            "syria and",
            None,
            id="syria-and-iraq-said",
        ),
        pytest.param(
            "Raqqa and Deir ez-Zor reported 40 deaths, the Syrian Observatory said.",
            "raqqa and",
            [("syrian observatory", 40, 40)],
            id="raqqa-and-deir-ez-zor-reported",
        ),
        pytest.param(
            "Mosul and Tal Afar reported 25 deaths, Airwars said.",
            "mosul and",
            [("airwars", 25, 25)],
            id="mosul-and-tal-afar-reported",
        ),
    ],
)
def test_places_are_not_speakers(text: str, name: str, expected: list[Claim] | None) -> None:
    assert not any(claimant.startswith(name) for claimant in claimants(text))
    assert "coalition" not in claimants(text)
    if expected is not None:
        assert deaths(text) == expected


# 24 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Activists said 46 civilians had been killed and 120 others had been injured.",
            [("activists", 46, 46)],
            id="each-figure-its-own-predicate",
        ),
        pytest.param(
            "Activists said the strike killed at least 23 people and wounded dozens.",
            [("activists", 23, 23)],
            id="the-verb-before-the-figure",
        ),
        pytest.param(
            "Local sources said the raid claimed the lives of nine people and injured others.",
            [("local sources", 9, 9)],
            id="claimed-the-lives-of",
        ),
    ],
)
def test_the_figure_s_own_fate_decides(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


# 25 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A total of 910 civilians were killed in Nineveh during the year, the United Nations "
            "Assistance Mission for Iraq (UNAMI) reported on Monday.",
            [("un", 910, 910)],
            id="an-acronym-in-brackets-before-the-verb",
        ),
        pytest.param(
            "The Pentagon publishes its counts twice a year. In May, the Agency reported the "
            "deaths of 41 civilians.",
            [("coalition", 41, 41)],
            id="a-body-named-by-its-kind",
        ),
        pytest.param(
            "Rami Abdel Rahman said 17 civilians were killed in Hajin.",
            [("syrian observatory", 17, 17)],
            id="the-observatory-s-director",
        ),
        pytest.param(
            "A Syrian activist said 12 civilians were killed in Hajin.",
            [("activists", 12, 12)],
            id="an-article-is-no-name",
        ),
    ],
)
def test_who_speaks_by_name_or_kind(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


def test_the_author_of_a_count_named_after_it_speaks() -> None:
    """A count's author after "estimate by" is its claimant; the party conceding another figure
    later in the sentence is not credited with the first."""
    text = (
        "The present best estimate by Airwars is that between 5,100 and 8,200 civilians have "
        "likely been killed, with the alliance itself conceding more than 900 deaths."
    )
    assert deaths(text) == [("airwars", 5100, 8200), ("coalition", 900, 900)]


# National bodies of the coalition's members, and the United States itself ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "A strike on a depot killed about 30 people, the Danish Defense Ministry said.",
            [("danish ministry of defence", 30, 30)],
            id="defense-ministry-is-the-ministry-of-defence",
        ),
        pytest.param(
            "The Danish Ministry of Defence said a strike on a depot killed about 30 people.",
            [("danish ministry of defence", 30, 30)],
            id="ministry-of-defence-spelled-out",
        ),
        pytest.param(
            "The Canadian Defense Force said two civilians were killed.",
            [("canadian defence force", 2, 2)],
            id="defence-spelled-one-way",
        ),
        pytest.param(
            "According to the United States, three civilians were killed in the raid.",
            [("coalition", 3, 3)],
            id="the-united-states",
        ),
    ],
)
def test_national_bodies(text: str, expected: list[Claim]) -> None:
    assert deaths(text) == expected


def test_a_us_backed_force_is_not_the_coalition() -> None:
    text = "The U.S.-backed Syrian Democratic Forces said 14 civilians were killed in the raid."
    assert deaths(text) == [("kurdish officials", 14, 14)]
