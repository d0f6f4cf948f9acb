"""Script-aware normalisation that keeps character offsets.

`normalize(text)` folds case and accents (Latin, Cyrillic, Greek, Armenian),
Arabic letter variants, digits and punctuation one character for one, then
drops deletable characters (diacritics, tatweel); `Normalized.offsets[i]` is
the index in the original text of normalised character i, so a span found in
normalised text maps straight back to the article.

`name_key(name)` is the lookup key of a gazetteer name: normalised tokens
joined by single spaces. Text n-grams are keyed the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from geo import lang

_DELETED = "\x00"
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Letters NFKD does not decompose but readers treat as their base letter.
_LATIN_EXTRA = {"ı": "i", "ə": "e", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ß": "s", "æ": "a", "œ": "o", "þ": "t", "ð": "d", "ё": "е", "ʻ": " ", "ʼ": " ", "'": " ", "’": " ", "‘": " "}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """One-for-one translation table over the BMP plus deletions (mapped to NUL)."""
    table: dict[int, str] = {}
    for code in range(0x10000):   # the BMP holds every script geo reads
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        cat = unicodedata.category(ch)
        if cat.startswith("M"):
            table[code] = _DELETED
            continue
        if cat[0] in "PSZC" and ch not in "\x00":
            if cat == "Cf":            # bidi marks, zero-width joiners: invisible
                table[code] = _DELETED
            elif ch != " ":
                table[code] = " "
            continue
        if ch.isdigit():
            # every script's decimal digits read as ASCII; digit-like signs (①, ², Ethiopic) are not numbers
            table[code] = str(unicodedata.decimal(ch)) if ch.isdecimal() else " "
            continue
        folded = _LATIN_EXTRA.get(ch.lower(), None)
        if folded is None:
            decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.category(c).startswith("M"))
            folded = decomposed.casefold() if decomposed else _DELETED
        if len(folded) != 1:
            folded = ch.lower() if len(ch.lower()) == 1 else ch
        if folded != ch:
            table[code] = folded
    for code_lang in lang.available():
        rules = lang.load(code_lang, "text").get("normalization", {})
        for src, dst in rules.get("map", {}).items():
            table[ord(src)] = dst
        for ch in rules.get("delete", []):
            table[ord(ch)] = _DELETED
    for ch, dst in _LATIN_EXTRA.items():
        table[ord(ch)] = dst
        if len(ch.upper()) == 1:
            table[ord(ch.upper())] = dst
    return table


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: np.ndarray | None   # None: identity (nothing was deleted)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) in normalised text -> [start, end) in the original."""
        if self.offsets is None:
            return start, end
        if start >= len(self.offsets):
            return int(self.offsets[-1]) + 1, int(self.offsets[-1]) + 1
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def original_spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[list[int], list[int]]:
        """original_span of many non-empty spans inside the text, in one vectorised step."""
        if self.offsets is None:
            return starts.tolist(), ends.tolist()
        return self.offsets[starts].tolist(), (self.offsets[ends - 1] + 1).tolist()


@lru_cache(maxsize=1)
def _code_table() -> np.ndarray:
    """_table() as an array over the BMP, code point -> code point (0: deleted)."""
    table = np.arange(0x10000, dtype=np.uint32)
    for code, ch in _table().items():
        table[code] = ord(ch)
    return table


def normalize(text: str) -> Normalized:
    if text.isascii():   # str.translate is quickest on ASCII; elsewhere it looks up every character
        mapped = text.translate(_table())
        if _DELETED not in mapped:
            return Normalized(mapped, None)
    return _normalize_codes(text)


def _normalize_codes(text: str) -> Normalized:
    """normalize() as array operations over the text's code points."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = _code_table()[np.minimum(codes, 0xFFFF)]
    if len(codes) and codes.max() > 0xFFFF:   # beyond the BMP nothing is folded
        mapped = np.where(codes > 0xFFFF, codes, mapped)
    keep = mapped != 0
    if keep.all():
        return Normalized(mapped.tobytes().decode("utf-32-le", "surrogatepass"), None)
    return Normalized(mapped[keep].tobytes().decode("utf-32-le", "surrogatepass"), np.flatnonzero(keep))


def normalize_text(text: str) -> str:
    return text.translate(_table()).replace(_DELETED, "")


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(normalize_text(text))


def name_key(name: str) -> str:
    """Lookup key of a name: normalised tokens joined by one space."""
    return " ".join(tokens(name))
