"""Choose each mention's gazetteer entry: the name's prior, then context.

Score = gazetteer prior (kind, population, capital, exact vs variant name)
+ CONTEXT_WEIGHT × the article's evidence for the candidate's country from
its other names (a country name or nationality adjective counts 1; a place
name UNAMBIGUOUS, shared among its readings' countries by a softmax of their
priors), relative to the best-supported country
+ SENTENCE_WEIGHT if that country is named in the same sentence
+ ADMIN1_WEIGHT if the town or county lies in an admin-1 unit another name
of the article names ("EDMONTON, Ky." is Edmonton, Kentucky)
+ PAIR_WEIGHT for readings that agree across "Town, Province" / "Place, Country".
A cue word leaves only the readings of its kind, when there are any
("إقليم" → region, "the city of" → town).
Confidence is the winner's share of the top two scores.

A town named with no cue word must also be plausible as a place here: a
capital or a city of a million, or a town in a country the article names
(or whose province or region it names) or after a locative — and then not
one of the language's common words (wordfreq Zipf), so "قوله" (his saying)
is not Kavála and "Reading" at a sentence start is not Reading, Berkshire.
When context drags a name to an implausible reading, a famous reading of it
is taken instead unless the article's evidence settles that country.

What a mention's candidates say on their own (their priors, kinds and
countries, the country evidence they carry) is the same in every article:
it is worked out once per candidate list (`_readings`) and memoised.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from shapely.geometry import Point

from geo.gazetteer import get_gazetteer
from geo.places.lexicon import CUE_KINDS
from geo.records import Document, Place, PlaceMention

CONTEXT_WEIGHT = 0.3
SENTENCE_WEIGHT = 0.3
ADMIN1_WEIGHT = 0.4
SETTLED = 0.6          # the article evidence that makes a reading's country settled: no fallback to a famous reading
PAIR_WEIGHT = 0.8     # "Richmond, Virginia": the pair agrees, stronger than a province named elsewhere
LOCAL_KINDS = ("populated_place", "admin2")    # what a province named in the article ranks higher
COMMON_WORD_ZIPF = 4.5      # a word at least this frequent needs its place supported by context
BIG_CITY = 1_000_000
UNAMBIGUOUS = 0.5
READING_TEMPERATURE = 0.05   # prior gap 0.05 -> e:1 odds between two readings' countries


def resolve_places(doc: Document, mentions: list[PlaceMention]) -> None:
    gz = get_gazetteer()
    context = _ArticleContext(doc, gz, mentions)
    unsupported = set()
    for m, readings in zip(mentions, context.readings):
        if m.role == "nationality":
            m.place, m.geometry = _nationality_country(gz, m.nationality_of)
            m.confidence = 1.0 if m.place else 0.0
            continue
        if not m.candidates:
            continue
        if len(readings.each) == 1 and readings.each[0].prior > 0:
            # nothing to rank: context only adds to a positive score, so the confidence is 1 whatever it says
            scored = [(1.0, readings.each[0].index)]
        else:
            scored = _scores(m, readings, context)
        if (id(m), scored[0][1]) not in context.paired and not _plausible(gz, m, scored[0][1], context):
            # context dragged the name to an unsupported reading; a famous reading stands on its own
            # ("Crystal meth ... in London": Crystal, Minnesota must not take London to Ohio)
            famous = [s for s in scored if _famous(gz, s[1])]
            if famous and context.others(m.text, gz.place(scored[0][1]).country) < SETTLED:
                scored.remove(famous[0])
                scored.insert(0, famous[0])
            else:
                unsupported.add(id(m))
        best_score, best_index = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        m.place = gz.place(best_index)
        m.confidence = best_score / (best_score + runner_up) if best_score + runner_up > 0 else 0.0
        m.geometry = mention_geometry(m.place)
        m.country, m.admin1 = m.place.country, m.place.admin1
    mentions[:] = [m for m in mentions if id(m) not in unsupported]


class _ArticleContext:
    """What the whole article says about where it is, worked out once per article."""

    def __init__(self, doc: Document, gz, mentions: list[PlaceMention]):
        self.readings = readings = [_mention_readings(gz, m) for m in mentions]
        # a named country makes a small town plausible (`named`, below), and so does a province or region named
        # elsewhere ("Indianapolis, Indiana", "Perth, Scotland"): country -> the names that may name one of its
        # units (see `_names_unit`)
        self.vouching: dict[str, set[str]] = {}
        # (country, admin-1 name) of the named provinces -> the names that may name them: their towns rank higher
        # ("EDMONTON, Ky."), but not under the province's own name ("Minnesota" is not Minneota, Minnesota)
        self.provinces: dict[tuple[str, str], set[str]] = {}
        self.language = doc.language
        for name, unit in _unit_names(mentions, readings):
            if unit.kind == "admin1":
                self.provinces.setdefault((unit.country, unit.name), set()).add(name)
            if unit.country:
                self.vouching.setdefault(unit.country, set()).add(name)
        self.named: set[str] = set()
        # what ranks readings: the countries each sentence names or anchors ("Red Deer"), and each name's
        # country evidence (1 for a country name or nationality adjective; a place name's readings' shares,
        # see _Readings), summed in mention order (float sums depend on it) ...
        self.by_sentence: dict[int, set[str]] = {}
        self.by_name: dict[str, dict[str, float]] = {}
        for m, r in zip(mentions, readings):
            country = _named_country(m, r)
            if country:
                self.named.add(country)
            if country or r.anchor:
                in_sentence = self.by_sentence.get(m.sentence_index)
                if in_sentence is None:
                    in_sentence = self.by_sentence[m.sentence_index] = set()
                in_sentence.add(country or r.anchor)
            evidence = self.by_name.get(m.text)
            if evidence is None:
                evidence = self.by_name[m.text] = {}
            if country:
                evidence[country] = 1 + evidence.get(country, 0)
            elif m.role != "nationality":
                _add(evidence, r.shares)
        self.article: dict[str, float] = {}          # ... and the whole article's
        for counts in self.by_name.values():
            _add(self.article, counts)
        self.paired = _comma_pairs(doc, gz, mentions)
        self._ranked = sorted(self.article.items(), key=lambda item: -item[1])
        self._strongest: dict[str, float] = {}

    def others(self, name: str, country: str | None) -> float:
        """The article's country evidence from every name but `name` (a name is no evidence for itself);
        0 when none, or none left above rounding."""
        total = self.article.get(country)
        if total is None:
            return 0.0
        own = self.by_name[name].get(country)
        if own is None:
            return total
        return total - own if total - own > 1e-9 else 0.0

    def strongest(self, name: str) -> float:
        """The most `others` gives any country for this name: the best-supported country's evidence."""
        top = self._strongest.get(name)
        if top is None:
            own = self.by_name[name]
            top = 0.0
            for country, weight in self._ranked:
                if country not in own:
                    top = weight
                    break
            for country in own:
                top = max(top, self.others(name, country))
            self._strongest[name] = top
        return top

    def names_province(self, country: str, admin1: str | None, other_than: str) -> bool:
        """Whether a name other than `other_than` names this province."""
        return any(name != other_than and self._names_unit(name) for name in self.provinces.get((country, admin1), ()))

    def supports(self, country: str | None, name: str) -> bool:
        """Whether the country makes a small town plausible: it is named, or a province or region of it is
        named other than by `name`."""
        return country in self.named or any(other != name and self._names_unit(other) for other in self.vouching.get(country, ()))

    def _names_unit(self, name: str) -> bool:
        """Whether a name whose likeliest reading is an admin-1 unit or region names it: not when it is a common
        word ("كنت", I was, is also Kent). Asked only where it decides something: a language's word frequencies
        take 0.1-0.3 s to load, and an article that names its country needs none of them."""
        return commonness(name, self.language) < COMMON_WORD_ZIPF


