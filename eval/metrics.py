"""Metric functions of the geoparsing evaluation (no project or corpus imports).

Spans are ``(doc, start, end)`` triples, ``[start, end)`` character offsets;
``doc`` is any hashable document key.

- exact match: a predicted span counts when a gold span has the same doc,
  start and end (each gold span matched at most once);
- overlap match: one-to-one greedy matching of overlapping spans in text
  order (a prediction covering two gold spans matches only one of them), so
  precision and recall share the same true-positive count.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0          # half the equator: the largest possible error (AUC normaliser)
ACC_KM = 161.0                  # 100 miles

Span = tuple[Hashable, int, int]


@dataclass(frozen=True)
class PRF:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _by_doc(spans: Iterable[Span]) -> dict[Hashable, list[tuple[int, int, int]]]:
    out: dict[Hashable, list[tuple[int, int, int]]] = defaultdict(list)
    for n, (doc, start, end) in enumerate(spans):
        out[doc].append((start, end, n))
    return out


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """(gold index, pred index) pairs with identical spans, one-to-one."""
    free: dict[Span, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold):
        free[tuple(g)].append(gi)
    pairs = []
    for pi, p in enumerate(pred):
        slot = free.get(tuple(p))
        if slot:
            pairs.append((slot.pop(0), pi))
    return sorted(pairs)


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """(gold index, pred index) pairs of overlapping spans, one-to-one, greedy in text order.

    Identical spans are paired first, then the remaining overlaps by start offset.
    """
    pairs = match_exact(gold, pred)
    used_g = {g for g, _ in pairs}
    used_p = {p for _, p in pairs}
    gd, pd = _by_doc(gold), _by_doc(pred)
    for doc, gspans in gd.items():
        pspans = sorted(pd.get(doc, []))
        for gs, ge, gi in sorted(gspans):
            if gi in used_g:
                continue
            for ps, pe, pi in pspans:
                if pi in used_p:
                    continue
                if ps >= ge:
                    break
                if ps < ge and gs < pe:
                    pairs.append((gi, pi))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    return sorted(pairs)


def prf(gold: Sequence[Span], pred: Sequence[Span], mode: str = "exact") -> PRF:
    pairs = match_exact(gold, pred) if mode == "exact" else match_overlap(gold, pred)
    return PRF(len(pairs), len(pred), len(gold))


def unmatched(spans: Sequence[Span], pairs: list[tuple[int, int]], side: int) -> list[int]:
    """Indices of `spans` (side 0: gold, 1: pred) not in `pairs`."""
    used = {p[side] for p in pairs}
    return [i for i in range(len(spans)) if i not in used]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean-radius sphere (within 0.5 % of geodesic)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc_of_errors(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted log errors, normalised to [0, 1] (lower is better).

    ``trapz(log(sorted(err) + 1)) / (log(20039) * (n - 1))`` as in Gritta et
    al.; with one error, its own normalised log error.
    """
    errs = sorted(min(max(float(e), 0.0), MAX_ERROR_KM) for e in errors_km)
    if not errs:
        return float("nan")
    logs = [math.log(e + 1) for e in errs]
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


def median(values: Sequence[float]) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


@dataclass(frozen=True)
class ResolutionScores:
    n: int
    acc161: float
    mean_km: float
    median_km: float
    auc: float


def resolution_scores(errors_km: Sequence[float], threshold_km: float = ACC_KM) -> ResolutionScores:
    n = len(errors_km)
    if not n:
        nan = float("nan")
        return ResolutionScores(0, nan, nan, nan, nan)
    return ResolutionScores(
        n=n,
        acc161=sum(e <= threshold_km for e in errors_km) / n,
        mean_km=sum(errors_km) / n,
        median_km=median(errors_km),
        auc=auc_of_errors(errors_km),
    )


def top_strings(texts: Iterable[str], n: int = 15) -> list[tuple[str, int]]:
    return Counter(texts).most_common(n)
