"""Who says so: claim verbs, claimants (ministry, parliament, a country),
anaphora ("الوزاره", "the ministry") and the outlet quoting them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from geo.events.lexicon import Lexicon, country_named, display_names
from geo.events.tokens import Match, Token, Tokens


Ref = Match     # a country ref: tokens [start, end) standing for a country, its ISO2 code the value (`iso`)


@dataclass
class Claim:
    verb: Match
    kind: str                      # "pre" (claim then content) or "post" ("…, according to X")
    claimant: str | None
    claimant_iso: str | None
    claimed_via: str | None
    start: int                     # first token of the claim phrase
    end: int                       # exclusive: after verb, claimant, outlet, fillers, claim dates
    claimant_pos: int


@dataclass
class Candidate:
    start: int
    end: int
    name: str | None
    iso: str | None
    outlet: str | None = None


class Claimants:
    """The claimants a document has named so far, for its anaphora ("الوزاره", "the ministry"). The latest
    name with a prefix is kept for every prefix asked about, so a long document is not walked back again
    and again."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._latest: dict[str, str | None] = {}

    def add(self, name: str) -> None:
        self._names.append(name)
        for prefix in self._latest:
            if name.startswith(prefix):
                self._latest[prefix] = name

    def latest(self, prefix: str) -> str | None:
        """The latest claimant whose name starts with `prefix`."""
        if prefix not in self._latest:
            self._latest[prefix] = next((name for name in reversed(self._names) if name.startswith(prefix)), None)
        return self._latest[prefix]


def is_organisation(template: str) -> bool:
    """A claimant template naming an organisation itself ("Hezbollah"), not one of a country's bodies."""
    return "{country}" not in template


def attached_country(refs: list[Ref], start: int, end: int, tokens: list[Token], order: tuple[str, ...]) -> Ref | None:
    """The country ref glued to a claimant noun at [start, end) (refs: the sentence's, in text order)."""
    for side in order:
        if side == "after":
            for r in refs:          # starting in [end, end + 2]
                if end <= r.start <= end + 2 and all("noun_between" in tokens[k].lists or "claim_fillers" in tokens[k].lists
                                                     for k in range(end, r.start)):
                    return r
        else:
            for r in refs:          # ending in [start - 1, start]
                if start - 1 <= r.end <= start and all("noun_between" in tokens[k].lists for k in range(r.end, start)):
                    return r
    return None


def candidates(tokens: Tokens, lex: Lexicon, refs: list[Ref], history: Claimants) -> list[Candidate]:
    out: list[Candidate] = []
    used: set[int] = set()
    for o in lex.outlets.find_all(tokens):
        out.append(Candidate(o.start, o.end, None, None, outlet=o.value))
        used.update(range(o.start, o.end))
        for r in refs:      # the country right after or before: "انترفاكس الروسيه", "Russian agency Interfax"
            if r.start == o.end:
                used.update(range(r.start, r.end))
        for r in refs:
            if r.end == o.start:
                used.update(range(r.start, r.end))
    for m in lex.claimants.find_all(tokens):
        if used and not used.isdisjoint(range(m.start, m.end)):
            continue
        template = m.value
        if "{country}" not in template:      # an organisation ("the SDF"): no country to attach
            out.append(Candidate(m.start, m.end, template, None))
            used.update(range(m.start, m.end))
            continue
        ref = attached_country(refs, m.start, m.end, tokens.tok, lex.country_search) if refs else None
        if ref is not None:
            out.append(Candidate(min(m.start, ref.start), max(m.end, ref.end), country_named(template, ref.iso), ref.iso))
            used.update(range(min(m.start, ref.start), max(m.end, ref.end)))
        else:
            out.append(Candidate(m.start, m.end, history.latest(template.split("{")[0]), None))
            used.update(range(m.start, m.end))
    for a in lex.anaphora.find_all(tokens):
        if used and not used.isdisjoint(range(a.start, a.end)):
            continue
        out.append(Candidate(a.start, a.end, history.latest(a.value), None))
        used.update(range(a.start, a.end))
    if refs:
        template = lex.claimant_country
        for r in refs:
            if used and not used.isdisjoint(range(r.start, r.end)):
                continue
            out.append(Candidate(r.start, r.end, country_named(template, r.iso), r.iso))
    if len(out) > 1:
        out.sort(key=_START)
    return out


_START = attrgetter("start")


