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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import AbstractSet, Any, Iterable, Mapping, Protocol, Sequence

from geo import lang
from geo.text.words import Words, split_words

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


NO_WORDS: frozenset[str] = frozenset()    # shared by every word in no list (most of them), not one each


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
              word_lists: Mapping[str, AbstractSet[str]] | None = None, listed: AbstractSet[str] | None = None) -> Token:
    """`word` with every form it may stand for, whether it carries the article, its ASCII-digit form, and
    which of `word_lists` (name → forms) it is in; `listed`, if given, holds every form of `word_lists` (a
    word with none of them, most words, is in no list without testing each)."""
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
    if word_lists and (listed is None or not frozen.isdisjoint(listed)):
        lists = frozenset(name for name, members in word_lists.items() if not frozen.isdisjoint(members)) or NO_WORDS
    else:
        lists = NO_WORDS
    return Token(word, frozen, definite, next((f for f in frozen if f.isascii() and f.isdigit()), None), lists)


class Opener(Protocol):
    """What a sentence's Tokens index positions for: the forms that may open it, whether a token written
    in digits may too, and (to pass over a first word whose phrases all go on) the second words of its
    phrases and whether all it may open at a word is longer than that word."""
    firsts: AbstractSet[str]
    numerals: bool
    seconds: AbstractSet[str]

    def only_longer(self, forms: frozenset[str]) -> bool: ...


@dataclass(frozen=True, eq=False)
class StartSet:
    """Forms that may open something other than a phrase (a date, a counted quantity); where they are the
    first words of `phrases`, those phrases tell which of them open nothing without the next word."""
    firsts: frozenset[str]
    numerals: bool = False
    phrases: PhraseIndex | None = None

    @property
    def seconds(self) -> AbstractSet[str]:
        return self.phrases.seconds if self.phrases is not None else frozenset()

    def only_longer(self, forms: frozenset[str]) -> bool:
        phrases = self.phrases
        return (phrases is not None and forms.isdisjoint(self.firsts.difference(phrases.firsts))
                and phrases.only_longer(forms))


WORD_MEMO_SIZE = 1 << 17      # words whose reading a language remembers


class Reader:
    """A language's reading of words into Tokens. Each distinct word is read once and remembered with the
    openers it may open (an article repeats its words, and a language's vocabulary is small), so reading a
    document costs one lookup per word, and a word that opens nothing costs nothing more.

    Where all that an opener may open at a word is longer than that word, the word opens it only before
    one of its second words: "the" before anything but "day" is no position of the date words."""

    def __init__(self, code: str, enclitics: Iterable[str], openers: Iterable[Opener],
                 word_lists: Mapping[str, AbstractSet[str]]):
        self.code = code
        self.enclitics = tuple(enclitics)
        self.openers = tuple(openers)
        self._firsts = frozenset().union(*(o.firsts for o in self.openers))   # words that may open any of them
        self.word_lists = word_lists
        self._listed = frozenset().union(*word_lists.values())
        self._possessive = _clitics(code)[2]
        self._memo = _Readings(self)

    def _read(self, word: str) -> tuple[Token, tuple[int, ...], tuple[tuple[int, AbstractSet[str]], ...],
                                        frozenset[str], bool]:
        """The word's Token, the openers it opens, the openers it opens only before one of their second
        words (with those), all those second words, and whether it opens any; an opener is told by its
        place in `openers`."""
        token = read_word(word, self.code, self.enclitics, self.word_lists, self._listed)
        forms = token.forms
        opens: list[int] = []
        before: list[tuple[int, AbstractSet[str]]] = []
        if token.digits is not None or not forms.isdisjoint(self._firsts):     # (most new words open nothing)
            for number, o in enumerate(self.openers):
                if o.numerals and token.digits is not None:
                    opens.append(number)
                elif not forms.isdisjoint(o.firsts):
                    if o.only_longer(forms):
                        before.append((number, o.seconds))
                    else:
                        opens.append(number)
        followers = frozenset().union(*(seconds for _, seconds in before)) if before else NO_WORDS
        return token, tuple(opens), tuple(before), followers, bool(opens or before)

    def read(self, words: Words) -> TokenStream:
        """Tokens of `words` (a language's possessive ending standing alone is dropped), in one pass."""
        keys, starts, ends = words.keys, words.starts, words.ends
        possessive = self._possessive
        if possessive and possessive in keys:       # "Armenia's" → "armenia s": the "s" is no word
            at = keys.index(possessive)
            dropped = [at]
            for _ in range(keys.count(possessive) - 1):
                at = keys.index(possessive, at + 1)
                dropped.append(at)
            keys, starts, ends = _without(keys, dropped), _without(starts, dropped), _without(ends, dropped)
        readings = list(map(self._memo.__getitem__, keys))
        tokens = list(map(_TOKEN, readings))
        last = len(tokens) - 1
        at: list[list[int]] = [[] for _ in self.openers]     # each opener's positions
        for i, (_, opens, before, followers, _) in compress(enumerate(readings), map(_OPENS_ANY, readings)):
            for number in opens:
                at[number].append(i)
            # ("the" opens three only before a few words: one test tells most of its occurrences)
            if before and i < last and not (following := tokens[i + 1].forms).isdisjoint(followers):
                for number, seconds in before:
                    if not following.isdisjoint(seconds):
                        at[number].append(i)
        opening = {opener: positions for opener, positions in zip(self.openers, at) if positions}
        return TokenStream(tokens, starts, ends, opening)

    def tokens(self, words: Words) -> Tokens:
        """Tokens of `words`, all of them one range."""
        stream = self.read(words)
        return Tokens(stream, 0, len(stream.tokens), 0)


