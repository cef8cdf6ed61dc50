"""Coalition strike releases into strike-log entries (issue 19), one test per construction found
in real releases of 2014–2018. The texts here are written for these tests, with invented counts;
the expected entries are worked out by reading them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError
from civcas.intake.strike_release import StrikeRelease, parse_strike_release
from civcas.vocab import LocationPrecision

D = dt.date


def places(release: StrikeRelease) -> list[tuple[dt.date, str | None, str, int, int | None]]:
    return [(e.date, e.country, e.place, e.strikes, e.engagements) for e in release.strikes]


def totals(release: StrikeRelease) -> list[tuple[dt.date, dt.date, str | None, int, int | None]]:
    return [(t.date, t.date_end, t.country, t.strikes, t.engagements) for t in release.totals]


DAILY = """SOUTHWEST ASIA, Jan. 12, 2017 — Coalition forces attacked ISIL yesterday.

Strikes in Syria

Bomber and fighter aircraft conducted six strikes in Syria:

-- Near Raqqah, four strikes engaged two tactical units and destroyed a bridge.

-- Near Palmyra, two strikes destroyed an artillery piece.

Strikes in Iraq

Attack aircraft conducted three strikes in Iraq, in support of Iraq's government:

-- Near Mosul, a strike destroyed a mortar system.

-- Near Tal Afar, two strikes destroyed a tunnel.
"""


def test_a_daily_release_under_country_headings() -> None:
    """The day is the day before the dateline; each item its section's country; the section
    leads are the totals, and each section's places add up to them."""
    release = parse_strike_release(DAILY)
    assert release.published == D(2017, 1, 12)
    day = D(2017, 1, 11)
    assert places(release) == [
        (day, "SY", "Raqqah", 4, None),
        (day, "SY", "Palmyra", 2, None),
        (day, "IQ", "Mosul", 1, None),
        (day, "IQ", "Tal Afar", 2, None),
    ]
    assert totals(release) == [(day, day, "SY", 6, None), (day, day, "IQ", 3, None)]
    assert [(c.country, c.stated, c.listed, c.adds_up) for c in release.checks] == [
        ("SY", 6, 6, True),
        ("IQ", 3, 3, True),
    ]
    raqqa = release.strikes[0]
    assert raqqa.location_precision is LocationPrecision.TOWN
    assert raqqa.latitude is not None and 35.5 < raqqa.latitude < 36.5
    assert raqqa.targets == "engaged two tactical units and destroyed a bridge"


def test_a_list_that_does_not_add_up_is_shown_as_it_is() -> None:
    text = DAILY.replace("conducted six strikes in Syria", "conducted seven strikes in Syria")
    release = parse_strike_release(text)
    syria = [c for c in release.checks if c.country == "SY"]
    assert [(c.stated, c.listed, c.adds_up) for c in syria] == [(7, 6, False)]
    assert sum(e.strikes for e in release.strikes if e.country == "SY") == 6


def test_early_prose_with_directions_and_a_weekday() -> None:
    """2014: "Tuesday and today" dates the strikes to the Tuesday before publication (a
    Thursday here); a direction is kept with the place; a country named in the item wins."""
    text = (
        "TAMPA, Fla., Oct. 2, 2014 — U.S. forces continued to attack ISIL in Iraq and Syria, "
        "using fighter aircraft to conduct four airstrikes Tuesday and today.\n\n"
        "Three airstrikes south of Kirkuk destroyed an armed vehicle. A fourth airstrike damaged "
        "a tank in Syria east of Kobani. All aircraft returned safely.\n\n"
        "To date, U.S. forces have conducted 240 airstrikes across Iraq against ISIL."
    )
    release = parse_strike_release(text)
    tuesday = D(2014, 9, 30)
    assert places(release) == [
        (tuesday, "IQ", "south of Kirkuk", 3, None),
        (tuesday, "SY", "east of Kobani", 1, None),
    ]
    assert totals(release) == [(tuesday, tuesday, None, 4, None)]  # the campaign's 240 is not


def test_a_summary_after_plain_headings_in_a_morning_window() -> None:
    text = (
        "Coalition forces struck ISIL between 8 a.m., April 9, and 8 a.m., April 10, local time. "
        "In Syria, coalition military forces conducted three airstrikes using fighter aircraft. "
        "Separately in Iraq, coalition military forces conducted eleven airstrikes approved by "
        "the Iraqi Ministry of Defense.\n"
        "The following is a summary of the strikes conducted since the last press release:\n"
        "Syria\n"
        "Near Al Hasakah, three airstrikes struck two tactical units.\n"
        "Iraq\n"
        "Near Bayji, eleven airstrikes struck an encampment.\n"
    )
    release = parse_strike_release(text, D(2015, 4, 10))
    day = D(2015, 4, 9)
    assert places(release) == [(day, "SY", "Al Hasakah", 3, None), (day, "IQ", "Bayji", 11, None)]
    assert totals(release) == [(day, day, "SY", 3, None), (day, day, "IQ", 11, None)]


