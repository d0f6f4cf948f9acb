"""The whole job in one place: read → sentences → places → roles → resolve →
events → locate → boundaries → records.

`extract_text` runs one article; `extract_sources` runs files, directories
or stdin. Every output (GeoJSON, CSV, map) reads the `Result`s made here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geo.records import Document, Event, PlaceMention


@dataclass
class Result:
    document: Document
    mentions: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def extract_text(text: str, *, published: date | None = None, lang: str = "auto", source: str | None = None) -> Result:
    from geo.events import extract_events
    from geo.places import assign_roles, find_places, locate_events, resolve_places
    from geo.text.language import detect_language
    from geo.text.sentences import split_sentences

    language = detect_language(text) if lang == "auto" else lang
    doc = Document(text=text, language=language, published=published, source=source)
    doc.sentences = split_sentences(text, language)
    mentions = find_places(doc)
    assign_roles(doc, mentions)
    resolve_places(doc, mentions)
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
