"""Gazetteer benchmark: cold build, warm start, lookup latency, resident memory.

    python bench/bench_gazetteer.py            # cold build goes to a temp GEO_CACHE_DIR

Prints one line per figure. The cold build and the warm start each run in a
fresh subprocess so imports and page cache of this process do not help them.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COLD = """
import time; t = time.perf_counter()
from geo.gazetteer.build import build_index
build_index(progress=False)
print(time.perf_counter() - t)
"""

WARM = """
import time; t = time.perf_counter()
from geo.gazetteer import get_gazetteer
g = get_gazetteer()
r = g.lookup("باكو")
assert r[0].place.geonameid == 587084
print(time.perf_counter() - t)
"""


def per_call_us(run, calls: int, at_least: float = 0.25) -> float:
    """µs per call of `run` (which makes `calls` calls), repeated until at_least seconds have passed:
    the clock here ticks in 4 ms steps."""
    rounds, start = 0, time.perf_counter()
    while True:
        run()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= at_least:
            return elapsed / (rounds * calls) * 1e6


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(code: str, env: dict) -> float:
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="geo-gaz-bench-") as tmp:
        env = dict(os.environ, GEO_CACHE_DIR=tmp, PYTHONPATH=str(ROOT))
        cold = run(COLD, env)
        print(f"cold build:            {cold:6.1f} s")
        warm = [run(WARM, env) for _ in range(3)]
        print(f"warm start (new proc): {min(warm):6.3f} s  (import + load + first lookup; best of 3, all {', '.join(f'{w:.3f}' for w in warm)})")

        os.environ["GEO_CACHE_DIR"] = tmp
        from geo.gazetteer import get_gazetteer
        g = get_gazetteer()
        rnd = random.Random(7)
        n = len(g)
        names = [g.place(rnd.randrange(n)).name for _ in range(1500)]
        names += [g.place(rnd.randrange(n)).name_ar or "" for _ in range(1500)]
        names += ["باكو", "Baku", "يريفان", "Ереван", "خانكندي", "Stepanakert", "كاراباخ", "ناغورني قره باغ", "London", "Paris",
                  "حلب", "دمشق", "Moscow", "أنقرة", "Armenia", "أرمينيا", "nowhere at all", "قرية غير موجودة"] * 20
        names = [x for x in names if x]
        rnd.shuffle(names)
        for x in names[:200]:
            g.lookup(x)
        # The clock here ticks every 4 ms: time each sampled name over repeated calls
        # (until >= 20 ms have passed) and take the median of the per-call means.
        misses = sum(not g.lookup(x) for x in names)
        mean_all = per_call_us(lambda: [g.lookup(x) for x in names], len(names))
        times = []
        for x in names[:500]:
            reps, t0 = 0, time.perf_counter()
            while True:
                for _ in range(25):
                    g.lookup(x)
                reps += 25
                el = time.perf_counter() - t0
                if el >= 0.02:
                    break
            times.append(el / reps * 1e6)
        times.sort()
        print(f"lookup latency:        median {statistics.median(times):.1f} µs, p90 {times[int(len(times) * 0.9)]:.1f} µs, "
              f"max {times[-1]:.0f} µs over 500 sampled names; mean {mean_all:.1f} µs over all {len(names)} "
              f"({misses} fell to fuzzy or had no hit)")
        from geo.text.normalize import name_key
        keys = [name_key(x) for x in names]
        print(f"lookup_key latency:    mean {per_call_us(lambda: [g.lookup_key(k) for k in keys], len(keys)):.1f} µs")
        t = time.perf_counter()
        g.fuzzy("ناغورني قره ياغ")
        first_ms = 1000 * (time.perf_counter() - t)
        queries = ["ناغورني قره ياغ", "Stepanakertt", "Yerevann", "خانكندى"]
        fuzzy_ms = per_call_us(lambda: [g.fuzzy(q) for q in queries], len(queries)) / 1000
        print(f"fuzzy:                 first {first_ms:.0f} ms (loads list), then {fuzzy_ms:.1f} ms/query")
        print(f"resident memory:       {rss_mb():.0f} MB (VmRSS, gazetteer loaded, after lookups and fuzzy)")
        print("index:", json.dumps({k: g.meta[k] for k in ("places", "postings", "unique_keys", "fuzzy_names")}))


if __name__ == "__main__":
    main()
