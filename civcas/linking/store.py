"""Linkage runs against the ledger: records out, clusters and the review queue back in.

A run (`civcas link reports`) reads every record of its kind, hands them to the engine with
every person's latest decision (confirmed pairs join, rejected pairs never join directly), and
stores what it found: the run itself with its settings and trained model (to reproduce it), each
record's cluster, and the undecided pairs in the uncertain band, which are the review queue.
Decisions are rows, never edited: a later verdict on the same pair supersedes the earlier.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.ledger import audit
from civcas.ledger.models import LinkCluster, LinkDecision, LinkPair, LinkRun, Report, Victim
from civcas.ledger.revision import advance_revision
from civcas.linking import reports, victims
from civcas.linking.engine import EngineName, TrainingPlan, apart, link
from civcas.vocab import LinkKind

CHUNK = 10_000


@dataclass(frozen=True)
class Job:
    """What linking one kind of record needs: its records, its model and how to train it."""

    records: Callable[[Session], pd.DataFrame]
    settings: Callable[[], Any]
    training: Callable[[], TrainingPlan]
    one_per: str | None = None
    """A column naming the record's source: two records of one source are one entity only on
    their own pair, never through a chain of other sources' records (`engine`), unless the run
    is asked to look `within_source` (`run_link`)."""
    scores_within_source: bool = False
    """Whether two records of one source are compared at all: not where a source describes an
    entity once (a data set's reports with distinct ids are distinct events), yes where it may
    name one twice (a list of the dead)."""
    findings: Callable[[Session], list[tuple[int, int]]] | None = None
    """Pairs the ledger already holds as one entity outside linking (assessors' duplicates)."""
    threshold: float = 0.9
    review_band: tuple[float, float] = (0.5, 0.9)


JOBS = {
    LinkKind.REPORTS: Job(
        reports.records,
        reports.settings,
        reports.training,
        one_per="source_id",
        findings=reports.duplicates,
        threshold=reports.THRESHOLD,
        review_band=(0.5, reports.THRESHOLD),
    ),
    LinkKind.VICTIMS: Job(
        victims.records,
        victims.settings,
        victims.training,
        one_per="source_id",
        scores_within_source=True,
    ),
}
TABLES: dict[LinkKind, Any] = {LinkKind.REPORTS: Report, LinkKind.VICTIMS: Victim}


@dataclass(frozen=True)
class RunResult:
    """The stored run; the rejected pairs still joined; what training kept at its default."""

    run: LinkRun
    conflicts: pd.DataFrame
    notes: tuple[str, ...] = ()


def run_link(
    session: Session,
    kind: LinkKind,
    *,
    engine: EngineName = "duckdb",
    master: str | None = None,
    threshold: float | None = None,
    review_band: tuple[float, float] | None = None,
    model_json: str | None = None,
    within_source: bool = False,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
) -> RunResult:
    """Link every record of `kind` and store the run; with `model_json` (a stored run's model)
    nothing is trained, so the run repeats that one on today's records. The threshold and
    review band default to the kind's own.

    A source is not compared with itself where its job says it describes an entity once
    (`Job.one_per`: the reports of one data set with distinct ids are distinct events).
    `within_source` is the user saying otherwise, for a source known to list events twice: its
    records are then compared, reviewed and joined like any others."""
    if kind not in JOBS:
        raise FieldError("kind", f"linking {kind.value} is not available yet")
    job, started = JOBS[kind], now()
    threshold = job.threshold if threshold is None else threshold
    review_band = job.review_band if review_band is None else review_band
    records = job.records(session)
    if records.empty:
        raise FieldError("kind", f"there are no {kind.value} to link")
    confirmed, rejected = latest_decisions(session, kind)
    decided = set(confirmed) | set(rejected)
    confirmed += [pair for pair in known(session, job) if pair not in decided]
    one_per = None if within_source else job.one_per
    result = link(
        records,
        model_json or settings_of(job, one_per),
        engine=engine,
        master=master,
        training=None if model_json else replace(job.training(), labels=confirmed),
        threshold=threshold,
        review_band=review_band,
        confirmed=confirmed,
        rejected=rejected,
        one_per=one_per,
    )
    chosen = {"threshold": threshold, "review_band": list(review_band)}
    run = LinkRun(
        kind=kind,
        engine=engine,
        settings=json.dumps(chosen | {"within_source": within_source, "notes": result.notes}),
        model=result.model_json,
        threshold=threshold,
        review_low=review_band[0],
        review_high=review_band[1],
        records=len(records),
        pairs=len(result.pairs),
        clusters=result.clusters["cluster_id"].nunique(),
        started_at=started,
        finished_at=now(),
    )
    session.add(run)
    audit.recorded(session, run)
    store_clusters(session, run.id, result.clusters)
    store_review(session, run.id, result.review)
    advance_revision(session)
    return RunResult(run, result.conflicts, result.notes)


def settings_of(job: Job, one_per: str | None) -> Any:
    """The job's model, with no pair of records of one `one_per` value to score where the job
    does not compare a source with itself."""
    if one_per and not job.scores_within_source:
        return apart(job.settings(), one_per)
    return job.settings()


def store_clusters(session: Session, run_id: int, clusters: pd.DataFrame) -> None:
    rows = [
        {"run_id": run_id, "record_id": int(record), "cluster_id": int(cluster)}
        for record, cluster in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    ]
    insert_in_chunks(session, LinkCluster, rows)


def store_review(session: Session, run_id: int, review: pd.DataFrame) -> None:
    """The uncertain pairs, with the comparison levels a reviewer weighs."""
    levels = [column for column in review.columns if column.startswith("gamma_")]
    rows = [
        {
            "run_id": run_id,
            "left_id": int(row["unique_id_l"]),
            "right_id": int(row["unique_id_r"]),
            "match_probability": float(row["match_probability"]),
            "match_weight": float(row["match_weight"]),
            "levels": json.dumps({name[6:]: int(row[name]) for name in levels}),
        }
        for row in review.to_dict("records")
    ]
    insert_in_chunks(session, LinkPair, rows)


def insert_in_chunks(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk insert in bounded statements (a run can hold a million rows)."""
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])


def known(session: Session, job: Job) -> list[tuple[int, int]]:
    """The job's findings as (smaller id, larger id) pairs."""
    found = job.findings(session) if job.findings else []
    return sorted({(min(pair), max(pair)) for pair in found})


def latest_decisions(
    session: Session, kind: LinkKind
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(confirmed, rejected) pairs by each pair's most recent verdict."""
    query = (
        select(LinkDecision)
        .where(LinkDecision.kind == kind)
        .order_by(LinkDecision.decided_at, LinkDecision.id)
    )
    latest = {(d.left_id, d.right_id): d.same for d in session.scalars(query)}
    confirmed = [pair for pair, same in latest.items() if same]
    return confirmed, [pair for pair, same in latest.items() if not same]


def decision_history(
    session: Session, kind: LinkKind, record: int | None = None
) -> list[LinkDecision]:
    """Every verdict on pairs of `kind` (on pairs with `record`, if given), oldest first: none is
    ever edited, so this is the whole record of who decided what, when and why."""
    query = select(LinkDecision).where(LinkDecision.kind == kind)
    if record is not None:
        query = query.where((LinkDecision.left_id == record) | (LinkDecision.right_id == record))
    return list(session.scalars(query.order_by(LinkDecision.decided_at, LinkDecision.id)))


def decide(
    session: Session,
    kind: LinkKind,
    first: int,
    second: int,
    *,
    same: bool,
    decided_by: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> LinkDecision:
    """Record a person's verdict on a pair; later runs respect it."""
    if first == second:
        raise FieldError("pair", "a record is always the same as itself")
    left, right = sorted((first, second))
    table = TABLES[kind]
    found = session.scalar(select(func.count()).where(table.id.in_((left, right))))
    if found != 2:
        raise FieldError("pair", f"{kind.value} {left} and {right} are not both in the ledger")
    decision = LinkDecision(
        kind=kind,
        left_id=left,
        right_id=right,
        same=same,
        decided_by=decided_by,
        decided_at=now or dt.datetime.now(dt.UTC).replace(tzinfo=None),
        note=note,
    )
    session.add(decision)
    audit.recorded(session, decision)
    advance_revision(session)
    return decision


def latest_run(session: Session, kind: LinkKind) -> LinkRun | None:
    query = select(LinkRun).where(LinkRun.kind == kind).order_by(LinkRun.id.desc()).limit(1)
    return session.scalars(query).first()


def review_queue(session: Session, kind: LinkKind) -> list[LinkPair]:
    """The latest run's uncertain pairs that nobody has decided since, most likely first."""
    run = latest_run(session, kind)
    if run is None:
        return []
    confirmed, rejected = latest_decisions(session, kind)
    decided = {*confirmed, *rejected}
    query = (
        select(LinkPair)
        .where(LinkPair.run_id == run.id)
        .order_by(LinkPair.match_probability.desc(), LinkPair.left_id, LinkPair.right_id)
    )
    return [pair for pair in session.scalars(query) if (pair.left_id, pair.right_id) not in decided]


def clusters(session: Session, kind: LinkKind) -> dict[int, list[int]]:
    """The latest run's clusters with more than one record: cluster id → record ids."""
    run = latest_run(session, kind)
    if run is None:
        return {}
    query = (
        select(LinkCluster.cluster_id, LinkCluster.record_id)
        .where(LinkCluster.run_id == run.id)
        .order_by(LinkCluster.cluster_id, LinkCluster.record_id)
    )
    grouped: dict[int, list[int]] = {}
    for cluster_id, record_id in session.execute(query):
        grouped.setdefault(cluster_id, []).append(record_id)
    return {cid: members for cid, members in grouped.items() if len(members) > 1}