def test_engagements_in_the_lead_and_bullets() -> None:
    text = (
        "SOUTHWEST ASIA — On Mar. 7, Coalition military forces conducted 12 strikes consisting of "
        "30 engagements against ISIS terrorists in Syria and Iraq.\n"
        "In Syria, Coalition military forces conducted nine strikes consisting of 20 engagements "
        "against ISIS targets.\n"
        "* Near Dayr Az Zawr, nine strikes destroyed three well heads.\n"
        "In Iraq, Coalition military forces conducted three strikes consisting of 10 engagements.\n"
        "* Near Kisik, three strikes consisting of 10 engagements destroyed a tunnel.\n"
    )
    release = parse_strike_release(text, D(2017, 3, 8))
    day = D(2017, 3, 7)
    assert places(release) == [(day, "SY", "Dayr Az Zawr", 9, None), (day, "IQ", "Kisik", 3, 10)]
    assert totals(release) == [
        (day, day, None, 12, 30),
        (day, day, "SY", 9, 20),
        (day, day, "IQ", 3, 10),
    ]


def test_a_release_over_several_days() -> None:
    """Day sentences with one place are entries of that day (not totals); a span and a day
    without strikes are totals, the latter zero."""
    text = (
        "SOUTHWEST ASIA, Nov. 10, 2017 — Coalition forces conducted 9 strikes consisting of 14 "
        "engagements against ISIS in Syria between Nov. 6 and yesterday, officials said.\n"
        "Strikes in Syria\n"
        "Yesterday in Syria, coalition military forces conducted six strikes against ISIS targets "
        "near Abu Kamal, engaging two tactical units.\n"
        "On Nov. 7, coalition military forces conducted three strikes consisting of five "
        "engagements against ISIS targets near Shadaddi. The strikes destroyed a vehicle.\n"
        "Strikes in Iraq\n"
        "There were no strikes reported in Iraq Nov. 6-9.\n"
    )
    release = parse_strike_release(text)
    assert places(release) == [
        (D(2017, 11, 9), "SY", "Abu Kamal", 6, None),
        (D(2017, 11, 7), "SY", "Shadaddi", 3, 5),
    ]
    assert totals(release) == [
        (D(2017, 11, 6), D(2017, 11, 9), "SY", 9, 14),
        (D(2017, 11, 6), D(2017, 11, 9), "IQ", 0, None),
    ]


def test_a_weekly_release_with_day_headings_and_a_month() -> None:
    text = (
        "During April, the coalition has conducted 140 strikes with 170 engagements.\n"
        "April 30 Strikes\n"
        "On April 30 in Syria, coalition military forces conducted five strikes consisting of six "
        "engagements against ISIS targets. Near Abu Kamal, three strikes engaged a tactical unit. "
        "Near Shadaddi, two strikes destroyed a headquarters.\n"
    )
    release = parse_strike_release(text, D(2018, 5, 4))
    day = D(2018, 4, 30)
    assert places(release) == [(day, "SY", "Abu Kamal", 3, None), (day, "SY", "Shadaddi", 2, None)]
    assert totals(release) == [
        (D(2018, 4, 1), D(2018, 4, 30), None, 140, 170),
        (day, day, "SY", 5, 6),
    ]


def test_a_news_copy_quoting_one_item_in_words() -> None:
    """A quoted item (curly quotes) with its count in words; no heading, so the country is the
    place's own."""
    text = (
        "“Near Ar Raqqah, twenty-two strikes engaged six tactical units,” the release stated on "
        "Friday. The strikes in Syria are not authorised by its government."
    )
    release = parse_strike_release(text, D(2017, 4, 1))
    assert places(release) == [(D(2017, 3, 31), "SY", "Ar Raqqah", 22, None)]
    assert release.totals == []


def test_a_count_over_several_places_is_no_entry() -> None:
    text = (
        "Near Raqqa, two strikes destroyed a bridge. "
        "Coalition forces conducted five strikes near Abu Kamal, Hajin and Shadaddi."
    )
    release = parse_strike_release(text, D(2017, 6, 2))
    assert places(release) == [(D(2017, 6, 1), "SY", "Raqqa", 2, None)]
    assert totals(release) == [(D(2017, 6, 1), D(2017, 6, 1), None, 5, None)]


def test_refused_without_a_date_or_anything_to_read() -> None:
    with pytest.raises(FieldError) as no_date:
        parse_strike_release("Near Raqqa, two strikes destroyed a bridge.")
    assert no_date.value.field == "published"
    with pytest.raises(FieldError) as nothing:
        parse_strike_release("The coalition met its partners in Kuwait.", D(2017, 6, 2))
    assert nothing.value.field == "text"


