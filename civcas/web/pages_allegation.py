"""One allegation's page: its register entry and history (`civcas.publication.allegation`), the
map around it, and the strikes that could have caused it (`civcas.evidence`) — or, before
`civcas match` has run, the strike-log entries of the same days in the same country."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.evidence.store import report_candidates, report_evidence
from civcas.ledger.models import Strike
from civcas.publication.allegation import allegation
from civcas.publication.register import RegisterEntry
from civcas.web.deps import DB
from civcas.web.pages_support import Restricted, gettext, link, page

router = APIRouter(include_in_schema=False)

SAME_DAY_STRIKES = 200
CANDIDATES_SHOWN = 200


def same_day_strikes(session: Session, found: RegisterEntry) -> list[Strike]:
    """Strike-log entries dated within the report's dates in its country (not a match)."""
    return list(
        session.scalars(
            select(Strike)
            .where(
                Strike.country == found.country,
                Strike.date.between(found.date_start, found.date_end),
            )
            .order_by(Strike.date, Strike.time, Strike.id)
            .limit(SAME_DAY_STRIKES)
        )
    )


def nearby_url(found: RegisterEntry, degrees: float = 0.5) -> str | None:
    """The map around an allegation: a box `degrees` either side of it."""
    if found.latitude is None or found.longitude is None:
        return None
    lat, lon = found.latitude, found.longitude
    box = (
        max(-180.0, lon - degrees),
        max(-90.0, lat - degrees),
        min(180.0, lon + degrees),
        min(90.0, lat + degrees),
    )
    return link("/map", {"bbox": ",".join(f"{value:g}" for value in box)})


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: int, session: DB, can_see: Restricted) -> HTMLResponse:
    found = allegation(session, report_id, restricted=can_see)
    if found is None:
        _ = gettext(request)
        raise HTTPException(
            404, _("there is no allegation %(id)s in the register") % {"id": report_id}
        )
    evidence = report_evidence(session, report_id)
    candidates, _total = (
        report_candidates(session, report_id, limit=CANDIDATES_SHOWN) if evidence else ([], 0)
    )
    return page(
        request,
        "report.html",
        {
            "active": "register",
            "allegation": found,
            "entry": found.entry,
            "nearby_url": nearby_url(found.entry),
            "evidence": evidence,
            "candidates": candidates,
            "candidate_limit": CANDIDATES_SHOWN,
            "strikes": [] if evidence else same_day_strikes(session, found.entry),
            "strike_limit": SAME_DAY_STRIKES,
            "restricted": can_see,
        },
    )
