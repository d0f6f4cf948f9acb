"""Language of an article from the scripts of its letters.

Each language folder declares its script range in text.toml; the language
whose script holds most letters wins (English for Latin script)."""

from __future__ import annotations

from functools import lru_cache

from geo import lang


@lru_cache(maxsize=1)
def _ranges() -> list[tuple[str, int, int]]:
    out = []
    for code in lang.available():
        lo, hi = lang.load(code, "text")["script_range"]
        out.append((code, ord(lo), ord(hi)))
    return out


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:20000]
    counts = {code: 0 for code, _, _ in _ranges()}
    for ch in sample:
        if ch.isalpha():
            o = ord(ch)
            for code, lo, hi in _ranges():
                if lo <= o <= hi:
                    counts[code] += 1
                    break
    best = max(counts, key=counts.get, default=default)
    return best if counts.get(best) else default
