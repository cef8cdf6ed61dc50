"""Benchmark: the official-release parser on real releases and their faithful copies.

Usage: .venv/bin/python bench/official_corpus.py DIR FIGURES.csv [--only dev|holdout] [--quiet]

DIR holds the texts (kept outside the repository: they are third-party text); FIGURES.csv,
bench/corpus/official_figures.csv, says by hand which figures each text states (`file`
relative to DIR, `figure`, `value`) and the release's date where it is known. Each text is
parsed as `civcas parse official-report FILE --published DATE` would: the release date is the
one help (a month named without its year takes its year from it); never --period.

- exact: a stated figure read with its value;
- wrong: a figure read with another value, or read where the text states none (a number put
  in the coalition's mouth);
- blank: a stated figure left unread (null), which a person fills in from the hints;
- refused: a text the parser refused, and how many of those name their month.

A coded text missing from DIR (a page the search store no longer returns) is named and counted
as missing, not scored. Each line of detail names the file and figure; the scores, per top
directory (dev/holdout) and overall, come last. Targets (issue 17): ≥ 97% exact, 0 wrong,
0 refused that name their month.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from civcas.errors import FieldError
from civcas.intake.official_report import FIGURE_KEYS, parse_official_report


@dataclass
class Score:
    texts: int = 0
    stated: int = 0
    exact: int = 0
    wrong: int = 0
    blank: int = 0
    refused: list[str] = field(default_factory=list)
    refused_with_month: int = 0
    missing: int = 0

    def line(self, name: str) -> str:
        share = self.exact / self.stated if self.stated else 0.0
        return (
            f"{name}: texts={self.texts} figures exact {self.exact}/{self.stated} ({share:.1%}) "
            f"wrong={self.wrong} blank={self.blank} refused={len(self.refused)} "
            f"(naming their month: {self.refused_with_month})"
            + (f" texts missing={self.missing}" if self.missing else "")
        )


def stated_figures(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, dt.date]]:
    """file → {figure: value as stated}, and file → its release date, from the hand-coded CSV."""
    stated: dict[str, dict[str, str]] = defaultdict(dict)
    released: dict[str, dt.date] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stated[row["file"]][row["figure"]] = row["value"].strip()
            if row["release_date"].strip():
                released[row["file"]] = dt.date.fromisoformat(row["release_date"].strip())
    return stated, released


def names_month(note: str) -> bool:
    """Whether the coder found the month in the text (not only from the release date)."""
    return "from the release date" not in note and "no month" not in note.lower()


def score_file(
    root: Path,
    name: str,
    stated: dict[str, str],
    published: dt.date | None,
    score: Score,
    quiet: bool,
) -> None:
    if not (root / name).exists():
        score.missing += 1
        print(f"MISSING {name}: not in {root}, not scored")
        return
    score.texts += 1
    text = (root / name).read_text(encoding="utf-8")
    try:
        read = parse_official_report(text, published=published).figures
    except FieldError as error:
        score.refused.append(name)
        score.stated += len(stated)
        score.blank += len(stated)
        print(f"REFUSED {name}: {error.field}: {error.message}")
        return
    for figure in FIGURE_KEYS:
        expected, got = stated.get(figure), read.get(figure)
        got_text = None if got is None else str(got)
        if expected is not None:
            score.stated += 1
        if expected is None and got_text is None:
            continue
        if got_text == expected:
            score.exact += 1
        elif got_text is None:
            score.blank += 1
            if not quiet:
                print(f"blank   {name}: {figure} (stated {expected})")
        else:
            score.wrong += 1
            print(f"WRONG   {name}: {figure} read {got_text}, stated {expected or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("figures", type=Path)
    parser.add_argument("--only", help="score only files under this top directory")
    parser.add_argument("--quiet", action="store_true", help="list wrong and refused only")
    args = parser.parse_args()
    stated, released = stated_figures(args.figures)
    notes = period_notes(args.figures)
    scores: dict[str, Score] = defaultdict(Score)
    for name in sorted(stated):
        part = name.split("/", 1)[0] if "/" in name else "."
        if args.only and part != args.only:
            continue
        before = len(scores[part].refused)
        score_file(args.directory, name, stated[name], released.get(name), scores[part], args.quiet)
        if len(scores[part].refused) > before and names_month(notes.get(name, "")):
            scores[part].refused_with_month += 1
    total = Score()
    for part in sorted(scores):
        print(scores[part].line(part))
        for key in ("texts", "stated", "exact", "wrong", "blank", "refused_with_month", "missing"):
            setattr(total, key, getattr(total, key) + getattr(scores[part], key))
        total.refused += scores[part].refused
    print(total.line("all"))


def period_notes(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["file"]: row["note"] for row in csv.DictReader(handle) if row["figure"] == "period"
        }


if __name__ == "__main__":
    main()
