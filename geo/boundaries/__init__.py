"""Boundary layers (Natural Earth 10m countries/admin-1, NKAO, land borders) and joins.

    from geo.boundaries import where, join, countries, admin1, disputed, borders
"""

from .layers import (
    BoundaryDataMissing,
    admin1,
    border_between,
    borders,
    countries,
    disputed,
)
from .join import join, where

__all__ = [
    "BoundaryDataMissing",
    "admin1",
    "border_between",
    "borders",
    "countries",
    "disputed",
    "join",
    "where",
]
