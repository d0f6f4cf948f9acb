"""geopy-shaped geocoders: offline (the gazetteer), opt-in online with a disk cache, and fallback.

    from geo.gazetteer.geocoder import OfflineGeocoder, online_geocoder, CachedFallbackGeocoder
    OfflineGeocoder().geocode("باكو")                     # geopy.location.Location
    g = CachedFallbackGeocoder(online_geocoder("nominatim", user_agent="me"))
    g.geocode("Stepanakert"); g.fallbacks                 # offline answer if the network is down

Nothing here opens a socket unless an online backend is asked for explicitly.
"""

from __future__ import annotations

import json
import math
import socket
import sqlite3
import threading
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from geopy.exc import GeopyError
from geopy.location import Location
from geopy.point import Point as GeoPoint

from geo.paths import cache_dir
from geo.records import Place

from .index import Candidate, Gazetteer, get_gazetteer

__all__ = ["OfflineGeocoder", "CachedGeocoder", "CachedFallbackGeocoder", "online_geocoder", "place_to_dict"]


def place_to_dict(place: Place, candidate: Candidate | None = None) -> dict[str, Any]:
    """The Place as a JSON-able dict (geometry as its type name only; ask the gazetteer for shapes)."""
    out = {f.name: getattr(place, f.name) for f in fields(Place) if f.name != "geometry"}
    if candidate is not None:
        out.update(score=round(candidate.score, 4), matched_name=candidate.matched_name, exact=candidate.exact)
    return out


def _address(p: Place) -> str:
    parts = [p.name]
    if p.admin1 and p.admin1 != p.name:
        parts.append(p.admin1)
    if p.country and p.kind != "country":
        parts.append(p.country)
    return ", ".join(parts)


def _location(c: Candidate) -> Location:
    p = c.place
    return Location(_address(p), GeoPoint(p.lat, p.lon), place_to_dict(p, c))


class OfflineGeocoder:
    """Same call shape as ``geopy.geocoders.Nominatim(...).geocode`` / ``.reverse``, no network."""

    def __init__(self, gazetteer: Gazetteer | None = None, min_score: float = 0.0):
        self._gaz = gazetteer
        self.min_score = min_score

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    def geocode(self, query: str | dict, exactly_one: bool = True, limit: int | None = None, timeout: float | None = None, **_: Any):
        if isinstance(query, dict):   # geopy structured query: use the most specific part
            query = next((query[k] for k in ("city", "county", "state", "country") if query.get(k)), "")
        n = 1 if exactly_one else (limit or 10)
        cands = [c for c in self.gazetteer.lookup(str(query), limit=n) if c.score >= self.min_score]
        if not cands:
            return None
        return _location(cands[0]) if exactly_one else [_location(c) for c in cands]

    def reverse(self, query, exactly_one: bool = True, limit: int | None = None, timeout: float | None = None, **_: Any):
        """Nearest populated places to (lat, lon) (equirectangular distance)."""
        import numpy as np

        pt = GeoPoint(query) if not isinstance(query, GeoPoint) else query
        g = self.gazetteer
        lat = np.asarray(g._lat)
        lon = np.asarray(g._lon)
        kind = np.asarray(g._kind)
        dx = (lon - pt.longitude) * np.cos(np.radians(pt.latitude))
        d2 = dx * dx + (lat - pt.latitude) ** 2
        d2 = np.where(kind == 0, d2, np.inf)
        n = 1 if exactly_one else (limit or 10)
        idx = np.argpartition(d2, n)[:n]
        idx = idx[np.argsort(d2[idx])]
        locs = [_location(Candidate(g.place(int(i)), 1.0, "", True, 0, int(i))) for i in idx]
        return locs[0] if exactly_one else locs


# ---------------------------------------------------------------- online, cached

class _SqliteCache:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(str(self.path), check_same_thread=False)
        self._con.execute("CREATE TABLE IF NOT EXISTS geocode (backend TEXT, query TEXT, exactly_one INT, lim INT, "
                          "result TEXT, created REAL, PRIMARY KEY (backend, query, exactly_one, lim))")
        self._con.commit()

    def get(self, backend: str, query: str, exactly_one: bool, limit: int | None):
        with self._lock:
            row = self._con.execute("SELECT result FROM geocode WHERE backend=? AND query=? AND exactly_one=? AND lim=?",
                                    (backend, query, int(exactly_one), limit or 0)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, backend: str, query: str, exactly_one: bool, limit: int | None, result) -> None:
        with self._lock:
            self._con.execute("INSERT OR REPLACE INTO geocode VALUES (?,?,?,?,?,?)",
                              (backend, query, int(exactly_one), limit or 0, json.dumps(result, ensure_ascii=False), time.time()))
            self._con.commit()

    def close(self):
        self._con.close()


