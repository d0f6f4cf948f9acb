"""Cached loaders for the derived boundary layers in `geo.paths.boundaries_dir()`.

Files are GeoParquet written by `tools/build_boundaries.py`; see
data/boundaries/SOURCES.md. Every loader returns the same cached GeoDataFrame
(EPSG:4326): treat it as read-only, `.copy()` before modifying.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geo.paths import boundaries_dir

REBUILD = "python tools/build_boundaries.py"


class BoundaryDataMissing(RuntimeError):
    """A derived boundary file is absent (or unreadable) under boundaries_dir()."""


def _path(name: str) -> Path:
    return boundaries_dir() / f"{name}.parquet"


@lru_cache(maxsize=None)
def _load(name: str) -> gpd.GeoDataFrame:
    path = _path(name)
    if not path.is_file():
        raise BoundaryDataMissing(f"boundary layer missing: {path} (regenerate with `{REBUILD}`)")
    try:
        gdf = gpd.read_parquet(path)
    except Exception as exc:  # corrupt / not GeoParquet
        raise BoundaryDataMissing(f"boundary layer unreadable: {path}: {exc}") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


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


def borders_path() -> Path:
    """The border lines' file (what caches derived from it are keyed on)."""
    return _path("borders")


def borders() -> gpd.GeoDataFrame:
    """International land borders, one row per country pair (iso_a < iso_b): length_km (geodesic)."""
    return _load("borders")


@lru_cache(maxsize=None)
def _border_index() -> dict[tuple[str, str], object]:
    b = borders()
    return {(a, c): g for a, c, g in zip(b["iso_a"], b["iso_b"], b.geometry.values)}


def border_between(iso_a: str, iso_b: str):
    """The land border line between two countries (ISO 3166-1 alpha-2), or None if they share none."""
    a, b = sorted((str(iso_a).upper(), str(iso_b).upper()))
    return _border_index().get((a, b))


@lru_cache(maxsize=None)
def column_values(layer: str, column: str):
    """A layer's column as a numpy object array, converted once (joins index into it per call)."""
    return _load(layer)[column].to_numpy(dtype=object)


def clear_cache() -> None:
    """Forget loaded layers (e.g. after changing GEO_BOUNDARIES_DIR)."""
    _load.cache_clear()
    _border_index.cache_clear()
    column_values.cache_clear()
    import importlib

    _j = importlib.import_module("geo.boundaries.join")  # the module; `join` the attribute is the function

    for f in (_j._border_lines, _j._border_pieces, _j._tree, _j._coarse_sample, _j._prepared, _j._column_or_none):
        f.cache_clear()
    _j.clear_facts_memo()
