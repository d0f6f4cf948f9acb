"""geo where LON LAT: country, admin-1, disputed area and border distance of a point."""

from __future__ import annotations

import json

from geo.cli.args import latitude, longitude


def add_parser(sub) -> None:
    p = sub.add_parser("where", help="which country, admin-1 unit and disputed area a point is in")
    p.add_argument("lon", type=longitude, help="longitude, -180..180")
    p.add_argument("lat", type=latitude, help="latitude, -90..90")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from geo.boundaries import where

    info = where(args.lon, args.lat)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return 0
    for key, value in info.items():
        print(f"{key:>22}: {'-' if value is None else value}")
    return 0
