"""Cached loaders for the derived boundary layers in `geo.paths.boundaries_dir()`.

Files are GeoParquet written by `tools/build_boundaries.py`; see
data/boundaries/SOURCES.md. Every loader returns the same cached GeoDataFrame
(EPSG:4326): treat it as read-only, `.copy()` before modifying.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from geo.paths import boundaries_dir

if TYPE_CHECKING:
    import geopandas as gpd

REBUILD = "python tools/build_boundaries.py"
LONLAT_CRS_IDS = ({"authority": "EPSG", "code": 4326}, {"authority": "OGC", "code": "CRS84"})


class BoundaryDataMissing(RuntimeError):
    """A derived boundary file is absent (or unreadable) under boundaries_dir()."""


def layer_path(name: str) -> Path:
    """A layer's file, which must exist (what caches derived from it are keyed on)."""
    path = boundaries_dir() / f"{name}.parquet"
    if not path.is_file():
        raise BoundaryDataMissing(f"boundary layer missing: {path} (regenerate with `{REBUILD}`)")
    return path


@lru_cache(maxsize=None)
def _load(name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = layer_path(name)
    try:
        gdf = gpd.read_parquet(path)
    except Exception as exc:  # corrupt / not GeoParquet
        raise BoundaryDataMissing(f"boundary layer unreadable: {path}: {exc}") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


@lru_cache(maxsize=None)
def _geometry_column(name: str) -> tuple[str, bool]:
    """A layer's geometry column and whether its coordinates are lon/lat, from its GeoParquet metadata."""
    import pyarrow.parquet as pq

    path = layer_path(name)
    try:
        geo = json.loads(pq.read_schema(path).metadata[b"geo"])
        column = geo["primary_column"]
        crs = geo["columns"][column].get("crs")
        if geo["columns"][column].get("encoding", "WKB") != "WKB":
            raise ValueError("geometry not WKB-encoded")
    except Exception as exc:  # corrupt / not GeoParquet
        raise BoundaryDataMissing(f"boundary layer unreadable: {path}: {exc}") from exc
    return column, crs is None or crs.get("id") in LONLAT_CRS_IDS


def _read_column(name: str, column: str) -> list:
    """One column of a layer, read with pyarrow alone: the joins of the pipeline need no GeoDataFrame
    (importing geopandas and pandas is a third of a second of a one-article command), and a join of
    gazetteer places reads a few attribute columns, not the megabytes of polygons."""
    import pyarrow.parquet as pq

    path = layer_path(name)
    try:
        # (pq.read_table and to_numpy would import pandas; arrow's thread pool costs more CPU than it saves
        # on these few MB: 0.04-0.2 s against 0.04 s for admin1)
        return pq.ParquetFile(path).read(columns=[column], use_threads=False).column(column).to_pylist()
    except Exception as exc:  # corrupt, or no such column
        raise BoundaryDataMissing(f"boundary layer unreadable: {path}: {exc}") from exc


def object_array(values: list) -> np.ndarray:
    """`values` as a one-dimensional object array, whatever they are (np.array would nest sequences)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@lru_cache(maxsize=None)
def geometries(name: str) -> np.ndarray:
    """A layer's geometries (lon/lat) as an object array, in row order, read once. A file in another CRS
    than lon/lat goes through `_load`, which reprojects."""
    column, lonlat = _geometry_column(name)
    if lonlat:
        return shapely.from_wkb(object_array(_read_column(name, column)))
    return np.asarray(_load(name).geometry.values, dtype=object)


@lru_cache(maxsize=None)
def column_values(layer: str, column: str) -> np.ndarray:
    """A layer's column as a numpy object array, read once (joins index into it per call)."""
    return object_array(_read_column(layer, column))


def countries() -> gpd.GeoDataFrame:
    """NE 10m countries: iso_a2, iso_a3, adm0_a3, name_en, name_ar, name_ru, name_tr, type, wikidata."""
    return _load("countries")


def admin1() -> gpd.GeoDataFrame:
    """NE 10m admin-1 (4,595 units): iso_3166_2, iso_a2, name, name_en, name_ar, name_ru, name_tr,
    gn_id, wikidata, note, in_nagorno_karabakh, nagorno_karabakh_part, ..."""
    return _load("admin1")


def disputed() -> gpd.GeoDataFrame:
    """Disputed / breakaway areas: id, name_en, name_ar, name_ru, name_hy, name_az, kind, claimants."""
    return _load("disputed")


def borders() -> gpd.GeoDataFrame:
    """International land borders, one row per country pair (iso_a < iso_b): length_km (geodesic)."""
    return _load("borders")


@lru_cache(maxsize=None)
def _border_index() -> dict[tuple[str, str], object]:
    return dict(zip(zip(column_values("borders", "iso_a"), column_values("borders", "iso_b")), geometries("borders")))


def border_between(iso_a: str, iso_b: str):
    """The land border line between two countries (ISO 3166-1 alpha-2), or None if they share none."""
    a, b = sorted((str(iso_a).upper(), str(iso_b).upper()))
    return _border_index().get((a, b))


def clear_cache() -> None:
    """Forget loaded layers (e.g. after changing GEO_BOUNDARIES_DIR)."""
    for cached in (_load, _geometry_column, geometries, column_values):
        cached.cache_clear()
    _border_index.cache_clear()
    import importlib

    _j = importlib.import_module("geo.boundaries.join")  # the module; `join` the attribute is the function

    for f in (_j._border_lines, _j._border_pieces, _j._tree, _j._coarse_sample, _j._polygons, _j._column_or_none):
        f.cache_clear()
    _j.clear_facts_memo()
