"""The rule that makes a strike a candidate for a report: how far apart in days and kilometres.

The numbers are a policy, published on the methodology page, so they live in one small value
that a settings file can change and `rows()` can print. A settings file holds a `[match]` table:

    [match]
    slack_days = 2

    [match.radius_km]
    town = 12.5

Keys left out keep their defaults; any other key inside `[match]` is refused rather than ignored,
since a misspelt radius that silently kept its default would change who is matched. Other tables
of the same file belong to other parts of civcas and are left alone.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from civcas.errors import FieldError
from civcas.vocab import LocationPrecision

RADIUS_PRECISIONS = tuple(p for p in LocationPrecision if p is not LocationPrecision.COUNTRY)
"""The precisions matched by distance; COUNTRY is matched on the country alone."""


class RuleRow(NamedTuple):
    """One line of the methodology page's table: a precision, its radius, what it means."""

    precision: LocationPrecision
    radius_km: float | None
    description: str


def _checked_slack(field: str, value: object) -> int:
    """A whole number of days ≥ 0; a FieldError naming `field` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{value!r} is not a whole number of days")
    if value < 0:
        raise FieldError(field, f"{value} is negative: the slack widens the dates, never narrows")
    return value


def _checked_radius(field: str, value: object) -> float:
    """A finite number of kilometres > 0; a FieldError naming `field` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(field, f"{value!r} is not a number of kilometres")
    if not math.isfinite(value) or value <= 0:
        raise FieldError(field, f"{value!r} is not a positive, finite number of kilometres")
    return float(value)


@dataclass(frozen=True)
class MatchRule:
    """Days of slack either side of a report's dates, and a radius for each location precision."""

    slack_days: int = 1
    exact_km: float = 2.0
    neighbourhood_km: float = 5.0
    town_km: float = 10.0
    district_km: float = 30.0
    governorate_km: float = 100.0

    def __post_init__(self) -> None:
        _checked_slack("slack_days", self.slack_days)
        for precision in RADIUS_PRECISIONS:
            name = f"{precision.value}_km"
            object.__setattr__(self, name, _checked_radius(name, getattr(self, name)))

    def radius_for(self, precision: LocationPrecision | str) -> float | None:
        """The radius in km, or None for COUNTRY (any distance within the same country)."""
        precision = LocationPrecision(precision)
        if precision is LocationPrecision.COUNTRY:
            return None
        radius: float = getattr(self, f"{precision.value}_km")
        return radius

    def rows(self) -> list[RuleRow]:
        """Every precision with its radius, finest first, for the methodology page."""
        return [RuleRow(p, self.radius_for(p), p.description) for p in LocationPrecision]

    @classmethod
    def from_settings(cls, path: str | Path) -> MatchRule:
        """The rule in the `[match]` table of the TOML file at `path` (defaults where absent)."""
        table = _match_table(Path(path))
        unknown = sorted(set(table) - {"slack_days", "radius_km"})
        if unknown:
            raise FieldError(f"match.{unknown[0]}", "unknown setting (slack_days, radius_km)")
        values: dict[str, Any] = {}
        if "slack_days" in table:
            values["slack_days"] = _checked_slack("match.slack_days", table["slack_days"])
        for key, value in _radius_table(table.get("radius_km", {})).items():
            values[f"{key}_km"] = _checked_radius(f"match.radius_km.{key}", value)
        return cls(**values)


def _match_table(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            settings = tomllib.load(file)
    except FileNotFoundError:
        raise FieldError(str(path), "no settings file there") from None
    except OSError as error:
        raise FieldError(str(path), f"cannot read the settings file: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise FieldError(str(path), f"not valid TOML: {error}") from None
    table = settings.get("match", {})
    if not isinstance(table, dict):
        raise FieldError("match", "must be a table: [match]")
    return table


def _radius_table(table: object) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise FieldError("match.radius_km", "must be a table: [match.radius_km]")
    allowed = [p.value for p in RADIUS_PRECISIONS]
    for key in table:
        if key not in allowed:
            why = "country has no radius" if key == "country" else "not a location precision"
            raise FieldError(f"match.radius_km.{key}", f"{why} (one of {', '.join(allowed)})")
    return table
