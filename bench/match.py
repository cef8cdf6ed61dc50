"""Benchmark: the candidate strikes of every report, civcas's matcher against a GeoPandas join.

Usage: .venv/bin/python bench/match.py [--sizes 1e4x1e3,1e5x1e4,1e6x1e5]
           [--baseline-max 1e5x1e4] [--timeout 900] [--memory-gb 16] [--seed 1]
(the baseline needs the bench extra: .venv/bin/uv pip install -e '.[bench]')

Target: 1e6 strikes × 1e5 reports in ≤ 10 s and ≤ 2 GB on 2 cores, ≥ 20× faster than the baseline.

The data is synthetic, spread like the 2014–2019 campaign: strikes cluster on the cities of Iraq
and Syria (40% of each city's strikes in its battle, the rest over the whole campaign; most within
a few km of the centre, some in the countryside around), 5% without coordinates. Each report
follows a strike (or, one in five, a place near a city on a random day), with a realistic mix of
location precision (mostly town and neighbourhood) and date precision (mostly day, some week and
month); a few have no coordinates or no precision.

The baseline is what an analyst would write: each located report's point buffered by its radius
in an equidistant projection centred on the region, `geopandas.sjoin` with the strikes, then the
date filter; reports matched on the country are expanded to their days and merged with the strikes
on (country, day) in pandas. Its buffers are polygons in a projection, so its pair count differs
slightly from civcas's exact haversine: the table shows the difference, it does not fail on it.

civcas runs twice: "all pairs" is `candidates`, every pair in memory at the end (37 bytes a
pair); "streamed" is `candidate_chunks`, each chunk counted and dropped, as a consumer that writes
the pairs away would.

Each run happens in a fresh interpreter that loads the same saved data, with its address space
capped (--memory-gb) so that a run too big fails instead of starving the machine. Time is the
wall time from the loaded arrays to the pairs; memory is the peak RSS of that interpreter minus
the peak of an idle one with the same imports (so it includes the input data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from civcas.evidence.columns import Reports, Strikes
from civcas.evidence.matcher import candidate_chunks, candidates
from civcas.evidence.rule import MatchRule

KM_PER_DEGREE = 111.195
EPOCH = dt.date(1970, 1, 1)
FIRST, LAST = dt.date(2014, 8, 8), dt.date(2019, 12, 31)
# name, latitude, longitude, country, share of the strikes, battle start, battle end
CITIES = (
    ("Mosul", 36.34, 43.13, "IQ", 0.20, "2016-10-17", "2017-07-20"),
    ("Raqqa", 35.95, 39.01, "SY", 0.14, "2017-06-06", "2017-10-17"),
    ("Tal Afar", 36.38, 42.45, "IQ", 0.04, "2017-08-20", "2017-08-31"),
    ("Fallujah", 33.35, 43.78, "IQ", 0.05, "2016-05-22", "2016-06-28"),
    ("Ramadi", 33.42, 43.30, "IQ", 0.06, "2015-11-08", "2016-02-09"),
    ("Deir ez-Zor", 35.34, 40.14, "SY", 0.06, "2017-09-09", "2017-11-03"),
    ("Kobani", 36.89, 38.35, "SY", 0.06, "2014-09-13", "2015-01-26"),
    ("Hajin", 34.69, 40.83, "SY", 0.06, "2018-09-10", "2018-12-14"),
    ("Baghuz", 34.45, 40.94, "SY", 0.04, "2019-02-09", "2019-03-23"),
    ("Manbij", 36.53, 37.95, "SY", 0.04, "2016-05-31", "2016-08-12"),
    ("Tabqa", 35.83, 38.55, "SY", 0.03, "2017-03-22", "2017-05-10"),
    ("Sinjar", 36.32, 41.87, "IQ", 0.03, "2015-11-12", "2015-11-15"),
    ("Bayji", 34.93, 43.49, "IQ", 0.04, "2014-10-01", "2015-10-22"),
    ("Hit", 33.64, 42.83, "IQ", 0.03, "2016-03-15", "2016-04-14"),
    ("Mayadin", 35.02, 40.45, "SY", 0.03, "2017-10-06", "2017-10-14"),
    ("Qayyarah", 35.80, 43.29, "IQ", 0.03, "2016-06-14", "2016-08-25"),
    ("Shaddadi", 36.06, 40.73, "SY", 0.02, "2016-02-16", "2016-02-19"),
)
PRECISION_MIX = {
    "exact": 0.08,
    "neighbourhood": 0.25,
    "town": 0.40,
    "district": 0.12,
    "governorate": 0.07,
    "country": 0.03,
    "": 0.05,  # no precision stated
}
NOISE_KM = {"exact": 0.3, "neighbourhood": 1.5, "town": 3.0, "district": 10.0, "governorate": 30.0}
REPORT_COLUMNS = ("id", "day_start", "day_end", "country", "lat", "lon")
AEQD = "+proj=aeqd +lat_0=35 +lon_0=41 +datum=WGS84 +units=m"


def day_number(text: str | dt.date) -> int:
    day = dt.date.fromisoformat(text) if isinstance(text, str) else text
    return (day - EPOCH).days


def offset(
    rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, sd_km: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Points moved by a normal offset of `sd_km` in each direction."""
    north = rng.normal(0.0, 1.0, len(lat)) * sd_km / KM_PER_DEGREE
    east = rng.normal(0.0, 1.0, len(lat)) * sd_km / KM_PER_DEGREE / np.cos(np.radians(lat))
    return lat + north, lon + east


