"""Splink behind one small engine interface: pandas records in, scored pairs and clusters out.

civcas links reports of one event into incidents and victims' names into persons. This module
knows nothing of the ledger: the caller hands it frames and a Splink model and gets plain pandas
back, so the same job runs in-process on DuckDB (the default) or on Spark — local mode, or a
cluster URL as `master` where users have one — and gives the same clusters on both.

Training (`TrainingPlan`): u by random sampling, λ from deterministic rules, m by expectation
maximisation on the plan's blocking rules. The u-sample is drawn here, with pandas and a fixed
seed, rather than by Splink: Splink samples by hashing ids with each database's own hash, so
DuckDB and Spark would learn from different samples and could disagree on borderline pairs.
Splink then counts every pair of the sampled records. EM runs on blocked pairs without
sampling, so both engines fit the same data and differ only by floating-point rounding.
Where the deterministic rules find no pair (no place known, a single record) or more than their
recall allows, λ keeps the settings' value, each job's documented prior, and the run says so in
its `notes`: Splink would set λ to 0 or 1, with which no pair can be scored.

Person decisions, exactly. A confirmed pair is an edge whatever its score; a rejected pair is no
edge whatever its score. Clusters are the connected components of the edges left at the
threshold. Where records are grouped by source (`one_per`: a monitor files one report per
strike; a list names a person once, or twice only on its own evidence), scored edges join
clusters strongest first and never join two clusters that both hold a record of the same
source, unless the edge itself is between two records of that source: two records of one
source are one entity only on their own pair, never through a chain of other sources'
records. This is what stops chains of merely plausible links through a city under bombardment,
or through two brothers on one list who each resemble one name on another. Confirmed edges
join regardless.
A rejected pair is therefore never joined directly; if other edges still connect its two
records, they stay in one cluster and the pair is reported in `conflicts` with the shortest
chain of edges joining them, for a person to break by rejecting a link of it. Nothing is split
or merged silently. The same pair both confirmed and rejected is an error.

Ids (`unique_id`, or the settings' `unique_id_column_name`) must be unique across all frames and
mutually comparable (all strings or all integers): a cluster is named by its smallest id. Frames
reach the engine as Arrow tables, so a column keeps the type its frame gives it (`typed`) even
when no record fills it.
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self, TypeAlias

import pandas as pd
import pyarrow as pa
from splink import Linker, SettingsCreator
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from splink.blocking_rule_library import And, CustomRule

from civcas.errors import FieldError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.database_api import DatabaseAPI
    from splink.internals.splink_dataframe import SplinkDataFrame

EngineName: TypeAlias = Literal["duckdb", "spark"]
Settings: TypeAlias = SettingsCreator | dict[str, Any] | str
Records: TypeAlias = pd.DataFrame | Mapping[str, pd.DataFrame]
Pair: TypeAlias = tuple[Any, Any]

LOCAL_MASTER = "local[2]"
"""Spark's default master: this machine, two cores."""

LOCAL_SHUFFLE_PARTITIONS = 4
"""Shuffle partitions in local mode: Spark's 200 suit clusters and make small jobs crawl."""

LOCAL_DRIVER_MEMORY = "2g"
"""The local JVM's heap: Spark's 1g ran out on FEBRL4 (10,000 records, 5 million u-pairs)."""

USE_DUCKDB = "Or link on this machine with --engine duckdb (the default)."
SPARK_MISSING = (
    "the Spark engine needs pyspark, an optional part of civcas: install it with "
    "`pip install 'civcas[spark]'` (or `uv sync --extra spark`), with Java 17 or newer. "
    + USE_DUCKDB
)

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]


class Engine(ABC):
    """A database for Splink. Each job gets a fresh Splink database API, because Splink caches
    intermediate tables per API under fixed names (`__splink__df_concat_with_tf`…): a cache
    shared by two jobs would feed one job the other's records."""

    name: EngineName

    @abstractmethod
    def job(self) -> AbstractContextManager[DatabaseAPI[Any]]:
        """A fresh Splink database API for one job, its tables dropped afterwards."""

    @abstractmethod
    def close(self) -> None:
        """Release what the engine keeps between jobs."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class DuckDBEngine(Engine):
    """In-process DuckDB: one in-memory database per job."""

    name: EngineName = "duckdb"

    @contextmanager
    def job(self) -> Iterator[DatabaseAPI[Any]]:
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        connection = duckdb.connect()
        try:
            yield DuckDBAPI(connection=connection)
        finally:
            connection.close()

    def close(self) -> None:
        """Nothing to release: each job's database closes with the job."""


