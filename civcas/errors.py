"""Errors that name what to fix: the row or record, the field, and why."""

from __future__ import annotations

from dataclasses import dataclass


class FieldError(ValueError):
    """A value that breaks a rule; `field` names the column or argument to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One bad row: where it is ("line 7", "item 3"), which field, and why."""

    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.reason}"


class IntakeError(Exception):
    """A file (or batch of rows) refused whole; `errors` lists every bad row."""

    def __init__(self, kind: str, errors: list[RowError], source: str = "input") -> None:
        self.kind, self.errors, self.source = kind, errors, source
        lines = "\n".join(f"  {error}" for error in errors)
        super().__init__(
            f"{source}: {len(errors)} problem(s); nothing was imported from it\n{lines}"
        )
