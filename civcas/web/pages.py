"""Public pages (no login): dashboard, register, one page per allegation, map, methodology."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from civcas.web.deps import CurrentUser
from civcas.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, user: CurrentUser) -> HTMLResponse:
    return render(request, "dashboard.html", {"active": "dashboard"})
