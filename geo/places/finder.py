"""Find place mentions: gazetteer n-grams over normalised tokens.

Per sentence, the longest gazetteer name starting at each token wins; the
first token may carry proclitics (وباكو، لأذربيجان، بالحدود). A match must be
strong enough for its context: countries, admin-1 units, regions and towns
of 15,000+ people stand on their own; smaller places need a cue word
("village", "قرية") or a locative preposition, so common words do not turn
into villages. After a cue word, a misspelt name is matched fuzzily. A short
all-capital acronym only matches codes and aliases ("UK", "NYC"; "BA" is no
Ba, Fiji).
Nationality adjectives (الأذربيجانية، Azerbaijani) become `nationality`
mentions pointing at their country, never places.

The document is read as a whole: its words are parallel lists (`PlaceTokens`,
no object per word, shared with the role stage), each sentence a range of
them, and a word's facts come from a table kept across articles, so the
per-word work is a few vectorised passes over the words' flag bits; only the
tokens a name, a cue or a demonym may start at are looked at one by one.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, repeat

import numpy as np

from geo.gazetteer import get_gazetteer
from geo.places.lexicon import CUE_KINDS, PlaceLexicon, lexicon
from geo.records import Document, PlaceMention
from geo.text.normalize import name_key
from geo.text.words import document_words

STRONG_POPULATION = 15000
MEDIUM_POPULATION = 1000
FUZZY_MIN_SCORE = 85


@dataclass
class PlaceTokens:
    """The document's tokens as parallel lists (the place stages make no object per word)."""
    text: str                 # the document's
    keys: list[str]           # normalised
    starts: list[int]         # document offsets of the original characters
    ends: list[int]
    sentences: list[tuple[int, int]]   # each sentence's tokens: [first, end)
    sentence_of: list[int]    # token -> its sentence (every word lies in one: sentences end at spaces)

    @cached_property
    def capitalised(self) -> np.ndarray:
        """Token -> its first character is upper-case or no letter; worked out only for languages that ask."""
        return _capitalised(self.text, self.starts)

    @cached_property
    def sentence_first(self) -> np.ndarray:
        """Token -> the first token of its sentence."""
        firsts = np.zeros(len(self.keys), dtype=np.intp)
        for first, end in self.sentences:
            if first < end:
                firsts[first] = first
        return np.maximum.accumulate(firsts)


def place_tokens(doc: Document) -> PlaceTokens:
    """The document's tokens, read once and shared by the place stages."""
    tokens = doc.scratch.get("place-tokens")
    if tokens is None:
        words = document_words(doc)
        sentences = [(bisect_left(words.starts, s.start), bisect_left(words.starts, s.end)) for s in doc.sentences]
        sentence_of = list(chain.from_iterable(repeat(index, end - first) for index, (first, end) in enumerate(sentences)))
        tokens = doc.scratch["place-tokens"] = PlaceTokens(doc.text, words.keys, words.starts, words.ends, sentences, sentence_of)
    return tokens


def _capitalised(text: str, starts: list[int]) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[starts]
    capitalised = _capital_codes()[np.minimum(codes, 0xFFFF)]
    for at in np.flatnonzero(codes > 0xFFFF).tolist():   # beyond the BMP (rare): asked of the character
        capitalised[at] = _is_capital(chr(codes[at]))
    return capitalised


def _is_capital(char: str) -> bool:
    """Whether a word starting with `char` counts as capitalised (digits do)."""
    return char.isupper() or not char.isalpha()


@lru_cache(maxsize=1)
def _capital_codes() -> np.ndarray:
    """_is_capital over the BMP, by code point."""
    return np.array([_is_capital(chr(code)) for code in range(0x10000)])


MAX_WORDS = 200_000   # word forms remembered per language before the table starts afresh
MAX_NAMES = 1_000_000   # gazetteer keys (one-word forms and longer n-grams) remembered likewise