class SparkEngine(Engine):
    """A Spark session with Splink's similarity functions (jaro_winkler…) on the classpath.

    The engine owns its session and stops it on `close`. Intermediate tables are persisted in
    memory (no checkpoint directory to share with a cluster's executors) and uncached after each
    job, so a long-lived engine does not fill up."""

    name: EngineName = "spark"

    def __init__(self, master: str = LOCAL_MASTER, config: Mapping[str, str] | None = None):
        self.master = master
        self.session = spark_session(master, config or {})

    @contextmanager
    def job(self) -> Iterator[DatabaseAPI[Any]]:
        from splink.backends.spark import SparkAPI

        before = self._temporary_views()
        try:
            yield SparkAPI(spark_session=self.session, break_lineage_method="persist")
        finally:
            for view in self._temporary_views() - before:
                self.session.catalog.dropTempView(view)
            self.session.catalog.clearCache()

    def close(self) -> None:
        self.session.stop()

    def _temporary_views(self) -> set[str]:
        return {table.name for table in self.session.catalog.listTables() if table.isTemporary}


def spark_session(master: str, config: Mapping[str, str]) -> SparkSession:
    """A quiet session; in local mode few shuffle partitions and no web UI. `config` wins."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise FieldError("engine", SPARK_MISSING) from None
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise FieldError(
            "engine", f"the Spark engine runs on Java, which is not installed. {USE_DUCKDB}"
        )
    from splink.backends.spark import similarity_jar_location

    jar = similarity_jar_location()
    settings = {
        "spark.jars": jar,  # shipped to executors
        "spark.driver.extraClassPath": jar,  # the driver's JVM needs it at start
        "spark.log.level": "ERROR",
    }
    if master.startswith("local"):
        settings |= {
            "spark.sql.shuffle.partitions": str(LOCAL_SHUFFLE_PARTITIONS),
            "spark.default.parallelism": str(LOCAL_SHUFFLE_PARTITIONS),
            "spark.driver.memory": LOCAL_DRIVER_MEMORY,
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
        }
    builder = SparkSession.builder.master(master).appName("civcas-linking")
    for key, value in {**settings, **config}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def open_engine(name: EngineName = "duckdb", master: str | None = None) -> Engine:
    """The engine called `name`; `master` (Spark only) defaults to `LOCAL_MASTER`."""
    if name == "duckdb":
        if master is not None:
            raise ValueError("master is a Spark setting; DuckDB runs in-process")
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine(master or LOCAL_MASTER)
    raise ValueError(f"unknown engine {name!r}: choose duckdb or spark")


@dataclass(frozen=True)
class TrainingPlan:
    """How to estimate a model from the records alone, the same way on every engine.

    `deterministic_rules` (with their expected `recall`) estimate λ, the probability that two
    random records match; without them, or where they find nothing, the settings' value stands.
    Each of `em_blocking_rules` runs one EM session for m; comparisons used by a rule are not
    estimated by that rule, so together the rules must cover every comparison. u is counted on a
    seeded sample of records giving about `u_max_pairs` pairs.

    `labels` are pairs known to be one entity (an assessor's duplicate finding, a reviewer's
    confirmation). Records they join are one entity, and every pair of them updates the m of
    each level not fixed in the settings: m = (pairs at the level + w·prior) / (pairs + w),
    the settings' m as the prior with the weight of `prior_pairs` pairs. So a new ledger starts
    from the documented priors and each finding people record moves the model towards what
    they found."""

    em_blocking_rules: Sequence[str | BlockingRuleCreator]
    deterministic_rules: Sequence[str | BlockingRuleCreator] = ()
    recall: float = 0.9
    u_max_pairs: float = 1e6
    seed: int = 1
    labels: Sequence[Pair] = ()
    prior_pairs: float = 20.0


@dataclass(frozen=True)
class Clustering:
    """Records (`unique_id` → `cluster_id`) and the rejected pairs that other edges still join
    (`unique_id_l`, `unique_id_r`, `cluster_id`, `path`: the ids of the shortest chain)."""

    clusters: pd.DataFrame
    conflicts: pd.DataFrame


@dataclass(frozen=True)
class LinkResult:
    """One run. `pairs`: every scored pair at or above the lower of the threshold and the review
    band (`unique_id_l`, `unique_id_r`, `match_weight`, `match_probability`, a `gamma_` level per
    comparison). `review`: the undecided pairs inside the review band, most likely first.
    `model_json` reruns it without training: `link(records, result.model_json)`. `notes`: what
    training could not estimate and the default it kept instead (module docstring)."""

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    conflicts: pd.DataFrame
    review: pd.DataFrame
    model_json: str
    notes: tuple[str, ...] = ()


def link(
    records: Records,
    settings: Settings,
    *,
    engine: EngineName | Engine = "duckdb",
    master: str | None = None,
    training: TrainingPlan | Callable[[Linker], None] | None = None,
    threshold: float = 0.9,
    review_band: tuple[float, float] = (0.5, 0.9),
    confirmed: Iterable[Pair] = (),
    rejected: Iterable[Pair] = (),
    one_per: str | None = None,
) -> LinkResult:
    """Train, score the blocked pairs and cluster them at `threshold`, applying the person
    decisions as the module docstring says. `one_per` names a column of the records (their
    source): records of one value of it share a cluster only through their own pair, scored
    or confirmed.

    `records` is one frame (dedupe) or frames by source dataset name (link jobs). `settings` is
    a SettingsCreator, a settings dict, or a saved model's JSON text; with `training` None it
    is used as trained (rerun a run with `link(records, result.model_json)`). A `training`
    callable trains the Linker itself, and answers itself for cross-engine equality. `engine` is
    a name, opened and closed here, or an open `Engine` to reuse (then `master` must be None)."""
    low, high = review_band
    if not (0 < threshold <= 1 and 0 <= low <= high <= 1):
        raise ValueError(f"threshold {threshold} or review band {review_band} outside [0, 1]")
    confirmed, rejected = list(confirmed), list(rejected)
    frames = {"records": records} if isinstance(records, pd.DataFrame) else dict(records)
    if isinstance(engine, Engine):
        if master is not None:
            raise ValueError("master is for an engine opened here, not for an open one")
        pairs, model, notes = score(engine, frames, settings, training, min(threshold, low))
    else:
        with open_engine(engine, master) as opened:
            pairs, model, notes = score(opened, frames, settings, training, min(threshold, low))
    ids = _ids(frames, model)
    decided = cluster(
        ids,
        pairs,
        threshold,
        confirmed=confirmed,
        rejected=rejected,
        groups=_groups(frames, model, one_per) if one_per else None,
    )
    return LinkResult(
        pairs=pairs,
        clusters=decided.clusters,
        conflicts=decided.conflicts,
        review=_review(pairs, review_band, {*map(_key, confirmed), *map(_key, rejected)}),
        model_json=json.dumps(model, indent=2),
        notes=notes,
    )


def score(
    engine: Engine,
    frames: Mapping[str, pd.DataFrame],
    settings: Settings,
    training: TrainingPlan | Callable[[Linker], None] | None,
    floor: float,
) -> tuple[pd.DataFrame, dict[str, Any], tuple[str, ...]]:
    """The pairs scoring at least `floor` under the trained model, that model, and the notes
    on what training kept at its default."""
    model = _settings(settings)
    notes: tuple[str, ...] = ()
    if isinstance(training, TrainingPlan):
        trained = _with_u(engine, frames, model, training)
        if training.labels:
            trained = _with_labelled_m(engine, frames, trained, training)
        model, notes = _with_lambda(engine, frames, trained, training)
    with engine.job() as database:
        linker = Linker(_register(database, frames), model, log_level=None)
        if isinstance(training, TrainingPlan):
            _train(linker, training)
        elif training is not None:
            training(linker)
        predictions = linker.inference.predict(threshold_match_probability=floor)
        trained = linker.misc.save_model_to_json()
        return _tidy(predictions.as_pandas_dataframe(), trained), trained, notes


def _settings(settings: Settings) -> SettingsCreator | dict[str, Any]:
    """A private copy: Linker writes a linker_uid into the settings it is given."""
    if isinstance(settings, str):
        loaded: dict[str, Any] = json.loads(settings)
        return loaded
    return copy.deepcopy(settings)


def typed(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, pa.DataType]) -> pd.DataFrame:
    """Records as a frame whose columns have the Arrow types of `columns`, whatever the values:
    a column no record fills (no victim named, no place known) must still compare as a list,
    text or a number, where a guess from its values would give a number or no type at all."""
    return pd.DataFrame(
        {
            name: pd.Series([row[name] for row in rows], dtype=pd.ArrowDtype(kind))
            for name, kind in columns.items()
        }
    )


def apart(settings: SettingsCreator, column: str) -> SettingsCreator:
    """A copy of `settings` whose blocking never pairs two records with the same `column`
    value: pairs a source cannot hold (two of its reports of one event) are not scored at all,
    so they are neither linked nor sent to review, and cost nothing."""
    different = CustomRule(f"l.{column} <> r.{column}")
    rules = settings.blocking_rules_to_generate_predictions
    return replace(
        settings, blocking_rules_to_generate_predictions=[And(rule, different) for rule in rules]
    )


def _register(
    database: DatabaseAPI[Any], frames: Mapping[str, pd.DataFrame]
) -> list[SplinkDataFrame]:
    """Each frame as an Arrow table: Splink hands a pandas frame to Spark as Python objects,
    and Spark guesses each column's type from them, which fails on a column of nulls."""
    token = uuid.uuid4().hex[:8]
    return [
        database.register(
            pa.Table.from_pandas(frame, preserve_index=False),
            dataset_display_name=name,
            table_name=f"civcas_{token}_{n}",
        )
        for n, (name, frame) in enumerate(frames.items())
    ]


