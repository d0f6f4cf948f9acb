"""One test per trap of GUIDE §3, with sentences that are not the seed's (Arabic and English)."""

from datetime import date

import pytest

from geo.events.dates import find_dates, resolve
from geo.events.lexicon import get
from geo.events.numbers import find_quantities
from geo.events.tokens import tokenize
from tests.events.conftest import run

PUB = date(2023, 3, 8)   # a Wednesday


def _q(text, code):
    lex = get(code)
    toks = tokenize(text, lex.reader)
    return [(q.value, q.cls) for q in find_quantities(toks, lex, set())]


# ------------------------------------------------------------ numbers
@pytest.mark.parametrize("text,value", [
    ("قتل ثلاثة جنود", 3), ("قتل ثلاث جنود", 3), ("قتل أربعة وعشرين مقاتلا", 24), ("قتل مئة جندي", 100),
    ("قتل مائة جندي", 100), ("قتل مئتين من المقاتلين", 200), ("قتل ٣٥ جنديا", 35), ("أصيب خمسة عشر شخصا", 15),
])
def test_arabic_number_words_and_digits(text, value):
    assert (value, "person") in _q(text, "ar")


@pytest.mark.parametrize("text,value,cls", [
    ("أسفر القصف عن مقتل مدنيين اثنين", None, None),
    ("قتل جنديان في الهجوم", 2, "person"),
    ("سيطرت القوات على موقعين حدوديين", 2, "position"),
    ("دمرت دبابتين", 2, "vehicle"),
])
def test_arabic_duals(text, value, cls):
    if value is not None:
        assert (value, cls) in _q(text, "ar")


def test_singular_counted_noun_is_one():
    ev = run("أعلنت وزارة الدفاع السورية مقتل جندي في اشتباكات مع مسلحين يوم الاثنين.", "ar", PUB)
    assert ev[0].fatalities == 1


@pytest.mark.parametrize("text,field,value", [
    ("Twenty-four soldiers were killed in the clashes on Monday.", "fatalities", 24),
    ("The shelling wounded two civilians on Monday.", "wounded", 2),
    ("A soldier was killed in an artillery attack on Monday.", "fatalities", 1),
    ("Fighting on Monday left 12 fighters missing.", "missing", 12),
])
def test_english_numbers(text, field, value):
    ev = run(text, "en", PUB)
    assert getattr(ev[0], field) == value


def test_vague_numbers_are_null():
    ev = run("Dozens of soldiers were killed in fighting on Monday.", "en", PUB)
    assert ev and ev[0].fatalities is None
    ev = run("قتل عشرات الجنود في معارك يوم الاثنين.", "ar", PUB)
    assert ev and ev[0].fatalities is None


def test_bare_number_never_a_date():
    lex = get("ar")
    assert [d.kind for d in find_dates(tokenize("قتل 15 جنديا و12 مدنيا", lex.reader), lex)] == []
    lex = get("en")
    assert [d.kind for d in find_dates(tokenize("15 soldiers and 12 civilians were killed", lex.reader), lex)] == []


# ------------------------------------------------------------ competing claims
def test_competing_claims_arabic():
    text = ("أعلنت وزارة الدفاع الأوكرانية الثلاثاء أن أربعة جنود أوكرانيين قتلوا في قصف روسي على خاركيف. "
            "في المقابل، قالت وزارة الدفاع الروسية إن ثلاثين جنديا أوكرانيا قتلوا في المعارك.")
    ev = run(text, "ar", PUB)
    ua = [e for e in ev if e.claimant == "Ministry of Defence of Ukraine"]
    ru = [e for e in ev if e.claimant == "Ministry of Defence of Russia"]
    assert ua and ru and ua[0].fatalities == 4 and ru[0].fatalities == 30
    assert ua[0].sub_event_type == "Shelling/artillery/missile attack"
    assert ua[0].actor1 == "Military Forces of Russia"


def test_competing_claims_in_one_english_sentence():
    text = ("Ukraine's defence ministry said four soldiers were killed in the shelling on Tuesday, "
            "while Russia's defence ministry said 30 Ukrainian soldiers were killed.")
    ev = run(text, "en", PUB)
    figs = {e.claimant: e.fatalities for e in ev}
    assert figs.get("Ministry of Defence of Ukraine") == 4
    assert figs.get("Ministry of Defence of Russia") == 30


def test_follow_up_sentence_adds_to_its_claimant():
    text = ("قال الجيش اللبناني إن جنديين قتلا في اشتباكات مع مسلحين أمس. "
            "وأوضح الجيش أن خمسة جنود أصيبوا بجروح في الاشتباكات.")
    ev = run(text, "ar", PUB)
    assert len(ev) == 1 and (ev[0].fatalities, ev[0].wounded) == (2, 5)
    assert ev[0].claimant == "Military Forces of Lebanon"


def test_outlet_quoting_claimant():
    ev = run("Reuters quoted Yemen's defence ministry as saying that nine fighters were killed in clashes on Sunday.", "en", PUB)
    assert (ev[0].claimant, ev[0].claimed_via, ev[0].fatalities) == ("Ministry of Defence of Yemen", "Reuters", 9)
    ev = run("ونقلت وكالة رويترز عن وزارة الدفاع اليمنية قولها إن تسعة مقاتلين قتلوا في اشتباكات الأحد.", "ar", PUB)
    assert (ev[0].claimant, ev[0].claimed_via, ev[0].fatalities) == ("Ministry of Defence of Yemen", "Reuters", 9)


