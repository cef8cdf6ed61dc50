"""The analysts' workspace (login): intake, assessment, grading, the queue of open allegations.

Every page here is server-rendered HTML behind a sign-in; every form posts back with the session's
CSRF token. The routes only translate forms into the core calls — `civcas.intake.load` for
allegations, documents and gradings, `civcas.assessment.workflow.assess` for decisions,
`civcas.accounts` for users — so a form obeys exactly the rules of a file import, and a refusal is
shown next to the field it names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from civcas.accounts import add_user, authenticate, can, issue_token
from civcas.assessment.workflow import AssessmentRefused, assess
from civcas.errors import FieldError, IntakeError, RowError
from civcas.intake.load import load
from civcas.intake.rows import ReportRow
from civcas.ledger.models import Assessment, Grading, Report, Source, User, Victim
from civcas.vocab import (
    PERMISSIONS,
    REASONS_FOR_OUTCOME,
    DatePrecision,
    Grade,
    LocationPrecision,
    Outcome,
    Permission,
    Role,
    SourceType,
)
from civcas.web.deps import CSRF, DB, CurrentUser
from civcas.web.i18n import language_of, translations
from civcas.web.templating import render

QUEUE_PAGE = 100
"""Open allegations listed per page of the queue."""
ARCHIVE_LIMIT = 10 * 1024 * 1024
"""Uploads up to this size are kept as archived text when they are UTF-8; larger ones are hashed."""
CANDIDATE_DAYS = 31
"""The duplicate chooser offers reports of the same country within this many days."""
CANDIDATE_LIMIT = 100
CLOSING = (Outcome.CREDIBLE, Outcome.NOT_CREDIBLE, Outcome.DUPLICATE)
NO_STORE = {"Cache-Control": "no-store"}


# --- the clock -----------------------------------------------------------------------------------


def utcnow() -> dt.datetime:
    """The ledger's convention: naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def now(request: Request) -> dt.datetime:
    """The workspace's current time: `app.state.clock()` when set (tests fix it), else UTC now."""
    clock: Callable[[], dt.datetime] = getattr(request.app.state, "clock", utcnow)
    return clock()


def frame(user: User) -> dict[str, Any]:
    """What every workspace page's layout needs: the navigation's state and the user's rights."""
    return {"active": "workspace", "perms": PERMISSIONS[user.role]}


def gettext(request: Request) -> Callable[[str], str]:
    """The page language's gettext, for messages made in the routes."""
    return translations(language_of(request)).gettext


# --- who may enter -------------------------------------------------------------------------------


class SignInFirst(Exception):
    """Raised by a page's dependencies for an anonymous visitor: answered by a redirect."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class WorkspaceRoute(APIRoute):
    """Routes whose anonymous visitors are sent to the sign-in form (303), not shown a 401."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInFirst as missing:
                return RedirectResponse(f"/login?next={quote(missing.target)}", status_code=303)
            finally:
                await request.close()  # the parsed form's uploaded files, however it ended

        return guarded


router = APIRouter(include_in_schema=False, route_class=WorkspaceRoute)


def member(request: Request, user: CurrentUser) -> User:
    """The signed-in user; anonymous visitors go to /login and come back here afterwards."""
    if user is None:
        target = request.url.path if request.method == "GET" else "/workspace"
        if request.method == "GET" and request.url.query:
            target += "?" + request.url.query
        raise SignInFirst(target)
    return user


Member = Annotated[User, Depends(member)]


def allowed(permission: Permission) -> Any:
    """A dependency admitting signed-in users whose role holds `permission` (403 otherwise)."""

    def check(request: Request, user: Member) -> User:
        if not can(user, permission):
            _ = gettext(request)
            raise HTTPException(
                403,
                _("Your role (%(role)s) may not do this: %(action)s")
                % {"role": user.role.value, "action": _(permission.description)},
            )
        return user

    return Depends(check)


Reader = Annotated[User, allowed(Permission.READ_RESTRICTED)]
Filer = Annotated[User, allowed(Permission.FILE)]
Decider = Annotated[User, allowed(Permission.DECIDE)]
Reopener = Annotated[User, allowed(Permission.REOPEN)]
Grader = Annotated[User, allowed(Permission.GRADE)]
Admin = Annotated[User, allowed(Permission.MANAGE_USERS)]


async def form_data(request: Request) -> FormData:
    """The posted form (already parsed and cached by the CSRF check)."""
    return await request.form()