def _with_u(
    engine: Engine,
    frames: Mapping[str, pd.DataFrame],
    settings: SettingsCreator | dict[str, Any],
    plan: TrainingPlan,
) -> dict[str, Any]:
    """The settings with u counted on every pair of a seeded sample (see the module doc)."""
    link_type = _link_type(settings)
    share = min(1.0, math.sqrt(plan.u_max_pairs / max(1.0, _pair_count(frames, link_type))))
    sample = {name: f.sample(frac=share, random_state=plan.seed) for name, f in frames.items()}
    with engine.job() as database:
        linker = Linker(_register(database, sample), settings, log_level=None)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=_pair_count(sample, link_type) + 1, min_count_per_level=None, num_chunks=1
        )
        return linker.misc.save_model_to_json()


LABEL = "civcas_label"
"""The column naming each labelled record's entity while m is counted from the labels."""


def _with_labelled_m(
    engine: Engine, frames: Mapping[str, pd.DataFrame], model: dict[str, Any], plan: TrainingPlan
) -> dict[str, Any]:
    """The model with m updated from every pair of records the labels join (class doc)."""
    uid = model.get("unique_id_column_name", "unique_id")
    ids = _ids(frames, model)
    known = set(ids)
    labels = [_key(pair) for pair in plan.labels if set(pair) <= known]
    if not labels:
        return model
    entities = _Components(sorted({i for pair in labels for i in pair}), None)
    for first, second in labels:
        entities.join(first, second, regardless=True)
    entity = {i: entities.root(i) for i in entities.parent}
    labelled = {
        name: frame[frame[uid].isin(entity)].assign(**{LABEL: frame[uid].map(entity)})
        for name, frame in frames.items()
    }
    counting = copy.deepcopy(model)
    counting["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": f"l.{LABEL} = r.{LABEL}", "sql_dialect": model["sql_dialect"]}
    ]
    with engine.job() as database:
        linker = Linker(_register(database, labelled), counting, log_level=None)
        pairs = linker.inference.predict().as_pandas_dataframe()
    prefix = model.get("comparison_vector_value_column_prefix", "gamma_")
    updated = copy.deepcopy(model)
    for comparison in updated["comparisons"]:
        gammas = pairs[prefix + comparison["output_column_name"]]
        _update_m(comparison["comparison_levels"], gammas[gammas >= 0].value_counts(), plan)
    return updated


