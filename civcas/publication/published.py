"""What a belligerent published for a month, beside what the ledger computes for it.

The coalition's monthly figures do not always add up (carried over ≠ last month's still open;
cumulative deaths moving by more than the month's credible deaths), and the ledger may hold
more or fewer reports than the cell counted. civcas lists every difference and changes
neither side: the published figure is a claim, the computed one is the ledger's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas import months
from civcas.claims.store import OFFICIAL
from civcas.intake.official_report import FIGURE_KEYS
from civcas.ledger.models import Claim
from civcas.publication.statement import Statement, compute_statement
from civcas.vocab import Measure

FIGURES = {measure: name for name, measure in OFFICIAL.items()} | {
    Measure.CIVILIANS_KILLED: "killed_cumulative",
    Measure.STRIKES: "strikes_total",
}
"""The statement figure each measure of a month's published claims stands for."""


@dataclass(frozen=True)
class Beside:
    """One statement figure: as published (None: not stated) and as the ledger computes it."""

    figure: str
    published: int | None
    computed: int
    claim_id: int | None

    @property
    def differs(self) -> bool:
        return self.published is not None and self.published != self.computed


def published_beside_computed(
    session: Session, period: str, claimant: str, computed: Statement | None = None
) -> list[Beside]:
    """Every headline figure of `period`, in the statement's order; the latest recorded claim of
    `claimant` ending with the month stands for what was published. `computed` is the month's
    statement where the caller has it already (the site keeps one per ledger revision): counting
    it anew reads the whole timeline."""
    period = months.checked(period)
    query = (
        select(Claim)
        .where(
            Claim.claimant == claimant,
            Claim.period_end == months.last_day(period),
            Claim.measure.in_(list(FIGURES)),
            Claim.value_min == Claim.value_max,
        )
        .order_by(Claim.recorded_at, Claim.id)
    )
    published = {FIGURES[Measure(claim.measure)]: claim for claim in session.scalars(query)}
    if computed is None or computed.period != period:
        computed = compute_statement(session, period)
    figures = computed.as_dict()
    return [
        Beside(
            figure=name,
            published=published[name].value_min if name in published else None,
            computed=figures[name],
            claim_id=published[name].id if name in published else None,
        )
        for name in STATEMENT_ORDER
    ]


STATEMENT_ORDER = tuple(key for key in FIGURE_KEYS if key in FIGURES.values())
"""The figures a month's claims can stand for, in the statement's own order."""
