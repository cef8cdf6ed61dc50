"""`civcas estimate`: an overlap table in, every model's estimate out, with what it assumes.

The overlap file has one 0/1 column per list and a `count` column, one row per observed capture
pattern (the all-zero pattern is what is being estimated, so it never appears). Models are ranked
by AIC (or BIC); the latent-class model runs on request, since it is a long Gibbs chain.
"""

from __future__ import annotations

import csv
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civcas.errors import FieldError
from civcas.estimation.lcmcr import lcmcr
from civcas.estimation.loglinear import (
    EstimationWarning,
    ModelFit,
    OverlapTable,
    all_models,
    overlap_table,
    rank_models,
    two_list_estimates,
)
from civcas.i18n import ENGLISH, Words, counted

ASSUMPTIONS = (
    "These estimates assume a closed population (everyone counted was killed in the period and "
    "place the lists cover), perfect linkage (a person on two lists is recognised as one, and "
    "two people are never merged), and that the model's terms capture how the lists depend on "
    "each other and how likely different victims were to be recorded. A 95% interval from a "
    "log-linear model is a range of totals the observed overlaps are compatible with under that "
    "model (profile likelihood); the latent-class interval holds 95% of the posterior "
    "probability. Models that fit the overlaps about equally well can still disagree: read the "
    "spread across the best-ranked models as part of the uncertainty."
)


def read_overlaps(path: Path) -> OverlapTable:
    """The overlap table in `path`; a bad row is named by its line and column."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        columns = reader.fieldnames or []
        if "count" not in columns:
            raise FieldError("count", f"{path}: no `count` column (columns: {columns})")
        lists = [column for column in columns if column != "count"]
        counts: dict[tuple[int, ...], int] = {}
        for line, row in enumerate(reader, start=2):
            pattern = tuple(_cell(row, name, line, {0, 1}) for name in lists)
            if pattern in counts:
                raise FieldError("pattern", f"line {line}: the pattern {pattern} repeats")
            counts[pattern] = _cell(row, "count", line, None)
    try:
        return overlap_table(lists, counts)
    except ValueError as error:
        raise FieldError("overlaps", f"{path}: {error}") from error


def _cell(row: dict[str, str | None], name: str, line: int, allowed: set[int] | None) -> int:
    text = (row.get(name) or "").strip()
    try:
        value = int(text)
    except ValueError:
        raise FieldError(name, f"line {line}, {name}: {text!r} is not a whole number") from None
    if (allowed is not None and value not in allowed) or value < 0:
        expected = "0 or 1" if allowed else "a count of 0 or more"
        raise FieldError(name, f"line {line}, {name}: {value} is not {expected}")
    return value


@dataclass(frozen=True)
class Settings:
    rank_by: str = "aic"
    intervals: int = 10
    lcmcr: bool = False
    iterations: int = 10_000
    seed: int = 0


def estimate(
    table: OverlapTable, settings: Settings, stratum: str = "all", words: Words = ENGLISH
) -> dict[str, Any]:
    """Everything `civcas estimate` prints for one stratum: the observed count, every model
    (best first), the two-list estimates where there are two lists, the latent-class posterior
    if asked, the warnings raised on the way, the assumptions and the result in words (in the
    language of `words`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EstimationWarning)
        fits = rank_models(all_models(table, intervals=settings.intervals), settings.rank_by)
        models = [model_row(fit) for fit in fits]
        if len(table.lists) == 2:
            models.insert(0, chapman_row(table))
        found: dict[str, Any] = {"observed": table.observed, "models": models}
        if settings.lcmcr:
            posterior = lcmcr(patterns(table), iterations=settings.iterations, seed=settings.seed)
            found["lcmcr"] = {
                "n_hat": posterior.n_hat,
                "ci_low": posterior.ci_low,
                "ci_high": posterior.ci_high,
                "samples": len(posterior.samples),
            }
    found["warnings"] = [str(warning.message) for warning in caught]
    found["assumptions"] = ASSUMPTIONS
    found["explanation"] = explanation(stratum, found, settings.rank_by, words)
    return found


def explanation(
    stratum: str, found: dict[str, Any], rank_by: str = "aic", words: Words = ENGLISH
) -> str:
    """`found` (one stratum's `estimate`) in plain words with its numbers: what the lists
    document, what the best-ranked model adds and how sure it is, and what that rests on. The
    table's columns mean little to most readers; this paragraph is what they can quote, in
    their own language (`words`)."""
    _ = words.gettext
    named = {"people": people(found["observed"], words), "stratum": stratum}
    if stratum == "all":
        sentences = [_("Overall, the chosen lists together name %(people)s killed.") % named]
    else:
        sentences = [_("In %(stratum)s, the chosen lists together name %(people)s killed.") % named]
    models = found["models"]
    best = models[0] if models else None
    if best is None or known(best["n_hat"]) is None:
        sentences.append(_("No model produced an estimate, so only the documented count stands."))
    else:
        sentences += best_model_sentences(best, found["observed"], rank_by, words)
    if "lcmcr" in found:
        sentences.append(lcmcr_sentence(found["lcmcr"], words))
    if found["warnings"]:
        sentences.append(
            _(
                "The estimation raised %(count)s warning(s) (sparse overlaps, models that did "
                "not converge or estimates far above the count): the estimate may be unstable; "
                "read the warnings before quoting it."
            )
            % {"count": len(found["warnings"])}
        )
    sentences.append(
        _(
            "All of this assumes a closed population (everyone counted was killed in the period "
            "and place the lists cover), perfect linkage (a person on two lists is recognised as "
            "one, and two people are never merged) and that the model captures how the lists "
            "depend on each other."
        )
    )
    return " ".join(sentences)


