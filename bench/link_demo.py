"""Benchmark: linkage quality on the demo scenario, which knows its own truth.

Usage: .venv/bin/python bench/link_demo.py [--engine duckdb|spark] [--seed 2018]

Loads the demo into a fresh SQLite file, runs `civcas link reports` and `civcas link victims`
exactly as the command does (default thresholds), and scores the clusters pairwise against
`DemoData.events` and `DemoData.persons`. For reports, pairs the assessors had already found
duplicate are given to the run as known links, so they are scored apart: "unseen" leaves them
out of both the found and the true pairs. A table shows neighbouring thresholds, clustered the
same way from the same scored pairs. The last line is the reports' unseen
`precision=P recall=R f1=F`.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.demo import build_demo, load_demo
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Report, Source, Victim
from civcas.linking import reports
from civcas.linking.engine import cluster, link
from civcas.linking.store import clusters, latest_decisions, review_queue, run_link
from civcas.vocab import LinkKind

Pair = tuple[int, int]
SHOWN = (0.9, 0.95, 0.99, reports.THRESHOLD, 0.999)


def pairs_of(groups: Iterable[list[int]]) -> set[Pair]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def scores(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def true_pairs(session: Session, seed: int) -> tuple[set[Pair], set[Pair]]:
    """(events, persons) of the demo as pairs of ledger ids."""
    demo = build_demo(seed)
    query = select(Source.name, Report.external_id, Report.id).join(Source)
    report_ids = {(source, external): rid for source, external, rid in session.execute(query)}
    query = (
        select(Source.name, Report.external_id, Victim.external_id, Victim.id)
        .join(Report, Report.id == Victim.report_id)
        .join(Source, Source.id == Report.source_id)
    )
    victim_ids = {(s, r, v): vid for s, r, v, vid in session.execute(query)}
    events = pairs_of([report_ids[key] for key in event] for event in demo.events)
    persons = pairs_of([victim_ids[key] for key in person] for person in demo.persons)
    return events, persons


def line(label: str, found: set[Pair], truth: set[Pair]) -> str:
    precision, recall, f1 = scores(found, truth)
    return (
        f"{label:<28} {len(found):>7,} {len(truth):>6,} {precision:>9.3f} {recall:>6.3f} {f1:>6.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'demo.db'}")
        migrate(engine)
        with transaction(engine) as session:
            load_demo(session, seed=args.seed)
            events, persons = true_pairs(session, args.seed)
            started = time.perf_counter()
            run_link(session, LinkKind.VICTIMS, engine=args.engine)
            victims_took = time.perf_counter() - started
            started = time.perf_counter()
            done = run_link(session, LinkKind.REPORTS, engine=args.engine)
            reports_took = time.perf_counter() - started
            found_persons = pairs_of(clusters(session, LinkKind.VICTIMS).values())
            found_events = pairs_of(clusters(session, LinkKind.REPORTS).values())
            known = {(min(pair), max(pair)) for pair in reports.duplicates(session)}
            records = reports.records(session)
            confirmed, rejected = latest_decisions(session, LinkKind.REPORTS)
            queue = {
                (pair.left_id, pair.right_id) for pair in review_queue(session, LinkKind.REPORTS)
            }
        engine.dispose()
    print(f"engine {args.engine}: victims {victims_took:.1f} s, reports {reports_took:.1f} s")
    print(f"{'job':<28} {'found':>7} {'true':>6} {'precision':>9} {'recall':>6} {'F1':>6}")
    print(line("victims", found_persons, persons))
    print(line("reports (all)", found_events, events))
    print(line("reports (unseen)", found_events - known, events - known))
    scored = link(  # the run's own trained model, rerun to keep the pairs below its threshold
        records,
        done.run.model,
        threshold=reports.THRESHOLD,
        review_band=(min(SHOWN), reports.THRESHOLD),
    )
    sources = dict(zip(records["unique_id"], records["source_id"], strict=True))
    for threshold in SHOWN:
        decided = cluster(
            records["unique_id"].tolist(),
            scored.pairs,
            threshold,
            confirmed=sorted(known | set(confirmed)),
            rejected=rejected,
            groups=sources,
        ).clusters
        groups = decided.groupby("cluster_id")["unique_id"].apply(list)
        print(line(f"reports (unseen) at {threshold}", pairs_of(groups) - known, events - known))
    missed = events - known - found_events
    print(
        f"review queue: {len(queue):,} pairs of reports, {len(queue & events):,} of them true: "
        f"{len(queue & missed) / len(missed):.0%} of the true pairs the run did not link"
    )
    precision, recall, f1 = scores(found_events - known, events - known)
    print(f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")


if __name__ == "__main__":
    main()
