"""Outputs: self-contained HTML maps (map), GeoJSON (geojson), tables (table), PNG (png)."""
