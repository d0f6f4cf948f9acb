"""Property tests: random Unicode, mixed scripts, long tokens and numbers never break a stage.

Bounded examples keep CI fast; the real gazetteer and lexicons are used."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import extract_text
from geo.places.finder import place_tokens
from geo.records import Document
from geo.text.normalize import TOKEN_RE, normalize, normalize_text
from geo.text.sentences import split_sentences
from tests.places.test_places import places

WORDS = ["باكو", "وباكو", "الأذربيجانية", "قرب", "إقليم", "كاراباخ", "الحدود", "بين", "أرمينيا", "قتل", "سبعة", "جنديين",
         "Baku", "near", "border", "between", "Armenia", "killed", "seven", "shelling", "the", "Azerbaijani", "٢٤", "15",
         "\u202e", "<script>", "</script>", "\\1", "`", "${x}", "\n", ".", "،", "؟"]
mixed_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=30)), max_size=60).map(" ".join)
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@given(st.text(max_size=400))
def test_normalize_offsets_stay_inside_the_text(text):
    norm = normalize(text)
    assert norm.text == normalize_text(text)
    if norm.offsets is not None:
        assert len(norm.offsets) == len(norm.text)
        assert all(0 <= o < len(text) for o in norm.offsets.tolist())
        assert list(norm.offsets) == sorted(norm.offsets)
        assert [normalize_text(text[o]) for o in norm.offsets.tolist()] == list(norm.text)
    else:
        assert len(norm.text) == len(text)


@given(mixed_text, st.sampled_from(["ar", "en"]))
def test_place_spans_are_inside_the_text_and_stable(text, language):
    first, second = places(text, language), places(text, language)
    assert [(m.span, m.role, m.place and m.place.id) for m in first] == [(m.span, m.role, m.place and m.place.id) for m in second]
    for m in first:
        start, end = m.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == m.text


@given(mixed_text, st.sampled_from(["auto", "ar", "en"]))
def test_pipeline_never_raises_and_is_deterministic(text, lang):
    first = extract_text(text, published=date(2021, 11, 17), lang=lang)
    second = extract_text(text, published=date(2021, 11, 17), lang=lang)
    assert [e.properties() for e in first.events] == [e.properties() for e in second.events]
    for event in first.events:
        start, end = event.source_span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == event.source_text


@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=50).map(lambda d: f"قتل {d} جنديا و {d} killed"))
def test_numbers_everywhere(text):
    extract_text(text, published=date(2021, 11, 17))


@given(mixed_text, st.sampled_from(["ar", "en"]))
def test_document_tokens_are_each_sentence_tokenised_on_its_own(text, language):
    doc = Document(text=text, language=language)
    doc.sentences = split_sentences(text, language)
    tokens = place_tokens(doc)
    for sentence in doc.sentences:
        norm = normalize(sentence.text)
        alone = [(m.group(), *(sentence.start + o for o in norm.original_span(*m.span()))) for m in TOKEN_RE.finditer(norm.text)]
        first, end = tokens.sentences[sentence.index]
        assert list(zip(tokens.keys[first:end], tokens.starts[first:end], tokens.ends[first:end])) == alone
