from hypothesis import given
from hypothesis import strategies as st

from geo import lang
from geo.text.language import SAMPLE, detect_language


def test_the_script_with_most_letters_wins():
    assert detect_language("قصف أرمينيا Baku") == "ar"
    assert detect_language("Baku and Yerevan, قصف") == "en"
    assert detect_language("2021 — ١٥ ²½ _") == "en"          # no letters: the default
    assert detect_language("", default="ar") == "ar"


@given(st.text(alphabet=st.sampled_from("abcXYZ`_[ باكوقتل٠١٢²½Ⅻ\u064b\ud800😀é"), max_size=60))
def test_letters_are_counted_one_by_one(text):
    ranges = {code: lang.load(code, "text")["script_range"] for code in lang.available()}
    counts = {code: sum(1 for ch in text[:SAMPLE] if ch.isalpha() and lo <= ch <= hi) for code, (lo, hi) in ranges.items()}
    best = max(counts, key=counts.get)
    assert detect_language(text) == (best if counts[best] else "en")
