"""`geo export`: events (or place mentions) as GeoJSON, ACLED-style CSV, GeoPackage or GeoParquet."""

from __future__ import annotations

import sys

from geo.cli import UsageError
from geo.cli.args import add_reading_options, collect_results

FORMATS = ("geojson", "csv", "gpkg", "parquet")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("export", help="write events or places as GeoJSON / CSV / GeoPackage / GeoParquet")
    add_reading_options(p)
    p.add_argument("--format", "-f", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="output file (- for stdout with geojson and csv)")
    p.add_argument("--places", action="store_true", help="export place mentions instead of events")
    p.set_defaults(run=run)


def run(args) -> int:
    from geo.output import geojson

    if args.output == "-" and args.format in ("gpkg", "parquet"):
        raise UsageError(f"--format {args.format} needs a file name, not -")
    results, status = collect_results(args)
    records = geojson.collect(results, places=args.places)
    try:
        if args.format == "geojson":
            geojson.write_geojson(records, args.output)
        else:
            _write_table(records, args)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if not args.quiet and args.output != "-":
        what = "place mentions" if args.places else "events"
        print(f"geo export: {len(records)} {what} → {args.output}", file=sys.stderr)
    return status


def _write_table(records, args) -> None:
    from geo.output import table     # geopandas and pandas: a third of a second, for tables alone

    if args.format == "csv":
        table.write_csv(records, args.output)
    elif args.format == "gpkg":
        table.write_gpkg(records, args.output, layer="places" if args.places else "events")
    else:
        table.write_parquet(records, args.output)