def _update_m(levels: list[dict[str, Any]], counts: pd.Series, plan: TrainingPlan) -> None:
    """Levels are numbered from the else level (0) up, the null level left out."""
    scored = [level for level in levels if not level.get("is_null_level")]
    free = [
        (len(scored) - 1 - number, level)
        for number, level in enumerate(scored)
        if not level.get("fix_m_probability") and "m_probability" in level
    ]
    prior_total = sum(level["m_probability"] for _, level in free)
    pairs = sum(int(counts.get(value, 0)) for value, _ in free)
    if not free or prior_total <= 0:
        return
    weight = plan.prior_pairs
    for value, level in free:
        prior = level["m_probability"] / prior_total * weight
        level["m_probability"] = (
            (int(counts.get(value, 0)) + prior) / (pairs + weight) * (prior_total)
        )


def _link_type(settings: SettingsCreator | dict[str, Any]) -> str:
    if isinstance(settings, SettingsCreator):
        return settings.link_type
    return str(settings["link_type"])


def _pair_count(frames: Mapping[str, pd.DataFrame], link_type: str) -> float:
    sizes = [len(frame) for frame in frames.values()]
    total = sum(sizes)
    if link_type == "link_only":
        return (total * total - sum(size * size for size in sizes)) / 2
    return total * (total - 1) / 2


