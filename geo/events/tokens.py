"""Tokens of one sentence (normalised, with document offsets) and a phrase matcher.

Matching is done on normalised words. An Arabic token also matches through
its proclitics (وب، بال، لل …, from text.toml) and without its article, so
"لقصف" matches the form "قصف" and "والاحد" the form "الاحد".

A sentence's tokens come from the document's words (split once, shared with
the place finder) and every stage (dates, numbers, claims, figures) reads the
same `Tokens`. A language's `Reader` knows every opener of its lexicon (the
phrase indexes, and the start sets of dates and quantities) and its small word
lists, and remembers for each distinct word the openers it may open and the
lists it is in, so one pass over a sentence lists each opener's positions (a
phrase index visits only those) and a list test is a set lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import AbstractSet, Any, Iterable, Mapping, Protocol

from geo import lang
from geo.records import Document, Sentence
from geo.text.words import Words, document_words, split_words

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """A word as the matcher reads it. Made once per distinct word and shared by its occurrences: where
    each occurrence stands in the document is kept by `Tokens`."""
    text: str                  # normalised
    forms: frozenset[str]      # every form this token may stand for
    definite: bool = False     # carries the article (Arabic "ال")
    digits: str | None = None  # the form written in ASCII digits ("15" for "و15"), if any
    lists: frozenset[str] = frozenset()   # names of the lexicon's word lists one of its forms is in


@lru_cache(maxsize=None)
def _clitics(code: str) -> tuple[tuple[tuple[str, str], ...], str, str]:
    """(proclitic prefixes, article, possessive ending) of a language, from its data files."""
    cl = lang.load(code, "text").get("clitics", {})
    prefixes = tuple((p, r) for p, r in cl.get("prefixes", []))
    return prefixes, cl.get("article", ""), lang.load(code, "events").get("options", {}).get("possessive", "")


def read_word(word: str, code: str, enclitics: tuple[str, ...] = (),
              word_lists: Mapping[str, AbstractSet[str]] | None = None) -> Token:
    """`word` with every form it may stand for, whether it carries the article, its ASCII-digit form, and
    which of `word_lists` (name → forms) it is in."""
    prefixes, article, possessive = _clitics(code)
    forms = {word}
    for p, r in prefixes:
        rest = word[len(p):]
        if word.startswith(p) and (len(rest) >= 2 or (rest.isascii() and rest.isdigit() and not r)):
            forms.add(r + rest)
    definite = False
    if article:
        for f in list(forms):
            if f.startswith(article) and len(f) - len(article) >= 2:
                forms.add(f[len(article):])
                definite = True
    for f in list(forms):
        for suffix in enclitics:
            if f.endswith(suffix) and len(f) - len(suffix) >= 3:
                forms.add(f[: -len(suffix)])
    if possessive and len(word) > 3 and word.endswith(possessive):
        forms.add(word[: -len(possessive)])          # possessive written without apostrophe
    frozen = frozenset(forms)
    lists = frozenset(name for name, listed in (word_lists or {}).items() if not frozen.isdisjoint(listed))
    return Token(word, frozen, definite, next((f for f in frozen if f.isascii() and f.isdigit()), None), lists)


class Opener(Protocol):
    """What a sentence's Tokens index positions for: the forms that may open it, and whether a token
    written in digits may too."""
    firsts: AbstractSet[str]
    numerals: bool


@dataclass(frozen=True, eq=False)
class StartSet:
    """Forms that may open something other than a phrase (a date, a counted quantity)."""
    firsts: frozenset[str]
    numerals: bool = False


WORD_MEMO_SIZE = 1 << 17      # words whose reading a language remembers


class Reader:
    """A language's reading of words into Tokens. Each distinct word is read once and remembered with the
    openers it may open (an article repeats its words, and a language's vocabulary is small), so building
    a sentence's Tokens costs one lookup per word, and a word that opens nothing costs nothing more."""

    def __init__(self, code: str, enclitics: Iterable[str], openers: Iterable[Opener],
                 word_lists: Mapping[str, AbstractSet[str]]):
        self.code = code
        self.enclitics = tuple(enclitics)
        self.openers = tuple(openers)
        self.word_lists = word_lists
        self._possessive = _clitics(code)[2]
        self._memo: dict[str, tuple[Token, tuple[Opener, ...]]] = {}

    def _read(self, word: str) -> tuple[Token, tuple[Opener, ...]]:
        token = read_word(word, self.code, self.enclitics, self.word_lists)
        opens = tuple(o for o in self.openers
                      if not token.forms.isdisjoint(o.firsts) or (o.numerals and token.digits is not None))
        if len(self._memo) < WORD_MEMO_SIZE:
            self._memo[word] = token, opens
        return token, opens

    def tokens(self, words: Words) -> Tokens:
        """Tokens of `words` (a language's possessive ending standing alone is dropped)."""
        keys, starts, ends = words.keys, words.starts, words.ends
        possessive = self._possessive
        if possessive and possessive in keys:       # "Armenia's" → "armenia s": the "s" is no word
            kept = [i for i, key in enumerate(keys) if key != possessive]
            keys, starts, ends = [keys[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept]
        memo = self._memo
        tokens: list[Token] = []
        opening: dict[Opener, list[int]] = {}
        for i, key in enumerate(keys):
            token, opens = memo.get(key) or self._read(key)
            tokens.append(token)
            for opener in opens:
                if opener in opening:
                    opening[opener].append(i)
                else:
                    opening[opener] = [i]
        return Tokens(tokens, starts, ends, opening)


class Tokens(list):
    """The tokens of one sentence, their document offsets, and where each opener may open (ascending)."""

    def __init__(self, tokens: list[Token], starts: list[int], ends: list[int], opening: dict[Opener, list[int]]):
        super().__init__(tokens)
        self.starts = starts               # document offsets of each token's original characters [start, end)
        self.ends = ends
        self._opening = opening

    def positions(self, opener: Opener) -> list[int]:
        """Positions (ascending) of the tokens that may open `opener` (one of its reader's openers)."""
        return self._opening.get(opener, [])


def sentence_tokens(doc: Document, sentence: Sentence, reader: Reader) -> Tokens:
    """Tokens of a sentence of `doc`, from the document's words."""
    return reader.tokens(document_words(doc).within(sentence.start, sentence.end))


def tokenize(text: str, reader: Reader) -> Tokens:
    """Tokens of `text` on its own (offsets into `text`)."""
    return reader.tokens(split_words(text))


@dataclass(slots=True)
class Match:
    start: int                 # token index
    end: int                   # token index, exclusive
    value: Any
    phrase: tuple[str, ...] = field(default=())


class PhraseIndex:
    """Phrases (tuples of normalised words) → values; longest, leftmost, non-overlapping matches. An opener
    of the Tokens it searches: it looks only where one of its first words stands."""

    numerals = False

    def __init__(self, items: Iterable[tuple[str, Any]] = ()):
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.firsts: set[str] = set()     # first words: a token with none of them starts nothing
        # a token's forms → the phrases that may start at it, worked out once per word
        self._starting: dict[frozenset[str], tuple[tuple[tuple[str, ...], Any], ...]] = {}
        for phrase, value in items:
            self.add(phrase, value)

    def add(self, phrase: str, value: Any) -> None:
        words = tuple(w for w in WORD_RE.findall(phrase))
        if not words:
            return
        bucket = self._by_first.setdefault(words[0], [])
        bucket.append((words, value))
        bucket.sort(key=lambda e: -len(e[0]))
        self.firsts.add(words[0])
        self._starting.clear()

    def _phrases_starting(self, forms: frozenset[str]) -> tuple[tuple[tuple[str, ...], Any], ...]:
        """The phrases whose first word is one of `forms`, longest first; equally long ones in the order of
        the forms, then in the order they were added."""
        phrases = [entry for form in forms for entry in self._by_first.get(form, ())]
        phrases.sort(key=lambda e: -len(e[0]))     # stable
        return tuple(phrases)

    def match_at(self, tokens: list[Token], i: int) -> Match | None:
        forms = tokens[i].forms
        if forms.isdisjoint(self.firsts):
            return None
        return self._longest_at(tokens, i, forms)

    def _longest_at(self, tokens: list[Token], i: int, forms: frozenset[str]) -> Match | None:
        """The longest phrase at token i, whose `forms` include a first word."""
        phrases = self._starting.get(forms)
        if phrases is None:
            phrases = self._starting[forms] = self._phrases_starting(forms)
        for words, value in phrases:
            n = len(words)
            if n == 1 or (i + n <= len(tokens) and words[1] in tokens[i + 1].forms
                          and all(words[k] in tokens[i + k].forms for k in range(2, n))):
                return Match(i, i + n, value, words)
        return None

    def find_all(self, tokens: Tokens, start: int = 0, end: int | None = None) -> list[Match]:
        end = len(tokens) if end is None else end
        out: list[Match] = []
        i = start          # matches do not overlap: nothing starts before the end of the last one
        for k in tokens.positions(self):
            if k < i:
                continue
            if k >= end:
                break
            m = self._longest_at(tokens, k, tokens[k].forms)     # the positions are those of first words
            if m is not None and m.end <= end:
                out.append(m)
                i = m.end
        return out

