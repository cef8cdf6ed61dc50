"""Records with coordinates as a GeoJSON FeatureCollection (RFC 7946), for maps and GIS tools.

Records without coordinates cannot be placed on a map; they are left out and counted, so that a
map can say how many allegations it does not show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LATITUDE, LONGITUDE = "latitude", "longitude"


def feature(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Point feature for a record with coordinates (its other fields as properties), or None.

    `record` holds JSON-ready values; GeoJSON orders coordinates longitude first."""
    latitude, longitude = record.get(LATITUDE), record.get(LONGITUDE)
    if latitude is None or longitude is None:
        return None
    properties = {
        name: value for name, value in record.items() if name not in (LATITUDE, LONGITUDE)
    }
    return {
        "type": "Feature",
        "id": record.get("id"),
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def feature_collection(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The records with coordinates as features; `without_coordinates` counts the others."""
    features, without = [], 0
    for record in records:
        point = feature(record)
        if point is None:
            without += 1
        else:
            features.append(point)
    return {"type": "FeatureCollection", "features": features, "without_coordinates": without}
