"""`geo map`: one self-contained HTML map (or an embeddable fragment, or a PNG) of the events in articles."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from geo.cli import UsageError
from geo.cli.args import add_reading_options, collect_results


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("map", help="draw the events of articles on an offline HTML map",
                              description="Draw events (and their uncertainty) over boundary layers in ONE "
                                          "self-contained HTML file that needs no network.")
    add_reading_options(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="where to write the map")
    p.add_argument("--tiles", metavar="NAME", help='add a network tile layer, e.g. "OpenStreetMap" (off by default)')
    p.add_argument("--title", help="title shown on the map")
    p.add_argument("--fragment", action="store_true",
                   help="write an <iframe srcdoc> snippet to embed in another page instead of a full page")
    p.add_argument("--png", metavar="FILE.png", help="also render a PNG with headless Chromium")
    p.add_argument("--size", default="1200x800", metavar="WxH", help="PNG size (default 1200x800)")
    p.set_defaults(run=run)


def run(args) -> int:
    from geo.output.files import write_atomic
    from geo.output.map import build_map, fragment_html, render_html
    from geo.output.offline import OfflineError

    size = None
    if args.png:
        from geo.output.png import find_chromium, parse_size

        size = parse_size(args.size)
        find_chromium()  # fail before the (slow) extraction
    if args.output == "-":
        raise UsageError("-o needs a file name (the map is a file)")
    results, status = collect_results(args)
    m = build_map(results, tiles=args.tiles, title=args.title)
    try:
        document = render_html(m)
    except OfflineError as exc:
        raise UsageError(str(exc)) from None
    write_atomic(args.output, fragment_html(document, title=args.title or "map") if args.fragment else document)
    if args.png:
        if args.fragment:
            with tempfile.TemporaryDirectory(prefix="geo-map-") as tmp:
                page = Path(tmp) / "map.html"
                page.write_text(document, encoding="utf-8")
                _png(page, args.png, size)
        else:
            _png(args.output, args.png, size)
    if not args.quiet:
        s = m.geo_summary
        print(f"geo map: {s['placed']} of {s['events']} events drawn ({s['historical']} historical), "
              f"{os.path.getsize(args.output) / 1e6:.1f} MB → {args.output}"
              + (f", PNG → {args.png}" if args.png else ""), file=sys.stderr)
    return status


def _png(html_path, png_path, size) -> None:
    from geo.output.png import render_png

    try:
        render_png(html_path, png_path, size=size)
    except RuntimeError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {png_path}: {exc.strerror or exc}") from None