def _loc_to_json(loc: Location | None):
    if loc is None:
        return None
    return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}


def _json_to_loc(d) -> Location | None:
    if d is None:
        return None
    return Location(d["address"], GeoPoint(d["lat"], d["lon"]), d["raw"])


class CachedGeocoder:
    """An online geopy geocoder behind a RateLimiter and a persistent sqlite cache.

    The cache key is (backend, query, exactly_one, limit); "no result" is
    cached too. Errors are not cached and propagate (GeopyError).
    """

    def __init__(self, geocoder, backend: str, cache_path: Path | str | None = None, min_delay_seconds: float = 1.0, timeout: float = 5):
        from geopy.extra.rate_limiter import RateLimiter

        self.geocoder = geocoder
        self.backend = backend
        self.timeout = timeout
        self.cache = _SqliteCache(Path(cache_path) if cache_path else cache_dir() / "geocode-cache.sqlite3")
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        self.hits = 0
        self.misses = 0

    def geocode(self, query: str, exactly_one: bool = True, limit: int | None = None, timeout: float | None = None, **kw: Any):
        q = str(query)
        cached = self.cache.get(self.backend, q, exactly_one, limit)
        if cached is not None:
            self.hits += 1
            return _json_to_loc(cached["result"]) if exactly_one else [_json_to_loc(x) for x in (cached["result"] or [])] or None
        self.misses += 1
        args = dict(exactly_one=exactly_one, timeout=timeout or self.timeout, **kw)
        if limit is not None and not exactly_one:
            args["limit"] = limit
        res = self._geocode(q, **args)
        if exactly_one:
            payload = _loc_to_json(res)
        else:
            payload = [_loc_to_json(x) for x in (res or [])]
        self.cache.put(self.backend, q, exactly_one, limit, {"result": payload})
        return res


def online_geocoder(name: str = "nominatim", user_agent: str = "geo-offline-conflict-mapper", username: str | None = None,
                    timeout: float = 5, min_delay_seconds: float = 1.0, cache_path: Path | str | None = None, **kw: Any) -> CachedGeocoder:
    """An opt-in online backend ("nominatim" or "geonames"), rate-limited and disk-cached.

    Extra keyword arguments (``domain``, ``scheme``, ...) go to the geopy class.
    """
    name = name.lower()
    if name == "nominatim":
        from geopy.geocoders import Nominatim
        geocoder = Nominatim(user_agent=user_agent, timeout=timeout, **kw)
    elif name == "geonames":
        from geopy.geocoders import GeoNames
        if not username:
            raise ValueError("the GeoNames web service needs username=")
        geocoder = GeoNames(username=username, user_agent=user_agent, timeout=timeout, **kw)
    else:
        raise ValueError(f"unknown online geocoder {name!r} (nominatim | geonames)")
    backend = f"{name}:{kw.get('domain', 'default')}"
    return CachedGeocoder(geocoder, backend, cache_path=cache_path, min_delay_seconds=min_delay_seconds, timeout=timeout)


def _plausible(location) -> bool:
    """A usable answer: finite coordinates on the globe."""
    try:
        lat, lon = float(location.latitude), float(location.longitude)
    except (AttributeError, TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


class CachedFallbackGeocoder:
    """Online first (cached), offline gazetteer when the online backend fails.

    The first failure (GeopyError, socket error, timeout) marks the backend
    down for the life of this object, so later calls go straight offline.
    ``fallbacks`` lists (query, reason) for every answer that came offline.
    """

    def __init__(self, online: CachedGeocoder | Any, offline: OfflineGeocoder | None = None):
        self.online = online
        self.offline = offline or OfflineGeocoder()
        self.down: str | None = None
        self.fallbacks: list[tuple[str, str]] = []

    def geocode(self, query: str, exactly_one: bool = True, limit: int | None = None, timeout: float | None = None, **kw: Any):
        if self.down is None:
            try:
                res = self.online.geocode(query, exactly_one=exactly_one, limit=limit, timeout=timeout, **kw)
                if res and all(_plausible(loc) for loc in (res if isinstance(res, list) else [res])):
                    return res
                reason = "garbage online result" if res else "no online result"
            except (GeopyError, OSError, socket.timeout, TimeoutError) as exc:
                self.down = f"{type(exc).__name__}: {exc}"
                reason = self.down
        else:
            reason = f"backend down ({self.down})"
        self.fallbacks.append((str(query), reason))
        return self.offline.geocode(query, exactly_one=exactly_one, limit=limit)

    def reverse(self, query, exactly_one: bool = True, **kw: Any):
        return self.offline.reverse(query, exactly_one=exactly_one, **kw)
