"""Sentence splitting that keeps document offsets.

Sentences end at line breaks and at . ! ? ؟ ؛ followed by space, unless the
period ends an abbreviation listed in the language's text.toml."""

from __future__ import annotations

import re

from geo import lang
from geo.records import Sentence

_BOUNDARY = re.compile(r"\n+|(?<=[.!?؟])[\"'”»)]*\s+")


def split_sentences(text: str, language: str) -> list[Sentence]:
    abbreviations = tuple(a.lower() for a in lang.load(language, "text").get("abbreviations", []))
    longest = max(map(len, abbreviations), default=0)
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        # only the sentence's last characters can end with an abbreviation (a run of them must not be re-read)
        tail = text[max(start, end - longest):end]
        if match.group(0)[0] != "\n" and abbreviations and tail.lower().endswith(abbreviations):
            continue
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
