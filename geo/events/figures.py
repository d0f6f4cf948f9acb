"""Attach each counted quantity to what happened to it: killed, wounded,
missing, captured, positions lost, vehicles destroyed."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from geo.events.lexicon import Lexicon
from geo.events.numbers import Quantity
from geo.events.tokens import Match, Token, Tokens


@dataclass
class Figure:
    field: str                 # Event field name
    value: int | None
    quantity: Quantity
    cue: Match


def _gap_ok(tokens: list[Token], a: int, b: int, lex: Lexicon, lists: tuple[str, ...], refs_at: set[int]) -> bool:
    return all(any(l in tokens[k].lists for l in lists) or k in refs_at for k in range(a, b))


def assign(tokens: Tokens, lex: Lexicon, quantities: list[Quantity], cues: list[Match], refs_at: set[int]) -> list[Figure]:
    out: list[Figure] = []
    lo, toks = tokens.lo, tokens.tok
    prev: Figure | None = None
    prefer_after = 1 if lex.options.get("figure_cue_preference") == "after" else 0
    cue_starts = [c.start for c in cues]
    cue_ends = [c.end for c in cues]        # cues do not overlap: their ends ascend too
    for q in quantities:
        if q.cls == "other":
            prev = None
            continue
        # the cues that can count it: before it with only gap words between, in its noun, or at most 3 tokens
        # after it (in a long sentence the others are not looked at one by one)
        gap_start = q.start
        while gap_start > lo and "cue_gap" in toks[gap_start - 1].lists:
            gap_start -= 1
        best: tuple[int, int, Match] | None = None      # (distance, side 0=before 1=after, cue)
        for c in cues[bisect_left(cue_ends, gap_start):bisect_right(cue_starts, q.end + 3)]:
            if q.noun_start is not None and q.noun_start <= c.start < q.end:
                cand = (0, 0, c)                       # the noun is the cue ("13 اسيرا")
            elif c.end <= q.start:
                if not _gap_ok(toks, c.end, q.start, lex, ("cue_gap",), set()):
                    continue
                cand = (0, prefer_after, c)            # only gap words between: distance 0
            elif c.start >= q.end:
                if c.start - q.end > 3 or not _gap_ok(toks, q.end, c.start, lex, ("verb_gap", "adjectives"), refs_at):
                    continue
                d = sum(1 for k in range(q.end, c.start) if "verb_gap" not in toks[k].lists)
                cand = (d, 1 - prefer_after, c)
            else:
                continue
            if best is None or cand[:2] < best[:2]:
                best = cand
        if q.weak and (best is None or best[0] != 0 or best[2].end > q.start):
            continue
        if best is None:
            # "killing three soldiers and two civilians": the second inherits the first's cue
            if prev is not None and q.start - prev.quantity.end <= 1 and q.cls == prev.quantity.cls:
                out.append(prev := Figure(prev.field, q.value, q, prev.cue))
            continue
        group = best[2].value
        cls = q.cls or ("person" if group in lex.roles.get("person", {}) else None)
        field = lex.roles.get(cls or "", {}).get(group)
        if field is None:
            prev = None
            continue
        prev = Figure(field, q.value, q, best[2])
        out.append(prev)
    return out