@dataclass(frozen=True, slots=True)
class _Name:
    """A gazetteer key's postings and what the finder asks of them, worked out once per key."""
    postings: list        # [(place index, flags)], shared: a mention copies it
    without_period: list  # the postings of the name written without a period after it (likewise shared)
    kinds: frozenset[str]
    stands_alone: bool    # some reading is no town, or a town of STRONG_POPULATION: no context needed
    population: int       # of its most populous town reading (0 when none)

    @classmethod
    def of(cls, gz, postings: list) -> _Name:
        kinds = frozenset(gz.kind(index) for index, _ in postings)
        towns = [gz.population(index) for index, _ in postings if gz.kind(index) == "populated_place"]
        stands_alone = kinds != {"populated_place"} or max(towns) >= STRONG_POPULATION
        without_period = [p for p in postings if not gz.needs_period(p[1])]    # "PARIS, Mo." is Missouri; "Mo" is not
        return cls(postings, without_period, kinds, stands_alone, max(towns, default=0))

    @property
    def is_country(self) -> bool:
        return "country" in self.kinds


@dataclass(frozen=True, slots=True)
class _Word:
    """What the finder needs to know about a normalised word as the first word of a place name, worked out
    once per word form. Its forms are the ways to read it so: itself, or without its proclitics."""
    one_word_names: tuple[tuple[int, str, _Name], ...]   # (1, form, name) of its forms that are one-word names (no stopwords)
    # (form, whether the form or the word is a stopword) of its forms (most literal first) a name of several
    # words starts with
    longer_forms: tuple[tuple[str, bool], ...]


# What the finder asks of every token, as bits of its word's byte in the _WordTable: a document's tokens are
# then tested in a few vectorised passes.
MAY_START_NAME = 1
SKIP = 2                  # a context word skipped before a cue ("the")
ENDS_CUE = 4              # may be the last word of a cue phrase (a skip word never is: it is trimmed)
ENDS_CONTEXT = 8          # may be the last word of a cue or locative phrase (likewise)
NUMBER = 16
MAY_BE_NATIONALITY = 32   # a demonym on its own, or the first word of a two-word one


