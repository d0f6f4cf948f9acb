"""Join geometries to the boundary layers: country, admin-1, disputed area, distance to border.

Choices (documented contract):

* A point is located in the polygons that contain it; a point lying exactly on a
  polygon edge (contained by none) falls back to ``intersects``.
  Where NE polygons overlap the first match (lowest row) wins.
* Non-point geometries (lines for a border segment, polygons for a region) are
  located by their *representative point* (``shapely.point_on_surface``, a point
  guaranteed to lie on/in the geometry).  A border segment therefore gets the
  country on whose side its representative point falls; callers who need every
  country a geometry touches should intersect with ``countries()`` themselves.
* ``distance_to_border_km`` is the geodesic (WGS84 ellipsoid) distance from the
  same representative point to the nearest international land border line
  (``borders.parquet``).  It is exact to well within 1 % (see ``_border_distance_km``).
* Missing/empty geometries give None everywhere (NaN distance).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple, Sequence

import numpy as np
import shapely
from pyproj import Geod

from geo.output.files import OutputError, atomic_target
from geo.paths import cache_dir, content_digests

from . import layers

if TYPE_CHECKING:       # the pipeline's joins need neither (importing them is a third of a second)
    import geopandas as gpd

GEOD = Geod(ellps="WGS84")
R_MIN_KM = 6356.75          # polar radius: turns a true distance into a safe angular radius
R_MAX_KM = 6378.137         # equatorial radius: angular distance -> true upper bound
PIECE_SEGMENTS = 8          # border lines are cut into pieces of at most this many segments
COARSE_STEP_DEG = 0.05      # vertex spacing of the coarse border sample (≤ 5.6 km along the line)
CHUNK_DEG = 1.0             # coarse chunks: degree length of line per chunk
CHUNK_SAMPLES = int(CHUNK_DEG / COARSE_STEP_DEG) + 1
NEAR_DEG = 3.0              # points within this many degrees of a border use the exact path directly
EXACT_KM = 400.0            # ...and so do all points whose coarse distance is below this
OUT_COLUMNS = ["country", "country_name", "admin1", "admin1_code", "disputed_area", "distance_to_border_km"]


# --------------------------------------------------------------------------- border geometry caches

@lru_cache(maxsize=None)
def _border_lines() -> np.ndarray:
    lines = shapely.get_parts(layers.geometries("borders"))
    return lines[shapely.get_num_coordinates(lines) >= 2]


@lru_cache(maxsize=None)
def _border_pieces() -> np.ndarray:
    """Border lines cut into short pieces (≤ PIECE_SEGMENTS segments) for the STRtree."""
    pieces = []
    for line in _border_lines():
        c = shapely.get_coordinates(line)
        n = len(c)
        for s in range(0, n - 1, PIECE_SEGMENTS):
            pieces.append(c[s:min(s + PIECE_SEGMENTS, n - 1) + 1])
    counts = np.array([len(p) for p in pieces])
    return shapely.linestrings(np.concatenate(pieces), indices=np.repeat(np.arange(len(pieces)), counts))


@lru_cache(maxsize=None)
def _tree() -> shapely.STRtree:
    # nodes of 4 rather than shapely's 10: a nearest or within-distance search for one point then
    # compares fewer envelopes and pieces it need not (A/B, cold caches: ~55 -> ~48 us a point)
    return shapely.STRtree(_border_pieces(), node_capacity=4)


SAMPLE_ARRAYS = ("mid_lonlat", "mid_unit", "sample_lonlat", "sample_unit")


@lru_cache(maxsize=None)
def _coarse_sample() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Border lines cut into chunks of ≤ CHUNK_DEG (degree length), each sampled at
    CHUNK_SAMPLES evenly spaced points (spacing ≤ COARSE_STEP_DEG) plus its midpoint.

    Returns chunk midpoints (lon/lat, unit vectors) and samples (lon/lat, unit vectors)
    shaped (chunks, CHUNK_SAMPLES, ...).  Every point of a chunk lies within
    CHUNK_DEG/2 of arc from its midpoint (degree length ≥ angular length).

    Sampling takes some 0.3 s, a fifth of a one-article command, so the arrays are kept in the
    cache dir (`_kept_arrays`).
    """
    settings = f"{COARSE_STEP_DEG} {CHUNK_DEG} {CHUNK_SAMPLES}"
    return _kept_arrays("border-sample", ("borders",), settings, SAMPLE_ARRAYS, _sample_borders)[0]


