"""Claimants that carry a country's name but are not its government."""

from datetime import date

from geo.pipeline import extract_text

PUBLISHED = date(2022, 11, 22)


def claimants(text: str) -> list[str | None]:
    return [e.claimant for e in extract_text(text, published=PUBLISHED).events]


def test_a_monitor_named_after_a_country_is_not_its_government():
    assert claimants("Four fighters were killed in a drone strike on Monday, according to the Syrian Observatory "
                     "for Human Rights.") == ["Observatory for Human Rights (Syria)"]
    assert claimants("قال المرصد السوري لحقوق الإنسان إن خمسة مقاتلين قتلوا في قصف أمس.") == ["Observatory for Human Rights (Syria)"]


def test_ministries_still_name_the_state():
    assert claimants("The Iraqi health ministry said three people were killed in the shelling on Sunday.") == ["Ministry of Health of Iraq"]


def test_an_armed_group_speaks_for_itself():
    # before, "the SDF said" had no claimant and "Syrian Democratic Forces" became the Syrian government
    assert claimants("The SDF said five Turkish-backed fighters were killed in clashes near Manbij on Monday.") == [
        "SDF: Syrian Democratic Forces"]
    events = extract_text("وقالت قوات سوريا الديمقراطية إن خمسة من مقاتليها قتلوا في اشتباكات قرب منبج.",
                          published=PUBLISHED).events
    assert [(e.claimant, e.actor1) for e in events] == [("SDF: Syrian Democratic Forces", None)]
    assert claimants("Hezbollah said it fired rockets at an Israeli position on Monday.") == ["Hezbollah"]


def test_a_document_in_a_language_without_an_events_lexicon_is_read_in_its_scripts_language():
    from geo.events import extract_events
    from geo.records import Document

    text = "قتل ثلاثة جنود في قصف مدفعي على البلدة أمس."
    events = extract_events(Document(text=text, language="und"))
    assert [(e.language, e.fatalities) for e in events] == [("ar", 3)]