class _WordTable(dict):
    """Normalised word -> its flag bits for one gazetteer and language, word -> its _Word in `words`, gazetteer
    key -> _Name (None: no name) in `names`, and two words -> the names of several words the first may start
    with the second after it in `pairs`; new words, pairs and n-grams are learnt a document at a time so the
    gazetteer is searched in batches."""

    def __init__(self, gz, lex: PlaceLexicon):
        super().__init__()
        self.gz, self.lex = gz, lex
        self.words: dict[str, _Word] = {}
        self.names: dict[str, _Name | None] = {}
        # (word, next word) -> (most words, form, whether the form or the word is a stopword) of each form of
        # the word that starts a name of several words with the next word, most literal first; mostly empty
        self.pairs: dict[tuple[str, str], tuple[tuple[int, str, bool], ...]] = {}

    def flags(self, keys: list[str]) -> np.ndarray:
        """The flag bits of each of the words (KeyError: one not learnt yet)."""
        return np.frombuffer(bytes(map(self.__getitem__, keys)), dtype=np.uint8)

    def learn(self, keys: set[str]) -> None:
        new = [k for k in keys if k not in self]
        if len(self) + len(new) > MAX_WORDS or len(self.names) > MAX_NAMES or len(self.pairs) > MAX_NAMES:
            self.clear()
            self.words.clear()
            self.names.clear()
            self.pairs.clear()
            new = list(keys)
        if not new:
            return
        lex = self.lex
        forms = {k: lex.strip_clitics(k) for k in new}
        distinct = list({f for group in forms.values() for f in group})
        most_words = dict(zip(distinct, self.gz.name_words(distinct)))
        self.learn_names(distinct)
        for key, group in forms.items():
            stopword = {f: key in lex.stopwords or f in lex.stopwords for f in group}
            longer_forms = tuple((f, stopword[f]) for f in group if most_words[f] > 1)
            self.words[key] = _Word(
                one_word_names=tuple((1, f, self.names[f]) for f in group if self.names[f] and not stopword[f]),
                longer_forms=longer_forms,
            )
            skip = key in lex.skip
            self[key] = ((MAY_START_NAME if longer_forms or any(self.names[f] for f in group) else 0)
                         | (SKIP if skip else 0)
                         | (ENDS_CUE if lex.may_end_cue(key) and not skip else 0)
                         | (ENDS_CONTEXT if lex.may_end_context(key) and not skip else 0)
                         | (NUMBER if key.isdigit() else 0)
                         | (MAY_BE_NATIONALITY if _nationality_of_word(self.gz, lex, key) is not None
                            or key in lex.demonym_first_words else 0))

    def learn_names(self, keys) -> None:
        """Look up, in one search, the keys not looked up yet."""
        new = [k for k in set(keys) if k not in self.names]
        postings = self.gz.lookup_keys(new)
        for key in new:
            self.names[key] = _Name.of(self.gz, postings[key]) if key in postings else None

    def learn_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Look up, in one search, the pairs of learnt words not looked up yet."""
        new = set(pairs).difference(self.pairs)
        asked = [(pair, form, stopword) for pair in new for form, stopword in self.words[pair[0]].longer_forms]
        starting: dict[tuple[str, str], list] = {pair: [] for pair in new}
        for (pair, form, stopword), most in zip(asked, self.gz.name_words([f"{form} {pair[1]}" for pair, form, _ in asked])):
            if most > 1:
                starting[pair].append((most, form, stopword))
        self.pairs.update((pair, tuple(forms)) for pair, forms in starting.items())


@lru_cache(maxsize=8)
def _word_table(gz, lex: PlaceLexicon) -> _WordTable:
    return _WordTable(gz, lex)


def find_places(doc: Document) -> list[PlaceMention]:
    lex = lexicon(doc.language)
    gz = get_gazetteer()
    table = _word_table(gz, lex)
    tokens = place_tokens(doc)
    try:
        flags = table.flags(tokens.keys)
    except KeyError:   # new words: learnt together, so the gazetteer is searched once
        table.learn(set(tokens.keys))
        flags = table.flags(tokens.keys)
    # the tokens a mention may start at: no number, and where names are capitalised, a capitalised word
    usable = (flags & NUMBER) == 0
    if lex.names_capitalised:
        usable &= tokens.capitalised
    # token -> its word, at the tokens a gazetteer name may start at
    name_starts = {i: table.words[tokens.keys[i]] for i in np.flatnonzero(usable & ((flags & MAY_START_NAME) != 0)).tolist()}
    longer = _longer_name_keys(lex, table, tokens, name_starts)
    table.learn_names([key for at in longer.values() for _, key in at])
    names = table.names
    # token -> (length, key, name) of the gazetteer names starting there, longest first
    named = {i: word.one_word_names for i, word in name_starts.items() if word.one_word_names}
    for i, at in longer.items():
        known = [(length, key, name) for length, key in at if (name := names[key])]
        if known:
            named[i] = known + list(named.get(i, ()))
    after_cue, after_context = _words_after(lex, tokens, flags)
    candidates = after_cue | ((flags & MAY_BE_NATIONALITY) != 0)   # other tokens start no mention
    candidates[list(named)] = True
    after_cue, after_context = after_cue.tolist(), after_context.tolist()
    text, keys = doc.text, tokens.keys
    found: list[PlaceMention] = []
    persons: set[str] = set()    # town names this article has shown to be people's ("Mr Emery" ... "Emery said")
    end = 0   # tokens before it are part of a mention already
    for i in np.flatnonzero(candidates & usable).tolist():
        if i < end:
            continue
        first, last = tokens.sentences[tokens.sentence_of[i]]   # the sentence's tokens: [first, last)
        if i not in named and not after_cue[i]:
            # no name starts here and no cue word precedes: at most a nationality adjective
            iso2 = _nationality(gz, lex, keys, i, last)
            if iso2:
                found.append(_mention(doc, tokens, i, 1, role="nationality", nationality_of=iso2))
            continue
        cue, locative = (lex.context_before(words_before(text, tokens, first, i, 2 * lex.max_phrase))
                         if after_context[i] else (None, None))
        match = _exact_match(named.get(i, []), cue, locative is not None)
        after_name = i > first and bool(found) and found[-1].span[1] == tokens.ends[i - 1]
        iso2 = _nationality_at(text, gz, lex, tokens, first, last, i, match, after_name)
        if iso2:
            found.append(_mention(doc, tokens, i, 1, role="nationality", nationality_of=iso2))
            continue
        if cue and (match is None or not _fits_cue(match[1], cue)):
            fuzzy = _fuzzy_match(gz, lex, tokens, i, last, cue)
            if fuzzy and (match is None or fuzzy[0] > match[0]):
                match = fuzzy
        if match is None:
            continue
        length, name, _key = match
        postings = name.postings if text.startswith(".", tokens.ends[i + length - 1]) else name.without_period
        if length == 1 and _acronym(text[tokens.starts[i]:tokens.ends[i]]):
            # "BA cabin crew" is no Ba, Fiji: an acronym is only a code or alias ("UK", "NYC")
            postings = [p for p in postings if gz.is_abbreviation(p[1])]
        if not postings:
            continue
        end = i + length
        person = _names_a_person(lex, text, tokens, first, last, i, length, name)
        if person:
            if person == "titled" and length == 1:
                persons.add(keys[i])
            continue
        found.append(_mention(doc, tokens, i, length, candidates=list(postings),   # its own list: the word table's are shared
                              cue=cue or ("region" if end < last and keys[end] in lex.region_cues_after else None),
                              locative=locative))
    if not persons:
        return found
    return [m for m in found if m.role == "nationality" or name_key(m.text) not in persons]


def words_before(text: str, tokens: PlaceTokens, first: int, i: int, n: int) -> list[str]:
    """Up to n keys before token i in its clause (its sentence starts at token `first`): a cue or locative
    phrase is not cut by punctuation ("Sioux City, Iowa" has no "city" cue before Iowa)."""
    first = max(first, i - n)
    for k in range(i, first, -1):
        if not text[tokens.ends[k - 1]:tokens.starts[k]].isspace():
            return tokens.keys[k:i]
    return tokens.keys[first:i]


def _words_after(lex: PlaceLexicon, tokens: PlaceTokens, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token -> whether its preceding words in its sentence (2 * max_phrase of them, trailing skip words
    trimmed) end with a word that may end a cue phrase (the only tokens a word starting no name is worth a
    look at), and whether they end with a word that may end a cue or locative phrase (the only tokens
    context_before can find one before). Such a word is no skip word, so it is the nearest word before the
    token that is none."""
    index = np.arange(len(flags))
    before = np.empty_like(index)   # token -> the nearest token before it that is no skip word (-1: none)
    before[:1] = -1
    before[1:] = np.maximum.accumulate(np.where(flags & SKIP, -1, index))[:-1]
    near = (before >= tokens.sentence_first) & (index - before <= 2 * lex.max_phrase)
    ends = flags[before]    # (a token with none is not near it)
    return near & ((ends & ENDS_CUE) != 0), near & ((ends & ENDS_CONTEXT) != 0)