def _kept_arrays(kind: str, layer_names: tuple[str, ...], settings: str, names: tuple[str, ...],
                 make: Callable[[], tuple[np.ndarray, ...]]) -> tuple[tuple[np.ndarray, ...], bool]:
    """Arrays derived from layers, kept in the cache dir as `{kind}-{identity}.npz`, the identity changing
    with the layers' content, the `settings` they are made with, and GEOS; made by `make()` when missing
    or unreadable (the older versions are then removed). Also whether they were made just now."""
    path = cache_dir() / f"{kind}-{_cache_identity(layer_names, settings)}.npz"
    try:
        with np.load(path) as stored:
            return tuple(stored[name] for name in names), False
    except (OSError, KeyError, ValueError):
        pass          # not made yet, or unreadable: make them again
    arrays = make()
    try:
        atomic_target(path, lambda tmp: np.savez(tmp, **dict(zip(names, arrays))))
    except OutputError:
        return arrays, True    # a read-only cache dir: made on each run, nothing else
    for older in path.parent.glob(f"{kind}-*.npz"):
        if older != path:
            older.unlink(missing_ok=True)
    return arrays, True


def _cache_identity(layer_names: tuple[str, ...], settings: str) -> str:
    """The part of a cache file's name that changes with what it is made from: the layers' content, the
    settings it is made with, and GEOS."""
    digests = content_digests([layers.layer_path(name) for name in layer_names])
    h = hashlib.blake2b(digest_size=12)
    h.update(" ".join([*digests.values(), settings, shapely.geos_version_string]).encode())
    return h.hexdigest()


def _sample_borders() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    lines = _border_lines()
    lengths = shapely.length(lines)
    nch = np.maximum(np.ceil(lengths / CHUNK_DEG).astype(int), 1)
    line_idx = np.repeat(np.arange(len(lines)), nch)
    k = np.concatenate([np.arange(m) for m in nch])
    start = k / nch[line_idx]
    step = 1.0 / nch[line_idx]
    frac = start[:, None] + step[:, None] * np.linspace(0.0, 1.0, CHUNK_SAMPLES)[None, :]
    samp = shapely.line_interpolate_point(np.repeat(lines[line_idx], CHUNK_SAMPLES), frac.ravel(), normalized=True)
    sxy = shapely.get_coordinates(samp)
    mid = shapely.line_interpolate_point(lines[line_idx], start + step / 2, normalized=True)
    mxy = shapely.get_coordinates(mid)
    svec = _unit(sxy[:, 0], sxy[:, 1]).astype(np.float32).reshape(-1, CHUNK_SAMPLES, 3)
    return mxy, _unit(mxy[:, 0], mxy[:, 1]).astype(np.float32), sxy.reshape(-1, CHUNK_SAMPLES, 2), svec


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


# --------------------------------------------------------------------------- distance

def _coarse_km(lon: np.ndarray, lat: np.ndarray, block: int = 4096) -> np.ndarray:
    """Geodesic distance to the nearest border sample point (≥ true, ≤ true + 2.8 km).

    Two levels, all numpy: angle to every chunk midpoint; only chunks whose midpoint
    is within (nearest midpoint angle + CHUNK_DEG) can hold the nearest sample;
    their samples are compared by angle on the sphere; the winner's distance is
    then measured on the WGS84 ellipsoid with pyproj.Geod.
    """
    _, mvec, sxy, svec = _coarse_sample()
    q = _unit(lon, lat)
    out = np.empty(len(lon))
    slack = np.radians(CHUNK_DEG)
    for s in range(0, len(lon), block):
        qb = q[s:s + block]
        cos_mid = qb.astype(np.float32) @ mvec.T
        ang_best = np.arccos(np.clip(cos_mid.max(axis=1), -1.0, 1.0))
        thresh = np.cos(np.minimum(ang_best + slack, np.pi))
        pi, cj = np.nonzero(cos_mid >= thresh[:, None])
        dots = np.einsum("pkd,pd->pk", svec[cj], qb[pi].astype(np.float32))
        kbest = dots.argmax(axis=1)
        val = dots[np.arange(len(pi)), kbest]
        order = np.lexsort((-val, pi))
        first = order[np.unique(pi[order], return_index=True)[1]]
        bx = sxy[cj[first], kbest[first]]
        _, _, d = GEOD.inv(lon[s:s + block], lat[s:s + block], bx[:, 0], bx[:, 1])
        out[s:s + block] = d / 1000.0
    return out


