"""Put each event where its sentence puts it, with ACLED geo_precision.

In order of what the sentence says:
1. a border phrase ("on the border between X and Y", "عند حدود البلاد مع X",
   or a border word with the article's two main countries) → the shared
   border line of the two countries, clipped to the part within NEAR_KM of a
   region named nearby (same sentence, else the article's main region);
   precision 2;
2. a town with a locative → its point; precision 1 ("in"), 2 ("near");
3. a region or admin-1 unit → its polygon; precision 3;
4. a country as a location ("in Syria") → its polygon; precision 3;
5. nothing: a follow-up sentence inherits the previous event's place.
Metonyms and nationalities are never locations. Mentions in sentences whose
events are all historical become `background`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer

from geo.boundaries import border_between
from geo.gazetteer import get_gazetteer
from geo.places.finder import place_tokens
from geo.places.lexicon import PlaceLexicon, lexicon
from geo.places.resolver import document_countries
from geo.records import Document, Event, PlaceMention

NEAR_KM = 50.0
MAX_WORDS_SEEN = 200_000     # word forms whose border-wordness is remembered per language
AREA_KINDS = ("region", "admin1", "admin2")


def locate_events(doc: Document, events: list[Event], mentions: list[PlaceMention]) -> None:
    gz = get_gazetteer()
    lex = lexicon(doc.language)
    countries = document_countries(gz, mentions)
    main_pair = [c for c, _ in countries.most_common(2)]
    placed = [m for m in mentions if m.role == "event_location" and m.place is not None]
    main_region = _main_region(placed, mentions)
    located: dict[int, list[PlaceMention]] = {}     # sentence → its placed event locations
    for m in placed:
        located.setdefault(m.sentence_index, []).append(m)

    starts = [s.start for s in doc.sentences]
    sentence_of = [_sentence_of(starts, event) for event in events]
    border_words = _border_words(lex)
    border_word_in: dict[int, bool] = {}    # sentence → has a border word; events share sentences
    tokens = place_tokens(doc)
    previous: Event | None = None
    for event, index in zip(events, sentence_of):
        here = located.get(index, [])
        border_word = border_word_in.get(index)
        if border_word is None:
            border_word = border_word_in[index] = border_words.any_in(tokens.keys[slice(*tokens.sentences[index])])
        regions = [m for m in here if m.place.kind in AREA_KINDS]
        towns = [m for m in here if m.place.kind == "populated_place"]
        states = [m for m in here if m.place.kind == "country"]
        if border_word or any(m.locative == "border" for m in here):
            pair = _border_pair(here, main_pair)
            if len(pair) == 2:
                _on_border(event, pair, regions[0] if regions else main_region)
        if event.geometry is None and towns:
            town = towns[0]
            _on_place(event, town, precision=2 if town.locative == "near" else 1, kind="near" if town.locative == "near" else "point")
        if event.geometry is None and regions:
            _on_place(event, regions[0], precision=3, kind="region")
        if event.geometry is None and states:
            _on_place(event, states[0], precision=3, kind="region")
        if event.geometry is None and previous is not None and previous.historical == event.historical:
            _inherit(event, previous)
        if event.geometry is not None:
            previous = event
    _mark_background(sentence_of, events, mentions)


def _sentence_of(starts: list[int], event: Event) -> int:
    """The sentence holding the event, from the sentences' start offsets."""
    return max(0, bisect_right(starts, event.source_span[0]) - 1)


class _BorderWords:
    """The border words among the words seen in one language: a sentence is then tested with set operations,
    not a PlaceLexicon.is_border_word call per word."""

    def __init__(self, lex: PlaceLexicon):
        self.lex = lex
        self.seen: set[str] = set()
        self.border: set[str] = set()

    def any_in(self, words: list[str]) -> bool:
        """Whether any of the words is a border word."""
        if not self.seen.issuperset(words):
            if len(self.seen) > MAX_WORDS_SEEN:
                self.seen.clear()
                self.border.clear()
            new = set(words).difference(self.seen)
            self.border.update(filter(self.lex.is_border_word, new))
            self.seen |= new
        return not self.border.isdisjoint(words)


@lru_cache(maxsize=None)
def _border_words(lex: PlaceLexicon) -> _BorderWords:
    return _BorderWords(lex)


def _main_region(placed: list[PlaceMention], mentions: list[PlaceMention]) -> PlaceMention | None:
    """The first mention of the area most often named as an event location (`placed`: the placed ones)."""
    counts = Counter(m.place.id for m in placed if m.place.kind in AREA_KINDS)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.place is not None and m.place.id == top)


