"""Argument types shared by subcommands: each rejects bad input with one clear line."""

from __future__ import annotations

import argparse
import math
from datetime import date

MAX_NAME_CHARS = 500


def place_name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("place name is empty")
    if len(text) > MAX_NAME_CHARS:
        raise argparse.ArgumentTypeError(f"place name is {len(text)} characters long; at most {MAX_NAME_CHARS}")
    return text


def _number(text: str, what: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a number, not {text[:40]!r}") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{what} must be between {low:g} and {high:g}, not {text[:40]}")
    return value


def longitude(text: str) -> float:
    return _number(text, "longitude", -180, 180)


def latitude(text: str) -> float:
    return _number(text, "latitude", -90, 90)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text[:40]!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text[:40]!r}") from None


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """Options every command that reads articles shares."""
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="article file (.txt/.html), directory of them, or - for stdin")
    parser.add_argument("--published", type=iso_date, help="publication date YYYY-MM-DD: relative dates resolve against it")
    parser.add_argument("--lang", choices=["auto", "ar", "en"], default="auto", help="language of the articles (default: detect)")
    parser.add_argument("--jobs", type=positive_int, default=1, help="worker processes for many articles (default 1)")
    parser.add_argument("--max-mb", type=positive_int, default=16, help="refuse articles larger than this many MB (default 16)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    online = parser.add_argument_group("online geocoding (off by default: nothing leaves the machine without these)")
    online.add_argument("--geocoder", choices=["nominatim", "geonames"],
                        help="ask this online geocoder (cached, rate-limited) to settle uncertain places")
    online.add_argument("--geocoder-user", metavar="NAME", help="GeoNames web-service user name (--geocoder geonames)")
    online.add_argument("--geocoder-url", metavar="HOST[:PORT]", help="another server for the geocoder, e.g. a local Nominatim")
    online.add_argument("--geocoder-timeout", type=float, default=5.0, metavar="S", help="seconds per online lookup (default 5)")


def collect_results(args) -> tuple[list, int]:
    """Run the pipeline over args.inputs; report unreadable inputs on stderr.

    Returns (results, exit status): 0 all read, 1 some inputs failed (the
    rest were processed), UsageError when nothing could be read."""
    import sys

    from geo.cli import EXIT_OK, EXIT_PARTIAL, UsageError
    from geo.pipeline import Failure, extract_sources, warm_process
    from geo.text.reader import InputError

    results, failures = [], []
    geocoder = _online_geocoder(args)
    warm_process()      # this process is the command's own: the gazetteer can be frozen out of collections
    try:
        for outcome in extract_sources(args.inputs, published=args.published, lang=args.lang, jobs=args.jobs,
                                       progress=not args.quiet and sys.stderr.isatty(), max_bytes=args.max_mb * 1024 * 1024,
                                       geocoder=geocoder):
            if isinstance(outcome, Failure):
                failures.append(outcome)
                print(f"geo: skipped {outcome.message}", file=sys.stderr)
            else:
                results.append(outcome)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if geocoder is not None and geocoder.fallbacks:
        why = geocoder.down or geocoder.fallbacks[0][1]
        print(f"geo: {len(geocoder.fallbacks)} online lookups fell back to the offline gazetteer: {why[:160]}", file=sys.stderr)
    if failures and not results:
        raise UsageError(failures[0].message if len(failures) == 1 else f"none of the {len(failures)} inputs could be read")
    return results, EXIT_PARTIAL if failures else EXIT_OK


def _online_geocoder(args):
    """The opt-in online geocoder with the offline gazetteer behind it, or None."""
    if not getattr(args, "geocoder", None):
        return None
    from geo.cli import UsageError
    from geo.gazetteer.geocoder import CachedFallbackGeocoder, online_geocoder

    extra = {}
    if args.geocoder_url:
        extra = {"domain": args.geocoder_url, "scheme": "http" if args.geocoder_url.startswith(("127.", "localhost")) else "https"}
    try:
        online = online_geocoder(args.geocoder, username=args.geocoder_user, timeout=args.geocoder_timeout, **extra)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return CachedFallbackGeocoder(online)
