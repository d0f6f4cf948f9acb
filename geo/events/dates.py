"""Date expressions in a sentence and their resolution against the publication date.

Deterministic rules (no dateparser):
- a weekday is the most recent such day strictly before publication, except
  the publication weekday itself, which is the publication date;
- "yesterday"/"امس" is publication − 1, "today"/"اليوم" the publication date;
- day + month without a year takes the year given in the sentence ("last
  year"/"العام الماضي"), else the narrative year carried from the previous
  sentences, else the latest year not after publication;
- a bare number is never a date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from geo.events.lexicon import Lexicon
from geo.events.tokens import Tokens


def _ascii_digits(text: str) -> bool:
    """Digits the normaliser produced; other scripts' digit-like signs are not numbers."""
    return text.isascii() and text.isdigit()


@dataclass
class DateExpr:
    start: int
    end: int
    kind: str                  # daymonth | month | year | weekday | rel_day | rel_week | rel_month | rel_year
    day: int | None = None
    month: int | None = None
    year: int | None = None    # explicit year
    delta: int | None = None   # relative offset (days/weeks/months/years) or weekday number
    rel_year: int | None = None   # "last year" attached to a day+month
    since: bool = False

    @property
    def explicit_year(self) -> bool:
        return self.year is not None or self.rel_year is not None or self.kind in ("year", "rel_year")


def _year_at(tokens: Tokens, k: int) -> int | None:
    if k < tokens.hi and _ascii_digits(text := tokens.tok[k].text) and len(text) == 4:
        y = int(text)
        if 1900 <= y <= 2100:
            return y
    return None


def _day_at(tokens: Tokens, k: int) -> int | None:
    if tokens.lo <= k < tokens.hi and _ascii_digits(text := tokens.tok[k].text) and len(text) <= 2:
        d = int(text)
        if 1 <= d <= 31:
            return d
    return None


def find_dates(tokens: Tokens, lex: Lexicon) -> list[DateExpr]:
    out: list[DateExpr] = []
    i = lo = tokens.lo
    toks = tokens.tok
    for k in tokens.positions(lex.date_starts):   # only these tokens may open a date
        if k < i:
            continue
        expr = _date_at(tokens, k, lex)
        if expr is None:
            continue
        # "منذ يوم الاحد", "since Sunday"
        j = expr.start - 1
        while j >= lo and "date_fillers" in toks[j].lists and expr.start - j <= 2:
            j -= 1
        if j >= lo and "since" in toks[j].lists:
            expr.since = True
        out.append(expr)
        i = expr.end
    return out


def _skip_fillers(tokens: Tokens, k: int, lex: Lexicon, limit: int = 3) -> int:
    steps = 0
    toks = tokens.tok
    while k < tokens.hi and steps < limit and "date_fillers" in toks[k].lists and not _ascii_digits(toks[k].text):
        k += 1
        steps += 1
    return k


def _tail(tokens: Tokens, k: int, lex: Lexicon, expr: DateExpr) -> DateExpr:
    """Second month name of a pair ("ايلول/ سبتمبر") and a year after the month."""
    m2 = lex.months.longest(tokens.tok, k, tokens.hi) if k < tokens.hi else None
    if m2 is not None and m2[1] == expr.month:
        k = m2[0]
        expr.end = k
    j, steps = k, 0
    while j < tokens.hi and steps <= 3:
        y = _year_at(tokens, j)
        if y is not None:
            expr.year = y
            expr.end = j + 1
            return expr
        r = lex.rel_years.longest(tokens.tok, j, tokens.hi)
        if r is not None:
            expr.end, expr.rel_year, _ = r
            return expr
        if "date_fillers" not in tokens.tok[j].lists:
            break
        j += 1
        steps += 1
    return expr


def _date_at(tokens: Tokens, i: int, lex: Lexicon) -> DateExpr | None:
    n = tokens.hi
    numeral = tokens.tok[i].digits is not None
    day = _day_at(tokens, i) if numeral else None
    if day is not None:
        j = _skip_fillers(tokens, i + 1, lex, 1)
        m = lex.months.longest(tokens.tok, j, n) if j < n else None
        if m is not None:
            return _tail(tokens, m[0], lex, DateExpr(i, m[0], "daymonth", day=day, month=m[1]))
        return None
    word = lex.date_words.longest(tokens.tok, i, n)
    if word is None:
        y = _year_at(tokens, i) if numeral else None
        if y is not None and (i + 1 >= n or lex.nouns.longest(tokens.tok, i + 1, n) is None):
            return DateExpr(i, i + 1, "year", year=y)
        return None
    return _date_of_word(tokens, i, lex, word)


def _date_of_word(tokens: Tokens, i: int, lex: Lexicon, word: tuple[int, tuple[str, int], tuple[str, ...]]) -> DateExpr | None:
    """The date opened by a date word (`word`: its end, (kind, value) and words, at token i)."""
    end, (kind, value), _ = word
    if kind != "month":
        return DateExpr(i, end, kind, delta=value)
    d = _day_at(tokens, end)
    if d is not None:                        # "November 10"
        return _tail(tokens, end + 1, lex, DateExpr(i, end + 1, "daymonth", day=d, month=value))
    expr = _tail(tokens, end, lex, DateExpr(i, end, "month", month=value))
    guarded = i > tokens.lo and ("date_fillers" in tokens.tok[i - 1].lists or "since" in tokens.tok[i - 1].lists)
    if expr.explicit_year or guarded:
        return expr
    return None


def _latest_not_after(published: date, month: int, day: int) -> date | None:
    for y in (published.year, published.year - 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= published:
            return d
    return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(expr: DateExpr, published: date | None, year_hint: int | None = None) -> tuple[date | None, int | None, int | None]:
    """(date, time_precision, year) of an expression; year is set even when no day is known."""
    pub = published
    if expr.kind in ("daymonth", "month"):
        year = expr.year
        if year is None and expr.rel_year is not None and pub is not None:
            year = pub.year + expr.rel_year
        if year is None:
            year = year_hint
        day = expr.day or 1
        prec = 1 if expr.kind == "daymonth" else 3
        if year is not None:
            d = _safe(year, expr.month, day)
        elif pub is not None:
            d = _latest_not_after(pub, expr.month, day) if expr.kind == "daymonth" else _latest_not_after(pub, expr.month, 1)
        else:
            d = None
        if expr.since and d is not None:
            prec = max(prec, 2)
        return d, (prec if d else None), (d.year if d else year)
    if expr.kind == "year":
        return None, None, expr.year
    if pub is None:
        return None, None, None
    if expr.kind == "rel_year":
        return None, None, pub.year + expr.delta
    if expr.kind == "rel_day":
        d = pub + timedelta(days=expr.delta)
        return d, (2 if expr.since else 1), d.year
    if expr.kind == "rel_week":
        d = pub + timedelta(days=7 * expr.delta) - timedelta(days=pub.weekday()) if expr.delta else pub - timedelta(days=pub.weekday())
        return d, 2, d.year
    if expr.kind == "rel_month":
        y, m = pub.year, pub.month + expr.delta
        while m < 1:
            y, m = y - 1, m + 12
        return date(y, m, 1), 3, y
    if expr.kind == "weekday":
        back = (pub.weekday() - expr.delta) % 7
        d = pub - timedelta(days=back)
        return d, (2 if expr.since else 1), d.year
    return None, None, None


def month_days(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]
