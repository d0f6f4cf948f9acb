"""Time boundary-layer loading and a 100k random-point join.

    python bench/bench_boundaries.py [N]
"""

import sys
import time

import numpy as np
import shapely


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    from geo.boundaries import admin1, borders, countries, disputed, join
    import importlib

    join_mod = importlib.import_module("geo.boundaries.join")

    c, a, d, b = countries(), admin1(), disputed(), borders()
    t1 = time.perf_counter()
    print(f"load layers: {t1 - t0:.2f} s  (countries {len(c)}, admin1 {len(a)}, disputed {len(d)}, borders {len(b)})")
    join([shapely.Point(44.51, 40.18)])  # builds the border index caches
    t2 = time.perf_counter()
    print(f"first join (index build): {t2 - t1:.2f} s")

    rng = np.random.default_rng(0)
    lon = rng.uniform(-180, 180, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))  # uniform on the sphere
    pts = shapely.points(lon, lat)
    t3 = time.perf_counter()
    out = join(pts)
    t4 = time.perf_counter()
    print(f"join {n:,} random points (uniform on sphere): {t4 - t3:.2f} s "
          f"({n / (t4 - t3):,.0f} pts/s); on land {out.country.notna().mean():.1%}")

    # points in the Caucasus (where the project's events are)
    lon = rng.uniform(43, 51, n)
    lat = rng.uniform(38, 42.5, n)
    t5 = time.perf_counter()
    join(shapely.points(lon, lat))
    t6 = time.perf_counter()
    print(f"join {n:,} random points in the Caucasus box: {t6 - t5:.2f} s")
    t7 = time.perf_counter()
    join_mod._border_distance_km(lon, lat)
    print(f"  of which distance_to_border_km: {time.perf_counter() - t7:.2f} s")


if __name__ == "__main__":
    main()
