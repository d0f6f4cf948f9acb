"""The record types every stage produces and every output reads.

Property names follow the output contract (shared GUIDE §4) exactly; an
Event or a PlaceMention becomes one GeoJSON Feature through `properties()`
and its `geometry` (a shapely geometry in WGS84 lon/lat, or None).
"""

from __future__ import annotations

import hashlib
from datetime import date
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

ROLES = ("event_location", "actor_metonym", "nationality", "background", "other")


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One article as the pipeline sees it."""

    text: str
    language: str                        # ISO 639-1
    published: date | None = None
    source: str | None = None            # file name, "-" for stdin
    sentences: list[Sentence] = field(default_factory=list)
    # per-stage working memory (e.g. a sentence's tokens, shared by the place stages); not part of the record
    scratch: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def id(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Place:
    """One gazetteer entry (a GeoNames place, a country, an admin-1 unit or a region)."""

    id: str                      # "gn:587084", "country:AZ", "adm1:AZ-SUS", "area:nkao"
    name: str                    # preferred English/Latin name
    kind: str                    # "country" | "admin1" | "admin2" | "region" | "populated_place"
    country: str | None          # ISO 3166-1 alpha-2
    lon: float
    lat: float
    geonameid: int | None = None
    name_ar: str | None = None
    admin1: str | None = None
    population: int = 0
    geometry: Any = None         # shapely Point or (Multi)Polygon; None means Point(lon, lat)


@dataclass
class PlaceMention:
    """A place named in the text, its role and what it resolved to."""

    text: str                    # surface form as written
    span: tuple[int, int]        # [start, end) in the document text
    sentence_index: int
    role: str = "other"
    place: Place | None = None
    confidence: float = 0.0
    nationality_of: str | None = None   # ISO2 when role == "nationality"
    language: str = "und"
    source_text: str = ""        # the sentence
    country: str | None = None
    admin1: str | None = None
    disputed_area: str | None = None
    distance_to_border_km: float | None = None
    geometry: Any = None
    # Working state of the pipeline, not exported:
    candidates: list = field(default_factory=list, repr=False)   # [(gazetteer index, flags)]
    cue: str | None = None        # "region" | "city": a cue word names the kind of place
    locative: str | None = None   # "at" | "near" | "border": how the sentence places something there

    def properties(self) -> dict[str, Any]:
        p = self.place
        return {
            "mention": self.text,
            "role": self.role,
            "location_name": p.name if p else None,
            "location_name_ar": p.name_ar if p else None,
            "geonameid": p.geonameid if p else None,
            "place_id": p.id if p else None,
            "feature_kind": p.kind if p else None,
            "nationality_of": self.nationality_of,
            "confidence": round(self.confidence, 3),
            "country": self.country,
            "admin1": self.admin1,
            "disputed_area": self.disputed_area,
            "distance_to_border_km": _round(self.distance_to_border_km),
            "source_text": self.source_text,
            "source_span": list(self.span),
            "language": self.language,
        }


@dataclass
class Event:
    """One ACLED-style event claim. Competing claims are separate Events."""

    event_type: str
    sub_event_type: str
    source_text: str
    source_span: tuple[int, int]
    language: str
    event_date: str | None = None
    time_precision: int | None = None
    historical: bool = False
    actor1: str | None = None
    actor2: str | None = None
    claimant: str | None = None
    claimed_via: str | None = None       # the outlet quoting the claimant ("Interfax")
    fatalities: int | None = None
    wounded: int | None = None
    missing: int | None = None
    captured: int | None = None
    positions_lost: int | None = None
    positions_lost_by: str | None = None
    vehicles_destroyed: int | None = None
    location_name: str | None = None
    geonameid: int | None = None
    location_kind: str | None = None     # "point" | "near" | "border" | "region"
    country: str | None = None
    admin1: str | None = None
    disputed_area: str | None = None
    geo_precision: int | None = None
    distance_to_border_km: float | None = None
    trigger: str | None = None
    trigger_span: tuple[int, int] | None = None
    document_id: str = ""
    source: str | None = None            # file name or "-"
    geometry: Any = field(default=None, repr=False)

    @property
    def event_id(self) -> str:
        """Stable: the same document text and sentence span give the same id."""
        key = f"{self.document_id}|{self.source_span[0]}|{self.source_span[1]}|{self.event_type}|{self.sub_event_type}|{self.claimant}|{self.trigger}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def properties(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event_id": self.event_id}
        for f in fields(self):
            if f.name == "geometry":
                continue
            value = getattr(self, f.name)
            if f.name in ("source_span", "trigger_span") and value is not None:
                value = list(value)
            elif f.name == "distance_to_border_km":
                value = _round(value)
            out[f.name] = value
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)
