"""The matcher's columns: strikes and reports in, candidate pairs out, as NumPy arrays.

Columnar because the design size is a million strikes against a hundred thousand reports and
tens of millions of pairs: one array per field, checked once on the way in (lengths, two-letter
countries, coordinates in range, known precisions, dates in order) so the matcher can trust them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from civcas.errors import FieldError
from civcas.vocab import LocationPrecision

BASES = ("distance", "country")
"""The names of the `Pairs.basis` codes 0 and 1."""

EPOCH = dt.date(1970, 1, 1)
"""Day 0 of the `day` columns."""

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


def _column(container: Any, name: str, dtype: Any) -> None:
    """Replace a field by a 1-D array of `dtype`, with the same length as the first field."""
    values = np.asarray(getattr(container, name), dtype=dtype)
    first = getattr(container, fields(container)[0].name)
    if values.ndim != 1 or len(values) != len(first):
        raise FieldError(
            name, f"must be one value per row ({len(first)}), not shape {values.shape}"
        )
    object.__setattr__(container, name, values)


def _countries(container: Any) -> None:
    """Two-letter codes, refused rather than silently cut to two letters."""
    values = np.asarray(container.country, dtype=str)
    if len(values) and values.dtype.itemsize > np.dtype("U2").itemsize:
        raise FieldError("country", "country codes are two letters (ISO 3166-1 alpha-2)")
    object.__setattr__(container, "country", values)
    _column(container, "country", "U2")


def _coordinates(container: Any) -> None:
    """Degrees within range (NaN for unknown), as the ledger's CHECK constraints have them."""
    for name, bound in (("lat", 90), ("lon", 180)):
        _column(container, name, np.float64)
        if np.any(np.abs(getattr(container, name)) > bound):
            raise FieldError(name, f"a {name} outside ±{bound}°")


def _precisions(container: Any) -> None:
    """LocationPrecision values or None, one per row."""
    _column(container, "precision", object)
    allowed = {p.value for p in LocationPrecision} | {None}
    unknown = set(container.precision.tolist()) - allowed
    if unknown:
        raise FieldError("location_precision", f"{unknown.pop()!r} is not a precision")


def _days(dates: Iterable[dt.date]) -> Ints:
    return np.fromiter(((d - EPOCH).days for d in dates), dtype=np.int64)


def _floats(values: Iterable[float | None]) -> Floats:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


@dataclass(frozen=True)
class Strikes:
    """Strike-log columns: `day` counts days since 1970-01-01; NaN `lat`/`lon` = not located;
    `precision` how well each place is known (LocationPrecision values; None, the default for
    every strike: the coordinates are the strike's own point)."""

    id: Ints
    day: Ints
    country: NDArray[np.str_]
    lat: Floats
    lon: Floats
    precision: NDArray[np.object_] = field(default_factory=lambda: np.empty(0, dtype=object))

    def __post_init__(self) -> None:
        for name in ("id", "day"):
            _column(self, name, np.int64)
        _countries(self)
        _coordinates(self)
        if not len(self.precision):  # not given: every strike at its own point
            object.__setattr__(self, "precision", np.full(len(self.id), None, dtype=object))
        _precisions(self)

    def __len__(self) -> int:
        return len(self.id)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Any, ...]]) -> Strikes:
        """From (id, date, country, latitude, longitude[, precision]) rows; None for an unknown
        place, or for a strike's own point."""
        padded = [(*row, None)[:6] for row in rows]
        ids, dates, countries, lats, lons, precisions = list(zip(*padded, strict=True)) or [()] * 6
        precision = np.empty(len(ids), dtype=object)
        precision[:] = [None if p is None else str(p) for p in precisions]
        return cls(
            np.array(ids),
            _days(dates),
            np.array(countries),
            _floats(lats),
            _floats(lons),
            precision,
        )


@dataclass(frozen=True)
class Reports:
    """Report columns: days as in `Strikes`; `precision` holds LocationPrecision values or None."""

    id: Ints
    day_start: Ints
    day_end: Ints
    country: NDArray[np.str_]
    lat: Floats
    lon: Floats
    precision: NDArray[np.object_]

    def __post_init__(self) -> None:
        for name in ("id", "day_start", "day_end"):
            _column(self, name, np.int64)
        _countries(self)
        _coordinates(self)
        if np.any(self.day_start > self.day_end):
            raise FieldError("date_end", "a report's dates end before they start")
        _precisions(self)

    def __len__(self) -> int:
        return len(self.id)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[int, dt.date, dt.date, str, float | None, float | None, str | None]],
    ) -> Reports:
        """From (id, date_start, date_end, country, latitude, longitude, precision) rows."""
        columns = list(zip(*rows, strict=True)) or [()] * 7
        ids, starts, ends, countries, lats, lons, precisions = columns
        precision = np.empty(len(ids), dtype=object)
        precision[:] = [None if p is None else str(p) for p in precisions]
        return cls(
            np.array(ids, dtype=np.int64),
            _days(starts),
            _days(ends),
            np.array(countries),
            _floats(lats),
            _floats(lons),
            precision,
        )


@dataclass(frozen=True)
class Pairs:
    """Candidate (report, strike) pairs, sorted by report_id, score (highest first), strike_id.

    `basis` is a code: 0 for "distance", 1 for "country" (`BASES`), one byte rather than a string
    since a run at the design size yields tens of millions of pairs. `days_apart` is 0 when the
    strike's day lies within the report's dates, else the days to the nearer end. `score` =
    1 / (1 + distance / radius + days_apart), rounded to 6 decimals: 1 for the reported place
    within the reported dates, ½ at the edge of the radius or a day outside it; the country basis
    counts as the edge of a radius.
    """

    report_id: Ints
    strike_id: Ints
    distance_km: Floats
    days_apart: NDArray[np.int32]
    basis: NDArray[np.uint8]
    score: Floats

    def __len__(self) -> int:
        return len(self.report_id)

    def rows(self) -> Iterator[tuple[int, int, float, int, str, float]]:
        """The pairs as plain Python tuples, in order, with the basis by name."""
        columns = [getattr(self, f.name).tolist() for f in fields(self)]
        columns[4] = [BASES[code] for code in columns[4]]
        return zip(*columns, strict=True)

    @classmethod
    def concatenate(cls, chunks: Iterable[Pairs], capacity: int | None = None) -> Pairs:
        """The chunks end to end. Each is copied into arrays made once for `capacity` pairs (an
        upper bound; by default the chunks' total, which needs them all at hand), then cut to
        size, so that a stream of chunks never has its pairs in memory twice."""
        if capacity is None:
            chunks = list(chunks)
            capacity = sum(map(len, chunks))
        columns: list[Any] = [np.empty(capacity, dtype) for dtype in _PAIR_TYPES]
        whole = cls(*columns)
        end = 0
        for chunk in chunks:
            for column in fields(cls):
                getattr(whole, column.name)[end : end + len(chunk)] = getattr(chunk, column.name)
            end += len(chunk)
        for column in fields(cls):
            getattr(whole, column.name).resize(end, refcheck=False)  # in place, no copy
        return whole


_PAIR_TYPES = (np.int64, np.int64, np.float64, np.int32, np.uint8, np.float64)
