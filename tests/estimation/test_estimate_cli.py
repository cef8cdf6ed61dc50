"""`civcas estimate --overlaps FILE`: the overlap file read (bad rows named), every model's
estimate in a table or JSON, the latent-class model on request, the assumptions in words."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError
from civcas.estimation.report import Settings, estimate, explanation, read_overlaps

# Seber (1982) p. 107 (Rcapture's closedp example): 781 on list A only, 254 on B only, 167 on
# both. Lincoln-Petersen 948 × 421 / 167 = 2389.9; Chapman 949 × 422 / 168 − 1 = 2382.8.
SEBER = "A,B,count\n1,0,781\n0,1,254\n1,1,167\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlaps.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_two_lists_in_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["estimate", "--overlaps", str(write(tmp_path, SEBER)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["observed"] == 781 + 254 + 167
    models = {model["name"]: model for model in found["models"]}
    assert round(models["Chapman"]["n_hat"], 1) == 2382.8
    assert round(models["Mt"]["n_hat"], 1) == 2389.9  # independence = Lincoln-Petersen
    assert models["Mt"]["terms"] == ["A", "B"] and models["Mt"]["df"] == 0
    assert set(models["Mt"]) == {
        "name", "terms", "n_hat", "ci_low", "ci_high", "deviance", "df", "aic", "bic"
    }  # fmt: skip
    assert "closed population" in found["assumptions"]


def test_three_lists_with_the_latent_class_model(tmp_path: Path) -> None:
    """Three independent lists each catching half of 800 people: every pattern expects 100,
    so 700 are documented and the all-zero cell (100) is what the models must find."""
    rows = [
        f"{a},{b},{c},100" for a in (0, 1) for b in (0, 1) for c in (0, 1) if (a, b, c) != (0, 0, 0)
    ]
    path = write(tmp_path, "A,B,C,count\n" + "\n".join(rows) + "\n")
    result = CliRunner().invoke(
        app,
        ["estimate", "--overlaps", str(path), "--format", "json", "--lcmcr", "--iterations",
         "2000"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    independence = next(model for model in found["models"] if model["name"] == "Mt")
    assert independence["n_hat"] == pytest.approx(800, abs=0.5)
    assert independence["ci_low"] < 800 < independence["ci_high"]
    assert 700 < found["lcmcr"]["n_hat"] < 950 and found["lcmcr"]["samples"] > 0


def test_the_table_names_the_best_model_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["estimate", "--overlaps", str(write(tmp_path, SEBER))])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "documented (on at least one list): 1,202" in text
    assert "2,390" in text and "2,383" in text


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("A,B\n1,0\n", "count", "no `count` column"),
        ("A,B,count\n1,0,5\n2,1,3\n", "A", "line 3, A: 2 is not 0 or 1"),
        ("A,B,count\n1,0,5\n0,1,x\n", "count", "line 3, count: 'x' is not a whole number"),
        ("A,B,count\n1,0,5\n1,0,6\n", "pattern", "line 3: the pattern (1, 0) repeats"),
        ("A,B,count\n1,0,5\n0,0,4\n", "overlaps", "(0, 0)"),
    ],
)
def test_a_bad_overlap_file_is_refused_naming_the_line(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    with pytest.raises(FieldError) as refused:
        read_overlaps(write(tmp_path, text))
    assert refused.value.field == field and words in str(refused.value)


def test_the_command_refuses_a_bad_file_with_its_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["estimate", "--overlaps", str(write(tmp_path, "A,B\n1,0\n"))])
    assert result.exit_code == 1
    assert "no `count` column" in " ".join(result.output.split())


# Seber's table by hand: n1 = 781 + 167 on A, n2 = 254 + 167 on B, m = 167 on both.
N1, N2, M = 948, 421, 167
CHAPMAN = (N1 + 1) * (N2 + 1) / (M + 1) - 1
CHAPMAN_SE = math.sqrt((N1 + 1) * (N2 + 1) * (N1 - M) * (N2 - M) / ((M + 1) ** 2 * (M + 2)))
Z95 = 1.959963984540054
CHAPMAN_LOW, CHAPMAN_HIGH = CHAPMAN - Z95 * CHAPMAN_SE, CHAPMAN + Z95 * CHAPMAN_SE
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def test_the_chart_is_an_svg_with_the_documented_and_estimated_numbers(tmp_path: Path) -> None:
    chart = tmp_path / "estimate.svg"
    overlaps = str(write(tmp_path, SEBER))
    result = CliRunner().invoke(
        app, ["estimate", "--overlaps", overlaps, "--format", "json", "--chart", str(chart)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["observed"] == 1202  # the chart leaves stdout to the JSON
    root = ElementTree.parse(chart).getroot()
    text = " ".join(element.text or "" for element in root.iter(SVG_TEXT))
    assert "all" in text.split() and "Chapman" in text.split()
    assert "1,202" in text and f"{CHAPMAN:,.0f}" in text
    assert f"({CHAPMAN_LOW:,.0f}–{CHAPMAN_HIGH:,.0f})" in text


def test_the_chart_is_a_png_by_its_suffix(tmp_path: Path) -> None:
    chart = tmp_path / "estimate.png"
    result = CliRunner().invoke(
        app, ["estimate", "--overlaps", str(write(tmp_path, SEBER)), "--chart", str(chart)]
    )
    assert result.exit_code == 0, result.output
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_chart_of_another_kind_is_refused_naming_the_option(tmp_path: Path) -> None:
    chart = tmp_path / "estimate.pdf"
    result = CliRunner().invoke(
        app, ["estimate", "--overlaps", str(write(tmp_path, SEBER)), "--chart", str(chart)]
    )
    assert result.exit_code != 0
    text = " ".join(result.output.replace("│", " ").split())  # unwrapped from the error box
    assert "Invalid value for '--chart'" in text and ".svg or .png" in text
    assert not chart.exists() and "documented" not in text  # refused before estimating


def test_the_explanation_gives_chapman_and_its_interval_in_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["estimate", "--overlaps", str(write(tmp_path, SEBER)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    words = json.loads(result.stdout)["explanation"]
    unseen = round(CHAPMAN) - 1202
    assert words.startswith("Overall, the chosen lists together name 1,202 people killed.")
    assert "Chapman's two-list estimate" in words
    assert f"puts the total at {CHAPMAN:,.0f} killed" in words
    assert f"95% interval {CHAPMAN_LOW:,.0f}–{CHAPMAN_HIGH:,.0f}" in words
    assert f"{unseen:,} ({unseen / round(CHAPMAN):.0%} of the total) more than" in words
    assert "closed population" in words and "perfect linkage" in words


def test_the_explanation_of_the_independence_model_is_lincoln_petersen(tmp_path: Path) -> None:
    found = estimate(read_overlaps(write(tmp_path, SEBER)), Settings())
    found["models"] = [m for m in found["models"] if m["name"] == "Mt"]
    words = explanation("2017", found)
    assert words.startswith("In 2017, the chosen lists together name 1,202 people killed.")
    assert f"(Mt, lowest AIC) puts the total at {N1 * N2 / M:,.0f} killed" in words
    assert "compatible with under that model" in words and "wrong model" in words


def shown(n_hat: float | None, low: float | None, high: float | None) -> dict[str, Any]:
    row = {"name": "Mt", "n_hat": n_hat, "ci_low": low, "ci_high": high}
    return {"observed": 1234, "models": [row], "warnings": []}


def test_the_explanation_says_when_there_is_no_interval() -> None:
    words = explanation("IQ", shown(2345.2, None, None))
    assert "In IQ" in words and "puts the total at 2,345 killed, with no interval:" in words
    assert "1,111 (47% of the total) more than the lists recorded" in words
    assert "95% interval" not in words and "no measure of how far off" in words


def test_the_explanation_says_when_the_upper_bound_is_open() -> None:
    words = explanation("all", shown(2345.0, 2010.0, None))
    assert "95% interval from 2,010 with no finite upper bound" in words
    assert "cannot rule out far larger totals" in words


def test_the_explanation_without_an_estimate_has_no_percentages() -> None:
    for absent in (None, math.inf):
        words = explanation("all", shown(absent, None, None))
        assert "1,234 people killed" in words and "No model produced an estimate" in words
        assert "%" not in words


def test_the_explanation_flags_warnings_and_the_table_prints_it(tmp_path: Path) -> None:
    sparse = "A,B,C,count\n1,0,0,5\n0,1,0,3\n1,1,1,1\n"
    result = CliRunner().invoke(app, ["estimate", "--overlaps", str(write(tmp_path, sparse))])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Overall, the chosen lists together name 9 people killed." in text
    assert "the estimate may be unstable; read the warnings" in text


def test_the_explanation_gives_the_latent_class_posterior(tmp_path: Path) -> None:
    rows = [
        f"{a},{b},{c},100" for a in (0, 1) for b in (0, 1) for c in (0, 1) if (a, b, c) != (0, 0, 0)
    ]
    path = write(tmp_path, "A,B,C,count\n" + "\n".join(rows) + "\n")
    found = estimate(read_overlaps(path), Settings(lcmcr=True, iterations=1000))
    posterior = found["lcmcr"]
    words = found["explanation"]
    assert "puts the total at 800 killed" in words  # 700 documented, 100 expected on no list
    assert f"(LCMCR) puts the total at {posterior['n_hat']:,.0f} (posterior median)" in words
    assert f"between {posterior['ci_low']:,.0f} and {posterior['ci_high']:,.0f}" in words


def test_the_explanation_in_arabic_says_the_same_numbers(tmp_path: Path) -> None:
    """`--language ar`: the paragraph in Arabic, with the English one's figures and no English
    sentence (the model's name and AIC are terms, not sentences)."""
    arguments = ["estimate", "--overlaps", str(write(tmp_path, SEBER)), "--format", "json"]
    english = json.loads(CliRunner().invoke(app, arguments).stdout)["explanation"]
    result = CliRunner().invoke(app, [*arguments, "--language", "ar"])
    assert result.exit_code == 0, result.output
    arabic = json.loads(result.stdout)["explanation"]
    assert arabic.startswith("إجمالًا، تسمّي القوائم المختارة معًا 1,202 شخص قُتلوا.")
    numbers = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
    assert numbers.findall(arabic) == numbers.findall(english)
    assert "تقدير تشابمان" in arabic and "مجتمعًا مغلقًا" in arabic
    assert not re.search(r"[A-Za-z]+(?:\W+[A-Za-z]+){2,}", arabic), arabic
