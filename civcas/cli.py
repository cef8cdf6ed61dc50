"""The `civcas` command: a thin shell over the ledger, intake, assessment and publication APIs."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake import KINDS, load, read_rows
from civcas.ledger.database import migrate, open_engine, resolve_url, transaction
from civcas.vocab import Outcome, ReasonCode, Role

app = typer.Typer(
    help="Record, assess and publish civilian-casualty allegations.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)


class Kind(StrEnum):
    """`all`, or one of the importable kinds (civcas.intake.KINDS, checked by a test)."""

    all = "all"
    sources = "sources"
    reports = "reports"
    documents = "documents"
    strikes = "strikes"
    assessments = "assessments"
    gradings = "gradings"
    victims = "victims"
    official_report = "official-report"
    ucdp_ged = "ucdp-ged"
    acled = "acled"
    strike_releases = "strike-releases"


PUBLISHED_KINDS = ("official-report", "ucdp-ged", "acled", "strike-releases")
"""Kinds read in their publisher's own format rather than civcas's (docs/formats.md)."""
Published = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="When the text was published (for relative dates)"),
]


ReportingMonth = Annotated[
    str | None,
    typer.Option(
        help="The reporting month (YYYY-MM) of an official report whose text does not name it"
    ),
]


class ParseFormat(StrEnum):
    table = "table"
    json = "json"


class FileFormat(StrEnum):
    csv = "csv"
    json = "json"


class StatementFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Language(StrEnum):
    """The languages of civcas's catalogs (civcas.i18n.LANGUAGES, checked by a test)."""

    en = "en"
    ar = "ar"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


SETTINGS_OPTION = typer.Option(
    help="Settings file (the [match] rule); default $CIVCAS_SETTINGS, else ./civcas.toml"
)
SHOWN = 50
"""Reports listed by `civcas match` as a table."""


class LinkChoice(StrEnum):
    reports = "reports"
    victims = "victims"


class Dimension(StrEnum):
    month = "month"
    event_month = "event_month"
    country = "country"
    source = "source"
    outcome = "outcome"


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(help="Database URL; default $CIVCAS_DATABASE_URL, else sqlite:///civcas.db"),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            envvar="CIVCAS_ACTOR",
            help="Who the audit log names for this command's changes; default system:$USER",
        ),
    ] = None,
) -> None:
    ctx.obj = resolve_url(db)
    if actor:
        from civcas.ledger.audit import set_actor

        set_actor(actor)


@contextmanager
def refusals() -> Iterator[None]:
    """A refused input ends the command with its reason (row, field, why) and exit status 1."""
    try:
        yield
    except IntakeError as refused:
        err.print(f"[bold red]Refused[/] {escape(str(refused))}", highlight=False)
        raise typer.Exit(1) from None
    except FieldError as refused:
        message = escape(f"{refused.field}: {refused.message}")
        err.print(f"[bold red]Refused[/] {message}", highlight=False)
        raise typer.Exit(1) from None


def text_of(path: Path, kind: str) -> str:
    """A text file as UTF-8, or a refusal naming the line that is not (as imports are read)."""
    from civcas.intake.readers import decode

    with refusals():
        return decode(path.read_bytes(), kind, str(path))


