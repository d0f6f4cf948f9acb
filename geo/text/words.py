"""The words of a text: normalised words with the offsets of their original characters.

A document is normalised and split once (`document_words`) and every stage
that reads words (the place finder, the event extractor) takes a sentence's
words from it. Normalisation works character by character and sentences end
at spaces, which are never part of a word, so a sentence's words are exactly
those of its own text normalised on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from geo.records import Document
from geo.text.normalize import TOKEN_RE, normalize

_WORDS_AND_GAPS = re.compile(f"({TOKEN_RE.pattern})")


@dataclass(slots=True)
class Words:
    keys: list[str]       # normalised words, in text order
    starts: list[int]     # offsets of each word's original characters [start, end)
    ends: list[int]

    def within(self, start: int, end: int) -> Words:
        """The words starting in [start, end) (a sentence's words, when these are the document's)."""
        first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return Words(self.keys[first:last], self.starts[first:last], self.ends[first:last])


def split_words(text: str) -> Words:
    """The words of `text`, from one normalisation and one regex pass."""
    norm = normalize(text)
    parts = _WORDS_AND_GAPS.split(norm.text)       # gap, word, gap, word, ..., gap
    bounds = list(accumulate(map(len, parts)))     # where each part ends
    starts, ends = norm.original_spans(bounds[0:-1:2], bounds[1::2])
    return Words(parts[1::2], starts, ends)


def document_words(doc: Document) -> Words:
    """The document's words, split once and kept in its scratch memory."""
    words = doc.scratch.get("words")
    if words is None:
        words = doc.scratch["words"] = split_words(doc.text)
    return words
