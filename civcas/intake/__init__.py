"""Intake: reading allegation data from files and rows into the ledger, all or nothing."""

from civcas.errors import IntakeError, RowError
from civcas.intake.load import LOADERS, LoadResult, load
from civcas.intake.readers import read_rows

KINDS = tuple(LOADERS)

__all__ = ["KINDS", "IntakeError", "LoadResult", "RowError", "load", "read_rows"]