@contextmanager
def ledger(ctx: typer.Context) -> Iterator[Session]:
    """One transaction on the chosen database (migrated first); refusals end the command."""
    engine = open_engine(ctx.obj)
    try:
        with refusals():
            migrate(engine)
            with transaction(engine) as session:
                yield session
    finally:
        engine.dispose()


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="What the file holds; `all` reads a directory")],
    path: Annotated[Path, typer.Argument(exists=True, help="CSV or JSON file (or directory)")],
    file_format: Annotated[
        FileFormat | None, typer.Option("--format", help="Override the file suffix")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Where an official report was published (provenance)")
    ] = None,
    period: ReportingMonth = None,
    published: Published = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all",
            help="ACLED: every event, not only those that can be allegations of civilian harm",
        ),
    ] = False,
    encoding: Annotated[
        str,
        typer.Option(help="A UCDP GED or ACLED file's encoding, where it is not UTF-8 (cp1252)"),
    ] = "utf-8",
    reject: Annotated[
        Path | None,
        typer.Option(
            help="UCDP GED or ACLED: import the good rows and write each malformed one to this "
            "CSV file (line, field, reason) instead of refusing the file",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Import a file of one kind; a file with any bad row imports nothing (unless --reject).
    Besides civcas's own formats: a coalition monthly report's text (official-report), a UCDP
    GED or an ACLED export (ucdp-ged, acled), coalition strike releases (strike-releases: a
    release's text, or a directory of them, *.txt)."""
    if kind.value == "strike-releases":
        import_strike_releases(ctx, path, published.date() if published else None, url)
        return
    if reject is not None and kind.value not in ("ucdp-ged", "acled"):
        raise typer.BadParameter("applies to ucdp-ged and acled files only", param_hint="--reject")
    if reject is not None and not reject.resolve().parent.is_dir():
        raise typer.BadParameter(f"no directory {reject.parent} to write to", param_hint="--reject")
    if kind.value in PUBLISHED_KINDS:
        import_published(ctx, kind.value, path, url, period, all_events, encoding, reject)
        return
    files = (
        [
            (k, p)
            for k in KINDS
            for p in sorted(path.glob(f"{k}.*"))
            if p.suffix in (".csv", ".json")
        ]
        if kind.value == "all"
        else [(kind.value, path)]
    )
    with ledger(ctx) as session, progress_bar() as bar:
        task = bar.add_task("importing", total=len(files))
        for file_kind, file_path in files:
            bar.update(task, description=f"importing {file_path.name}")
            rows = read_rows(file_path, file_kind, file_format.value if file_format else None)
            result = load(session, file_kind, rows, source=str(file_path))
            out.print(f"{file_path}: {result.added} added, {result.unchanged} already recorded")
            bar.advance(task)


@app.command()
def export(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Directory to write KIND.csv/json files to")],
    kind: Annotated[Kind, typer.Option(help="Only this kind")] = Kind.all,
    file_format: Annotated[FileFormat, typer.Option("--format")] = FileFormat.csv,
    public: Annotated[
        bool, typer.Option(help="Leave out victims and withhold non-public sources' names")
    ] = False,
) -> None:
    """Export the ledger in the import formats (export → import is lossless)."""
    from civcas.publication.export import export_all, export_kind

    with ledger(ctx) as session:
        if kind.value == "all":
            counts = export_all(session, directory, file_format.value, public=public)
        else:
            directory.mkdir(parents=True, exist_ok=True)
            target = directory / f"{kind.value}.{file_format.value}"
            counts = {
                kind.value: export_kind(
                    session, kind.value, target, file_format.value, public=public
                )
            }
        log_exports(session, directory, counts, file_format.value, public)
    for name, count in counts.items():
        out.print(f"{directory / f'{name}.{file_format.value}'}: {count} rows")


def log_exports(
    session: Session, directory: Path, counts: dict[str, int], file_format: str, public: bool
) -> None:
    """Each file written, with its rows and SHA-256, in the audit log: who took what, when."""
    from civcas.ledger.audit import exported

    for name, count in counts.items():
        path = directory / f"{name}.{file_format}"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        exported(session, {"file": str(path), "kind": name, "public": public, "rows": count,
                           "sha256": digest})  # fmt: skip


@app.command()
def assess(
    ctx: typer.Context,
    report: Annotated[str, typer.Argument(help="The report's external id")],
    outcome: Annotated[Outcome, typer.Option(help="The decision")],
    reason: Annotated[
        ReasonCode | None,
        typer.Option(help="Reason code (default: the only one credible/duplicate/open admit)"),
    ] = None,
    explanation: Annotated[str | None, typer.Option(help="Free-text reason")] = None,
    killed: Annotated[int | None, typer.Option(help="Civilians killed (credible only)")] = None,
    injured: Annotated[int | None, typer.Option(help="Civilians injured (credible only)")] = None,
    duplicate_of: Annotated[str | None, typer.Option(help="External id of the original")] = None,
    source: Annotated[str | None, typer.Option(help="The report's source, if ids clash")] = None,
    assessor: Annotated[str | None, typer.Option(help="Who decides")] = None,
    at: Annotated[dt.datetime | None, typer.Option(help="Decision time (UTC); default now")] = None,
    seen: Annotated[
        int | None,
        typer.Option(
            "--seen-version",
            help="The report's version you decided on (`audit show`'s last seq): refused if "
            "it changed since",
        ),
    ] = None,
) -> None:
    """Record a decision on a report: credible, not credible, duplicate, or reopen (open)."""
    from civcas.assessment.workflow import assess as record

    with ledger(ctx) as session:
        decision = record(
            session,
            report,
            outcome,
            reason_code=reason,
            reason=explanation,
            killed=killed,
            injured=injured,
            duplicate_of=duplicate_of,
            source=source,
            assessor=assessor,
            decided_at=at,
            version=seen,
        )
        out.print(
            f"{report}: {decision.outcome.value} ({decision.reason_code.value}) "
            f"at {decision.decided_at.isoformat()}"
        )


def import_strike_releases(
    ctx: typer.Context, path: Path, published: dt.date | None, url: str | None
) -> None:
    """Strike releases into the strike log: each release's date is --published (one file), its
    dateline, or the date its file name starts with (2017-01-12_centcom.txt)."""
    from civcas.intake import strike_log

    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if published is not None and len(files) > 1:
        raise typer.BadParameter(
            "names one release's date: import one file", param_hint="--published"
        )
    releases = [
        strike_log.ReleaseText(
            str(file), text_of(file, "strike-releases"), published or _named_day(file), url
        )
        for file in files
    ]
    with refusals(), ledger(ctx) as session:
        done = strike_log.import_strike_releases(session, releases)
    out.print(
        f"{path}: {done.releases} release(s): {done.added} strike-log entries added, "
        f"{done.unchanged} already recorded"
    )
    for note in done.differing:
        out.print(f"[yellow]reported again with another count[/] {note}")
    for note in done.unplaced:
        out.print(f"[yellow]not stored[/] {note}")
    for name, check in done.checks:
        out.print(
            f"[yellow]does not add up[/] {name}: {check.date} {check.country}: "
            f"{check.listed} strikes listed, {check.stated} stated"
        )


def _named_day(path: Path) -> dt.date | None:
    """The date a file's name starts with (2017-01-12_centcom.txt), if it does."""
    try:
        return dt.date.fromisoformat(path.name[:10])
    except ValueError:
        return None


def import_published(
    ctx: typer.Context,
    kind: str,
    path: Path,
    url: str | None,
    period: str | None,
    all_events: bool,
    encoding: str,
    reject: Path | None = None,
) -> None:
    if kind == "official-report":
        from civcas.intake.releases import import_release

        with ledger(ctx) as session:
            done = import_release(session, text_of(path, kind), url=url, period=period)
            rows = published_rows(session, done.period)
        out.print(
            f"{path}: release for {done.period}: {done.claims.added} figures recorded as the "
            f"coalition's claims ({done.claims.unchanged} already recorded), "
            f"{done.reports_added} reports and {done.assessments_added} assessments added"
        )
        for note in done.notes:
            out.print(f"[yellow]not read[/] {note.field}: line {note.line}: {note.message}")
        for external_id in done.unresolved_duplicates:
            out.print(
                f"[yellow]left open[/] {external_id}: a duplicate of a report the ledger does not "
                "hold; record its original, then `civcas assess` it"
            )
        print_table(rows)
        return
    from civcas.intake.acled import ACLED
    from civcas.intake.datasets import import_dataset
    from civcas.intake.ucdp import UCDP_GED

    dataset = UCDP_GED if kind == "ucdp-ged" else ACLED
    with ledger(ctx) as session, progress_bar() as bar:
        task = bar.add_task(f"importing {path.name}", total=None)
        result = import_dataset(
            session,
            path,
            dataset,
            progress=lambda done: bar.update(task, completed=done),
            all_events=all_events,
            encoding=encoding,
            reject=reject is not None,
        )
    out.print(f"{path}: {result.added} added, {result.unchanged} already recorded")
    if reject is not None:
        write_rejected(reject, result.rejected)
        out.print(
            f"[yellow]{len(result.rejected):,} malformed rows not imported[/], each written to "
            f"{reject} with its line, field and reason",
            highlight=False,
        )
    if result.skipped:
        out.print(
            f"{result.skipped:,} events left out that cannot be allegations of civilian harm "
            "(--all imports every event)"
        )
    if result.inconsistent:
        out.print(
            f"[yellow]{len(result.inconsistent):,} rows inconsistent in the source[/], imported "
            "as stated (each report's data quality says why):"
        )
        for row in result.inconsistent[:SHOWN]:
            out.print(f"  {row.location}: {row.external_id}: {row.reason}", highlight=False)


def write_rejected(path: Path, rejected: Sequence[RowError]) -> None:
    """The malformed rows an import left out, one per line (header only if none), written
    whole or not at all: a file cut short would look like fewer rejected rows."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["line", "field", "reason"])
        for error in rejected:
            writer.writerow([error.location.removeprefix("line "), error.field, error.reason])
    partial.replace(path)


def published_rows(session: Session, period: str) -> list[dict[str, Any]]:
    """The month's published figures beside the computed ones, differences marked."""
    from civcas.claims.parties import COALITION
    from civcas.publication.published import published_beside_computed

    return [
        {
            "figure": row.figure,
            "published": "—" if row.published is None else row.published,
            "computed": row.computed,
            "": "differs" if row.differs else "",
        }
        for row in published_beside_computed(session, period, COALITION)
    ]


@app.command()
def statement(
    ctx: typer.Context,
    month: Annotated[str, typer.Option(help="The month, YYYY-MM")],
    file_format: Annotated[StatementFormat, typer.Option("--format")] = StatementFormat.text,
    language: Annotated[
        Language, typer.Option(help="The language of the text and Markdown forms")
    ] = Language.en,
) -> None:
    """The monthly statement in the published form, computed from the ledger alone (a
    simulated ledger's says so first)."""
    from civcas.i18n import words
    from civcas.publication import RENDERERS, compute_statement

    with ledger(ctx) as session:
        figures = compute_statement(session, month)
    typer.echo(RENDERERS[file_format.value](figures, words(language.value)), nl=False)


@app.command()
def tally(
    ctx: typer.Context,
    by: Annotated[Dimension, typer.Option(help="Group by")] = Dimension.month,
    file_format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """The tables behind the statement: per month; reports by the month their event happened
    (event_month: a research data set's events by when they happened, not when imported); or
    reports by country, source or outcome."""
    from civcas.publication import load_timeline
    from civcas.publication import tally as count
    from civcas.publication.tally import columns_of

    with ledger(ctx) as session:
        timeline = load_timeline(session)
    if timeline.simulated:
        say_simulated(file_format)
    WRITERS[file_format.value](count(timeline, by.value), columns_of(by.value))


def say_simulated(file_format: TableFormat) -> None:
    """A simulated ledger's notice: beside a table; on stderr, so CSV and JSON stay what they
    are."""
    from civcas.i18n import words
    from civcas.publication.render import simulated_notice

    console = out if file_format is TableFormat.table else err
    console.print(f"[bold]{escape(simulated_notice(words()))}[/]", highlight=False)


def print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("(no data)")
        return
    table = Table(*rows[0], show_lines=False)
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()))
    out.print(table)


def print_csv(rows: list[dict[str, Any]], columns: Sequence[str] = ()) -> None:
    """The rows as CSV; with no rows, the header alone where the columns are known, so that a
    script reading the output finds the columns it expects."""
    fieldnames = list(rows[0]) if rows else list(columns)
    if fieldnames:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)


WRITERS: dict[str, Callable[..., None]] = {
    "table": lambda rows, columns=(): print_table(rows),
    "csv": print_csv,
    "json": lambda rows, columns=(): typer.echo(json.dumps(rows, indent=2, ensure_ascii=False)),
}


@app.command("check-dismissals")
def check_dismissals_command(
    ctx: typer.Context,
    file_format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    settings: Annotated[Path | None, SETTINGS_OPTION] = None,
) -> None:
    """Not-credible decisions whose stated reason the ledger contradicts: "no strikes in the
    area" while the strike log has candidate strikes (the matching rule of `civcas match`), "no
    civilians harmed" or "insufficient evidence" while a monitor graded it confirmed or fair.
    Questions for the assessors; nothing is changed."""
    from civcas.assessment import dismissals
    from civcas.ledger.simulated import holds_simulated_data
    from civcas.settings import match_rule

    with ledger(ctx) as session:
        found = dismissals.check_dismissals(session, match_rule(settings))
        simulated = holds_simulated_data(session)
    if simulated:
        say_simulated(file_format)
    if file_format is TableFormat.json:
        typer.echo(json.dumps([dismissals.as_json(d) for d in found], indent=2, ensure_ascii=False))
        return
    WRITERS[file_format.value]([dismissals.as_row(d) for d in found], dismissals.FLAT_COLUMNS)


@app.command("match")
def match_command(
    ctx: typer.Context,
    since: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Also re-match reports received on or after"),
    ] = None,
    file_format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    settings: Annotated[Path | None, SETTINGS_OPTION] = None,
) -> None:
    """Find the strikes that could have caused each allegation, and store them as evidence.

    Only what changed is matched: new reports against the whole strike log, earlier reports
    against new strikes. CSV and JSON print one row per stored pair of each report matched, the
    table one row per report.
    Where no strike matches, the report's evidence suggests `not_credible`, `no_strikes_in_area`:
    a suggestion for the assessor, never a decision."""
    from civcas.evidence.store import PAIR_COLUMNS, evidence_of, match, pair_records
    from civcas.evidence.summary import describe
    from civcas.settings import match_rule

    with ledger(ctx) as session:
        run = match(session, match_rule(settings), since=since and since.date())
        if file_format is not TableFormat.table:
            WRITERS[file_format.value](list(pair_records(session, run.report_ids)), PAIR_COLUMNS)
            return
        summaries = evidence_of(session, run.report_ids[:SHOWN])
    print_table(
        [
            {
                "report": f"{source} {external_id}",
                "candidates": evidence.candidates,
                "evidence": describe(evidence),
                "suggested": evidence.suggested_reason or "",
            }
            for source, external_id, evidence in summaries
        ]
    )
    reports = len(run.report_ids)
    if reports > SHOWN:
        out.print(f"(the first {SHOWN} reports shown)")
    out.print(
        f"matched {reports:,} report(s): {run.matched_fully:,} against the whole strike log, "
        f"{run.matched_newer:,} against new strikes only; {run.pairs:,} candidate pair(s) stored"
    )


