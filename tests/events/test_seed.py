"""Acceptance on the seed article (Arabic) and its English rendering, published 2021-11-17."""


from tests.events.conftest import PUBLISHED, SEED, SEED_EN, run


def _one(events, **want):
    hits = [e for e in events if all(getattr(e, k) == v for k, v in want.items())]
    assert hits, f"no event with {want}; got {[e.properties() for e in events]}"
    return hits[0]


def check_seed(events):
    clash = _one(events, event_type="Battles", sub_event_type="Armed clash", claimant="Ministry of Defence of Azerbaijan")
    assert (clash.event_date, clash.fatalities, clash.wounded, clash.historical) == ("2021-11-16", 7, 10, False)
    assert clash.actor1 == "Military Forces of Azerbaijan" and clash.actor2 == "Military Forces of Armenia"

    armenia = [e for e in events if e.claimant in ("Government of Armenia", "Armenia") and e.event_type == "Battles"]
    merged = {f: next((getattr(e, f) for e in armenia if getattr(e, f) is not None), None)
              for f in ("fatalities", "missing", "captured", "positions_lost", "positions_lost_by")}
    assert merged == {"fatalities": 1, "missing": 24, "captured": 13, "positions_lost": 2, "positions_lost_by": "Armenia"}

    parliament = _one(events, claimant="Parliament of Armenia")
    assert (parliament.fatalities, parliament.claimed_via, parliament.event_type) == (15, "Interfax", "Battles")

    mod = [e for e in events if e.claimant == "Ministry of Defence of Armenia"]
    assert any(e.captured == 12 for e in mod)
    assert any(e.vehicles_destroyed == 10 for e in mod)

    shelling = _one(events, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack")
    assert (shelling.wounded, shelling.event_date) == (2, "2021-11-16")
    assert (shelling.actor1, shelling.actor2) == ("Military Forces of Armenia", "Military Forces of Azerbaijan")

    truces = [e for e in events if e.sub_event_type == "Agreement" and not e.historical]
    assert truces and truces[0].event_date == "2021-11-16" and truces[0].claimed_via == "AFP"

    operation = _one(events, event_date="2020-09-27")
    assert operation.historical and operation.event_type == "Battles"
    ceasefire = _one(events, event_date="2020-11-10")
    assert ceasefire.historical and ceasefire.sub_event_type == "Agreement"

    # the Turkish minister's talks are never a clash
    turkish = [e for e in events if "Turkey" in (e.claimant or "") + (e.actor1 or "") + (e.actor2 or "")]
    assert turkish and all(e.event_type == "Strategic developments" for e in turkish)
    # nothing current is dated outside the reporting window, nothing historical inside it
    for e in events:
        if e.event_date and e.event_date >= "2021-10-01":
            assert not e.historical
    # every event carries its sentence and offsets
    text = SEED.read_text(encoding="utf-8") if events[0].language == "ar" else SEED_EN.read_text(encoding="utf-8")
    for e in events:
        assert text[e.source_span[0]:e.source_span[1]] == e.source_text
        assert text[e.trigger_span[0]:e.trigger_span[1]] == e.trigger
        assert e.document_id and e.source == "test"


def test_seed_arabic_without_mentions():
    check_seed(run(SEED.read_text(encoding="utf-8"), "ar"))


def test_seed_english_rendering():
    check_seed(run(SEED_EN.read_text(encoding="utf-8"), "en"))


def test_seed_same_figures_in_both_languages():
    def key(events):
        return sorted(((e.event_type, e.sub_event_type, e.event_date, e.claimant, e.fatalities, e.wounded, e.missing,
                       e.captured, e.positions_lost, e.vehicles_destroyed, e.historical)
                      for e in events if e.event_type != "Strategic developments" or e.sub_event_type == "Agreement"), key=repr)
    assert key(run(SEED.read_text(encoding="utf-8"), "ar")) == key(run(SEED_EN.read_text(encoding="utf-8"), "en"))


def test_seed_event_ids_stable():
    a = [e.event_id for e in run(SEED.read_text(encoding="utf-8"), "ar")]
    b = [e.event_id for e in run(SEED.read_text(encoding="utf-8"), "ar")]
    assert a == b and len(set(a)) == len(a)


def test_seed_through_pipeline():
    """With the real place finder and the other stages."""
    from geo.pipeline import extract_text

    result = extract_text(SEED.read_text(encoding="utf-8"), published=PUBLISHED, lang="ar", source="test")
    events = result.events
    _one(events, claimant="Ministry of Defence of Azerbaijan", fatalities=7, wounded=10, event_date="2021-11-16")
    _one(events, claimant="Parliament of Armenia", fatalities=15, claimed_via="Interfax")
    _one(events, sub_event_type="Shelling/artillery/missile attack", wounded=2)
    _one(events, event_date="2020-09-27", historical=True)
    _one(events, event_date="2020-11-10", historical=True)
