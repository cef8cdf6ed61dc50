"""Evidence: the strikes that could have caused an allegation, as `civcas match` stored them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from civcas.evidence.store import report_candidates, report_evidence
from civcas.evidence.summary import describe
from civcas.ledger.models import Report
from civcas.vocab import MatchBasis, Outcome, ReasonCode
from civcas.web.api_listing import strike_item
from civcas.web.api_models import ERRORS, NOT_FOUND, StrikeItem
from civcas.web.api_params import ReportId
from civcas.web.api_support import Pages, page_body
from civcas.web.deps import DB

router = APIRouter()


class Evidence(BaseModel):
    summary: str = Field(description='In words, e.g. "7 strikes within 10 km and 1 day."')
    basis: MatchBasis
    radius_km: float | None = Field(description="None when matched on the country only.")
    slack_days: int
    candidates: int = Field(description="Candidate strike-log entries.")
    strikes: int = Field(description="The strikes those entries count.")
    log_covers: bool = Field(description="Whether the strike log spans these dates at all.")
    nearest_km: float | None
    fewest_days: int | None
    suggested_outcome: Outcome | None = Field(
        description="Suggested to the assessor where no strike matches; never applied alone."
    )
    suggested_reason: ReasonCode | None


class Candidate(BaseModel):
    strike: StrikeItem
    distance_km: float | None = Field(description="None on the country basis.")
    days_apart: int = Field(description="0 within the report's dates, else days to the nearer.")
    basis: MatchBasis
    score: float = Field(description="1 / (1 + distance / radius + days apart).")


class Candidates(BaseModel):
    evidence: Evidence | None = Field(description="None until `civcas match` has run.")
    items: list[Candidate]
    total: int
    page: int
    per_page: int
    pages: int


@router.get(
    "/reports/{report_id}/candidates",
    response_model=Candidates,
    summary="The strikes that could have caused an allegation",
    description="The strike-log entries within the radius for the report's location precision "
    "and within its dates plus the slack (see the methodology page), best score first, with "
    "the report's evidence summary and any suggested outcome. Paged.",
    responses={**NOT_FOUND, **ERRORS},
)
def candidates(
    request: Request, response: Response, report_id: ReportId, session: DB, paged: Pages
) -> dict[str, Any]:
    if session.get(Report, report_id) is None:
        raise HTTPException(404, f"there is no report with id {report_id}")
    found = report_evidence(session, report_id)
    rows, total = report_candidates(session, report_id, limit=paged.per_page, offset=paged.offset)
    items = [
        {
            "strike": strike_item(strike),
            "distance_km": match.distance_km,
            "days_apart": match.days_apart,
            "basis": match.basis,
            "score": match.score,
        }
        for match, strike in rows
    ]
    body = page_body(request, response, items, total, paged)
    evidence = None
    if found is not None:
        fields = Evidence.model_fields.keys() - {"summary"}
        evidence = {"summary": describe(found), **{name: getattr(found, name) for name in fields}}
    return {"evidence": evidence, **body}
