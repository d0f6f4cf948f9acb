"""One self-contained HTML map of events (and place mentions) over boundary layers.

    m = build_map(results)            # Result objects, or Events
    save_map(m, "maps/seed.html")     # inlined JS/CSS, no network needed

Design: all records go into ONE JSON data block (`<script type="application/json">`,
with `<`, `>`, `&`, U+2028/9 escaped); a small client library (geo/output/assets/geo-map.js)
draws them on one shared canvas renderer and builds popups with textContent.
folium provides the map, the layer control and the page; it never sees article text.
"""

from __future__ import annotations

import html
import json
import logging
import math
import os
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import folium
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.map import Layer
from jinja2 import Template

from geo.output.files import write_atomic
from geo.output.offline import LEAFLET_CSS, LEAFLET_JS, make_offline

log = logging.getLogger(__name__)

# key, legend label, colour, shape
KINDS: tuple[tuple[str, str, str, str], ...] = (
    ("clash", "Clashes", "#d62728", "circle"),
    ("shelling", "Shelling / strikes", "#ff7f0e", "triangle"),
    ("lost", "Lost positions", "#7b2d8e", "square"),
    ("capture", "Captures (territory)", "#1f5fbf", "diamond"),
    ("agreement", "Ceasefires / agreements", "#2ca02c", "itriangle"),
    ("other", "Other events", "#8c564b", "circle"),
)
KIND_LABEL = {k: label for k, label, _, _ in KINDS}
HISTORICAL_LABEL = "Historical / background events"
MENTIONS_LABEL = "Places mentioned"
NEAR_RADIUS_M = {2: 10_000, 3: 50_000}
MAX_ZOOM = 18

_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "geo_precision", "actor1", "actor2",
           "claimant", "location_name", "source_text", "fatalities", "language", "historical", "admin1", "country",
           "claimed_via", "wounded", "missing", "captured", "positions_lost", "positions_lost_by",
           "vehicles_destroyed", "disputed_area", "distance_to_border_km", "source", "role")
# (event_id is left out of the map data on purpose: 100k unique ids cost ~9 MB; the GeoJSON export carries them)
_STRING_FIELDS = {"event_id", "event_type", "sub_event_type", "event_date", "actor1", "actor2", "claimant",
                  "claimed_via", "positions_lost_by", "location_name", "admin1", "country", "disputed_area",
                  "source_text", "source", "language", "role"}


# --------------------------------------------------------------------------- classification

def event_kind(event: Any) -> str:
    """Which map layer an event belongs on (historical events are layered separately)."""
    et = (getattr(event, "event_type", None) or "").lower()
    sub = (getattr(event, "sub_event_type", None) or "").lower()
    if getattr(event, "positions_lost", None) or getattr(event, "positions_lost_by", None):
        return "lost"
    if "territory" in sub or "overtakes" in sub or "regains" in sub:
        return "capture"
    if "agreement" in sub or "ceasefire" in sub or "truce" in sub:
        return "agreement"
    if et.startswith("explosions") or any(w in sub for w in ("shelling", "strike", "artillery", "missile", "bomb", "explosive", "grenade", "chemical")):
        return "shelling"
    if et == "battles" or "clash" in sub:
        return "clash"
    return "other"


def _precision(record: Any, geom: Any) -> int:
    p = getattr(record, "geo_precision", None)
    if p in (1, 2, 3):
        return int(p)
    kind = getattr(record, "location_kind", None)
    if kind in ("near", "border"):
        return 2
    if kind == "region":
        return 3
    if geom is not None and geom.geom_type != "Point":
        return 3
    return 1


# --------------------------------------------------------------------------- folium elements