ACRONYM_LETTERS = 3


def _acronym(surface: str) -> bool:
    return len(surface) <= ACRONYM_LETTERS and surface.isalpha() and surface.isupper()


def _mention(doc: Document, tokens: PlaceTokens, i: int, length: int, *, role: str = "other",
             nationality_of: str | None = None, candidates: list | None = None, cue: str | None = None,
             locative: str | None = None) -> PlaceMention:
    """A mention of tokens [i, i + length), every field given at once (no keyword dict, no default list to
    replace: a document makes dozens)."""
    start, end = tokens.starts[i], tokens.ends[i + length - 1]
    sentence = doc.sentences[tokens.sentence_of[i]]
    return PlaceMention(text=doc.text[start:end], span=(start, end), sentence_index=sentence.index, role=role,
                        nationality_of=nationality_of, language=doc.language, source_text=sentence.text,
                        candidates=[] if candidates is None else candidates, cue=cue, locative=locative)


def _names_a_person(lex: PlaceLexicon, text: str, tokens: PlaceTokens, first: int, last: int, i: int, length: int,
                    name: _Name) -> str | None:
    """A town name that is part of a longer name: after a person's title, or (capitalised scripts) a
    one-word match joined to another capitalised word that is neither a cue nor a common word: the one
    after it ("Vladimir Putin", "Ain Issa" when the gazetteer knows only "Ain") or the one before it
    ("Eric Campbell"). "titled": after a title ("Mr Emery"), so the article's later "Emery" is the man too.
    The sentence's tokens are [first, last)."""
    if name.is_country:
        return None
    if lex.after_title(tokens.keys[max(first, i - lex.person_window):i]):
        return "titled"
    if length != 1:
        return None
    if _all_capitals(text, tokens, i):    # like a dateline ("WASHINGTON —")
        return None
    if lex.person_next_capitalised and i + 1 < last and _name_word(lex, text, tokens, i, i + 1):
        return "name"
    if lex.person_prev_capitalised and i > first and _name_word(lex, text, tokens, i - 1, i, before=True):
        return "name"
    return None