def _with_lambda(
    engine: Engine, frames: Mapping[str, pd.DataFrame], model: dict[str, Any], plan: TrainingPlan
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The model with λ = pairs the deterministic rules find / recall / all pairs, as Splink
    estimates it, counted here so that an estimate of 0 or 1 (nothing found, or more than the
    recall allows) keeps the model's λ, with a note, rather than failing to score."""
    if not plan.deterministic_rules:
        return model, ()
    link_type = model["link_type"]
    with engine.job() as database:
        counted = count_comparisons_from_blocking_rules(
            _register(database, frames),
            blocking_rules=list(plan.deterministic_rules),
            link_type=link_type,
            unique_id_column_name=model.get("unique_id_column_name", "unique_id"),
            source_dataset_column_name=(
                None if link_type == "dedupe_only" else model.get("source_dataset_column_name")
            ),
            record_sample_proportion=1.0,
        )[-1]
    found, pairs = (
        counted["cumulative_comparison_count"],
        counted["total_possible_comparison_count"],
    )
    estimate = found / plan.recall / pairs if pairs else 0.0
    if 0 < estimate < 1:
        return {**model, "probability_two_random_records_match": estimate}, ()
    kept = model["probability_two_random_records_match"]
    return model, (
        f"λ (the probability that two records match) kept at its default, {kept:g}: the "
        f"deterministic rules found {found:,} of {pairs:,} pairs, from which it cannot be "
        "estimated",
    )


def _train(linker: Linker, plan: TrainingPlan) -> None:
    for number, rule in enumerate(plan.em_blocking_rules, start=1):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except ValueError as error:  # Splink 5 refuses an m or u below 1e-300
            raise ValueError(
                f"EM on blocking rule {number} of the training plan failed: {error} A level that"
                " no true match reaches drives its m to 0: merge that level or fix its m."
            ) from error


def _tidy(predictions: pd.DataFrame, model: Mapping[str, Any]) -> pd.DataFrame:
    """Splink's predictions as `pairs`: the id columns renamed, matching columns dropped."""
    uid = model.get("unique_id_column_name", "unique_id")
    prefix = model.get("comparison_vector_value_column_prefix", "gamma_")
    pairs = predictions.rename(columns={f"{uid}_l": "unique_id_l", f"{uid}_r": "unique_id_r"})
    gammas = [column for column in pairs.columns if column.startswith(prefix)]
    return pairs[PAIR_COLUMNS + gammas].sort_values(
        ["unique_id_l", "unique_id_r"], ignore_index=True
    )


def _ids(frames: Mapping[str, pd.DataFrame], model: Mapping[str, Any]) -> list[Any]:
    uid = model.get("unique_id_column_name", "unique_id")
    ids = [value for frame in frames.values() for value in frame[uid].tolist()]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{uid} values repeat across the records; they must be unique")
    return ids


def _groups(
    frames: Mapping[str, pd.DataFrame], model: Mapping[str, Any], column: str
) -> dict[Any, Any]:
    uid = model.get("unique_id_column_name", "unique_id")
    return {
        record: group
        for frame in frames.values()
        for record, group in zip(frame[uid], frame[column], strict=True)
    }


def _review(pairs: pd.DataFrame, band: tuple[float, float], decided: set[Pair]) -> pd.DataFrame:
    low, high = band
    inside = pairs["match_probability"].between(low, high, inclusive="left")
    keys = pd.Series(list(map(_key, zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True))))
    review = pairs[inside & ~keys.isin(decided).to_numpy()]
    return review.sort_values(
        "match_probability", ascending=False, kind="stable", ignore_index=True
    )


