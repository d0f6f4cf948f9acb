"""Offline gazetteer: GeoNames cities500 + countries + admin-1 + disputed areas + hand aliases.

    from geo.gazetteer import get_gazetteer
    gaz = get_gazetteer()            # builds cache_dir()/gazetteer-v1 on first use
    gaz.lookup("باكو")[0].place      # Place(id="gn:587084", ...)

geopy-shaped wrappers live in ``geo.gazetteer.geocoder`` (imports geopy).
"""

from .index import Candidate, Gazetteer, get_gazetteer, reset_gazetteer

__all__ = ["Candidate", "Gazetteer", "get_gazetteer", "reset_gazetteer"]
