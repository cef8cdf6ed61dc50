"""Benchmark: names across scripts, on real names (issue 18).

Usage: .venv/bin/python bench/link_names.py [--people N] [--seed 18] [--engine duckdb|spark]
       [--run cross|same|both] [--data PATH]

The data is `../shared/data/gaza-moh-names-2024-07.json` (see its README; `--data` or
`$CIVCAS_SHARED` to find it elsewhere): real people, each with an Arabic `name` and an English
`en_name` made by the list's publisher. Real names never leave this process: nothing is written
but a temporary ledger, deleted at the end, and only counts are printed.

Two lists are drawn from the people (or from a seeded sample of `--people` of them): each person
is kept on each list with probability 0.7, independently, with a fixed seed. Both lists give
the person's age and sex; places are unknown (no place, one report per list over the same
months). Two runs:
- cross: list A in Arabic script (`name`), list B in Latin script (`en_name`);
- same: both in Latin script, list A as published and list B respelled by `respell` (a seeded
  generator: Mohammed/Muhammad, the article as al-/El-/joined, a dropped middle name, a typo).

Each run loads the lists into a fresh SQLite ledger and links them exactly as
`civcas link victims` does (`civcas.linking.store.run_link`, default threshold), then scores the
persons found pairwise against the truth (the two records of one person; records of one
list joined together count as false pairs). A table shows the same scored pairs clustered at
neighbouring thresholds. The last line is the cross-script run's
`precision=P recall=R f1=F` at the default threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from link_demo import pairs_of, scores  # bench/link_demo.py, beside this file

from civcas.intake import load
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Victim
from civcas.linking import victims
from civcas.linking.engine import cluster, link
from civcas.linking.store import JOBS, clusters, run_link
from civcas.vocab import LinkKind

KEEP = 0.7
SHOWN = (0.5, 0.8, 0.9, 0.95, 0.99)
SEX = {"m": "male", "f": "female"}
LISTS = ("List A", "List B")


def data_file(given: str | None) -> Path:
    if given:
        return Path(given)
    shared = os.environ.get("CIVCAS_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[2] / "shared"
    return root / "data" / "gaza-moh-names-2024-07.json"


def people(path: Path, count: int | None, seed: int) -> list[dict[str, Any]]:
    """The file's people with both names, or a seeded sample of `count` of them."""
    everyone = [p for p in json.loads(path.read_text(encoding="utf-8")) if p["name"]]
    everyone = [p for p in everyone if p["en_name"]]
    if count is not None and count < len(everyone):
        everyone = random.Random(seed).sample(everyone, count)
    return everyone


def drawn(everyone: list[dict[str, Any]], seed: int) -> tuple[list[int], list[int]]:
    """Which people each list keeps: each person with probability KEEP, per list."""
    rng = random.Random(seed)
    kept: tuple[list[int], list[int]] = ([], [])
    for number in range(len(everyone)):
        for members in kept:
            if rng.random() < KEEP:
                members.append(number)
    return kept


# Same-script respellings: what two Latin lists of one person do to a name.
MUHAMMAD = ["Muhammad", "Mohammed", "Mohamed", "Mohammad", "Mohamad"]
ARTICLE = re.compile(r"^(?:al|el)-?(?=[a-z])", re.IGNORECASE)


def respell(name: str, rng: random.Random) -> str:
    """The name as another list might write it; each change with its own chance."""
    words = name.split()
    words = [
        rng.choice(MUHAMMAD) if w.lower() in {m.lower() for m in MUHAMMAD} else w for w in words
    ]
    words = [_article(word, rng) if rng.random() < 0.5 else word for word in words]
    if len(words) >= 4 and rng.random() < 0.15:
        del words[rng.randrange(1, len(words) - 1)]  # a dropped middle name
    if rng.random() < 0.15:
        words = _typo(words, rng)
    return " ".join(words)


def _article(word: str, rng: random.Random) -> str:
    match = ARTICLE.match(word)
    if match is None:
        return word
    rest = word[match.end() :]
    form = rng.choice(["al-", "Al-", "El-", "el-", "Al", "Al ", "El "])
    return form + (rest.capitalize() if form[-1] in " -" or form[-1].isupper() else rest)


def _typo(words: list[str], rng: random.Random) -> list[str]:
    """One letter of one word inserted, deleted, replaced or swapped with the next."""
    at = rng.randrange(len(words))
    word = words[at]
    if len(word) < 4:
        return words
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("aeioubdhklmnrst")
    kind = rng.choice(["insert", "delete", "replace", "swap"])
    if kind == "insert":
        word = word[:i] + letter + word[i:]
    elif kind == "delete":
        word = word[:i] + word[i + 1 :]
    elif kind == "replace":
        word = word[:i] + letter + word[i + 1 :]
    else:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return [*words[:at], word, *words[at + 1 :]]