def cluster(
    ids: Iterable[Any],
    pairs: pd.DataFrame,
    threshold: float,
    *,
    confirmed: Iterable[Pair] = (),
    rejected: Iterable[Pair] = (),
    groups: Mapping[Any, Any] | None = None,
) -> Clustering:
    """Connected components of the pairs at or above `threshold` after the person decisions;
    with `groups` (record → its source), scored pairs put two records of one source in a
    cluster only when they are that pair (module docstring). Pure, so decisions can be
    re-applied without scoring again."""
    ids = list(ids)
    confirmed_keys, rejected_keys = set(map(_key, confirmed)), set(map(_key, rejected))
    if both := confirmed_keys & rejected_keys:
        raise ValueError(f"pairs both confirmed and rejected: {sorted(both)}")
    if unknown := {i for key in confirmed_keys | rejected_keys for i in key} - set(ids):
        raise ValueError(f"decisions name records that are not linked here: {sorted(unknown)}")
    above = pairs[pairs["match_probability"] >= threshold].sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"],
        ascending=[False, True, True],
        kind="stable",
    )
    strongest_first = [
        key
        for key in map(_key, zip(above["unique_id_l"], above["unique_id_r"], strict=True))
        if key not in rejected_keys
    ]
    components = _Components(ids, groups)
    for first, second in sorted(confirmed_keys):
        components.join(first, second, regardless=True)
    edges = sorted(confirmed_keys) + [
        (first, second)
        for first, second in strongest_first
        if components.join(first, second, regardless=False)
    ]
    roots = {i: components.root(i) for i in ids}
    clusters = pd.DataFrame({"unique_id": ids, "cluster_id": [roots[i] for i in ids]})
    return Clustering(
        clusters=clusters.sort_values("unique_id", ignore_index=True),
        conflicts=_conflicts(sorted(rejected_keys), roots, edges),
    )


def _key(pair: Pair) -> Pair:
    """A pair without direction, so (a, b) and (b, a) are one decision."""
    first, second = pair
    return (first, second) if first <= second else (second, first)


class _Components:
    """Union-find where each root is its component's smallest id and knows the sources
    (`groups`) its records come from."""

    def __init__(self, ids: list[Any], groups: Mapping[Any, Any] | None) -> None:
        self.parent = {i: i for i in ids}
        self.groups = groups
        self.sources: dict[Any, set[Any]] | None = (
            None if groups is None else {i: {groups[i]} for i in ids}
        )

    def root(self, node: Any) -> Any:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(self, first: Any, second: Any, *, regardless: bool) -> bool:
        """Join the two records' components, unless (not `regardless`) both hold a record of
        one source and the two records are not both of it; True when the edge joins or they
        were already one."""
        a, b = self.root(first), self.root(second)
        if a == b:
            return True
        if not regardless and self._shared_sources(first, second, a, b):
            return False
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        if self.sources is not None:
            self.sources[low] |= self.sources.pop(high)
        return True

    def _shared_sources(self, first: Any, second: Any, a: Any, b: Any) -> set[Any]:
        """The sources both components (roots `a`, `b`) hold, but for the edge's own source
        when both its records are of it (their own pair is the evidence)."""
        if self.sources is None or self.groups is None:
            return set()
        own = self.groups[first]
        return (self.sources[a] & self.sources[b]) - (
            {own} if own == self.groups[second] else set()
        )


def _conflicts(rejected: list[Pair], roots: Mapping[Any, Any], edges: list[Pair]) -> pd.DataFrame:
    joined = [(a, b) for a, b in rejected if roots[a] == roots[b]]
    neighbours: dict[Any, list[Any]] = {}
    for a, b in edges if joined else ():
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    rows = [(a, b, roots[a], _path(neighbours, a, b)) for a, b in joined]
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "cluster_id", "path"])


def _path(neighbours: Mapping[Any, list[Any]], start: Any, end: Any) -> tuple[Any, ...]:
    """The shortest chain of edges from start to end (breadth first); they are connected."""
    came_from = {start: start}
    queue = deque([start])
    while end not in came_from:
        node = queue.popleft()
        for nxt in neighbours[node]:
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    chain = [end]
    while chain[-1] != start:
        chain.append(came_from[chain[-1]])
    return tuple(reversed(chain))
