"""Language knowledge as data: one folder per ISO 639-1 code.

Each folder holds TOML files, no code:
  text.toml    character normalisation, clitic prefixes, stopwords
  places.toml  cue words, locative phrases, metonymy cues, demonyms
  events.toml  triggers, number words, months, weekdays, claim verbs, actors
Adding a language is adding a folder.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from geo.paths import LANG_DIR


def available() -> list[str]:
    return sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and (p / "text.toml").exists())


@lru_cache(maxsize=None)
def load(lang: str, part: str) -> dict[str, Any]:
    """The TOML table `part` ("text", "places", "events") of language `lang`; {} when absent."""
    path = LANG_DIR / lang / f"{part}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)
