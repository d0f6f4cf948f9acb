"""Reading articles: files, directories of .txt/.html files, or stdin.

Decoding is strict and explained: UTF-8 (with or without BOM), UTF-16 with a
BOM or recognisable by its NUL pattern, and Windows-1256 when the bytes read
as Arabic letters. Anything else is reported as an InputError with one line
of explanation; the caller decides whether to go on with other files."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES = 16 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read as an article; str() is a one-line reason."""


@dataclass
class Article:
    source: str      # path as given, or "-" for stdin
    text: str


def iter_paths(inputs: list[str]) -> Iterator[str]:
    """Expand directories (sorted, recursive) into article files; keep files and "-" as given."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise InputError(f"{item}: directory holds no .txt or .html files")
            yield from (str(p) for p in found)
        else:
            yield item


def read_article(source: str, max_bytes: int = MAX_BYTES) -> Article:
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or directory")
        if not path.is_file():
            raise InputError(f"{source}: not a regular file")
        try:
            if path.stat().st_size > max_bytes:
                raise InputError(f"{source}: file is {path.stat().st_size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB limit (--max-mb)")
            data = path.read_bytes()
        except PermissionError:
            raise InputError(f"{source}: permission denied") from None
        except IsADirectoryError:
            raise InputError(f"{source}: is a directory") from None
    if len(data) > max_bytes:
        raise InputError(f"{source}: input is more than the {max_bytes / 1e6:.0f} MB limit (--max-mb)")
    text = decode(data, source)
    if _looks_like_html(source, text):
        text = html_to_text(text)
    if not text.strip():
        raise InputError(f"{source}: empty (no text to read)")
    return Article(source, text)


def decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", source)
    if len(data) >= 4 and b"\x00" in data[:4096]:
        head = data[:4096]
        even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
        if odd_zeros > len(head) // 8 and even_zeros == 0:
            return _strict(data, "utf-16-le", source)
        if even_zeros > len(head) // 8 and odd_zeros == 0:
            return _strict(data, "utf-16-be", source)
        raise InputError(f"{source}: binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        arabic = data.decode("cp1256", errors="replace")
        letters = sum(1 for ch in arabic if "\u0621" <= ch <= "\u064a")
        high = sum(1 for b in data if b >= 0x80)
        if high and letters >= 0.6 * high:
            return arabic
        raise InputError(f"{source}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) and not Windows-1256 Arabic; re-save it as UTF-8") from None
    if _control_ratio(text) > 0.05:
        raise InputError(f"{source}: binary file, not text")
    return text


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: broken {encoding.upper()} at offset {exc.start}") from None


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(sample)


_HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>]|<article)", re.I)


def _looks_like_html(source: str, text: str) -> bool:
    return source.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(text[:512]))


class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()
