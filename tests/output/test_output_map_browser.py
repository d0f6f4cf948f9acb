"""The saved map in real headless Chromium with every non-file request blocked."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest
from PIL import Image

from browser import browser_page, open_map, require_chromium
from conftest import HOSTILE, SEED_FEATURES, SEED_PLACED, SEED_VISIBLE, hostile_events, seed_events, seed_mentions
from geo.output.map import build_map, fragment_html, render_html, save_map
from geo.output.offline import OfflineError

CDN = re.compile(r"cdn\.jsdelivr|code\.jquery|cdnjs|unpkg|bootstrapcdn|googleapis", re.I)


def counts(page, frame=None):
    target = frame or page
    return target.evaluate("""() => { const c = document.querySelector('.leaflet-container');
        return {events: +c.dataset.eventCount, features: +c.dataset.featureCount,
                visible: +c.dataset.visibleFeatures, visibleEvents: +c.dataset.visibleEvents}; }""")


def assert_clean(log):
    assert log.blocked == [], f"map requested URLs outside the file: {log.blocked}"
    assert log.dialogs == [], f"injected code ran: {log.dialogs}"
    assert log.page_errors == [], log.page_errors
    assert log.console_errors == [], log.console_errors


def test_chromium_present():
    require_chromium()


def test_saved_html_is_self_contained(tmp_path, seed_result):
    text = save_map(build_map([seed_result]), tmp_path / "m.html")
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=", text, re.I)
    assert not CDN.search(text)
    assert "leaflet-container" in text and "leaflet.awesome-markers.js" not in text and "bootstrap" not in text.lower()
    assert not list(tmp_path.glob(".*tmp")), "temporary file left behind"


def test_map_initialises_offline_with_expected_features(tmp_path, seed_result):
    path = tmp_path / "seed.html"
    save_map(build_map([seed_result], title="Seed"), path)
    with browser_page() as (page, log):
        open_map(page, path)
        assert page.locator(".leaflet-container").count() == 1
        c = counts(page)
        assert c["events"] == SEED_PLACED
        assert c["features"] == SEED_FEATURES
        assert c["visible"] == SEED_VISIBLE
        assert page.evaluate("window.geoEventCount") == SEED_PLACED
        # canvas actually drew the layers
        assert page.evaluate("window.geoMaps[0].features.filter(f => f.parts.some(p => p._map)).length") >= SEED_VISIBLE
        # layer control lists event kinds; historical is off by default
        labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert any("Historical" in t for t in labels) and any("Lost positions" in t for t in labels)
        page.locator(".leaflet-control-layers-overlays label", has_text="Historical").locator("input").check()
        assert counts(page)["visible"] == SEED_VISIBLE + 1
        shot = tmp_path / "shot.png"
        page.screenshot(path=str(shot))
        assert_clean(log)
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 10, "screenshot is blank"


def test_popup_competing_claims_and_lost_by(tmp_path, seed_result):
    path = tmp_path / "seed.html"
    save_map(build_map([seed_result]), path)
    with browser_page() as (page, log):
        open_map(page, path)
        texts = page.evaluate("""() => { const g = window.geoMaps[0]; const out = [];
            g.features.forEach((f, i) => { const box = g.popupFor(i);
                out.push({n: box.querySelectorAll('.geo-claim').length, text: box.textContent,
                          dir: box.querySelector('.geo-src') && box.querySelector('.geo-src').getAttribute('dir')}); });
            return out; }""")
        claims = [t for t in texts if t["n"] == 2]
        assert len(claims) == 1, texts
        assert "Ministry of Defence of Azerbaijan" in claims[0]["text"] and "Ministry of Defence of Armenia" in claims[0]["text"]
        assert "7 killed" in claims[0]["text"] and "24 missing" in claims[0]["text"]
        assert any("lost by Military Forces of Armenia" in t["text"] for t in texts)
        assert all(t["dir"] == "auto" for t in texts if t["dir"] is not None)
        assert_clean(log)


def test_real_click_opens_popup(tmp_path, seed_result):
    path = tmp_path / "seed.html"
    save_map(build_map([seed_result]), path)
    with browser_page() as (page, log):
        open_map(page, path)
        xy = page.evaluate("""() => { const g = window.geoMaps[0];
            const f = g.features.find(f => g.data.features[f.idx][3] === 'Point' && f.key === 'clash');
            const p = g.map.latLngToContainerPoint(f.parts[f.parts.length - 1].getLatLng());
            const r = g.map.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }""")
        page.mouse.click(xy[0], xy[1])
        page.wait_for_selector(".leaflet-popup-content .geo-claim", timeout=5000)
        assert "a clash in the town" in page.locator(".leaflet-popup-content").inner_text()
        assert_clean(log)


def test_hostile_text_renders_as_text_and_runs_nothing(tmp_path):
    path = tmp_path / "evil.html"
    save_map(build_map(hostile_events(), title=HOSTILE), path)
    with browser_page() as (page, log):
        page.add_init_script("window.__pwned = []; window.alert = (x) => window.__pwned.push(String(x));")
        open_map(page, path)
        assert counts(page)["events"] == 3
        popups = page.evaluate("""() => { const g = window.geoMaps[0];
            return g.features.map((f, i) => g.popupFor(i).textContent); }""")
        for i, text in enumerate(popups):
            assert "<script>alert(1)</script>" in text and "${alert(3)}" in text and "\\1" in text and "`backtick`" in text
            assert "\u202eevil" in text
        # open a real popup so the DOM is populated with hostile strings
        page.evaluate("""() => { const g = window.geoMaps[0], p = g.features[0].parts.slice(-1)[0];
            p.fire('click', {latlng: p.getLatLng()}, true); }""")
        page.wait_for_selector(".leaflet-popup-content .geo-claim", timeout=5000)
        assert page.locator(".leaflet-popup-content img").count() == 0
        assert page.locator(".leaflet-popup-content script").count() == 0
        title = page.locator(".geo-title").inner_text()
        assert "<script>alert(1)</script>" in title
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") == []
        assert page.title().startswith("<script>")
        assert_clean(log)


def test_time_slider_filters(tmp_path, seed_result):
    path = tmp_path / "seed.html"
    save_map(build_map([seed_result]), path)
    with browser_page() as (page, log):
        open_map(page, path)
        assert page.locator(".geo-slider input[type=range]").count() == 2
        day = 18946  # 2021-11-15
        shown = page.evaluate(f"window.geoMaps[0].filter({day}, {day + 1})")
        c = counts(page)
        # 2021-11-15 clash, 2021-11-16 claims+lost; 2021-11-14 shelling and the 2020 history are out
        assert c["visible"] == 3, c
        assert shown == 3
        page.evaluate("window.geoMaps[0].filter(0, 100000)")
        assert counts(page)["visible"] == SEED_VISIBLE
        assert_clean(log)


def test_no_slider_for_a_single_day(tmp_path):
    events = [e for e in seed_events() if e.event_date == "2021-11-16"]
    path = tmp_path / "one.html"
    save_map(build_map(events), path)
    with browser_page() as (page, log):
        open_map(page, path)
        assert page.locator(".geo-slider").count() == 0
        assert_clean(log)


def test_two_fragments_in_one_page(tmp_path, seed_result):
    a = fragment_html(render_html(build_map([seed_result], title="A")), height="400px")
    b = fragment_html(render_html(build_map(hostile_events(), title="B")), height="400px")
    host = tmp_path / "report.html"
    host.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>report</title></head><body>"
                    f"<h1>Report</h1><div id='map'>{a}</div><p>between</p>{b}</body></html>", encoding="utf-8")
    with browser_page() as (page, log):
        page.goto(host.as_uri(), wait_until="load")
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 2
        seen = []
        for frame in frames:
            frame.wait_for_selector(".leaflet-container[data-ready='1']", state="attached", timeout=30000)
            seen.append(counts(page, frame)["events"])
        assert sorted(seen) == [3, SEED_PLACED]
        assert page.locator("#map").count() == 1  # the host page's own ids are untouched
        assert_clean(log)


def test_world_view_without_events(tmp_path):
    path = tmp_path / "empty.html"
    save_map(build_map([]), path)
    with browser_page() as (page, log):
        open_map(page, path)
        assert counts(page)["events"] == 0
        assert_clean(log)


def test_mentions_fallback_bounds_and_layer(tmp_path):
    path = tmp_path / "mentions.html"
    save_map(build_map([], mentions=seed_mentions()), path)
    with browser_page() as (page, log):
        open_map(page, path)
        center = page.evaluate("window.geoMaps[0].map.getCenter()")
        assert abs(center["lat"] - 40.38) < 1 and abs(center["lng"] - 49.89) < 1
        assert_clean(log)


def test_unknown_remote_asset_fails_loudly(tmp_path):
    m = build_map(seed_events())
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(OfflineError):
        save_map(m, tmp_path / "bad.html")
    assert not (tmp_path / "bad.html").exists()


def test_markercluster_plugin_is_inlined(tmp_path):
    from folium.plugins import MarkerCluster

    m = build_map(seed_events())
    MarkerCluster(control=False).add_to(m)  # added after the LayerControl, so kept out of it
    text = save_map(m, tmp_path / "mc.html")
    assert "MarkerClusterGroup" in text and not CDN.search(text)
    with browser_page() as (page, log):
        open_map(page, tmp_path / "mc.html")
        assert_clean(log)


def test_png_non_blank(tmp_path, seed_result):
    from geo.output.png import render_png

    path = tmp_path / "seed.html"
    save_map(build_map([seed_result]), path)
    out = render_png(path, tmp_path / "seed.png", size=(800, 600))
    img = Image.open(out).convert("RGB")
    assert img.size == (800, 600)
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 10