def best_model_sentences(
    model: dict[str, Any], observed: int, rank_by: str, words: Words = ENGLISH
) -> list[str]:
    """The estimate, its interval and what the interval does and does not cover."""
    _ = words.gettext
    n_hat = round(model["n_hat"])
    if model["name"] == "Chapman":
        who = _("Chapman's two-list estimate (which assumes the two lists are independent)")
    else:
        who = _("The best-fitting model (%(model)s, lowest %(criterion)s)") % {
            "model": model["name"],
            "criterion": rank_by.upper(),
        }
    unseen = n_hat - observed
    share = _(" (%(percent)s of the total)") % {"percent": f"{unseen / n_hat:.0%}"} if n_hat else ""
    said = _(
        "%(who)s puts the total at %(total)s killed%(interval)s: %(unseen)s%(share)s more than "
        "the lists recorded."
    ) % {
        "who": who,
        "total": f"{n_hat:,}",
        "interval": interval_words(model, words),
        "unseen": f"{unseen:,}",
        "share": share,
    }
    return [said, interval_meaning(model, words)]


def interval_words(model: dict[str, Any], words: Words = ENGLISH) -> str:
    _ = words.gettext
    low, high = model["ci_low"], model["ci_high"]
    if low is None:
        return _(", with no interval")
    if high is None:
        return _(", 95%% interval from %(low)s with no finite upper bound") % {"low": f"{low:,.0f}"}
    return _(", 95%% interval %(low)s–%(high)s") % {"low": f"{low:,.0f}", "high": f"{high:,.0f}"}


def interval_meaning(model: dict[str, Any], words: Words = ENGLISH) -> str:
    _ = words.gettext
    if model["ci_low"] is None:
        return _("Without an interval there is no measure of how far off the figure may be.")
    if model["ci_high"] is None:
        return _(
            "The overlaps cannot rule out far larger totals, so the figure is weak evidence "
            "of the total; it does not cover errors in linkage or a wrong model either."
        )
    if model["name"] == "Chapman":
        return _(
            "The interval is the sampling error if the two lists are independent; it does not "
            "cover errors in linkage or lists that depend on each other."
        )
    return _(
        "The interval is the range of totals the observed overlaps are compatible with under "
        "that model; it does not cover errors in linkage or a wrong model."
    )


def lcmcr_sentence(posterior: dict[str, Any], words: Words = ENGLISH) -> str:
    return words.gettext(
        "The latent-class model (LCMCR) puts the total at %(total)s (posterior median), with "
        "95%% probability between %(low)s and %(high)s."
    ) % {
        "total": f"{posterior['n_hat']:,.0f}",
        "low": f"{posterior['ci_low']:,.0f}",
        "high": f"{posterior['ci_high']:,.0f}",
    }


def people(count: int, words: Words = ENGLISH) -> str:
    return counted(words.ngettext("%(count)s person", "%(count)s people", count), count)


def patterns(table: OverlapTable) -> dict[tuple[int, ...], int]:
    return {
        tuple(int(v) for v in pattern): int(count)
        for pattern, count in zip(table.patterns, table.counts, strict=True)
        if count
    }


def model_row(fit: ModelFit) -> dict[str, Any]:
    return {
        "name": fit.name,
        "terms": list(fit.terms),
        "n_hat": fit.n_hat,
        "ci_low": finite(fit.ci_low),
        "ci_high": finite(fit.ci_high),
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "bic": fit.bic,
    }


def chapman_row(table: OverlapTable) -> dict[str, Any]:
    two = two_list_estimates(table)
    return {
        "name": "Chapman",
        "terms": list(table.lists),
        "n_hat": two.chapman,
        "ci_low": two.ci_low,
        "ci_high": two.ci_high,
        "deviance": None,
        "df": None,
        "aic": None,
        "bic": None,
    }


def finite(value: float) -> float | None:
    """NaN (no interval computed) and infinity (no finite bound) as JSON's null."""
    return value if math.isfinite(value) else None


def known(value: float | None) -> float | None:
    """A number that can be written in words: not missing, NaN or infinite."""
    return None if value is None else finite(value)
