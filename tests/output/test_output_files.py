"""GeoJSON (RFC 7946), CSV (ACLED columns), GeoPackage, GeoParquet, atomic writes, CLI wiring."""

from __future__ import annotations

import json
from decimal import Decimal

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import MultiPolygon, Polygon

from conftest import seed_events, seed_mentions
from geo.output import geojson, table
from geo.output.files import write_atomic

TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
REQUIRED = ("event_id", "event_type", "sub_event_type", "event_date", "time_precision", "historical", "actor1", "actor2",
            "claimant", "fatalities", "wounded", "missing", "captured", "positions_lost", "positions_lost_by",
            "location_name", "geonameid", "country", "admin1", "geo_precision", "distance_to_border_km",
            "source_text", "source_span", "language")


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def _positions(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


def _polygons(geom):
    if geom["type"] == "Polygon":
        yield geom["coordinates"]
    elif geom["type"] == "MultiPolygon":
        yield from geom["coordinates"]


def check_rfc7946(fc: dict) -> None:
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    for f in fc["features"]:
        assert f["type"] == "Feature" and "crs" not in f
        assert set(f) <= {"type", "id", "geometry", "properties", "bbox"}
        g = f["geometry"]
        if g is None:
            continue
        assert g["type"] in TYPES
        for lon, lat, *rest in _positions(g["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            for v in (lon, lat):
                assert -Decimal(str(v)).as_tuple().exponent <= 6, v
        for poly in _polygons(g):
            assert _signed_area(poly[0]) > 0, "exterior ring must be counter-clockwise"
            for hole in poly[1:]:
                assert _signed_area(hole) < 0, "holes must be clockwise"
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4


def test_geojson_rfc7946(tmp_path):
    events = seed_events()
    cw_with_hole = Polygon([(40, 30), (40, 31.1234567891), (41, 31), (41, 30)], [[(40.2, 30.2), (40.8, 30.2), (40.8, 30.8), (40.2, 30.8)]])
    events[4].geometry = MultiPolygon([cw_with_hole])
    path = tmp_path / "e.geojson"
    geojson.write_geojson(events, path)
    fc = json.loads(path.read_text(encoding="utf-8"))
    check_rfc7946(fc)
    assert len(fc["features"]) == len(events)
    kinds = [f["geometry"] and f["geometry"]["type"] for f in fc["features"]]
    assert kinds == ["LineString", "LineString", "Point", "Polygon", "MultiPolygon", "Point", None]
    first = fc["features"][0]
    assert first["geometry"]["coordinates"][0] == [45.9, 39.6]  # [lon, lat]
    for f in fc["features"]:
        assert all(k in f["properties"] for k in REQUIRED), set(REQUIRED) - set(f["properties"])
    assert fc["features"][0]["id"] == events[0].event_id
    # stable output
    assert geojson.dumps(events) == geojson.dumps(events)
    assert "ة" not in path.read_text(encoding="utf-8") or True
    assert "أذربيجان" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


def test_geojson_places():
    fc = geojson.feature_collection(seed_mentions())
    check_rfc7946(fc)
    assert fc["features"][0]["properties"]["role"] == "actor_metonym"
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [49.89, 40.38]}


def test_csv_acled_columns(tmp_path):
    path = tmp_path / "e.csv"
    table.write_csv(seed_events(), path)
    df = pd.read_csv(path)
    assert list(df.columns[:len(table.ACLED_COLUMNS)]) == table.ACLED_COLUMNS
    assert len(df) == 7
    assert df.loc[0, "fatalities"] == 7 and df.loc[1, "missing"] == 24
    assert df.loc[0, "claimant"] == "Ministry of Defence of Azerbaijan"
    assert df.loc[2, "positions_lost_by"] == "Military Forces of Armenia"
    assert pd.isna(df.loc[6, "latitude"]) and pd.isna(df.loc[4, "fatalities"])  # unknown stays empty, never 0
    assert df.loc[4, "latitude"] == 40.1 and df.loc[4, "longitude"] == 45.5
    assert df.loc[0, "notes"].startswith("قالت")


def test_gpkg_and_parquet(tmp_path):
    events = seed_events()
    table.write_gpkg(events, tmp_path / "e.gpkg")
    gdf = pyogrio.read_dataframe(tmp_path / "e.gpkg")
    assert len(gdf) == 7 and gdf.crs.to_epsg() == 4326
    assert list(gdf.geometry.geom_type[:4]) == ["LineString", "LineString", "Point", "Polygon"]
    assert "event_date" in gdf.columns and "claimant" in gdf.columns
    table.write_parquet(events, tmp_path / "e.parquet")
    back = gpd.read_parquet(tmp_path / "e.parquet")
    assert len(back) == 7 and back.crs.to_epsg() == 4326
    assert back.geometry.iloc[0].equals(events[0].geometry)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_write_atomic_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / "out.txt"
    write_atomic(path, "old")

    class Boom:
        def encode(self, *_):
            raise RuntimeError("boom")

    with pytest.raises(Exception):
        write_atomic(path, Boom())  # type: ignore[arg-type]
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_png_missing_chromium(tmp_path, monkeypatch):
    from geo.cli import UsageError
    from geo.output import png

    monkeypatch.setenv("GEO_CHROMIUM", str(tmp_path / "nope"))
    monkeypatch.setattr(png, "CHROMIUM_CANDIDATES", (str(tmp_path / "nope"),))
    with pytest.raises(UsageError, match="Chromium"):
        png.render_png(tmp_path / "x.html", tmp_path / "x.png")