def strike_columns(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    share = np.array([city[4] for city in CITIES])
    city = rng.choice(len(CITIES), count, p=share / share.sum())
    lat, lon = (np.array([c[i] for c in CITIES])[city] for i in (1, 2))
    battle = rng.random(count) < 0.4
    start = np.where(battle, np.array([day_number(c[5]) for c in CITIES])[city], day_number(FIRST))
    end = np.where(battle, np.array([day_number(c[6]) for c in CITIES])[city], day_number(LAST))
    day = rng.integers(start, end + 1)
    lat, lon = offset(rng, lat, lon, np.where(rng.random(count) < 0.75, 4.0, 30.0))
    unknown = rng.random(count) < 0.05
    lat[unknown], lon[unknown] = np.nan, np.nan
    countries = np.array([c[3] for c in CITIES])[city]
    return {"id": np.arange(1, count + 1), "day": day, "country": countries, "lat": lat,
            "lon": lon, "city": city}  # fmt: skip


def report_columns(
    rng: np.random.Generator, strikes: dict[str, np.ndarray], count: int
) -> dict[str, np.ndarray]:
    source = rng.integers(0, len(strikes["id"]), count)
    city = strikes["city"][source]
    day = strikes["day"][source].copy()
    lat, lon = strikes["lat"][source].copy(), strikes["lon"][source].copy()
    invented = (rng.random(count) < 0.2) | np.isnan(lat)
    lat[invented] = np.array([c[1] for c in CITIES])[city[invented]]
    lon[invented] = np.array([c[2] for c in CITIES])[city[invented]]
    lat[invented], lon[invented] = offset(rng, lat[invented], lon[invented], 8.0)
    day[invented] = rng.integers(day_number(FIRST), day_number(LAST) + 1, invented.sum())
    names = list(PRECISION_MIX)
    drawn = rng.choice(len(names), count, p=list(PRECISION_MIX.values()))
    precision = np.array(names)[drawn]
    lat, lon = offset(rng, lat, lon, np.array([NOISE_KM.get(n, 0.0) for n in names])[drawn])
    unlocated = (rng.random(count) < 0.03) | ((precision == "country") & (rng.random(count) < 0.5))
    lat[unlocated], lon[unlocated] = np.nan, np.nan
    start, end = date_spans(rng, day)
    return {"id": np.arange(1, count + 1), "day_start": start, "day_end": end,
            "country": strikes["country"][source], "lat": lat, "lon": lon,
            "precision": precision}  # fmt: skip


def date_spans(rng: np.random.Generator, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """80% to the day (a fifth of them a day off), 12% a week, 8% the calendar month."""
    kind = rng.choice(3, len(day), p=[0.80, 0.12, 0.08])
    day = day + np.where(rng.random(len(day)) < 0.2, rng.integers(-1, 2, len(day)), 0)
    week_start = day - rng.integers(0, 7, len(day))
    month = day.astype("datetime64[D]").astype("datetime64[M]")
    month_start = month.astype("datetime64[D]").astype(np.int64)
    month_end = (month + 1).astype("datetime64[D]").astype(np.int64) - 1
    start = np.choose(kind, [day, week_start, month_start])
    end = np.choose(kind, [day, week_start + 6, month_end])
    return start, end


def write_campaign(path: Path, strikes: int, reports: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    strike = strike_columns(rng, strikes)
    report = report_columns(rng, strike, reports)
    arrays: dict[str, Any] = {f"strike_{k}": v for k, v in strike.items() if k != "city"}
    arrays.update({f"report_{k}": v for k, v in report.items()})
    np.savez(path, **arrays)


def civcas_inputs(data: dict[str, np.ndarray]) -> tuple[Strikes, Reports]:
    strikes = Strikes(*(data[f"strike_{k}"] for k in ("id", "day", "country", "lat", "lon")))
    precision = data["report_precision"].astype(object)
    precision[precision == ""] = None
    start, end, country, lat, lon = (data[f"report_{k}"] for k in REPORT_COLUMNS[1:])
    return strikes, Reports(data["report_id"], start, end, country, lat, lon, precision)


def civcas_match(data: dict[str, np.ndarray]) -> int:
    return len(candidates(*civcas_inputs(data)))


def civcas_stream(data: dict[str, np.ndarray]) -> int:
    return sum(len(chunk) for chunk in candidate_chunks(*civcas_inputs(data)))


def geopandas_match(data: dict[str, np.ndarray]) -> int:
    import geopandas as gpd
    import pandas as pd

    rule = MatchRule()
    strikes = pd.DataFrame({k: data[f"strike_{k}"] for k in ("id", "day", "country", "lat", "lon")})
    reports = pd.DataFrame({k: data[f"report_{k}"] for k in REPORT_COLUMNS})
    radii = {row.precision.value: row.radius_km for row in rule.rows()}
    reports["radius_km"] = pd.Series(data["report_precision"]).map(radii).astype(float)
    located = reports.lat.notna() & reports.radius_km.notna()
    near = buffered_join(gpd, strikes.dropna(subset=["lat"]), reports[located])
    near = near[
        (near.day >= near.day_start - rule.slack_days)
        & (near.day <= near.day_end + rule.slack_days)
    ]
    country = country_merge(pd, strikes, reports[~located], rule.slack_days)
    return len(near) + len(country)


def buffered_join(gpd: Any, strikes: Any, reports: Any) -> Any:
    points = gpd.GeoDataFrame(
        strikes[["id", "day"]].rename(columns={"id": "strike_id"}),
        geometry=gpd.points_from_xy(strikes.lon, strikes.lat),
        crs="EPSG:4326",
    ).to_crs(AEQD)
    areas = gpd.GeoDataFrame(
        reports[["id", "day_start", "day_end"]].rename(columns={"id": "report_id"}),
        geometry=gpd.points_from_xy(reports.lon, reports.lat),
        crs="EPSG:4326",
    ).to_crs(AEQD)
    areas["geometry"] = areas.buffer(reports.radius_km.to_numpy() * 1000)
    return gpd.sjoin(points, areas, predicate="within")


def country_merge(pd: Any, strikes: Any, reports: Any, slack: int) -> Any:
    first = reports.day_start - slack
    length = reports.day_end + slack - first + 1
    days = reports.loc[reports.index.repeat(length), ["id", "country"]]
    within = days.groupby(level=0).cumcount().to_numpy()
    days["day"] = first.repeat(length).to_numpy() + within
    return days.merge(strikes[["id", "country", "day"]], on=["country", "day"])


# name: (what it is, the modules it imports, the function that matches)
MATCHERS: dict[str, tuple[str, tuple[str, ...], Callable[[Any], int]]] = {
    "civcas": ("civcas, all pairs", (), civcas_match),
    "stream": ("civcas, streamed", (), civcas_stream),
    "geopandas": ("geopandas", ("geopandas",), geopandas_match),
}


def worker(kind: str, data_path: str | None, memory_gb: float) -> None:
    """Runs in the child: import, load, match; print seconds, pairs and peak RSS as JSON. The
    address space is capped so that a run too big for the machine fails rather than draws the
    kernel's OOM killer onto other processes."""
    limit = int(memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _, modules, match = MATCHERS[kind]
    for module in modules:
        importlib.import_module(module)
    result: dict[str, float] = {}
    if data_path:
        with np.load(data_path) as saved:
            data = {name: saved[name] for name in saved.files}
        began = time.perf_counter()
        result["pairs"] = match(data)
        result["seconds"] = time.perf_counter() - began
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, data_path: Path | None, args: argparse.Namespace) -> dict[str, Any]:
    """One run in a fresh interpreter: its result, or {"failed": why}."""
    command = [sys.executable, __file__, "--worker", kind, "--memory-gb", str(args.memory_gb)]
    command += ["--data", str(data_path)] if data_path else []
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"over {args.timeout:.0f} s"}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"failed": "out of memory" if "MemoryError" in last else last[:60]}
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def size(text: str) -> tuple[int, int]:
    strikes, reports = text.lower().split("x")
    return int(float(strikes)), int(float(reports))


def line(strikes: int, reports: int, kind: str, run: dict[str, Any], idle: float) -> str:
    start = f"{strikes:>9,} {reports:>8,}  {MATCHERS[kind][0]:<18}"
    if "failed" in run:
        return f"{start}  {run['failed']}"
    return f"{start}  {run['seconds']:8.2f} {run['peak_mb'] - idle:8.0f} {int(run['pairs']):>12,}"


def comparison(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    """The baseline's time over civcas's, and how far its pair count strays from civcas's."""
    if "failed" in theirs:
        return ""
    difference = (theirs["pairs"] - ours["pairs"]) / max(ours["pairs"], 1)
    verdict = "" if abs(difference) < 0.01 else "  (over 1%: check the data or the baseline)"
    ratio = theirs["seconds"] / ours["seconds"]
    return f"  {ratio:6.1f}x the time of civcas (all pairs), pairs {difference:+.3%}{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4x1e3,1e5x1e4,1e6x1e5", help="strikes x reports,…")
    parser.add_argument("--baseline-max", default="1e5x1e4", help="largest size for GeoPandas")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a run may take")
    parser.add_argument("--memory-gb", type=float, default=16, help="address space of a run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", choices=list(MATCHERS), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data, args.memory_gb)
        return
    limit = size(args.baseline_max)
    idle = {kind: measure(kind, None, args).get("peak_mb", 0.0) for kind in MATCHERS}
    print(
        f"{dt.datetime.now():%Y-%m-%d %H:%M}  {os.cpu_count()} cores  numpy {np.__version__}"
        f"  seed {args.seed}  (MB: peak RSS above an idle interpreter with the same imports)"
    )
    print(f"{'strikes':>9} {'reports':>8}  {'implementation':<18}  {'seconds':>8} {'MB':>8} "
          f"{'pairs':>12}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for strikes, reports in map(size, args.sizes.split(",")):
            path = Path(tmp) / f"campaign_{strikes}_{reports}.npz"
            write_campaign(path, strikes, reports, args.seed)
            runs = {kind: measure(kind, path, args) for kind in ("civcas", "stream")}
            for kind, run in runs.items():
                print(line(strikes, reports, kind, run, idle[kind]), flush=True)
            if strikes > limit[0] or reports > limit[1]:
                skipped = {"failed": f"skipped (above --baseline-max {args.baseline_max})"}
                print(line(strikes, reports, "geopandas", skipped, 0), flush=True)
                continue
            theirs = measure("geopandas", path, args)
            extra = comparison(runs["civcas"], theirs) if "failed" not in runs["civcas"] else ""
            print(line(strikes, reports, "geopandas", theirs, idle["geopandas"]) + extra)


if __name__ == "__main__":
    main()
