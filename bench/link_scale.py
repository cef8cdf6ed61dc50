"""Benchmark: deduplicating synthetic victims' lists at scale, DuckDB vs Spark vs recordlinkage.

Usage: .venv/bin/python bench/link_scale.py [--sizes 10000,100000,1000000] [--spark-max 10000]
       [--baseline-max 100000] [--timeout 600]

Records are generated (seeded) as N/1.5 people, each on one to three lists of the dead: the same
place, the date ±1 day, the age ±1 sometimes, the name respelled as another list writes it
(`civcas.demo.texts.respelled`, Arabic script included) or with a changed article or ending.
civcas links them with its victims model (`civcas.linking.victims`) through
`civcas.linking.engine.link` on DuckDB and on Spark local mode; the baseline is the
`recordlinkage` toolkit on the same blocking and a points threshold over its comparisons.

Each (engine, size) runs in a fresh subprocess. Generation is cached as parquet in the temp
directory and not timed; the time is the linkage only (scoring and clustering). Memory is the
subprocess's peak RSS plus that of its children (Spark's JVM, which the worker shuts down and
reaps so that `RUSAGE_CHILDREN` sees it), minus that of an idle interpreter with the same
imports. Records are generated in a subprocess too, because Linux carries a process's peak RSS
across fork and exec: a big parent would inflate every worker's figure.
Precision, recall and F1 are pairwise over the clusters against the generated persons.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

CACHE = Path(tempfile.gettempdir()) / "civcas-link-scale"
ENGINES = ("duckdb", "spark", "recordlinkage")
START, DAYS = dt.date(2014, 1, 1), (dt.date(2019, 12, 31) - dt.date(2014, 1, 1)).days
EPOCH = dt.date(1970, 1, 1)
SYRIA = {"الرقة", "الطبقة", "دير الزور", "هجين", "منبج", "عين العرب", "الباغوز", "البوكمال"}
SYRIA |= {"الميادين", "الشدادي", "حلب", "الباب", "إدلب", "الحسكة", "تل أبيض", "الشعفة"}
SYRIA |= {"السوسة", "العشارة", "الكسرة", "سوريا"}

MORE_MALE = [
    "Abbas",
    "Adel",
    "Ammar",
    "Anas",
    "Bakr",
    "Bilal",
    "Fadi",
    "Firas",
    "Ghassan",
    "Haidar",
    "Hamza",
    "Haytham",
    "Ismail",
    "Jamal",
    "Kamal",
    "Karim",
    "Majid",
    "Marwan",
    "Nabil",
    "Nasser",
    "Qasim",
    "Rashid",
    "Riyad",
    "Saad",
    "Sami",
    "Samir",
    "Tariq",
    "Uthman",
    "Wael",
    "Yahya",
    "Yasin",
    "Zaid",
    "Ziad",
    "Hadi",
    "Mahdi",
    "Ayman",
    "Basim",
    "Emad",
    "Fares",
    "Jabbar",
]
MORE_FEMALE = [
    "Amina",
    "Asma",
    "Bushra",
    "Dalia",
    "Duaa",
    "Ghada",
    "Hala",
    "Hiba",
    "Inas",
    "Jamila",
    "Lina",
    "Lubna",
    "Maha",
    "Manal",
    "Mona",
    "Nada",
    "Nadia",
    "Rana",
    "Rasha",
    "Reem",
    "Safa",
    "Sahar",
    "Suha",
    "Wafa",
    "Yasmin",
    "Zahra",
    "Shaima",
    "Israa",
    "Marwa",
    "Nawal",
]
# Less common family names: nisbas built from syllables ("al-Kabari"), a few thousand of them.
_HEADS = [
    "Ja",
    "Ka",
    "Sha",
    "Ha",
    "Ra",
    "Da",
    "Za",
    "Ba",
    "Ma",
    "Na",
    "Ta",
    "Qa",
    "Fa",
    "Sa",
    "Wa",
    "Ghu",
    "Ku",
    "Ju",
    "Du",
    "Mu",
    "Nu",
    "Su",
    "Tu",
    "Hu",
    "Bu",
]
_MIDDLES = ["b", "d", "l", "m", "n", "r", "s", "sh", "z", "kh", "f", "q", "h", "j", "t"]
_ENDS = ["ari", "ani", "awi", "idi", "uri", "ili", "ami", "abi", "adi", "aji"]


def pools() -> tuple[list[str], list[str], list[str]]:
    from civcas.demo.texts import FAMILY, FEMALE, MALE

    male = [*MALE, *MORE_MALE]
    female = [*FEMALE, *MORE_FEMALE]
    nisbas = [f"al-{h}{m}{e}" for h in _HEADS for m in _MIDDLES for e in _ENDS]
    return male, female, [*FAMILY, *nisbas]


def varied(rng: random.Random, name: str) -> str:
    """Another list's spelling: the demo's respellings, then articles and endings of the rest."""
    from civcas.demo.texts import respelled

    words = respelled(rng, name).split()
    out = []
    for word in words:
        if word.startswith("al-") and rng.random() < 0.3:
            word = rng.choice(("el-", "", "Al ")) + word[3:]
        elif word.endswith("i") and rng.random() < 0.15:
            word = word[:-1] + "y"
        out.append(word)
    return " ".join(out)


def generate(size: int, seed: int = 2018) -> pd.DataFrame:
    """`size` records of about size/1.5 people; `person` is the truth."""
    from civcas.gazetteer import PLACES
    from civcas.linking.names import name_columns

    rng = random.Random(seed)
    male, female, families = pools()
    places = [arabic for arabic, _ in PLACES]
    columns: dict[str, dict[str, Any]] = {}
    reports: dict[tuple[int, int, int], int] = {}
    rows: list[dict[str, Any]] = []
    person = 0
    while len(rows) < size:
        female_person = rng.random() < 0.4
        given = rng.choice(female if female_person else male)
        father, family = rng.choice(male), rng.choice(families)
        name = f"{given} {father} {family}" if rng.random() < 0.7 else f"{given} {family}"
        place = rng.randrange(len(places))
        day = (START - EPOCH).days + rng.randrange(DAYS)
        age = rng.randrange(1, 80) if rng.random() < 0.85 else None
        sex = "female" if female_person else "male"
        for listing in range(rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]):
            if len(rows) == size:
                break
            written = name if listing == 0 else varied(rng, name)
            start = day + (rng.choice((-1, 0, 0, 1)) if listing else 0)
            report = reports.setdefault((place, start, listing), len(reports))
            seen_age = age
            if age is not None and listing and rng.random() < 0.3:
                seen_age = max(0, age + rng.choice((-1, 1)))
            if written not in columns:
                columns[written] = name_columns(written)
            rows.append(
                {
                    "unique_id": len(rows),
                    **columns[written],
                    "sex": sex if rng.random() < 0.95 else None,
                    "age": seen_age,
                    "report_id": report,
                    "source_id": listing,  # the first, second or third list naming them
                    "country": "SY" if places[place] in SYRIA else "IQ",
                    "place_id": places[place],
                    "day_start": start,
                    "day_end": start + (1 if rng.random() < 0.1 else 0),
                    "week": start // 7,
                    "person": person,
                }
            )
        person += 1
    return pd.DataFrame(rows)


def records(size: int) -> Path:
    """The cached parquet of `size` records, generated if missing."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"victims-lists-{size}.parquet"
    if not path.exists():
        began = time.perf_counter()
        generate(size).to_parquet(path.with_suffix(".tmp"), index=False)
        path.with_suffix(".tmp").rename(path)
        print(f"generated {size:,} records in {time.perf_counter() - began:.1f} s", flush=True)
    return path


