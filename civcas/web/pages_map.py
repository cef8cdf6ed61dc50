"""The map page and its data: the register's located allegations, filtered like the register, as
GeoJSON (`civcas.publication.geojson`) for the map and as a table for those who cannot use it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

from civcas.publication.geojson import LATITUDE, LONGITUDE, feature
from civcas.publication.register import RegisterEntry, RegisterQuery, every_entry, register
from civcas.vocab import Outcome
from civcas.web.deps import DB
from civcas.web.pages_register import chosen_filters, filter_choices, register_query
from civcas.web.pages_support import Restricted, gettext, link, page, page_numbers

router = APIRouter(include_in_schema=False)

MAP_TABLE_SIZE = 100
WORLD = (-180.0, -90.0, 180.0, 90.0)  # as a bbox filter it also keeps only located reports
# What a marker needs (its popup links to the allegation: `url`); the rest is in the register.
MARKER = (
    "external_id",
    "source",
    "source_type",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "country",
    "location_precision",
    "killed_min",
    "killed_max",
    "outcome",
    "reason_code",
    "reason",
    "acknowledged_killed",
    "grade",
)


def located_query(
    filters: Mapping[str, str], params: Mapping[str, str], request: Request
) -> RegisterQuery:
    """The register query for the map: the filters, and only reports with coordinates."""
    query = register_query(filters, params, gettext(request), per_page=MAP_TABLE_SIZE)
    return query if query.bbox else dataclasses.replace(query, bbox=WORLD)


def marker(found: RegisterEntry) -> dict[str, Any] | None:
    """The allegation as a GeoJSON Point feature for the map (None without coordinates)."""
    record = {
        LATITUDE: found.latitude,
        LONGITUDE: found.longitude,
        "id": found.id,
        "url": f"/reports/{found.id}",
        **{name: getattr(found, name) for name in MARKER},
    }
    return feature(jsonable_encoder(record))


@router.get("/map/allegations.geojson")
def map_data(request: Request, session: DB, can_see: Restricted) -> JSONResponse:
    filters = chosen_filters(request.query_params)
    query = located_query(filters, request.query_params, request)
    entries = every_entry(session, query, restricted=can_see)
    features = [point for point in map(marker, entries) if point is not None]
    return JSONResponse(
        {"type": "FeatureCollection", "features": features},
        media_type="application/geo+json",
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: DB, can_see: Restricted) -> HTMLResponse:
    filters = chosen_filters(request.query_params)
    query = located_query(filters, request.query_params, request)
    result = register(session, query, restricted=can_see)
    unfiltered = dataclasses.replace(query, bbox=None, page=1, per_page=1)
    everything = register(session, unfiltered).total if "bbox" not in filters else result.total
    return page(
        request,
        "map.html",
        {
            "active": "map",
            "result": result,
            "filters": filters,
            "unlocated": everything - result.total,
            "data_url": link("/map/allegations.geojson", filters),
            "register_url": link("/register", filters),
            "page_url": lambda number: link("/map", filters, page=number),
            "page_numbers": page_numbers(result.page, result.pages),
            "outcomes": list(Outcome),
            **filter_choices(session),
        },
    )