@app.command()
def demo(
    ctx: typer.Context,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same data")
    ] = 2018,
) -> None:
    """Load the calibrated demo scenario (Iraq and Syria, 2014–2019); loading twice adds nothing."""
    from civcas.demo import load_demo

    with ledger(ctx) as session, progress_bar() as bar:
        task = bar.add_task("demo", total=None)

        def step(kind: str, rows: int) -> None:
            bar.update(task, description=f"loading {rows:,} demo {kind}", advance=1)

        added = load_demo(session, seed, progress=step)
    for kind, count in added.items():
        out.print(f"demo {kind}: {count:,} added")


@app.command("migrate")
def migrate_command(ctx: typer.Context) -> None:
    """Create or upgrade the database schema (every other command does this first)."""
    with ledger(ctx):
        pass
    out.print(f"database at the newest schema: {ctx.obj}")


link_app = typer.Typer(
    help="Link reports of one event into incidents, and names of one person into a person.",
    no_args_is_help=True,
)
app.add_typer(link_app, name="link")


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


LinkEngine = Annotated[EngineChoice, typer.Option(help="DuckDB in-process, or Spark")]
SparkMaster = Annotated[str | None, typer.Option(help="Spark master URL (default local[2])")]
Threshold = Annotated[
    float | None,
    typer.Option(help="Match probability that links [default: reports 0.995, victims 0.9]"),
]
ReviewLow = Annotated[float, typer.Option(help="Review band, lower end")]
ReviewHigh = Annotated[
    float | None, typer.Option(help="Review band, upper end [default: the threshold]")
]
StoredModel = Annotated[
    Path | None, typer.Option(help="A stored run's model JSON: repeat it, no training")
]