def _border_pair(here: list[PlaceMention], main_pair: list[str]) -> list[str]:
    """The two countries whose border the sentence names; gaps filled with the article's main countries."""
    pair = [m.place.country for m in here if m.locative == "border" and m.place.kind == "country"]
    pair = list(dict.fromkeys(pair))
    for country in main_pair:
        if len(pair) >= 2:
            break
        if country not in pair:
            pair.append(country)
    return sorted(pair[:2])


def _on_border(event: Event, pair: list[str], region: PlaceMention | None) -> None:
    line = border_between(pair[0], pair[1])
    if line is None or line.is_empty:
        return    # not neighbours (most pairs): asked before _border_near, so its memo holds only real borders
    event.geometry, event.location_name = _border_near(pair[0], pair[1], region.place.id if region is not None else None)
    event.location_kind = "border"
    event.geo_precision = 2


@lru_cache(maxsize=1024)
def _border_near(iso_a: str, iso_b: str, region_id: str | None):
    """(line, name) of two neighbours' border, clipped to within NEAR_KM of the region when they meet."""
    line = border_between(iso_a, iso_b)
    name = f"{_country_name(iso_a)}–{_country_name(iso_b)} border"
    if region_id is not None:
        region = get_gazetteer().get(region_id)
        clipped = line.intersection(_buffer_km(region.geometry, NEAR_KM)) if _may_come_near(line, region.geometry) else None
        if clipped is not None and not clipped.is_empty:
            line = shapely.line_merge(clipped) if clipped.geom_type == "MultiLineString" else clipped
            name += f" near {region.name}"
    return line, name


KM_PER_DEGREE = 110.57     # of latitude, at its shortest (the equator's); a degree of longitude is shorter


def _may_come_near(line, geometry) -> bool:
    """Whether `line` may pass within NEAR_KM of `geometry`: no when their bounding boxes lie further apart
    than twice NEAR_KM in degrees (twice: the buffer is drawn in a projection). Most regions named with a
    border are far from it, and the test spares their buffer, about 1-3 ms each."""
    west, south, east, north = geometry.bounds
    margin_lat = 2 * NEAR_KM / KM_PER_DEGREE
    widest = max(abs(south), abs(north)) + margin_lat
    if widest >= 80.0:
        return True       # meridians converge: no cheap bound on longitude
    margin_lon = margin_lat / math.cos(math.radians(widest))
    line_west, line_south, line_east, line_north = line.bounds
    return not (line_west > east + margin_lon or line_east < west - margin_lon
                or line_south > north + margin_lat or line_north < south - margin_lat)


def _on_place(event: Event, mention: PlaceMention, precision: int, kind: str) -> None:
    place = mention.place
    event.geometry = place.geometry
    event.location_name = place.name
    event.geonameid = place.geonameid
    event.geo_precision = precision
    event.location_kind = kind
    event.country, event.admin1 = place.country, place.admin1


def _inherit(event: Event, previous: Event) -> None:
    for name in ("geometry", "location_name", "geonameid", "geo_precision", "location_kind", "country", "admin1"):
        setattr(event, name, getattr(previous, name))


def _mark_background(sentence_of: list[int], events: list[Event], mentions: list[PlaceMention]) -> None:
    current = {index for event, index in zip(events, sentence_of) if not event.historical}
    historical = {index for event, index in zip(events, sentence_of) if event.historical} - current
    if historical:      # most articles have none: no mention to look at
        for m in mentions:
            if m.sentence_index in historical and m.role in ("event_location", "other"):
                m.role = "background"


@lru_cache(maxsize=256)
def _country_name(iso2: str) -> str:
    gz = get_gazetteer()
    index = gz.index_of(f"country:{iso2}")
    return gz.place(index).name if index is not None else iso2


def _buffer_km(geometry, km: float):
    """Buffer by km in an azimuthal-equidistant projection centred on the geometry."""
    centre = geometry.centroid
    forward, back = _aeqd_pipelines(centre.x, centre.y)
    projected = shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))
    return shapely.transform(projected.buffer(km * 1000.0), lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


def _aeqd_pipelines(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """lon/lat <-> metres of the WGS84 azimuthal-equidistant projection centred on (lon, lat): the pipelines
    Transformer.from_crs makes (it searches the PROJ database: 100 times slower), written from PROJ's own
    spelling of the projection, so the geometry comes out the same."""
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    forward = crs.coordinate_operation.to_proj4()     # +proj=pipeline +step <degrees to radians> +step <aeqd>
    aeqd = forward.rsplit(" +step ", 1)[1]
    back = f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    return Transformer.from_pipeline(forward), Transformer.from_pipeline(back)
