"""One report in the workspace: its history and the forms deciding on it — close or revise the
assessment (`assess`), reopen it, grade it for a monitor — each through the core rules, a
refusal shown next to its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.accounts import can
from civcas.assessment.workflow import AssessmentRefused, assess
from civcas.errors import IntakeError
from civcas.evidence.store import report_evidence
from civcas.evidence.summary import describe
from civcas.i18n import translations
from civcas.intake.load import load
from civcas.ledger.models import (
    Assessment,
    Grading,
    Report,
    ReportEvidence,
    Source,
    User,
    Victim,
)
from civcas.ledger.versions import EditConflict, ensure_unchanged, report_version
from civcas.vocab import N_, REASONS_FOR_OUTCOME, Grade, Outcome, Permission, SourceType
from civcas.web.deps import CSRF, DB
from civcas.web.i18n import language_of
from civcas.web.templating import render
from civcas.web.workspace_support import (
    Decider,
    Form,
    Grader,
    Problems,
    Reader,
    Reopener,
    frame,
    gettext,
    now,
    problems_of,
    text,
    whole_number,
    workspace_router,
)

CANDIDATE_DAYS = 31
"""The duplicate chooser offers reports of the same country within this many days."""
CANDIDATE_LIMIT = 100
CLOSING = (Outcome.CREDIBLE, Outcome.NOT_CREDIBLE, Outcome.DUPLICATE)

router = workspace_router()

ASSESS_FIELDS = ["outcome", "reason_code", "reason", "killed", "injured", "duplicate_of"]
ASSESS_ALIASES = {"duplicate_of_external_id": "duplicate_of", "duplicate_of_source": "duplicate_of"}
REOPEN_FIELDS = ["reason"]
GRADE_FIELDS = [
    "monitor",
    "grade",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "graded_at",
]


def the_report(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None:
        raise HTTPException(404, N_("there is no such report in the ledger"))
    return report


def suggested_decision(request: Request, evidence: ReportEvidence) -> dict[str, str]:
    """The decision form filled in with the evidence's suggestion: the assessor still has to
    record it (or choose otherwise); the suggestion never decides alone."""
    catalog = translations(language_of(request))
    return {
        "outcome": str(evidence.suggested_outcome),
        "reason_code": str(evidence.suggested_reason),
        "reason": describe(evidence, catalog.gettext, catalog.ngettext),
    }


def minute(moment: dt.datetime) -> str:
    """A datetime-local input's value."""
    return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def report_page(
    request: Request,
    session: Session,
    user: User,
    report: Report,
    *,
    form: str | None = None,
    values: Mapping[str, str] | None = None,
    problems: Problems | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The report, its history and the forms; `form` names the one being re-shown with problems."""
    moment = now(request)
    assessments = session.scalars(
        select(Assessment)
        .where(Assessment.report_id == report.id)
        .order_by(Assessment.decided_at, Assessment.id)
    ).all()
    gradings = session.scalars(
        select(Grading)
        .where(Grading.report_id == report.id)
        .order_by(Grading.graded_at, Grading.id)
    ).all()
    victims = session.scalars(
        select(Victim).where(Victim.report_id == report.id).order_by(Victim.id)
    ).all()
    window = dt.timedelta(days=CANDIDATE_DAYS)
    candidates = session.execute(
        select(Report, Source)
        .join(Source, Report.source_id == Source.id)
        .where(
            Report.id != report.id,
            Report.country == report.country,
            Report.date_start <= report.date_end + window,
            Report.date_end >= report.date_start - window,
        )
        .order_by(Report.date_start, Report.id)
        .limit(CANDIDATE_LIMIT)
    ).all()
    monitors = session.scalars(
        select(Source.name).where(Source.type == SourceType.MONITOR).order_by(Source.name)
    ).all()
    problems = problems or Problems()
    defaults: dict[str, dict[str, str]] = {
        "assess": {},
        "reopen": {},
        "grade": {"graded_at": minute(moment)},
    }
    evidence = report_evidence(session, report.id)
    if form is not None:
        defaults[form] = dict(values or {})
    elif evidence is not None and evidence.suggested_outcome and report.outcome is Outcome.OPEN:
        defaults["assess"] = suggested_decision(request, evidence)
    context = {
        **frame(user),
        "report": report,
        "assessments": assessments,
        "gradings": gradings,
        "victims": victims,
        "evidence": evidence,
        "candidates": candidates,
        "monitors": monitors,
        "closing": CLOSING,
        "reasons": {outcome: sorted(REASONS_FOR_OUTCOME[outcome]) for outcome in CLOSING},
        "grades": list(Grade),
        "values": defaults,
        "failed": form,
        "problems": problems,
        "errors": {
            name: problems.messages() if form == name else {}
            for name in ("assess", "reopen", "grade")
        },
        "can_decide": can(user, Permission.DECIDE),
        "can_reopen": can(user, Permission.REOPEN),
        "can_grade": can(user, Permission.GRADE),
        "notice": request.session.pop("notice", None),
        "version": report_version(session, report.id),
    }
    return render(request, "workspace/report.html", context, status)


@router.get("/workspace/reports/{report_id}", response_class=HTMLResponse)
def report_view(request: Request, session: DB, user: Reader, report_id: int) -> HTMLResponse:
    return report_page(request, session, user, the_report(session, report_id))


def decided(request: Request, report: Report, message: str) -> Response:
    request.session["notice"] = message
    return RedirectResponse(f"/workspace/reports/{report.id}", status_code=303)


@router.post(
    "/workspace/reports/{report_id}/assess", response_class=HTMLResponse, dependencies=[CSRF]
)
def assess_report(
    request: Request, session: DB, report_id: int, form: Form, user: Decider
) -> Response:
    """Close the assessment (credible, not credible, duplicate) or revise a credible one."""
    _ = gettext(request)
    report = the_report(session, report_id)
    values = {name: text(form, name) for name in ASSESS_FIELDS}
    problems = Problems()
    killed = whole_number(form, "killed", problems, _("Enter a whole number, such as 0 or 12."))
    injured = whole_number(form, "injured", problems, _("Enter a whole number, such as 0 or 12."))
    duplicate_of, duplicate_source = None, None
    if values["duplicate_of"].strip():
        original = None
        if values["duplicate_of"].strip().isdigit():
            original = session.get(Report, int(values["duplicate_of"]))
        if original is None:
            problems.add("duplicate_of", _("Choose the report this one repeats from the list."))
        else:
            duplicate_of, duplicate_source = original.external_id, original.source.name
    outcome = values["outcome"].strip()
    if outcome not in {closing.value for closing in CLOSING}:
        problems.add("outcome", _("Choose one of the outcomes: this form closes or revises."))
    if not problems:
        try:
            assess(
                session,
                report.external_id,
                outcome,
                source=report.source.name,
                reason_code=values["reason_code"].strip() or None,
                reason=values["reason"].strip() or None,
                killed=killed,
                injured=injured,
                duplicate_of=duplicate_of,
                duplicate_of_source=duplicate_source,
                assessor=user.name,
                now=now(request),
                version=seen_version(form),
            )
        except AssessmentRefused as refused:
            problems = problems_of(refused.errors, ASSESS_FIELDS, ASSESS_ALIASES)
        except EditConflict as conflict:
            return conflicted(request, session, user, report, "assess", values, conflict)
    if problems:
        return report_page(
            request,
            session,
            user,
            report,
            form="assess",
            values=values,
            problems=problems,
            status=422,
        )
    return decided(request, report, _("The decision is recorded."))


@router.post(
    "/workspace/reports/{report_id}/reopen", response_class=HTMLResponse, dependencies=[CSRF]
)
def reopen_report(
    request: Request, session: DB, report_id: int, form: Form, user: Reopener
) -> Response:
    """Reopen a closed assessment, with the reason (new information, usually) in words."""
    _ = gettext(request)
    report = the_report(session, report_id)
    values = {"reason": text(form, "reason")}
    try:
        assess(
            session,
            report.external_id,
            Outcome.OPEN,
            source=report.source.name,
            reason=values["reason"].strip() or None,
            assessor=user.name,
            now=now(request),
            version=seen_version(form),
        )
    except EditConflict as conflict:
        return conflicted(request, session, user, report, "reopen", values, conflict)
    except AssessmentRefused as refused:
        problems = problems_of(refused.errors, REOPEN_FIELDS)
        return report_page(
            request,
            session,
            user,
            report,
            form="reopen",
            values=values,
            problems=problems,
            status=422,
        )
    return decided(request, report, _("The assessment is reopened."))


@router.post(
    "/workspace/reports/{report_id}/grade", response_class=HTMLResponse, dependencies=[CSRF]
)
def grade_report(
    request: Request, session: DB, report_id: int, form: Form, user: Grader
) -> Response:
    """A monitor's grade of the report, loaded like a line of a gradings file."""
    _ = gettext(request)
    report = the_report(session, report_id)
    values = {name: text(form, name) for name in GRADE_FIELDS}
    row = {
        "report_source": report.source.name,
        "report_external_id": report.external_id,
        **values,
    }
    try:
        ensure_unchanged(session, report.id, seen_version(form))
        load(session, "gradings", [("grading", row)], source="the grading form", now=now(request))
    except EditConflict as conflict:
        return conflicted(request, session, user, report, "grade", values, conflict)
    except IntakeError as refused:
        problems = problems_of(refused.errors, GRADE_FIELDS)
        return report_page(
            request,
            session,
            user,
            report,
            form="grade",
            values=values,
            problems=problems,
            status=422,
        )
    return decided(request, report, _("The grading is recorded."))


def seen_version(form: Form) -> int | None:
    """The report's version the form was shown with (None from a form that predates it)."""
    sent = text(form, "version").strip()
    return int(sent) if sent.isdigit() else None


def conflicted(
    request: Request,
    session: Session,
    user: User,
    report: Report,
    form: str,
    values: Mapping[str, str],
    conflict: EditConflict,
) -> HTMLResponse:
    """The form again, with what changed since it was opened (409): nothing is overwritten."""
    problems = Problems()
    problems.add(None, conflict.message)
    return report_page(
        request, session, user, report, form=form, values=values, problems=problems, status=409
    )
