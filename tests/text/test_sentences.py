from geo.text.sentences import split_sentences


def test_sentences_keep_offsets_and_abbreviations():
    text = "Gen. Smith said so. The U.S. army left!\nوقال الوزير: انتهى. ثم غادر؟ نعم"
    sentences = split_sentences(text, "en")
    assert [s.text for s in sentences][:2] == ["Gen. Smith said so.", "The U.S. army left!"]
    for s in sentences:
        assert text[s.start:s.end] == s.text
    arabic = split_sentences("قال الوزير. ثم غادر؟ نعم", "ar")
    assert [s.text for s in arabic] == ["قال الوزير.", "ثم غادر؟", "نعم"]
