"""Actor, targets, dates and grouping on reports written for these tests: the actor does not move
when the targets' sentence moves or a background country is added (metamorphic), demonyms derived
from the CLDR's country names, Han variants, relative dates from dateparser's data, and the three
reports of Japan's December 2018 decision (our own words, tests/assets/intel/japan2018)."""

import datetime as dt
import functools
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles
from tests.intel.test_events import _events, _groups

from supplyscreen.intel import build_words, dates, link
from supplyscreen.intel.dates import find_dateline, find_dates
from supplyscreen.intel.link import PlaceLinker, fold
from supplyscreen.intel.pipeline import Ingested, ingest

JAPAN = Path(__file__).parents[1] / "assets" / "intel" / "japan2018"


@functools.cache
def places() -> PlaceLinker:
    return PlaceLinker()  # one compiled gazetteer for the module's examples

# Reports whose actor is not the targets' home country; each is varied below.
BASES = {
    "cr": ("Costa Rica deja a Huawei fuera del 5G",
           "El Gobierno costarricense publicó ayer un decreto que excluye de las redes 5G a los proveedores de "
           "países que no firmaron el Convenio de Budapest.",
           "La norma deja fuera a la empresa china Huawei.", "CR", {"huawei"}),
    "au": ("Canberra orders agencies to remove Russian antivirus",
           "Government agencies must remove the antivirus software from their systems by April 1, the "
           "Department of Home Affairs said on Monday.",
           "The software in question is made by Kaspersky Lab, a company based in Moscow.", "AU", {"kaspersky"}),
    "it": ("L'Agenzia per la cybersicurezza invita la PA a sostituire i prodotti russi",
           "L'Agenzia per la cybersicurezza nazionale (ACN) ha raccomandato ieri alle pubbliche amministrazioni di "
           "sostituire i prodotti antivirus russi.",
           "Il riferimento è al software di Kaspersky, diffuso negli uffici pubblici.", "IT", {"kaspersky"}),
}
# A background country named in passing, in the report's language: never the actor.
BACKGROUND = {"cr": "Chile y México no han restringido a la compañía.",
              "au": "Germany's cyber agency warned against the same software in 2022.",
              "it": "La Germania aveva lanciato un avvertimento simile la settimana scorsa."}
DATES = {"cr": "2031-09-01", "au": "2031-02-24", "it": "2031-03-22"}


def _variants() -> dict[str, tuple[str, str, set[str]]]:
    """file name -> (text, expected jurisdiction, expected target groups)."""
    out = {}
    for key, (head, trigger, targets, j, groups) in BASES.items():
        day = DATES[key]
        out[f"{key}-base_{day}.txt"] = (f"{head}\n{trigger}\n{targets}\n", j, groups)
        # The targets' sentence moved above the restriction sentence.
        out[f"{key}-moved_{day}.txt"] = (f"{head}\n{targets}\n{trigger}\n", j, groups)
        # A background country added, after and before the news.
        out[f"{key}-bg_{day}.txt"] = (f"{head}\n{trigger}\n{targets}\n{BACKGROUND[key]}\n", j, groups)
        out[f"{key}-bgfirst_{day}.txt"] = (f"{head}\n{trigger}\n{BACKGROUND[key]}\n{targets}\n", j, groups)
    return out


VARIANTS = _variants()


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    # One run for all variants: those of one report are one measure, and group (tested below).
    return _ingest(tmp_path_factory.mktemp("variants"), {name: text for name, (text, _, _) in VARIANTS.items()})


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_actor_and_targets_do_not_move_with_the_sentences(varied, name):
    _, j, groups = VARIANTS[name]
    main, *_ = _events(varied, name)
    assert main.jurisdiction == j
    assert _groups(main) == groups


@pytest.mark.parametrize("key", sorted(BASES))
def test_variants_of_one_report_are_one_event(varied, key):
    ids = {_events(varied, name)[0].id for name in VARIANTS if name.startswith(f"{key}-")}
    assert len(ids) == 1


# --- the targets' home country, and no actor at all ---------------------------------------------
_ingest = ingest_articles


def test_the_targets_home_country_alone_acts_for_nobody(tmp_path):
    r = _ingest(tmp_path, {
        "kept_2031-05-05.txt": "Chinese gear makers kept out of 5G tests\nThe telecom department let operators run "
                               "5G trials for six months but excluded Huawei and ZTE from the trials.\n",
        "cams_2031-02-10.txt": "Cameras linked to Chinese firms to be removed from defence sites\nThe Australian "
                               "government said on Thursday it would strip security cameras from defence premises.\n"
                               "The cameras were made by Hikvision and Dahua, two companies partly owned by the "
                               "Chinese state.\n",
        "unit_2031-03-17.txt": "Carrier's US unit ordered to stop services\nU.S. regulators ordered Pacific Networks "
                               "and its subsidiary ComNet to discontinue their telecommunications services within "
                               "60 days.\n"})
    assert _events(r, "kept_2031-05-05.txt") == []  # no government named: not China's measure
    [us] = _events(r, "unit_2031-03-17.txt")  # the targets' registered home acts through its regulators
    assert us.jurisdiction == "US" and _groups(us) == {"pacific-networks"}
    [e] = _events(r, "cams_2031-02-10.txt")  # the actor only outside the restriction sentences
    assert e.jurisdiction == "AU" and _groups(e) == {"hikvision", "dahua"}