Form = Annotated[FormData, Depends(form_data)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/workspace"


# --- form problems -------------------------------------------------------------------------------


@dataclass
class Problems:
    """A refused form's problems: by form field, plus those that no field of the form shows."""

    by_field: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    summary: list[tuple[str | None, str]] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        if name is not None:
            self.by_field[name].append(message)
        self.summary.append((name, message))

    def __bool__(self) -> bool:
        return bool(self.summary)

    def messages(self) -> dict[str, str]:
        return {name: " ".join(found) for name, found in self.by_field.items()}


def problems_of(
    errors: Iterable[RowError], fields: Iterable[str], aliases: Mapping[str, str] | None = None
) -> Problems:
    """RowErrors placed on the form's fields (`aliases` maps a loader's column to a field)."""
    known, aliases = set(fields), aliases or {}
    problems = Problems()
    for error in errors:
        name = aliases.get(error.field, error.field)
        problems.add(name if name in known else None, f"{error.field}: {error.reason}")
    return problems


def whole_number(form: FormData, name: str, problems: Problems, message: str) -> int | None:
    """A blank (None) or whole-number form field; anything else becomes a problem."""
    value = text(form, name).strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        problems.add(name, message)
        return None


# --- sign-in -------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: CurrentUser, next: str = "/workspace") -> HTMLResponse:
    return render(request, "login.html", {"active": "login", "next": safe_next(next)})


@router.post("/login", response_class=HTMLResponse, dependencies=[CSRF])
def login(request: Request, session: DB, form: Form) -> Response:
    name, password = text(form, "name"), text(form, "password")
    target = safe_next(text(form, "next") or "/workspace")
    user = authenticate(session, name, password) if name.strip() and password else None
    if user is None:
        request.state.user = None
        _ = gettext(request)
        context = {
            "active": "login",
            "next": target,
            "name": name,
            "failed": _("The name or the password is not right. Check both and try again."),
        }
        return render(request, "login.html", context, 400)
    request.session.clear()  # a new session: nothing from before sign-in carries over
    request.session["user_id"] = user.id
    request.session["role"] = user.role.value
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


# --- the queue -----------------------------------------------------------------------------------


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


# --- filing an allegation ------------------------------------------------------------------------

REPORT_FIELDS = [name for name in ReportRow.model_fields if name not in ("received_at",)]
INTAKE_FIELDS = [*REPORT_FIELDS, "new_source", "documents"]


def intake_page(
    request: Request,
    session: Session,
    user: User,
    values: Mapping[str, str],
    problems: Problems | None = None,
    status: int = 200,
) -> HTMLResponse:
    sources = session.scalars(select(Source).order_by(Source.name)).all()
    context = {
        **frame(user),
        "sources": sources,
        "values": values,
        "problems": problems or Problems(),
        "errors": (problems or Problems()).messages(),
        "source_types": list(SourceType),
        "date_precisions": list(DatePrecision),
        "location_precisions": list(LocationPrecision),
    }
    return render(request, "workspace/report_new.html", context, status)


@router.get("/workspace/reports/new", response_class=HTMLResponse)
def new_report_form(request: Request, session: DB, user: Filer) -> HTMLResponse:
    return intake_page(request, session, user, {"date_precision": DatePrecision.DAY.value})


def uploaded_documents(form: FormData) -> list[tuple[str, str, str | None]]:
    """(filename, SHA-256, UTF-8 text or None) of each uploaded file, hashed on arrival."""
    found = []
    for upload in form.getlist("documents"):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue  # the empty part a browser sends when no file was chosen
        digest, size, chunks = hashlib.sha256(), 0, []
        while chunk := upload.file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            if size <= ARCHIVE_LIMIT:
                chunks.append(chunk)
        archived: str | None = None
        if size <= ARCHIVE_LIMIT:
            try:
                archived = b"".join(chunks).decode("utf-8")
            except UnicodeDecodeError:
                archived = None
            if archived is not None and "\x00" in archived:
                archived = None  # binary after all; PostgreSQL text cannot hold NUL either
        found.append((upload.filename, digest.hexdigest(), archived))
    return found


@router.post("/workspace/reports/new", response_class=HTMLResponse, dependencies=[CSRF])
def file_report(request: Request, session: DB, user: Filer, form: Form) -> Response:
    """One allegation and its documents, through the loader in one all-or-nothing savepoint."""
    values = {name: text(form, name) for name in INTAKE_FIELDS if name != "documents"}
    new_source = values["new_source"].strip()
    row: dict[str, Any] = {name: values[name] for name in REPORT_FIELDS}
    row["source"] = new_source or values["source"]
    row["source_type"] = values["source_type"] if new_source else None
    aliases = {"source": "new_source" if new_source else "source"}
    documents = uploaded_documents(form)
    moment = now(request)
    try:
        with session.begin_nested():
            load(session, "reports", [("report", row)], source="the form", now=moment)
            load(
                session,
                "documents",
                [
                    (
                        f"document {filename}",
                        {
                            "report_source": row["source"].strip(),
                            "report_external_id": row["external_id"].strip(),
                            "url": f"upload:{filename}",
                            "sha256": digest,
                            "archived_text": archived,
                            "retrieved_at": moment.isoformat(),
                        },
                    )
                    for filename, digest, archived in documents
                ],
                source="the uploads",
                now=moment,
            )
    except IntakeError as refused:
        document_columns = ("url", "sha256", "archived_text", "retrieved_at", "language")
        for column in document_columns:
            aliases[column] = "documents"
        problems = problems_of(refused.errors, INTAKE_FIELDS, aliases)
        return intake_page(request, session, user, values, problems, 422)
    report_id = session.scalar(
        select(Report.id)
        .join(Source, Report.source_id == Source.id)
        .where(
            Source.name == row["source"].strip(), Report.external_id == row["external_id"].strip()
        )
    )
    return RedirectResponse(f"/workspace/reports/{report_id}", status_code=303)


# --- one report: history and decisions -----------------------------------------------------------

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
        raise HTTPException(404, "there is no such report in the ledger")
    return report


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
    if form is not None:
        defaults[form] = dict(values or {})
    context = {
        **frame(user),
        "report": report,
        "assessments": assessments,
        "gradings": gradings,
        "victims": victims,
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
            )
        except AssessmentRefused as refused:
            problems = problems_of(refused.errors, ASSESS_FIELDS, ASSESS_ALIASES)
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
        )
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
        load(session, "gradings", [("grading", row)], source="the grading form", now=now(request))
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


