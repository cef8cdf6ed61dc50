"""The match rule: its defaults, its table for the methodology page, and its settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from civcas.errors import FieldError
from civcas.evidence.rule import MatchRule
from civcas.vocab import LocationPrecision as P


def settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "civcas.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> FieldError:
    with pytest.raises(FieldError) as caught:
        MatchRule.from_settings(settings(tmp_path, text))
    return caught.value


def test_defaults() -> None:
    rule = MatchRule()
    assert rule.slack_days == 1
    radii = {p: rule.radius_for(p) for p in P}
    assert radii == {
        P.EXACT: 2.0,
        P.NEIGHBOURHOOD: 5.0,
        P.TOWN: 10.0,
        P.DISTRICT: 30.0,
        P.GOVERNORATE: 100.0,
        P.COUNTRY: None,
    }
    assert rule.radius_for("town") == 10.0


def test_rows_describe_every_precision_finest_first() -> None:
    rows = MatchRule(town_km=12.5).rows()
    assert [row.precision for row in rows] == list(P)
    assert rows[2] == (P.TOWN, 12.5, "A town or city.")
    assert rows[-1].radius_km is None
    assert all(row.description for row in rows)


def test_settings_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = settings(
        tmp_path,
        """
        [server]
        port = 8000

        [match]
        slack_days = 2

        [match.radius_km]
        town = 12.5
        exact = 1
        """,
    )
    rule = MatchRule.from_settings(path)
    assert rule == MatchRule(slack_days=2, town_km=12.5, exact_km=1.0)
    assert isinstance(rule.exact_km, float)


def test_settings_without_a_match_table_keep_the_defaults(tmp_path: Path) -> None:
    assert MatchRule.from_settings(settings(tmp_path, "")) == MatchRule()
    assert MatchRule.from_settings(settings(tmp_path, "[match]\n")) == MatchRule()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FieldError) as caught:
        MatchRule.from_settings(tmp_path / "absent.toml")
    assert caught.value.field == str(tmp_path / "absent.toml")
    assert "no settings file" in caught.value.message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FieldError) as caught:
        MatchRule.from_settings(tmp_path)  # a directory
    assert (caught.value.field, "cannot read" in caught.value.message) == (str(tmp_path), True)


def test_file_that_is_not_toml(tmp_path: Path) -> None:
    error = refused(tmp_path, "[match\nslack_days = 2")
    assert error.field.endswith("civcas.toml")
    assert "not valid TOML" in error.message


@pytest.mark.parametrize(
    ("text", "field", "why"),
    [
        ("match = 3", "match", "must be a table"),
        ("[match]\nslak_days = 2", "match.slak_days", "unknown setting"),
        ("[match]\nradius_km = 5", "match.radius_km", "must be a table"),
        ('[match]\nslack_days = "2"', "match.slack_days", "not a whole number"),
        ("[match]\nslack_days = 1.5", "match.slack_days", "not a whole number"),
        ("[match]\nslack_days = true", "match.slack_days", "not a whole number"),
        ("[match]\nslack_days = -1", "match.slack_days", "negative"),
        ("[match.radius_km]\ntown = '10'", "match.radius_km.town", "not a number"),
        ("[match.radius_km]\ntown = true", "match.radius_km.town", "not a number"),
        ("[match.radius_km]\ndistrict = 0", "match.radius_km.district", "positive, finite"),
        ("[match.radius_km]\nexact = -2.0", "match.radius_km.exact", "positive, finite"),
        ("[match.radius_km]\ngovernorate = inf", "match.radius_km.governorate", "finite"),
        ("[match.radius_km]\nneighbourhood = nan", "match.radius_km.neighbourhood", "finite"),
        ("[match.radius_km]\ncity = 8", "match.radius_km.city", "not a location precision"),
        ("[match.radius_km]\ncountry = 800", "match.radius_km.country", "country has no radius"),
    ],
)
def test_every_bad_setting_is_named(tmp_path: Path, text: str, field: str, why: str) -> None:
    error = refused(tmp_path, text)
    assert (error.field, why in error.message) == (field, True), error.message


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"slack_days": -3}, "slack_days"),
        ({"slack_days": 1.0}, "slack_days"),
        ({"town_km": 0}, "town_km"),
        ({"exact_km": float("nan")}, "exact_km"),
    ],
)
def test_the_rule_checks_itself(arguments: dict[str, object], field: str) -> None:
    with pytest.raises(FieldError) as caught:
        MatchRule(**arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
