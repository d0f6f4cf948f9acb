"""A word's reading: the shortcuts for words in no list and opening nothing give what testing each list and
opener gives."""

import pytest

from geo.events.lexicon import get
from geo.events.tokens import NO_WORDS, read_word
from geo.text.words import split_words

from tests.events.conftest import SEED, SEED_EN


@pytest.mark.parametrize("code, source", [("en", SEED_EN), ("ar", SEED)])
def test_reading_shortcuts_change_nothing(code, source):
    lex = get(code)
    reader = lex.reader
    words = set(split_words(source.read_text(encoding="utf-8")).keys)
    words |= set().union(*lex.words.values()) | set().union(*(o.firsts for o in reader.openers))
    words |= {"15", "2021", "و15", "zzzz", "armenias", "بالقصف"}
    for word in sorted(words):
        quick = read_word(word, code, reader.enclitics, reader.word_lists, reader._listed)
        assert quick == read_word(word, code, reader.enclitics, reader.word_lists)
        forms = quick.forms
        opens = [n for n, o in enumerate(reader.openers)
                 if (o.numerals and quick.digits is not None) or not forms.isdisjoint(o.firsts)]
        token, opened, before, _, any_ = reader._read(word)
        assert token == quick
        assert sorted(list(opened) + [n for n, _ in before]) == opens
        assert any_ == bool(opens)
    assert read_word("zzzz", code, reader.enclitics, reader.word_lists, reader._listed).lists is NO_WORDS
