"""The analysts' workspace (login): intake, assessment, grading, the queue of open allegations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