def _name_word(lex: PlaceLexicon, text: str, tokens: PlaceTokens, first: int, second: int, before: bool = False) -> bool:
    """The other word of a two-word personal name (tokens `first`, `second`): capitalised, alphabetic, only
    spaces between, and no stopword, title or region word (`before`: the first word, which must not itself
    be upper-case)."""
    other = first if before else second
    key = tokens.keys[other]
    return (not text[tokens.ends[first]:tokens.starts[second]].strip() and tokens.capitalised[other] and key.isalpha()
            and not (before and _all_capitals(text, tokens, other))
            and (key not in lex.stopwords or key in lex.person_names) and key not in lex.person_titles
            and key not in lex.region_cues_after)


def _all_capitals(text: str, tokens: PlaceTokens, i: int) -> bool:
    surface = text[tokens.starts[i]:tokens.ends[i]]
    return len(surface) > 1 and surface.isupper()


def _nationality_at(text: str, gz, lex: PlaceLexicon, tokens: PlaceTokens, first: int, last: int, i: int, match,
                    after_name: bool) -> str | None:
    """ISO2 when token i (of the sentence's tokens [first, last)) is a nationality adjective rather than the
    place `match` (if any) says (`after_name`: the word before ends a place mention, so "سورية روسية" is no
    noun and adjective)."""
    keys = tokens.keys
    if match is None or (match[0] == 1 and (not match[1].is_country or _article_stripped(lex, keys[i], match))):
        return _nationality(gz, lex, keys, i, last)
    if match[0] != 1:
        return None
    mark = text[tokens.ends[i]:tokens.ends[i] + 1]
    if mark and mark in lex.adjective_marks:
        return _country_of_key(gz, match[2])
    if i > first and not after_name and keys[i] == match[2] and keys[i - 1].endswith(lex.adjective_after_endings):
        return _nationality(gz, lex, keys, i, last)     # only a bare word that also reads as a nisba ("وروسية" is "and Russia")
    return None


def _article_stripped(lex: PlaceLexicon, token: str, match) -> bool:
    """The one-token match only matched without its article: "التركية" read as "تركية" (Turkey) is the adjective."""
    return bool(lex.article) and lex.article in token[:4] and not match[2].startswith(lex.article)


def _longer_name_keys(lex: PlaceLexicon, table: _WordTable, tokens: PlaceTokens,
                      name_starts: dict[int, _Word]) -> dict[int, list[tuple[int, str]]]:
    """Token -> (length, key) of the gazetteer names of several words that may start there, longest first,
    literal forms first. A form is tried only at lengths some name starting with it and the next word has
    (most first words of long names, "the", "on", "من", "بين", start none with the word after them), and a
    name ends in its sentence."""
    keys, pairs = tokens.keys, table.pairs
    starting_at = {}   # token -> the names of several words its word may start with the next word
    unseen = []        # tokens whose word and next word have not been looked up together yet
    for i, word in name_starts.items():
        if word.longer_forms and i + 1 < len(keys):
            starting = pairs.get((keys[i], keys[i + 1]))
            if starting is None:
                unseen.append(i)
            elif starting:
                starting_at[i] = starting
    if unseen:
        table.learn_pairs([(keys[i], keys[i + 1]) for i in unseen])
        starting_at.update((i, starting) for i in unseen if (starting := pairs[keys[i], keys[i + 1]]))
    grams = {}
    for i, starting in starting_at.items():
        room = tokens.sentences[tokens.sentence_of[i]][1] - i   # the tokens from i to the sentence's end
        at = []
        for length in range(min(max(most for most, _, _ in starting), room), 1, -1):
            if lex.names_capitalised and not tokens.capitalised[i + length - 1]:
                continue
            rest = keys[i + 1:i + length]
            tail = " ".join(rest)
            for most, form, stopword in starting:
                if most >= length and not (stopword and lex.stopwords.issuperset(rest)):    # "شمال شرق", "North East": not names
                    at.append((length, f"{form} {tail}"))
        if at:
            grams[i] = at
    return grams


