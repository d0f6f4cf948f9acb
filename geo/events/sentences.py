"""A fallback sentence splitter, used only when the Document arrives without sentences."""

from __future__ import annotations

import re

from geo.records import Sentence

_END = re.compile(r"[^.!?؟\n]+(?:[.!?؟]+(?=\s|$|[\"'”»])[\"'”»]*|\n|$)")


def split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for m in _END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out