# ------------------------------------------------------------ relative dates
@pytest.mark.parametrize("text,code,expected", [
    ("اشتباكات الثلاثاء", "ar", "2023-03-07"),
    ("اشتباكات الأربعاء", "ar", "2023-03-08"),          # the publication weekday is the publication date
    ("اشتباكات الخميس", "ar", "2023-03-02"),
    ("اشتباكات أمس", "ar", "2023-03-07"),
    ("اشتباكات اليوم", "ar", "2023-03-08"),
    ("clashes on Thursday", "en", "2023-03-02"),
    ("clashes yesterday", "en", "2023-03-07"),
    ("clashes on Wednesday", "en", "2023-03-08"),
])
def test_relative_dates(text, code, expected):
    lex = get(code)
    (expr,) = find_dates(tokenize(text, lex.reader), lex)
    assert resolve(expr, PUB)[0].isoformat() == expected


def test_since_weekday_is_week_precision():
    ev = run("وتتواصل المعارك منذ يوم السبت في ريف إدلب.", "ar", PUB)
    assert (ev[0].event_date, ev[0].time_precision) == ("2023-03-04", 2)


# ------------------------------------------------------------ months
@pytest.mark.parametrize("text,code,expected", [
    ("قصف في 3 شباط", "ar", "2023-02-03"),
    ("قصف في 3 شباط/فبراير", "ar", "2023-02-03"),
    ("قصف في 12 كانون الأول", "ar", "2022-12-12"),       # latest year not after publication
    ("قصف في 12 كانون الأول/ديسمبر من العام الماضي", "ar", "2022-12-12"),
    ("قصف في 5 تموز من العام الماضي", "ar", "2022-07-05"),
    ("قصف في 5 حزيران 2019", "ar", "2019-06-05"),
    ("قصف في 9 نيسان", "ar", "2022-04-09"),
    ("shelling on 5 July last year", "en", "2022-07-05"),
    ("shelling on March 3", "en", "2023-03-03"),
])
def test_levantine_and_egyptian_months(text, code, expected):
    lex = get(code)
    exprs = find_dates(tokenize(text, lex.reader), lex)
    assert resolve(exprs[0], PUB)[0].isoformat() == expected


# ------------------------------------------------------------ background events
def test_background_event_is_historical_arabic():
    text = ("وقتل ستة جنود في اشتباكات أمس. "
            "وفي 14 آب/أغسطس من العام الماضي، شنت القوات هجوما واسعا على المدينة. "
            "وبعد أسابيع من القتال، أعلنت الأمم المتحدة في 2 تشرين الأول اتفاقا لوقف إطلاق النار.")
    ev = run(text, "ar", PUB)
    current = [e for e in ev if not e.historical]
    past = [e for e in ev if e.historical]
    assert current and current[0].fatalities == 6 and current[0].event_date == "2023-03-07"
    assert {e.event_date for e in past} == {"2022-08-14", "2022-10-02"}


def test_background_event_is_historical_english():
    ev = run("In August 2021, rebels seized the town after heavy fighting.", "en", PUB)
    assert ev and all(e.historical for e in ev)


def test_pluperfect_without_date_is_background():
    ev = run("وكانت القوات قد خاضت معارك عنيفة مع المسلحين في المنطقة.", "ar", PUB)
    assert ev and ev[0].historical


def test_reference_clause_does_not_date_event():
    ev = run("Three soldiers were killed in clashes on Monday, the worst since the war last year.", "en", PUB)
    assert ev[0].event_date == "2023-03-06" and not ev[0].historical


# ------------------------------------------------------------ nisba actors
def test_nisba_actors_arabic():
    ev = run("قصفت المدفعية الإسرائيلية مواقع لبنانية في الجنوب أمس.", "ar", PUB)
    assert ev[0].sub_event_type == "Shelling/artillery/missile attack"
    assert {ev[0].actor1, ev[0].actor2} == {"Military Forces of Israel", "Military Forces of Lebanon"}


def test_nisba_actors_english():
    ev = run("Turkish drones struck Syrian army positions on Monday, killing four Syrian soldiers.", "en", PUB)
    assert ev[0].sub_event_type == "Air/drone strike"
    assert (ev[0].actor1, ev[0].actor2) == ("Military Forces of Turkey", "Military Forces of Syria")
    assert ev[0].fatalities == 4


def test_positions_lost_by():
    ev = run("Armenia said it lost three positions in the fighting on Tuesday.", "en", PUB)
    assert (ev[0].positions_lost, ev[0].positions_lost_by) == (3, "Armenia")
    ev = run("وقالت أذربيجان إنها خسرت موقعين عسكريين في المعارك أمس.", "ar", PUB)
    assert (ev[0].positions_lost, ev[0].positions_lost_by) == (2, "Azerbaijan")


def test_talks_are_not_clashes():
    ev = run("بحث وزير الخارجية الإيراني مع نظيره العراقي التطورات الأمنية الأحد.", "ar", PUB)
    assert all(e.event_type == "Strategic developments" for e in ev)
    ev = run("The Iranian and Iraqi foreign ministers held talks on Sunday.", "en", PUB)
    assert all(e.event_type == "Strategic developments" for e in ev)


def test_empty_and_unknown_inputs():
    assert run("", "ar", PUB) == []
    assert run("The weather was fine.", "en", None) == []