@link_app.command("reports")
def link_reports(
    ctx: typer.Context,
    engine: LinkEngine = EngineChoice.duckdb,
    master: SparkMaster = None,
    threshold: Threshold = None,
    review_low: ReviewLow = 0.5,
    review_high: ReviewHigh = None,
    model: StoredModel = None,
    within_source: Annotated[
        bool,
        typer.Option(
            "--within-source",
            help="Also compare a source's reports with each other (by default a source, such as "
            "a research data set, describes each event once)",
        ),
    ] = False,
) -> None:
    """Join reports of the same event into incidents (Splink); uncertain pairs go to review.

    People's decisions (`civcas link decide`) are respected: confirmed pairs are joined,
    rejected pairs never joined directly; a rejected pair still joined through others is listed."""
    run_link_command(
        ctx, "reports", engine, master, threshold, (review_low, review_high), model, within_source
    )


@link_app.command("victims")
def link_victims(
    ctx: typer.Context,
    engine: LinkEngine = EngineChoice.duckdb,
    master: SparkMaster = None,
    threshold: Threshold = None,
    review_low: ReviewLow = 0.5,
    review_high: ReviewHigh = None,
    model: StoredModel = None,
) -> None:
    """Join the names of one person on several lists (Latin or Arabic script, transliteration
    variants) into one person; uncertain pairs go to review; decisions are respected."""
    run_link_command(ctx, "victims", engine, master, threshold, (review_low, review_high), model)


GROUPS = {"reports": "incidents of two or more reports", "victims": "people named more than once"}


