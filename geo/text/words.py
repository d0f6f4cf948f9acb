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

import numpy as np

from geo.records import Document
from geo.text.normalize import normalize

_NOT_IN_WORDS = re.compile(r"[\W_]")   # the complement of normalize.TOKEN_RE's characters


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
    """The words of `text` (the runs of normalize.TOKEN_RE's characters), found without a regex pass:
    normalised text is words and spaces, so str.split finds the words and a space mask their offsets."""
    norm = normalize(text)
    spaced = norm.text
    keys = spaced.split()   # the only whitespace normalised text has is " "
    if not "".join(keys).isalnum():   # rare: a character outside the BMP, say, is neither space nor word
        spaced = _NOT_IN_WORDS.sub(" ", spaced)
        keys = spaced.split()
    # padded with a space either side, so that every word has a start and an end edge
    in_word = np.frombuffer(f" {spaced} ".encode("utf-32-le", "surrogatepass"), dtype=np.uint32) != ord(" ")
    edges = np.flatnonzero(in_word[1:] != in_word[:-1])   # start, end, start, end, ...
    starts, ends = norm.original_spans(edges[0::2], edges[1::2])
    return Words(keys, starts, ends)


def document_words(doc: Document) -> Words:
    """The document's words, split once and kept in its scratch memory."""
    words = doc.scratch.get("words")
    if words is None:
        words = doc.scratch["words"] = split_words(doc.text)
    return words
