import time

import pytest
from geopy.location import Location

from geo.gazetteer.geocoder import CachedFallbackGeocoder, CachedGeocoder, OfflineGeocoder, online_geocoder


@pytest.fixture(scope="module")
def offline(gaz):
    return OfflineGeocoder(gaz)


def test_offline_geocode_shape(offline):
    loc = offline.geocode("باكو", exactly_one=True, timeout=3)
    assert isinstance(loc, Location)
    assert abs(loc.latitude - 40.377) < 0.01 and abs(loc.longitude - 49.892) < 0.01
    assert loc.raw["geonameid"] == 587084 and loc.raw["id"] == "gn:587084" and "geometry" not in loc.raw
    assert "Baku" in loc.address
    many = offline.geocode("London", exactly_one=False, limit=3)
    assert isinstance(many, list) and 1 <= len(many) <= 3 and all(isinstance(x, Location) for x in many)
    assert many[0].raw["geonameid"] == 2643743
    assert offline.geocode("qqqqzzzzxxxx") is None


def test_offline_reverse(offline):
    loc = offline.reverse((40.38, 49.89))
    assert isinstance(loc, Location) and loc.raw["country"] == "AZ"


def test_fallback_when_backend_unreachable(tmp_path, gaz):
    online = online_geocoder("nominatim", user_agent="geo-tests", domain="127.0.0.1:9", scheme="http",
                             timeout=2, min_delay_seconds=0.0, cache_path=tmp_path / "c.sqlite3")
    g = CachedFallbackGeocoder(online, OfflineGeocoder(gaz))
    t = time.perf_counter()
    loc = g.geocode("Stepanakert")
    assert time.perf_counter() - t < 3.0
    assert loc.raw["geonameid"] == 146970
    assert g.down and len(g.fallbacks) == 1 and g.fallbacks[0][0] == "Stepanakert"
    t = time.perf_counter()
    assert g.geocode("يريفان").raw["geonameid"] == 616052     # backend marked down: straight offline
    assert time.perf_counter() - t < 0.5
    assert len(g.fallbacks) == 2 and "down" in g.fallbacks[1][1]


class _Backend:
    """A stand-in online service (the gazetteer itself is never mocked)."""

    def __init__(self):
        self.calls = 0

    def geocode(self, query, exactly_one=True, timeout=None, **kw):
        self.calls += 1
        if query == "nowhere":
            return None
        return Location(f"{query}, Somewhere", (12.5, 34.25), {"q": query, "n": self.calls})


def test_sqlite_cache_persists(tmp_path):
    path = tmp_path / "cache.sqlite3"
    backend = _Backend()
    g = CachedGeocoder(backend, "stub", cache_path=path, min_delay_seconds=0.0)
    a = g.geocode("Goris")
    b = g.geocode("Goris")
    assert backend.calls == 1 and g.hits == 1
    assert (a.latitude, a.longitude, a.raw) == (b.latitude, b.longitude, b.raw)
    assert g.geocode("nowhere") is None and g.geocode("nowhere") is None and backend.calls == 2
    g.cache.close()
    g2 = CachedGeocoder(backend, "stub", cache_path=path, min_delay_seconds=0.0)   # a new process would see the same file
    c = g2.geocode("Goris")
    assert backend.calls == 2 and c.address == "Goris, Somewhere" and c.raw == {"q": "Goris", "n": 1}
    other = CachedGeocoder(backend, "other-backend", cache_path=path, min_delay_seconds=0.0)
    other.geocode("Goris")
    assert backend.calls == 3     # keyed by backend too


def test_online_factory_validates():
    with pytest.raises(ValueError):
        online_geocoder("geonames")
    with pytest.raises(ValueError):
        online_geocoder("bing")
