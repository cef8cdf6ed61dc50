"""The REST API under /api/v1: the same core functions as the CLI, as JSON, CSV and GeoJSON."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["civcas"])