# --- users (admins) ------------------------------------------------------------------------------

USER_FIELDS = ["name", "role", "password"]


def users_page(
    request: Request,
    session: Session,
    user: User,
    *,
    values: Mapping[str, str] | None = None,
    problems: Problems | None = None,
    token: tuple[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    users = session.scalars(select(User).order_by(User.name)).all()
    problems = problems or Problems()
    context = {
        **frame(user),
        "users": users,
        "roles": list(Role),
        "values": values or {"role": Role.ANALYST.value},
        "problems": problems,
        "errors": problems.messages(),
        "token": token,
        "notice": request.session.pop("notice", None),
    }
    response = render(request, "workspace/users.html", context, status)
    response.headers.update(NO_STORE)
    return response


@router.get("/workspace/users", response_class=HTMLResponse)
def users(request: Request, session: DB, user: Admin) -> HTMLResponse:
    return users_page(request, session, user)


@router.post("/workspace/users", response_class=HTMLResponse, dependencies=[CSRF])
def create_user(request: Request, session: DB, form: Form, user: Admin) -> Response:
    _ = gettext(request)
    values = {name: text(form, name) for name in USER_FIELDS}
    role = values["role"]
    problems = Problems()
    added: User | None = None
    if role not in {choice.value for choice in Role}:
        problems.add("role", _("Choose one of the roles."))
    else:
        try:
            with session.begin_nested():
                added = add_user(session, values["name"], role, values["password"])
        except FieldError as refused:
            problems.add(refused.field if refused.field in USER_FIELDS else None, refused.message)
    if added is None:
        values["password"] = ""  # never sent back
        return users_page(request, session, user, values=values, problems=problems, status=422)
    request.session["notice"] = _("User %(name)s is added as %(role)s.") % {
        "name": added.name,
        "role": added.role.value,
    }
    return RedirectResponse("/workspace/users", status_code=303)


@router.post("/workspace/users/{user_id}/token", response_class=HTMLResponse, dependencies=[CSRF])
def new_token(request: Request, session: DB, user_id: int, user: Admin) -> Response:
    """A new API token for a user, replacing the old one, shown on this one response only."""
    holder = session.get(User, user_id)
    if holder is None:
        raise HTTPException(404, "no such user")
    token = issue_token(session, holder)
    return users_page(request, session, user, token=(holder.name, token))