def test_cjk_names_in_other_scripts_and_a_bare_government_word(tmp_path):
    r = _ingest(tmp_path, {
        "ja_2031-10-27.txt": "米FCC、中国電信の米国事業免許を取り消し\n米連邦通信委員会（FCC）は26日、中国電信（チャイナテレコム）"
                             "の米子会社に対する事業免許を取り消すことを決めた。\n",
        "ko_2031-01-28.txt": "미국 FCC, 차이나유니콤 미국법인 면허 취소\n미국 연방통신위원회가 차이나유니콤 미국 법인의 "
                             "통신서비스 면허를 취소했다.\n",
        "gb_2031-11-25.txt": "英政府、中国製監視カメラの設置停止を指示\n英国政府は24日、政府の重要施設に中国製の監視カメラを"
                             "設置しないよう各省庁に指示した。\n対象は海康威視（ハイクビジョン）や大華（ダーファ）などの製品とみられる。\n"})
    [ja] = _events(r, "ja_2031-10-27.txt")
    assert ja.jurisdiction == "US" and _groups(ja) == {"china-telecom"} and str(ja.date) == "2031-10-26"
    [ko] = _events(r, "ko_2031-01-28.txt")
    assert ko.jurisdiction == "US" and _groups(ko) == {"china-unicom"}
    [gb] = _events(r, "gb_2031-11-25.txt")
    assert gb.jurisdiction == "GB" and _groups(gb) == {"hikvision", "dahua"}


# --- Japan's December 2018 decision, three reports ----------------------------------------------
@pytest.fixture(scope="module")
def japan(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    folder = tmp_path_factory.mktemp("japan2018")
    for f in JAPAN.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return ingest([folder])


def test_japan_2018_is_one_event_with_three_sources_and_the_denial(japan):
    jp = [e for e in japan.events if e.jurisdiction == "JP"]
    assert len(jp) == 1
    [e] = jp
    assert _groups(e) == {"huawei", "zte"} and e.measure.value == "procurement_ban"
    assert len({s.path for s in e.sources}) == 3 and e.corroboration == 3
    assert str(e.date) == "2018-12-10"
    assert any("have not excluded specific companies" in c for c in e.conflicts)
    for path, ids in japan.article_events.items():  # each report's main event is Japan's
        assert ids[0] == e.id, path


def test_japan_2018_background_measures_are_right_and_nothing_is_invented(japan):
    rest = sorted((e.jurisdiction, frozenset(_groups(e))) for e in japan.events if e.jurisdiction != "JP")
    assert rest == [("AU", frozenset({"huawei"})), ("GB", frozenset({"huawei"})),
                    ("NZ", frozenset({"huawei"})), ("US", frozenset({"huawei", "zte"}))]
    by = {e.jurisdiction: e for e in japan.events}
    assert by["US"].measure.value == "procurement_ban"
    assert by["US"].corroboration == 3  # every report names the US ban: one event
    assert by["GB"].authority == "BT Group"
    assert {by["AU"].measure.value, by["NZ"].measure.value} == {"network_exclusion"}


# --- places: demonyms from the CLDR's names, genitives, bare government words ----------------------
@pytest.mark.parametrize("text, code", [
    ("Huawei queda fuera del 5G costarricense", "CR"), ("the Costa Rican government", "CR"),
    ("le gouvernement costaricien", "CR"), ("das costa-ricanische Dekret", "CR"),
    ("den costaricanska regeringen", "CR"), ("negli uffici pubblici italiani", "IT"),
    ("Pakistani officials", "PK"), ("Tysklands cybermyndighet", "DE"), ("Deutschlands Behörden", "DE")])
def test_places_in_forms_the_gazetteer_does_not_spell(text, code):
    assert [p.jurisdiction for p in places().find(text)] == [code]


@pytest.mark.parametrize("text", ["François-Philippe Champagne", "chili peppers", "Italic type", "Americans said",
                                  "el franco"])
def test_names_and_words_that_look_like_demonyms_are_no_place(text):
    assert [p.jurisdiction for p in places().find(text) if p.kind == "adjective"] == []


def test_a_bare_government_word_yields_to_a_named_government():
    found = places().find("英国政府は24日、各省庁に指示した。")
    assert {p.jurisdiction for p in found} == {"GB"}
    assert {p.jurisdiction for p in places().find("政府は10日、各府省庁に指示した。")} == {"JP"}


@pytest.mark.parametrize("text, code", [
    ("パプアニューギニアの情報通信技術省は17日、各省庁に調達停止を通知した。", "PG"),
    ("オーストラリアの内務省は各省庁に撤去を指示した。", "AU"),
    ("澳洲的內政部要求各省庁停止採購。", "AU"),
])
def test_a_bare_government_word_yields_to_a_named_government_s_body(text, code):
    """A country's body in the genitive ("Xの…省") names its government as "X政府" does: the bare
    "各省庁" is then that government's ministries, not Japan's (fails with the old 政府|当局 only)."""
    assert {p.jurisdiction for p in places().find(text)} == {code}


def test_demonym_and_han_tables_come_from_data_with_their_source():
    names = yaml.safe_load(link.COUNTRY_NAMES.read_text(encoding="utf-8"))
    assert "CLDR" in names["source"] and names["demonyms"]["stems"]["costa ric"] == "CR"
    assert set(names["demonyms"]["endings"]) == {"capitalised", "lower"}
    han = yaml.safe_load(link.HAN_VARIANTS.read_text(encoding="utf-8"))
    assert "CLDR" in han["source"] and han["fold"]["電"] == "电"
    words = yaml.safe_load((Path(dates.__file__).with_name("date-words.yaml")).read_text(encoding="utf-8"))
    assert "dateparser" in words["source"] and words["weeks_relative"]["it"]["settimana scorsa"] == -1


def test_the_demonym_table_drops_a_stem_two_countries_share():
    table = build_words.demonym_table({"AA": ["Fooland"], "BB": ["Fooland", "Barland"]})
    assert table["stems"] == {"barland": "BB"}


@given(st.text(max_size=60))
def test_folding_keeps_one_character_for_one(text):
    assert len(fold(text)) == len(text)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ÀéñüCR-")), max_size=40))
def test_every_place_found_lies_inside_the_text(text):
    for p in places().find(text):
        assert 0 <= p.start < p.end <= len(text)


# --- dates ------------------------------------------------------------------------------------
_REF = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2095, 12, 31))


