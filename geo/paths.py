"""Where geo keeps its shipped data and its built caches."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
LANG_DIR = PACKAGE_DIR / "lang"


def boundaries_dir() -> Path:
    """Derived Natural Earth / QGIS layers committed under data/boundaries."""
    return Path(os.environ.get("GEO_BOUNDARIES_DIR", PROJECT_DIR / "data" / "boundaries"))


def cache_dir() -> Path:
    """Built indexes (the gazetteer) and the online-geocoder cache."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "geo"
    path = Path(os.environ.get("GEO_CACHE_DIR", default))
    path.mkdir(parents=True, exist_ok=True)
    return path
