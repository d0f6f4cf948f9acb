"""Where geo keeps its shipped data and its built caches."""

import hashlib
import json
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


DIGESTS_NAME = "file-digests.json"


def content_digests(paths: list[Path]) -> dict[Path, str]:
    """blake2b of each file's bytes, remembered in the cache dir against its size and mtime: a clone or a
    checkout gives unchanged files new mtimes, which must not cost a rebuild of the index (~40 s), and an
    unchanged file costs a stat, not a read of its megabytes."""
    memo_path = cache_dir() / DIGESTS_NAME
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    digests, changed = {}, False
    for path in paths:
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns]
        known = memo.get(str(path))
        if not (isinstance(known, dict) and known.get("stat") == stamp and isinstance(known.get("blake2b"), str)):
            with path.open("rb") as fh:
                known = {"stat": stamp, "blake2b": hashlib.file_digest(fh, lambda: hashlib.blake2b(digest_size=16)).hexdigest()}
            memo[str(path)] = known
            changed = True
        digests[path] = known["blake2b"]
    if changed:
        memo = {name: known for name, known in memo.items() if Path(name).exists()}   # clones since deleted
        from geo.output.files import OutputError, write_atomic

        try:
            write_atomic(memo_path, json.dumps(memo, indent=1))
        except OutputError:
            pass      # a read-only cache dir: the digests are worked out again next time
    return digests
