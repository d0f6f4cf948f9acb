"""geo geocode NAME: ranked gazetteer candidates, offline."""

from __future__ import annotations

import json

from shapely.geometry import mapping

from geo.cli.args import place_name, positive_int


def add_parser(sub) -> None:
    p = sub.add_parser("geocode", help="look a place name up in the offline gazetteer (any script)")
    p.add_argument("name", type=place_name, help="place name, e.g. باكو, Baku, Ереван, Nagorno-Karabakh")
    p.add_argument("--limit", type=positive_int, default=5, help="candidates to show (default 5)")
    p.add_argument("--json", action="store_true", help="JSON with GeoJSON geometries")
    p.set_defaults(run=run)


def run(args) -> int:
    from geo.gazetteer import get_gazetteer

    candidates = get_gazetteer().lookup(args.name, limit=min(args.limit, 100))
    if args.json:
        print(json.dumps([_as_dict(c) for c in candidates], ensure_ascii=False, indent=1))
        return 0
    if not candidates:
        print(f"no place found for {args.name!r}")
        return 0
    for rank, c in enumerate(candidates, 1):
        p = c.place
        gid = p.geonameid or "-"
        print(f"{rank:>2}. {p.name} [{p.kind}] {p.country or '-'} {p.admin1 or ''}  geonameid={gid} id={p.id} "
              f"pop={p.population} lon={p.lon:.4f} lat={p.lat:.4f} score={c.score:.3f} ({p.geometry.geom_type})")
    return 0


def _as_dict(candidate) -> dict:
    p = candidate.place
    return {
        "id": p.id, "geonameid": p.geonameid, "name": p.name, "name_ar": p.name_ar, "kind": p.kind,
        "country": p.country, "admin1": p.admin1, "population": p.population,
        "lon": p.lon, "lat": p.lat, "score": round(candidate.score, 4), "matched_name": candidate.matched_name,
        "exact": candidate.exact, "geometry": mapping(p.geometry),
    }
