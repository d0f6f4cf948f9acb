"""Metric functions of eval/ on hand-made data (no corpus needed)."""

import math

import pytest

from eval.corpora import _parse_anercorp_line, read_anercorp
from eval.metrics import (
    auc_of_errors, haversine_km, match_overlap, median, prf, resolution_scores, unmatched,
)


def test_exact_prf():
    gold = [("d", 0, 5), ("d", 10, 15), ("d", 20, 30), ("e", 0, 5)]
    pred = [("d", 0, 5), ("d", 10, 14), ("e", 0, 5), ("e", 40, 45), ("d", 0, 5)]
    s = prf(gold, pred, "exact")
    assert (s.tp, s.n_pred, s.n_gold) == (2, 5, 4)      # the duplicate ("d", 0, 5) matches once
    assert s.precision == pytest.approx(0.4)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_overlap_prf_is_one_to_one():
    gold = [("d", 0, 5), ("d", 6, 10), ("d", 20, 30)]
    pred = [("d", 0, 10), ("d", 25, 40), ("x", 0, 5)]
    s = prf(gold, pred, "overlap")
    # (0,10) covers two gold spans but matches only one; (25,40) overlaps (20,30); doc "x" has no gold
    assert (s.tp, s.n_pred, s.n_gold) == (2, 3, 3)
    pairs = match_overlap(gold, pred)
    assert unmatched(gold, pairs, 0) == [1]
    assert unmatched(pred, pairs, 1) == [2]


def test_overlap_prefers_exact_pairs():
    gold = [("d", 0, 10), ("d", 5, 10)]
    pred = [("d", 5, 10), ("d", 0, 4)]
    assert sorted(match_overlap(gold, pred)) == [(0, 1), (1, 0)]


def test_touching_spans_do_not_overlap():
    assert prf([("d", 0, 5)], [("d", 5, 9)], "overlap").tp == 0


def test_empty_prf_is_zero():
    s = prf([], [], "exact")
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_haversine_paris_london():
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=2)
    assert haversine_km(10, 20, 10, 20) == 0.0
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015, abs=5)


def test_auc_formula():
    errors = [100.0, 0.0, 10.0]                        # sorted: 0, 10, 100
    logs = [math.log(1), math.log(11), math.log(101)]
    expected = ((logs[0] + logs[1]) / 2 + (logs[1] + logs[2]) / 2) / (math.log(20039) * 2)
    assert auc_of_errors(errors) == pytest.approx(expected)
    assert auc_of_errors([0.0, 0.0]) == 0.0
    assert auc_of_errors([20039.0, 20039.0]) == pytest.approx(1.0, abs=1e-4)
    assert auc_of_errors([50000.0, 30000.0]) == pytest.approx(1.0, abs=1e-4)   # capped at the maximum error


def test_resolution_scores():
    s = resolution_scores([0.0, 100.0, 161.0, 500.0])
    assert s.acc161 == pytest.approx(0.75)
    assert s.mean_km == pytest.approx(761 / 4)
    assert s.median_km == pytest.approx(130.5)
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert math.isnan(resolution_scores([]).acc161)


def test_anercorp_lines():
    assert _parse_anercorp_line("ألمانيا B-LOC") == ("ألمانيا", "B-LOC")
    assert _parse_anercorp_line(".O") == (".", "O")
    assert _parse_anercorp_line(" O") is None
    assert _parse_anercorp_line("B-PERS فيرسلاين ") == ("فيرسلاين", "B-PERS")
    assert _parse_anercorp_line("X B-LOCI-PERS") == ("X", "B-LOC")


def test_anercorp_spans(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("في O\nتل B-LOC\nأبيب I-LOC\nو O\nلبنان B-LOC\n. O\nبيروت I-LOC\n. O\n", encoding="utf-8")
    docs, stats = read_anercorp(path, sentences_per_doc=50)
    assert len(docs) == 1 and stats.toponyms == 3
    doc = docs[0]
    assert doc.text == "في تل أبيب و لبنان .\nبيروت ."
    assert [g.text for g in doc.gold] == ["تل أبيب", "لبنان", "بيروت"]
    assert all(doc.text[g.start:g.end] == g.text for g in doc.gold)
