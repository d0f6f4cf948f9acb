"""Read side of the gazetteer: memory-mapped arrays, exact and fuzzy lookup.

``get_gazetteer()`` opens (building first if needed) the index described in
``geo.gazetteer.build`` and returns a process-wide ``Gazetteer``.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import threading
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from geo.records import Place
from geo.text.normalize import name_key

from . import build as _b

__all__ = ["Candidate", "Gazetteer", "get_gazetteer", "KIND_NAMES"]

KIND_NAMES = _b.KIND_NAMES
_ARTICLE = "ال"
PLACE_CACHE_SIZE = 50_000
PRIOR_CACHE_SIZE = 500_000
ID_SEARCHES = 200          # look-ups by id answered by a search of the column (~0.5 ms each) before a dict of every id


class _LazyPlace(Place):
    """A Place whose ``geometry`` is made on first access (Point or WKB polygon)."""

    __slots__ = ()

    def __init__(self, *args, _gaz: "Gazetteer | None" = None, _index: int = -1, **kw):
        self.__dict__["_gaz"] = _gaz
        self.__dict__["_index"] = _index
        self.__dict__["_geom"] = None
        super().__init__(*args, **kw)

    @property
    def geometry(self):
        g = self.__dict__.get("_geom")
        if g is None:
            gaz = self.__dict__.get("_gaz")
            if gaz is not None and self.__dict__["_index"] >= 0:
                g = gaz.geometry(self.__dict__["_index"])
            else:   # e.g. after dataclasses.replace()
                import shapely
                g = shapely.Point(self.lon, self.lat)
            self.__dict__["_geom"] = g
        return g

    @geometry.setter
    def geometry(self, value):
        self.__dict__["_geom"] = value

    @property
    def index(self) -> int:
        """Place index in the gazetteer."""
        return self.__dict__["_index"]

    def __reduce__(self):
        # pickled as a reference to its entry, not as a copy of a polygon that may weigh 0.5 MB (Russia):
        # extract_sources' worker processes and their parent map the same index
        if self.__dict__["_gaz"] is None:     # made by dataclasses.replace(): its fields may not be the entry's
            return Place, tuple(getattr(self, f.name) for f in fields(Place))
        return _gazetteer_entry, (self.__dict__["_index"], self.id)

    def __repr__(self):  # no geometry load just to print
        return (f"Place(id={self.id!r}, name={self.name!r}, kind={self.kind!r}, country={self.country!r}, "
                f"lon={self.lon:.5f}, lat={self.lat:.5f}, geonameid={self.geonameid!r}, name_ar={self.name_ar!r}, "
                f"admin1={self.admin1!r}, population={self.population!r})")


@dataclass
class Candidate:
    place: Place
    score: float          # [0, 1]
    matched_name: str     # the name key that matched
    exact: bool
    flags: int = 0
    index: int = -1       # place index in the gazetteer


class _Strings:
    """A string column: UTF-8 blob (mmap) + int64 offsets."""

    def __init__(self, d: Path, col: str):
        self.off = np.load(d / f"{col}.off.npy", mmap_mode="r").view(np.ndarray)
        path = d / f"{col}.bin"
        self._fh = open(path, "rb")
        self.buf = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""

    def __getitem__(self, i: int) -> str:
        a, b = self.off[i], self.off[i + 1]
        return self.buf[a:b].decode("utf-8")

    def raw(self, i: int) -> bytes:
        a, b = self.off[i], self.off[i + 1]
        return self.buf[a:b]

    def find(self, value: str) -> int | None:
        """The first row holding `value`, by a search of the blob: a few look-ups by value cost less this
        way than a dict of every row (0.1 s for the gazetteer's ids)."""
        needle = value.encode("utf-8")
        at = self.buf.find(needle) if needle else -1
        while at >= 0:       # a hit may start or end inside a row ("gn:12" in "gn:123")
            row = int(self.off.searchsorted(at, "right")) - 1
            if self.off[row] == at and self.off[row + 1] == at + len(needle):
                return row
            at = self.buf.find(needle, at + 1)
        return None


class Gazetteer:
    def __init__(self, path: Path | None = None):
        d = Path(path) if path else _b.ensure_index()
        self.path = d
        self.meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        # memory-mapped, viewed as plain ndarrays: np.memmap slicing is several times slower
        ld = lambda n: np.load(d / f"{n}.npy", mmap_mode="r").view(np.ndarray)  # noqa: E731
        self._kind = ld("p_kind")
        self._capital = ld("p_capital")
        self._country = ld("p_country")
        self._gnid = ld("p_gnid")
        self._pop = ld("p_pop")
        self._lon = ld("p_lon")
        self._lat = ld("p_lat")
        self._id = _Strings(d, "p_id")
        self._name = _Strings(d, "p_name")
        self._name_ar = _Strings(d, "p_name_ar")
        self._admin1 = _Strings(d, "p_admin1")
        self._adm1code = _Strings(d, "p_adm1code")
        self._geom = _Strings(d, "p_geom")
        self._layer_rows = ld("p_layer_rows")      # each entry's own geometry joined to the boundary layers
        self._border_km = ld("p_border_km")
        # single entries are read through memoryviews: they give Python ints, several times quicker than numpy scalars
        self._kind_at, self._capital_at, self._pop_at = memoryview(self._kind), memoryview(self._capital), memoryview(self._pop)
        self._hash = ld("n_hash")
        self._nplace = ld("n_place")
        self._nflags = ld("n_flags")
        self._nprior = ld("n_prior")
        self._nprior64 = ld("n_prior64")      # what prior() gives, per posting: new postings' priors are read, not computed
        self.max_name_tokens: int = int(self.meta.get("max_name_tokens", 6))
        self._start_hash = ld("s_hash")
        self._start_words = ld("s_words")
        self._prior_cache: dict[tuple[int, int], float] = {}
        self._place_cache: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None
        self._id_searches = 0
        self._fuzzy = None
        self._geom_cache: dict[int, object] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------ places
    def __len__(self) -> int:
        return len(self._kind)

    def place(self, index: int) -> Place:
        """The entry as a Place; the same object for the same index while it stays in the cache."""
        cached = self._place_cache.get(index)   # numpy integers hash and compare like ints
        if cached is not None:
            return cached
        i = int(index)
        if len(self._place_cache) >= PLACE_CACHE_SIZE:
            self._place_cache.clear()
        place = self._place_cache[i] = self._make_place(i)
        return place

    def _make_place(self, i: int) -> Place:
        gnid = int(self._gnid[i])
        return _LazyPlace(
            _gaz=self, _index=i,
            id=self._id[i], name=self._name[i], kind=KIND_NAMES[self._kind[i]], country=self.country(i),
            lon=float(self._lon[i]), lat=float(self._lat[i]), geonameid=gnid if gnid >= 0 else None,
            name_ar=self._name_ar[i] or None, admin1=self.admin1(i), population=int(self._pop[i]),
        )

    def index_of(self, place_id: str) -> int | None:
        """Place index of an id such as "gn:587084", "country:AM", "area:nkao".

        The pipeline asks for a few ids (a country per nationality), which a search of the id column
        answers at once; a caller asking for many gets a dict of every id once the searches could
        have cost as much as building it (0.1 s)."""
        if self._by_id is None:
            self._id_searches += 1
            if self._id_searches <= ID_SEARCHES:
                return self._id.find(place_id)
            ids = self._id
            self._by_id = {ids[i]: i for i in range(len(self))}
        return self._by_id.get(place_id)

    def get(self, place_id: str) -> Place | None:
        i = self.index_of(place_id)
        return None if i is None else self.place(i)

    def admin1_code(self, index: int) -> str | None:
        """GeoNames admin1 code ("AZ.09") for populated places, ISO 3166-2 for admin1 units."""
        return self._adm1code[int(index)] or None

    def is_capital(self, index: int) -> bool:
        return bool(self._capital_at[index])

    def population(self, index: int) -> int:
        return self._pop_at[index]

    def kind(self, index: int) -> str:
        return KIND_NAMES[self._kind_at[index]]

    # kind, country and admin1 read one column each: several times quicker than place() for an entry not cached
    def country(self, index: int) -> str | None:
        """ISO 3166-1 alpha-2 code, as ``place(index).country``."""
        return self._country[index].decode("ascii") or None

    def admin1(self, index: int) -> str | None:
        """Name of the admin-1 unit the entry lies in, as ``place(index).admin1``."""
        return self._admin1[index] or None

    @staticmethod
    def is_abbreviation(flags: int) -> bool:
        """The posting's name is a code or a hand-written alias ("NYC", "UK"), the names an acronym may be."""
        return (flags & 0xF) in (_b.NAME_ALIAS, _b.NAME_CODE)

    @staticmethod
    def needs_period(flags: int) -> bool:
        """The name is an abbreviation written with a final period ("Mo." is Missouri, "Mo" is not)."""
        return bool(flags & _b.FLAG_ABBREVIATION)

    def geometry(self, index: int):
        """Shapely geometry: the polygon for countries/admin1/regions when known, else a Point."""
        i = int(index)
        g = self._geom_cache.get(i)
        if g is not None:
            return g
        import shapely
        raw = self._geom.raw(i)
        g = shapely.from_wkb(bytes(raw)) if raw else shapely.Point(float(self._lon[i]), float(self._lat[i]))
        if raw:
            self._geom_cache[i] = g
        return g

    def entry_of_geometry(self, place: Place, geometry) -> int | None:
        """The index of `place` here if `geometry` is the very object `place.geometry` gave (not a country's
        label point, not a place from elsewhere), else None."""
        own = place.__dict__
        if own.get("_gaz") is self and geometry is not None and own.get("_geom") is geometry:
            return own["_index"]
        return None

    def boundary_rows(self, indexes: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """For entries' own geometries: the boundary layers' rows holding them and their km to a border,
        as `geo.boundaries.join.layer_rows_and_border_km` gave when the index was built."""
        return self._layer_rows[indexes].astype(np.int64), self._border_km[indexes]

    def has_polygon(self, index: int) -> bool:
        i = int(index)
        return bool(self._geom.off[i + 1] - self._geom.off[i])

    # ------------------------------------------------------------ ranking
    def prior(self, index: int, flags: int) -> float:
        value = self._prior_cache.get((index, flags))
        if value is None:      # (lookup_keys remembers those of the postings it gives, read from the index)
            if len(self._prior_cache) >= PRIOR_CACHE_SIZE:
                self._prior_cache.clear()
            i, flags = int(index), int(flags)
            value = self._prior_cache[(i, flags)] = float(_b.prior_of(self._kind[i], self._pop[i], self._capital[i], flags))
        return value

    def name_words(self, first_words: list[str]) -> list[int]:
        """For each key of a name's first word, or first two words: the most words a gazetteer name of several
        words starting with it has (1 when there is none)."""
        if not first_words:
            return []
        hashes = _key_hashes(first_words)
        pos = np.minimum(self._start_hash.searchsorted(hashes), len(self._start_hash) - 1)
        hit = self._start_hash[pos] == hashes
        return np.where(hit, self._start_words[pos], 1).tolist()

    # ------------------------------------------------------------ lookup
    def _range(self, key: str) -> tuple[int, int]:
        h = _key_hashes([key])[0]
        lo = int(self._hash.searchsorted(h, "left"))
        if lo >= len(self._hash) or self._hash[lo] != h:
            return lo, lo
        hi = int(self._hash.searchsorted(h, "right"))
        return lo, hi

    def lookup_keys(self, keys: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Postings of many normalised keys in one vectorised search; only keys that exist are returned."""
        if not keys:
            return {}
        hashes = _key_hashes(keys)
        lo = self._hash.searchsorted(hashes, "left")
        found = np.flatnonzero(self._hash[np.minimum(lo, len(self._hash) - 1)] == hashes)
        hi = self._hash.searchsorted(hashes[found], "right")
        out: dict[str, list[tuple[int, int]]] = {}
        if len(self._prior_cache) + int((hi - lo[found]).sum()) > PRIOR_CACHE_SIZE:
            self._prior_cache.clear()
        priors = self._nprior64
        for j, start, end in zip(found.tolist(), lo[found].tolist(), hi.tolist()):
            postings = out[keys[j]] = list(zip(self._nplace[start:end].tolist(), self._nflags[start:end].tolist()))
            self._prior_cache.update(zip(postings, priors[start:end].tolist()))   # about to be ranked, some of them
        return out

    def lookup_key(self, key: str) -> list[tuple[int, int]]:
        """Postings of an already-normalised key (``name_key`` output), best prior first."""
        if not key:
            return []
        lo, hi = self._range(key)
        if lo == hi:
            return []
        return list(zip(self._nplace[lo:hi].tolist(), self._nflags[lo:hi].tolist()))

    def _exact(self, key: str, limit: int) -> list[Candidate]:
        lo, hi = self._range(key)
        if lo == hi:
            return []
        hi = min(hi, lo + limit)
        out = []
        for p, f, s in zip(self._nplace[lo:hi].tolist(), self._nflags[lo:hi].tolist(), self._nprior[lo:hi].tolist()):
            out.append(Candidate(self.place(p), float(s), key, True, f, p))
        return out

    def lookup(self, name: str, limit: int = 10, fuzzy: bool = True) -> list[Candidate]:
        """Ranked candidates for a place name in any script.

        Exact key match first; an Arabic name is retried with / without the
        article "ال"; with no exact hit, fuzzy matching (score scaled below
        exact hits) is the fallback (≈ 20-35 ms; ``fuzzy=False`` skips it).
        """
        key = name_key(name)
        if not key:
            return []
        out = self._exact(key, limit)
        if "\u0600" <= key[0] <= "\u06ff":
            alt = key[2:] if key.startswith(_ARTICLE) and len(key) > 3 else _ARTICLE + key
            more = self._exact(alt, limit)
            if more:
                seen = {c.index for c in out}
                for c in more:
                    if c.index not in seen:
                        c.score *= 0.97
                        c.exact = False
                        out.append(c)
                out.sort(key=lambda c: -c.score)
                del out[limit:]
        if not out and fuzzy:
            out = self.fuzzy(name, limit=limit, min_score=85)
        return out

    # ------------------------------------------------------------ fuzzy
    def _load_fuzzy(self):
        with self._lock:
            if self._fuzzy is None:
                keys = (self.path / "f_keys.txt").read_text(encoding="utf-8").split("\n")
                places = np.load(self.path / "f_place.npy")
                flags = np.load(self.path / "f_flags.npy")
                # Bucketed by (first character, length), as the build groups them: fuzz.ratio >= 85 needs lengths
                # within a factor 0.74 of each other, and misspellings keep the first letter, so a query scans a few buckets.
                bounds = np.load(self.path / "f_groups.npy").tolist()
                buckets = {(keys[a][0], len(keys[a])): (keys[a:b], range(a, b)) for a, b in zip(bounds, bounds[1:])}
                self._fuzzy = (keys, places, flags, buckets)
        return self._fuzzy

    def fuzzy(self, name: str, limit: int = 5, min_score: float = 85) -> list[Candidate]:
        """Approximate matches over the restricted name list (not tiny villages), same first letter.

        score = 0.75 * similarity + 0.25 * prior, so near-equal spellings of a
        region beat a slightly closer spelling of a hamlet; an exact key is 1.0
        similarity. One candidate per place.
        """
        from rapidfuzz import fuzz, process

        key = name_key(name)
        if not key:
            return []
        keys, places, flags, buckets = self._load_fuzzy()
        ratio = min_score / 100.0 * 0.87   # ratio 2M/(a+b) >= s needs min/max length >= s/(2-s); 0.87 keeps slack
        first = key[0]
        hits = []
        for n in range(int(len(key) * ratio), int(len(key) / ratio) + 2):
            names, ids = buckets.get((first, n), ((), ()))
            if names:
                found = process.extract(key, names, scorer=fuzz.ratio, score_cutoff=min_score, limit=max(50, limit * 10))
                hits.extend((matched, sim, ids[j]) for matched, sim, j in found)
        best: dict[int, Candidate] = {}
        for matched, sim, j in hits:
            p, f = int(places[j]), int(flags[j])
            score = 0.75 * (sim / 100.0) + 0.25 * self.prior(p, f)
            c = best.get(p)
            if c is None or score > c.score:
                best[p] = Candidate(None, score, matched, matched == key, f, p)  # type: ignore[arg-type]
        ranked = sorted(best.values(), key=lambda c: -c.score)[:limit]
        for c in ranked:
            c.place = self.place(c.index)
        return ranked


def _key_hashes(keys: list[str]) -> np.ndarray:
    """build.key_hash of every key, as one uint64 array (the digests are little-endian uint64s already)."""
    return np.frombuffer(b"".join([hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest() for k in keys]), dtype="<u8")


_INSTANCE: Gazetteer | None = None
_INSTANCE_LOCK = threading.Lock()


def _gazetteer_entry(index: int, place_id: str) -> Place:
    """The entry a pickled place refers to, in this process's gazetteer (by id if that index holds another)."""
    gaz = get_gazetteer()
    if not 0 <= index < len(gaz) or gaz._id[index] != place_id:
        found = gaz.index_of(place_id)
        if found is None:
            raise ValueError(f"place {place_id!r} is not in the gazetteer at {gaz.path}")
        index = found
    return gaz.place(index)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built at first use, then memory-mapped)."""
    global _INSTANCE
    if _INSTANCE is None:
        with _INSTANCE_LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer()
    return _INSTANCE


def reset_gazetteer() -> None:
    """Forget the singleton (tests, or after changing GEO_CACHE_DIR)."""
    global _INSTANCE
    with _INSTANCE_LOCK:
        _INSTANCE = None
