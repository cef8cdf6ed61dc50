"""What the dataset importers' tests (UCDP GED, ACLED) share: writing an export, counting rows,
and reading a refusal."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.errors import IntakeError
from civcas.intake.datasets import Dataset, import_dataset
from civcas.ledger.models import Document, Report, Source, report_documents


def write_export(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def count(session: Session, table: Any) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def refusal(
    session: Session, path: Path, dataset: Dataset, now: dt.datetime
) -> list[tuple[str, str, str]]:
    """(location, field, reason) of each error of a refused file; checks nothing was written."""
    with pytest.raises(IntakeError) as refused:
        import_dataset(session, path, dataset, now=now)
    assert str(refused.value).startswith(f"{path}: {len(refused.value.errors)} problem(s)")
    for table in (Report, Document, Source, report_documents):
        assert count(session, table) == 0
    return [(error.location, error.field, error.reason) for error in refused.value.errors]
