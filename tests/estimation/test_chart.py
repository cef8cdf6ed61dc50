"""The `--chart` drawing: every stratum and every number drawn is in the SVG's text, open-ended
and missing intervals are labelled as such, PNG by suffix, other suffixes refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from civcas.estimation.chart import write_chart

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def model(name: str, n_hat: float | None, low: float | None, high: float | None) -> dict[str, Any]:
    return {"name": name, "n_hat": n_hat, "ci_low": low, "ci_high": high}


def stratum(observed: int, *models: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"observed": observed, "models": list(models), "warnings": []} | extra


def svg_text(path: Path) -> tuple[ET.Element, str]:
    """The parsed SVG and all its <text> elements' text, one space apart."""
    root = ET.parse(path).getroot()
    return root, " ".join(element.text or "" for element in root.iter(f"{SVG}text"))


FOUND = {
    "2016": stratum(
        1202,
        model("Chapman", 2382.8, 2130.4, 2635.6),
        lcmcr={"n_hat": 2410.0, "ci_low": 2101.0, "ci_high": 2950.0, "samples": 900},
    ),
    "2017": stratum(540, model("Mt", 910.2, 702.0, None)),
    "2018": stratum(310, model("M0", 455.6, None, None)),
}


def test_the_svg_names_every_stratum_and_every_number_drawn(tmp_path: Path) -> None:
    path = tmp_path / "estimate.svg"
    write_chart(FOUND, path)
    root, text = svg_text(path)
    assert root.tag == f"{SVG}svg"
    for label in ("2016", "2017", "2018", "Chapman", "Mt", "M0"):
        assert label in text.split()
    for number in ("1,202", "2,383", "(2,130–2,636)", "2,410", "(2,101–2,950)"):
        assert number in text
    for number in ("540", "910", "(from 702,", "310", "456"):
        assert number in text
    assert "people killed" in text and "documented (on any list)" in text
    assert "LCMCR, 95% interval" in text


def test_open_and_missing_intervals_are_labelled_not_hidden(tmp_path: Path) -> None:
    path = tmp_path / "estimate.svg"
    write_chart(FOUND, path)
    _, text = svg_text(path)
    assert "no finite upper bound)" in text
    assert "(no interval)" in text
    assert "best model's estimate (no interval)" in text  # the legend says so too


def test_the_svg_has_a_title_and_a_description_with_the_numbers(tmp_path: Path) -> None:
    path = tmp_path / "estimate.svg"
    write_chart(FOUND, path)
    root, _ = svg_text(path)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "documented and estimated" in (title.text or "")
    assert desc is not None
    assert "2016: documented 1,202; Chapman estimates 2,383 (2,130–2,636)" in (desc.text or "")
    assert "2017: documented 540; Mt estimates 910 (from 702, no finite upper bound)" in (
        desc.text or ""
    )


def test_a_model_without_an_estimate_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "estimate.svg"
    write_chart({"all": stratum(75, model("Mt", float("inf"), None, None))}, path)
    _, text = svg_text(path)
    assert "75" in text.split() and "best model's estimate: no estimate" in text


def test_no_strata_still_draws_a_chart_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "estimate.svg"
    write_chart({}, path)
    _, text = svg_text(path)
    assert "no one documented" in text


def test_a_png_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "estimate.PNG"
    write_chart(FOUND, path)
    assert path.read_bytes()[: len(PNG_MAGIC)] == PNG_MAGIC


def test_another_suffix_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "estimate.pdf"
    with pytest.raises(ValueError, match=r"estimate\.pdf: a chart is written as \.svg or \.png"):
        write_chart(FOUND, path)
    assert not path.exists()
