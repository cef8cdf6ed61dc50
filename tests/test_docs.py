"""The documentation stays true: vocabularies, commands and the README's promises."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from civcas.cli import PUBLISHED_KINDS, Kind, app
from civcas.evidence.rule import MatchRule
from civcas.intake import KINDS
from civcas.vocab import (
    REASONS_FOR_OUTCOME,
    DatePrecision,
    Grade,
    LinkKind,
    LocationPrecision,
    MatchBasis,
    Measure,
    Outcome,
    ReasonCode,
    SourceType,
)

ROOT = Path(__file__).resolve().parent.parent


def test_methodology_defines_every_vocabulary_value() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for enum in (
        SourceType,
        DatePrecision,
        LocationPrecision,
        MatchBasis,
        LinkKind,
        Measure,
        Outcome,
        ReasonCode,
        Grade,
    ):
        for member in enum:
            assert f"| `{member.value}` | {member.description} |" in text, member
    for outcome, codes in REASONS_FOR_OUTCOME.items():
        listed = ", ".join(f"`{code.value}`" for code in sorted(codes))
        assert f"| `{outcome.value}` | {listed} |" in text


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert {"import", "export", "assess", "statement", "tally", "demo", "migrate"} <= set(commands)
    for name, command in commands.items():
        assert command.help, name
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        if name != "migrate":
            assert f"civcas {name}" in readme, name


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in code.splitlines()] == [["make", "run"], ["make", "test"]]


def test_cli_kinds_are_the_importable_kinds() -> None:
    assert [kind.value for kind in Kind] == ["all", *KINDS, *PUBLISHED_KINDS]


def test_the_readme_settings_example_is_the_default_rule(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "civcas.toml").write_text(example, encoding="utf-8")
    assert MatchRule.from_settings(tmp_path / "civcas.toml") == MatchRule()


def test_the_methodology_states_the_default_radii() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for row in MatchRule().rows():
        if row.radius_km is not None:
            assert f"| `{row.precision.value}` | {row.radius_km:g} km |" in text, row
