"""Benchmark: importing UCDP GED and ACLED files of synthetic rows into a fresh SQLite ledger.

Usage: .venv/bin/python bench/import_datasets.py [--rows 50000]

For each data set, N rows with every codebook column (text cells as long as real ones: GED's
source_original, ACLED's notes) are written to a temporary CSV, then imported twice into a fresh,
migrated ledger, each time in one transaction: the first import adds every report and document,
the second finds them all recorded. Wall and CPU seconds are printed: machines here are shared,
and the CPU time of this process (SQLite included) is the steadier of the two.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from civcas.intake.acled import ACLED
from civcas.intake.datasets import Dataset, import_dataset
from civcas.intake.ucdp import UCDP_GED
from civcas.ledger.database import migrate, open_engine, transaction

GED_HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob"
)
GED_COLUMNS = next(csv.reader([GED_HEADER]))
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
ACLED_COLUMNS = next(csv.reader([ACLED_HEADER]))
START = dt.date(2014, 8, 8)
PROSE = "Airstrike hit a residential building in the old city, residents said; " * 4


def ged_row(n: int, rng: random.Random) -> dict[str, object]:
    start = START + dt.timedelta(days=rng.randrange(1900))
    precision = rng.choice([1, 1, 1, 2, 3, 4])
    end = start + dt.timedelta(days={1: 0, 2: 3, 3: 6, 4: 29}[precision])
    civilians, others = rng.randint(0, 12), rng.choice([0, 0, rng.randint(1, 20)])
    best = civilians + others
    lat, lon = 36.34 + rng.uniform(-0.5, 0.5), 43.13 + rng.uniform(-0.5, 0.5)
    return {
        "id": 100_000 + n,
        "relid": f"IRQ-2017-1-{n}",
        "year": start.year,
        "active_year": 1,
        "type_of_violence": rng.choice([1, 3]),
        "conflict_name": "Iraq: Government",
        "dyad_name": "Government of Iraq - IS",
        "side_a": "Government of Iraq",
        "side_b": "IS",
        "source_article": f'"Reuters,{start}"',
        "source_headline": "Civilians killed in Mosul strike",
        "source_original": PROSE,
        "where_prec": rng.randint(1, 7),
        "where_coordinates": "Mosul town",
        "where_description": "al-Jadida neighbourhood, western Mosul",
        "adm_1": "Ninawa province",
        "adm_2": "Mosul district",
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "geom_wkt": f"POINT ({lon:.4f} {lat:.4f})",
        "country": "Iraq",
        "country_id": 645,
        "region": "Middle East",
        "event_clarity": 1,
        "date_prec": precision,
        "date_start": f"{start} 00:00:00.000",
        "date_end": f"{end} 00:00:00.000",
        "deaths_a": others,
        "deaths_b": 0,
        "deaths_civilians": civilians,
        "deaths_unknown": 0,
        "best": best,
        "low": max(0, best - 2) if others == 0 else best,
        "high": best + 3,
    }


def acled_row(n: int, rng: random.Random) -> dict[str, object]:
    day = START + dt.timedelta(days=rng.randrange(1900))
    lat, lon = 35.95 + rng.uniform(-0.5, 0.5), 39.01 + rng.uniform(-0.5, 0.5)
    targeted = rng.random() < 0.4
    return {
        "event_id_cnty": f"SYR{n}",
        "event_date": day.strftime("%d %B %Y") if n % 2 else day.isoformat(),
        "year": day.year,
        "time_precision": rng.choice([1, 1, 1, 2, 3]),
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of the United States (2017-2021)",
        "inter1": 8,
        "actor2": "Civilians (Syria)" if targeted else "IS: Islamic State",
        "interaction": 78 if targeted else 28,
        "civilian_targeting": "Civilian targeting" if targeted else "",
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": "Ar-Raqqa",
        "admin2": "Ar-Raqqa",
        "admin3": "Ar-Raqqa",
        "location": "Ar-Raqqa",
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "geo_precision": rng.randint(1, 3),
        "source": "Syrian Observatory for Human Rights",
        "source_scale": "National",
        "notes": PROSE,
        "fatalities": rng.randint(0, 15),
        "timestamp": 1_600_000_000 + n,
    }


def write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns)
        writer.writeheader()
        writer.writerows(rows)


def timed(url: str, path: Path, dataset: Dataset) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of the first import and of the second (nothing new)."""
    engine = open_engine(url)
    migrate(engine)
    seconds = []
    for _ in range(2):
        wall, cpu = time.perf_counter(), time.process_time()
        with transaction(engine) as session:
            import_dataset(session, path, dataset)
        seconds.append((time.perf_counter() - wall, time.process_time() - cpu))
    engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(1)
    cases: list[tuple[Dataset, list[str], Callable[[int, random.Random], dict[str, object]]]] = [
        (UCDP_GED, GED_COLUMNS, ged_row),
        (ACLED, ACLED_COLUMNS, acled_row),
    ]
    print(f"rows={args.rows} db=sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        for dataset, columns, make in cases:
            path = Path(tmp) / f"{dataset.name}.csv"
            write_csv(path, columns, [make(n, rng) for n in range(args.rows)])
            size = path.stat().st_size / 1e6
            runs = timed(f"sqlite:///{tmp}/{dataset.name}.db", path, dataset)
            for label, (wall, cpu) in zip(("import", "re-import"), runs, strict=True):
                print(
                    f"{dataset.name:8} {size:5.1f} MB {label:9} {wall:6.2f} s wall "
                    f"{args.rows / wall:7,.0f} rows/s  ({cpu:6.2f} s CPU)"
                )


if __name__ == "__main__":
    main()