def test_the_command(tmp_path: Path) -> None:
    release = tmp_path / "release.txt"
    release.write_text(DAILY, encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(app, ["parse", "strike-release", str(release), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    parsed = json.loads(shown.output)
    assert [(s["place"], s["strikes"], s["date"]) for s in parsed["strikes"]][:2] == [
        ("Raqqah", 4, "2017-01-11"),
        ("Palmyra", 2, "2017-01-11"),
    ]
    assert parsed["totals"][0] | {"line": 0} == {
        "line": 0,
        "date": "2017-01-11",
        "date_end": "2017-01-11",
        "country": "SY",
        "strikes": 6,
        "engagements": None,
    }
    assert all(check["adds_up"] for check in parsed["checks"])
    dated = runner.invoke(
        app, ["parse", "strike-release", str(release), "--published", "2017-02-01"]
    )
    assert dated.exit_code == 0 and "2017-01-31" in dated.output
    (tmp_path / "empty.txt").write_text("Nothing here.", encoding="utf-8")
    refused = runner.invoke(app, ["parse", "strike-release", str(tmp_path / "empty.txt")])
    assert refused.exit_code == 1 and "published" in refused.output


def test_a_copy_that_wraps_items_mid_sentence() -> None:
    """A bullet alone on its line, "Near" at a line's end, an item running on in lower case."""
    text = (
        "Iraq\n*\nNear Fallujah, one strike struck a tactical unit and\ndestroyed a mortar.\n"
        "* Near\nHabbaniyah, two\nstrikes destroyed a bunker.\n"
    )
    release = parse_strike_release(text, D(2016, 5, 29))
    day = D(2016, 5, 28)
    assert places(release) == [(day, "IQ", "Fallujah", 1, None), (day, "IQ", "Habbaniyah", 2, None)]
    assert release.strikes[0].targets == "struck a tactical unit and destroyed a mortar"


def test_without_headings_each_place_is_in_its_own_country() -> None:
    """A lead naming both countries in one paragraph heads nothing: the list that follows has
    Syrian places first, then Iraqi ones, and no heading between them."""
    text = (
        "On April 3, coalition military forces continued to attack ISIL. In Syria, coalition "
        "military forces conducted three strikes. Additionally in Iraq, coalition military forces "
        "conducted two strikes.\n"
        "• Near Manbij, three strikes destroyed a tunnel.\n"
        "• Near Ramadi, two strikes destroyed a vehicle.\n"
    )
    release = parse_strike_release(text, D(2016, 4, 4))
    day = D(2016, 4, 3)
    assert places(release) == [(day, "SY", "Manbij", 3, None), (day, "IQ", "Ramadi", 2, None)]
    assert totals(release) == [(day, day, "SY", 3, None), (day, day, "IQ", 2, None)]


def test_news_paraphrases_of_items() -> None:
    text = (
        "Near Raqqa, “six strikes engaged a tactical unit,” the statement said on Saturday. "
        "Five further strikes near Deir ez-Zor on Friday destroyed two barges. "
        "On Dec. 16, coalition military forces conducted three strikes against ISIS targets near "
        "Abu Kamal, The strikes destroyed a vehicle."
    )
    release = parse_strike_release(text, D(2017, 12, 17))
    day = D(2017, 12, 16)
    assert places(release) == [
        (day, "SY", "Raqqa", 6, None),
        (day, "SY", "Deir ez-Zor", 5, None),
        (day, "SY", "Abu Kamal", 3, None),
    ]


def test_a_month_so_far_and_a_whole_month() -> None:
    text = (
        "During the first 20 days of June, the coalition conducted 150 strikes with 190 "
        "engagements, above the 120 strikes recorded for all of May."
    )
    release = parse_strike_release(text, D(2018, 6, 22))
    assert totals(release) == [
        (D(2018, 5, 1), D(2018, 5, 31), None, 120, None),
        (D(2018, 6, 1), D(2018, 6, 20), None, 150, 190),
    ]


def test_an_items_own_day_and_the_last_days() -> None:
    """ "-- On April 7 near X" dates that item alone; the list after it is still yesterday's.
    "over the last three days" is a span ending yesterday."""
    text = (
        "SOUTHWEST ASIA, April 10, 2017 — Coalition forces conducted 9 strikes over the last "
        "three days, officials said.\n"
        "Strikes in Syria\n"
        "-- On April 7 near Tabqah, two strikes destroyed a mortar.\n"
        "Strikes in Iraq\n"
        "-- Near Mosul, five strikes destroyed a tunnel.\n"
    )
    release = parse_strike_release(text)
    assert places(release) == [
        (D(2017, 4, 7), "SY", "Tabqah", 2, None),
        (D(2017, 4, 9), "IQ", "Mosul", 5, None),
    ]
    assert totals(release) == [(D(2017, 4, 7), D(2017, 4, 9), None, 9, None)]


def test_a_news_story_with_two_counts_and_a_headline() -> None:
    """A headline repeating the story's counts states them once; the second country's count
    shares the first one's words ("12 strikes in Iraq, eight in Syria"). A count no one is said
    to have conducted ("told of 5 air strikes") is not read."""
    text = (
        "US, allies conduct 12 strikes in Iraq, eight in Syria\n"
        "WASHINGTON - The United States and its allies conducted 12 strikes in Iraq, eight in "
        "Syria, the task force said on Sunday. Another story told of 5 air strikes in Syria on "
        "Saturday and two in Iraq."
    )
    release = parse_strike_release(text, D(2015, 6, 8))
    day = D(2015, 6, 7)
    assert totals(release) == [
        (day, day, "IQ", 12, None),
        (day, day, "SY", 8, None),
    ]
