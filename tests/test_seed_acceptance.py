"""The user's article end to end: where events land, which roles places get (issue acceptance)."""

from datetime import date
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point

from geo.boundaries import border_between, disputed
from geo.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = date(2021, 11, 17)
GEOD = Geod(ellps="WGS84")
# city centres (GeoNames coordinates), typed here as facts
CAPITALS = {"Baku": (49.892, 40.378), "Yerevan": (44.514, 40.182), "Ankara": (32.854, 39.920), "Moscow": (37.616, 55.756)}


def km_between(a, b) -> float:
    """Geodesic km between the closest points of two geometries (nearest points found in degrees, then measured)."""
    from shapely.ops import nearest_points

    p, q = nearest_points(a, b)
    return GEOD.inv(p.x, p.y, q.x, q.y)[2] / 1000.0


@pytest.fixture(scope="module", params=["seeds/000_4daba99e5e2777e4.txt", "tests/fixtures/seed_en.txt"])
def result(request):
    return extract_text((ROOT / request.param).read_text(encoding="utf-8"), published=PUBLISHED)


def fighting(events):
    return [e for e in events if not e.historical and (e.event_type == "Battles" or e.positions_lost)]


def test_clashes_and_lost_positions_are_on_the_border_or_in_karabakh(result):
    nkao = disputed().set_index("id").geometry["nkao"]
    border = border_between("AM", "AZ")
    events = fighting(result.events)
    assert len(events) >= 4
    for e in events:
        assert e.geometry is not None, e.source_text
        assert min(km_between(e.geometry, nkao), km_between(e.geometry, border)) <= 60, e.location_name
        assert e.country in ("AZ", "AM")
        assert e.geo_precision in (2, 3)


def test_no_event_sits_on_a_capital(result):
    for e in result.events:
        if e.geometry is None:
            continue
        for name, (lon, lat) in CAPITALS.items():
            assert km_between(e.geometry, Point(lon, lat)) > 30, (name, e.source_text)


def test_lost_positions_belong_to_armenia(result):
    lost = [e for e in result.events if e.positions_lost]
    assert [(e.positions_lost, e.positions_lost_by) for e in lost] == [(2, "Armenia")]


def test_the_2020_war_is_history(result):
    history = {e.event_date for e in result.events if e.historical}
    assert {"2020-09-27", "2020-11-10"} <= history
    assert all(e.event_date.startswith("2020") for e in result.events if e.historical)


def test_place_roles_on_the_arabic_seed():
    result = extract_text((ROOT / "seeds/000_4daba99e5e2777e4.txt").read_text(encoding="utf-8"), published=PUBLISHED)
    by_text = {}
    for m in result.mentions:
        by_text.setdefault(m.text, []).append(m)
    assert by_text["ناغورني قره ياغ"][0].place.id == "area:nkao"
    assert all(m.place.id == "area:nkao" for m in by_text["كاراباخ"])
    assert by_text["يريفان"][0].role == "actor_metonym"
    assert by_text["وباكو"][0].role == "actor_metonym"
    baku_control = [m for m in by_text["باكو"] if "تحت سيطرة باكو" in m.source_text]
    assert baku_control and baku_control[0].role == "actor_metonym"
    for word in ("الأذربيجانية", "الأرمنية", "التركي", "الروسي"):
        assert by_text[word][0].role == "nationality", word

