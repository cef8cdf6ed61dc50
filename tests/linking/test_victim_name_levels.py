"""Which level of the victims' model a pair of names reaches (issue 18): a name dropped or
added, one name spelled a letter apart, siblings, and an age stated alike or a year apart.
Names invented for this test; levels worked out by hand from `names.phonetic`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from civcas.linking import victims
from civcas.linking.engine import link, typed
from civcas.linking.names import name_columns, normalise

# Name levels, numbered as Splink numbers them: 4 the same key, 3 the same skeleton chain,
# 2 a name dropped or added (or the grandfather apart), 1 one name spelled apart, 0 else.
DROPPED, SPELLED_APART, ELSE = 2, 1, 0


def frame(people: list[tuple[str, int | None]]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for number, (name, age) in enumerate(people, start=1):
        columns = name_columns(name)
        rows.append(
            {
                "unique_id": number,
                **columns,
                "name_tokens": victims.tokens(columns["name_phonetic"]),
                "sex": "male",
                "age": age,
                "report_id": number,  # each named in a report of its own
                "source_id": number,
                "country": "PS",
                "place_id": None,
                "day_start": 100,
                "day_end": 100,
                "week": 14,
            }
        )
    return typed(rows, victims.COLUMNS)


def levels(people: list[tuple[str, int | None]], column: str = "gamma_name") -> dict[Any, int]:
    """The level of each blocked pair (every pair, whatever its score: untrained, floor 0)."""
    pairs = link(frame(people), victims.settings(), threshold=1.0, review_band=(0.0, 1.0)).pairs
    return {
        (left, right): int(level)
        for left, right, level in zip(
            pairs["unique_id_l"], pairs["unique_id_r"], pairs[column], strict=True
        )
    }


def test_tokens_are_the_distinct_skeletons_in_chain_order() -> None:
    assert victims.tokens("RM XL NBL XL") == ["RM", "XL", "NBL"]
    assert victims.tokens(None) is None
    assert victims.tokens("") is None


def test_a_father_left_out_scores_as_a_name_dropped() -> None:
    # RM NBL XL ZKT against RM XL ZKT: not the same given, father and family (the short
    # chain's father is XL), but one chain inside the other, three shared, given and family alike
    found = levels([("Rami Nabil Khalil Zaqout", 30), ("Rami Khalil Zaqout", 30)])
    assert found == {(1, 2): DROPPED}


def test_one_name_a_letter_apart_scores_as_spelled_apart() -> None:
    # family CHD against CD (one edit), given and father alike: a transliteration apart
    found = levels([("Rami Khalil Nabil Shahada", 30), ("Rami Khalil Nabil Shada", 30)])
    assert found == {(1, 2): SPELLED_APART}


def test_brothers_are_not_one_person_spelled_apart() -> None:
    # RM against SMR: another given name with the same father, grandfather and family
    found = levels([("Rami Khalil Nabil Shahada", 30), ("Samir Khalil Nabil Shahada", 31)])
    assert found == {(1, 2): ELSE}


def test_two_names_shared_are_not_enough() -> None:
    # given and family alike, one chain inside the other, but only two skeletons shared
    found = levels([("Rami Zaqout", 30), ("Rami Nabil Zaqout", 30)])
    assert found == {(1, 2): ELSE}


def test_the_same_age_is_a_level_above_a_year_apart() -> None:
    found = levels(
        [("Rami Khalil Zaqout", 30), ("Rami Khalil Zaqout", 30), ("Rami Khalil Zaqout", 31)],
        column="gamma_age",
    )
    # 3 the same age, 2 within a year, numbered from the else level (0) up
    assert found == {(1, 2): 3, (1, 3): 2, (2, 3): 2}


def test_an_article_before_a_name_starting_with_l_keeps_its_l() -> None:
    # "Allamdan" is al-Lamdan, as اللمدان is: the doubled l is the article's, not a doubling
    latin, arabic = normalise("Karim Allamdan"), normalise("كريم اللمدان")
    assert latin is not None and arabic is not None
    assert latin.phonetic == arabic.phonetic == "KRM LMDN"
    abd = normalise("Abdellatif Karim")
    assert abd is not None and abd.tokens == ("abd-latif", "karim")
    for spelling in ("Abdullah Karim", "Abdallah Karim", "Abdullahi Karim"):
        allah = normalise(spelling)
        assert allah is not None and allah.tokens[0] == "abd-allah", spelling
