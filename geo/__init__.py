"""geo: offline geospatial conflict mapper.

The pipeline (geo.pipeline) reads articles, finds and resolves place
mentions against an offline GeoNames gazetteer, extracts ACLED-style
events, joins them to Natural Earth boundaries and hands one record type
(geo.records.Event) to every output.
"""

__version__ = "0.1.0"
