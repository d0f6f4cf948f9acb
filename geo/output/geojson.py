"""RFC 7946 GeoJSON from Event / PlaceMention records.

WGS84 [lon, lat], coordinates rounded to 6 decimals, polygon exteriors
counter-clockwise and holes clockwise, no `crs` member, `null` geometry
for records without a place.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date
from typing import Any, Iterable

import numpy as np
import shapely
from shapely.geometry import mapping

from geo.output.files import write_atomic

DIGITS = 6


def collect(results: Iterable[Any], *, places: bool = False) -> list:
    """Events (or, with places=True, place mentions) of Result objects; records pass through."""
    out: list = []
    for item in results:
        if hasattr(item, "events") and hasattr(item, "mentions"):
            out.extend(item.mentions if places else item.events)
        else:
            out.append(item)
    return out


def clean_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return clean_value(value.item())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): clean_value(v) for k, v in value.items()}
    return str(value)


def rfc7946_geometry(geom: Any) -> dict | None:
    """A GeoJSON geometry dict: rounded, oriented (exterior CCW), or None."""
    if geom is None or shapely.is_empty(geom):
        return None
    geom = shapely.transform(geom, lambda c: np.round(c, DIGITS))
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    out = mapping(geom)
    return {**out, "coordinates": _lists(out["coordinates"])} if "coordinates" in out else \
        {**out, "geometries": [rfc7946_geometry(g) for g in geom.geoms]}


def _lists(coords: Any) -> Any:
    if isinstance(coords, (tuple, list)) and coords and isinstance(coords[0], (int, float)):
        return [float(c) for c in coords]
    return [_lists(c) for c in coords]


def properties_of(record: Any) -> dict:
    props = record.properties() if hasattr(record, "properties") else dict(record)
    return {k: clean_value(v) for k, v in props.items() if k != "geometry"}


def feature(record: Any) -> dict:
    props = properties_of(record)
    out: dict[str, Any] = {"type": "Feature"}
    if props.get("event_id"):
        out["id"] = props["event_id"]
    out["geometry"] = rfc7946_geometry(getattr(record, "geometry", None))
    out["properties"] = props
    return out


def feature_collection(records: Iterable[Any]) -> dict:
    features = [feature(r) for r in records]
    fc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    boxes = [shapely.bounds(shapely.geometry.shape(f["geometry"])) for f in features if f["geometry"]]
    if boxes:
        b = np.asarray(boxes)
        fc["bbox"] = [round(float(b[:, 0].min()), DIGITS), round(float(b[:, 1].min()), DIGITS),
                      round(float(b[:, 2].max()), DIGITS), round(float(b[:, 3].max()), DIGITS)]
    return fc


def dumps(records: Iterable[Any], *, indent: int | None = None) -> str:
    return json.dumps(feature_collection(records), ensure_ascii=False, indent=indent, allow_nan=False)


def write_geojson(records: Iterable[Any], path: str | os.PathLike) -> None:
    """Write a FeatureCollection atomically (UTF-8, `-` for stdout)."""
    text = dumps(records) + "\n"
    if str(path) == "-":
        import sys

        sys.stdout.write(text)
        return
    write_atomic(path, text)
