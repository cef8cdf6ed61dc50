"""The ledger's tables.

The rules a row must obey on its own (ranges, enums, which outcome may carry deaths) are also
CHECK constraints, so that no writer — civcas or raw SQL — can store a contradiction. Rules that
span rows (the assessment state machine, duplicate cycles) live in `civcas.assessment`.

Times are naive UTC datetimes: SQLite has no time zones, and one convention for both backends
keeps exports byte-identical across them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum as PyEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from civcas.vocab import (
    AgeGroup,
    DatePrecision,
    Grade,
    HarmStatus,
    LinkKind,
    LocationPrecision,
    MatchBasis,
    Measure,
    Outcome,
    ReasonCode,
    Role,
    Sex,
    SourceType,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def vocabulary(enum: type[PyEnum]) -> Enum:
    """A VARCHAR column holding an enum's values, checked by the database."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=32,
        name=enum.__name__.lower(),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def range_checks(prefix: str) -> list[CheckConstraint]:
    """min ≤ max and both ≥ 0, for one of the casualty ranges."""
    low, high = f"{prefix}_min", f"{prefix}_max"
    return [
        CheckConstraint(f"{low} >= 0", name=f"{low}_non_negative"),
        CheckConstraint(f"{low} <= {high}", name=f"{prefix}_min_le_max"),
        CheckConstraint(f"({low} IS NULL) = ({high} IS NULL)", name=f"{prefix}_both_or_neither"),
    ]


def coordinate_checks() -> list[CheckConstraint]:
    return [
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="coordinates_paired"),
    ]


def simulated_column() -> Mapped[bool]:
    """Whether the row is invented (`civcas demo`): a source's reports, gradings and victims and
    a strike-log entry inherit it, and a ledger holding any such row is a simulated ledger."""
    return mapped_column(default=False, server_default=false())


class Source(Base):
    """An organisation or channel that makes allegations, or a monitor that grades them."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[SourceType] = mapped_column(vocabulary(SourceType))
    public: Mapped[bool] = mapped_column(default=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text)
    simulated: Mapped[bool] = simulated_column()

    reports: Mapped[list[Report]] = relationship(back_populates="source")


report_documents = Table(
    "report_documents",
    Base.metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class Document(Base):
    """One piece of evidence, fixed by the SHA-256 of its content at intake."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("sha256", "url"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    retrieved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    archived_text: Mapped[str | None] = mapped_column(Text)

    reports: Mapped[list[Report]] = relationship(
        secondary=report_documents, back_populates="documents"
    )


