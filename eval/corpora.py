"""Readers of the evaluation corpora in ../shared/eval/ (see its README.md).

Every reader returns `EvalDoc`s: the text the pipeline sees and the gold
toponyms as character spans in that text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ANERCORP = "ANERCorp.dev.txt"
TRNEWS = "TR-News.xml"
GEOVIRUS = "GeoVirus.xml"

_TAG = re.compile(r"^(?:[BI]-[A-Z]+|O)$", re.IGNORECASE)


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country_geonameid: int | None = None
    name: str | None = None          # gold gazetteer name (TR-News) or Wikipedia page (GeoVirus)


@dataclass
class EvalDoc:
    id: str
    text: str
    language: str
    gold: list[Gold] = field(default_factory=list)


@dataclass
class LoadStats:
    toponyms: int = 0
    realigned: int = 0               # gold offsets off by a few characters, moved onto the phrase
    unaligned: int = 0               # phrase not found near its offsets: dropped
    no_coordinates: int = 0          # kept for recognition, left out of resolution


# ---------------------------------------------------------------- ANERCorp

def _parse_anercorp_line(line: str) -> tuple[str, str] | None:
    """(token, tag) of one line, tolerating the corpus' few malformed lines."""
    parts = line.split()
    if not parts:
        return None
    if len(parts) == 1:
        if parts[0] == ".O":                  # a sentence-final "." glued to its tag
            return ".", "O"
        return None if _TAG.match(parts[0]) else (parts[0], "O")
    if _TAG.match(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].upper()
    if _TAG.match(parts[0]):                  # "B-PERS token"
        return " ".join(parts[1:]), parts[0].upper()
    tail = parts[-1]                           # "B-LOCI-PERS", "IPERS", ".O"
    tag = "B-LOC" if tail.upper().startswith("B-LOC") else "I-LOC" if tail.upper().startswith("I-LOC") else "O"
    return " ".join(parts[:-1]), tag


def read_anercorp(path: Path, sentences_per_doc: int = 50, limit: int | None = None) -> tuple[list[EvalDoc], LoadStats]:
    """Text rebuilt from tokens joined by spaces; "." tokens end sentences (newline between
    sentences); `sentences_per_doc` sentences make one Document. Gold = B-LOC/I-LOC spans."""
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        parsed = _parse_anercorp_line(line)
        if parsed is None or not parsed[0].strip():
            continue
        sentences[-1].append(parsed)
        if parsed[0] == ".":
            sentences.append([])
    sentences = [s for s in sentences if s]
    docs: list[EvalDoc] = []
    stats = LoadStats()
    for n in range(0, len(sentences), sentences_per_doc):
        if limit is not None and len(docs) >= limit:
            break
        parts: list[str] = []
        pos = 0
        gold: list[Gold] = []
        open_span: list[int] | None = None
        for s_index, sentence in enumerate(sentences[n:n + sentences_per_doc]):
            if s_index:
                parts.append("\n")
                pos += 1
            for t_index, (token, tag) in enumerate(sentence):
                if t_index:
                    parts.append(" ")
                    pos += 1
                start, end = pos, pos + len(token)
                parts.append(token)
                pos = end
                if tag == "B-LOC" or (tag == "I-LOC" and open_span is None):
                    if open_span:
                        gold.append(Gold(open_span[0], open_span[1], ""))
                    open_span = [start, end]
                elif tag == "I-LOC":
                    open_span[1] = end
                else:
                    if open_span:
                        gold.append(Gold(open_span[0], open_span[1], ""))
                    open_span = None
            if open_span:                      # a LOC never runs across a sentence end
                gold.append(Gold(open_span[0], open_span[1], ""))
                open_span = None
        text = "".join(parts)
        for g in gold:
            g.text = text[g.start:g.end]
        stats.toponyms += len(gold)
        docs.append(EvalDoc(f"anercorp:{n // sentences_per_doc}", text, "ar", gold))
    return docs, stats


# ---------------------------------------------------------------- XML corpora

def _float(node, tag: str) -> float | None:
    value = node.findtext(tag) if node is not None else None
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _align(text: str, phrase: str, start: int, end: int, stats: LoadStats, window: int = 300) -> tuple[int, int] | None:
    """The offsets of `phrase` at or nearest to the annotated offsets (TR-News is off by a few
    characters after some non-BMP characters; GeoVirus offsets are all one too far)."""
    if text[start:end] == phrase:
        return start, end
    best = None
    for delta in sorted(range(-window, window + 1), key=lambda d: (abs(d), d)):
        s = start + delta
        if 0 <= s and text[s:s + len(phrase)] == phrase:
            best = s
            break
    if best is None:
        stats.unaligned += 1
        return None
    stats.realigned += 1
    return best, best + len(phrase)


def _read_xml(path: Path, corpus: str, item_path: str, name_tag: str, gold_of, limit: int | None) -> tuple[list[EvalDoc], LoadStats]:
    """Articles with located toponyms: `gold_of(item, span, phrase)` makes the Gold of one annotation."""
    root = ET.parse(path).getroot()
    docs, stats = [], LoadStats()
    for n, art in enumerate(root.findall("article")):
        if limit is not None and len(docs) >= limit:
            break
        text = art.findtext("text") or ""
        doc = EvalDoc(f"{corpus}:{art.get('docid') or n}", text, "en")
        for item in art.findall(item_path):
            stats.toponyms += 1
            phrase = item.findtext(name_tag) or ""
            span = _align(text, phrase, int(item.findtext("start")), int(item.findtext("end")), stats)
            if span is None:
                continue
            gold = gold_of(item, span, phrase)
            if gold.lat is None or gold.lon is None:
                stats.no_coordinates += 1
            doc.gold.append(gold)
        docs.append(doc)
    return docs, stats


def _trnews_gold(item, span: tuple[int, int], phrase: str) -> Gold:
    gaz = item.find("gaztag")
    gnid = gaz.get("geonameid") if gaz is not None else None
    country = gaz.find("country") if gaz is not None else None
    cgnid = country.get("geonameid") if country is not None else None
    return Gold(span[0], span[1], phrase, _float(gaz, "lat"), _float(gaz, "lon"),
                int(gnid) if gnid and gnid.isdigit() else None,
                int(cgnid) if cgnid and cgnid.isdigit() else None,
                gaz.findtext("name") if gaz is not None else None)


def _geovirus_gold(item, span: tuple[int, int], phrase: str) -> Gold:
    return Gold(span[0], span[1], phrase, _float(item, "lat"), _float(item, "lon"), name=item.findtext("page"))


def read_trnews(path: Path, limit: int | None = None) -> tuple[list[EvalDoc], LoadStats]:
    return _read_xml(path, "trnews", "./toponyms/toponym", "phrase", _trnews_gold, limit)


def read_geovirus(path: Path, limit: int | None = None) -> tuple[list[EvalDoc], LoadStats]:
    return _read_xml(path, "geovirus", "./locations/location", "name", _geovirus_gold, limit)
