from __future__ import annotations

import sys
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.records import Document, Event, Place, PlaceMention

sys.path.insert(0, str(Path(__file__).parent))

HOSTILE = ("<script>alert(1)</script> </script><script>alert(2)</script> \"double\" 'single' \\1 \\x41 "
           "`backtick` ${alert(3)} \u202eevil\u202c <img src=x onerror=alert(4)> \u2028line\u2029para <!--<script>")


def seed_events() -> list[Event]:
    """Synthetic records shaped like the seed: competing border claims, lost positions, shelling, history."""
    sentence = "قالت وزارة الدفاع إن اشتباكات وقعت عند الحدود بين أذربيجان وأرمينيا"
    base = dict(source_span=(0, len(sentence)), language="ar", document_id="doc1", source="seed.txt",
                event_date="2021-11-16", time_precision=1, geo_precision=2, location_kind="border")
    border = LineString([(45.9, 39.6), (46.2, 39.4), (46.4, 39.2)])
    return [
        Event("Battles", "Armed clash", sentence, actor1="Military Forces of Azerbaijan", actor2="Military Forces of Armenia",
              claimant="Ministry of Defence of Azerbaijan", fatalities=7, geometry=border, country="AZ", **base),
        Event("Battles", "Armed clash", sentence, actor1="Military Forces of Azerbaijan", actor2="Military Forces of Armenia",
              claimant="Ministry of Defence of Armenia", fatalities=1, missing=24, captured=13, geometry=border, country="AM", **base),
        Event("Battles", "Non-state actor overtakes territory", "lost two military positions", source_span=(80, 110),
              language="en", document_id="doc1", event_date="2021-11-16", time_precision=1, positions_lost=2,
              positions_lost_by="Military Forces of Armenia", geo_precision=2, geometry=Point(46.3, 39.3), country="AM"),
        Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled positions in Karabakh",
              source_span=(120, 150), language="en", document_id="doc1", event_date="2021-11-14", time_precision=1,
              geo_precision=3, location_kind="region",
              geometry=Polygon([(46.5, 39.5), (46.5, 40.0), (47.0, 40.0), (47.0, 39.5)])),  # clockwise on purpose
        Event("Battles", "Armed clash", "a clash in the town", source_span=(160, 180), language="en", document_id="doc1",
              event_date="2021-11-15", time_precision=1, geo_precision=1, geometry=Point(45.5, 40.1)),
        Event("Strategic developments", "Agreement", "the 10 November 2020 ceasefire", source_span=(200, 230),
              language="en", document_id="doc1", event_date="2020-11-10", time_precision=1, historical=True,
              geo_precision=3, geometry=Point(46.7, 39.8)),
        Event("Battles", "Armed clash", "fighting somewhere", source_span=(240, 260), language="en", document_id="doc1"),
    ]


SEED_PLACED = 6          # events with a geometry
SEED_FEATURES = 5        # drawn features: the two competing border claims share one
SEED_VISIBLE = 4         # features shown at start (historical layer is off)


def seed_mentions() -> list[PlaceMention]:
    baku = Place("gn:587084", "Baku", "populated_place", "AZ", 49.89, 40.38, geonameid=587084, name_ar="باكو")
    return [PlaceMention("وباكو", (10, 15), 0, role="actor_metonym", place=baku, geometry=Point(49.89, 40.38), country="AZ")]


def hostile_events() -> list[Event]:
    out = []
    for i, (x, y) in enumerate([(44.0, 40.0), (44.5, 40.2), (45.0, 40.4)]):
        out.append(Event("Battles", "Armed clash", HOSTILE + f" #{i}", source_span=(i * 10, i * 10 + 5), language="en",
                         document_id="evil", event_date=f"2021-11-1{i}", time_precision=1, geo_precision=1,
                         claimant=HOSTILE, claimed_via="</script>`${alert(5)}`", actor1=HOSTILE,
                         location_name="\\1'\"</script>", admin1="${alert(6)}", geometry=Point(x, y)))
    return out


@pytest.fixture
def seed_result():
    from geo.pipeline import Result

    doc = Document(text="x", language="ar", source="seed.txt")
    return Result(doc, seed_mentions(), seed_events())
