"""`civcas estimate --overlaps FILE`: the overlap file read (bad rows named), every model's
estimate in a table or JSON, the latent-class model on request, the assumptions in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError
from civcas.estimation.report import read_overlaps

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
