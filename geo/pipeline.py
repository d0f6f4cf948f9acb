"""The whole job in one place: read → sentences → places → roles → resolve →
events → locate → boundaries → records.

`extract_text` runs one article; `extract_sources` runs files, directories
or stdin. Every output (GeoJSON, CSV, map) reads the `Result`s made here.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial

from geo.records import Document, Event, Place, PlaceMention


@dataclass
class Result:
    document: Document
    mentions: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def extract_text(text: str, *, published: date | None = None, lang: str = "auto", source: str | None = None,
                 geocoder=None) -> Result:
    """All stages on one article. `geocoder`: an opt-in online second opinion
    (geo.gazetteer.geocoder.CachedFallbackGeocoder) for uncertain places."""
    from geo.events import extract_events
    from geo.places import assign_roles, find_places, locate_events, resolve_places
    from geo.places.online import disambiguate_online
    from geo.text.language import detect_language
    from geo.text.sentences import split_sentences

    language = detect_language(text) if lang == "auto" else lang
    doc = Document(text=text, language=language, published=published, source=source)
    doc.sentences = split_sentences(text, language)
    mentions = find_places(doc)
    assign_roles(doc, mentions)
    resolve_places(doc, mentions)
    if geocoder is not None:
        disambiguate_online(doc, mentions, geocoder)
    events = extract_events(doc, mentions)
    locate_events(doc, events, mentions)
    _join_boundaries([*events, *mentions])
    return Result(doc, mentions, events)


def _join_boundaries(records: list[Event | PlaceMention]) -> None:
    """Country, admin-1, disputed area and border distance for every placed record, in one vectorised join."""
    from geo.boundaries.join import join

    placed = [r for r in records if r.geometry is not None]
    if not placed:
        return
    joined = join([r.geometry for r in placed])
    for record, row in zip(placed, joined.itertuples(index=False)):
        record.country = row.country
        record.admin1 = row.admin1
        record.disputed_area = row.disputed_area
        record.distance_to_border_km = row.distance_to_border_km


@dataclass
class Failure:
    """An input that could not be read; the run goes on with the others."""

    source: str
    message: str


def extract_sources(
    inputs: list[str],
    *,
    published: date | None = None,
    lang: str = "auto",
    jobs: int = 1,
    progress: bool = False,
    max_bytes: int | None = None,
    geocoder=None,
) -> Iterator[Result | Failure]:
    """Results (or Failures) for files, directories of .txt/.html files, or "-" (stdin), in input order.

    With jobs > 1 articles are processed in worker processes (each maps the
    same on-disk gazetteer index, so memory is shared); the order and the
    records are the same as with one process. An online `geocoder` keeps the
    run in one process (one rate limit, one cache).
    """
    from geo.text.reader import MAX_BYTES, iter_paths

    sources = list(iter_paths(inputs))
    task = partial(_run_source, published=published, lang=lang, max_bytes=max_bytes or MAX_BYTES, geocoder=geocoder)
    bar = _progress_bar(len(sources), progress)
    try:
        if jobs > 1 and len(sources) > 1 and "-" not in sources and geocoder is None:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_warm_worker) as pool:
                for outcome in pool.imap(task, sources, chunksize=max(1, min(16, len(sources) // (jobs * 8)))):
                    bar.update(1)
                    yield outcome
        else:
            for source in sources:
                outcome = task(source)
                bar.update(1)
                yield outcome
    finally:
        bar.close()


def _run_source(source: str, *, published: date | None, lang: str, max_bytes: int, geocoder=None) -> Result | Failure:
    from geo.text.reader import InputError, read_article

    try:
        article = read_article(source, max_bytes)
    except InputError as exc:
        return Failure(source, str(exc))
    return _portable(extract_text(article.text, published=published, lang=lang, source=article.source, geocoder=geocoder))


def _warm_worker() -> None:
    from geo.gazetteer import get_gazetteer

    get_gazetteer()


def _portable(result: Result) -> Result:
    """Plain Place records (no handle on the gazetteer) so results pickle across processes."""
    for mention in result.mentions:
        mention.candidates = []
        if mention.place is not None:
            mention.place = Place(**{f.name: getattr(mention.place, f.name) for f in fields(Place)})
    return result


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="article", disable=not enabled or total < 2, file=sys.stderr, leave=False)
