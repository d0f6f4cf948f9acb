"""Opt-in second opinion from an online geocoder (geopy) for uncertain mentions.

Only when the user asks (`--geocoder nominatim|geonames`). For a mention whose
offline resolution is uncertain (confidence below UNCERTAIN), the online
geocoder is asked for the name; if its answer lies within AGREE_KM of one
of the mention's gazetteer candidates, that candidate wins. The answer
never replaces gazetteer entries, so GeoNames ids and polygons stay. When
the network is absent, slow or answers garbage, the offline choice stands
and the lookup is listed in the geocoder's `fallbacks`.
"""

from __future__ import annotations

from pyproj import Geod

from geo.gazetteer import get_gazetteer
from geo.places.resolver import mention_geometry
from geo.records import Document, PlaceMention

UNCERTAIN = 0.6
AGREE_KM = 25.0
_GEOD = Geod(ellps="WGS84")


def disambiguate_online(doc: Document, mentions: list[PlaceMention], geocoder) -> None:
    gz = get_gazetteer()
    for m in mentions:
        if m.role == "nationality" or m.place is None or m.confidence >= UNCERTAIN or len(m.candidates) < 2:
            continue
        fell_back = len(geocoder.fallbacks)
        answer = geocoder.geocode(m.text, exactly_one=True)
        if answer is None or len(geocoder.fallbacks) > fell_back:    # the offline answer is what we already have
            continue
        best = None
        for index, _flags in m.candidates:
            place = gz.place(index)
            _, _, metres = _GEOD.inv(place.lon, place.lat, answer.longitude, answer.latitude)
            if metres / 1000.0 <= AGREE_KM and (best is None or metres < best[0]):
                best = (metres, place)
        if best is not None:
            m.place = best[1]
            m.geometry = mention_geometry(best[1])
            m.confidence = max(m.confidence, UNCERTAIN)
