"""Parameters and checks shared by the API's routes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path, Query

from civcas.accounts import can
from civcas.intake.rows import MAX_COUNT
from civcas.ledger.models import User
from civcas.vocab import Permission

# Ids are INTEGER columns (32 bits on PostgreSQL); a larger id in a path or query would reach
# the database and crash the query (SQLite overflows past 64 bits) instead of a 422 naming it.
MAX_ID = MAX_COUNT
ReportId = Annotated[
    int, Path(ge=1, le=MAX_ID, description="The report's id in the ledger (`id`).")
]
DateFrom = Annotated[
    dt.date | None,
    Query(
        description="Only events on or after this day (ISO date, e.g. 2017-06-01); an event "
        "known only to a span of days counts if the span reaches it."
    ),
]
DateTo = Annotated[
    dt.date | None,
    Query(
        description="Only events on or before this day (ISO date, e.g. 2017-06-30); an event "
        "known only to a span of days counts if the span reaches it."
    ),
]
Country = Annotated[
    str | None,
    Query(
        pattern="^[A-Za-z]{2}$",
        description="Only this country: an ISO 3166-1 alpha-2 code such as SY or IQ.",
    ),
]
Limit = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_COUNT,  # the LIMIT must fit the database's integer, or the query crashes
        description="At most this many items (newest first); all of them by default.",
    ),
]


def is_restricted(user: User | None) -> bool:
    return can(user, Permission.READ_RESTRICTED)
