"""Benchmark: the claim extractor on real news articles and NGO/UN statements.

Usage: .venv/bin/python bench/claims_corpus.py DIR CLAIMS.csv [--only dev|holdout] [--quiet]

DIR holds the texts (kept outside the repository: they are third-party text); CLAIMS.csv,
bench/corpus/news_claims.csv, says by hand which civilian-death figures each text attributes,
to whom (`claimant`) and with which value (`value_min`..`value_max`), and when the text was
published, and where (`url`). Each text is read as `civcas claims extract FILE --published
DATE --url URL` would (a monitor's own site states its own count), and its
civilian-death claims are compared with the coded ones on (claimant, value_min, value_max),
each coded claim matched at most once. A figure repeated (a headline and its lede) is one claim,
as the coding counts it:

- recall: coded claims found / coded claims;
- precision: extracted claims that match a coded one / extracted claims;
- put in the coalition's mouth: extracted claims credited to the coalition that match no
  coalition claim coded for the text (a figure it never stated).

A coded text missing from DIR (a page the search store no longer returns) is named and counted
as missing, not scored. Details name the file; the scores, per top directory (dev/holdout) and
overall, come last.
Targets (issue 17): precision ≥ 95%, recall ≥ 85%, 0 put in the coalition's mouth.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from civcas.claims import Measure, extract_claims
from civcas.claims.parties import COALITION, publisher

Key = tuple[str, int, int]


@dataclass
class Score:
    texts: int = 0
    coded: int = 0
    extracted: int = 0
    matched: int = 0
    coalition_invented: int = 0
    missing: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, name: str) -> str:
        recall = self.matched / self.coded if self.coded else 0.0
        precision = self.matched / self.extracted if self.extracted else 0.0
        return (
            f"{name}: texts={self.texts} coded={self.coded} extracted={self.extracted} "
            f"matched={self.matched} recall={recall:.1%} precision={precision:.1%} "
            f"put in the coalition's mouth={self.coalition_invented}"
            + (f" texts missing={self.missing}" if self.missing else "")
        )


def coded_claims(
    path: Path,
) -> tuple[dict[str, Counter[Key]], dict[str, dt.date | None], dict[str, str]]:
    """file → the coded (claimant, min, max) claims, its publication date, its address."""
    coded: dict[str, Counter[Key]] = defaultdict(Counter)
    published: dict[str, dt.date | None] = {}
    urls: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["file"]
            coded[name][(row["claimant"], int(row["value_min"]), int(row["value_max"]))] += 1
            day = row["published"].strip()
            published[name] = dt.date.fromisoformat(day) if len(day) == 10 else None
            urls[name] = row["url"]
    return coded, published, urls


def score_text(
    text: str,
    expected: Counter[Key],
    published: dt.date | None,
    url: str | None,
    name: str,
    quiet: bool,
) -> Score:
    found = Counter(
        {
            (claim.claimant, claim.value_min, claim.value_max): 1
            for claim in extract_claims(text, published, publisher(url))
            if claim.measure is Measure.CIVILIANS_KILLED
        }
    )
    matched = found & expected
    coalition_coded = {key for key in expected if key[0] == COALITION}
    invented = sum(
        count
        for key, count in (found - matched).items()
        if key[0] == COALITION and key not in coalition_coded
    )
    for key, count in sorted((expected - matched).items()):
        if not quiet:
            print(
                f"missed  {name}: {key[0]} {key[1]}–{key[2]}" + (f" ×{count}" if count > 1 else "")
            )
    for key, count in sorted((found - matched).items()):
        mark = "COALITION" if key[0] == COALITION and key not in coalition_coded else "extra  "
        print(f"{mark} {name}: {key[0]} {key[1]}–{key[2]}" + (f" ×{count}" if count > 1 else ""))
    return Score(
        texts=1,
        coded=sum(expected.values()),
        extracted=sum(found.values()),
        matched=sum(matched.values()),
        coalition_invented=invented,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("claims", type=Path)
    parser.add_argument("--only", help="score only files under this top directory")
    parser.add_argument("--quiet", action="store_true", help="list extra claims only")
    args = parser.parse_args()
    coded, published, urls = coded_claims(args.claims)
    files = sorted({*coded, *texts_in(args.directory)})
    scores: dict[str, Score] = defaultdict(Score)
    for name in files:
        part = name.split("/", 1)[0]
        if args.only and part != args.only:
            continue
        path = args.directory / name
        if not path.exists():
            print(f"MISSING {name}: not in {args.directory}, its coded claims are not scored")
            scores[part].add(Score(missing=1))
            continue
        text = path.read_text(encoding="utf-8")
        scores[part].add(
            score_text(text, coded[name], published.get(name), urls.get(name), name, args.quiet)
        )
    total = Score()
    for part in sorted(scores):
        print(scores[part].line(part))
        total.add(scores[part])
    print(total.line("all"))


def texts_in(directory: Path) -> list[str]:
    """Every text of the corpus, coded claims or not (a text that states none counts too)."""
    return [str(p.relative_to(directory)) for p in sorted(directory.glob("*/*.txt"))]


if __name__ == "__main__":
    main()
