"""Disputed / breakaway areas layer (data/boundaries/disputed.parquet): facts, no mocks."""

import shapely
from pyproj import Geod

from geo.boundaries import disputed
from geo.boundaries.join import join

GEOD = Geod(ellps="WGS84")


def _km2(g) -> float:
    return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6


def _row(aid):
    d = disputed()
    hit = d[d["id"] == aid]
    assert len(hit) == 1, aid
    return hit.iloc[0]


def _containing(lon, lat):
    d = disputed()
    p = shapely.Point(lon, lat)
    return [r.id for r in d.itertuples() if r.geometry.covers(p)]


def test_schema_and_validity():
    d = disputed()
    for col in ("id", "name_en", "name_ar", "name_ru", "name_hy", "name_az", "kind", "claimants", "source",
                "area_km2", "geometry"):
        assert col in d.columns
    assert d.crs.to_epsg() == 4326
    assert d["id"].notna().all() and d["id"].is_unique
    assert d["name_en"].notna().all() and (d["name_en"].str.len() > 0).all()
    assert d.is_valid.all()
    assert set(d.geom_type) <= {"Polygon", "MultiPolygon"}
    assert set(d["kind"]) <= {"former_autonomous_oblast", "breakaway", "disputed"}
    assert len(d) >= 20


def test_nkao_first_and_unchanged():
    d = disputed()
    nkao = d.iloc[0]
    assert nkao["id"] == "nkao" and nkao["name_en"] == "Nagorno-Karabakh"
    assert 4_200 <= _km2(nkao.geometry) <= 4_400        # 4,282 km²
    assert nkao["name_hy"] == "Լեռնային Ղարաբաղ" and nkao["name_az"] == "Dağlıq Qarabağ"


def test_karabakh_1994_2020_extent():
    r = _row("nk-1994-2020")
    assert r["name_en"] == "Nagorno-Karabakh (1994–2020 line of contact)"
    assert 10_000 <= _km2(r.geometry) <= 13_000          # ≈ 11,800 km²
    assert r.geometry.contains(shapely.Point(46.75, 39.76))   # Shusha
    assert r.geometry.contains(shapely.Point(46.93, 39.99))   # Aghdam town
    assert r.geometry.contains(_row("nkao").geometry.representative_point())


def test_shusha_joins_to_nkao_not_the_larger_extent():
    out = join([shapely.Point(46.75, 39.76), shapely.Point(46.93, 39.99)])
    assert list(out["disputed_area"]) == ["Nagorno-Karabakh", "Nagorno-Karabakh (1994–2020 line of contact)"]


def test_crimea():
    ids = _containing(34.1, 44.9)
    assert ids == ["crimea"]
    r = _row("crimea")
    assert r["name_en"] == "Crimea" and r["claimants"] == "UA;RU"
    assert 25_000 <= _km2(r.geometry) <= 28_000


def test_western_sahara():
    assert "western-sahara" in _containing(-13.2, 27.15)      # Laayoune
    assert 220_000 <= _km2(_row("western-sahara").geometry) <= 300_000


def test_known_places_fall_in_the_right_area():
    cases = {
        (41.02, 43.00): "abkhazia",          # Sukhumi
        (43.97, 42.23): "south-ossetia",     # Tskhinvali
        (29.63, 46.84): "transnistria",      # Tiraspol
        (33.32, 35.33): "northern-cyprus",   # Kyrenia
        (44.06, 9.56): "somaliland",         # Hargeisa
        (35.77, 33.00): "golan-heights",
        (74.80, 34.08): "jammu-kashmir",     # Srinagar
        (73.47, 34.37): "pakistan-kashmir",  # Muzaffarabad
        (74.31, 35.92): "pakistan-kashmir",  # Gilgit
        (28.44, 9.60): "abyei",
        (145.85, 44.05): "southern-kurils",  # Kunashir
    }
    for (lon, lat), aid in cases.items():
        assert aid in _containing(lon, lat), (lon, lat, aid)
    for lon, lat in ((44.51, 40.18), (49.87, 40.41), (30.52, 50.45)):   # Yerevan, Baku, Kyiv
        assert _containing(lon, lat) == []


def test_areas_do_not_wrap_the_globe():
    b = disputed().geometry.explode(index_parts=False).bounds
    assert ((b.maxx - b.minx) < 180).all()
