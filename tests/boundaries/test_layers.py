"""Boundary layers: facts checked against the committed GeoParquet files (no mocks)."""

import pytest
import shapely
from pyproj import Geod

from geo.boundaries import BoundaryDataMissing, admin1, border_between, borders, countries, disputed
from geo.boundaries import layers

GEOD = Geod(ellps="WGS84")


def test_countries_schema_and_crs():
    c = countries()
    for col in ("iso_a2", "iso_a3", "name_en", "name_ar", "wikidata", "geometry"):
        assert col in c.columns
    assert c.crs.to_epsg() == 4326
    assert len(c) >= 240
    am = c[c.iso_a2 == "AM"].iloc[0]
    assert am.iso_a3 == "ARM" and am.name_ar == "أرمينيا" and am.wikidata == "Q399"
    assert c[c.iso_a2 == "AZ"].iloc[0].name_ar == "أذربيجان"
    # France and Norway have -99 in NE's ISO_A2; ISO_A2_EH gives them codes
    assert {"FR", "NO"} <= set(c.iso_a2.dropna())
    assert c.is_valid.all()


def test_no_polygon_wraps_the_globe():
    c = countries()
    parts = c.geometry.explode(index_parts=False)
    b = parts.bounds
    wide = parts[(b.maxx - b.minx) > 180]
    # only Antarctica, a genuine polar polygon, may span all longitudes
    assert set(c.loc[wide.index, "iso_a2"]) <= {"AQ"}


def test_am_az_border_length():
    line = border_between("AM", "AZ")
    assert line is not None
    km = GEOD.geometry_length(line) / 1000
    assert 700 <= km <= 800          # ≈ 754 km incl. Nakhchivan and the enclaves
    assert border_between("az", "am").equals(line)


def test_border_coincides_with_both_countries():
    c = countries()
    am = c[c.iso_a2 == "AM"].geometry.iloc[0]
    az = c[c.iso_a2 == "AZ"].geometry.iloc[0]
    line = border_between("AM", "AZ")
    # topology kept after simplification: the border lies on both outlines
    assert am.boundary.buffer(1e-9).contains(line)
    assert az.boundary.buffer(1e-9).contains(line)
    # Nakhchivan (AZ exclave, ~ 45.4E 39.2N) is part of Azerbaijan and borders Armenia
    assert az.contains(shapely.Point(45.41, 39.21))
    assert line.distance(shapely.Point(45.8, 39.4)) < 0.5


def test_no_border_between_non_neighbours():
    assert border_between("AM", "RU") is None
    b = borders()
    assert (b.iso_a < b.iso_b).all()
    assert {"iso_a", "iso_b", "length_km", "geometry"} <= set(b.columns)


def test_nkao_area():
    d = disputed()
    nkao = d[d.id == "nkao"].iloc[0]
    assert nkao.name_en == "Nagorno-Karabakh"
    assert nkao.name_ar == "ناغورنو كاراباخ"
    assert nkao.claimants == "AZ;AM"
    area_km2 = abs(GEOD.geometry_area_perimeter(nkao.geometry)[0]) / 1e6
    assert 4000 <= area_km2 <= 4600   # NKAO: 4,388 km² (1989); NE outline ≈ 4,280
    # Stepanakert/Khankendi (46.75E 39.82N) lies inside; Yerevan does not
    assert nkao.geometry.contains(shapely.Point(46.75, 39.82))
    assert not nkao.geometry.contains(shapely.Point(44.51, 40.18))


def test_admin1_counts_and_arabic():
    a = admin1()
    assert len(a) >= 4500
    for col in ("iso_3166_2", "iso_a2", "name_en", "name_ar", "name_ru", "name_tr", "gn_id",
                "in_nagorno_karabakh"):
        assert col in a.columns
    amaz = a[a.iso_a2.isin(["AM", "AZ"])]
    assert (amaz.iso_a2 == "AM").sum() == 11          # 10 marzes + Yerevan
    assert amaz.name_ar.notna().all() and (amaz.name_ar.str.len() > 0).all()
    assert not amaz.name_ar.str.startswith(("محافظة ", "مقاطعة ")).any()


def test_admin1_fixes():
    a = admin1()
    lan = a[a.iso_3166_2 == "AZ-LAN"]
    assert len(lan) == 1
    assert lan.name_en.iloc[0] == "Lachin"
    assert lan.gn_name.iloc[0] == "Lacin Rayonu"
    g = lan.geometry.iloc[0]
    # Lachin District: ≈ 1,835 km², on the Armenian border; Lankaran (48.85E 38.75N) is on the Caspian
    area = abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
    assert 1400 <= area <= 2300
    assert g.intersects(border_between("AM", "AZ"))
    assert not g.contains(shapely.Point(48.85, 38.75))
    # Lachin town (46.55E 39.64N) lies on NE's coarse AZ-LAN/AZ-SUS edge: within ~15 km
    assert g.distance(shapely.Point(46.5461, 39.6397)) < 0.15
    shusha = a[a.name.isin(["Şuşa"]) | a.name_en.isin(["Shusha", "Susa", "Şuşa"])]
    assert len(shusha) == 1 and shusha.iso_3166_2.iloc[0] == "AZ-SUS"
    assert "AZ-X01~" not in set(a.iso_3166_2)
    assert bool(shusha.in_nagorno_karabakh.iloc[0])


def test_missing_files_raise_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_BOUNDARIES_DIR", str(tmp_path))
    layers.clear_cache()
    try:
        with pytest.raises(BoundaryDataMissing, match="countries.parquet"):
            countries()
    finally:
        monkeypatch.delenv("GEO_BOUNDARIES_DIR")
        layers.clear_cache()
    assert len(countries()) > 0


@pytest.mark.parametrize("name, columns", [("countries", ["iso_a2", "name_en"]), ("admin1", ["iso_3166_2", "name_en"]),
                                           ("disputed", ["name_en"]), ("borders", ["iso_a", "iso_b"])])
def test_the_joins_read_the_same_geometries_and_columns_as_the_geodataframes(name, columns):
    # the pipeline's joins read the files with pyarrow and shapely alone; a missing value is None there
    frame = getattr(layers, name)()
    assert all(a.wkb == b.wkb for a, b in zip(layers.geometries(name), frame.geometry.values, strict=True))
    for column in columns:
        expected = [v if isinstance(v, str) else None for v in frame[column]]
        assert list(layers.column_values(name, column)) == expected, column
