"""geo extract PATH|-: events (or place mentions) as GeoJSON, JSON lines or CSV."""

from __future__ import annotations

import json
import sys

from geo.cli.args import add_reading_options, collect_results

FORMATS = ("geojson", "jsonl", "csv")


def add_parser(sub) -> None:
    p = sub.add_parser("extract", help="events and places from articles, as GeoJSON / JSON lines / CSV")
    add_reading_options(p)
    p.add_argument("--format", choices=FORMATS, default="geojson", help="output format (default geojson)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file (default: stdout)")
    p.add_argument("--places", action="store_true", help="place mentions instead of events")
    p.set_defaults(run=run)


def run(args) -> int:
    from geo.output import geojson

    results, status = collect_results(args)
    records = geojson.collect(results, places=args.places)
    if args.format == "geojson":
        geojson.write_geojson(records, args.output)
    elif args.format == "csv":
        from geo.output import table     # geopandas and pandas: a third of a second, for CSV alone

        table.write_csv(records, args.output)
    else:
        _write_jsonl(records, args.output)
    return status


def _write_jsonl(records, output: str) -> None:
    from geo.output.files import write_atomic
    from geo.output.geojson import feature

    text = "".join(json.dumps(feature(r), ensure_ascii=False) + "\n" for r in records)
    if output == "-":
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