def pairwise(truth: pd.Series, clusters: pd.Series) -> tuple[int, float, float, float]:
    """Predicted pairs, precision, recall, F1 of clusters against truth (same index)."""

    def pairs(counts: pd.Series) -> int:
        return int((counts * (counts - 1) // 2).sum())

    both = pairs(pd.DataFrame({"t": truth, "c": clusters}).value_counts())
    found, true = pairs(clusters.value_counts()), pairs(truth.value_counts())
    precision = both / found if found else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return found, precision, recall, f1


def imports(engine: str) -> None:
    """What a worker imports before it starts the clock; the idle run stops here."""
    import civcas.linking.engine
    import civcas.linking.victims  # noqa: F401

    if engine == "spark":
        import pyspark.sql  # noqa: F401
    if engine == "recordlinkage":
        import recordlinkage  # noqa: F401


def run_civcas(frame: pd.DataFrame, engine: str) -> dict[str, Any]:
    from civcas.linking import victims
    from civcas.linking.engine import link
    from civcas.linking.store import JOBS
    from civcas.vocab import LinkKind

    began = time.perf_counter()
    result = link(
        frame,
        victims.settings(),
        engine=engine,
        training=victims.training(),
        one_per=JOBS[LinkKind.VICTIMS].one_per,
    )
    seconds = time.perf_counter() - began
    if engine == "spark":
        shut_down_jvm()
    clusters = result.clusters.set_index("unique_id")["cluster_id"]
    return {"seconds": seconds, "scored": len(result.pairs), "clusters": clusters}


def shut_down_jvm() -> None:
    """Stop Spark's JVM and wait for it, so that it counts in RUSAGE_CHILDREN."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None:
        return
    process = getattr(gateway, "proc", None)
    gateway.shutdown()
    if process is not None:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=60)


def run_recordlinkage(frame: pd.DataFrame, engine: str) -> dict[str, Any]:
    """The same blocking as the victims model; comparisons scored as points, linked at 4.5."""
    import recordlinkage

    from civcas.linking.engine import cluster

    began = time.perf_counter()
    data = frame.set_index("unique_id")
    indexer = recordlinkage.Index()
    indexer.block("name_phonetic")
    indexer.block(["given_name", "place_id"])
    indexer.block(["family_name", "week"])
    candidates = indexer.index(data)
    compare = recordlinkage.Compare()
    compare.string("name_key", "name_key", method="jarowinkler", threshold=0.92, label="name")
    compare.exact("name_phonetic", "name_phonetic", label="phonetic")
    compare.exact("sex", "sex", label="sex")
    compare.numeric("age", "age", method="step", offset=1, label="age")
    compare.exact("place_id", "place_id", label="place")
    compare.numeric("day_start", "day_start", method="step", offset=1, label="day")
    compare.exact("report_id", "report_id", label="report")
    scores = compare.compute(candidates, data)
    points = (
        2 * scores["name"]
        + scores["phonetic"]
        + 0.5 * scores["sex"]
        + scores["age"]
        + scores["place"]
        + scores["day"]
        - 3 * scores["report"]
    )
    matches = points[points >= 4.5].index
    pairs = pd.DataFrame(
        {
            "unique_id_l": matches.get_level_values(0),
            "unique_id_r": matches.get_level_values(1),
            "match_probability": 1.0,
        }
    )
    clusters = cluster(data.index.tolist(), pairs, 0.5).clusters
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "scored": len(candidates),
        "clusters": clusters.set_index("unique_id")["cluster_id"],
    }


def worker(engine: str, size: int) -> None:
    """One measurement (size 0: idle, imports only); prints one JSON line."""
    imports(engine)
    answer: dict[str, Any] = {}
    if size:
        frame = pd.read_parquet(records(size))
        truth = frame.set_index("unique_id")["person"]
        frame = frame.drop(columns="person")
        linked = run_recordlinkage if engine == "recordlinkage" else run_civcas
        run = linked(frame, engine)
        clusters = run["clusters"].reindex(truth.index)
        found, precision, recall, f1 = pairwise(truth, clusters)
        answer = {
            "seconds": run["seconds"],
            "scored": run["scored"],
            "clusters": int(clusters.nunique()),
            "found": found,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({**answer, "rss_kb": own + children}), flush=True)


def measure(engine: str, size: int, timeout: float) -> dict[str, Any] | None:
    """Run one worker in a fresh process (its own process group, killed on timeout)."""
    command = [sys.executable, __file__, "--worker", engine, str(size)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None
    if process.returncode != 0:
        raise RuntimeError(f"{engine} at {size:,} failed ({process.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--spark-max", type=float, default=1e4)
    parser.add_argument("--baseline-max", type=float, default=1e5)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        records(args.generate)
        return
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    sizes = [int(float(size)) for size in args.sizes.split(",")]
    limits = {"duckdb": float("inf"), "spark": args.spark_max, "recordlinkage": args.baseline_max}
    for size in sizes:  # in a subprocess: children inherit the parent's peak RSS across exec
        subprocess.run([sys.executable, __file__, "--generate", str(size)], check=True)
    print(
        "| engine | records | seconds | peak MB | pairs scored | clusters | precision | recall"
        " | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        flush=True,
    )
    for engine in args.engines.split(","):
        runs = [size for size in sizes if size <= limits[engine]]
        if not runs:
            continue
        idle = measure(engine, 0, args.timeout)
        idle_kb = idle["rss_kb"] if idle else 0
        for size in runs:
            got = measure(engine, size, args.timeout)
            if got is None:
                print(f"| {engine} | {size:,} | > {args.timeout:.0f} (killed) | | | | | | |")
                continue
            print(
                f"| {engine} | {size:,} | {got['seconds']:.1f} |"
                f" {(got['rss_kb'] - idle_kb) / 1024:,.0f} | {got['scored']:,} |"
                f" {got['clusters']:,} | {got['precision']:.3f} | {got['recall']:.3f} |"
                f" {got['f1']:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