def _add(counts: dict[str, float], more: dict[str, float]) -> None:
    """Counter.update without its overhead, adding in the same order."""
    for key, value in more.items():
        counts[key] = value + counts.get(key, 0)


def _scores(m: PlaceMention, readings: _Readings, context: _ArticleContext) -> list[tuple[float, int]]:
    """(score, gazetteer index) of each reading, best first."""
    top = context.strongest(m.text)
    in_sentence = context.by_sentence.get(m.sentence_index, ())
    each = readings.each
    if m.cue:     # the cue word names the kind: "the city of Turkey" (Texas) is no country, "إقليم كاراباخ" no town
        each = [r for r in each if r.kind in CUE_KINDS[m.cue]] or each
    scored = []
    for index, prior, kind, country, admin1 in each:
        score = prior
        evidence = context.others(m.text, country)
        if evidence:
            score += CONTEXT_WEIGHT * evidence / top
        if country in in_sentence:
            score += SENTENCE_WEIGHT
        if kind in LOCAL_KINDS and context.provinces and context.names_province(country, admin1, other_than=m.text):
            score += ADMIN1_WEIGHT
        if (id(m), index) in context.paired:
            score += PAIR_WEIGHT
        scored.append((score, index))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def _plausible(gz, m: PlaceMention, index: int, context: _ArticleContext) -> bool:
    place = gz.place(index)
    if m.cue or place.kind == "country":
        return True
    # the name's commonness is asked last: a wordfreq look-up costs some 30 µs for a name new to the process
    if place.kind == "admin1":
        # admin-1 units named like adjectives ("الغربية", "Central") need the article to be about their country
        return context.supports(place.country, m.text) or commonness(m.text, m.language) < COMMON_WORD_ZIPF + 1.0
    if place.kind != "populated_place":
        return True
    if _famous(gz, index):
        return True   # a famous city's name is frequent because the city is famous
    supported = context.supports(place.country, m.text)
    if supported and any(_famous(gz, i) for i, _ in m.candidates):
        return True   # a name frequent because a famous namesake carries it ("London" in a Canadian article)
    if supported or m.locative:
        return commonness(m.text, m.language) < COMMON_WORD_ZIPF
    return False