_TOKEN, _OPENS_ANY = itemgetter(0), itemgetter(4)


def _without(items: list, dropped: list[int]) -> list:
    """`items` less the ones at `dropped` (ascending)."""
    out = items[:dropped[0]]
    for at, nxt in zip(dropped, dropped[1:]):
        out += items[at + 1:nxt]
    out += items[dropped[-1] + 1:]
    return out


class _Readings(dict):
    """word → its reading (Reader._read), read on first sight; remembers at most WORD_MEMO_SIZE words."""

    def __init__(self, reader: Reader):
        super().__init__()
        self._reader = reader

    def __missing__(self, word: str) -> tuple:
        reading = self._reader._read(word)
        if len(self) < WORD_MEMO_SIZE:
            self[word] = reading
        return reading


class TokenStream:
    """The tokens of a whole text (a document, read once), their offsets, where each opener may open, and
    the text's sentences as ranges of them."""

    # (the stream keeps its ranges' bounds, not the ranges, which refer to it: no reference cycle, so a
    # document's tokens go as soon as its events are out, without waiting for a garbage collection)
    __slots__ = ("tokens", "starts", "ends", "opening", "los", "his", "disjoint", "_found")

    def __init__(self, tokens: list[Token], starts: list[int], ends: list[int], opening: dict[Opener, list[int]]):
        self.tokens = tokens
        self.starts = starts               # document offsets of each token's original characters [start, end)
        self.ends = ends
        self.opening = opening             # opener → positions of the tokens that may open it (ascending)
        self._found: dict[PhraseIndex, list[Sequence[Match]]] = {}
        self.los, self.his = [0], [len(tokens)]     # the ranges' bounds: all the tokens, one range
        self.disjoint = True               # the ranges are in text order and do not overlap

    def split(self, spans: Iterable[tuple[int, int]]) -> list[Tokens]:
        """The text cut into ranges: the tokens starting in each span of offsets [start, end) (a sentence's)."""
        starts = self.starts
        ranges: list[Tokens] = []
        los: list[int] = []
        his: list[int] = []
        for number, (start, end) in enumerate(spans):
            lo = bisect_left(starts, start)
            hi = bisect_left(starts, end, lo)
            los.append(lo)
            his.append(hi)
            ranges.append(Tokens(self, lo, hi, number))
        self.los, self.his = los, his
        self.disjoint = all(a <= b for a, b in zip(his, los[1:]))
        self._found.clear()
        return ranges

    def found(self, index: PhraseIndex) -> list[Sequence[Match]]:
        """The matches of `index` in each range, found on first demand in one pass over the text."""
        per = self._found.get(index)
        if per is None:
            per = self._found[index] = index.find_each(self)
        return per


class Tokens:
    """A range [lo, hi) of a TokenStream (one sentence). Positions are the stream's: every stage indexes
    `tok` (the stream's list) and keeps within [lo, hi)."""

    __slots__ = ("stream", "tok", "starts", "ends", "opening", "found", "lo", "hi", "number")

    def __init__(self, stream: TokenStream, lo: int, hi: int, number: int):
        self.stream = stream
        self.found = stream._found         # index → its matches in each range, as far as found
        self.tok = stream.tokens
        self.starts = stream.starts
        self.ends = stream.ends
        self.opening = stream.opening
        self.lo = lo
        self.hi = hi
        self.number = number               # its place among the stream's ranges

    def __len__(self) -> int:
        return self.hi - self.lo

    def positions(self, opener: Opener) -> list[int]:
        """Positions (ascending, in [lo, hi)) of the tokens that may open `opener` (one of its reader's openers)."""
        at = self.opening.get(opener)
        if not at:
            return []
        first = bisect_left(at, self.lo)
        return at[first:bisect_left(at, self.hi, first)]


def tokenize(text: str, reader: Reader) -> Tokens:
    """Tokens of `text` on its own (offsets into `text`)."""
    return reader.tokens(split_words(text))


