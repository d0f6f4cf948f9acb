"""Conflict events from a document: `extract_events(doc, mentions) -> list[Event]`.

Language knowledge is read from geo/lang/<code>/events.toml; the modules
here only hold the rules (tokens, numbers, dates, claims, figures, extractor).
"""

from geo.events.extractor import extract_events

__all__ = ["extract_events"]
