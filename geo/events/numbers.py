"""Counted quantities in a sentence: "سبعة جنود", "24 آخرين", "جنديين" (dual = 2),
"مقتل جندي" (singular = 1), "ten Azerbaijani soldiers", "dozens of soldiers" (None)."""

from __future__ import annotations

from dataclasses import dataclass

from geo.events.lexicon import Lexicon
from geo.events.tokens import Tokens


@dataclass
class Quantity:
    start: int                 # first token of the quantity phrase
    end: int                   # exclusive, after the noun and its adjectives
    value: int | None          # None: vague ("dozens")
    cls: str | None            # person | position | vehicle | other | None (no noun)
    weak: bool = False         # a bare singular noun: counts 1 only right after a cue
    noun_start: int | None = None


def _bucket(v: int) -> int:
    if v < 10:
        return 0
    if v < 100:
        return 1
    return 2


def number_value(tokens: Tokens, i: int, lex: Lexicon) -> tuple[int | None, int] | None:
    """(value, end) of a number starting at token i, or None."""
    n = tokens.hi
    toks = tokens.tok
    digits = toks[i].digits
    if digits is not None:      # a number in digits is one token
        return int(digits), i + 1
    numbers = lex.numbers
    multipliers = lex.multipliers
    total: int | None = None
    filled: set[int] = set()
    j = i
    while j < n:
        tok = toks[j]
        digits = tok.digits
        if digits is not None:
            if total is not None:
                break
            v = int(digits)
            mult = None
        else:
            m = numbers.longest(toks, j, n)
            if m is None:
                break
            v = m[1]
            if m[0] - j == 1 and not tok.forms.isdisjoint(multipliers):
                mult = next(multipliers[f] for f in tok.forms if f in multipliers)
            else:
                mult = None
        if total is None:
            total = v
            filled.add(_bucket(v))
        elif mult:
            total = total * mult
            filled = {_bucket(total)}
        else:
            b = _bucket(v)
            if b in filled or v >= 100:
                break
            total += v
            filled.add(b)
        j += 1
        if digits is not None:
            break
    if total is None:
        return None
    return total, j


def _skip_adjectives(tokens: Tokens, k: int, lex: Lexicon, limit: int = 3) -> int:
    n = tokens.hi
    toks = tokens.tok
    countries = lex.countries
    steps = 0
    while k < n and steps < limit:
        if "adjectives" in toks[k].lists:
            k += 1
        else:
            if toks[k].forms.isdisjoint(countries.firsts):
                break
            c = countries.longest(toks, k, n)
            if c is None:
                break
            k = c[0]
        steps += 1
    return k


def find_quantities(tokens: Tokens, lex: Lexicon, consumed: set[int]) -> list[Quantity]:
    out: list[Quantity] = []
    resume = tokens.lo   # quantities do not overlap: nothing starts before the end of the last one
    for i in tokens.positions(lex.quantity_starts):    # only these tokens may open one
        if i < resume or i in consumed:
            continue
        quantity, resume = _quantity_at(tokens, i, lex, consumed)
        if quantity is not None:
            out.append(quantity)
    return out


def _quantity_at(tokens: Tokens, i: int, lex: Lexicon, consumed: set[int]) -> tuple[Quantity | None, int]:
    """The quantity starting at token i (or None), and where to look for the next one."""
    n = tokens.hi
    toks = tokens.tok
    tok = toks[i]
    forms = tok.forms
    vague = None if forms.isdisjoint(lex.vague.firsts) else lex.vague.longest(toks, i, n)
    if vague is None and (tok.digits is not None or not forms.isdisjoint(lex.numbers.firsts)):
        num = number_value(tokens, i, lex)
    else:
        num = None      # (number_value finds none where neither digits nor a number word stand)
    article = num is None and vague is None and "singular_articles" in tok.lists
    if num is not None or vague is not None or article:
        if num is not None:
            value, j = num
        elif vague is not None:
            value, j = None, vague[0]
        else:
            value, j = 1, i + 1
        # the counted noun: after links ("12 من جنودها", "dozens of") and adjectives ("ten Azerbaijani soldiers")
        k = j
        if k < n and "noun_between" in toks[k].lists:      # at most two
            k += 1
            if k < n and "noun_between" in toks[k].lists:
                k += 1
        if k < n and "skippable" in toks[k].lists:
            k = _skip_adjectives(tokens, k, lex, 2)
        m = lex.nouns.longest(toks, k, n) if k < n else None
        if m is not None and not (k in consumed):
            end, (cls, kind), _ = m
            if article and kind != "singular":
                return None, i + 1
            if end < n and "skippable" in toks[end].lists:
                end = _skip_adjectives(tokens, end, lex)
            return Quantity(i, end, value, cls, noun_start=k), end
        if article:
            return None, i + 1
        return Quantity(i, j, value, None), j
    m = lex.nouns.longest(toks, i, n)
    if m is not None:
        end, (cls, kind), _ = m
        if kind == "dual" or kind == "singular":
            if end < n and "skippable" in toks[end].lists:
                end = _skip_adjectives(tokens, end, lex)
            if kind == "dual":
                return Quantity(i, end, 2, cls, noun_start=i), end
            return Quantity(i, end, 1, cls, weak=True, noun_start=i), end
        return None, end
    return None, i + 1

