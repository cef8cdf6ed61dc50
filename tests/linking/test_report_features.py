"""What reports are compared on: the details a summary gives, and the victims it names."""

from __future__ import annotations

from civcas.linking.reports import details, victim_key


def test_details_are_phrases_not_words() -> None:
    """A multi-word landmark or quarter counts once; stop words, numbers and punctuation cut."""
    (found,) = details(
        [
            (
                "Airwars",
                "Between 3 and 6 civilians died. The strike hit a residential building near the"
                " water tower in Hisham bin Abdul Malik at dusk.",
            )
        ]
    )
    assert found == ["dusk", "hisham bin abdul malik", "residential building", "water tower"]


def test_details_leave_out_the_source_and_towns() -> None:
    """The source's own name and towns the gazetteer knows (in any spelling) say nothing about
    which event a report describes: the place comparison weighs the town."""
    summaries = [
        ("Raqqa 24 (Facebook page)", "Raqqa 24 (Facebook page): a strike on Ar-Raqqah; a farm."),
        ("Airwars", "Airwars: an incident near al-Mawsil; a shop."),
        ("Airwars", "Airwars: an incident in Gogjali, Mosul; a car."),
    ]
    assert details(summaries) == [["farm"], ["incident", "shop"], ["car", "gogjali", "incident"]]


def test_phrases_in_most_summaries_are_a_template() -> None:
    """Of 20 summaries, 11 say "reported incident": more than half, so it is dropped; "dawn",
    in 10, is kept. Below 20 summaries nothing counts as a template."""
    summaries = [
        ("x", f"A reported incident at dawn; {name}.") for name in ["market"] * 5 + ["farm"] * 5
    ]
    summaries += [("x", f"A reported incident; {name}.") for name in ["school"]]
    summaries += [("x", f"At night; {name}.") for name in ["bakery"] * 9]
    found = details(summaries)
    assert found[0] == ["dawn", "market"] and found[10] == ["school"]
    assert details(summaries[:19])[0] == ["dawn", "market", "reported incident"]


def test_a_summary_with_nothing_particular_has_no_details() -> None:
    assert details([("Airwars", "Airwars: 2 civilians were reportedly killed."), ("x", None)]) == [
        None,
        None,
    ]


def test_victims_are_keyed_by_given_and_family_name_in_either_script() -> None:
    assert victim_key("Mohammed Ali al-Hassan") == victim_key("Muhammad al-Hasan")
    assert victim_key("Muhammad al-Hasan") == victim_key("محمد الحسن")
    assert victim_key("Fatima al-Hassan") != victim_key("Muhammad al-Hasan")
    assert victim_key("Ahmed") is None  # a given name alone is shared by too many of the dead
    assert victim_key(None) is None
