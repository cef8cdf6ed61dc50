"""Benchmark: importing real UCDP GED and ACLED files, as published and as tools saved them.

Usage: .venv/bin/python bench/real_datasets.py [DIR]

DIR (default /work/realdata) holds `ged/*.csv` and `acled/*.csv`: files taken from public
repositories, none written by this project (DIR/SOURCES.md says where each comes from). Each file
is imported as `civcas import ucdp-ged|acled FILE --reject BAD.csv` does it (`import_dataset` in
one transaction on a freshly migrated SQLite ledger), and again without `--reject`, to see
whether it imports whole; an ACLED file also with `--all`. One line per file and mode:

- rows: the file's records (its header, HDX's row of hashtags and blank lines not counted);
- imported: reports added; left out: ACLED events that cannot be allegations (not with --all);
- inconsistent: rows imported as stated and flagged as contradicting themselves;
- rejected: malformed rows left out, with the fields most often at fault;
- town: imported reports whose place starts with the source's own place name (GED's
  `where_coordinates`, else `where_description`; ACLED's `location`) where that name is none of
  the row's administrative units (`adm_1`, `adm_2`; `admin1`..`admin3`), so the place keeps a
  village, town or neighbourhood and not only admin names;
- whole: imported without `--reject` (yes), or refused (no);
- s: wall seconds of the import with `--reject`.

A file refused even with `--reject` (a missing column, bytes not UTF-8) shows "refused" and the
fields at fault. Only counts and column names are printed, never the files' text.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from civcas.errors import IntakeError, RowError
from civcas.intake.acled import ACLED
from civcas.intake.datasets import import_dataset, is_hashtags
from civcas.intake.ucdp import UCDP_GED
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Document, Report, report_documents

KINDS = {"ged": UCDP_GED, "acled": ACLED}
NAMES = {"ged": ("where_coordinates", "where_description"), "acled": ("location",)}
"""The columns holding the source's own name of the place, first found wins."""
ADMINS = {"ged": ("adm_1", "adm_2"), "acled": ("admin1", "admin2", "admin3")}
TOP = 3
"""Fields shown per file, most often at fault first."""


@dataclass(frozen=True)
class Run:
    """One import of one file into a fresh ledger."""

    imported: int = 0
    left_out: int = 0
    inconsistent: int = 0
    rejected: tuple[RowError, ...] = ()
    refused: tuple[RowError, ...] = ()
    """The errors of a refusal; empty when the file imported."""
    town: int = 0
    seconds: float = 0.0


def records(path: Path) -> int:
    """The file's data records, read leniently (a file civcas refuses is still counted)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as file:
        reader = csv.reader(file)
        next(reader, None)
        count = 0
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if number == 2 and is_hashtags(values):
                continue
            count += 1
        return count


def fresh_ledger(template: Path, folder: Path, name: str) -> str:
    """A copy of the migrated, empty template ledger, as a SQLite URL."""
    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def place_names(url: str, kind: str) -> Iterator[bool]:
    """For each imported report: whether its place keeps the source's own, non-admin name."""
    engine = open_engine(url)
    query = (
        select(Report.place, Document.archived_text)
        .join(report_documents, report_documents.c.report_id == Report.id)
        .join(Document, Document.id == report_documents.c.document_id)
    )
    with transaction(engine) as session:
        for place, text in session.execute(query):
            row = {
                key.lower(): (value or "").strip()
                for key, value in json.loads(text or "{}").items()
            }
            name = next((row[column] for column in NAMES[kind] if row.get(column)), "")
            admins = {row.get(column) for column in ADMINS[kind]}
            yield bool(name) and name not in admins and (place or "").startswith(name)
    engine.dispose()


def run(url: str, path: Path, kind: str, *, all_events: bool, reject: bool) -> Run:
    """Import `path` into the ledger at `url` as the CLI does; the refusal, if any, is kept."""
    engine = open_engine(url)
    began = time.perf_counter()
    try:
        with transaction(engine) as session:
            result = import_dataset(
                session, path, KINDS[kind], all_events=all_events, reject=reject
            )
    except IntakeError as refused:
        return Run(refused=tuple(refused.errors), seconds=time.perf_counter() - began)
    finally:
        engine.dispose()
    seconds = time.perf_counter() - began
    return Run(
        imported=result.added,
        left_out=result.skipped,
        inconsistent=len(result.inconsistent),
        rejected=result.rejected,
        town=sum(place_names(url, kind)),
        seconds=seconds,
    )


def fields(errors: tuple[RowError, ...]) -> str:
    """The fields most often at fault, "field×n", most frequent first."""
    counts = Counter(error.field for error in errors).most_common(TOP)
    return ", ".join(f"{field}×{n}" for field, n in counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=Path("/work/realdata"))
    args = parser.parse_args()
    files = [(kind, path) for kind in KINDS for path in sorted((args.dir / kind).glob("*.csv"))]
    header = (
        f"{'file':44} {'kind':5} {'mode':7} {'rows':>6} {'imported':>8} {'left out':>8} "
        f"{'inconsistent':>12} {'rejected':>8} {'town':>6} {'whole':>5} {'s':>6}  fields"
    )
    print(header)
    totals: Counter[str] = Counter()
    seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        engine = open_engine(f"sqlite:///{template}")
        migrate(engine)
        engine.dispose()
        for kind, path in files:
            rows = records(path)
            for all_events in (False, True) if kind == "acled" else (False,):
                mode = "--all" if all_events else "default"
                tag = f"{kind}-{path.stem}-{mode}"
                url = fresh_ledger(template, folder, tag)
                done = run(url, path, kind, all_events=all_events, reject=True)
                whole_url = fresh_ledger(template, folder, f"{tag}-whole")
                whole = not run(whole_url, path, kind, all_events=all_events, reject=False).refused
                at_fault = (
                    f"refused: {fields(done.refused)}" if done.refused else fields(done.rejected)
                )
                print(
                    f"{path.name[:44]:44} {kind:5} {mode:7} {rows:>6,} {done.imported:>8,} "
                    f"{done.left_out:>8,} {done.inconsistent:>12,} {len(done.rejected):>8,} "
                    f"{done.town:>6,} {'yes' if whole else 'no':>5} {done.seconds:>6.2f}  "
                    f"{at_fault}"
                )
                if all_events:
                    continue
                totals.update(
                    files=1,
                    rows=rows,
                    imported=done.imported,
                    left_out=done.left_out,
                    inconsistent=done.inconsistent,
                    rejected=len(done.rejected),
                    refused=bool(done.refused),
                    town=done.town,
                    whole=whole,
                )
                seconds += done.seconds
    print(
        f"total (default mode): {totals['files']} files, {totals['rows']:,} rows, "
        f"{totals['imported']:,} imported, {totals['left_out']:,} left out, "
        f"{totals['inconsistent']:,} inconsistent, {totals['rejected']:,} rejected, "
        f"{totals['town']:,} with a town name; {totals['whole']} import whole, "
        f"{totals['refused']} refused even with --reject; {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
