"""Place stages of the pipeline: find mentions, decide their roles, resolve them, place events."""

from geo.places.finder import find_places
from geo.places.locate import locate_events
from geo.places.resolver import resolve_places
from geo.places.roles import assign_roles

__all__ = ["find_places", "assign_roles", "resolve_places", "locate_events"]
