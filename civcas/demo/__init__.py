"""`civcas demo`: a realistic, seeded scenario of the coalition air campaign, 2014–2019.

The data are invented but calibrated: loaded into an empty ledger, they make the monthly statement
reproduce the figures the coalition (CJTF-OIR) published (the packaged official-monthly-figures.csv)
and Airwars' likely-deaths range of mid-2018, so that the demo shows the real gap between them.
Every source and strike it makes is marked simulated, so the ledger and all its outputs say so;
the monitor whose grades stand in for Airwars' is "Airwars (simulated)". What the real bodies did
publish is recorded beside them as their claims: the coalition's monthly figures and the one
Airwars range the project knows, from its seed article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from civcas import months
from civcas.demo.scenario import KINDS, DemoData, build_demo

CLAIMS_RECORDED = dt.datetime(2020, 1, 31)
"""When the demo's claims are recorded: after the scenario's last month, the same every run."""

__all__ = ["KINDS", "DemoData", "build_demo", "load_demo"]


def load_demo(
    session: Any, seed: int = 2018, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Load the scenario for `seed` into the ledger behind `session`; rows added per kind."""
    from civcas.intake import load  # imported late: intake is not needed to build the rows

    added = {}
    for kind, rows in build_demo(seed).kinds():
        if progress is not None:
            progress(kind, len(rows))
        added[kind] = load(session, kind, rows).added
    added["claims"] = load_official_claims(session) + load_airwars_claim(session)
    return added


def load_airwars_claim(session: Any) -> int:
    """Airwars' real published range (the seed article's; the demo's monitor is calibrated to
    it) as Airwars' claim, in civcas's own words, beside the simulated monitor's figures."""
    from civcas.claims.extract import CAMPAIGN_START
    from civcas.claims.store import Figure, record_claims
    from civcas.demo.plan import AIRWARS_LIKELY
    from civcas.vocab import Measure

    [(period, (low, high))] = AIRWARS_LIKELY.items()
    text = (
        f"Airwars estimates that between {low:,} and {high:,} civilians are likely to have died "
        "in coalition attacks in Iraq and Syria (as reported in the news on 26 July 2018, the "
        "day the coalition published its figures to the end of June 2018)."
    )
    measure, first_day = Measure.CIVILIANS_KILLED, CAMPAIGN_START
    figure = Figure("airwars", measure, low, high, first_day, months.last_day(period), 0, len(text))
    recorded = record_claims(
        session, text, [figure], stated_on=dt.date(2018, 7, 26), now=lambda: CLAIMS_RECORDED
    )
    return recorded.added


def load_official_claims(session: Any) -> int:
    """The coalition's published monthly figures (the packaged table the demo is calibrated
    on) as its claims, each month's row the document and its source_url the link, so the
    dashboard can show them beside what the ledger computes."""
    import json
    from dataclasses import asdict

    from civcas.claims.parties import COALITION
    from civcas.claims.store import record_claims, statement_figures
    from civcas.demo.official import read_official

    added = 0
    for month in read_official():
        figures = {
            "period": month.period,
            "strikes_from": month.strikes_from,
            "strikes_to": month.strikes_to,
            **month.stated(),
        }
        row = json.dumps(asdict(month), default=str, sort_keys=True, ensure_ascii=False)
        added += record_claims(
            session,
            row,
            statement_figures(figures, COALITION),
            url=month.source_url,
            stated_on=month.release_date,
            now=lambda: CLAIMS_RECORDED,
        ).added
    return added
