"""What every API route shares: paging with RFC 8288 links, the bbox parameter, CSV and GeoJSON
responses, and who may write (API tokens only)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from civcas.accounts import can
from civcas.intake.rows import MAX_COUNT
from civcas.ledger.models import User
from civcas.publication.export import to_csv
from civcas.publication.geojson import feature_collection
from civcas.publication.register import MAX_PER_PAGE
from civcas.vocab import Permission
from civcas.web.deps import CurrentUser

CSV_TYPE = "text/csv; charset=utf-8"
GEOJSON_TYPE = "application/geo+json"


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


# The page's OFFSET ((page - 1) × per_page) must fit a 64-bit integer, or the query crashes
# (SQLite: "Python int too large") instead of answering 422 naming `page`.
MAX_PAGE = MAX_COUNT


async def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="The page to return, from 1.")] = 1,
    per_page: Annotated[
        int, Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}.")
    ] = 50,
) -> Paging:
    return Paging(page, per_page)


Pages = Annotated[Paging, Depends(paging)]


def invalid(parameter: str, message: str, value: Any = None) -> RequestValidationError:
    """A 422 naming a query parameter, in the same shape as FastAPI's own validation errors."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", parameter), "msg": message, "input": value}]
    )


async def bbox_param(
    bbox: Annotated[
        str | None,
        Query(
            description="Only items inside this box: `west,south,east,north` in decimal degrees "
            "(a box with west > east crosses the antimeridian).",
            examples=["38.5,35.5,39.5,36.5"],
        ),
    ] = None,
) -> tuple[float, float, float, float] | None:
    if bbox is None or not bbox.strip():
        return None
    try:
        values = [float(part) for part in bbox.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(value) for value in values):
        raise invalid(
            "bbox", "give four numbers west,south,east,north, e.g. 38.5,35.5,39.5,36.5", bbox
        )
    west, south, east, north = values
    return west, south, east, north


BBox = Annotated[tuple[float, float, float, float] | None, Depends(bbox_param)]


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def link_header(request: Request, page: int, pages: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages, with the same filters."""

    def url(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    links = [(url(1), "first")]
    if page > 1:
        links.append((url(min(page - 1, pages)), "prev"))
    if page < pages:
        links.append((url(page + 1), "next"))
    links.append((url(pages), "last"))
    return ", ".join(f'<{target}>; rel="{relation}"' for target, relation in links)


def page_body(
    request: Request,
    response: Response,
    items: Sequence[Any],
    total: int,
    paged: Paging,
) -> dict[str, Any]:
    """The JSON of one page, with its Link header set on `response`."""
    pages = page_count(total, paged.per_page)
    response.headers["Link"] = link_header(request, paged.page, pages)
    return {
        "items": list(items),
        "total": total,
        "page": paged.page,
        "per_page": paged.per_page,
        "pages": pages,
    }


def fetch_page(
    session: Session, statement: Select[Any], order: Sequence[Any], paged: Paging | None
) -> tuple[list[Any], int]:
    """The rows of one page of `statement` (all rows when `paged` is None) and the total."""
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ordered = statement.order_by(*order)
    if paged is not None:
        ordered = ordered.limit(paged.per_page).offset(paged.offset)
    return list(session.execute(ordered).all()), total


def plain(record: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready values: ISO dates and times, enum values."""
    encoded: dict[str, Any] = jsonable_encoder(dict(record))
    return encoded


def csv_response(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str], filename: str
) -> Response:
    """The records as CSV with a header row (RFC 4180), one column per field."""
    body = to_csv([plain(record) for record in records], list(columns))
    return Response(
        body,
        media_type=CSV_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def geojson_response(records: Iterable[Mapping[str, Any]]) -> Response:
    """The records with coordinates as GeoJSON Point features."""
    return JSONResponse(
        feature_collection(plain(record) for record in records), media_type=GEOJSON_TYPE
    )


CSV_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV with a header row."}
}
GEOJSON_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {GEOJSON_TYPE: {}},
        "description": "A FeatureCollection of Point features (properties: the item's other "
        "fields); items without coordinates are left out and counted in `without_coordinates`.",
    }
}

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="API token",
    description="An API token issued by an admin (`civcas` users), sent as "
    "`Authorization: Bearer <token>`.",
)


def token_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    user: CurrentUser,
) -> User:
    """The owner of the request's API token. API writes take a token only: a browser's session
    cookie would be sent by any page that posts here, so it never authorises a write."""
    if credentials is None or user is None:
        raise HTTPException(
            401,
            "writing through the API needs an API token: send 'Authorization: Bearer <token>' "
            "(signed-in browser sessions cannot write here; use the workspace forms)",
        )
    return user


TokenUser = Annotated[User, Depends(token_user)]


def permit(user: User, permission: Permission) -> None:
    if not can(user, permission):
        raise HTTPException(
            403, f"your role ({user.role.value}) may not {permission.description.lower()}"
        )


def restricted_reader(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    user: CurrentUser,
) -> User:
    """A signed-in user or token holder allowed to read personal data."""
    if user is None:
        raise HTTPException(
            401, "sign in, or send an API token ('Authorization: Bearer <token>'), to see this"
        )
    permit(user, Permission.READ_RESTRICTED)
    return user


RestrictedReader = Annotated[User, Depends(restricted_reader)]
