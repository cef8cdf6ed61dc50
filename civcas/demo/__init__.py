"""`civcas demo`: a realistic, seeded scenario of the coalition air campaign, 2014–2019.

The data are invented but calibrated: loaded into an empty ledger, they make the monthly statement
reproduce the figures the coalition (CJTF-OIR) published (the packaged official-monthly-figures.csv)
and Airwars' likely-deaths range of mid-2018, so that the demo shows the real gap between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civcas.demo.scenario import KINDS, DemoData, build_demo

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
    return added
