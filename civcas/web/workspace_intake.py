"""Filing an allegation from the workspace form, with its uploaded documents hashed on arrival.

The form's allegation and documents go through `civcas.intake.load` in one all-or-nothing
savepoint, exactly as a file import would; the loader's refusals are shown next to the fields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from civcas.errors import IntakeError
from civcas.intake.load import load
from civcas.intake.rows import ReportRow
from civcas.ledger.models import Report, Source, User
from civcas.vocab import DatePrecision, LocationPrecision, SourceType
from civcas.web.deps import CSRF, DB
from civcas.web.templating import render
from civcas.web.workspace_support import (
    Filer,
    Form,
    Problems,
    frame,
    now,
    problems_of,
    text,
    workspace_router,
)

ARCHIVE_LIMIT = 10 * 1024 * 1024
"""Uploads up to this size are kept as archived text when they are UTF-8; larger ones are hashed."""

router = workspace_router()

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
