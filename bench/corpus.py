"""Synthetic conflict-news corpus for benchmarks.

Sentences come from the seed article and the English test fixture; every
place name the pipeline finds in them is swapped for another gazetteer
place of the same kind (Arabic names in Arabic text), and every figure for
another number, so articles differ while keeping the seed's structure.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from geo.gazetteer import get_gazetteer
from geo.gazetteer.index import KIND_NAMES
from geo.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"ar": ROOT / "seeds" / "000_4daba99e5e2777e4.txt", "en": ROOT / "tests" / "fixtures" / "seed_en.txt"}


def _templates(language: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences with the spans and kinds of their place mentions (sentence-relative)."""
    result = extract_text(SOURCES[language].read_text(encoding="utf-8"), lang=language)
    out = []
    for s in result.document.sentences:
        spans = [(m.span[0] - s.start, m.span[1] - s.start, m.place.kind) for m in result.mentions
                 if m.sentence_index == s.index and m.place is not None and m.role != "nationality"]
        out.append((s.text, spans))
    return out


def _name_pools(language: str, rng: random.Random) -> dict[str, list[str]]:
    gz = get_gazetteer()
    pools: dict[str, list[str]] = {kind: [] for kind in KIND_NAMES}
    for index in rng.sample(range(len(gz)), 60000):
        place = gz.place(index)
        name = place.name_ar if language == "ar" else place.name
        if name and (place.kind != "populated_place" or place.population >= 20000):
            pools[place.kind].append(name)
    return {kind: names or ["Aleppo"] for kind, names in pools.items()}


def articles(language: str, count: int, size_bytes: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    templates = _templates(language)
    pools = _name_pools(language, rng)
    docs = []
    for _ in range(count):
        parts, size = [], 0
        while size < size_bytes:
            text, spans = rng.choice(templates)
            for start, end, kind in sorted(spans, reverse=True):
                text = text[:start] + rng.choice(pools[kind]) + text[end:]
            text = re.sub(r"\d+", lambda _: str(rng.randint(1, 60)), text)
            parts.append(text)
            size += len(text.encode("utf-8")) + 1
        docs.append("\n".join(parts))
    return docs
