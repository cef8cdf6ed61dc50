"""Strike releases into the strike log (issue 19), on SQLite and PostgreSQL: each place's strikes
of a day stored once, whatever release reports them, with the release as their document. The
releases are written for these tests, with invented counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import IntakeError
from civcas.intake.strike_log import BELLIGERENT, ReleaseText, import_strike_releases
from civcas.ledger.models import Document, Strike
from civcas.publication.statement import statement_from
from civcas.publication.timeline import load_timeline
from civcas.vocab import LocationPrecision

DAILY = """SOUTHWEST ASIA, Jan. 12, 2017 — Coalition forces attacked ISIL yesterday.

Strikes in Syria

Bomber aircraft conducted five strikes consisting of 9 engagements in Syria:

-- Near Raqqa, four strikes engaged two tactical units.

-- Near Palmyra, a strike destroyed an artillery piece.
"""

WEEKLY = """SOUTHWEST ASIA, Jan. 16, 2017 — A week of coalition strikes, officials said.

Strikes in Syria

On Jan. 11 in Syria, coalition military forces conducted six strikes against ISIS targets.
-- Near Ar Raqqah, four strikes engaged two tactical units.
-- Near Palmyra, two strikes destroyed a tank.
"""


def strikes(session: Session) -> dict[str, Strike]:
    return {s.external_id: s for s in session.scalars(select(Strike))}


def test_a_release_into_the_strike_log(session: Session) -> None:
    done = import_strike_releases(session, [ReleaseText("daily.txt", DAILY)])
    assert (done.releases, done.added, done.unchanged, done.differing) == (1, 2, 0, [])
    assert done.checks == []  # 4 + 1 = 5 stated
    stored = strikes(session)
    (raqqa,) = [s for s in stored.values() if s.place == "Raqqa"]
    (palmyra,) = [s for s in stored.values() if s.place == "Palmyra"]
    assert raqqa.external_id.startswith("2017-01-11/SY/g")  # the gazetteer's place
    assert (raqqa.belligerent, raqqa.date, raqqa.country) == (
        BELLIGERENT,
        dt.date(2017, 1, 11),
        "SY",
    )
    assert (raqqa.strikes, raqqa.engagements, palmyra.strikes, palmyra.engagements) == (4, 4, 1, 1)
    assert raqqa.location_precision is LocationPrecision.TOWN
    assert raqqa.reported_on == dt.date(2017, 1, 12)
    assert raqqa.target == "engaged two tactical units"
    document = session.get(Document, raqqa.document_id)
    assert document is not None and document.archived_text == DAILY
    assert document.sha256 == hashlib.sha256(DAILY.encode("utf-8")).hexdigest()
    assert palmyra.document_id == raqqa.document_id


def test_a_release_again_and_a_later_one_reporting_the_day_add_nothing(session: Session) -> None:
    """The weekly release spells Raqqa "Ar Raqqah" (one GeoNames place) with the same count:
    the same entry. It gives Palmyra two strikes where the daily gave one: kept as first
    stored, and named."""
    import_strike_releases(session, [ReleaseText("daily.txt", DAILY)])
    again = import_strike_releases(session, [ReleaseText("daily.txt", DAILY)])
    assert (again.added, again.unchanged) == (0, 2)
    later = import_strike_releases(session, [ReleaseText("weekly.txt", WEEKLY)])
    assert (later.added, later.unchanged) == (0, 2)
    assert len(later.differing) == 1 and "2 strikes near Palmyra" in later.differing[0]
    assert sorted(s.strikes for s in strikes(session).values()) == [1, 4]
    assert len(session.scalars(select(Document)).all()) == 2  # each release's text once


def test_a_release_that_cannot_be_read_stores_nothing(session: Session) -> None:
    with pytest.raises(IntakeError) as refused:
        import_strike_releases(
            session,
            [ReleaseText("daily.txt", DAILY), ReleaseText("notes.txt", "Nothing about strikes.")],
        )
    assert [(e.location, e.field) for e in refused.value.errors] == [("notes.txt", "published")]
    assert strikes(session) == {}


def test_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "2017-01-12_daily.txt").write_text(DAILY, encoding="utf-8")
    short = WEEKLY.replace("conducted six strikes", "conducted seven strikes")
    (folder / "2017-01-16_weekly.txt").write_text(short, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    runner = CliRunner()
    done = runner.invoke(app, ["--db", url, "import", "strike-releases", str(folder)])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "2 release(s): 2 strike-log entries added, 2 already recorded" in said
    assert "does not add up" in said and "6 strikes listed, 7 stated" in said
    again = runner.invoke(app, ["--db", url, "import", "strike-releases", str(folder)])
    assert "0 strike-log entries added, 4 already recorded" in " ".join(again.output.split())


def test_the_statement_counts_strikes_not_entries(session: Session) -> None:
    """Two entries of 4 and 1 strikes are 5 strikes in the month's statement."""
    import_strike_releases(session, [ReleaseText("daily.txt", DAILY)])
    statement = statement_from(load_timeline(session), "2017-01")
    assert (statement.strikes_total, statement.strikes_from) == (5, "2017-01")
