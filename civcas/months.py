"""Calendar months written "YYYY-MM", the unit every official figure is stated in.

Months are kept as strings so that the plan, the CSV and the statement all speak the same key.
"""

from __future__ import annotations

import calendar
import datetime as dt

from civcas.errors import FieldError


def checked(text: str) -> str:
    """`text` if it names a calendar month as YYYY-MM; a FieldError naming `month` otherwise."""
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise FieldError("month", f"{text!r} is not a month written YYYY-MM") from None
    return of(day)


def parse(period: str) -> tuple[int, int]:
    """(year, month) of a "YYYY-MM" string."""
    year, month = period.split("-")
    return int(year), int(month)


def following(period: str) -> str:
    """The month after `period`."""
    year, month = parse(period)
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    months = [first]
    while months[-1] != last:
        months.append(following(months[-1]))
    return months


def first_day(period: str) -> dt.date:
    year, month = parse(period)
    return dt.date(year, month, 1)


def last_day(period: str) -> dt.date:
    year, month = parse(period)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def start(period: str) -> dt.datetime:
    """The month's first instant."""
    return dt.datetime.combine(first_day(period), dt.time())


def end(period: str) -> dt.datetime:
    """The first instant after the month (the statement counts [start, end))."""
    return start(following(period))


def of(moment: dt.date) -> str:
    """The month a date or datetime falls in."""
    return f"{moment.year:04d}-{moment.month:02d}"
