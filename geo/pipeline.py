"""The whole job in one place: read → sentences → places → roles → resolve →
events → locate → boundaries → records.

`extract_text` runs one article; `extract_sources` runs files, directories
or stdin. Every output (GeoJSON, CSV, map) reads the `Result`s made here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import numpy as np
import shapely

from geo.records import Document, Event, PlaceMention


@dataclass
class Result:
    document: Document
    mentions: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def extract_text(text: str, *, published: date | None = None, lang: str = "auto", source: str | None = None,
                 geocoder=None) -> Result:
    """All stages on one article. `geocoder`: an opt-in online second opinion
    (geo.gazetteer.geocoder.CachedFallbackGeocoder) for uncertain places."""
    with _collections_paused():
        result = _extract_before_join(text, published=published, lang=lang, source=source, geocoder=geocoder)
        _join_boundaries([*result.events, *result.mentions])
    return result


_pause_lock = threading.Lock()
_pausing = 0              # articles under way in _collections_paused, over all threads
_enable_after = False     # whether the collector was on when the first of them began


@contextmanager
def _collections_paused():
    """The cyclic garbage collector off while an article runs, back as it was when the article ends.

    An article allocates container objects that live until it ends (tokens, mentions, events) and
    makes no reference cycles to free (no collection during a 1 MB article freed anything); but the
    objects that survive collections push the collector into full ones, which walk everything the
    process holds (a 1 MB English article: ~0.1-0.3 s of ~1 s). Collections resume after the article,
    as if it had been one allocation; cyclic garbage made meanwhile (an online geocoder's, another
    thread's) waits at most that long. Nested and concurrent articles (threads) share one pause: the
    collector is switched back on, on error too, when the last of them ends, and only if it was on
    when the first began. A caller that switches it off while an article runs in another thread gets
    it back on when that article ends."""
    global _pausing, _enable_after
    with _pause_lock:
        if _pausing == 0:
            _enable_after = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausing -= 1
            if _pausing == 0 and _enable_after:
                gc.enable()


def _no_pause_in_child() -> None:
    """A process forked while an article ran (in another thread) runs none of its parent's articles: it
    starts with no pause, the collector as it was before it, and a lock no thread of the parent holds."""
    global _pause_lock, _pausing
    _pause_lock = threading.Lock()
    if _pausing and _enable_after:
        gc.enable()
    _pausing = 0


os.register_at_fork(after_in_child=_no_pause_in_child)


def _extract_before_join(text: str, *, published: date | None, lang: str, source: str | None, geocoder) -> Result:
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
    return Result(doc, mentions, events)


def _join_boundaries(records: list[Event | PlaceMention]) -> None:
    """Country, admin-1, disputed area and border distance for every placed record (a geometry's facts are
    joined once per process, see `facts`; a gazetteer place's own geometry was joined when the index was
    built). A gazetteer place within BORDER_TOLERANCE_KM of a border keeps
    its own country: generalised boundaries put Kobani in Turkey."""
    from geo.boundaries.join import facts
    from geo.gazetteer import get_gazetteer

    placed = [r for r in records if r.geometry is not None]
    geometries = [r.geometry for r in placed]

    def entries() -> list[int]:
        gazetteer = get_gazetteer()
        entry_of: dict[int, int] = {}    # id of a gazetteer entry's own geometry → the entry (events share their places')
        for record in placed:
            place = getattr(record, "place", None)
            entry = None if place is None else gazetteer.entry_of_geometry(place, record.geometry)
            if entry is not None:
                entry_of[id(record.geometry)] = entry
        return [entry_of.get(id(g), -1) for g in geometries]

    for record, row in zip(placed, facts(geometries, entries)):
        near_border = row.distance_to_border_km < BORDER_TOLERANCE_KM    # NaN (empty geometry) is not near
        if not (record.country and near_border and row.country != record.country):
            record.country, record.admin1 = row.country, row.admin1
        elif row.country is not None:
            record.admin1 = None    # the unit found lies across the border: unknown rather than wrong
        record.disputed_area = row.disputed_area
        record.distance_to_border_km = row.distance_to_border_km


BATCH = 32   # articles whose records share one boundary join
BORDER_TOLERANCE_KM = 5.0


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
    from geo.gazetteer import get_gazetteer
    from geo.text.reader import MAX_BYTES, iter_paths

    sources = list(iter_paths(inputs))
    size = max(1, min(BATCH, -(-len(sources) // (jobs * 4))))   # enough batches to keep every worker busy
    batches = [sources[i:i + size] for i in range(0, len(sources), size)]
    task = partial(_run_batch, published=published, lang=lang, max_bytes=max_bytes or MAX_BYTES, geocoder=geocoder)
    bar = _progress_bar(len(sources), progress)
    try:
        if jobs > 1 and len(sources) > 1 and "-" not in sources and geocoder is None:
            get_gazetteer()     # loaded once, here: the workers inherit it, and it gives back the places they send
            with multiprocessing.get_context("fork").Pool(jobs, initializer=warm_process) as pool:
                pickled = pool.imap(partial(_pickled, task), batches)
                yield from _counted(map(_unpickled, pickled), bar)
        else:
            yield from _counted(map(task, batches), bar)
    finally:
        bar.close()


def _counted(batches, bar) -> Iterator[Result | Failure]:
    for batch in batches:
        for outcome in batch:
            bar.update(1)
            yield outcome


def _pickled(task, sources: list[str]) -> bytes:
    """A batch's outcomes as a worker sends them: the records' geometries travel apart, as one WKB array
    (shapely pickles each geometry on its own: ~12 µs a point between both processes, against ~0.6)."""
    outcomes = task(sources)
    geometries: list = []
    slots: dict[int, int] = {}       # id of a geometry → its place in `geometries` (records share geometries)
    where: list[int] = []            # per record in `_records` order: its geometry's place, -1 for none
    for record in _records(outcomes):
        geometry = record.geometry
        if geometry is None:
            where.append(-1)
            continue
        slot = slots.get(id(geometry))
        if slot is None:
            slot = slots[id(geometry)] = len(geometries)
            geometries.append(geometry)
        where.append(slot)
        record.geometry = None
    wkb = shapely.to_wkb(np.array(geometries, dtype=object), include_srid=True)
    return pickle.dumps((outcomes, wkb, where), protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(data: bytes) -> list[Result | Failure]:
    """A worker's batch, unpickled here rather than by the pool's thread so that the collector can be
    paused: a batch is thousands of new objects in no cycle, and collections amid them walk every result
    the caller keeps."""
    with _collections_paused():
        outcomes, wkb, where = pickle.loads(data)
        geometries = shapely.from_wkb(wkb)
        for record, slot in zip(_records(outcomes), where):
            if slot >= 0:
                record.geometry = geometries[slot]
    return outcomes


def _records(outcomes: list[Result | Failure]) -> Iterator[Event | PlaceMention]:
    for outcome in outcomes:
        if isinstance(outcome, Result):
            yield from outcome.mentions
            yield from outcome.events


def _run_batch(sources: list[str], *, published: date | None, lang: str, max_bytes: int, geocoder=None) -> list[Result | Failure]:
    """Read and extract each article, then join all their records to the boundaries at once."""
    from geo.text.reader import InputError, read_article

    outcomes: list[Result | Failure] = []
    for source in sources:
        try:
            article = read_article(source, max_bytes)
        except InputError as exc:
            outcomes.append(Failure(source, str(exc)))
            continue
        with _collections_paused():
            outcomes.append(_extract_before_join(article.text, published=published, lang=lang, source=article.source,
                                                 geocoder=geocoder))
    results = [o for o in outcomes if isinstance(o, Result)]
    with _collections_paused():
        _join_boundaries([r for result in results for r in (*result.events, *result.mentions)])
    return [_portable(o) if isinstance(o, Result) else o for o in outcomes]


def warm_process() -> None:
    """Load the gazetteer, then leave everything the process holds out of later garbage collections
    (gc.freeze): a full collection then walks only what articles add, not the gazetteer's ~115,000
    objects (1,500 new articles after loading: collection time en 0.21 -> 0.11, ar 0.10 -> 0.02 ms/art).

    Only for processes that exist to run the pipeline: its worker processes (the initializer) and the
    `geo` command. A library caller's process is not one: the freeze would take the caller's own
    objects out of collection for good, reference cycles included."""
    from geo.gazetteer import get_gazetteer

    get_gazetteer()
    gc.freeze()


def _portable(result: Result) -> Result:
    """The result without the pipeline's working state (candidate lists, per-document scratch), which no
    output reads and which would only weigh on the pickles between processes. Its places pickle as
    references to their gazetteer entries (see `_LazyPlace`)."""
    result.document.scratch.clear()
    for mention in result.mentions:
        mention.candidates = []
    return result


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="article", disable=not enabled or total < 2, file=sys.stderr, leave=False)
