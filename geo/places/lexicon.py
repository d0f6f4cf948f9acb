"""A language's place knowledge (geo/lang/<code>/places.toml, text.toml) with
every word normalised into the keys the matcher compares."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from geo import lang
from geo.text.normalize import name_key

MIN_STEM = 3   # what is left after removing clitics: shorter remnants are particles, not names
CUE_KINDS = {"region": frozenset({"region", "admin1", "admin2", "country"}), "city": frozenset({"populated_place"})}  # what a cue admits


def _keys(words) -> frozenset[str]:
    return frozenset(k for k in (name_key(w) for w in words) if k)


@dataclass(frozen=True, eq=False)   # hashed by identity: one instance per language
class PlaceLexicon:
    clitics: tuple[tuple[str, str], ...]
    article: str
    names_capitalised: bool
    stopwords: frozenset[str]
    skip: frozenset[str]
    region_cues: frozenset[str]
    region_cues_after: frozenset[str]
    city_cues: frozenset[str]
    at: frozenset[str]
    near: frozenset[str]
    border: frozenset[str]
    border_between: frozenset[str]
    border_with: frozenset[str]
    own_country: frozenset[str]
    both_countries: frozenset[str]
    person_titles: frozenset[str]
    person_names: frozenset[str]
    person_window: int
    person_next_capitalised: bool
    person_prev_capitalised: bool
    metonymy_before: frozenset[str]
    metonymy_after: frozenset[str]
    between: frozenset[str]
    conjunction: str
    demonyms: dict[str, str]                 # key -> ISO2, exact forms
    demonym_first_words: frozenset[str]      # first words of the demonyms of several words ("south african")
    adjective_marks: str
    adjective_after_endings: tuple[str, ...]
    nisba_suffixes: tuple[str, ...]
    nisba_base: str                           # the suffix of the forms the irregular table lists
    nisba_stem_endings: tuple[str, ...]
    max_phrase: int                           # longest cue/locative phrase in tokens

    def strip_clitics(self, token: str) -> tuple[str, ...]:
        """The token and what it may be once proclitics are removed, most literal first."""
        return self._clitic_forms[token]

    @cached_property
    def _clitic_forms(self) -> _Remembered:
        """token -> strip_clitics(token), remembered: asked of most words near every name."""
        return _Remembered(self._strip_clitics)

    def _strip_clitics(self, token: str) -> tuple[str, ...]:
        forms = [token]
        for prefix, replacement in self.clitics:
            if token.startswith(prefix) and len(token) - len(prefix) >= MIN_STEM:
                forms.append(replacement + token[len(prefix):])
        if self.article:
            for form in list(forms):
                if form.startswith(self.article) and len(form) - len(self.article) >= MIN_STEM:
                    forms.append(form[len(self.article):])
        return tuple(dict.fromkeys(forms))

    def is_border_word(self, word: str) -> bool:
        """A border word, bare or under proclitics ("والحدود")."""
        return _border_word(self, word)

    def trim(self, tokens: list[str]) -> list[str]:
        """Context before a name without trailing skip words ("near the town of" -> "near the town")."""
        end = len(tokens)
        while end and tokens[end - 1] in self.skip:
            end -= 1
        return tokens[:end]

    def may_end_cue(self, word: str) -> bool:
        """Cheap test: could `word` (proclitics allowed) be the last word of a cue phrase? Only after such a
        word is context_before needed for a word that matches no name."""
        return self.phrase_ends(self._cue_phrases)[word]

    def may_end_context(self, word: str) -> bool:
        """Cheap test: could `word` (proclitics allowed) be the last word of a cue or locative phrase?"""
        return self.phrase_ends(self._context_phrases)[word]

    def phrase_ends(self, phrases: frozenset[str]) -> dict[str, bool]:
        """word -> could it (proclitics allowed) be the last word of one of `phrases`? Only before such a
        word can ends_with find a phrase; asked of most words near every name, hence a remembering dict."""
        return self._phrases[phrases].ends

    @cached_property
    def _phrases(self) -> _Remembered:
        """phrase set -> its _Phrases (a dict lookup: the phrase sets are the lexicon's own, hashed once)."""
        return _Remembered(lambda phrases: _Phrases(self, phrases))

    def context_before(self, tokens: list[str]) -> tuple[str | None, str | None]:
        """(cue, locative) of the words before a name: cue "region"/"city", locative "near"/"at"."""
        context = self.trim(tokens)
        if not context or not self.may_end_context(context[-1]):
            return None, None   # the usual case: no cue or locative phrase ends with that word
        cue = None
        for kind, phrases in (("region", self.region_cues), ("city", self.city_cues)):
            phrase = self.ends_with(context, phrases)
            if phrase:
                cue = kind
                context = self.trim(context[: len(context) - len(phrase.split())])
                break
        if self.ends_with(context, self.near):
            return cue, "near"
        if self.ends_with(context, self.at):
            return cue, "at"
        return cue, None

    @cached_property
    def _cue_phrases(self) -> frozenset[str]:
        return self.region_cues | self.city_cues

    @cached_property
    def _context_phrases(self) -> frozenset[str]:
        return self._cue_phrases | self.near | self.at

    @cached_property
    def border_links(self) -> frozenset[str]:
        """What joins a border word to the countries it names: between/with."""
        return self.border_between | self.border_with

    def after_title(self, before: list[str]) -> bool:
        """A person's title within `person_window` words before, with only name-like words between."""
        window = before[-self.person_window:] if self.person_window else []
        ends_title = self.phrase_ends(self.person_titles)
        for n in range(len(window) - 1, -1, -1):
            if ends_title[window[n]] and self.ends_with(window[: n + 1], self.person_titles):
                return not any(k in self.stopwords for k in window[n + 1:])
        return False

    def ends_with(self, tokens: list[str], phrases: frozenset[str]) -> str | None:
        """The phrase of `phrases` that `tokens` end with (longest first, proclitics allowed), or None."""
        lengths = self._phrases[phrases].ending[tokens[-1]] if tokens else None
        if not lengths:
            return None
        longest = min(self.max_phrase, len(tokens))
        return self._first_phrase(phrases, (tokens[-n:] for n in lengths if n <= longest))

    def starts_with(self, tokens: list[str], phrases: frozenset[str]) -> str | None:
        """The phrase of `phrases` that `tokens` start with (longest first, proclitics allowed), or None."""
        lengths = self._phrases[phrases].starting[tokens[0]] if tokens else None
        if not lengths:
            return None
        longest = min(self.max_phrase, len(tokens))
        return self._first_phrase(phrases, (tokens[:n] for n in lengths if n <= longest))

    def _first_phrase(self, phrases: frozenset[str], windows) -> str | None:
        """The first of the word windows that is one of `phrases` once its first word's proclitics go."""
        for window in windows:
            for first in self.strip_clitics(window[0]):
                phrase = " ".join([first, *window[1:]])
                if phrase in phrases:
                    return phrase
        return None

MAX_REMEMBERED = 200_000   # answers a _Remembered keeps before it starts afresh


class _Remembered(dict):
    """key -> work(key), worked out on first asking (a plain dict lookup after that, quicker than lru_cache)."""

    def __init__(self, work):
        super().__init__()
        self.work = work

    def __missing__(self, key):
        if len(self) >= MAX_REMEMBERED:
            self.clear()
        value = self[key] = self.work(key)
        return value


class _Phrases:
    """What rules out most places to look for some phrases, remembered per word: whether a word (proclitics
    allowed) may end one (`ends`), and the lengths, longest first, of the phrases it
    may end (`ending`; proclitics only on a phrase's first word, so only on a one-word phrase's last) or
    start (`starting`): only windows of those lengths are worth joining and looking up."""

    def __init__(self, lex: PlaceLexicon, phrases: frozenset[str]):
        last_words = frozenset(p.rsplit(" ", 1)[-1] for p in phrases)
        self.ends = _Remembered(lambda word: not last_words.isdisjoint(lex.strip_clitics(word)))
        ending: dict[str, set[int]] = {}      # last word -> the lengths of the phrases of several words it ends
        starting: dict[str, set[int]] = {}    # first word -> the lengths of the phrases it starts
        for phrase in phrases:
            words = phrase.split(" ")
            if len(words) > 1:
                ending.setdefault(words[-1], set()).add(len(words))
            starting.setdefault(words[0], set()).add(len(words))
        one_word = frozenset(p for p in phrases if " " not in p)
        self.ending = _Remembered(lambda word: sorted(
            ending.get(word, set()) | ({1} if not one_word.isdisjoint(lex.strip_clitics(word)) else set()), reverse=True))
        self.starting = _Remembered(lambda word: sorted(
            set().union(*(starting.get(form, ()) for form in lex.strip_clitics(word))), reverse=True))


@lru_cache(maxsize=200_000)
def _border_word(lex: PlaceLexicon, word: str) -> bool:
    return word in lex.border or lex.strip_clitics(word)[-1] in lex.border


@lru_cache(maxsize=None)
def lexicon(code: str) -> PlaceLexicon:
    text = lang.load(code, "text")
    places = lang.load(code, "places")
    cues, loc, met, nat = places.get("cues", {}), places.get("locative", {}), places.get("metonymy", {}), places.get("nationality", {})
    clitics = tuple((name_key(p), name_key(r)) for p, r in text.get("clitics", {}).get("prefixes", []))
    demonyms = {name_key(k): v for k, v in {**nat.get("demonyms", {}), **nat.get("irregular", {})}.items()}
    phrase_lists = [*loc.values(), *met.values(), *cues.values()]
    longest = max((len(name_key(w).split()) for group in phrase_lists if isinstance(group, list) for w in group), default=1)
    return PlaceLexicon(
        clitics=clitics,
        article=name_key(text.get("clitics", {}).get("article", "")),
        names_capitalised=text.get("matching", {}).get("names_capitalised", False),
        # cue words ("إقليم", "province") and well-known people's names ("Putin") are never names on their own
        stopwords=(_keys(places.get("stopwords", {}).get("words", [])) | _keys(cues.get("region", [])) | _keys(cues.get("city", []))
                   | _keys(places.get("persons", {}).get("names", []))),
        skip=_keys(places.get("context", {}).get("skip", [])),
        region_cues=_keys(cues.get("region", [])),
        region_cues_after=_keys(cues.get("region_after", [])),
        city_cues=_keys(cues.get("city", [])),
        at=_keys(loc.get("at", [])),
        near=_keys(loc.get("near", [])),
        border=_keys(loc.get("border", [])),
        border_between=_keys(loc.get("border_between", [])),
        border_with=_keys(loc.get("border_with", [])),
        own_country=_keys(loc.get("own_country", [])),
        both_countries=_keys(loc.get("both_countries", [])),
        person_titles=_keys(places.get("persons", {}).get("titles", [])),
        person_names=_keys(places.get("persons", {}).get("names", [])),
        person_window=places.get("persons", {}).get("window", 0),
        person_next_capitalised=places.get("persons", {}).get("next_capitalised", False),
        person_prev_capitalised=places.get("persons", {}).get("prev_capitalised", False),
        metonymy_before=_keys(met.get("before", [])),
        metonymy_after=_keys(met.get("after", [])),
        between=_keys(met.get("between", [])),
        conjunction=name_key(met.get("conjunction", "")),
        demonyms=demonyms,
        demonym_first_words=frozenset(k.split(" ", 1)[0] for k in demonyms if " " in k),
        adjective_marks="".join(nat.get("adjective_marks", [])),
        adjective_after_endings=tuple(name_key(e) for e in nat.get("adjective_after_endings", [])),
        nisba_suffixes=tuple(name_key(s) for s in nat.get("suffixes", [])),
        nisba_stem_endings=tuple(nat.get("stem_endings", [])),
        nisba_base=name_key(nat.get("base_suffix", "")),
        max_phrase=longest,
    )
