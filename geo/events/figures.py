"""Attach each counted quantity to what happened to it: killed, wounded,
missing, captured, positions lost, vehicles destroyed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from geo.events.lexicon import Lexicon
from geo.events.numbers import Quantity
from geo.events.tokens import Match, Tokens


@dataclass
class Figure:
    field: str                 # Event field name
    value: int | None
    quantity: Quantity
    cue: Match


def assign(tokens: Tokens, lex: Lexicon, quantities: list[Quantity], cues: Sequence[Match], refs: Sequence[Match]) -> list[Figure]:
    """The figures of a sentence: its quantities with the cue that counts each (`refs`: its country refs,
    which may stand between a count and a cue after it)."""
    out: list[Figure] = []
    lo, toks = tokens.lo, tokens.tok
    prev: Figure | None = None
    prefer_after = lex.cue_after
    roles = lex.roles
    person = roles.get("person", {})
    for q in quantities:
        if q.cls == "other":
            prev = None
            continue
        # the cues that can count it: before it with only gap words between, in its noun, or at most 3 tokens
        # after it (cues are in text order and do not overlap: their starts and ends ascend)
        gap_start = q.start
        while gap_start > lo and "cue_gap" in toks[gap_start - 1].lists:
            gap_start -= 1
        last = q.end + 3
        best: Match | None = None
        best_key: tuple[int, int] = (0, 0)       # (distance, side 0=before 1=after)
        for c in cues:
            if c.end < gap_start:
                continue
            if c.start > last:
                break
            if q.noun_start is not None and q.noun_start <= c.start < q.end:
                key = (0, 0)                           # the noun is the cue ("13 اسيرا")
            elif c.end <= q.start:
                gap = True                             # only gap words between: distance 0
                for k in range(c.end, q.start):
                    if "cue_gap" not in toks[k].lists:
                        gap = False
                        break
                if not gap:
                    continue
                key = (0, prefer_after)
            elif c.start >= q.end:
                if c.start - q.end > 3:
                    continue
                d = 0                                  # the words between that are no auxiliary verbs
                for k in range(q.end, c.start):
                    lists = toks[k].lists
                    if "verb_gap" in lists:
                        continue
                    if "adjectives" in lists or _in_refs(k, refs):
                        d += 1
                        continue
                    d = -1
                    break
                if d < 0:
                    continue
                key = (d, 1 - prefer_after)
            else:
                continue
            if best is None or key < best_key:
                best, best_key = c, key
        if q.weak and (best is None or best_key[0] != 0 or best.end > q.start):
            continue
        if best is None:
            # "killing three soldiers and two civilians": the second inherits the first's cue
            if prev is not None and q.start - prev.quantity.end <= 1 and q.cls == prev.quantity.cls:
                out.append(prev := Figure(prev.field, q.value, q, prev.cue))
            continue
        group = best.value
        cls = q.cls or ("person" if group in person else None)
        field = roles.get(cls or "", {}).get(group)
        if field is None:
            prev = None
            continue
        prev = Figure(field, q.value, q, best)
        out.append(prev)
    return out


def _in_refs(k: int, refs: Sequence[Match]) -> bool:
    """Whether token k is in one of the refs."""
    for r in refs:
        if r.start <= k < r.end:
            return True
    return False