def rows(
    everyone: list[dict[str, Any]],
    kept: tuple[list[int], list[int]],
    names: tuple[Callable[[dict[str, Any]], str], Callable[[dict[str, Any]], str]],
) -> dict[str, list[dict[str, Any]]]:
    """Two sources, one report each (a list, places unknown), and their victims."""
    reports = [
        {
            "external_id": f"L{n}",
            "source": source,
            "date_start": "2023-10-07",
            "date_end": "2024-04-30",
            "date_precision": "year",
            "country": "PS",
            "received_at": "2024-07-01T00:00",
        }
        for n, source in enumerate(LISTS)
    ]
    named = [
        {
            "report_source": source,
            "report_external_id": f"L{n}",
            "external_id": f"{n}-{person}",
            "name": name(everyone[person]),
            "sex": SEX.get(everyone[person]["sex"], "unknown"),
            "age": _age(everyone[person]["age"]),
            "status": "killed",
        }
        for n, (source, members, name) in enumerate(zip(LISTS, kept, names, strict=True))
        for person in members
    ]
    return {
        "sources": [{"name": source, "type": "monitor"} for source in LISTS],
        "reports": reports,
        "victims": named,
    }


def _age(age: Any) -> int | None:
    return age if isinstance(age, int) and 0 <= age <= 130 else None


def run(label: str, ledger_rows: dict[str, list[dict[str, Any]]], engine: str) -> None:
    """Load, link as `civcas link victims` does, score; the last line is P, R and F1."""
    threshold = JOBS[LinkKind.VICTIMS].threshold
    with tempfile.TemporaryDirectory() as folder:
        database = open_engine(f"sqlite:///{Path(folder) / 'names.db'}")
        migrate(database)
        with transaction(database) as session:
            began = time.perf_counter()
            for kind in ("sources", "reports", "victims"):
                load(session, kind, ledger_rows[kind])
            loaded = time.perf_counter() - began
            ids = {e: v for e, v in session.query(Victim.external_id, Victim.id)}
            began = time.perf_counter()
            done = run_link(session, LinkKind.VICTIMS, engine=engine)  # type: ignore[arg-type]
            took = time.perf_counter() - began
            found = pairs_of(clusters(session, LinkKind.VICTIMS).values())
            records = victims.records(session)
        database.dispose()
    by_person: dict[str, list[int]] = {}
    for external, vid in ids.items():
        by_person.setdefault(external.split("-", 1)[1], []).append(vid)
    truth = pairs_of(by_person.values())
    print(f"\n{label}: {len(ids):,} records, {len(truth):,} true pairs")
    print(f"load {loaded:.1f} s, link {took:.1f} s ({engine}); notes: {list(done.notes)}")
    scored = link(records, done.run.model, threshold=threshold, review_band=(min(SHOWN), 1.0))
    lists = dict(zip(records["unique_id"], records["source_id"], strict=True))
    print(f"{'threshold':>10} {'found':>7} {'precision':>9} {'recall':>7} {'F1':>7}")
    for shown in SHOWN:
        groups = cluster(records["unique_id"].tolist(), scored.pairs, shown, groups=lists).clusters
        at = pairs_of(groups.groupby("cluster_id")["unique_id"].apply(list))
        precision, recall, f1 = scores(at, truth)
        print(f"{shown:>10} {len(at):>7,} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f}")
    precision, recall, f1 = scores(found, truth)
    print(f"{label} at {threshold}: {len(found):,} pairs found")
    print(f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=None, help="a seeded sample of N people")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--run", choices=["cross", "same", "both"], default="both")
    parser.add_argument("--data", default=None, help="the names file (default ../shared/data)")
    args = parser.parse_args()
    everyone = people(data_file(args.data), args.people, args.seed)
    kept = drawn(everyone, args.seed)
    print(f"{len(everyone):,} people; list A {len(kept[0]):,}, list B {len(kept[1]):,}")
    if args.run in ("same", "both"):
        rng = random.Random(args.seed)
        respelled = [respell(person["en_name"], rng) for person in everyone]
        spelled = {id(person): text for person, text in zip(everyone, respelled, strict=True)}
        latin = (lambda p: str(p["en_name"]), lambda p: spelled[id(p)])
        run("same-script", rows(everyone, kept, latin), args.engine)
    if args.run in ("cross", "both"):
        scripts = (lambda p: str(p["name"]), lambda p: str(p["en_name"]))
        run("cross-script", rows(everyone, kept, scripts), args.engine)


if __name__ == "__main__":
    main()