class _Raw(Element):
    """Literal HTML, not passed through Jinja (the data block can be tens of MB)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class GeoData(MacroElement):
    """The JSON data block plus the client library; creates `window.GeoMap` state for one map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = GeoMap.create({{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
    """)

    def __init__(self, payload: str):
        super().__init__()
        self._name = "GeoData"
        self.payload = payload
        self.data_id = f"{self.get_name()}_json"

    def render(self, **kwargs):
        figure = self.get_root()
        figure.header.add_child(_Raw(f"<style>{_asset('geo-map.css')}</style>"), name="geo_map_css")
        figure.header.add_child(_Raw(f"<script>{_asset('geo-map.js')}</script>"), name="geo_map_js")
        figure.html.add_child(
            _Raw(f'<script type="application/json" id="{self.data_id}">{self.payload}</script>'),
            name=self.data_id,
        )
        super().render(**kwargs)


class GeoLayer(Layer):
    """A layer built client-side by GeoData, listed in the LayerControl."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.data.get_name() }}.layers[{{ this.key|tojson }}];
        {% endmacro %}
    """)

    def __init__(self, data: GeoData, key: str, name: str, *, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeoLayer"
        self.data = data
        self.key = key


class GeoFinish(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.data.get_name() }}.addControls({{ this.legend|tojson }}, {{ this.title|tojson }});
        {{ this.data.get_name() }}.fit({{ this.bounds|tojson }});
        GeoMap.ready({{ this.data.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: GeoData, legend: str, title: str | None, bounds: list[float] | None):
        super().__init__()
        self._name = "GeoFinish"
        self.data, self.legend, self.title, self.bounds = data, legend, title, bounds


# --------------------------------------------------------------------------- data

def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>`, `&`, U+2028, U+2029 literally."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def _clean_number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(value) else (int(value) if float(value).is_integer() else round(float(value), 2))
    return value


_GEOM_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "MultiPoint")


def _trim(row: list) -> list:
    while row and row[-1] is None:
        row.pop()
    return row


def _day(value: Any) -> int | None:
    if not value:
        return None
    try:
        d = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return (d - date(1970, 1, 1)).days


_KIND_ORDER = [k for k, _, _, _ in KINDS]
ASSETS = Path(__file__).resolve().parent / "assets"


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """The map's own client code and styles, shipped as package data."""
    return (ASSETS / name).read_text(encoding="utf-8")
LABEL_MARGIN_DEG = 3.0


def _country_labels(bounds: list[float]) -> list[list]:
    """[lon, lat, name] for the countries in view, placed inside the visible part of each:
    with no tiles the basemap has no names of its own."""
    from geo.boundaries import countries

    box = shapely.box(bounds[0] - LABEL_MARGIN_DEG, bounds[1] - LABEL_MARGIN_DEG, bounds[2] + LABEL_MARGIN_DEG, bounds[3] + LABEL_MARGIN_DEG)
    layer = countries()
    near = layer.iloc[layer.sindex.query(box, predicate="intersects")]
    labels = []
    for name, geom in zip(near["name_en"], near.geometry):
        visible = geom.intersection(box)
        if not visible.is_empty and visible.area > 0.02:
            point = visible.point_on_surface()
            labels.append([round(point.x, 3), round(point.y, 3), name])
    return labels


def _anchor(geom: Any, kind: str) -> list[float] | None:
    """Where a line or area event shows its kind's symbol: along the line, or inside the area, each kind
    at its own spot so that a clash and a lost position on the same border stay distinguishable."""
    if geom.geom_type == "Point":
        return None
    step = _KIND_ORDER.index(kind) - 2
    if geom.geom_type in ("LineString", "MultiLineString"):
        line = shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
        if line.geom_type == "MultiLineString":
            line = max(line.geoms, key=lambda g: g.length)
        point = line.interpolate(min(max(0.5 + 0.12 * step, 0.05), 0.95), normalized=True)
    else:
        inside = geom.point_on_surface()
        x0, _, x1, _ = geom.bounds
        shifted = shapely.Point(inside.x + (x1 - x0) * 0.12 * step, inside.y)
        point = shifted if geom.contains(shifted) else inside
    return [round(point.x, 4), round(point.y, 4)]


def _coords(geom: Any, digits: int = 5, tolerance: float = 0.0) -> Any:
    if geom.geom_type == "Point":
        return [round(geom.x, digits), round(geom.y, digits)]
    if tolerance:
        simple = shapely.simplify(geom, tolerance, preserve_topology=True)
        if not simple.is_empty:
            geom = simple
    geom = shapely.transform(geom, lambda c: np.round(c, digits))
    return json.loads(shapely.to_geojson(geom))["coordinates"]


def _split(results_or_events: Any, mentions: Any) -> tuple[list, list]:
    events: list = []
    found_mentions: list = []
    if results_or_events is None:
        items: Iterable = []
    elif hasattr(results_or_events, "events") and hasattr(results_or_events, "mentions"):
        items = [results_or_events]
    else:
        items = results_or_events
    for item in items:
        if hasattr(item, "events") and hasattr(item, "mentions"):
            events.extend(item.events)
            found_mentions.extend(item.mentions)
        else:
            events.append(item)
    if mentions is not None:
        found_mentions = list(mentions)
    return events, found_mentions


def _styles() -> dict[str, dict]:
    out = {}
    for key, _, colour, shape in KINDS:
        out[key] = {"color": colour, "fill": colour, "stroke": "#222222", "shape": shape, "radius": 6}
        out[key + "_hist"] = {"color": "#8c8c8c", "fill": "#c7c7c7", "stroke": colour, "shape": shape, "radius": 5}
    out["mention"] = {"color": "#4d4d4d", "fill": "#ffffff", "stroke": "#4d4d4d", "shape": "circle", "radius": 3}
    return out


def _symbol_svg(shape: str, fill: str, stroke: str = "#222", size: int = 14, hollow: bool = False) -> str:
    c, r = size / 2, size / 2 - 2
    fill = "#ffffff" if hollow else fill
    attrs = f'fill="{html.escape(fill)}" stroke="{html.escape(stroke)}" stroke-width="1.2"'
    if shape == "triangle":
        body = f'<polygon points="{c},{c - r * 1.1} {c + r},{c + r * 0.8} {c - r},{c + r * 0.8}" {attrs}/>'
    elif shape == "itriangle":
        body = f'<polygon points="{c},{c + r * 1.1} {c + r},{c - r * 0.8} {c - r},{c - r * 0.8}" {attrs}/>'
    elif shape == "square":
        body = f'<rect x="{c - r * 0.85}" y="{c - r * 0.85}" width="{r * 1.7}" height="{r * 1.7}" {attrs}/>'
    elif shape == "diamond":
        body = f'<polygon points="{c},{c - r * 1.15} {c + r},{c} {c},{c + r * 1.15} {c - r},{c}" {attrs}/>'
    else:
        body = f'<circle cx="{c}" cy="{c}" r="{r}" {attrs}/>'
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">{body}</svg>'


def _legend(counts: Counter, hist_count: int, mention_count: int, unplaced: int, basemap_keys: list[str]) -> str:
    e = html.escape
    rows = ['<h4>Events</h4>']
    for key, label, colour, shape in KINDS:
        if counts.get(key):
            rows.append(f'<div class="row">{_symbol_svg(shape, colour)}<span>{e(label)} ({counts[key]})</span></div>')
    if hist_count:
        rows.append(f'<div class="row">{_symbol_svg("circle", "#c7c7c7", "#555")}<span>{e(HISTORICAL_LABEL)} ({hist_count}, off by default)</span></div>')
    if mention_count:
        rows.append(f'<div class="row">{_symbol_svg("circle", "#fff", "#4d4d4d", 10)}<span>{e(MENTIONS_LABEL)} ({mention_count})</span></div>')
    rows.append('<h4>Where it is known</h4>')
    rows.append(f'<div class="row">{_symbol_svg("circle", "#999")}<span>{e("filled: at the named place")}</span></div>')
    rows.append('<div class="row"><svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="#9994" stroke="#777"/>'
                f'<circle cx="7" cy="7" r="2.5" fill="#999" stroke="#222"/></svg><span>{e("with circle: near the place (≈10 km)")}</span></div>')
    rows.append(f'<div class="row">{_symbol_svg("circle", "#999", hollow=True)}<span>{e("hollow + dashed circle: only the region is known")}</span></div>')
    rows.append('<div class="row"><svg width="14" height="14"><line x1="1" y1="12" x2="13" y2="2" stroke="#d62728" stroke-width="4"/></svg>'
                f'<span>{e("line: along a border segment")}</span></div>')
    rows.append('<div class="row"><svg width="14" height="14"><rect x="1" y="1" width="12" height="12" fill="#d6272838" stroke="#d62728" stroke-dasharray="3 2"/></svg>'
                f'<span>{e("shaded area: somewhere in the region")}</span></div>')
    if basemap_keys:
        rows.append('<h4>Boundaries</h4>')
        if "borders" in basemap_keys:
            rows.append('<div class="row"><svg width="14" height="14"><line x1="1" y1="7" x2="13" y2="7" stroke="#111" stroke-width="3.5"/></svg>'
                        f'<span>{e("international border near events")}</span></div>')
        if "disputed" in basemap_keys:
            rows.append('<div class="row"><svg width="14" height="14"><rect x="1" y="1" width="12" height="12" fill="#f4a58266" stroke="#b2182b" stroke-dasharray="3 2"/></svg>'
                        f'<span>{e("disputed area")}</span></div>')
    if unplaced:
        rows.append(f'<div class="row"><span>{e(f"{unplaced} event(s) without a location are not drawn")}</span></div>')
    return "".join(rows)


# --------------------------------------------------------------------------- basemap

_BASEMAP_CACHE: dict[tuple, list] = {}


def _load_layers():
    try:
        from geo.boundaries import layers  # built by colleagues; optional at map time
    except Exception as exc:  # noqa: BLE001 - the map still works without a basemap
        log.info("no boundary layers: %s", exc)
        return None
    return layers


def _geojson_fc(gdf, props: Sequence[str], tolerance: float, digits: int = 3, highlight: Any = None) -> dict:
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if tolerance:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda c: np.round(c, digits))
    texts = shapely.to_geojson(geoms)
    features = []
    cols = {p: gdf[p].tolist() if p in gdf.columns else [None] * len(gdf) for p in props}
    for i, text in enumerate(texts):
        if text is None or geoms[i] is None or shapely.is_empty(geoms[i]):
            continue
        properties = {p: _clean_number(cols[p][i]) if not isinstance(cols[p][i], str) else cols[p][i] for p in props}
        if highlight is not None and highlight[i]:
            properties["_hl"] = True
        features.append({"type": "Feature", "properties": properties, "geometry": json.loads(text)})
    return {"type": "FeatureCollection", "features": features}


def _basemap(countries_with_events: set[str], event_geoms: list, include_admin1: bool) -> list[dict]:
    layers = _load_layers()
    if layers is None:
        return []
    out: list[dict] = []

    def load(name):
        try:
            return getattr(layers, name)()
        except Exception as exc:  # noqa: BLE001
            log.warning("boundary layer %s unavailable: %s", name, exc)
            return None

    countries = load("countries")
    if countries is not None and len(countries):
        key = ("countries",)
        if key not in _BASEMAP_CACHE:
            _BASEMAP_CACHE[key] = [_geojson_fc(countries, ["iso_a2", "name_en", "name_ar"], 0.03)]
        out.append({"key": "countries", "name": "Countries", "show": True, "geojson": _BASEMAP_CACHE[key][0],
                    "style": {"color": "#9a9a9a", "weight": 0.7, "fillColor": "#f7f4ee", "fillOpacity": 1}})
    if include_admin1 and countries_with_events:
        admin1 = load("admin1")
        if admin1 is not None and len(admin1):
            sel = admin1[admin1["iso_a2"].isin(sorted(countries_with_events))]
            if len(sel):
                out.append({"key": "admin1", "name": "Admin-1 regions", "show": True,
                            "geojson": _geojson_fc(sel, ["iso_3166_2", "name_en", "name_ar"], 0.01),
                            "style": {"color": "#b9b9b9", "weight": 0.6, "dashArray": "3 3", "fill": False},
                            "tooltip": None})
    disputed = load("disputed")
    if disputed is not None and len(disputed):
        out.append({"key": "disputed", "name": "Disputed areas", "show": True,
                    "geojson": _geojson_fc(disputed, ["id", "name_en", "name_ar"], 0.005),
                    "style": {"color": "#b2182b", "weight": 1.2, "dashArray": "5 3", "fillColor": "#f4a582", "fillOpacity": 0.35},
                    "tooltip": ["name_en", "name_ar"]})
    borders = load("borders")
    if borders is not None and len(borders):
        touched = np.zeros(len(borders), dtype=bool)
        if event_geoms:
            tree = shapely.STRtree(np.asarray(borders.geometry.values, dtype=object))
            _, hits = tree.query(np.asarray(event_geoms, dtype=object), predicate="dwithin", distance=0.1)
            touched[np.unique(hits)] = True
        out.append({"key": "borders", "name": "International borders", "show": True,
                    "geojson": _geojson_fc(borders, ["iso_a", "iso_b", "length_km"], 0.01, 4, highlight=touched),
                    "style": {"color": "#6b6b6b", "weight": 1, "opacity": 0.9},
                    "highlight": {"color": "#111111", "weight": 3.5, "opacity": 1},
                    "tooltip": ["iso_a", "iso_b"]})
    return out


# --------------------------------------------------------------------------- public API

def build_map(results_or_events: Any, *, mentions: Iterable[Any] | None = None, tiles: str | None = None,
              title: str | None = None, basemap: bool = True) -> folium.Map:
    """A folium Map of events (Result objects or Event records) over boundary layers.

    Event data lives in one JSON block and is drawn client-side on a canvas
    renderer, so 100,000 events stay one layer per kind. `tiles` (e.g.
    "OpenStreetMap") adds a network tile layer; by default the map uses the
    offline boundary layers from geo.boundaries.layers as its basemap.
    """
    events, mention_list = _split(results_or_events, mentions)

    strings: list[str] = []
    index: dict[str, int] = {}

    def sid(value: Any) -> int | None:
        if value is None:
            return None
        value = str(value)
        i = index.get(value)
        if i is None:
            i = index[value] = len(strings)
            strings.append(value)
        return i

    rows: list[list] = []
    features: list[list] = []
    styles = _styles()
    style_keys = list(styles)
    style_ix = {k: i for i, k in enumerate(style_keys)}
    layer_keys = [k for k, _, _, _ in KINDS] + ["historical", "mentions"]
    layer_ix = {k: i for i, k in enumerate(layer_keys)}
    kind_counts: Counter = Counter()
    hist_count = 0
    unplaced = 0
    groups: dict[tuple, list] = {}
    current_geoms: list = []
    hist_geoms: list = []
    days: list[int] = []

    for ev in events:
        props = ev.properties() if hasattr(ev, "properties") else dict(ev)
        geom = getattr(ev, "geometry", None)
        row = []
        for f in _FIELDS:
            v = props.get(f)
            row.append(sid(v) if f in _STRING_FIELDS else (int(bool(v)) if f == "historical" else _clean_number(v)))
        ei = len(rows)
        rows.append(_trim(row))
        if geom is None or shapely.is_empty(geom):
            unplaced += 1
            continue
        kind = event_kind(ev)
        historical = bool(props.get("historical"))
        if historical:
            hist_count += 1
            hist_geoms.append(geom)
        else:
            kind_counts[kind] += 1
            current_geoms.append(geom)
        prec = _precision(ev, geom)
        day = _day(props.get("event_date"))
        if day is not None:
            days.append(day)
        span = props.get("source_span")
        key = (props.get("document_id"), tuple(span) if span else None, props.get("event_date"), kind, historical,
               shapely.to_wkb(geom))
        group = groups.get(key)
        if group is not None:
            group[6].append(ei)
            continue
        gtype = geom.geom_type
        if gtype == "GeometryCollection":
            geom = shapely.union_all([g for g in geom.geoms])
            gtype = geom.geom_type
        feature = [layer_ix["historical" if historical else kind], style_ix[kind + ("_hist" if historical else "")],
                   prec, _GEOM_TYPES.index(gtype), _coords(geom, 4, 0.0005), day, [ei], _anchor(geom, kind)]
        groups[key] = feature
        features.append(feature)

    n_events = len(rows)
    mention_count = 0
    mention_geoms = []
    for m in mention_list:
        geom = getattr(m, "geometry", None)
        if geom is None and getattr(m, "place", None) is not None:
            place = m.place
            geom = place.geometry if place.geometry is not None else shapely.Point(place.lon, place.lat)
        if geom is None or shapely.is_empty(geom):
            continue
        props = m.properties() if hasattr(m, "properties") else dict(m)
        props = {**props, "event_type": "Place mentioned", "sub_event_type": props.get("role")}
        row = [sid(props.get(f)) if f in _STRING_FIELDS else _clean_number(props.get(f)) for f in _FIELDS]
        rows.append(_trim(row))
        mention_geoms.append(geom)
        prec = 1 if geom.geom_type == "Point" else 3
        features.append([layer_ix["mentions"], style_ix["mention"], prec, _GEOM_TYPES.index(geom.geom_type),
                         _coords(geom, 4, 0.01), None, [len(rows) - 1]])
        mention_count += 1

    # bounds: current events, else historical, else mentions, else the world
    bounds = None
    for candidates in (current_geoms, hist_geoms, mention_geoms):
        if candidates:
            b = shapely.total_bounds(np.asarray(candidates, dtype=object))
            if np.all(np.isfinite(b)):
                bounds = [round(float(x), 5) for x in b]
                break

    countries_with_events = {getattr(e, "country", None) for e in events} - {None}
    if not countries_with_events:
        countries_with_events = {getattr(m, "country", None) for m in mention_list} - {None}
    base = _basemap(countries_with_events, current_geoms + hist_geoms, include_admin1=True) if basemap else []

    layer_specs = [{"key": k, "name": f"{label} ({kind_counts[k]})", "show": True} for k, label, _, _ in KINDS if kind_counts.get(k)]
    if hist_count:
        layer_specs.append({"key": "historical", "name": f"{HISTORICAL_LABEL} ({hist_count})", "show": False})
    if mention_count:
        layer_specs.append({"key": "mentions", "name": f"{MENTIONS_LABEL} ({mention_count})", "show": False})

    for f in features:
        if len(f[6]) == 1:
            f[6] = f[6][0]
    payload = {
        "strings": strings,
        "layer_keys": layer_keys,
        "style_keys": style_keys,
        "geom_types": list(_GEOM_TYPES),
        "radius": {str(k): v for k, v in NEAR_RADIUS_M.items()},
        "string_fields": [f in _STRING_FIELDS for f in _FIELDS],
        "events": rows,
        "n_events": n_events - unplaced,
        "n_unplaced": unplaced,
        "features": features,
        "styles": styles,
        "layers": layer_specs,
        "basemap": [{k: v for k, v in b.items() if k not in ("name", "show")} for b in base],
        "labels": _country_labels(bounds) if basemap and bounds else [],
        "time": {"min": min(days), "max": max(days)} if days else None,
        "tiles": bool(tiles),
        "stack": ["countries", "admin1", "disputed", "borders", "mentions", "historical", "other", "agreement",
                  "capture", "shelling", "clash", "lost"],
    }

    center = [20.0, 0.0] if bounds is None else [(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2]
    m = folium.Map(location=center, zoom_start=2, tiles=tiles or None, prefer_canvas=True, max_zoom=MAX_ZOOM,
                   min_zoom=1, control_scale=True, maxZoom=MAX_ZOOM)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    if title:
        m.get_root().title = html.escape(title)

    data = GeoData(_json_for_script(payload))
    m.add_child(data)
    for b in base:
        m.add_child(GeoLayer(data, b["key"], b["name"], show=b["show"]))
    for spec in layer_specs:
        m.add_child(GeoLayer(data, spec["key"], spec["name"], show=spec["show"]))
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    legend = _legend(kind_counts, hist_count, mention_count, unplaced, [b["key"] for b in base])
    m.add_child(GeoFinish(data, legend, title, bounds))
    m.geo_summary = {"events": n_events, "placed": n_events - unplaced, "features": len(features) - mention_count,
                     "mentions": mention_count, "historical": hist_count, "kinds": dict(kind_counts)}
    return m


def render_html(m: folium.Map) -> str:
    """The complete, self-contained HTML document of a map (raises OfflineError if it would need the network)."""
    return make_offline(m.get_root().render())


def save_map(m: folium.Map, path: str | os.PathLike) -> str:
    """Write the self-contained HTML atomically; returns the HTML written."""
    text = render_html(m)
    write_atomic(path, text)
    return text


def fragment_html(document: str, *, height: str = "600px", title: str = "map") -> str:
    """An `<iframe srcdoc>` snippet holding the whole document: ids and scripts stay isolated from the host page."""
    return (f'<iframe class="geo-map-fragment" title="{html.escape(title)}" sandbox="allow-scripts" loading="eager" '
            f'style="width:100%;height:{html.escape(height)};border:0" srcdoc="{html.escape(document, quote=True)}"></iframe>\n')


def save_fragment(m_or_html: folium.Map | str, path: str | os.PathLike, *, height: str = "600px") -> str:
    document = m_or_html if isinstance(m_or_html, str) else render_html(m_or_html)
    text = fragment_html(document, height=height)
    write_atomic(path, text)
    return text
