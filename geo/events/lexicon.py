"""geo/lang/<code>/events.toml compiled into phrase indexes (cached per language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from geo import lang
from geo.events.tokens import PhraseIndex, Reader, StartSet
from geo.text.normalize import normalize_text


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    category: str            # violence | agreement | talks
    territory: bool = False
    regain: bool = False


# The indexes searched along a sentence (`find_all`); the others (nouns, numbers, months, …) are only tried
# at a given token (`match_at`), so the reader does not list where they may open.
SEARCHED = ("triggers", "exclude", "cues", "claim_verbs", "claimants", "anaphora", "outlets", "countries")
SEARCHED_MARKERS = ("reference", "subordinate", "mediator", "both_sides", "attacker_cues")


@dataclass
class Lexicon:
    code: str
    data: dict[str, Any]
    triggers: PhraseIndex
    exclude: PhraseIndex
    cues: PhraseIndex            # figure cue → group (kill, wound, …)
    roles: dict[str, dict[str, str]]
    nouns: PhraseIndex           # counted noun → (class, kind) kind ∈ plural|singular|dual
    numbers: PhraseIndex         # number word → int
    multipliers: dict[str, int]
    vague: PhraseIndex
    months: PhraseIndex          # month name → 1..12
    rel_years: PhraseIndex       # "last year" → -1
    # the words of every date kind in one index, → (kind, value): months, weekdays and the days, weeks, months
    # and years relative to publication, so a position is looked up once; where phrases of two kinds match
    # at a token the longest wins, as everywhere (the languages' tables have no such pair)
    date_words: PhraseIndex
    claim_verbs: PhraseIndex     # → "pre" | "post"
    claimants: PhraseIndex       # → template
    anaphora: PhraseIndex        # → template prefix
    outlets: PhraseIndex         # → outlet name
    countries: PhraseIndex       # → ISO2
    words: dict[str, frozenset[str]]   # small word lists by name ("skippable" is worked out from the lexicon)
    pluperfect: list[tuple[StartSet, StartSet]]    # "وكانت … قد": the first word, then the second within 10
    options: dict[str, Any]
    context: dict[str, Any]
    markers: dict[str, PhraseIndex]    # context phrase lists ("reference", "mediator", …)
    # forms that may open a date / a counted quantity: a token with none of them and no digits is skipped at once
    date_starts: StartSet = field(init=False)
    quantity_starts: StartSet = field(init=False)
    reader: Reader = field(init=False)
    # the searched context lists, and options read once
    reference: PhraseIndex = field(init=False)
    subordinate: PhraseIndex = field(init=False)
    mediator: PhraseIndex = field(init=False)
    both_sides: PhraseIndex = field(init=False)
    attacker_cues: PhraseIndex = field(init=False)
    subordinate_window: int = field(init=False)
    claimant_search: tuple[str, ...] = field(init=False)      # where a claim verb looks for its claimant
    claimant_backward: bool = field(init=False)               # whether a claim verb looks back for it
    country_search: tuple[str, ...] = field(init=False)       # where a claimant noun looks for its country
    claimant_country: str = field(init=False)                 # template of a country as claimant
    implicit_event: tuple[str, str] = field(init=False)       # event and sub-event type of figures alone
    attacker_after: bool = field(init=False)                  # the side right after a trigger attacks
    cue_after: int = field(init=False)                        # 1: a count between two cues is the later one's
    attacker_before: bool = field(init=False)                 # the side right before a trigger attacks

    def __post_init__(self) -> None:
        # the words _skip_adjectives may step over after a count or its noun: adjectives and countries' first words
        self.words = {**self.words, "skippable": self.words["adjectives"].union(self.countries.firsts)}
        self.date_starts = StartSet(frozenset(self.date_words.firsts), numerals=True, phrases=self.date_words)
        self.quantity_starts = StartSet(frozenset().union(self.vague.firsts, self.numbers.firsts, self.nouns.firsts,
                                                          self.words["singular_articles"]), numerals=True)
        for name in SEARCHED_MARKERS:
            setattr(self, name, self.markers.get(name) or NO_PHRASES)
        self.subordinate_window = int(self.context.get("subordinate_window", 2))
        self.claimant_search = tuple(self.options.get("claimant_search", ["after"]))
        self.claimant_backward = any(side != "after" for side in self.claimant_search)
        self.country_search = tuple(self.options.get("claimant_search", ["after", "before"]))
        self.claimant_country = self.data.get("claimant_country", {}).get("template", "Government of {country}")
        self.implicit_event = tuple(self.options.get("implicit_event", ["Battles", "Armed clash"]))
        self.attacker_after = bool(self.context.get("attacker_after_trigger"))
        self.cue_after = 1 if self.options.get("figure_cue_preference") == "after" else 0
        self.attacker_before = bool(self.context.get("attacker_before_trigger"))
        # the reader lists where the searched indexes may open; the others are only tried at a token
        indexes = [getattr(self, name) for name in SEARCHED] + [self.markers[name] for name in SEARCHED_MARKERS if name in self.markers]
        for index in indexes:
            index.searched = True
        starts = [self.date_starts, self.quantity_starts] + [s for pair in self.pluperfect for s in pair]
        self.reader = Reader(self.code, self.options.get("enclitics", []), indexes + starts, self.words)

    def has(self, listname: str, token) -> bool:
        """Whether `token` (read by this lexicon's reader) is in the word list `listname`."""
        return listname in token.lists


def _n(s: str) -> str:
    return normalize_text(s).strip()


def _index(items) -> PhraseIndex:
    return PhraseIndex((_n(k), v) for k, v in items)


@lru_cache(maxsize=None)
def display_names() -> dict[str, str]:
    """ISO2 → English country name, read from the English tables."""
    out: dict[str, str] = {}
    for code in lang.available():
        for iso, entry in lang.load(code, "events").get("countries", {}).items():
            if "display" in entry:
                out.setdefault(iso, entry["display"])
    return out


def country_name(iso: str | None) -> str | None:
    if not iso:
        return None
    return display_names().get(iso, iso)


_NAMED: dict[tuple[str, str], str] = {}


def country_named(template: str, iso: str) -> str:
    """`template` ("Government of {country}") filled with a country's name (remembered)."""
    name = _NAMED.get((template, iso))
    if name is None:
        name = _NAMED[(template, iso)] = template.format(country=country_name(iso))
    return name


DATE_WORDS = (("months", "month"), ("relative_days", "rel_day"), ("relative_weeks", "rel_week"),
              ("relative_months", "rel_month"), ("relative_years", "rel_year"), ("weekdays", "weekday"))   # table → kind


@lru_cache(maxsize=None)
def get(code: str) -> Lexicon:
    data = lang.load(code, "events")
    if not data:
        data = lang.load("en", "events")
    trig = []
    for t in data.get("triggers", []):
        tr = Trigger(t["event_type"], t["sub_event_type"], t.get("category", "violence"), t.get("territory", False), t.get("regain", False))
        trig += [(f, tr) for f in t["forms"]]
    fig = data.get("figures", {})
    cues = [(f, group) for group, forms in fig.items() if isinstance(forms, list) for f in forms]
    noun_map: dict[str, tuple[str, str]] = {}
    for cls, entry in data.get("nouns", {}).items():
        if cls == "links":
            continue
        for kind in ("forms", "singular", "dual"):      # singular and dual override the plain list
            for f in entry.get(kind, []):
                noun_map[f] = (cls, "plural" if kind == "forms" else kind)
    nouns = list(noun_map.items())
    links = data.get("nouns", {}).get("links", {})
    num = data.get("numbers", {})
    dates = data.get("dates", {})
    claims = data.get("claims", {})
    claimants = [(f, c["template"]) for c in data.get("claimants", []) for f in c["forms"]]
    suffixes = data.get("nisba", {}).get("suffixes", [""])
    countries = []
    for iso, entry in data.get("countries", {}).items():
        countries += [(f, iso) for f in entry.get("names", [])]
        countries += [(stem + suf, iso) for stem in entry.get("nisba", []) for suf in suffixes]
    ctx = data.get("context", {})
    words = {
        "since": dates.get("words", {}).get("since", []),
        "date_fillers": dates.get("words", {}).get("fillers", []),
        "claim_fillers": claims.get("fillers", []),
        "content": claims.get("content", []),
        "subordinate": ctx.get("subordinate", []),
        "mediator": ctx.get("mediator", []),
        "definite": ctx.get("definite", []),
        "noun_between": links.get("between", []),
        "adjectives": links.get("adjectives", []),
        "cue_gap": links.get("cue_gap", []),
        "verb_gap": links.get("verb_gap", []),
        "singular_articles": num.get("singular_articles", []),
    }
    return Lexicon(
        code=code,
        data=data,
        triggers=_index(trig),
        exclude=_index((p, True) for p in data.get("exclude", {}).get("phrases", [])),
        cues=_index(cues),
        roles=fig.get("roles", {}),
        nouns=_index(nouns),
        numbers=_index(num.get("words", {}).items()),
        multipliers={_n(k): v for k, v in num.get("multipliers", {}).items()},
        vague=_index((v, True) for v in num.get("vague", [])),
        months=_index(dates.get("months", {}).items()),
        rel_years=_index(dates.get("relative_years", {}).items()),
        date_words=_index((f, (kind, v)) for table, kind in DATE_WORDS for f, v in dates.get(table, {}).items()),
        claim_verbs=_index([(v, "pre") for v in claims.get("verbs", [])] + [(v, "post") for v in claims.get("according", [])]),
        claimants=_index(claimants),
        anaphora=_index(data.get("claimant_anaphora", {}).items()),
        outlets=_index(data.get("outlets", {}).items()),
        countries=_index(countries),
        words={k: frozenset(_n(w) for w in v) for k, v in words.items()},
        pluperfect=[(StartSet(frozenset([_n(a)])), StartSet(frozenset([_n(b)]))) for a, b in ctx.get("pluperfect", [])],
        options=data.get("options", {}),
        context=ctx,
        markers={name: PhraseIndex((_n(p), True) for p in phrases) for name, phrases in ctx.items()
                 if isinstance(phrases, list) and all(isinstance(p, str) for p in phrases)},
    )


def phrase_index(lex: Lexicon, name: str) -> PhraseIndex:
    """The context phrase list `name` ("reference", "mediator", …) as an index (empty if the language has none)."""
    return lex.markers.get(name) or NO_PHRASES


NO_PHRASES = PhraseIndex()
NO_PHRASES.searched = True     # nothing to search for
