"""`civcas import` and `civcas export` from the command line, on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from civcas.cli import app
from civcas.ledger.database import open_engine
from civcas.ledger.models import Report, Source

DATA = Path(__file__).resolve().parent.parent / "data"
DATASET = DATA / "dataset"


def civcas(database: Path, *arguments: str) -> tuple[int, str]:
    """Exit code and output (stdout and stderr), whitespace normalised: rich wraps long lines."""
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{database}", *arguments])
    return result.exit_code, " ".join(result.output.split())


def reports_in(database: Path) -> int:
    engine = open_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Report)) or 0
    finally:
        engine.dispose()


def test_a_bad_file_is_refused_line_by_line(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    code, output = civcas(database, "import", "reports", str(DATA / "reports_bad.csv"))
    assert code != 0
    assert "5 problem(s); nothing was imported" in output
    for expected in (
        "line 4: date_start: Input should be a valid date",
        "line 6: country: 'XX' is not an ISO 3166-1 country code",
        "line 7: killed_min: killed_min (9) is greater than killed_max (7)",
        "line 9: latitude: Input should be less than or equal to 90",
        "line 10: date_precision: date_start..date_end spans 2 days",
    ):
        assert expected in output
    assert "line 2:" not in output and "line 8:" not in output
    assert reports_in(database) == 0


def test_import_all_twice(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    code, output = civcas(database, "import", "all", str(DATASET))
    assert code == 0, output
    # in load order; documents count links (the same page cited by two reports)
    added = {
        "sources": 2,
        "reports": 3,
        "documents": 2,
        "strikes": 2,
        "assessments": 3,
        "gradings": 1,
        "victims": 2,
    }
    positions = []
    for kind, number in added.items():
        name = f"{kind}.{'json' if kind == 'documents' else 'csv'}"
        line = f"{DATASET / name}: {number} added, 0 already recorded"
        assert line in output
        positions.append(output.index(line))
    assert positions == sorted(positions)
    code, output = civcas(database, "import", "all", str(DATASET))
    assert code == 0, output
    for kind, number in added.items():
        name = f"{kind}.{'json' if kind == 'documents' else 'csv'}"
        assert f"{DATASET / name}: 0 added, {number} already recorded" in output
    assert reports_in(database) == 3


def test_one_bad_file_in_a_directory_imports_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    for path in DATASET.iterdir():
        (directory / path.name).write_bytes(path.read_bytes())
    with (directory / "victims.csv").open("a", encoding="utf-8") as victims:
        victims.write("Airwars,AW-1,V-3,,male,200,adult,killed\n")
    database = tmp_path / "ledger.db"
    code, output = civcas(database, "import", "all", str(directory))
    assert code != 0
    assert "line 4: age:" in output
    assert reports_in(database) == 0
    engine = open_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Source)) == 0
    engine.dispose()


def test_export_from_the_command_line(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    assert civcas(database, "import", "all", str(DATASET))[0] == 0
    code, output = civcas(database, "export", str(tmp_path / "public"), "--public")
    assert code == 0, output
    names = sorted(path.name for path in (tmp_path / "public").iterdir())
    assert names == [
        "assessments.csv",
        "documents.csv",
        "gradings.csv",
        "reports.csv",
        "sources.csv",
        "strikes.csv",
    ]
    public = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "public").iterdir())
    assert "Umm Ahmad" not in public
    code, output = civcas(
        database, "export", str(tmp_path / "one"), "--kind", "reports", "--format", "json"
    )
    assert code == 0, output
    assert [path.name for path in (tmp_path / "one").iterdir()] == ["reports.json"]
    reports = json.loads((tmp_path / "one" / "reports.json").read_text(encoding="utf-8"))
    assert [(r["source"], r["external_id"]) for r in reports] == [
        ("Airwars", "AW-1"),
        ("Raqqa Is Being Slaughtered Silently", "RIBSS-88"),
        ("Umm Ahmad (witness)", "W-7"),
    ]
    assert reports[0]["received_at"] == "2017-03-18T06:15:00"
    assert reports[0]["latitude"] == 36.123456789


def test_a_value_that_looks_like_markup_is_printed_as_it_is(tmp_path: Path) -> None:
    """BUG (cli.py, `ledger`): refusals are printed with rich markup enabled and not escaped, so
    a value echoed in a reason is read as markup: `[/x]` crashes the command with MarkupError
    instead of a refusal, and `[red]` vanishes from the message. Fix: print
    `rich.markup.escape(str(refused))` (and escape field and message in the FieldError branch)."""
    path = tmp_path / "reports.csv"
    path.write_text(
        "external_id,source,source_type,date_start,country\n"
        "R-1,Airwars,monitor,2018-03-01,[/x]\n"
        "R-2,Airwars,monitor,2018-03-01,[red]\n",
        encoding="utf-8",
    )
    code, output = civcas(tmp_path / "ledger.db", "import", "reports", str(path))
    assert code == 1
    assert "line 2: country: '[/x]' is not an ISO 3166-1 country code" in output
    assert "line 3: country: '[red]' is not an ISO 3166-1 country code" in output


def test_published_data_sets_say_what_they_left_out_and_what_contradicts_itself(
    tmp_path: Path,
) -> None:
    """acled_event_types.csv: MLI1001 (violence against civilians), MLI1002 and MLI1007
    (explosions/remote violence) and MLI1006 (civilians targeted) can be allegations; MLI1003
    (battle), MLI1004 (protest) and MLI1005 (strategic development) cannot. In
    ucdp_ged_inconsistent.csv, 500002 to 500005 contradict themselves (low > high, best outside
    low..high, civilians above best); 500001 does not."""
    data = Path(__file__).parents[1] / "data" / "dataset"
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    acled = runner.invoke(
        app, ["--db", url, "import", "acled", str(data / "acled_event_types.csv")]
    )
    assert acled.exit_code == 0, acled.output
    words = " ".join(acled.output.split())
    assert "4 added, 0 already recorded" in words
    assert "3 events left out that cannot be allegations of civilian harm" in words
    every = runner.invoke(
        app,
        [
            "--db",
            f"sqlite:///{tmp_path / 'all.db'}",
            "import",
            "acled",
            "--all",
            str(data / "acled_event_types.csv"),
        ],
    )
    assert every.exit_code == 0 and "7 added" in " ".join(every.output.split())
    ged = runner.invoke(
        app, ["--db", url, "import", "ucdp-ged", str(data / "ucdp_ged_inconsistent.csv")]
    )
    assert ged.exit_code == 0, ged.output
    words = " ".join(ged.output.split())
    assert "5 added" in words and "4 rows inconsistent in the source" in words
    for event in ("500002", "500003", "500004", "500005"):
        assert f": {event}: " in words
    assert ": 500001: " not in words


def test_reject_writes_each_malformed_row_to_a_file_and_imports_the_rest(tmp_path: Path) -> None:
    """ucdp_ged_inconsistent.csv with 500003's latitude at 94 and a row of two fields added."""
    lines = (DATASET / "ucdp_ged_inconsistent.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("34.4811", "94.4811", 1)
    source = tmp_path / "ged.csv"
    source.write_text("\n".join([*lines, "500009,x"]) + "\n", encoding="utf-8")
    rejected = tmp_path / "rejected.csv"
    database = tmp_path / "ledger.db"
    code, output = civcas(database, "import", "ucdp-ged", str(source), "--reject", str(rejected))
    assert code == 0, output
    assert "4 added" in output and "2 malformed rows not imported" in output
    rows = rejected.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "line,field,reason"
    assert [row.split(",")[:2] for row in rows[1:]] == [["4", "latitude"], ["7", "row"]]
    assert reports_in(database) == 4
    assert not (tmp_path / "rejected.csv.partial").exists()


def test_reject_is_for_data_sets_only_and_needs_a_directory(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    reports = str(DATA / "reports_bad.csv")
    code, output = civcas(database, "import", "reports", reports, "--reject", "out.csv")
    assert code == 2 and "applies to ucdp-ged and acled files only" in output
    ged = str(DATASET / "ucdp_ged_inconsistent.csv")
    nowhere = str(tmp_path / "missing" / "out.csv")
    code, output = civcas(database, "import", "ucdp-ged", ged, "--reject", nowhere)
    assert code == 2 and "no directory" in output
    assert not database.exists()  # refused before the ledger is opened