@lru_cache(maxsize=1024)
def iso_of(name: str | None) -> str | None:
    """The country a claimant's name ends with ("Ministry of Defence of Armenia" → "AM")."""
    if not name:
        return None
    for iso, disp in display_names().items():
        if name.endswith(" of " + disp):
            return iso
    return None


def find_claims(tokens: Tokens, lex: Lexicon, verbs: list[Match], refs: list[Ref], history: Claimants, blockers: set[int], date_at: dict[int, int]) -> list[Claim]:
    """Claims in a sentence, from its claim verbs (`lex.claim_verbs` matches). `blockers`: tokens that end a
    claimant search (triggers, numbers); `date_at`: where each date of the sentence starts → where it ends."""
    if not verbs:
        return []
    cands = candidates(tokens, lex, refs, history)
    order = lex.claimant_search
    verb_tokens = {k for v in verbs for k in range(v.start, v.end)}
    claims: list[Claim] = []
    lo, n, toks = tokens.lo, tokens.hi, tokens.tok

    # the first candidate (in text order) starting at / covering each token, looked up per search step
    starting_at: dict[int, Candidate] = {}
    covering: dict[int, Candidate] = {}
    outlet_covering: dict[int, Candidate] = {}
    backward = lex.claimant_backward
    for c in cands:
        if c.start not in starting_at:
            starting_at[c.start] = c
        if backward or c.outlet:
            for k in range(c.start, c.end):
                if k not in covering:
                    covering[k] = c
                if c.outlet and k not in outlet_covering:
                    outlet_covering[k] = c

    def stop(k: int) -> bool:
        return k in blockers or k in verb_tokens or "content" in toks[k].lists

    def scan(k: int, forward: bool) -> tuple[Candidate | None, Candidate | None]:
        """From token k away from the verb (at most 8 steps, never past a stop): the first claimant
        candidate, and the first outlet passed on the way."""
        outlet: Candidate | None = None
        at = starting_at if forward else covering
        steps = 0
        while lo <= k < n and steps < 8 and not stop(k):
            c = at.get(k)
            if c is not None:
                if not c.outlet:
                    return c, outlet
                if outlet is None:
                    outlet = c
                k = c.end if forward else c.start - 1
            elif forward:
                k = date_at.get(k, k + 1)
            else:
                k -= 1
            steps += 1
        return None, outlet

    for v in verbs:
        chosen: Candidate | None = None
        outlet: Candidate | None = None
        for side in order:
            found, passed = scan(v.end, True) if side == "after" else scan(v.start - 1, False)
            outlet = outlet or passed
            if found is not None:
                chosen = found
                break
        # an outlet before an Arabic verb: "وكانت وكاله الصحافه الفرنسيه امس قد نقلت عن ارمينيا"
        if outlet is None and outlet_covering:
            k, steps = v.start - 1, 0
            while k >= lo and steps < 6 and not stop(k):
                c = outlet_covering.get(k)
                if c is not None:
                    outlet = c
                    break
                k -= 1
                steps += 1
        if chosen is None and outlet is None:
            continue
        if chosen is not None and chosen.name is None and outlet is None:
            continue
        start, end = v.start, v.end
        for part in (chosen, outlet):
            if part is not None:
                if part.start < start:
                    start = part.start
                if part.end > end:
                    end = part.end
        # extend over fillers, content markers and the statement's own date
        while end < n and end not in blockers:
            if end in date_at:
                end = date_at[end]
            elif "claim_fillers" in toks[end].lists or "content" in toks[end].lists:
                end += 1
            else:
                break
        claimant = chosen.name if chosen else None
        iso = chosen.iso if chosen and chosen.iso else iso_of(claimant)
        claims.append(Claim(v, v.value, claimant, iso, outlet.outlet if outlet else None, start, end, chosen.start if chosen else v.start))
        if claimant:
            history.add(claimant)
    if len(claims) < 2:
        return claims if not claims or claims[0].claimant or claims[0].claimed_via else []
    # one outlet in the sentence quotes the claimant that has none ("AFP reported that Armenia announced …")
    outlets = [c for c in claims if c.claimant is None and c.claimed_via]
    real = [c for c in claims if c.claimant]
    for o in outlets:
        for c in real:
            if c.claimed_via is None:
                c.claimed_via = o.claimed_via
    return [c for c in claims if c.claimant] or [c for c in claims if c.claimed_via]
