"""Benchmark: linking FEBRL4 (5,000 originals × 5,000 corrupted copies) with civcas's engine.

Usage: .venv/bin/python bench/link_febrl4.py [--engine duckdb|spark] [--master local[2]]

Target: F1 ≥ 0.999 on the 5,000 true links, trained without them (u on a seeded sample, λ from
deterministic rules, m by EM). A predicted link is a cross-file pair of records in one cluster
at THRESHOLD. The last line is `precision=P recall=R f1=F`.

The data, the model and the scoring are in tests/linking/febrl4.py, which the test suite uses
too; how the numbers were chosen is told there.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "linking"))

from febrl4 import PLAN, SETTINGS, THRESHOLD, febrl4, predicted_links, scores

from civcas.linking.engine import cluster, link

SHOWN = (0.5, 0.9, THRESHOLD, 0.999)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--master", default=None, help="Spark master (default local[2])")
    args = parser.parse_args()
    frames, truth = febrl4()
    began = time.perf_counter()
    result = link(
        frames,
        SETTINGS,
        engine=args.engine,
        master=args.master,
        training=PLAN,
        threshold=THRESHOLD,
        review_band=(min(SHOWN), THRESHOLD),
    )
    elapsed = time.perf_counter() - began
    first, ids = frames["a"]["unique_id"], result.clusters["unique_id"]
    print(f"engine={args.engine} records={len(result.clusters)} true links={len(truth)}")
    print(f"train+score+cluster {elapsed:7.1f} s")
    print(f"pairs scored >= {min(SHOWN)}: {len(result.pairs)}, for review: {len(result.review)}")
    print(f"{'threshold':>10} {'links':>6} {'precision':>10} {'recall':>7} {'f1':>7}")
    for threshold in SHOWN:
        found = predicted_links(cluster(ids, result.pairs, threshold).clusters, first)
        precision, recall, f1 = scores(found, truth)
        print(f"{threshold:>10} {len(found):>6} {precision:>10.4f} {recall:>7.4f} {f1:>7.4f}")
    precision, recall, f1 = scores(predicted_links(result.clusters, first), truth)
    print(f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")


if __name__ == "__main__":
    main()
