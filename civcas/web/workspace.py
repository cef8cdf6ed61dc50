"""The analysts' workspace (login): the queue of open allegations here, and the router gathering
every workspace page — sign-in (workspace_signin), filing allegations with their documents
(workspace_intake), one report's decisions and gradings (workspace_decisions), the linkage
review queue (workspace_links) and users (workspace_users); what they share is in workspace_support.

Every page here is server-rendered HTML behind a sign-in; every form posts back with the session's
CSRF token. The routes only translate forms into the core calls — `civcas.intake.load` for
allegations, documents and gradings, `civcas.assessment.workflow.assess` for decisions,
`civcas.accounts` for users — so a form obeys exactly the rules of a file import, and a refusal is
shown next to the field it names.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from civcas.ledger.models import Report, Source
from civcas.vocab import Outcome
from civcas.web import (
    workspace_decisions,
    workspace_intake,
    workspace_links,
    workspace_signin,
    workspace_users,
)
from civcas.web.deps import DB
from civcas.web.templating import render
from civcas.web.workspace_support import Reader, frame, now, workspace_router

QUEUE_PAGE = 100
"""Open allegations listed per page of the queue."""

router = workspace_router()


@dataclass(frozen=True)
class QueueEntry:
    report: Report
    source: Source
    age_days: int
    reopened: bool


@router.get("/workspace", response_class=HTMLResponse)
def queue(request: Request, session: DB, user: Reader, page: int = 1) -> HTMLResponse:
    """The open allegations, oldest first, with how long each has waited."""
    page = max(page, 1)
    moment = now(request)
    open_reports = select(Report, Source).join(Source, Report.source_id == Source.id)
    open_reports = open_reports.where(Report.outcome == Outcome.OPEN)
    total = session.scalar(select(func.count()).select_from(open_reports.subquery())) or 0
    rows = session.execute(
        open_reports.order_by(Report.received_at, Report.id)
        .limit(QUEUE_PAGE)
        .offset((page - 1) * QUEUE_PAGE)
    )
    entries = [
        QueueEntry(
            report,
            source,
            (moment - report.received_at).days,
            report.reason_code is not None,  # an open report with a reason was reopened
        )
        for report, source in rows
    ]
    context = {
        **frame(user),
        "entries": entries,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // QUEUE_PAGE)),
        "now": moment,
    }
    return render(request, "workspace/queue.html", context)


# `/workspace/reports/new` (intake) before `/workspace/reports/{report_id}` (decisions).
for part in (
    workspace_signin,
    workspace_intake,
    workspace_decisions,
    workspace_links,
    workspace_users,
):
    router.include_router(part.router)
