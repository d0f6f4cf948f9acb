"""Geoparsing evaluation on the shared development corpora.

    python -m eval.geoparse [--corpus anercorp|trnews|geovirus|all] [--limit N]
                            [--errors FILE] [--data DIR] [--jobs N]

Runs the place stages of the pipeline (Document + split_sentences +
find_places + assign_roles + resolve_places; no events or boundaries) on
each document and scores them against the gold annotations:

Recognition — precision / recall / F1 of character spans, exact and
overlapping (one-to-one matching, see eval.metrics). ANERCorp tags
nationality adjectives (الإسرائيلي، العراقية) as O, so its headline row
leaves the pipeline's `nationality` mentions out; the row "all mentions"
counts every mention. TR-News annotates demonyms ("Turkish") as toponyms,
so its headline row counts every mention, nationality included; GeoVirus
does not annotate demonyms, so its headline row leaves them out like
ANERCorp's. The first row of each corpus is the headline; end-to-end
resolution and the error listings use its predictions.

Resolution (English; gold toponyms with coordinates) — error = haversine
distance between the predicted place's point and the gold point.
- end-to-end: over gold toponyms matched (overlap) by a predicted mention;
  "recall-weighted" acc@161 divides the correct ones by every gold toponym
  with coordinates (unrecognised = wrong).
- gold spans: every gold span is resolved by the project's resolver
  (`resolve_places`) in the context of the other gold spans of the
  article. Each gold span becomes a PlaceMention: when the finder produced
  a mention with exactly that span, its candidates / cue / nationality are
  reused; otherwise candidates come from `gz.lookup_key` of the span's name
  key, then of its clitic / article-stripped forms (lexicon.strip_clitics,
  a leading "the", a trailing possessive "s"), a demonym becomes a
  nationality mention (finder._nationality), and as a last resort
  `gz.fuzzy(text, min_score=85)`. The cue word before the span is set as the
  finder would. The resolver's plausibility filter (which drops a mention
  from the list) is ignored: the place it chose is scored.
Unresolved toponyms count as wrong, with the maximum error (20,039 km) in
the mean / median / AUC. "acc@161 id=0" treats a predicted place with the
gold GeoNames id as 0 km away (the project's country and admin-1 points are
polygon centroids, not GeoNames' points, so Russia is ~650 km off
otherwise); it is the figure comparable with GeoNames-based geoparsers.
"""

from __future__ import annotations

