"""The REST API under /api/v1: the same core functions as the CLI, as JSON, CSV and GeoJSON.

Routes are thin: the register is `publication.register`, statements `publication.statement`,
tables `publication.tally`, and every write goes through `intake.load` (directly, or through
`assessment.workflow.assess`), so the API obeys exactly the rules a file import does.

Reading is open to the public, who never see victims or the names of non-public sources; a
signed-in user or an API token holder sees both. Writing takes an API token, never a session
cookie, so that no other site can make a signed-in browser write (no CSRF).
"""

from __future__ import annotations

from fastapi import APIRouter

from civcas.web import api_evidence, api_records, api_reports, api_statements, api_writes

router = APIRouter(prefix="/api/v1", tags=["civcas"])
for part in (api_reports, api_evidence, api_records, api_statements, api_writes):
    router.include_router(part.router)
