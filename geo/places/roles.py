"""Decide what each place mention does in its sentence.

- border: a border word then between/with before the name ("على الحدود بين
  أذربيجان وأرمينيا", "the border with Armenia") → event_location, locative "border";
- metonymy: a capital or country after a control/speech cue ("تحت سيطرة باكو",
  "أعلنت أرمينيا"), before a speech verb ("Moscow said"), or two of them joined
  after "between" with no border word ("الحرب بين يريفان وباكو") → actor_metonym;
- locative or cue word ("قرب إقليم …", "in the village of …") → event_location;
- everything else → other (the event stage may later mark it background).
Nationality mentions were decided by the finder.
"""

from __future__ import annotations

from bisect import bisect_left

from geo.gazetteer import get_gazetteer
from geo.places.finder import PlaceTokens, place_tokens
from geo.places.lexicon import PlaceLexicon, lexicon
from geo.records import Document, PlaceMention

BORDER_WINDOW = 5       # tokens between a border word and the name it governs


def assign_roles(doc: Document, mentions: list[PlaceMention]) -> None:
    lex = lexicon(doc.language)
    gz = get_gazetteer()
    tokens = place_tokens(doc)
    by_sentence: dict[int, list[PlaceMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    for index, group in by_sentence.items():
        sentence = tokens.sentences[index]
        keys = tokens.keys[sentence[0]:sentence[1]]
        previous: PlaceMention | None = None
        previous_end = -1   # the token after the previous mention, asked only when that one is no nationality
        for m in group:
            if m.role != "nationality":
                first, last = _token_bounds(tokens, sentence, m.span)
                if (previous is not None and previous.role in ("actor_metonym", "event_location")
                        and previous.locative in ("border", "between", None) and _joined(lex, keys, previous_end, first)):
                    _copy_role(gz, m, previous)
                else:
                    _decide(gz, lex, keys, first, last, m)
                previous_end = last
            previous = m


def _token_bounds(tokens: PlaceTokens, sentence: tuple[int, int], span: tuple[int, int]) -> tuple[int, int]:
    """(first token, one past the last) of a mention's span, counted in its sentence (the document's tokens
    [sentence[0], sentence[1])); 0 for an edge that is no token's."""
    begin, end = sentence
    first = bisect_left(tokens.starts, span[0], begin, end)
    last = bisect_left(tokens.ends, span[1], begin, end)
    return (first - begin if first < end and tokens.starts[first] == span[0] else 0,
            last + 1 - begin if last < end and tokens.ends[last] == span[1] else 0)


def _stands_for_state(gz, m: PlaceMention) -> bool:
    for index, _ in m.candidates:
        if gz.kind(index) == "country" or gz.is_capital(index):
            return True
    return False


def _joined(lex: PlaceLexicon, keys: list[str], previous_end: int, first: int) -> bool:
    """Two names joined by a conjunction: "X and Y", or Arabic "X وY" (the conjunction glued on)."""
    gap = keys[previous_end:first]
    if gap == [lex.conjunction]:
        return True
    return not gap and bool(lex.conjunction) and keys[first].startswith(lex.conjunction)


def _copy_role(gz, m: PlaceMention, previous: PlaceMention) -> None:
    if previous.locative == "border":
        m.role, m.locative = "event_location", "border"
    elif previous.role == "actor_metonym" and _stands_for_state(gz, m):
        m.role, m.locative = "actor_metonym", "between"
    elif previous.role == "event_location":
        m.role, m.locative = "event_location", previous.locative


def _decide(gz, lex: PlaceLexicon, keys: list[str], first: int, last: int, m: PlaceMention) -> None:
    raw = keys[max(0, first - BORDER_WINDOW - 2):first]
    before = lex.trim(raw)
    after = keys[last:last + lex.max_phrase]
    # the phrase tests come before the candidates' test, which is the dearer and rarely asked
    if _border_before(lex, before):
        m.role, m.locative = "event_location", "border"
    elif ((lex.ends_with(raw, lex.metonymy_before) or lex.ends_with(before, lex.metonymy_before)
           or lex.starts_with(after, lex.metonymy_after)) and _stands_for_state(gz, m)):
        m.role = "actor_metonym"
    elif lex.ends_with(before, lex.between) and _stands_for_state(gz, m):
        m.role, m.locative = "actor_metonym", "between"
    elif m.cue or m.locative:
        m.role, m.locative = "event_location", m.locative or "at"
    else:
        m.role = "other"


def _border_before(lex: PlaceLexicon, before: list[str]) -> bool:
    """A border word governs the name: right before it, or followed by between/with (and the speaker's country)."""
    ends_border = lex.phrase_ends(lex.border)
    if not any(map(ends_border.__getitem__, before)):   # the usual case, told in one pass
        return False
    for n in range(len(before) - 1, -1, -1):
        if ends_border[before[n]] and lex.ends_with(before[: n + 1], lex.border):
            rest = before[n + 1:]
            return not rest or any(lex.ends_with(rest[: k + 1], lex.border_links) for k in range(len(rest)))
    return False
