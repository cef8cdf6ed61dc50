"""The chart `civcas estimate --chart` writes: documented against estimated, per stratum.

A reader who sees only the table tends to quote the best model's number alone; the chart puts
it between the documented count (what is certain) and its interval (what the overlaps allow),
with the latent-class posterior beside it when it was run. Marks differ by shape and line
style, and every mark carries its number, so the chart reads in greyscale and in print.

Drawn with `matplotlib.figure.Figure` (no pyplot, no global state, no GUI backend), so it is
safe in a server thread and needs no display.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from civcas.estimation.report import known

CHART_FORMATS = {".svg": "svg", ".png": "png"}
"""File suffix → format: a vector image for the web and print, a bitmap for everything else."""

OFFSET = 0.32
"""Horizontal gap between a stratum's three marks (strata are one unit apart)."""

MODEL_NAME_WIDTH = 32
"""Characters per line of the model name under a stratum: five lists' terms run to 150."""

HEADROOM = 1.25
"""The top of the axis over the largest value: room for labels and open-ended arrows."""


LineStyle = Literal["-", "--"]


@dataclass(frozen=True)
class Mark:
    """One value with its 95% interval. `low` None: no interval; `high` None with a `low`:
    no finite upper bound."""

    value: float | None
    low: float | None = None
    high: float | None = None


def write_chart(found: Mapping[str, Mapping[str, Any]], path: Path) -> None:
    """Write the chart of `found` (stratum → `civcas.estimation.report.estimate` result) to
    `path`, SVG or PNG by its suffix (`CHART_FORMATS`; anything else is a ValueError)."""
    file_format = chart_format(path)
    figure = Figure(figsize=(max(6.5, 3 * len(found) + 1.5), 5.5), layout="constrained")
    title = chart_title(found)
    draw(figure, found, title)
    description = describe(found)
    metadata = {"Title": title, "Description": description, "Date": None}
    # SVG text stays text (selectable, read aloud, searchable); ids and dates stay stable.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "civcas"}):
        buffer = BytesIO()
        figure.savefig(buffer, format=file_format, metadata=metadata)
    image = buffer.getvalue()
    if file_format == "svg":
        image = with_desc(image.decode("utf-8"), description).encode("utf-8")
    path.write_bytes(image)


def chart_format(path: Path) -> str:
    """The format `path`'s suffix asks for; refuses a suffix the chart cannot be written as."""
    try:
        return CHART_FORMATS[path.suffix.lower()]
    except KeyError:
        allowed = " or ".join(CHART_FORMATS)
        raise ValueError(f"{path.name}: a chart is written as {allowed}") from None


def chart_title(found: Mapping[str, Any]) -> str:
    scope = "" if list(found) == ["all"] else f", by stratum ({len(found)})"
    return f"People killed: documented and estimated{scope}"


def draw(figure: Figure, found: Mapping[str, Mapping[str, Any]], title: str) -> None:
    """Three marks per stratum (documented, best model, LCMCR), labelled with their values; the
    legend goes below the axes, where it cannot hide a mark."""
    axes = figure.add_subplot()
    axes.set_title(title)
    if not found:
        axes.text(0.5, 0.5, "no one documented", ha="center", transform=axes.transAxes)
        return
    top = HEADROOM * max(largest(result) for result in found.values())
    axes.set_ylim(0, top)
    for x, result in enumerate(found.values()):
        draw_documented(axes, x - OFFSET, result["observed"])
        draw_estimate(axes, x, best_model(result), top, "o", "-", "best model's estimate")
        if "lcmcr" in result:
            draw_estimate(axes, x + OFFSET, lcmcr_mark(result["lcmcr"]), top, "D", "--", "LCMCR")
    axes.set_xticks(range(len(found)), [tick_label(s, r) for s, r in found.items()])
    axes.set_xlim(-0.6, len(found) - 0.4)
    axes.set_xlabel("stratum (and the best-ranked model)")
    axes.set_ylabel("people killed")
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    axes.grid(axis="y", color="0.85")
    figure.legend(*unique_legend(axes), loc="outside lower center", ncols=2, fontsize=8)


def draw_documented(axes: Axes, x: float, observed: int) -> None:
    axes.plot([x], [observed], "s", color="0.45", markersize=8, label="documented (on any list)")
    value_label(axes, x, observed, f"{observed:,}")