def _famous(gz, index: int) -> bool:
    return gz.kind(index) == "populated_place" and (gz.is_capital(index) or gz.population(index) >= BIG_CITY)


@lru_cache(maxsize=65536)
def commonness(word: str, language: str) -> float:
    """Zipf frequency of the word in the language (0 when unknown). wordfreq is imported here, on the first
    question: most articles ask none (see _ArticleContext._names_unit), and importing it takes 0.1 s."""
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, language)
    except LookupError:
        return 0.0


def mention_geometry(place):
    """A mention's own geometry: the region's polygon, the town's point; a country by its label point
    (a country named in passing is not an area the article is about)."""
    if place is None:
        return None
    if place.kind == "country":
        return _label_point(place.lon, place.lat)
    return place.geometry


@lru_cache(maxsize=1024)
def _label_point(lon: float, lat: float) -> Point:
    return Point(lon, lat)     # shapely geometries are immutable: one per country serves every mention


def _comma_pairs(doc: Document, gz, mentions: list[PlaceMention]) -> set[tuple[int, int]]:
    """(mention id, candidate) pairs that agree across "Town, Province" or "Place, Country": "Richmond,
    Virginia" is the Virginia that contains a Richmond, and that Richmond; "Queensland, Australia" is the state."""
    agreed = set()
    for town, province in zip(mentions, mentions[1:]):
        if not (town.candidates and province.candidates) or doc.text[town.span[1]:province.span[0]].strip() != ",":
            continue
        units = {}
        for i, _ in province.candidates:
            unit = gz.place(i)
            if unit.kind == "admin1":
                units[(unit.country, unit.name)] = i
            elif unit.kind in ("country", "region") and unit.country:     # "Perth, Scotland"
                units[(unit.country, None)] = i
        for index, _ in town.candidates:
            place = gz.place(index)
            unit = units.get((place.country, place.admin1), units.get((place.country, None)))
            if unit is not None and place.kind not in ("country", "region"):
                agreed.update({(id(town), index), (id(province), unit)})
    return agreed


