"""Language of an article from the scripts of its letters.

Each language folder declares its script range in text.toml; the language
whose script holds most letters wins (English for Latin script)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from geo import lang

SAMPLE = 20000   # characters read from the start of the article


@lru_cache(maxsize=1)
def _scripts() -> list[tuple[str, int, np.ndarray]]:
    """(language, first code point of its script range, which code points of the range are letters)."""
    out = []
    for code in lang.available():
        lo, hi = (ord(ch) for ch in lang.load(code, "text")["script_range"])
        out.append((code, lo, np.array([chr(c).isalpha() for c in range(lo, hi + 1)])))
    return out


def detect_language(text: str, default: str = "en") -> str:
    # array operations: a loop over the characters took longer than most articles take to process
    codes = np.frombuffer(text[:SAMPLE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = {}
    for code, lo, letters in _scripts():
        inside = codes[(codes >= lo) & (codes < lo + len(letters))] - lo
        counts[code] = int(np.count_nonzero(letters[inside]))
    best = max(counts, key=counts.get, default=default)
    return best if counts.get(best) else default
