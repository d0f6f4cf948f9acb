"""Point/geometry joins against the real layers; expected values are hand-picked facts."""

import importlib

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.boundaries import border_between, join, where

GEOD = Geod(ellps="WGS84")


def test_shusha():
    r = where(46.75, 39.76)      # Shusha town
    assert r["country"] == "AZ"
    assert r["admin1"] in ("Şuşa", "Shusha")
    assert r["admin1_code"] == "AZ-SUS"
    assert r["disputed_area"] == "Nagorno-Karabakh"
    assert 0 < r["distance_to_border_km"] < 60   # Armenian border (Lachin corridor side) ≈ 30 km


def test_yerevan():
    r = where(44.51, 40.18)
    assert r["country"] == "AM" and r["country_name"] == "Armenia"
    assert r["admin1"] == "Yerevan" and r["admin1_code"] == "AM-ER"
    assert r["disputed_area"] is None
    # Yerevan is ~20-35 km from the Turkish border on the Aras
    assert 10 < r["distance_to_border_km"] < 45
    assert set(r) == {"lon", "lat", "country", "country_name", "admin1", "admin1_code",
                      "disputed_area", "distance_to_border_km"}


def test_baku_far_from_border():
    r = where(49.87, 40.41)
    assert r["country"] == "AZ" and r["admin1"] == "Baku"
    assert 100 < r["distance_to_border_km"] < 250


@pytest.mark.parametrize("lon,lat", [(34.0, 43.0), (-30.0, 30.0)])   # Black Sea, Atlantic
def test_sea_point(lon, lat):
    r = where(lon, lat)
    assert r["country"] is None and r["admin1"] is None and r["disputed_area"] is None
    assert r["distance_to_border_km"] > 100


@pytest.mark.parametrize("lon,lat", [(181, 0), (0, 91), (-180.5, 10), (0, -90.01), (float("nan"), 0)])
def test_invalid_coordinates(lon, lat):
    with pytest.raises(ValueError):
        where(lon, lat)


def test_vectorised_join_10k():
    rng = np.random.default_rng(42)
    pts = shapely.points(rng.uniform(-180, 180, 10_000), rng.uniform(-90, 90, 10_000))
    out = join(list(pts))
    assert len(out) == 10_000
    for col in ("country", "admin1", "admin1_code", "disputed_area", "distance_to_border_km"):
        assert col in out.columns
    assert out.distance_to_border_km.notna().all() and (out.distance_to_border_km >= 0).all()
    on_land = out.country.notna().mean()
    assert 0.15 < on_land < 0.45


def test_join_geodataframe_keeps_columns_and_index():
    gdf = gpd.GeoDataFrame({"name": ["Yerevan", "sea", "none"]},
                           geometry=[shapely.Point(44.51, 40.18), shapely.Point(34.0, 43.0), None],
                           index=[10, 20, 30], crs="EPSG:4326")
    out = join(gdf)
    assert list(out.index) == [10, 20, 30]
    assert list(out.name) == ["Yerevan", "sea", "none"]
    assert out.loc[10, "country"] == "AM"
    assert out.loc[20, "country"] is None
    assert out.loc[30, "country"] is None and np.isnan(out.loc[30, "distance_to_border_km"])


def test_join_non_point_geometries():
    # a polygon around Shusha and a line inside Yerevan: located by their representative point
    poly = shapely.Point(46.75, 39.76).buffer(0.01)
    line = shapely.LineString([(44.50, 40.17), (44.52, 40.19)])
    out = join(gpd.GeoSeries([poly, line], crs="EPSG:4326"))
    assert list(out.country) == ["AZ", "AM"]
    assert out.admin1_code.iloc[0] == "AZ-SUS"


def _brute_force_km(lon, lat, line, step_deg=0.0005):
    """Independent reference: densify the border and take the minimum geodesic distance."""
    xy = shapely.get_coordinates(shapely.segmentize(line, step_deg))
    _, _, d = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return d.min() / 1000


@pytest.mark.parametrize("lon,lat", [
    (45.70, 40.10),   # Lake Sevan's south-east, near the AM–AZ border (Kalbajar)
    (46.00, 39.50),   # between Goris and Lachin
    (45.20, 39.30),   # Nakhchivan
    (44.80, 41.10),   # Armenia–Georgia area
])
def test_distance_matches_brute_force(lon, lat):
    # the nearest border for these points is AM–AZ, AM–GE, AM–TR, AM–IR, AZ–IR or AZ–TR
    cands = [border_between(a, b) for a, b in
             [("AM", "AZ"), ("AM", "GE"), ("AM", "TR"), ("AM", "IR"), ("AZ", "IR"), ("AZ", "TR"),
              ("AZ", "GE")]]
    ref = min(_brute_force_km(lon, lat, g) for g in cands if g is not None)
    got = where(lon, lat)["distance_to_border_km"]
    assert got == pytest.approx(ref, rel=0.01, abs=0.05)