def _unit_names(mentions: list[PlaceMention], readings: list[_Readings]) -> list[tuple[str, Place]]:
    """(name, place) of the mentions whose likeliest reading is an admin-1 unit or region."""
    return [(m.text, r.unit) for m, r in zip(mentions, readings) if r.unit is not None]


def _named_country(m: PlaceMention, readings: _Readings) -> str | None:
    """The country a mention names: a nationality adjective's, or a country name's ("Georgia" may be one)."""
    if m.role == "nationality" and m.nationality_of:
        return m.nationality_of
    return readings.country


class _Reading(NamedTuple):
    """One candidate: what scoring reads of it."""

    index: int                    # in the gazetteer
    prior: float                  # of the candidate's name posting
    kind: str
    country: str | None
    admin1: str | None


class _Readings(NamedTuple):
    """What a name's readings say on their own: the same in every article, so worked out once per
    candidate list."""

    each: tuple[_Reading, ...]
    country: str | None           # the country a reading names (the last one), if any reading is a country
    anchor: str | None            # the one country all readings lie in ("Red Deer"), if any
    shares: dict[str, float]      # UNAMBIGUOUS shared among the readings' countries by a softmax of their
    #                               priors ("London" is mostly England, "Heathrow" half England, half Florida)
    unit: Place | None            # the likeliest reading (the first of equal priors) if an admin-1 unit or region


_NO_READINGS = _Readings(each=(), country=None, anchor=None, shares={}, unit=None)   # _readings of no candidates


def _mention_readings(gz, m: PlaceMention) -> _Readings:
    """The _Readings of a mention's candidates; a nationality adjective (half the mentions) has none to look up."""
    return _readings(gz, tuple(m.candidates)) if m.candidates else _NO_READINGS


@lru_cache(maxsize=1 << 14)
def _readings(gz, candidates: tuple[tuple[int, int], ...]) -> _Readings:
    """The _Readings of a candidate list (callers must not change its `shares`: the entry is shared).
    Keyed by the list, not the name: the finder may leave out some of a name's postings in one mention
    (an acronym, a missing period); and by the gazetteer, so a reset one starts afresh."""
    each = []
    country = likeliest = None
    best: dict[str, float] = {}      # country -> the prior of its likeliest reading
    for index, flags in candidates:
        # columns, not gz.place(): most candidates are never chosen, and a Place costs several times more
        prior, kind, place_country = gz.prior(index, flags), gz.kind(index), gz.country(index)
        each.append(_Reading(index, prior, kind, place_country, gz.admin1(index)))
        if kind == "country":
            country = place_country
        if place_country:
            best[place_country] = max(best.get(place_country, 0.0), prior)
        if likeliest is None or prior > likeliest.prior:
            likeliest = each[-1]
    unit = gz.place(likeliest.index) if likeliest and likeliest.kind in ("admin1", "region") else None
    anchor = next(iter(best)) if len(best) == 1 else None
    if country:
        return _Readings(tuple(each), country, anchor, {country: 1}, unit)
    shares = {}
    if best:
        top = max(best.values())
        weights = {c: math.exp((p - top) / READING_TEMPERATURE) for c, p in best.items()}
        total = sum(weights.values())
        shares = {c: UNAMBIGUOUS * w / total for c, w in weights.items()}
    return _Readings(tuple(each), None, anchor, shares, unit)


@lru_cache(maxsize=1024)
def _nationality_country(gz, iso2: str | None) -> tuple[Place | None, object]:
    """The country a nationality adjective refers to, and its mention geometry."""
    index = gz.index_of(f"country:{iso2}")
    place = gz.place(index) if index is not None else None
    return place, mention_geometry(place)


def document_countries(gz, mentions: list[PlaceMention]) -> Counter:
    """How strongly the article points at each country: 1 per country name or nationality adjective."""
    return Counter(filter(None, (_named_country(m, _mention_readings(gz, m)) for m in mentions)))
