from datetime import date
from pathlib import Path

import pytest

from geo.events import extract_events
from geo.text.sentences import split_sentences
from geo.records import Document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_4daba99e5e2777e4.txt"
SEED_EN = ROOT / "tests" / "fixtures" / "seed_en.txt"
PUBLISHED = date(2021, 11, 17)


def run(text: str, language: str, published: date | None = PUBLISHED, mentions=None):
    doc = Document(text=text, language=language, published=published, source="test")
    doc.sentences = split_sentences(text, language)
    return extract_events(doc, mentions or [])


@pytest.fixture
def events_of():
    return run
