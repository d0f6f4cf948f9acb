"""Sentence splitting that keeps document offsets.

Sentences end at line breaks and at . ! ? ؟ followed by space, unless the
period ends an abbreviation listed in the language's text.toml."""

from __future__ import annotations

import re
from functools import lru_cache

from geo import lang
from geo.records import Sentence

# A boundary is a run of line breaks, or a final mark with the closing quotes and spaces after it. Both start
# with one of a few characters, which the regex engine skips to in C (a lookbehind first made it try every
# position, most of the splitting's time).
_BOUNDARY = re.compile(r"[\n.!?؟](?:(?<=\n)\n*|[\"'”»)]*\s+)")


def split_sentences(text: str, language: str) -> list[Sentence]:
    abbreviations, longest = _abbreviations(language)
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if text[end] != "\n":
            end += 1   # after the mark; a line break right after it ends the sentence whatever the mark ends
            # only the sentence's last characters can end with an abbreviation (a run of them must not be re-read)
            if text[end] != "\n" and abbreviations and text[max(start, end - longest):end].lower().endswith(abbreviations):
                continue
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


@lru_cache(maxsize=None)
def _abbreviations(language: str) -> tuple[tuple[str, ...], int]:
    """The language's abbreviations (lower-case) and the length of the longest."""
    abbreviations = tuple(a.lower() for a in lang.load(language, "text").get("abbreviations", []))
    return abbreviations, max(map(len, abbreviations), default=0)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.lstrip()
    start += len(chunk) - len(stripped)
    stripped = stripped.rstrip()
    if stripped:
        sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