def _exact_km(lon: np.ndarray, lat: np.ndarray, bound_km: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Geodesic distance to the border lines for points whose true distance is ≤ bound_km.

    Candidate pieces: every piece within the angular radius that bound_km can
    reach in lon/lat degrees at that latitude (a rigorous superset).  For each
    (point, piece) pair the nearest point on the piece is found in an
    equirectangular frame scaled by cos(latitude of the point) — locally
    conformal, so the foot point is right to second order — and the distance to
    that foot point is measured with pyproj.Geod (WGS84).  All vectorised.
    ``pts`` are the same points as shapely Points.
    """
    pieces = _border_pieces()
    ang = np.degrees(bound_km / R_MIN_KM) * 1.01 + 1e-6
    cosmin = np.cos(np.radians(np.minimum(np.abs(lat) + ang, 89.5)))
    radius = ang / cosmin
    pi, pj = _tree().query(pts, predicate="dwithin", distance=radius)
    out = np.full(len(lon), np.inf)
    if len(pi) == 0:
        return out
    k = np.cos(np.radians(lat[pi]))
    sub = pieces[pj]
    c = shapely.get_coordinates(sub)
    c[:, 0] *= np.repeat(k, shapely.get_num_coordinates(sub))
    # set_coordinates puts new geometries into `sub` (a copy: the cached pieces stay as they are);
    # cheaper than rebuilding the linestrings from coordinates and indices
    scaled = shapely.set_coordinates(sub, c)
    sp = shapely.points(np.column_stack((lon[pi] * k, lat[pi])))   # one (n, 2) array: cheaper than x and y apart
    foot = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(sp, scaled), 1))
    fx, fy = foot[:, 0] / k, foot[:, 1]
    _, _, d = GEOD.inv(lon[pi], lat[pi], fx, fy)
    np.minimum.at(out, pi, d / 1000.0)
    return out


def _border_distance_km(lon: np.ndarray, lat: np.ndarray, pts: np.ndarray | None = None) -> np.ndarray:
    """Geodesic distance (km) from each point to the nearest international land border.

    1. Degree-space nearest piece (STRtree) gives d0; the true distance is ≤ R·d0.
    2. Points far away (d0 > 3°) or at high latitude use a coarse sample of the
       borders (every 0.05°): distance error ≤ 2.8 km, i.e. < 1 % beyond 400 km.
    3. Every point whose bound is ≤ 400 km gets the exact piece-wise computation.

    ``pts``, the same points as shapely Points, if the caller has them: making them is a fair
    share of the cost for the few points of one article.
    """
    if len(lon) == 0:
        return np.empty(0)
    if pts is None:
        pts = shapely.points(lon, lat)
    _, d0 = _tree().query_nearest(pts, return_distance=True, all_matches=False)
    # query_nearest returns one row per input point (in order) when all_matches=False
    bound = np.radians(d0) * R_MAX_KM
    far = (d0 > NEAR_DEG) | (np.abs(lat) + d0 >= 75.0)
    out = np.full(len(lon), np.inf)      # the coarse distance where there is one
    if far.any():
        out[far] = bound[far] = _coarse_km(lon[far], lat[far])
    exact = bound <= EXACT_KM
    if exact.any():
        out[exact] = np.minimum(_exact_km(lon[exact], lat[exact], bound[exact], pts[exact]), out[exact])
    return out


# --------------------------------------------------------------------------- join

def _as_geoseries(obj: Any) -> gpd.GeoSeries:
    import geopandas as gpd

    if isinstance(obj, gpd.GeoDataFrame):
        s = obj.geometry
    elif isinstance(obj, gpd.GeoSeries):
        s = obj
    else:
        s = gpd.GeoSeries(list(obj) if not isinstance(obj, np.ndarray) else obj, crs="EPSG:4326")
    if s.crs is None:
        s = s.set_crs("EPSG:4326")
    elif s.crs.to_epsg() != 4326:
        s = s.to_crs("EPSG:4326")
    return s


LAYERS = ("countries", "admin1", "disputed")
_NO_ROW = np.iinfo(np.int64).max


def _first_matches(points: np.ndarray) -> np.ndarray:
    """Row position, in each of the LAYERS, of the polygon containing each point (-1 if none), shaped
    (points, LAYERS); 'contains', then 'intersects' for a point with no polygon of that layer (a point
    exactly on an edge). Where polygons of a layer overlap, its lowest row wins.

    Bounding-box candidates from one STRtree over all layers, then one vectorised predicate against the
    polygons, prepared once: testing a point against a prepared 10m country is microseconds, and an
    article's few new points cost one query and one predicate call, not one per layer."""
    polys = _polygons()
    pi, pj = polys.tree.query(points)
    cell = pi * len(LAYERS) + polys.layer_of[pj]    # (point, layer), flat
    lowest = np.full(len(points) * len(LAYERS), _NO_ROW)
    hit = shapely.contains(polys.prepared(pj), points[pi])
    np.minimum.at(lowest, cell[hit], pj[hit])       # rows of one layer are in order within `polys`
    open_ = lowest[cell] == _NO_ROW
    if open_.any():
        hit = open_.copy()
        hit[open_] = shapely.intersects(polys.prepared(pj[open_]), points[pi[open_]])
        np.minimum.at(lowest, cell[hit], pj[hit])
    found = lowest != _NO_ROW
    rows = np.full(len(lowest), -1, dtype=np.int64)
    rows[found] = polys.row_of[lowest[found]]
    return rows.reshape(len(points), len(LAYERS))


class _Polygons:
    """The polygons of all LAYERS in one sequence, with each one's layer (index into LAYERS) and row in that
    layer, and an STRtree of their bounding boxes; a polygon is decoded from its WKB and prepared the first
    time a point falls in its box (testing a point against a prepared 10m country is microseconds)."""

    def __init__(self, bounds: np.ndarray, offsets: np.ndarray, wkb: np.ndarray, layer_sizes: np.ndarray,
                 decoded: np.ndarray | None = None):
        self.layer_of = np.repeat(np.arange(len(LAYERS)), layer_sizes)
        self.row_of = np.concatenate([np.arange(size) for size in layer_sizes])
        boxes = shapely.box(*bounds.T)
        boxes[np.isnan(bounds[:, 0])] = None          # an empty polygon: in no box
        self.tree = shapely.STRtree(boxes)
        self.offsets, self.wkb = offsets, wkb
        self.decoded = np.full(len(bounds), None, dtype=object) if decoded is None else decoded

    def prepared(self, at: np.ndarray) -> np.ndarray:
        """The polygons at positions `at`, prepared."""
        new = np.unique(at[shapely.is_missing(self.decoded[at])])
        if len(new):
            polygons = shapely.from_wkb([self.wkb[self.offsets[i]:self.offsets[i + 1]].tobytes() for i in new])
            shapely.prepare(polygons)
            self.decoded[new] = polygons
        return self.decoded[at]


POLYGON_ARRAYS = ("bounds", "offsets", "wkb", "layer_sizes")


@lru_cache(maxsize=None)
def _polygons() -> _Polygons:
    """The LAYERS' polygons, read once. Decoding all 4,800 of them is 0.15-0.25 s, most of a process's
    first join, which asks about a few points: their boxes and WKB are kept in the cache dir
    (`_kept_arrays`), so a process decodes only the polygons it meets."""
    arrays, made = _kept_arrays("boundary-polygons", LAYERS, "wkb", POLYGON_ARRAYS, _polygon_arrays)
    if not made:
        return _Polygons(*arrays)
    decoded = np.concatenate([layers.geometries(layer) for layer in LAYERS])    # at hand: decoded to make them
    shapely.prepare(decoded)
    return _Polygons(*arrays, decoded=decoded)


def _polygon_arrays() -> tuple[np.ndarray, ...]:
    """The POLYGON_ARRAYS of the LAYERS' polygons: bounding boxes, then WKB (empty for an empty polygon)
    and each one's offset in it, and each layer's number of rows."""
    per_layer = [layers.geometries(layer) for layer in LAYERS]
    polygons = np.concatenate(per_layer)
    wkb = [b"" if shapely.is_empty(p) else shapely.to_wkb(p) for p in polygons]
    return (shapely.bounds(polygons), np.cumsum([0] + [len(w) for w in wkb]),
            np.frombuffer(b"".join(wkb), dtype=np.uint8), np.array([len(p) for p in per_layer]))


def layer_rows_and_border_km(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For an object array of shapely geometries: the row of the polygon holding each one's representative
    point in each of the LAYERS (-1: none), shaped (geometries, LAYERS), and its distance to the nearest
    border in km. Missing or empty geometries get rows -1 and a NaN distance."""
    n = len(geometries)
    idx = np.flatnonzero(~(shapely.is_missing(geometries) | shapely.is_empty(geometries)))
    pts = shapely.point_on_surface(geometries[idx])
    rows = np.full((n, len(LAYERS)), -1, dtype=np.int64)
    rows[idx] = _first_matches(pts)
    dist = np.full(n, np.nan)
    if len(idx):
        xy = shapely.get_coordinates(pts)
        dist[idx] = _border_distance_km(xy[:, 0], xy[:, 1], pts)
    return rows, dist


def _columns(rows: np.ndarray, dist: np.ndarray) -> dict[str, np.ndarray]:
    """The OUT_COLUMNS of `layer_rows_and_border_km`'s rows and distances."""
    out = {name: _column_or_none(layer, column)[rows[:, LAYERS.index(layer)]] for name, layer, column in _NAMED_COLUMNS}
    out["distance_to_border_km"] = dist
    return out


def facts_from_rows(rows: np.ndarray, dist: np.ndarray) -> list[Facts]:
    """Facts of geometries joined beforehand by `layer_rows_and_border_km` (the gazetteer's, at its build)."""
    cols = _columns(rows, dist)
    return [Facts(*row) for row in zip(*(cols[c].tolist() for c in OUT_COLUMNS))]


_NAMED_COLUMNS = (   # OUT_COLUMNS read from a layer: (name, layer, column)
    ("country", "countries", "iso_a2"),
    ("country_name", "countries", "name_en"),
    ("admin1", "admin1", "name_en"),
    ("admin1_code", "admin1", "iso_3166_2"),
    ("disputed_area", "disputed", "name_en"),
)


@lru_cache(maxsize=None)
def _column_or_none(layer: str, column: str) -> np.ndarray:
    """A layer's column as an object array with None appended, so that row -1 (no polygon) reads None."""
    return np.append(layers.column_values(layer, column), None)


def join(obj: gpd.GeoDataFrame | gpd.GeoSeries | Iterable[Any]) -> gpd.GeoDataFrame:
    """Attach boundary attributes to each geometry.

    Accepts a GeoDataFrame, a GeoSeries or any sequence of shapely geometries
    (lon/lat WGS84; GeoDataFrame/GeoSeries in another CRS are reprojected).
    Returns a GeoDataFrame with the input's index: a GeoDataFrame input keeps
    its columns; other inputs get a ``geometry`` column.  Added columns:
    ``country`` (ISO 3166-1 alpha-2 or None), ``country_name`` (NE NAME_EN),
    ``admin1`` (NE admin-1 ``name_en``, e.g. "Shusha", "Yerevan"),
    ``admin1_code`` (ISO 3166-2), ``disputed_area`` (name_en or None),
    ``distance_to_border_km`` (float, NaN for missing geometry).
    Non-point geometries use their representative point (see module docstring).
    """
    import geopandas as gpd
    import pandas as pd

    geo = _as_geoseries(obj)
    cols = _columns(*layer_rows_and_border_km(np.asarray(geo.values)))
    if isinstance(obj, gpd.GeoDataFrame):
        out = obj.copy()
        for k, v in cols.items():
            out[k] = pd.Series(v, index=out.index, dtype=v.dtype)   # object: keeps None, not NaN
        return out
    data = {k: pd.Series(v, index=geo.index, dtype=v.dtype) for k, v in cols.items()}
    return gpd.GeoDataFrame(data, geometry=geo.to_numpy(), index=geo.index, crs="EPSG:4326")


class Facts(NamedTuple):
    """One geometry's boundary attributes (the OUT_COLUMNS of `join`, as Python values)."""

    country: str | None
    country_name: str | None
    admin1: str | None
    admin1_code: str | None
    disputed_area: str | None
    distance_to_border_km: float


class _Memo:
    """A bounded mapping that forgets its least recently used entries."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()

    def get(self, key):
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()


_facts_memo = _Memo(1 << 16)     # WKB digest → Facts
_by_identity = _Memo(1 << 14)    # id of a geometry → (the geometry, its Facts); read without _Memo.get: see facts


def facts(geometries: Sequence[Any], entries: Callable[[], Sequence[int]] | None = None) -> list[Facts]:
    """`join`'s attributes for each shapely geometry (not None; lon/lat WGS84), without pandas.

    `entries()`: for each geometry, the gazetteer entry whose own geometry it is (-1: none), asked only
    when a geometry is new to the process; those were joined when the gazetteer index was built
    (`layer_rows_and_border_km`), and are read from it.

    Boundaries are static, so a geometry's facts are remembered per process: an article's places
    mostly recur from earlier articles. Geometries are mostly shared objects (the gazetteer's places
    and areas, cached border lines), so the facts are remembered by identity first, one look-up per
    geometry; the entry holds the geometry, so no other object can take its id meanwhile. Others go
    by their entry or their WKB (`_facts_by_wkb`), an object repeated in `geometries` once. A hit does
    not refresh its entry (the refresh cost as much as the look-up), so the memo forgets its oldest
    entries first: one that is still in use is then found again by its entry or WKB."""
    remembered = _by_identity.entries
    found = [remembered.get(id(geometry)) for geometry in geometries]     # (geometry, facts) or None
    if None in found:
        entry_of = [-1] * len(geometries) if entries is None else entries()
        todo: dict[int, tuple[Any, int]] = {}        # id → (geometry, its entry or -1)
        for geometry, hit, entry in zip(geometries, found, entry_of):
            if hit is None:
                todo[id(geometry)] = geometry, entry
        own = [(key, entry) for key, (_, entry) in todo.items() if entry >= 0]
        others = [key for key, (_, entry) in todo.items() if entry < 0]
        joined = {}
        if own:
            from geo.gazetteer import get_gazetteer

            rows = facts_from_rows(*get_gazetteer().boundary_rows([entry for _, entry in own]))
            joined.update(zip((key for key, _ in own), rows))
        if others:
            joined.update(zip(others, _facts_by_wkb([todo[key][0] for key in others])))
        for key, row in joined.items():
            _by_identity.put(key, (todo[key][0], row))
        found = [(geometry, joined[id(geometry)]) if hit is None else hit for geometry, hit in zip(geometries, found)]
    return [hit[1] for hit in found]


def _facts_by_wkb(geometries: list[Any]) -> list[Facts]:
    """Facts remembered by a 16-byte digest of the geometry's WKB (a 1 MB country polygon is not kept
    as a key): an equal geometry made anew is not joined again. The ones not seen yet are joined at once."""
    written = layers.object_array(geometries)
    keys = [hashlib.blake2b(wkb, digest_size=16).digest() for wkb in shapely.to_wkb(written)]
    known = {key: _facts_memo.get(key) for key in dict.fromkeys(keys)}
    new = [key for key, value in known.items() if value is None]
    if new:
        geometry_of = dict(zip(keys, written))
        joined = facts_from_rows(*layer_rows_and_border_km(layers.object_array([geometry_of[key] for key in new])))
        for key, row in zip(new, joined):
            known[key] = row
            _facts_memo.put(key, row)
    return [known[key] for key in keys]


def clear_facts_memo() -> None:
    _facts_memo.clear()
    _by_identity.clear()


def where(lon: float, lat: float) -> dict[str, Any]:
    """Boundary facts for one lon/lat point (WGS84).

    Returns ``{lon, lat, country, country_name, admin1, admin1_code,
    disputed_area, distance_to_border_km}``; a point at sea has country None.
    Raises ValueError if lon ∉ [-180, 180] or lat ∉ [-90, 90].
    """
    try:
        lon_f, lat_f = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValueError(f"lon/lat must be numbers, got {lon!r}, {lat!r}") from None
    if not (-180.0 <= lon_f <= 180.0) or np.isnan(lon_f):
        raise ValueError(f"longitude {lon_f} outside [-180, 180]")
    if not (-90.0 <= lat_f <= 90.0) or np.isnan(lat_f):
        raise ValueError(f"latitude {lat_f} outside [-90, 90]")
    row = join([shapely.Point(lon_f, lat_f)]).iloc[0]
    dist = row["distance_to_border_km"]
    return {
        "lon": lon_f,
        "lat": lat_f,
        "country": row["country"],
        "country_name": row["country_name"],
        "admin1": row["admin1"],
        "admin1_code": row["admin1_code"],
        "disputed_area": row["disputed_area"],
        "distance_to_border_km": None if np.isnan(dist) else float(dist),
    }
