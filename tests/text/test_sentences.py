import re

from hypothesis import given
from hypothesis import strategies as st

from geo.text.sentences import split_sentences


def test_sentences_keep_offsets_and_abbreviations():
    text = "Gen. Smith said so. The U.S. army left!\nوقال الوزير: انتهى. ثم غادر؟ نعم"
    sentences = split_sentences(text, "en")
    assert [s.text for s in sentences][:2] == ["Gen. Smith said so.", "The U.S. army left!"]
    for s in sentences:
        assert text[s.start:s.end] == s.text
    arabic = split_sentences("قال الوزير. ثم غادر؟ نعم", "ar")
    assert [s.text for s in arabic] == ["قال الوزير.", "ثم غادر؟", "نعم"]


@given(st.lists(st.sampled_from(["Gen.", "U.S.", "gen.", "legen.", "İ.", "Σ.", "Mr.", "word", "\n", "!", "» ", "x"]), max_size=40).map(" ".join))
def test_an_abbreviation_is_read_at_the_end_of_the_sentence_only(text):
    abbreviations = ("mr.", "gen.", "u.s.")
    expected, start = [], 0    # the definition: the whole text so far, lowercased, ends with an abbreviation
    for match in re.finditer(r"\n+|(?<=[.!?؟])[\"'”»)]*\s+", text):
        if match.group(0)[0] != "\n" and text[start:match.start()].lower().endswith(abbreviations):
            continue
        expected.append(text[start:match.start()].strip())
        start = match.end()
    expected.append(text[start:].strip())
    assert [s.text for s in split_sentences(text, "en")] == [e for e in expected if e]