def _exact_match(named: list[tuple[int, str, _Name]], cue: str | None, locative: bool):
    """(length, name, matched key) of the longest acceptable gazetteer name among the names a token starts."""
    for length, key, name in named:
        if _strong_enough(name, length, cue, locative):
            return length, name, key
    return None


def _strong_enough(name: _Name, length: int, cue: str | None, locative: bool) -> bool:
    if name.stands_alone or cue:
        return True
    return name.population >= MEDIUM_POPULATION and (locative or length >= 2)


def _fits_cue(name: _Name, cue: str) -> bool:
    return bool(name.kinds & CUE_KINDS[cue])


def _fuzzy_match(gz, lex: PlaceLexicon, tokens: PlaceTokens, i: int, last: int, cue: str):
    """A misspelt name right after a cue word: the best fuzzy candidate of the cue's kind over 3, 2 or 1 tokens
    (of the sentence's, which end at `last`)."""
    best = None
    for length in range(min(3, last - i), 0, -1):
        if lex.names_capitalised and not all(tokens.capitalised[i:i + length]):
            continue
        window = tokens.keys[i:i + length]
        if any(k in lex.stopwords or k.isdigit() for k in window):
            continue
        phrase = " ".join(window)
        if length == 1 and len(phrase) < 5:
            continue
        for candidate in gz.fuzzy(phrase, limit=3, min_score=FUZZY_MIN_SCORE):
            name = _Name.of(gz, [(candidate.index, 0)])
            if _fits_cue(name, cue) and (best is None or candidate.score * length > best[3]):
                best = (length, name, candidate.matched_name, candidate.score * length)
    return best[:3] if best else None


def _nationality(gz, lex: PlaceLexicon, keys: list[str], i: int, last: int) -> str | None:
    """ISO2 of the country a nationality adjective at token i refers to (one word, or two: "South African",
    in the sentence, which ends at token `last`)."""
    found = _nationality_of_word(gz, lex, keys[i])
    if found is None and i + 1 < last:
        found = lex.demonyms.get(f"{keys[i]} {keys[i + 1]}")
    return found


@lru_cache(maxsize=200_000)
def _nationality_of_word(gz, lex: PlaceLexicon, word: str) -> str | None:
    """A listed demonym, or a country name under a nisba suffix ("الاذربيجانيه" -> اذربيجان -> AZ)."""
    for form in lex.strip_clitics(word):
        if form in lex.demonyms:
            return lex.demonyms[form]
        for suffix in lex.nisba_suffixes:
            if not form.endswith(suffix) or len(form) - len(suffix) < 3:
                continue
            stem = form[: -len(suffix)]
            if stem + lex.nisba_base in lex.demonyms:
                return lex.demonyms[stem + lex.nisba_base]
            for ending in lex.nisba_stem_endings:
                for candidate in (stem + ending, lex.article + stem + ending if lex.article else None):
                    country = _country_of_key(gz, candidate) if candidate else None
                    if country:
                        return country
    return None


@lru_cache(maxsize=200_000)
def _country_of_key(gz, key: str) -> str | None:
    """ISO2 of the country a gazetteer key names, if any (a gazetteer search: remembered)."""
    for index, _ in gz.lookup_key(key):
        place = gz.place(index)
        if place.kind == "country":
            return place.country
    return None
