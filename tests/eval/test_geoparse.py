"""The gold-span mode of eval/geoparse.py on a hand-made document: it reuses the finder's internals (its cue
window, its demonym test), so a change there must keep it running (a crash is only reported, not raised)."""

from eval.corpora import EvalDoc, Gold
from eval.geoparse import process


def test_gold_spans_resolve_through_the_finder_and_the_lookup():
    text = "Azerbaijani troops shelled the town of shusha, near Baku."
    gold = [Gold(text.index(s), text.index(s) + len(s), s) for s in ("Azerbaijani", "shusha", "Baku")]
    out = process(EvalDoc("hand-made", text, "en", gold), gold_spans=True)
    assert out.error is None
    # lower-case "shusha" is no mention of the finder: the gold span is looked up, with the "town of" cue
    assert [(r.how, r.place["name"], r.place["country"]) for r in out.gold_resolved] == [
        ("finder", "Azerbaijan", "AZ"), ("lookup", "Shusha", "AZ"), ("finder", "Baku", "AZ")]
