"""Tables of records: ACLED-compatible CSV, GeoPackage (pyogrio), GeoParquet.

The first columns are ACLED's (event_date … source); the rest are ours
(event_id, claimant, wounded, …). ACLED has no "unknown": our empty cells
mean the text did not say (fatalities are never filled with 0).
`country` is the English country name (ACLED style) with ISO alpha-2 in `iso2`;
latitude/longitude are the point itself, or a representative point of a
line/area (then geo_precision is 2–3 and the full geometry is in the
GeoPackage/GeoParquet and GeoJSON outputs).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.output.geojson import clean_value
from geo.output.files import atomic_target, write_atomic

ACLED_COLUMNS = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                 "location", "latitude", "longitude", "geo_precision", "time_precision", "fatalities",
                 "notes", "source"]
INT_COLUMNS = ["geo_precision", "time_precision", "fatalities", "wounded", "missing", "captured",
               "positions_lost", "vehicles_destroyed", "geonameid", "source_start", "source_end",
               "trigger_start", "trigger_end", "sentence_index"]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        from geo.boundaries import layers

        df = layers.countries()
        return {a: n for a, n in zip(df["iso_a2"], df["name_en"]) if isinstance(a, str) and isinstance(n, str)}
    except Exception:  # noqa: BLE001 - names are a nicety; ISO codes remain
        return {}


def _flatten(props: dict) -> dict:
    out = {}
    for k, v in props.items():
        if k in ("source_span", "trigger_span"):
            base = k.split("_")[0]
            out[f"{base}_start"], out[f"{base}_end"] = (v[0], v[1]) if v else (None, None)
        elif isinstance(v, (list, tuple, dict)):
            out[k] = str(v)
        else:
            out[k] = v
    return out


def to_frame(records: Iterable[Any]) -> gpd.GeoDataFrame:
    """One row per record: ACLED columns first, then every property of the record, then geometry."""
    rows, geoms = [], []
    names = _country_names()
    for r in records:
        props = _flatten({k: clean_value(v) for k, v in (r.properties() if hasattr(r, "properties") else dict(r)).items()})
        geom = getattr(r, "geometry", None)
        if geom is not None and shapely.is_empty(geom):
            geom = None
        lat = lon = None
        if geom is not None:
            pt = geom if geom.geom_type == "Point" else geom.representative_point()
            lon, lat = round(pt.x, 6), round(pt.y, 6)
        iso2 = props.get("country")
        acled = {
            "event_date": props.get("event_date"),
            "event_type": props.get("event_type"),
            "sub_event_type": props.get("sub_event_type"),
            "actor1": props.get("actor1"),
            "actor2": props.get("actor2"),
            "country": names.get(iso2, iso2) if iso2 else None,
            "admin1": props.get("admin1"),
            "location": props.get("location_name"),
            "latitude": lat,
            "longitude": lon,
            "geo_precision": props.get("geo_precision"),
            "time_precision": props.get("time_precision"),
            "fatalities": props.get("fatalities"),
            "notes": props.get("source_text"),
            "source": props.get("source"),
        }
        ours = {k: v for k, v in props.items() if k not in acled}
        ours["iso2"] = iso2
        rows.append({**acled, **ours})
        geoms.append(geom)
    df = pd.DataFrame(rows)
    for col in ACLED_COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series(dtype=object)
    for col in INT_COLUMNS:
        if col in df.columns:
            df[col] = pd.array([None if v is None or (isinstance(v, float) and np.isnan(v)) else int(v) for v in df[col]], dtype="Int64")
    for col in ("latitude", "longitude", "distance_to_border_km", "confidence"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("historical",):
        if col in df.columns:
            df[col] = df[col].astype("boolean")
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def write_csv(records: Iterable[Any], path: str | os.PathLike) -> None:
    df = pd.DataFrame(to_frame(records).drop(columns="geometry"))
    text = df.to_csv(index=False, lineterminator="\n")
    if str(path) == "-":
        import sys

        sys.stdout.write(text)
        return
    write_atomic(path, text)


def write_gpkg(records: Iterable[Any], path: str | os.PathLike, *, layer: str = "events") -> None:
    import pyogrio

    gdf = to_frame(records)
    atomic_target(path, lambda tmp: pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG",
                                                            geometry_type="Unknown"))


def write_parquet(records: Iterable[Any], path: str | os.PathLike) -> None:
    gdf = to_frame(records)
    atomic_target(path, lambda tmp: gdf.to_parquet(tmp, index=False))
