"""Benchmark: the strike-release parser on real daily releases and their faithful copies.

Usage: .venv/bin/python bench/strike_releases.py DIR FACTS.csv [--only dev|holdout] [--quiet]

DIR holds the texts (kept outside the repository: they are third-party text); FACTS.csv,
bench/corpus/strike_release_facts.csv, says by hand what each release states (`file` relative
to DIR, `published`): one `place` row per place item (strike day, country, place as written,
strikes, engagements where stated) and one `total` row per count stated for a country or both
(a day, or a span `start/end`). Each text is parsed as `civcas parse strike-release FILE
--published DATE` would, and compared row by row, each coded row matched at most once:

- place rows on (day, country, place, strikes, engagements), the place compared without its
  "near"/direction words, case, accents and punctuation;
- totals on (first day, last day, country, strikes, engagements).

Recall: coded rows reproduced / coded rows; precision: rows read that match a coded one / rows
read. A coded text missing from DIR is named and not scored. Details name the file; the scores,
per top directory and overall, come last. Targets (issue 19): ≥ 95% recall and ≥ 98% precision
on place rows and totals.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

from civcas.errors import FieldError
from civcas.intake.strike_release import COUNTRIES, parse_strike_release

Row = tuple[str, ...]


@dataclass
class Score:
    coded: Counter[str]
    read: Counter[str]
    matched: Counter[str]
    texts: int = 0
    missing: int = 0
    refused: int = 0

    def line(self, name: str) -> str:
        parts = [f"{name}: texts={self.texts}"]
        for kind in ("place", "total"):
            coded, read, hit = self.coded[kind], self.read[kind], self.matched[kind]
            recall = hit / coded if coded else 0.0
            precision = hit / read if read else 0.0
            parts.append(
                f"{kind} rows {hit}/{coded} recall={recall:.1%} precision={precision:.1%} "
                f"(read {read})"
            )
        parts.append(f"refused={self.refused}")
        if self.missing:
            parts.append(f"texts missing={self.missing}")
        return " ".join(parts)


def place_key(place: str) -> str:
    words = anyascii(place).lower()
    words = re.sub(r"^(?:near|in and around|around|\w+(?:ern)? of)\s+", "", words)
    return re.sub(r"[^a-z0-9]", "", words)


def coded_rows(path: Path) -> tuple[dict[str, list[tuple[str, Row]]], dict[str, dt.date]]:
    rows: dict[str, list[tuple[str, Row]]] = defaultdict(list)
    published: dict[str, dt.date] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            published[row["file"]] = dt.date.fromisoformat(row["published"])
            start, _, end = row["date"].partition("/")
            country = COUNTRIES.get(row["country"].strip().lower(), "")
            engagements = row["engagements"].strip()
            if row["row"] == "place":
                key: Row = (start, country, place_key(row["place"]), row["strikes"], engagements)
            else:
                key = (start, end or start, country, row["strikes"], engagements)
            rows[row["file"]].append((row["row"], key))
    return rows, published


def read_rows(text: str, published: dt.date) -> list[tuple[str, Row]]:
    release = parse_strike_release(text, published)
    rows: list[tuple[str, Row]] = []
    for entry in release.strikes:
        engagements = "" if entry.engagements is None else str(entry.engagements)
        key = (
            entry.date.isoformat(),
            entry.country or "",
            place_key(entry.place),
            str(entry.strikes),
            engagements,
        )
        rows.append(("place", key))
    for total in release.totals:
        engagements = "" if total.engagements is None else str(total.engagements)
        key = (
            total.date.isoformat(),
            total.date_end.isoformat(),
            total.country or "",
            str(total.strikes),
            engagements,
        )
        rows.append(("total", key))
    return rows


def score_file(
    root: Path, name: str, coded: list[tuple[str, Row]], day: dt.date, score: Score, quiet: bool
) -> None:
    if not (root / name).exists():
        score.missing += 1
        print(f"MISSING {name}: not in {root}, not scored")
        return
    score.texts += 1
    score.coded.update(kind for kind, _ in coded)
    try:
        read = read_rows((root / name).read_text(encoding="utf-8"), day)
    except FieldError as error:
        score.refused += 1
        print(f"REFUSED {name}: {error.field}: {error.message}")
        return
    score.read.update(kind for kind, _ in read)
    left = Counter(coded)
    for row in read:
        if left[row] > 0:
            left[row] -= 1
            score.matched[row[0]] += 1
        else:
            print(f"EXTRA   {name}: {row[0]} {row[1]}")
    for row, times in left.items():
        for _ in range(times):
            if not quiet:
                print(f"MISSED  {name}: {row[0]} {row[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("facts", type=Path)
    parser.add_argument("--only", help="score only files under this top directory")
    parser.add_argument("--quiet", action="store_true", help="list rows read that match none only")
    args = parser.parse_args()
    coded, published = coded_rows(args.facts)
    scores: dict[str, Score] = {}
    for name in sorted(coded):
        part = name.split("/", 1)[0] if "/" in name else "."
        if args.only and part != args.only:
            continue
        score = scores.setdefault(part, Score(Counter(), Counter(), Counter()))
        score_file(args.directory, name, coded[name], published[name], score, args.quiet)
    total = Score(Counter(), Counter(), Counter())
    for part in sorted(scores):
        print(scores[part].line(part))
        for kind in ("coded", "read", "matched"):
            getattr(total, kind).update(getattr(scores[part], kind))
        total.texts += scores[part].texts
        total.missing += scores[part].missing
        total.refused += scores[part].refused
    print(total.line("all"))


if __name__ == "__main__":
    main()