class Report(Base):
    """An allegation as one source made it."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id"),
        # The register's usual filters, in the order its pages are read (newest first).
        Index("ix_reports_register", "outcome", "country", "date_start", "date_end"),
        Index("ix_reports_country_date", "country", "date_start", "id"),
        CheckConstraint("date_start <= date_end", name="dates_ordered"),
        *coordinate_checks(),
        *range_checks("killed"),
        *range_checks("injured"),
        *range_checks("children_killed"),
        *range_checks("women_killed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    date_start: Mapped[dt.date] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[DatePrecision] = mapped_column(vocabulary(DatePrecision))
    place: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[LocationPrecision | None] = mapped_column(
        vocabulary(LocationPrecision)
    )
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    killed_min: Mapped[int | None]
    killed_max: Mapped[int | None]
    injured_min: Mapped[int | None]
    injured_max: Mapped[int | None]
    children_killed_min: Mapped[int | None]
    children_killed_max: Mapped[int | None]
    women_killed_min: Mapped[int | None]
    women_killed_max: Mapped[int | None]
    summary: Mapped[str | None] = mapped_column(Text)
    # What the source states that contradicts itself (GED's low above its high), kept with the
    # figures as stated; null when nothing does.
    data_quality: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    # The current state, kept by the intake loader (the ledger's one write path) so that the
    # register can filter a million reports without replaying their histories.
    outcome: Mapped[Outcome] = mapped_column(
        vocabulary(Outcome), default=Outcome.OPEN, server_default=Outcome.OPEN.value, index=True
    )
    reason_code: Mapped[ReasonCode | None] = mapped_column(vocabulary(ReasonCode))
    grade: Mapped[Grade | None] = mapped_column(vocabulary(Grade), index=True)

    source: Mapped[Source] = relationship(back_populates="reports")
    documents: Mapped[list[Document]] = relationship(
        secondary=report_documents, back_populates="reports"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="report",
        foreign_keys="Assessment.report_id",
        order_by="Assessment.decided_at",
    )


class Strike(Base):
    """One entry of a belligerent's strike log."""

    __tablename__ = "strikes"
    __table_args__ = (
        UniqueConstraint("belligerent", "external_id"),
        CheckConstraint("engagements >= 1", name="engagements_positive"),
        CheckConstraint("strikes >= 1", name="strikes_positive"),
        *coordinate_checks(),
        # Only the invented entries: whether a real log of millions holds one is one lookup.
        Index(
            "ix_strikes_simulated",
            "id",
            sqlite_where=text("simulated"),
            postgresql_where=text("simulated"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    belligerent: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    target: Mapped[str | None] = mapped_column(String(300))
    engagements: Mapped[int] = mapped_column(default=1)
    simulated: Mapped[bool] = simulated_column()
    strikes: Mapped[int] = mapped_column(default=1, server_default="1")
    """How many strikes the entry counts: a release reports "Near Raqqa, 20 strikes …"."""
    location_precision: Mapped[LocationPrecision | None] = mapped_column(
        vocabulary(LocationPrecision)
    )
    """How well the place is known; None: the coordinates are the strike's own."""
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    """The release the entry was read from (`civcas import strike-releases`)."""
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    """The day that release was published."""


class Assessment(Base):
    """One decision of the belligerent on a report. Rows are never edited: history is the rows."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("report_id", "decided_at"),
        CheckConstraint(
            "outcome = 'credible' OR (killed IS NULL AND injured IS NULL)",
            name="deaths_only_when_credible",
        ),
        CheckConstraint("outcome <> 'credible' OR killed IS NOT NULL", name="credible_has_killed"),
        CheckConstraint(
            "(outcome = 'duplicate') = (duplicate_of_id IS NOT NULL)",
            name="duplicate_names_original",
        ),
        CheckConstraint("duplicate_of_id <> report_id", name="not_duplicate_of_itself"),
        CheckConstraint("killed >= 0 AND injured >= 0", name="acknowledged_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(vocabulary(Outcome))
    reason_code: Mapped[ReasonCode] = mapped_column(vocabulary(ReasonCode))
    reason: Mapped[str | None] = mapped_column(Text)
    killed: Mapped[int | None]
    injured: Mapped[int | None]
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    assessor: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)

    report: Mapped[Report] = relationship(back_populates="assessments", foreign_keys=[report_id])
    duplicate_of: Mapped[Report | None] = relationship(foreign_keys=[duplicate_of_id])


class Grading(Base):
    """An independent monitor's grade of a report, on the monitor's own scale."""

    __tablename__ = "gradings"
    __table_args__ = (
        UniqueConstraint("report_id", "monitor_id", "graded_at"),
        *range_checks("killed"),
        *range_checks("injured"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    monitor_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    grade: Mapped[Grade] = mapped_column(vocabulary(Grade))
    killed_min: Mapped[int | None]
    killed_max: Mapped[int | None]
    injured_min: Mapped[int | None]
    injured_max: Mapped[int | None]
    graded_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)

    report: Mapped[Report] = relationship(foreign_keys=[report_id])
    monitor: Mapped[Source] = relationship(foreign_keys=[monitor_id])


class Victim(Base):
    """A person named in a report. Personal data: never in any public output."""

    __tablename__ = "victims"
    __table_args__ = (
        UniqueConstraint("report_id", "external_id"),
        CheckConstraint("age >= 0 AND age <= 130", name="age_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300))
    sex: Mapped[Sex] = mapped_column(vocabulary(Sex), default=Sex.UNKNOWN)
    age: Mapped[int | None]
    age_group: Mapped[AgeGroup] = mapped_column(vocabulary(AgeGroup), default=AgeGroup.UNKNOWN)
    status: Mapped[HarmStatus] = mapped_column(vocabulary(HarmStatus))

    report: Mapped[Report] = relationship()


class User(Base):
    """Someone who signs in to the workspace, or a script holding their API token."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role] = mapped_column(vocabulary(Role))
    password_hash: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class UserSession(Base):
    """One sign-in to the workspace, so that signing out (or a change of role) ends it on the
    server: the session cookie carries a random token, and only its SHA-256 is kept here. A cookie
    is taken only while its row is neither revoked nor expired. Not evidence: not audited."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LedgerRevision(Base):
    """One counter that every write to the ledger raises, inside the writer's own transaction.

    Readers compare it with the revision they computed an answer at, so an answer kept for the
    public (a page of the register) is reused only while nothing in the ledger has changed."""

    __tablename__ = "ledger_revision"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


class StrikeMatch(Base):
    """A strike that could have caused a report, by the matching rule (`civcas.evidence`).

    Evidence for the assessor, recomputed by `civcas match`; never a decision in itself."""

    __tablename__ = "strike_matches"
    __table_args__ = (
        CheckConstraint("days_apart >= 0", name="days_apart_non_negative"),
        CheckConstraint("distance_km >= 0", name="distance_non_negative"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        CheckConstraint(
            "(basis = 'country') = (distance_km IS NULL)", name="distance_unless_country"
        ),
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    strike_id: Mapped[int] = mapped_column(ForeignKey("strikes.id"), primary_key=True, index=True)
    distance_km: Mapped[float | None] = mapped_column(Float)
    days_apart: Mapped[int]
    basis: Mapped[MatchBasis] = mapped_column(vocabulary(MatchBasis))
    score: Mapped[float] = mapped_column(Float)

    strike: Mapped[Strike] = relationship()


class ReportEvidence(Base):
    """What matching found for one report, under which rule, and the outcome it suggests.

    `strikes_through` is the highest strike id the report was matched against, so that a later
    run matches it only against newer strikes (strikes are never edited, only added). The
    suggestion is shown to the assessor, who accepts or overrides it; it never decides alone.
    `log_covers` says whether the strike log spans the report's dates in its country at all: with
    no log for those days, "no strikes" means "no data", and nothing is suggested."""

    __tablename__ = "report_evidence"
    __table_args__ = (
        CheckConstraint("candidates >= 0", name="candidates_non_negative"),
        CheckConstraint("strikes >= 0", name="strikes_non_negative"),
        CheckConstraint(
            "(suggested_outcome IS NULL) = (suggested_reason IS NULL)", name="suggestion_whole"
        ),
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    strikes_through: Mapped[int]
    basis: Mapped[MatchBasis] = mapped_column(vocabulary(MatchBasis))
    radius_km: Mapped[float | None] = mapped_column(Float)
    slack_days: Mapped[int]
    candidates: Mapped[int]
    strikes: Mapped[int] = mapped_column(server_default="0")
    """The strikes the candidates count (an entry read from a release may count several)."""
    log_covers: Mapped[bool]
    nearest_km: Mapped[float | None] = mapped_column(Float)
    fewest_days: Mapped[int | None]
    suggested_outcome: Mapped[Outcome | None] = mapped_column(vocabulary(Outcome))
    suggested_reason: Mapped[ReasonCode | None] = mapped_column(vocabulary(ReasonCode))
    matched_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LinkRun(Base):
    """One linkage run (`civcas link`): what it joined, with which engine, settings and trained
    model (Splink JSON), so that its result can be reproduced; and what it found."""

    __tablename__ = "link_runs"
    __table_args__ = (
        CheckConstraint("threshold > 0 AND threshold < 1", name="threshold_range"),
        CheckConstraint(
            "review_low <= review_high AND review_low >= 0 AND review_high <= 1",
            name="review_band",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LinkKind] = mapped_column(vocabulary(LinkKind), index=True)
    engine: Mapped[str] = mapped_column(String(16))
    settings: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(Text)
    threshold: Mapped[float] = mapped_column(Float)
    review_low: Mapped[float] = mapped_column(Float)
    review_high: Mapped[float] = mapped_column(Float)
    records: Mapped[int]
    pairs: Mapped[int]
    clusters: Mapped[int]
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LinkCluster(Base):
    """One record's cluster in a run: an incident (reports) or a person (victims).

    `record_id` is a report id or a victim id, by the run's kind; a cluster is named by its
    smallest record id, so the same group keeps its name from run to run."""

    __tablename__ = "link_clusters"

    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(index=True)


class LinkPair(Base):
    """A pair a run scored in the uncertain band: the clerical review queue, with the match
    weight and the comparison levels a reviewer sees beside the two records."""

    __tablename__ = "link_pairs"
    __table_args__ = (CheckConstraint("left_id < right_id", name="ordered"),)

    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"), primary_key=True)
    left_id: Mapped[int] = mapped_column(primary_key=True)
    right_id: Mapped[int] = mapped_column(primary_key=True)
    match_probability: Mapped[float] = mapped_column(Float)
    match_weight: Mapped[float] = mapped_column(Float)
    levels: Mapped[str] = mapped_column(Text)


class LinkDecision(Base):
    """A person's verdict on a pair: the same event (or person), or not. Every later run
    respects it; a new verdict on the same pair is a new row, the latest counts."""

    __tablename__ = "link_decisions"
    __table_args__ = (
        CheckConstraint("left_id < right_id", name="ordered"),
        Index("ix_link_decisions_pair", "kind", "left_id", "right_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LinkKind] = mapped_column(vocabulary(LinkKind))
    left_id: Mapped[int]
    right_id: Mapped[int]
    same: Mapped[bool]
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)


class Claim(Base):
    """A figure someone published: the belligerent's monthly statement, a monitor's estimate, a
    number quoted in the news. Kept beside what the ledger computes, never merged into it; the
    document it came from (hashed) and the sentence's character offsets in it are its provenance.
    A single figure has value_min = value_max."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("value_min <= value_max", name="range_ordered"),
        CheckConstraint("value_min >= 0", name="not_negative"),
        CheckConstraint(
            "period_start IS NULL OR period_end IS NULL OR period_start <= period_end",
            name="period_ordered",
        ),
        CheckConstraint(
            "(start_offset IS NULL) = (end_offset IS NULL) AND "
            "(start_offset IS NULL OR start_offset < end_offset)",
            name="offsets_ordered",
        ),
        UniqueConstraint("document_id", "claimant", "measure", "start_offset", "period_end"),
        Index("ix_claims_timeline", "measure", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claimant: Mapped[str] = mapped_column(String(200), index=True)
    measure: Mapped[Measure] = mapped_column(vocabulary(Measure))
    value_min: Mapped[int]
    value_max: Mapped[int]
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    stated_on: Mapped[dt.date | None] = mapped_column(Date)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    start_offset: Mapped[int | None]
    end_offset: Mapped[int | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(100))
    """Where the text scopes the figure ("in Mosul"), as the gazetteer spells it."""
    perpetrator: Mapped[str | None] = mapped_column(String(40))
    """Whose killing the figure counts where the text says: coalition, all parties, IS …"""

    document: Mapped[Document] = relationship()


class AuditEvent(Base):
    """One change to the ledger, or one export, as civcas made it: who, when, what, the row's
    state before and after (canonical JSON, `civcas.ledger.audit`), and a SHA-256 over all of it
    and the previous event's hash. Append-only: editing, inserting or deleting an event breaks
    the chain, and a row changed without an event no longer matches the chain's last state."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str | None] = mapped_column(String(64))
    row_key: Mapped[str | None] = mapped_column(String(200))
    report_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    previous: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The chain's last event (sequence number and hash). Appenders lock this row, so events
    are chained one writer at a time; it also shows when events were cut off the end."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