def run_link_command(
    ctx: typer.Context,
    kind_name: str,
    engine: EngineChoice,
    master: str | None,
    threshold: float | None,
    review_band: tuple[float, float | None],
    model: Path | None,
    within_source: bool = False,
) -> None:
    from civcas.linking.reports import incidents
    from civcas.linking.store import JOBS, clusters, run_link
    from civcas.vocab import LinkKind

    kind = LinkKind(kind_name)
    threshold = JOBS[kind].threshold if threshold is None else threshold
    low, high = review_band
    with ledger(ctx) as session:
        done = run_link(
            session,
            kind,
            engine=engine.value,
            master=master,
            threshold=threshold,
            review_band=(low, threshold if high is None else high),
            model_json=model.read_text(encoding="utf-8") if model else None,
            within_source=within_source,
        )
        groups, run = clusters(session, kind), done.run
        for note in done.notes:
            out.print(f"[yellow]note[/] {note}", highlight=False)
        out.print(
            f"link run {run.id} ({run.engine}): {run.records:,} {kind_name}, "
            f"{len(groups):,} {GROUPS[kind_name]} ({sum(map(len, groups.values())):,} records); "
            f"{run.pairs:,} pairs scored; review queue: `civcas link review {kind_name}`"
        )
        if kind is LinkKind.REPORTS:
            print_incidents(incidents(session, groups)[:SHOWN])
        for row in done.conflicts.to_dict("records"):
            chain = " - ".join(str(i) for i in row["path"])
            out.print(
                f"[bold yellow]conflict[/] {row['unique_id_l']} and {row['unique_id_r']} were "
                f"decided different but are joined through {chain}"
            )


def print_incidents(found: list[Any]) -> None:
    """The largest incidents: their reports and the killed range derived from them."""
    print_table(
        [
            {
                "incident": incident.id,
                "reports": ", ".join(map(str, incident.report_ids)),
                "killed": "—" if incident.killed is None else "–".join(map(str, incident.killed)),
            }
            for incident in found
        ]
    )


@link_app.command("review")
def link_review(
    ctx: typer.Context,
    kind: Annotated[LinkChoice, typer.Argument(help="reports or victims")],
    limit: Annotated[int, typer.Option(min=1, help="Pairs to show")] = 20,
) -> None:
    """The clerical review queue: undecided pairs of the latest run, most likely first, the two
    records side by side with the level each comparison reached."""
    from civcas.linking.review import side_by_side
    from civcas.linking.store import review_queue
    from civcas.vocab import LinkKind

    with ledger(ctx) as session:
        queue = review_queue(session, LinkKind(kind.value))
        for pair in queue[:limit]:
            table = Table(
                f"{pair.left_id} · {pair.right_id}",
                str(pair.left_id),
                str(pair.right_id),
                title=f"p = {pair.match_probability:.3f}, weight {pair.match_weight:+.2f}",
            )
            for label, left, right in side_by_side(session, LinkKind(kind.value), pair):
                table.add_row(label, left, right)
            out.print(table)
    out.print(
        f"{len(queue):,} pair(s) to review; decide with "
        f"`civcas link decide {kind.value} LEFT RIGHT --same|--different --by NAME`"
    )


@link_app.command("decide")
def link_decide(
    ctx: typer.Context,
    kind: Annotated[LinkChoice, typer.Argument(help="reports or victims")],
    left: Annotated[int, typer.Argument(help="One record's id")],
    right: Annotated[int, typer.Argument(help="The other's")],
    same: Annotated[bool, typer.Option("--same/--different", help="The verdict")],
    by: Annotated[str, typer.Option(help="Who decides")],
    note: Annotated[str | None, typer.Option(help="Why")] = None,
) -> None:
    """Record a person's verdict on a pair; every later run respects it."""
    from civcas.linking.store import decide
    from civcas.vocab import LinkKind

    with ledger(ctx) as session:
        decide(session, LinkKind(kind.value), left, right, same=same, decided_by=by, note=note)
    verdict = "the same" if same else "different"
    out.print(f"recorded: {kind.value} {left} and {right} are {verdict} (by {by})")


@link_app.command("decisions")
def link_decisions(
    ctx: typer.Context,
    kind: Annotated[LinkChoice, typer.Argument(help="reports or victims")],
    record: Annotated[int | None, typer.Option(help="Only pairs with this record")] = None,
) -> None:
    """Every verdict people recorded, oldest first, none ever edited: who decided, when, why.
    The latest verdict on a pair is the one runs respect."""
    from civcas.linking.store import decision_history
    from civcas.vocab import LinkKind

    with ledger(ctx) as session:
        decisions = decision_history(session, LinkKind(kind.value), record)
        rows = [
            {
                "decided_at": f"{d.decided_at:%Y-%m-%d %H:%M}",
                "pair": f"{d.left_id} · {d.right_id}",
                "verdict": "same" if d.same else "different",
                "by": d.decided_by,
                "note": d.note or "",
            }
            for d in decisions
        ]
    if not rows:
        out.print(f"no decisions on {kind.value} yet")
        return
    print_table(rows)


SHOWN_MODELS = 12


class RankBy(StrEnum):
    aic = "aic"
    bic = "bic"