@dataclass(slots=True)
class Match:
    start: int                 # token index
    end: int                   # token index, exclusive
    value: Any
    phrase: tuple[str, ...] = field(default=())

    @property
    def iso(self) -> Any:
        """The value, of a match that stands for a country (a claims.Ref): its ISO2 code."""
        return self.value


class PhraseIndex:
    """Phrases (tuples of normalised words) → values; longest, leftmost, non-overlapping matches. An opener
    of the Tokens it searches: it looks only where one of its first words stands."""

    numerals = False
    searched = False      # whether readers list where it may open (set by the lexicon): find_all needs it

    def __init__(self, items: Iterable[tuple[str, Any]] = ()):
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.firsts: set[str] = set()     # first words: a token with none of them starts nothing
        self.seconds: set[str] = set()    # second words (of the phrases longer than one)
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
        if len(words) > 1:
            self.seconds.add(words[1])
        self._starting.clear()

    def only_longer(self, forms: frozenset[str]) -> bool:
        """Whether every phrase that may start at a word with these forms is longer than one word."""
        phrases = self._phrases_starting(forms)
        return bool(phrases) and all(len(words) > 1 for words, _ in phrases)

    def _phrases_starting(self, forms: frozenset[str]) -> tuple[tuple[tuple[str, ...], Any], ...]:
        """The phrases whose first word is one of `forms`, longest first; equally long ones in the order of
        the forms, then in the order they were added."""
        phrases = [entry for form in forms for entry in self._by_first.get(form, ())]
        phrases.sort(key=lambda e: -len(e[0]))     # stable
        return tuple(phrases)

    def match_at(self, tokens: Tokens, i: int) -> Match | None:
        """The longest phrase at token i (within its range), if any."""
        found = self.longest(tokens.tok, i, tokens.hi)
        return None if found is None else Match(i, found[0], found[1], found[2])

    def longest(self, tokens: list[Token], i: int, hi: int) -> tuple[int, Any, tuple[str, ...]] | None:
        """(end, value, words) of the longest phrase at token i ending by `hi`, if any: `match_at` without
        a Match, for a caller that reads the phrase and keeps nothing."""
        forms = tokens[i].forms
        if forms.isdisjoint(self.firsts):
            return None
        phrases = self._starting.get(forms)
        if phrases is None:
            phrases = self._starting[forms] = self._phrases_starting(forms)
        for words, value in phrases:
            n = len(words)
            if n == 1:
                return i + 1, value, words
            if i + n <= hi and words[1] in tokens[i + 1].forms:
                for k in range(2, n):
                    if words[k] not in tokens[i + k].forms:
                        break
                else:
                    return i + n, value, words
        return None

    def find_all(self, tokens: Tokens, start: int | None = None, end: int | None = None) -> Sequence[Match]:
        """Longest, leftmost, non-overlapping matches starting in [start, end) (by default the range of
        `tokens`), ending by `end` (a phrase may not run past the range)."""
        if start is None and end is None:
            per = tokens.found.get(self)
            if per is None:
                per = tokens.stream.found(self)
            return per[tokens.number]
        at = tokens.opening.get(self)
        if not at:
            return self._none()
        start = tokens.lo if start is None else start
        end = tokens.hi if end is None else end
        first = bisect_left(at, start)
        toks, hi = tokens.tok, tokens.hi
        out: list[Match] = []
        i = start          # matches do not overlap: nothing starts before the end of the last one
        for k in at[first:bisect_left(at, end, first)]:
            if k < i:
                continue
            found = self.longest(toks, k, hi)
            if found is not None and found[0] <= end:
                out.append(Match(k, found[0], found[1], found[2]))
                i = found[0]
        return out

    def _none(self) -> list[Match]:
        if not self.searched:
            raise ValueError("a phrase index searched along tokens must be one of their reader's openers")
        return []

    def find_each(self, stream: TokenStream) -> list[Sequence[Match]]:
        """`find_all` in each range of `stream`, in one pass over the positions of its first words (a range
        without any gets an empty tuple)."""
        los, his = stream.los, stream.his
        count = len(los)
        per: list[Sequence[Match]] = [()] * count
        at = stream.opening.get(self)
        if not at or not count:
            self._none()
            return per
        if not stream.disjoint:
            return [self.find_all(Tokens(stream, lo, hi, j), lo, hi) for j, (lo, hi) in enumerate(zip(los, his))]
        toks = stream.tokens
        j, lo, hi = 0, los[0], his[0]
        i = 0              # matches do not overlap: nothing starts before the end of the last one
        for k in at:
            if k >= hi:    # the range holding k, if any
                j += 1
                while j < count and k >= his[j]:
                    j += 1
                if j == count:
                    break
                lo, hi = los[j], his[j]
            if k < i or k < lo:
                continue
            found = self.longest(toks, k, hi)
            if found is not None:
                m = Match(k, found[0], found[1], found[2])
                if per[j]:
                    per[j].append(m)
                else:
                    per[j] = [m]
                i = m.end
        return per