def draw_estimate(
    axes: Axes, x: float, mark: Mark, top: float, marker: str, style: LineStyle, name: str
) -> None:
    """A point with its interval; an open-ended interval is an arrow to the top of the axis."""
    if mark.value is None:
        value_label(axes, x, 0, f"{name}: no estimate")
        return
    if mark.low is not None and mark.high is not None:
        bounds = (mark.low, mark.value, mark.high)
        errorbar(axes, x, bounds, marker, style, f"{name}, 95% interval")
    elif mark.low is not None:
        bounds = (mark.low, mark.value, mark.value)
        errorbar(axes, x, bounds, marker, style, f"{name}, 95% interval")
        axes.annotate("", (x, top), (x, mark.value), arrowprops={"arrowstyle": "->", "ls": style})
    else:
        axes.plot(
            [x],
            [mark.value],
            marker,
            color="black",
            fillstyle="none",
            markersize=8,
            label=f"{name} (no interval)",
        )
    value_label(axes, x, mark.value, interval_label(mark.value, mark))


def errorbar(
    axes: Axes,
    x: float,
    bounds: tuple[float, float, float],
    marker: str,
    style: LineStyle,
    label: str,
) -> None:
    """A point with its interval; the interval's line style tells the marks apart in print."""
    low, value, high = bounds
    container = axes.errorbar(
        [x],
        [value],
        yerr=[[value - low], [high - value]],
        fmt=marker,
        color="black",
        capsize=5,
        markersize=7,
        label=label,
    )
    for line in container.lines[2]:
        line.set_linestyle(style)


def value_label(axes: Axes, x: float, y: float, text: str) -> None:
    axes.annotate(
        text, (x, y), xytext=(7, 0), textcoords="offset points", va="center", fontsize=7.5
    )


def interval_label(estimate: float, mark: Mark) -> str:
    """The estimate and its interval in words: "2,383 (1,999–2,767)", "… (from 1,500, no
    finite upper bound)" or "… (no interval)"."""
    value = f"{estimate:,.0f}"
    if mark.low is None:
        return f"{value}\n(no interval)"
    if mark.high is None:
        return f"{value}\n(from {mark.low:,.0f},\nno finite upper bound)"
    return f"{value}\n({mark.low:,.0f}–{mark.high:,.0f})"


def tick_label(stratum: str, result: Mapping[str, Any]) -> str:
    models = result["models"]
    if not models:
        return stratum
    name = textwrap.fill(models[0]["name"], MODEL_NAME_WIDTH, break_on_hyphens=False)
    return f"{stratum}\n{name}"


def best_model(result: Mapping[str, Any]) -> Mark:
    """The first model (they come ranked); an infinite or missing estimate is no estimate."""
    if not result["models"]:
        return Mark(None)
    model = result["models"][0]
    value = known(model["n_hat"])
    low = known(model["ci_low"]) if value is not None else None
    return Mark(value, low, known(model["ci_high"]) if low is not None else None)


def lcmcr_mark(posterior: Mapping[str, Any]) -> Mark:
    return Mark(known(posterior["n_hat"]), known(posterior["ci_low"]), known(posterior["ci_high"]))


def largest(result: Mapping[str, Any]) -> float:
    """The highest value drawn for a stratum, which sets the axis (open ends excepted)."""
    marks = [best_model(result)] + ([lcmcr_mark(result["lcmcr"])] if "lcmcr" in result else [])
    values = [v for m in marks for v in (m.value, m.low, m.high) if v is not None]
    return max([result["observed"], *values])


def unique_legend(axes: Axes) -> tuple[list[Any], list[str]]:
    """One legend entry per kind of mark, however many strata drew it."""
    handles, labels = axes.get_legend_handles_labels()
    seen = dict(zip(labels, handles, strict=True))
    return list(seen.values()), list(seen)


def describe(found: Mapping[str, Mapping[str, Any]]) -> str:
    """The chart's numbers as one sentence per stratum, for readers who cannot see it."""
    if not found:
        return "No one documented."
    lines = []
    for stratum, result in found.items():
        sentence = f"{stratum}: documented {result['observed']:,}"
        best = best_model(result)
        if best.value is not None:
            name = result["models"][0]["name"]
            sentence += f"; {name} estimates {flat(interval_label(best.value, best))}"
        posterior = lcmcr_mark(result["lcmcr"]) if "lcmcr" in result else Mark(None)
        if posterior.value is not None:
            sentence += f"; LCMCR median {flat(interval_label(posterior.value, posterior))}"
        lines.append(sentence + ".")
    return " ".join(lines)


def flat(label: str) -> str:
    return " ".join(label.split())


def with_desc(svg: str, description: str) -> str:
    """Matplotlib writes the SVG `<title>` but not `<desc>`, which screen readers announce
    after it: add it right after the title."""
    end = svg.index("</title>") + len("</title>")
    return f"{svg[:end]}\n <desc>{escape(description)}</desc>{svg[end:]}"