@app.command()
def estimate(
    ctx: typer.Context,
    overlaps: Annotated[
        Path | None,
        typer.Option(exists=True, help="CSV: a 0/1 column per list and a `count` column"),
    ] = None,
    lists: Annotated[
        str | None,
        typer.Option(help="Without --overlaps: sources whose named dead are the lists, A,B,C"),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help="Without --overlaps: stratify by period, governorate or country"),
    ] = None,
    file_format: Annotated[ParseFormat, typer.Option("--format")] = ParseFormat.table,
    rank_by: Annotated[RankBy, typer.Option(help="Rank models by")] = RankBy.aic,
    intervals: Annotated[
        int, typer.Option(min=0, help="Profile intervals for this many best models")
    ] = 10,
    with_lcmcr: Annotated[
        bool, typer.Option("--lcmcr", help="Also run the latent-class model (LCMCR)")
    ] = False,
    iterations: Annotated[int, typer.Option(min=100, help="LCMCR iterations")] = 10_000,
    seed: Annotated[int, typer.Option(help="LCMCR random seed")] = 0,
    chart: Annotated[
        Path | None,
        typer.Option(help="Also draw documented vs estimated per stratum to FILE.svg or .png"),
    ] = None,
    language: Annotated[
        Language, typer.Option(help="The language of the explanation in words")
    ] = Language.en,
) -> None:
    """How many were killed, counting those no list recorded: multiple systems estimation
    (log-linear models ranked by AIC/BIC, Chapman for two lists, optionally LCMCR), from an
    overlap table or from the ledger's linked victims (each source's named dead one list),
    each stratum explained in words and, with --chart, drawn."""
    from civcas.estimation.lists import ledger_overlaps
    from civcas.estimation.report import Settings, read_overlaps
    from civcas.estimation.report import estimate as run_estimate
    from civcas.i18n import words

    if chart is not None:
        from civcas.estimation.chart import chart_format, write_chart

        try:
            chart_format(chart)
        except ValueError as refused:
            raise typer.BadParameter(str(refused), param_hint="'--chart'") from None
    if overlaps is not None:
        with refusals():
            tables = {"all": read_overlaps(overlaps)}
    else:
        chosen = [name.strip() for name in lists.split(",")] if lists else None
        with ledger(ctx) as session:
            tables = ledger_overlaps(session, chosen, by)
    settings = Settings(rank_by.value, intervals, with_lcmcr, iterations, seed)
    said = words(language.value)
    found = {
        stratum: run_estimate(table, settings, stratum, said) for stratum, table in tables.items()
    }
    if chart is not None:
        try:
            write_chart(found, chart)
        except OSError as failed:
            raise typer.BadParameter(str(failed), param_hint="'--chart'") from None
        err.print(f"chart written to {escape(str(chart))}", highlight=False)
    if file_format is ParseFormat.json:
        typer.echo(json.dumps(found["all"] if list(found) == ["all"] else found, indent=2))
        return
    for stratum, result in found.items():
        print_estimate(stratum, result)
    out.print(next(iter(found.values()))["assumptions"] if found else "no one documented")


def print_estimate(stratum: str, found: dict[str, Any]) -> None:
    heading = "" if stratum == "all" else f"{stratum}: "
    out.print(f"{heading}documented (on at least one list): {found['observed']:,}")
    models = found["models"]
    print_table([estimate_row(model) for model in models[:SHOWN_MODELS]])
    if len(models) > SHOWN_MODELS:
        out.print(f"… and {len(models) - SHOWN_MODELS:,} more models (all in --format json)")
    if "lcmcr" in found:
        posterior = found["lcmcr"]
        out.print(
            f"LCMCR (latent classes): median {posterior['n_hat']:,.0f}, 95% credible interval "
            f"{posterior['ci_low']:,.0f}–{posterior['ci_high']:,.0f}"
        )
    for warning in found["warnings"]:
        out.print(f"[yellow]warning[/] {escape(warning)}")
    out.print(escape(found["explanation"]))


def estimate_row(model: dict[str, Any]) -> dict[str, Any]:
    def shown(value: float | None, digits: int = 0) -> str:
        return "—" if value is None else f"{value:,.{digits}f}"

    return {
        "model": model["name"],
        "estimate": shown(model["n_hat"]),
        "95% interval": f"{shown(model['ci_low'])}–{shown(model['ci_high'])}",
        "deviance": shown(model["deviance"], 2),
        "df": "—" if model["df"] is None else model["df"],
        "AIC": shown(model["aic"], 2),
    }


parse_app = typer.Typer(help="Read a published document without storing it.", no_args_is_help=True)
app.add_typer(parse_app, name="parse")


@parse_app.command("official-report")
def parse_official(
    path: Annotated[Path, typer.Argument(exists=True, help="The release's text")],
    file_format: Annotated[ParseFormat, typer.Option("--format")] = ParseFormat.table,
    period: ReportingMonth = None,
) -> None:
    """The headline figures of a coalition monthly report (the keys of `civcas statement`,
    null where it does not say), its listed allegations, notes on what was read but not taken,
    and, for each blank figure, the sentences that may hold it."""
    from civcas.intake.official_report import parse_official_report

    with refusals():
        release = parse_official_report(text_of(path, "official-report"), period)
    allegations = [
        {
            "line": a.line,
            "date": a.date.isoformat() if a.date else None,
            "place": a.place,
            "country": a.country,
            "channel": a.channel,
            "outcome": a.outcome.value,
            "reason_code": a.reason_code.value,
            "killed": a.killed,
            "injured": a.injured,
        }
        for a in release.allegations
    ]
    notes = [
        {"line": note.line, "field": note.field, "note": note.message}
        for note in [*release.notes, *release.unread_entries]
    ]
    unread = {
        name: [{"line": hint.line, "sentence": hint.sentence} for hint in found]
        for name, found in release.hints.items()
    }
    if file_format is ParseFormat.json:
        parsed = release.figures | {
            "released": release.released.isoformat() if release.released else None,
            "allegations": allegations,
            "notes": notes,
            "unread": unread,
        }
        typer.echo(json.dumps(parsed, indent=2))
        return
    print_table(
        [{"figure": k, "value": "—" if v is None else v} for k, v in release.figures.items()]
    )
    print_table([{k: "" if v is None else v for k, v in a.items()} for a in allegations])
    for rows in (notes, [{"figure": k, **hint} for k, found in unread.items() for hint in found]):
        if rows:
            print_table(rows)


