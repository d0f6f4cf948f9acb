"""Sentence by sentence: triggers, figures, claims, dates and sides → Events.

A sentence is cut into segments: the narrator's part and one part per claim
("أعلنت وزارة الدفاع … أن …", "…, according to …"). Each segment gives at
most one event per category (violence, agreement, talks); figures stay in
the segment of their claimant, so competing claims stay separate Events. A
segment with figures but no trigger of its own (or only an anaphoric one,
"في الاشتباكات", "the clashes") and no date of its own adds its figures to
the last event of the same claimant.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Sequence
from operator import attrgetter

from geo import lang
from geo.events import claims as claims_mod
from geo.events import dates as dates_mod
from geo.events.claims import Claim, Claimants, Ref
from geo.events.figures import Figure, assign
from geo.events.lexicon import Lexicon, country_name, country_named, get
from geo.events.numbers import find_quantities
from geo.text.language import detect_language
from geo.text.sentences import split_sentences
from geo.events.tokens import Match, Tokens
from geo.text.words import document_words
from geo.records import Document, Event, PlaceMention, Sentence

HISTORICAL_DAYS = 60
PRIORITY = [
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Agreement", "Other",
]
RANK = {sub_event_type: rank for rank, sub_event_type in enumerate(PRIORITY)}   # unlisted ones rank last
FIGURE_FIELDS = ("fatalities", "wounded", "missing", "captured", "positions_lost", "vehicles_destroyed")
VIOLENT = ("Battles", "Explosions/Remote violence")    # event types whose actors are forces
FORCES = "Military Forces of {country}"
GOVERNMENT = "Government of {country}"


@dataclass
class DocState:
    published: date | None
    recent_from: date | None = field(init=False)      # the first day an event is not historical on
    history: Claimants = field(default_factory=Claimants)    # claimants named so far (anaphora)
    events: list[Event] = field(default_factory=list)
    year_context: int | None = None
    sides: dict[int, list[str]] = field(default_factory=dict)   # id(event) → side ISO2 codes
    last_violent: dict[str | None, Event] = field(default_factory=dict)   # claimant → its latest violent event

    def __post_init__(self) -> None:
        self.recent_from = None if self.published is None else self.published - timedelta(days=HISTORICAL_DAYS)


def extract_events(doc: Document, mentions: list[PlaceMention] | None = None) -> list[Event]:
    lex = get(doc.language if lang.load(doc.language, "events") else detect_language(doc.text))
    sentences = doc.sentences or split_sentences(doc.text, doc.language)
    state = DocState(doc.published)
    # each sentence's mentions of a state (a nationality, a metonym): their spans and the states' ISO2 codes
    states: dict[int, list[tuple[tuple[int, int], str]]] = {}
    for m in mentions or []:
        if iso := _state_of(m):
            states.setdefault(m.sentence_index, []).append((m.span, iso))
    stream = lex.reader.read(document_words(doc))
    ranges = stream.split((s.start, s.end) for s in sentences)
    # each sentence's reference marks, triggers, figure cues and claim verbs (every sentence looks for them)
    found = zip(*(stream.found(index) for index in (lex.reference, lex.triggers, lex.cues, lex.claim_verbs)))
    for s, tokens, matches in zip(sentences, ranges, found):
        if tokens.hi > tokens.lo:
            _sentence(doc, tokens, s, lex, state, states.get(s.index, []), *matches)
    _dyad_fallback(state)
    return state.events


# ---------------------------------------------------------------- helpers

def _refs(tokens: Tokens, lex: Lexicon, states: list[tuple[tuple[int, int], str]]) -> list[Ref]:
    """The sentence's country refs: its country names, and its mentions of a state (`states`: their spans
    and ISO2 codes) where no name or organisation is."""
    refs = lex.countries.find_all(tokens)       # (the matches are the refs: not to be changed)
    if not refs and not states:
        return refs
    # a country inside an organisation's own name ("Syrian Democratic Forces", "قوات سوريا الديمقراطية") is no side
    taken: set[int] = set()
    for m in lex.claimants.find_all(tokens):
        if claims_mod.is_organisation(m.value):
            taken.update(range(m.start, m.end))
    if taken:
        refs = [r for r in refs if r.start not in taken]
    if not states:
        return refs
    refs = list(refs)
    for r in refs:
        taken.update(range(r.start, r.end))
    starts, ends = tokens.starts, tokens.ends      # tokens are in text order and do not overlap
    lo, hi = tokens.lo, tokens.hi
    for (span_start, span_end), iso in states:
        first, last = bisect_right(ends, span_start, lo, hi), bisect_left(starts, span_end, lo, hi)    # tokens overlapping the mention
        if first < last and taken.isdisjoint(range(first, last)):
            refs.append(Ref(first, last, iso))
    refs.sort(key=_START)
    return refs


_START = attrgetter("start")


def _state_of(m: PlaceMention) -> str | None:
    """The state a nationality or a metonym ("Baku said") stands for."""
    if m.role == "nationality":
        return m.nationality_of
    if m.role == "actor_metonym" and m.place is not None:
        return m.place.country
    return None


def _segments(lo: int, n: int, claims: list[Claim], trig_starts: list[int], fig_starts: list[int]) -> list[tuple[int, int, Claim | None]]:
    """The segments [start, end) of a sentence's tokens [lo, n) and the claim each is under (None: the narrator's)."""
    if not claims:
        return [(lo, n, None)]
    claims = sorted(claims, key=_START)
    content = sorted(trig_starts + fig_starts)     # where triggers and figures start
    segs: list[tuple[int, int, Claim | None]] = []
    cursor = lo
    for idx, c in enumerate(claims):
        nxt = claims[idx + 1].start if idx + 1 < len(claims) else n
        first_after = bisect_left(content, c.end)
        content_after = first_after < len(content) and content[first_after] < nxt
        post = c.kind == "post" and c.start > cursor
        if post or not content_after:
            segs.append((cursor, c.start, c))
            cursor = c.end
        else:
            if c.start > cursor:
                segs.append((cursor, c.start, None))
            segs.append((c.start, nxt, c))
            cursor = nxt
    if cursor < n:
        segs.append((cursor, n, None))
    return segs


# ---------------------------------------------------------------- one sentence

NOTHING: frozenset[int] = frozenset()


def _sentence(doc: Document, tokens: Tokens, s: Sentence, lex: Lexicon, state: DocState, states: list[tuple[tuple[int, int], str]],
              ref_marks: Sequence[Match], triggers: Sequence[Match], cues: Sequence[Match], verbs: Sequence[Match]) -> None:
    """The events of a sentence; `states`: its mentions of a state (spans, ISO2 codes); `ref_marks` … `verbs`:
    its matches of lex.reference, triggers, cues and claim_verbs."""
    n = tokens.hi
    # reference clause: "الاعنف منذ نهايه الحرب …" — nothing after it dates or names the event
    cutoff = ref_marks[0].start if ref_marks else n

    all_dates = dates_mod.find_dates(tokens, lex)
    if all_dates:
        date_exprs = [d for d in all_dates if d.start < cutoff] if ref_marks else all_dates
        consumed = {k for d in all_dates for k in range(d.start, d.end)}
    else:
        date_exprs, consumed = all_dates, NOTHING

    if triggers:
        excluded = lex.exclude.find_all(tokens)
        if consumed or excluded:
            not_triggers = consumed.union(*(range(m.start, m.end) for m in excluded))
            triggers = [m for m in triggers if not_triggers.isdisjoint(range(m.start, m.end))]
        subordinate = lex.subordinate.find_all(tokens)
        if subordinate and triggers:      # triggers right after a subordinator, unless all of them are
            window = lex.subordinate_window
            main: list[Match] = []
            for t in triggers:
                for m in subordinate:
                    if t.start - window <= m.end <= t.start:
                        break
                else:
                    main.append(t)
            if main:
                triggers = main
        if ref_marks:
            triggers = [t for t in triggers if t.start < cutoff]

    # a quantity counts only next to a cue (a figure) or as the end of a claimant search
    quantities = find_quantities(tokens, lex, consumed) if cues or verbs else []
    # country refs: a claimant's country, a side of an event, or a word between a figure and its cue
    refs = _refs(tokens, lex, states) if verbs or triggers or (cues and quantities) else []
    if cues and quantities:
        figures = assign(tokens, lex, quantities, cues, refs)
    else:
        figures = []      # nothing to count, or nothing counted

    if verbs:
        blockers = {k for t in triggers for k in range(t.start, t.end)}
        for q in quantities:
            if q.value is not None and not q.weak:
                blockers.update(range(q.start, q.end))
        found = claims_mod.find_claims(tokens, lex, verbs, refs, state.history, blockers,
                                       {d.start: d.end for d in all_dates} if all_dates else {})
    else:
        found = []
    if triggers or figures:
        _events(doc, s, lex, state, tokens, cutoff, date_exprs, triggers, figures, refs, found)

    # carry the narrative year to the next sentence
    if date_exprs:
        relative = False
        for d in date_exprs:
            if d.explicit_year:
                state.year_context = dates_mod.resolve(d, state.published, None)[2]
                break
            relative = relative or d.kind in ("rel_day", "weekday", "rel_week", "rel_month")
        else:
            if relative:
                state.year_context = None


def _events(doc: Document, s: Sentence, lex: Lexicon, state: DocState, tokens: Tokens, cutoff: int,
            date_exprs: list[dates_mod.DateExpr], triggers: list[Match], figures: list[Figure], refs: list[Ref], found: list[Claim]) -> None:
    """The events of a sentence with triggers or figures, segment by segment."""
    # sides: not the outlet's nationality, not a mediator, not in the reference clause
    side_refs = refs
    if refs:
        outlets = lex.outlets.find_all(tokens)
        mediators = lex.mediator.find_all(tokens)
        if outlets or mediators or cutoff < tokens.hi:
            outlet_tokens = {k for o in outlets for k in range(o.start - 1, o.end + 1)}
            side_refs = [r for r in refs if r.start < cutoff and r.start not in outlet_tokens
                         and not (mediators and any(abs(r.start - m.end) <= 2 or abs(m.start - r.end) <= 1 for m in mediators))]

    # year of the sentence ("… من العام الماضي", "in 2020") and the narrative year
    year_hint = None
    for d in date_exprs:
        if d.explicit_year:
            _, _, y = dates_mod.resolve(d, state.published, None)
            year_hint = y
            break
    if year_hint is None:
        year_hint = state.year_context

    if found and date_exprs:
        claimed = {k for c in found for k in range(c.start, c.end)}
        unclaimed_dates = [d for d in date_exprs if d.start not in claimed]    # a claim's own date dates no event
    else:
        unclaimed_dates = date_exprs

    pluperfect = False
    for a, b in lex.pluperfect:
        first = tokens.positions(a)
        if first and any(first[0] < k < first[0] + 10 for k in tokens.positions(b)):
            pluperfect = True

    if not found:       # one segment: the narrator's, the whole sentence
        _segment(doc, s, lex, state, tokens, tokens.lo, tokens.hi, None, triggers, figures, side_refs, date_exprs,
                 unclaimed_dates, year_hint, pluperfect)
        return
    trig_starts = [t.start for t in triggers]             # both in text order
    fig_starts = [f.quantity.start for f in figures]
    for start, end, claim in _segments(tokens.lo, tokens.hi, found, trig_starts, fig_starts):
        seg_trigs = triggers[bisect_left(trig_starts, start):bisect_left(trig_starts, end)]
        seg_figs = figures[bisect_left(fig_starts, start):bisect_left(fig_starts, end)]
        if seg_trigs or seg_figs:       # else nothing happens there (a claim's own words, a clause of background)
            _segment(doc, s, lex, state, tokens, start, end, claim, seg_trigs, seg_figs, side_refs, date_exprs,
                     unclaimed_dates, year_hint, pluperfect)


def _is_definite(tokens: Tokens, lex: Lexicon, t: Match) -> bool:
    """"الاشتباكات", "the clashes": the trigger refers back to fighting already reported."""
    tok = tokens.tok[t.start]
    if tok.definite and t.phrase and not t.phrase[0].startswith("ال"):
        return True
    return any("definite" in tokens.tok[k].lists for k in range(max(tokens.lo, t.start - 2), t.start))


def _date_key(e: dates_mod.DateExpr, anchor: int) -> tuple[bool, int]:
    return e.kind in ("year", "rel_year"), abs(e.start - anchor)


def _segment(doc, s, lex, state: DocState, tokens, seg_start: int, seg_end: int, claim: Claim | None, seg_trigs, seg_figs,
             side_refs, date_exprs, unclaimed_dates, year_hint, pluperfect) -> None:
    """The events of one segment [seg_start, seg_end), from its own triggers and figures (it has some)."""
    # the terms of an agreement are not events: "اتفاق … ينص على استعادة باكو السيطرة"
    by_cat: dict[str, list[Match]] = {}
    first_agree = None
    for t in seg_trigs:
        category = t.value.category
        if category in by_cat:
            by_cat[category].append(t)
        else:
            by_cat[category] = [t]
        if first_agree is None and category == "agreement":
            first_agree = t.start
    if first_agree is not None and "violence" in by_cat:
        violent = [t for t in by_cat["violence"] if t.start < first_agree]
        if violent:
            by_cat["violence"] = violent
        else:
            del by_cat["violence"]
    if seg_figs and "violence" not in by_cat:
        by_cat["violence"] = []
    if claim is not None:
        claimant, claimant_iso = claim.claimant, claim.claimant_iso
    else:
        claimant = claimant_iso = None

    # the dates an event of the segment may take: its own, else the sentence's last one before it, else the claim's
    if date_exprs:
        own_dates = [d for d in unclaimed_dates if seg_start <= d.start < seg_end]
        date_pool = (own_dates or [d for d in unclaimed_dates if d.start < seg_start][-1:]
                     or [d for d in date_exprs if claim and claim.start <= d.start < claim.end])
    else:
        own_dates = date_pool = date_exprs

    if seg_start == tokens.lo and seg_end == tokens.hi:
        sides = side_refs
    else:
        sides = [r for r in side_refs if seg_start <= r.start < seg_end]

    for cat, trigs in by_cat.items():
        violence = cat == "violence"
        figs = seg_figs if violence else []
        if not trigs and not any(f.value is not None for f in figs):
            continue
        # follow-up: no trigger of its own (or only "the clashes"), no date of its own
        if violence and not own_dates and (target := _merge_target(state, claimant)) is not None \
                and (not trigs or all(_is_definite(tokens, lex, t) for t in trigs)) \
                and _merge(target, figs, claimant_iso, tokens, lex, side_refs):
            continue
        if not trigs:
            primary = None
        elif len(trigs) == 1:
            primary = trigs[0]
        else:
            primary = min(trigs, key=lambda t: (RANK.get(t.value.sub_event_type, len(RANK)), t.start))
        if primary is not None:
            trigger = primary.value
            etype, stype = trigger.event_type, trigger.sub_event_type
            tspan = (tokens.starts[primary.start], tokens.ends[primary.end - 1])
            anchor = primary.start
        else:
            etype, stype = lex.implicit_event
            cue = figs[0].cue
            tspan = (tokens.starts[cue.start], tokens.ends[cue.end - 1])
            anchor = figs[0].quantity.start
        ev = Event(event_type=etype, sub_event_type=stype, source_text=s.text, source_span=(s.start, s.end),
                   language=lex.code, claimant=claimant, claimed_via=claim.claimed_via if claim else None,
                   trigger=doc.text[tspan[0]:tspan[1]], trigger_span=tspan, document_id=doc.id, source=doc.source)
        # date
        if not date_pool:
            d = None
        elif len(date_pool) == 1:
            d = date_pool[0]
        else:
            d = min(date_pool, key=lambda e: _date_key(e, anchor))
        if d is not None:
            when, prec, year = dates_mod.resolve(d, state.published, year_hint)
            ev.event_date = when.isoformat() if when else None
            ev.time_precision = prec
            ev.historical = _historical(when, year, state)
        elif state.events:
            prev = state.events[-1]
            ev.event_date, ev.time_precision, ev.historical = prev.event_date, prev.time_precision, prev.historical
        else:
            year_only = year_hint if year_hint is not None and year_hint != state.year_context else None
            ev.historical = _historical(None, year_only, state)
        if pluperfect and d is None:
            ev.historical = True
        # sides and actors
        iso_order = _side_order(tokens, lex, primary if violence else None, sides, claimant_iso, claim)
        if cat == "agreement" and lex.both_sides.find_all(tokens, seg_start, seg_end):
            # "توصل الجانبان الى اتفاق": the parties are the document's two sides, not the announcer
            iso_order = [r.iso for r in sides if r.iso != claimant_iso][:1]
        template = FORCES if violence else GOVERNMENT
        if iso_order:
            ev.actor1 = country_named(template, iso_order[0])
            if len(iso_order) > 1:
                ev.actor2 = country_named(template, iso_order[1])
        if primary is not None and trigger.territory and ev.actor1 is not None and not trigger.regain:
            # a state force taking ground from another state: ACLED codes the fighting, not a territory change
            ev.sub_event_type = "Armed clash"
        if figs:
            _apply_figures(ev, figs, claimant_iso, tokens, lex, side_refs)
        state.sides[id(ev)] = iso_order
        state.events.append(ev)
        if ev.event_type in VIOLENT:
            state.last_violent[claimant] = ev


def _historical(when: date | None, year: int | None, state: DocState) -> bool:
    published = state.published
    if published is None:
        return False
    if when is not None:
        return when < state.recent_from
    if year is not None:
        return year < published.year and (published - date(year, 12, 31)).days > HISTORICAL_DAYS
    return False


def _side_order(tokens, lex, primary: Match | None, sides: list[Ref], claimant_iso: str | None, claim: Claim | None) -> list[str]:
    attacker = None
    if primary is not None and sides:         # the attacker is one of the sides
        if lex.attacker_after:
            for r in sides:
                if primary.end <= r.start <= primary.end + 1:
                    attacker = r.iso
                    break
        if attacker is None and lex.attacker_before:
            for r in sides:
                if primary.start - 1 <= r.end <= primary.start:
                    attacker = r.iso
                    break
        if attacker is None:
            cue_idx = lex.attacker_cues.find_all(tokens, primary.end, min(tokens.hi, primary.end + 4))
            if cue_idx:
                after = cue_idx[0].end
                for r in sides:
                    if after <= r.start <= after + 3:
                        attacker = r.iso
                        break
    isos: list[str] = [attacker] if attacker else []
    claimed = claimant_iso and claim is not None
    if not claimed and len(sides) <= 1:     # one side or none: nothing to order
        if sides and sides[0].iso not in isos:
            isos.append(sides[0].iso)
        return isos
    order = [(r.start, r.iso) for r in sides]
    if claimed:
        order.append((claim.claimant_pos, claimant_iso))
    order.sort()
    for _, iso in order:
        if iso not in isos:
            isos.append(iso)
    return isos


def _position_owner(fig: Figure, claimant_iso, tokens, lex, side_refs: list[Ref]) -> str | None:
    q = fig.quantity
    if fig.cue.value == "lose":
        subj = [r for r in side_refs if r.end <= fig.cue.start and fig.cue.start - r.end <= 2]
        if subj:
            return subj[-1].iso
        return claimant_iso
    owner = [r for r in side_refs if (q.noun_start or q.start) < r.start < q.end]
    if owner:
        return owner[0].iso
    return claimant_iso


def _apply_figures(ev: Event, figs: list[Figure], claimant_iso, tokens, lex, side_refs) -> None:
    for f in figs:
        if f.value is None:
            continue
        cur = getattr(ev, f.field)
        setattr(ev, f.field, f.value if cur is None else cur + f.value)
        if f.field == "positions_lost":
            iso = _position_owner(f, claimant_iso, tokens, lex, side_refs)
            if iso:
                ev.positions_lost_by = country_name(iso)


def _merge_target(state: DocState, claimant: str | None) -> Event | None:
    """The event a follow-up adds its figures to: the claimant's latest violent event; the narrator's
    follow-up only continues the event just before it."""
    if claimant is None:
        last = state.events[-1] if state.events else None
        return last if last is not None and last is state.last_violent.get(None) else None
    return state.last_violent.get(claimant)


def _merge(target: Event, figs: list[Figure], claimant_iso, tokens, lex, side_refs) -> bool:
    values = [f for f in figs if f.value is not None]
    for f in values:
        cur = getattr(target, f.field)
        if cur is not None and cur != f.value:
            return False
    for f in values:
        setattr(target, f.field, f.value)
        if f.field == "positions_lost":
            iso = _position_owner(f, claimant_iso, tokens, lex, side_refs)
            if iso:
                target.positions_lost_by = country_name(iso)
    return True


def _dyad_fallback(state: DocState) -> None:
    """Fill a missing second actor from the document's main pair of sides ("الجانبان", "the two sides")."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for k, ev in enumerate(state.events):
        if ev.event_type in VIOLENT and not ev.historical:
            for iso in state.sides.get(id(ev), [])[:2]:
                counts[iso] = counts.get(iso, 0) + 1
                first.setdefault(iso, k)
    dyad = sorted(counts, key=lambda i: (-counts[i], first[i]))[:2]
    if len(dyad) < 2:
        return
    pair = {template: [template.format(country=country_name(i)) for i in dyad] for template in (FORCES, GOVERNMENT)}
    for ev in state.events:
        if ev.sub_event_type == "Other":
            continue
        names = pair[FORCES if ev.event_type in VIOLENT else GOVERNMENT]
        if ev.actor1 is None:
            ev.actor1, ev.actor2 = names
        elif ev.actor2 is None and ev.actor1 in names:
            ev.actor2 = names[1] if ev.actor1 == names[0] else names[0]