import argparse
import bisect
import multiprocessing
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eval import corpora
from eval.metrics import (
    ACC_KM, MAX_ERROR_KM, haversine_km, match_exact, match_overlap, prf, resolution_scores, unmatched,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "eval"
CORPORA = ("anercorp", "trnews", "geovirus")
CORPORA_WITHOUT_DEMONYMS = ("anercorp", "geovirus")   # nationality adjectives are not gold toponyms there


# ---------------------------------------------------------------- per-document work (picklable output)

@dataclass
class Pred:
    start: int
    end: int
    text: str
    role: str
    place: dict | None            # plain fields of the chosen Place


@dataclass
class GoldResolution:
    place: dict | None
    how: str                      # finder | lookup | demonym | fuzzy | none


@dataclass
class DocOutput:
    doc_id: str
    preds: list[Pred] = field(default_factory=list)
    gold_resolved: list[GoldResolution] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def _plain(place) -> dict | None:
    if place is None:
        return None
    return {"id": place.id, "name": place.name, "kind": place.kind, "country": place.country,
            "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid}


def process(edoc: corpora.EvalDoc, gold_spans: bool) -> DocOutput:
    import traceback

    from geo.places import assign_roles, find_places, resolve_places
    from geo.records import Document
    from geo.text.sentences import split_sentences

    out = DocOutput(edoc.id)
    t0 = time.perf_counter()
    try:
        doc = Document(text=edoc.text, language=edoc.language, source=edoc.id)
        doc.sentences = split_sentences(edoc.text, edoc.language)
        found = find_places(doc)
        mentions = list(found)
        assign_roles(doc, mentions)
        resolve_places(doc, mentions)
        out.preds = [Pred(m.span[0], m.span[1], m.text, m.role, _plain(m.place)) for m in mentions]
        if gold_spans:
            out.gold_resolved = _resolve_gold(doc, edoc.gold, found)
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported with the figures
        out.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
    out.seconds = time.perf_counter() - t0
    return out


def _resolve_gold(doc, gold: list[corpora.Gold], found) -> list[GoldResolution]:
    from geo.gazetteer import get_gazetteer
    from geo.places import resolve_places
    from geo.places.finder import _nationality, place_tokens, words_before
    from geo.places.lexicon import lexicon
    from geo.records import PlaceMention
    from geo.text.normalize import name_key

    gz = get_gazetteer()
    lex = lexicon(doc.language)
    by_span = {m.span: m for m in found}
    starts = [s.start for s in doc.sentences]
    mentions, how = [], []
    for g in gold:
        si = max(0, bisect.bisect_right(starts, g.start) - 1) if starts else 0
        sentence = doc.sentences[si] if doc.sentences else None
        m = PlaceMention(text=g.text, span=(g.start, g.end), sentence_index=si, language=doc.language,
                         source_text=sentence.text if sentence else "")
        f = by_span.get((g.start, g.end))
        if f is not None:
            m.role, m.nationality_of, m.candidates, m.cue, m.locative = f.role, f.nationality_of, f.candidates, f.cue, f.locative
            mentions.append(m)
            how.append("finder")
            continue
        key = name_key(g.text)
        words = key.split()
        forms: list[str] = []
        if words:
            for first in lex.strip_clitics(words[0]):
                forms.append(" ".join([first, *words[1:]]))
            if len(words) > 1 and words[0] == "the":
                forms.append(" ".join(words[1:]))
            if len(words) > 1 and words[-1] == "s":
                forms.append(" ".join(words[:-1]))
        hits, source = [], "none"
        for form in dict.fromkeys(forms):
            hits = gz.lookup_key(form)
            if hits:
                source = "lookup"
                break
        single_non_country = len(words) == 1 and not any(gz.kind(i) == "country" for i, _ in hits)
        if words and (not hits or single_non_country):
            iso2 = _nationality(gz, lex, words, 0, len(words))
            if iso2:
                m.role, m.nationality_of = "nationality", iso2
                mentions.append(m)
                how.append("demonym")
                continue
        if not hits and key:
            hits = [(c.index, c.flags) for c in gz.fuzzy(g.text, limit=10, min_score=85)]
            source = "fuzzy" if hits else "none"
        m.candidates = hits
        if sentence is not None and hits:
            tokens = place_tokens(doc)
            first, last = tokens.sentences[si]
            at = bisect.bisect_right(tokens.ends, g.start, first, last)     # the sentence's tokens ending before the span
            before = words_before(doc.text, tokens, first, at, lex.max_phrase) if at < last else []
            m.cue = "region" if lex.ends_with(before, lex.region_cues) else "city" if lex.ends_with(before, lex.city_cues) else None
        mentions.append(m)
        how.append(source)
    resolve_places(doc, list(mentions))       # the list copy may be pruned; each mention keeps its place
    return [GoldResolution(_plain(m.place), h) for m, h in zip(mentions, how)]


def _process_star(args):
    return process(*args)


def run_documents(docs: list[corpora.EvalDoc], gold_spans: bool, jobs: int, label: str) -> list[DocOutput]:
    tasks = [(d, gold_spans) for d in docs]
    outs: list[DocOutput] = []
    t0 = time.perf_counter()
    if jobs > 1 and len(docs) > 1:
        from geo.gazetteer import get_gazetteer

        get_gazetteer()
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for n, o in enumerate(pool.imap(_process_star, tasks, chunksize=1), 1):
                outs.append(o)
                _progress(label, n, len(docs), t0)
    else:
        for n, t in enumerate(tasks, 1):
            outs.append(process(*t))
            _progress(label, n, len(docs), t0)
    print(file=sys.stderr)
    return outs


def _progress(label: str, n: int, total: int, t0: float) -> None:
    if sys.stderr.isatty() or n == total:
        print(f"\r{label}: {n}/{total} documents, {time.perf_counter() - t0:.1f}s", end="", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- scoring

@dataclass
class CorpusReport:
    name: str
    n_docs: int
    seconds: float
    load: corpora.LoadStats
    recognition: list[tuple] = field(default_factory=list)   # (variant, exact PRF, overlap PRF)
    resolution: list[tuple] = field(default_factory=list)    # (mode, scores, id-aware scores, extra dict)
    crashes: list[tuple[str, str]] = field(default_factory=list)
    errors_text: list[str] = field(default_factory=list)
    fp_top: list[tuple[str, int]] = field(default_factory=list)
    fn_top: list[tuple[str, int]] = field(default_factory=list)
    worst: list[str] = field(default_factory=list)


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[[{text[start:end]}]]{right}…"


def _country_iso2_by_geonameid() -> dict[int, str]:
    from geo.gazetteer import get_gazetteer

    gz = get_gazetteer()
    out = {}
    for i in range(len(gz)):
        if gz.kind(i) == "country":
            p = gz.place(i)
            if p.geonameid is not None and p.country:
                out[p.geonameid] = p.country
    return out


def _error_km(gold: corpora.Gold, place: dict | None, id_aware: bool) -> float:
    if place is None:
        return MAX_ERROR_KM
    if id_aware and gold.geonameid is not None and place.get("geonameid") == gold.geonameid:
        return 0.0
    return haversine_km(gold.lat, gold.lon, place["lat"], place["lon"])


def score_corpus(name: str, docs: list[corpora.EvalDoc], outs: list[DocOutput], load: corpora.LoadStats,
                 seconds: float, english: bool) -> CorpusReport:
    rep = CorpusReport(name, len(docs), seconds, load)
    gold, golds, texts = [], [], {}
    pred_all, preds_all = [], []
    for d, o in zip(docs, outs):
        texts[d.id] = d.text
        if o.error:
            rep.crashes.append((d.id, o.error))
        for g in d.gold:
            gold.append((d.id, g.start, g.end))
            golds.append(g)
        for p in o.preds:
            pred_all.append((d.id, p.start, p.end))
            preds_all.append(p)

    everything = ("all mentions", [True] * len(preds_all))
    no_nat = ("w/o nationality", [p.role != "nationality" for p in preds_all])
    # headline first: TR-News annotates demonyms, ANERCorp and GeoVirus do not
    variants = [no_nat, everything] if name in CORPORA_WITHOUT_DEMONYMS else [everything, no_nat]
    for label, keep in variants:
        pspans = [s for s, k in zip(pred_all, keep) if k]
        rep.recognition.append((label, prf(gold, pspans, "exact"), prf(gold, pspans, "overlap")))

    # error listing for the headline variant (first row)
    keep = variants[0][1]
    pspans = [s for s, k in zip(pred_all, keep) if k]
    pobjs = [p for p, k in zip(preds_all, keep) if k]
    ex_pairs = match_exact(gold, pspans)
    ov_pairs = match_overlap(gold, pspans)
    fp = unmatched(pspans, ov_pairs, 1)
    fn = unmatched(gold, ov_pairs, 0)
    exact_g = {g for g, _ in ex_pairs}
    boundary = [(g, p) for g, p in ov_pairs if g not in exact_g]
    rep.fp_top = Counter(pobjs[i].text for i in fp).most_common(15)
    rep.fn_top = Counter(golds[i].text for i in fn).most_common(15)
    lines = rep.errors_text
    lines.append(f"## {name}: recognition errors, variant '{variants[0][0]}' (overlap matching)")
    lines.append(f"### false positives: {len(fp)} (top strings)")
    lines += [f"{n:5d}  {s}" for s, n in Counter(pobjs[i].text for i in fp).most_common(150)]
    lines.append(f"### false negatives: {len(fn)} (top strings)")
    lines += [f"{n:5d}  {s}" for s, n in Counter(golds[i].text for i in fn).most_common(150)]
    lines.append(f"### boundary mismatches (overlap but not exact): {len(boundary)}  gold -> predicted")
    lines += [f"{n:5d}  {s}" for s, n in Counter(f"{golds[g].text} -> {pobjs[p].text}" for g, p in boundary).most_common(80)]
    lines.append("### false positive examples (role, resolved place)")
    for i in fp[:300]:
        doc_id, s, e = pspans[i]
        pl = pobjs[i].place
        lines.append(f"- {pobjs[i].text!r} role={pobjs[i].role} -> {pl['name'] + ' ' + pl['id'] if pl else None} | {_context(texts[doc_id], s, e)}")
    lines.append("### false negative examples")
    for i in fn[:300]:
        doc_id, s, e = gold[i]
        g = golds[i]
        lines.append(f"- {g.text!r} gold={g.name} | {_context(texts[doc_id], s, e)}")
    lines.append("")

    if not english:
        return rep

    # ---- resolution
    iso_by_gnid = _country_iso2_by_geonameid() if any(g.country_geonameid for g in golds) else {}
    has_coord = [g.lat is not None and g.lon is not None for g in golds]
    n_coord = sum(has_coord)
    pred_of_gold = {g: pobjs[p] for g, p in ov_pairs}    # the headline predictions
    gold_res: list[GoldResolution | None] = []
    for d, o in zip(docs, outs):
        gold_res += o.gold_resolved if len(o.gold_resolved) == len(d.gold) else [None] * len(d.gold)

    def block(mode: str, items: list[tuple[int, dict | None]], denominator: int | None, how: Counter | None):
        errs = [_error_km(golds[gi], pl, False) for gi, pl in items]
        errs_id = [_error_km(golds[gi], pl, True) for gi, pl in items]
        extra = {}
        with_id = [(gi, pl) for gi, pl in items if golds[gi].geonameid is not None]
        if with_id:
            extra["id_rate"] = sum(1 for gi, pl in with_id if pl and pl.get("geonameid") == golds[gi].geonameid) / len(with_id)
        with_country = [(gi, pl) for gi, pl in items if iso_by_gnid.get(golds[gi].country_geonameid)]
        if with_country:
            extra["country_rate"] = sum(1 for gi, pl in with_country
                                        if pl and pl.get("country") == iso_by_gnid[golds[gi].country_geonameid]) / len(with_country)
        if denominator:
            extra["recall_weighted_acc161"] = sum(e <= ACC_KM for e in errs) / denominator
            extra["recall_weighted_acc161_id"] = sum(e <= ACC_KM for e in errs_id) / denominator
        extra["unresolved"] = sum(1 for _, pl in items if pl is None)
        if how:
            extra["how"] = dict(how)
        rep.resolution.append((mode, resolution_scores(errs), resolution_scores(errs_id), extra))
        worst = sorted(zip(errs_id, items), key=lambda x: -x[0])
        lines.append(f"## {name}: worst resolution errors, {mode} (id-aware km)")
        doc_of = [gs[0] for gs in gold]
        for err, (gi, pl) in worst[:400]:
            if err <= ACC_KM:
                break
            g = golds[gi]
            gtxt = f"gold={g.name} gn:{g.geonameid} ({g.lat:.2f},{g.lon:.2f})"
            ptxt = f"pred={pl['name']} {pl['id']} {pl['kind']} {pl['country']} ({pl['lat']:.2f},{pl['lon']:.2f})" if pl else "pred=None"
            line = f"{err:8.0f} km  {g.text!r}  {gtxt}  {ptxt} | {_context(texts[doc_of[gi]], g.start, g.end, 40)}"
            lines.append(line)
            if mode.startswith("end-to-end"):
                rep.worst.append(line)
        lines.append("")

    e2e = [(gi, pred_of_gold[gi].place) for gi in range(len(golds)) if has_coord[gi] and gi in pred_of_gold]
    block("end-to-end (recognised)", e2e, n_coord, None)
    if all(r is not None for r in gold_res) and gold_res:
        items = [(gi, gold_res[gi].place) for gi in range(len(golds)) if has_coord[gi]]
        how = Counter(gold_res[gi].how for gi in range(len(golds)) if has_coord[gi])
        block("gold spans", items, None, how)
    return rep


# ---------------------------------------------------------------- output

def _f(x: float, pct: bool = True) -> str:
    if x != x:  # nan
        return "   -  "
    return f"{100 * x:5.1f}" if pct else f"{x:6.0f}"


def print_reports(reports: list[CorpusReport]) -> None:
    print()
    print("RECOGNITION (P/R/F1 %, one-to-one span matching)")
    head = f"{'corpus':10} {'predictions':22} {'gold':>5} {'pred':>5} | {'exact P':>7} {'R':>5} {'F1':>5} | {'overlap P':>9} {'R':>5} {'F1':>5}"
    print(head)
    print("-" * len(head))
    for r in reports:
        for label, ex, ov in r.recognition:
            print(f"{r.name:10} {label:22} {ex.n_gold:5d} {ex.n_pred:5d} | {_f(ex.precision):>7} {_f(ex.recall)} {_f(ex.f1)} | "
                  f"{_f(ov.precision):>9} {_f(ov.recall)} {_f(ov.f1)}")
    if any(r.resolution for r in reports):
        print()
        print("RESOLUTION (acc@161 %, errors km, AUC lower is better; 'id=0': same GeoNames id counts as 0 km)")
        head = (f"{'corpus':10} {'mode':24} {'n':>5} | {'acc161':>6} {'id=0':>5} | {'mean':>6} {'median':>6} {'AUC':>5} | "
                f"{'mean':>6} {'median':>6} {'AUC':>5} (id=0) | {'gnid%':>5} {'ctry%':>5} | {'acc161/all gold':>15}")
        print(head)
        print("-" * len(head))
        for r in reports:
            for mode, s, sid, extra in r.resolution:
                rw = extra.get("recall_weighted_acc161")
                rwi = extra.get("recall_weighted_acc161_id")
                rw_txt = f"{_f(rw)} / {_f(rwi)}" if rw is not None else ""
                print(f"{r.name:10} {mode:24} {s.n:5d} | {_f(s.acc161):>6} {_f(sid.acc161)} | {_f(s.mean_km, False)} {_f(s.median_km, False)} "
                      f"{s.auc:5.3f} | {_f(sid.mean_km, False)} {_f(sid.median_km, False)} {sid.auc:5.3f}       | "
                      f"{_f(extra.get('id_rate', float('nan')))} {_f(extra.get('country_rate', float('nan')))} | {rw_txt:>15}")
        for r in reports:
            for mode, _s, _sid, extra in r.resolution:
                if extra.get("how"):
                    print(f"  {r.name} {mode}: candidates from {extra['how']}; unresolved {extra['unresolved']}")
                elif extra.get("unresolved"):
                    print(f"  {r.name} {mode}: unresolved {extra['unresolved']}")
    print()
    for r in reports:
        print(f"{r.name} top false positives: " + ", ".join(f"{t} {n}" for t, n in r.fp_top))
        print(f"{r.name} top false negatives: " + ", ".join(f"{t} {n}" for t, n in r.fn_top))
    print()
    for r in reports:
        ld = r.load
        note = f"; gold offsets realigned {ld.realigned}, dropped {ld.unaligned}, without coordinates {ld.no_coordinates}" if r.name != "anercorp" else ""
        print(f"{r.name}: {r.n_docs} documents, {ld.toponyms} gold toponyms{note}; pipeline {r.seconds:.1f}s "
              f"({1000 * r.seconds / max(1, r.n_docs):.0f} ms/doc wall)")
        for doc_id, err in r.crashes:
            print(f"  CRASH {doc_id}: {err.splitlines()[0]}")


def write_errors(path: Path, reports: list[CorpusReport]) -> None:
    lines = ["# geoparse evaluation errors (python -m eval.geoparse)", ""]
    for r in reports:
        lines += r.errors_text
        for doc_id, err in r.crashes:
            lines.append(f"## CRASH {r.name} {doc_id}\n{err}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.geoparse", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    ap.add_argument("--limit", type=int, default=None, help="first N documents per corpus (ANERCorp: N chunks)")
    ap.add_argument("--errors", type=Path, default=None, help="write error examples to this file")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"corpus folder (default {DEFAULT_DATA})")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--chunk", type=int, default=50, help="ANERCorp sentences per document (default 50)")
    ap.add_argument("--no-gold-spans", action="store_true", help="skip resolution with gold spans given")
    args = ap.parse_args(argv)

    if not args.data.is_dir():
        print(f"eval.geoparse: corpus folder {args.data} not found (pass --data DIR)", file=sys.stderr)
        return 2
    names = CORPORA if args.corpus == "all" else (args.corpus,)
    files = {"anercorp": corpora.ANERCORP, "trnews": corpora.TRNEWS, "geovirus": corpora.GEOVIRUS}
    missing = [files[n] for n in names if not (args.data / files[n]).is_file()]
    if missing:
        print(f"eval.geoparse: {', '.join(missing)} not found in {args.data}", file=sys.stderr)
        return 2

    reports = []
    for name in names:
        path = args.data / files[name]
        if name == "anercorp":
            docs, load = corpora.read_anercorp(path, args.chunk, args.limit)
        elif name == "trnews":
            docs, load = corpora.read_trnews(path, args.limit)
        else:
            docs, load = corpora.read_geovirus(path, args.limit)
        english = name != "anercorp"
        t0 = time.perf_counter()
        outs = run_documents(docs, english and not args.no_gold_spans, args.jobs, name)
        seconds = time.perf_counter() - t0
        reports.append(score_corpus(name, docs, outs, load, seconds, english))
    print_reports(reports)
    if args.errors:
        write_errors(args.errors, reports)
        print(f"errors written to {args.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