claims_app = typer.Typer(
    help="Figures attributed to someone: the coalition, monitors, the press.",
    no_args_is_help=True,
)
app.add_typer(claims_app, name="claims")
ArticleUrl = Annotated[
    str | None,
    typer.Option(
        help="Where the article was published; on a party's own site (syriahr.com, airwars.org "
        "…) what the writer states unattributed is that party's"
    ),
]


@parse_app.command("strike-release")
def parse_strike_release(
    path: Annotated[Path, typer.Argument(exists=True, help="The release's text")],
    published: Published = None,
    file_format: Annotated[ParseFormat, typer.Option("--format")] = ParseFormat.table,
) -> None:
    """A coalition strike release as strike-log entries (day, country, place geocoded offline,
    strikes, engagements, targets), the totals it states, and whether its places add up to
    them. Without --published, the release's dateline gives the day "yesterday" counts from."""
    from civcas.intake import strike_release

    with refusals():
        release = strike_release.parse_strike_release(
            text_of(path, "strike-release"), published.date() if published else None
        )
    parsed = strike_release.as_json(release)
    if file_format is ParseFormat.json:
        typer.echo(json.dumps(parsed, indent=2))
        return
    shown = {
        "strikes": (
            "line",
            "date",
            "country",
            "place",
            "strikes",
            "engagements",
            "location_precision",
        ),
        "totals": ("line", "date", "date_end", "country", "strikes", "engagements"),
        "checks": ("date", "country", "stated", "listed", "adds_up"),
    }
    for name, columns in shown.items():
        rows = [{c: "" if row[c] is None else str(row[c]) for c in columns} for row in parsed[name]]
        if rows:
            print_table(rows)


@claims_app.command("extract")
def claims_extract(
    path: Annotated[Path, typer.Argument(exists=True, help="An article's text")],
    published: Published = None,
    url: ArticleUrl = None,
    file_format: Annotated[ParseFormat, typer.Option("--format")] = ParseFormat.table,
) -> None:
    """List the figures an article attributes, with their scope and the sentence each came
    from."""
    from civcas.claims.extract import extract_claims
    from civcas.claims.parties import publisher

    found = extract_claims(
        text_of(path, "article"), published.date() if published else None, publisher(url)
    )
    rows = [
        {
            "claimant": claim.claimant,
            "measure": claim.measure.value,
            "value_min": claim.value_min,
            "value_max": claim.value_max,
            "period_start": claim.period_start.isoformat() if claim.period_start else None,
            "period_end": claim.period_end.isoformat() if claim.period_end else None,
            "place": claim.place,
            "perpetrator": claim.perpetrator,
            "start": claim.start,
            "end": claim.end,
        }
        for claim in found
    ]
    if file_format is ParseFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    print_table([{k: "" if v is None else v for k, v in row.items()} for row in rows])


@claims_app.command("import")
def claims_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, help="An article's text")],
    published: Published = None,
    url: ArticleUrl = None,
) -> None:
    """Store the article (hashed) and the figures it attributes, as claims; again adds nothing."""
    from civcas.claims.extract import extract_claims
    from civcas.claims.parties import publisher
    from civcas.claims.store import Figure, record_claims

    text = text_of(path, "article")
    day = published.date() if published else None
    figures = [
        Figure(
            c.claimant,
            c.measure,
            c.value_min,
            c.value_max,
            c.period_start,
            c.period_end,
            c.start,
            c.end,
            c.place,
            c.perpetrator,
        )
        for c in extract_claims(text, day, publisher(url))
    ]
    with ledger(ctx) as session:
        done = record_claims(session, text, figures, url=url, stated_on=day)
    out.print(f"{path}: {done.added} claims recorded, {done.unchanged} already recorded")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The backup file to write (a zip)")],
) -> None:
    """Write the whole ledger, audit chain included, to one file: a zip of JSON lines per table
    and a manifest of their SHA-256s, read in one consistent transaction."""
    from civcas.ledger.backup import backup

    engine = open_engine(ctx.obj)
    try:
        with refusals():
            manifest = backup(engine, path)
    finally:
        engine.dispose()
    out.print(f"{path}: {len(manifest.tables)} tables, {manifest.rows:,} rows", soft_wrap=True)
    out.print(f"audit chain: {manifest.audit_events:,} events, head {manifest.audit_head}",
              soft_wrap=True)  # fmt: skip


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file written by `civcas backup`")],
) -> None:
    """Restore a backup into an empty database: every file checked against its manifest first,
    then all rows in one transaction, kept only if the audit chain verifies at the backup's head."""
    from civcas.ledger.backup import restore

    engine = open_engine(ctx.obj)
    try:
        with refusals():
            migrate(engine)
            manifest = restore(engine, path)
    finally:
        engine.dispose()
    for name, entry in manifest.tables.items():
        out.print(f"{name}: {entry.rows:,} rows")
    out.print(f"{path}: {len(manifest.tables)} tables, {manifest.rows:,} rows restored",
              soft_wrap=True)  # fmt: skip
    out.print(f"audit chain intact: {manifest.audit_events:,} events, head {manifest.audit_head}",
              soft_wrap=True)  # fmt: skip


audit_app = typer.Typer(
    help="The tamper-evident history of every change and export.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    expect_head: Annotated[
        str | None, typer.Option(help="The head hash noted earlier: fail if the chain moved off it")
    ] = None,
) -> None:
    """Walk the audit chain and every audited table; name each event altered, removed or added
    and each row edited, inserted or deleted behind civcas's back (exit status 1 if any)."""
    from civcas.ledger.audit import verify

    with ledger(ctx) as session:
        found = verify(session)
    out.print(f"audit chain: {found.events:,} events, head {found.head}", soft_wrap=True)
    problems = [str(finding) for finding in found.findings]
    if expect_head and expect_head != found.head:
        problems.insert(0, f"chain: the head is not {expect_head}")
    for problem in problems:
        err.print(f"[bold red]{escape(problem)}[/]", highlight=False, soft_wrap=True)
    if problems:
        err.print(f"{len(problems):,} problem(s): the ledger is not as civcas recorded it")
        raise typer.Exit(1)
    out.print("intact: every audited row is as the chain last recorded it")


