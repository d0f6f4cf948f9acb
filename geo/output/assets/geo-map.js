// Client side of a geo map. All article text reaches the page only as JSON data
// (with <, >, &, U+2028/U+2029 escaped) and enters the DOM through textContent,
// never innerHTML, so nothing in an article can become markup or code.
(function () {
  'use strict';
  if (window.GeoMap) { return; }

  // ---- symbols drawn on the canvas renderer (no icon images, no awesome-markers) ----
  function symbolPath(ctx, s, x, y, r) {
    switch (s) {
      case 'triangle':
        ctx.moveTo(x, y - r * 1.25); ctx.lineTo(x + r * 1.15, y + r * 0.85); ctx.lineTo(x - r * 1.15, y + r * 0.85); ctx.closePath(); break;
      case 'itriangle':
        ctx.moveTo(x, y + r * 1.25); ctx.lineTo(x + r * 1.15, y - r * 0.85); ctx.lineTo(x - r * 1.15, y - r * 0.85); ctx.closePath(); break;
      case 'square':
        ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8); break;
      case 'diamond':
        ctx.moveTo(x, y - r * 1.3); ctx.lineTo(x + r * 1.1, y); ctx.lineTo(x, y + r * 1.3); ctx.lineTo(x - r * 1.1, y); ctx.closePath(); break;
      default:
        ctx.arc(x, y, r, 0, Math.PI * 2, false);
    }
  }
  L.Canvas.include({
    _updateGeoSymbol: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
      ctx.beginPath();
      symbolPath(ctx, layer.options.shape, p.x, p.y, r);
      this._fillStroke(ctx, layer);
    }
  });
  var Symbol = L.CircleMarker.extend({
    _updatePath: function () {
      if (this._renderer._updateGeoSymbol) { this._renderer._updateGeoSymbol(this); }
      else { this._renderer._updateCircle(this); }
    }
  });

  // ---- DOM helpers: text only ----
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function bdi(text) { var b = el('bdi', null, text); b.setAttribute('dir', 'auto'); return b; }

  var TP = {1: 'day', 2: 'week', 3: 'month'};
  var GP = {1: 'the place itself', 2: 'near a place / part of a region', 3: 'region-level'};
  // the order of geo.output.map._FIELDS
  var F = ['event_type', 'sub_event_type', 'event_date', 'time_precision', 'geo_precision', 'actor1', 'actor2',
           'claimant', 'location_name', 'source_text', 'fatalities', 'language', 'historical', 'admin1', 'country',
           'claimed_via', 'wounded', 'missing', 'captured', 'positions_lost', 'positions_lost_by',
           'vehicles_destroyed', 'disputed_area', 'distance_to_border_km', 'source', 'role'];

  function GeoMap(map, dataId) {
    var raw = document.getElementById(dataId);
    var D = JSON.parse(raw.textContent);
    this.map = map;
    this.data = D;
    var S = D.strings;
    var self = this;
    var renderer = L.canvas({padding: 0.3, tolerance: 3});
    this.renderer = renderer;
    var container = map.getContainer();
    if (!D.tiles) { L.DomUtil.addClass(container, 'geo-nobase'); }

    function str(i) { return (i === null || i === undefined) ? null : S[i]; }
    function event(i) {
      var row = D.events[i], o = {};
      for (var k = 0; k < F.length; k++) {
        var v = row[k];
        if (v === undefined) { v = null; }
        o[F[k]] = (D.string_fields[k] && v !== null) ? S[v] : v;
      }
      return o;
    }
    this.event = event;

    // ---- basemap ----
    this.layers = {};
    (D.basemap || []).forEach(function (b) {
      var opts = {renderer: renderer, interactive: !!b.tooltip, style: function (f) {
        return (f.properties && f.properties._hl) ? b.highlight : b.style;
      }};
      if (b.tooltip) {
        opts.onEachFeature = function (f, layer) {
          var parts = [];
          b.tooltip.forEach(function (k) { if (f.properties[k] !== null && f.properties[k] !== undefined) { parts.push(String(f.properties[k])); } });
          if (parts.length) {
            layer.bindTooltip(function () { var t = el('div'); t.appendChild(bdi(parts.join(' · '))); return t; }, {sticky: true});
          }
        };
      }
      self.layers[b.key] = L.geoJSON(b.geojson, opts);
    });
    (D.labels || []).forEach(function (lb) {   // country names: text nodes, never HTML
      L.tooltip({permanent: true, direction: 'center', className: 'geo-label', interactive: false})
        .setLatLng([lb[1], lb[0]]).setContent(bdi(lb[2])).addTo(map);
    });

    // ---- events ----
    var groups = {};
    D.layers.forEach(function (spec) { groups[spec.key] = L.featureGroup(); self.layers[spec.key] = groups[spec.key]; });
    // normalise compact features: [layer, style, precision, geomType, coords, day, events, anchor]
    D.features.forEach(function (f) {
      f[0] = D.layer_keys[f[0]]; f[1] = D.style_keys[f[1]]; f[3] = D.geom_types[f[3]];
      if (typeof f[6] === 'number') { f[6] = [f[6]]; }
      f[8] = f[3] === 'Point' ? (D.radius[String(f[2])] || null) : null;
    });
    var styles = D.styles;
    this.features = [];
    var nFeatures = D.features.length;
    for (var i = 0; i < nFeatures; i++) {
      var f = D.features[i];   // [layerKey, styleKey, precision, geomType, coords, day, [events], anchor, radius_m]
      var st = styles[f[1]], g = f[4], parts = [];
      var hollow = f[2] >= 3;
      if (f[3] === 'Point') {
        var ll = [g[1], g[0]];
        if (f[8]) {
          parts.push(L.circle(ll, {renderer: renderer, radius: f[8], color: st.color, weight: 1, dashArray: hollow ? '4 3' : null,
                                   fillColor: st.color, fillOpacity: 0.10, opacity: 0.7}));
        }
        parts.push(new Symbol(ll, {renderer: renderer, radius: st.radius, shape: st.shape, color: st.stroke,
                                    weight: 1.2, fillColor: hollow ? '#ffffff' : st.fill, fillOpacity: hollow ? 0.6 : 0.9}));
      } else if (f[3] === 'LineString' || f[3] === 'MultiLineString') {
        var lls = L.GeoJSON.coordsToLatLngs(g, f[3] === 'LineString' ? 0 : 1);
        parts.push(L.polyline(lls, {renderer: renderer, color: '#ffffff', weight: 9, opacity: 0.8, interactive: false}));
        parts.push(L.polyline(lls, {renderer: renderer, color: st.color, weight: 5, opacity: 0.95, lineCap: 'round'}));
      } else if (f[3] === 'Polygon' || f[3] === 'MultiPolygon') {
        var pl = L.GeoJSON.coordsToLatLngs(g, f[3] === 'Polygon' ? 1 : 2);
        parts.push(L.polygon(pl, {renderer: renderer, color: st.color, weight: 1.5, dashArray: '5 3',
                                  fillColor: st.color, fillOpacity: 0.13}));
      } else { continue; }
      if (f[7]) {   // the kind's symbol, hollow: the place is a line or an area, not this point
        parts.push(new Symbol([f[7][1], f[7][0]], {renderer: renderer, radius: st.radius, shape: st.shape, color: st.stroke,
                                                    weight: 1.5, fillColor: '#ffffff', fillOpacity: 0.85}));
      }
      var grp = groups[f[0]];
      for (var p = 0; p < parts.length; p++) { parts[p]._geoFeature = i; grp.addLayer(parts[p]); }
      this.features.push({idx: i, key: f[0], group: grp, parts: parts, day: f[5], shown: true, n: f[6].length});
    }

    function popup(layer) {
      var f = D.features[layer._geoFeature];
      var box = el('div', 'geo-popup');
      f[6].forEach(function (ei) { box.appendChild(claimBox(event(ei), f[6].length > 1)); });
      return box;
    }
    function tooltip(layer) {
      var f = D.features[layer._geoFeature], e = event(f[6][0]);
      var t = el('div');
      t.appendChild(bdi([e.sub_event_type || e.event_type, e.location_name, e.event_date].filter(Boolean).join(' · ')));
      if (f[6].length > 1) { t.appendChild(el('div', null, f[6].length + ' competing claims')); }
      return t;
    }
    function claimBox(e, competing) {
      var c = el('div', 'geo-claim');
      c.appendChild(el('h5', null, (e.event_type || 'Event') + (e.sub_event_type ? ' — ' + e.sub_event_type : '')));
      if (e.historical) { c.appendChild(el('div', 'geo-hist', 'Historical / background event')); }
      var tb = el('table');
      function row(k, v) {
        if (v === null || v === undefined || v === '') { return; }
        var tr = el('tr'); tr.appendChild(el('th', null, k)); var td = el('td'); td.appendChild(bdi(v)); tr.appendChild(td); tb.appendChild(tr);
      }
      row('Claimant', e.claimant ? e.claimant + (e.claimed_via ? ' (via ' + e.claimed_via + ')' : '') : (competing ? 'unattributed' : null));
      row('Date', e.event_date ? e.event_date + (e.time_precision ? ' (known to the ' + (TP[e.time_precision] || e.time_precision) + ')' : '') : 'unknown');
      row('Actors', [e.actor1, e.actor2].filter(Boolean).join(' vs '));
      var figs = [];
      [['fatalities', 'killed'], ['wounded', 'wounded'], ['missing', 'missing'], ['captured', 'captured'],
       ['vehicles_destroyed', 'vehicles destroyed']].forEach(function (p) {
        if (e[p[0]] !== null && e[p[0]] !== undefined) { figs.push(e[p[0]] + ' ' + p[1]); }
      });
      row('Figures', figs.join(', '));
      if (e.positions_lost !== null && e.positions_lost !== undefined || e.positions_lost_by) {
        row('Positions lost', (e.positions_lost !== null && e.positions_lost !== undefined ? e.positions_lost : '?') +
            (e.positions_lost_by ? ' — lost by ' + e.positions_lost_by : ''));
      }
      row('Place', [e.location_name, e.admin1, e.country].filter(Boolean).join(', '));
      row('Disputed area', e.disputed_area);
      row('Location precision', e.geo_precision ? e.geo_precision + ' — ' + (GP[e.geo_precision] || '') : null);
      row('To border', (e.distance_to_border_km !== null && e.distance_to_border_km !== undefined) ? e.distance_to_border_km + ' km' : null);
      row('Source', e.source);
      c.appendChild(tb);
      if (e.source_text) { var s = el('div', 'geo-src', e.source_text); s.setAttribute('dir', 'auto'); c.appendChild(s); }
      return c;
    }
    for (var key in groups) {
      groups[key].bindPopup(popup, {maxWidth: 700, minWidth: 200});
      groups[key].bindTooltip(tooltip, {sticky: true, direction: 'top'});
    }
    this.popupFor = function (featureIndex) {
      var ft = this.features[featureIndex]; return ft ? popup(ft.parts[ft.parts.length - 1]) : null;
    };
  }

  GeoMap.prototype.visibleFeatures = function () {
    var n = 0, map = this.map;
    this.features.forEach(function (f) { if (f.key !== 'mentions' && f.shown && map.hasLayer(f.group)) { n++; } });
    return n;
  };
  GeoMap.prototype.visibleEvents = function () {
    var n = 0, map = this.map;
    this.features.forEach(function (f) { if (f.key !== 'mentions' && f.shown && map.hasLayer(f.group)) { n += f.n; } });
    return n;
  };
  GeoMap.prototype.filter = function (from, to) {
    this.features.forEach(function (f) {
      var vis = f.day === null || f.day === undefined || (f.day >= from && f.day <= to);
      if (vis !== f.shown) {
        f.parts.forEach(function (p) { if (vis) { f.group.addLayer(p); } else { f.group.removeLayer(p); } });
        f.shown = vis;
      }
    });
    this.publish();
    return this.visibleFeatures();
  };
  GeoMap.prototype.publish = function () {
    var c = this.map.getContainer();
    c.setAttribute('data-event-count', String(this.data.n_events));
    c.setAttribute('data-feature-count', String(this.features.filter(function (f) { return f.key !== 'mentions'; }).length));
    c.setAttribute('data-visible-events', String(this.visibleEvents()));
    c.setAttribute('data-visible-features', String(this.visibleFeatures()));
  };

  function dayLabel(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }

  GeoMap.prototype.addControls = function (legendHtml, title) {
    var self = this, map = this.map, D = this.data;
    if (title) {
      var T = L.Control.extend({options: {position: 'topright'}, onAdd: function () {
        var d = el('div', 'geo-title'); d.appendChild(bdi(title)); return d; }});
      new T().addTo(map);
    }
    var Lg = L.Control.extend({options: {position: 'bottomright'}, onAdd: function () {
      var d = el('div', 'geo-legend leaflet-control-layers'); d.innerHTML = legendHtml;  // built and escaped in Python
      L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d; }});
    new Lg().addTo(map);
    if (D.time && D.time.max > D.time.min) {
      var lo = D.time.min, hi = D.time.max;
      var Sl = L.Control.extend({options: {position: 'bottomleft'}, onAdd: function () {
        var d = el('div', 'geo-slider');
        d.appendChild(el('div', null, 'Event dates'));
        var a = el('input'), b = el('input'), lab = el('div', 'lbl'), la = el('span'), lb = el('span'), ln = el('span');
        [a, b].forEach(function (x) { x.type = 'range'; x.min = lo; x.max = hi; x.step = 1; });
        a.value = lo; b.value = hi; a.className = 'geo-from'; b.className = 'geo-to';
        lab.appendChild(la); lab.appendChild(ln); lab.appendChild(lb);
        d.appendChild(a); d.appendChild(b); d.appendChild(lab);
        var timer = null;
        function update() {
          var x = Math.min(+a.value, +b.value), y = Math.max(+a.value, +b.value);
          la.textContent = dayLabel(x); lb.textContent = dayLabel(y);
          clearTimeout(timer);
          timer = setTimeout(function () { ln.textContent = self.filter(x, y) + ' shown'; }, 60);
        }
        a.addEventListener('input', update); b.addEventListener('input', update);
        la.textContent = dayLabel(lo); lb.textContent = dayLabel(hi);
        L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);
        self.slider = {from: a, to: b, update: update};
        return d; }});
      new Sl().addTo(map);
    }
    map.on('overlayadd', function () { self.restack(); });
    map.on('overlayadd overlayremove', function () { self.publish(); });
  };

  // basemap below events; among events the most specific kinds on top (canvas draws in add order)
  GeoMap.prototype.restack = function () {
    var map = this.map, layers = this.layers;
    (this.data.stack || []).forEach(function (k) {
      var g = layers[k];
      if (g && map.hasLayer(g) && g.bringToFront) { g.bringToFront(); }
    });
  };
  GeoMap.prototype.fit = function (b) {
    if (b) { this.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {padding: [24, 24], maxZoom: 9}); }
    else { this.map.setView([20, 0], 2); }
  };

  GeoMap.create = function (map, dataId) {
    var g = new GeoMap(map, dataId);
    (window.geoMaps = window.geoMaps || []).push(g);
    return g;
  };
  GeoMap.ready = function (g) {
    g.restack();
    g.publish();
    g.map.getContainer().setAttribute('data-ready', '1');
    window.geoEventCount = (window.geoEventCount || 0) + g.data.n_events;
  };
  window.GeoMap = GeoMap;
})();