@given(_REF, st.integers(min_value=1, max_value=dates.MAX_DAYS_AGO),
       st.sampled_from([("it", "{n} giorni fa"), ("de", "vor {n} Tagen"), ("es", "hace {n} días"),
                        ("fr", "il y a {n} jours"), ("ja", "政府は{n}日前に"), ("ko", "{n}일 전에"),
                        ("en", "{n} days ago")]))
def test_n_days_ago_in_each_language(ref, n, form):
    lang, pattern = form
    [d] = find_dates(pattern.format(n=n), ref, lang)
    assert (d.date, d.precision) == (ref - dt.timedelta(days=n), "day")


@given(_REF, st.sampled_from([("it", "la settimana scorsa"), ("ja", "先週"), ("ko", "지난주"), ("de", "letzte Woche"),
                              ("sv", "förra veckan"), ("en", "last week")]))
def test_last_week_is_a_week_back_and_never_a_day(ref, form):
    lang, words = form
    [d] = find_dates(words, ref, lang)
    assert (d.date, d.precision) == (ref - dt.timedelta(days=7), "week")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from([".", "/"]))
def test_year_first_datelines(day, sep):
    line = f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d}"
    assert find_dateline(f"Headline\n{line}\nBody of the report.") == day


@given(st.text(max_size=80), _REF, st.sampled_from(["en", "ja", "ko", "it", "de", "sv", "zh", ""]))
def test_any_text_gives_dates_inside_it_or_none(text, ref, lang):
    for d in find_dates(text, ref, lang):
        assert 0 <= d.start < len(text)
        assert d.precision in ("day", "week", "month", "year")


def test_gazetteer_codes_are_strings_and_its_adjectives_only_the_irregular_ones(tmp_path):
    data = yaml.safe_load(link.GAZETTEER.read_text(encoding="utf-8"))
    listed = data["jurisdictions"]
    assert all(isinstance(code, str) and len(code) == 2 for code in listed)  # "NO" is Norway, not false
    assert [p.jurisdiction for p in places().find("Norway")] == ["NO"]
    # What the derivation from the CLDR names finds alone, with no hand-listed adjective:
    hand = {code: j.pop("adjectives", None) or [] for code, j in listed.items()}
    bare = tmp_path / "gazetteer.yaml"
    bare.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    derived_only = PlaceLinker(bare)
    typed_twice = [adj for code, adjs in hand.items() for adj in adjs
                   if [(p.jurisdiction, p.text, p.kind) for p in derived_only.find(adj)] == [(code, adj, "adjective")]]
    assert typed_twice == []  # a hand-listed adjective the data already gives is typed twice


def test_a_country_table_without_demonyms_derives_none(tmp_path):
    names = yaml.safe_load(link.COUNTRY_NAMES.read_text(encoding="utf-8"))
    names.pop("demonyms")  # a table built before the derivation
    old = tmp_path / "country-names.yaml"
    old.write_text(yaml.safe_dump(names, allow_unicode=True), encoding="utf-8")
    linker = PlaceLinker(country_names=old)
    assert linker.find("el gobierno costarricense") == []
    assert [p.jurisdiction for p in linker.find("el Gobierno de Costa Rica")] == ["CR"]