@audit_app.command("show")
def audit_show(
    ctx: typer.Context,
    report: Annotated[int, typer.Argument(help="The report's id (as on its register page)")],
    file_format: Annotated[ParseFormat, typer.Option("--format")] = ParseFormat.table,
) -> None:
    """One report's history: its own changes and those of its assessments, gradings, victims
    and documents, oldest first, with who made each and when."""
    from civcas.ledger.audit import history

    with ledger(ctx) as session:
        events = [audit_row(event) for event in history(session, report)]
    if not events:
        err.print(f"no audit events for report {report}")
        raise typer.Exit(1)
    if file_format is ParseFormat.json:
        typer.echo(json.dumps(events, indent=2, ensure_ascii=False))
        return
    for event in events:
        where = f"{event['table']} {event['row']}"
        line = f"{event['seq']:>6}  {event['at']}  {event['actor']}  {event['action']} {where}"
        out.print(f"{escape(line)}: {escape(change_summary(event))}", soft_wrap=True)


def audit_row(event: Any) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(sep=" ", timespec="seconds"),
        "actor": event.actor,
        "action": event.action,
        "table": event.table_name,
        "row": event.row_key,
        "before": json.loads(event.before) if event.before else None,
        "after": json.loads(event.after) if event.after else None,
        "hash": event.hash,
    }


def change_summary(event: dict[str, Any]) -> str:
    """What an event changed, in a line: the fields an update altered, old → new."""
    from civcas.ledger.audit import changed_fields

    if not event["before"]:
        return "created"
    changed = changed_fields(event["before"], event["after"])
    return "; ".join(f"{name}: {old} → {new}" for name, (old, new) in changed.items())


evidence_app = typer.Typer(help="The documents behind the allegations.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("verify")
def evidence_verify(ctx: typer.Context) -> None:
    """Fixity check: re-hash every archived document and name each whose content no longer has
    the SHA-256 recorded at intake (exit status 1 if any)."""
    from civcas.evidence.fixity import check_fixity

    with ledger(ctx) as session:
        found = check_fixity(session)
    out.print(
        f"{found.checked:,} documents re-hashed; {found.hash_only:,} held only by their hash "
        "(no archived text to re-check)"
    )
    for bad in found.mismatches:
        err.print(
            f"[bold red]document {bad.document_id}[/] ({escape(bad.url or 'no URL')}): recorded "
            f"{bad.recorded}, content now hashes to {bad.computed}",
            highlight=False,
            soft_wrap=True,
        )
    if found.mismatches:
        err.print(f"{len(found.mismatches):,} document(s) altered since intake")
        raise typer.Exit(1)
    out.print("every archived document matches its recorded SHA-256")


user_app = typer.Typer(help="Workspace users and their API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Sign-in name")],
    role: Annotated[Role, typer.Option(help="analyst, reviewer (closes assessments) or admin")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="CIVCAS_PASSWORD",
            help="At least 10 characters; prompted for when not given",
        ),
    ],
) -> None:
    """Create a user of the analysts' workspace."""
    from civcas.accounts import add_user

    with ledger(ctx) as session:
        user = add_user(session, name, role, password)
    out.print(f"user {user.name!r} added as {user.role.value}")


@user_app.command("token")
def user_token(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user's sign-in name")]
) -> None:
    """Issue a new API token for a user (replacing the old one) and print it once."""
    from sqlalchemy import select

    from civcas.accounts import issue_token
    from civcas.ledger.models import User

    with ledger(ctx) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise FieldError("name", f"no user {name!r}")
        token = issue_token(session, user)
    typer.echo(token)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (one per core)")] = 1,
    settings: Annotated[Path | None, SETTINGS_OPTION] = None,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            show_default=False,
            help="Mark the session cookie Secure (HTTPS only) and send Strict-Transport-Security "
            "on every answer: for a site behind HTTPS (a TLS proxy in front). Default: "
            "$CIVCAS_SECURE_COOKIES, else off, so that plain http on localhost works",
        ),
    ] = None,
) -> None:
    """Serve the public site, the analysts' workspace and the REST API."""
    import os
    import secrets

    import uvicorn

    from civcas.ledger.database import URL_VARIABLE
    from civcas.settings import SECURE_COOKIES_VARIABLE, SETTINGS_VARIABLE, match_rule
    from civcas.settings import secure_cookies as secure_setting
    from civcas.web.app import SECRET_VARIABLE

    # Workers are separate processes: they share the database, the session secret, the cookie
    # setting and the settings file through the environment.
    os.environ[URL_VARIABLE] = ctx.obj
    os.environ.setdefault(SECRET_VARIABLE, secrets.token_urlsafe(32))
    if settings is not None:
        os.environ[SETTINGS_VARIABLE] = str(settings)
    if secure_cookies is not None:
        os.environ[SECURE_COOKIES_VARIABLE] = "1" if secure_cookies else "0"
    with ledger(ctx):  # migrated, and a bad settings file stops here rather than on a page
        match_rule()
        secure = secure_setting()
    out.print(f"civcas is serving at http://{host}:{port}/  (API docs: /api/docs)")
    if secure:
        out.print("session cookies are Secure: sign in through the HTTPS address in front")
    uvicorn.run("civcas.web.asgi:app", host=host, port=port, workers=workers, log_level="warning")