def test_polygon_lookup_matches_brute_force():
    # each layer by itself: the lowest row whose polygon contains the point, else the lowest it touches
    # (points on polygon vertices: on an edge, not within); None where no polygon of the layer has it
    from geo.boundaries import admin1, countries, disputed

    armenia = countries().geometry[countries().iso_a2 == "AM"].iloc[0]
    rng = np.random.default_rng(7)
    pts = [*shapely.points(shapely.get_coordinates(armenia)[::500]),
           *shapely.points(rng.uniform(43, 51, 40), rng.uniform(38, 42.5, 40)),
           shapely.Point(46.75, 39.76), shapely.Point(34.0, 43.0)]
    out = join(pts)

    def expected(layer, column, p):
        polys = np.asarray(layer.geometry.values)
        rows = np.flatnonzero(shapely.contains(polys, p))
        if not len(rows):
            rows = np.flatnonzero(shapely.intersects(polys, p))
        return layer[column].iloc[rows.min()] if len(rows) else None

    for i, p in enumerate(pts):
        assert out.country.iloc[i] == expected(countries(), "iso_a2", p)
        assert out.admin1_code.iloc[i] == expected(admin1(), "iso_3166_2", p)
        assert out.disputed_area.iloc[i] == expected(disputed(), "name_en", p)


def test_border_sample_is_kept_in_the_cache_dir_and_read_back_unchanged(tmp_path, monkeypatch):
    join_module = importlib.import_module("geo.boundaries.join")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    made = join_module._sample_borders()
    join_module._coarse_sample.cache_clear()
    try:
        first = join_module._coarse_sample()              # sampled, then written
        (stored,) = tmp_path.glob("border-sample-*.npz")
        join_module._coarse_sample.cache_clear()
        again = join_module._coarse_sample()              # read from the file
        stored.write_bytes(b"not an npz")
        join_module._coarse_sample.cache_clear()
        after_damage = join_module._coarse_sample()       # sampled again and rewritten
        for arrays in (first, again, after_damage):
            assert len(arrays) == len(made)
            for got, want in zip(arrays, made):
                assert got.dtype == want.dtype and np.array_equal(got, want)
        assert stored.read_bytes()[:2] == b"PK"                 # an npz (zip) again
    finally:
        join_module._coarse_sample.cache_clear()


def test_polygons_are_kept_in_the_cache_dir_and_decoded_only_where_points_fall(tmp_path, monkeypatch):
    join_module = importlib.import_module("geo.boundaries.join")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    rng = np.random.default_rng(3)
    points = shapely.points(np.column_stack([rng.uniform(-180, 180, 300), rng.uniform(-60, 75, 300)]))
    points = np.append(points, [shapely.Point(46.75, 39.76), shapely.Point(44.51, 40.18)])   # Shusha, Yerevan
    (tmp_path / "boundary-polygons-of-older-layers.npz").write_bytes(b"PK")
    join_module._polygons.cache_clear()
    try:
        made = join_module._first_matches(points)          # every polygon decoded, then the file written
        (stored,) = tmp_path.glob("boundary-polygons-*.npz")     # and the older one removed
        join_module._polygons.cache_clear()
        read_back = join_module._first_matches(points)     # boxes and WKB from the file
        decoded = int((~shapely.is_missing(join_module._polygons().decoded)).sum())
        assert np.array_equal(read_back, made)
        assert 0 < decoded < 0.25 * len(join_module._polygons().decoded)
        assert made[-2].tolist() != [-1, -1, -1] and made[-1, 0] != -1
        stored.write_bytes(b"not an npz")
        join_module._polygons.cache_clear()
        assert np.array_equal(join_module._first_matches(points), made)    # made again
        assert stored.read_bytes()[:2] == b"PK"
    finally:
        join_module._polygons.cache_clear()


def test_gazetteer_entries_were_joined_when_the_index_was_built():
    # what the index stores for an entry's own geometry is what joining that geometry now gives
    from geo.boundaries.join import facts_from_rows
    from geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    rng = np.random.default_rng(11)
    picked = [gaz.index_of(place_id) for place_id in ("country:AM", "adm1:AZ-SUS", "area:nkao", "gn:587084")]
    picked += [int(i) for i in rng.choice(len(gaz), 400, replace=False)]
    stored = facts_from_rows(*gaz.boundary_rows(picked))
    fresh = join([gaz.geometry(i) for i in picked])
    for name in ("country", "country_name", "admin1", "admin1_code", "disputed_area"):
        assert [getattr(row, name) for row in stored] == fresh[name].tolist()
    np.testing.assert_array_equal([row.distance_to_border_km for row in stored], fresh["distance_to_border_km"].to_numpy())
    assert stored[2].disputed_area == "Nagorno-Karabakh" and stored[3].admin1 == "Baku"
