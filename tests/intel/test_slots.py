"""Slots of an event from short reports written for these tests: targets named anywhere in the story,
linking only to designated parties, the actor of each clause, dates from words in many languages,
and reports of one measure grouped across languages and without dates."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles
from tests.intel.test_events import _events, _groups

from supplyscreen.intel import dates
from supplyscreen.intel.dates import find_dateline, find_dates, iso_in_name
from supplyscreen.intel.pipeline import Ingested

ARTICLES = {
    # The targets are named in a sentence of their own, after the restriction.
    "cams_2031-02-09.txt": "Ruritania to pull foreign-made cameras from defence sites\n9 February 2031\n"
                           "Australia's Department of Defence will remove surveillance cameras made by Chinese "
                           "companies from its buildings, the minister said on Thursday.\n"
                           "The cameras were made by Hikvision and Dahua, both partly owned by the Chinese state.\n",
    # The same measure in Spanish, a day later, with "el jueves" for the day.
    "camaras_2031-02-10.txt": "Australia retira las cámaras chinas de sus sedes de Defensa\n"
                              "El Ministerio de Defensa australiano retirará las cámaras de vigilancia de Hikvision "
                              "y Dahua de sus edificios, anunció el jueves el ministro.\n",
    # ... and in Chinese, with no date anywhere: it joins on its slots.
    "jiankong.txt": "澳大利亚国防部将拆除中国制造的监控摄像头\n"
                    "澳大利亚国防部长表示，国防部将拆除其设施内由中国企业生产的监控摄像头。\n"
                    "这些摄像头由海康威视和大华生产。\n",
    # A public body's acronym that is also a listed party's alias, and ordinary capitalised words.
    "council_2031-05-26.txt": "Ruritania's cyber council keeps high-risk vendors out of 5G\n26 May 2031\n"
                              "Portugal's Higher Council for Cyberspace Security (CSSC) has barred equipment from "
                              "high-risk suppliers from the country's 5G networks, the council said on Thursday.\n"
                              "Both operators said the ABC of security is trust.\n",
    # Japanese negation: the ministry says it will not ban.
    "hitei_2031-05-20.txt": "総務省、ファーウェイ製品の使用禁止は求めず\n"
                            "総務省は20日、ファーウェイ製の機器の使用を禁止しない方針を明らかにした。\n",
    # ... while a negated purchase is the restriction itself.
    "chotatsu_2031-12-10.txt": "政府、ファーウェイとZTEの製品を調達しない方針\n"
                               "政府は10日、各府省庁がファーウェイとZTEの製品を調達しない方針を決めた。\n",
    # Background clauses: two governments as one subject, a carrier in a second clause.
    "bg_2031-12-07.txt": "Japan to ban Huawei and ZTE from government contracts\nDecember 7, 2031\n"
                         "Japan will ban government purchases of Huawei and ZTE equipment, sources said.\n"
                         "In addition, Australia and New Zealand have blocked Huawei from building 5G networks, "
                         "while Britain's BT Group said on Wednesday it was removing Huawei equipment from its core "
                         "network.\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return ingest_articles(tmp_path_factory.mktemp("slots"), ARTICLES)


def test_targets_named_outside_the_restriction_sentence(result):
    [e] = _events(result, "cams_2031-02-09.txt")
    assert e.jurisdiction == "AU" and _groups(e) == {"hikvision", "dahua"}


def test_one_measure_in_three_languages_one_dated_event(result):
    [a] = _events(result, "cams_2031-02-09.txt")
    [b] = _events(result, "camaras_2031-02-10.txt")
    [c] = _events(result, "jiankong.txt")
    assert a.id == b.id == c.id and a.corroboration == 3
    assert a.date == dt.date(2031, 2, 6)  # the Thursday before the first report


def test_acronyms_and_ordinary_words_link_to_no_listed_party(result):
    [e] = _events(result, "council_2031-05-26.txt")
    assert e.jurisdiction == "PT" and e.targets == ()
    assert e.authority == "Conselho Superior de Segurança do Ciberespaço"


def test_japanese_negation_is_no_measure(result):
    assert _events(result, "hitei_2031-05-20.txt") == []
    [e] = _events(result, "chotatsu_2031-12-10.txt")
    assert e.jurisdiction == "JP" and _groups(e) == {"huawei", "zte"}


def test_each_clause_has_its_own_actors(result):
    main, *rest = _events(result, "bg_2031-12-07.txt")
    assert main.jurisdiction == "JP" and _groups(main) == {"huawei", "zte"}
    assert sorted(e.jurisdiction for e in rest) == ["AU", "GB", "NZ"]
    assert all(_groups(e) == {"huawei"} for e in rest)


def test_weak_short_names_need_a_designated_neighbour():
    from supplyscreen import library
    from supplyscreen.intel.link import CompanyLinker

    reg = library.load_registry()
    linker = CompanyLinker(reg, library.matcher_for(reg))
    assert [m.target.group for m in linker.find("这些摄像头由海康威视和大华生产。")] == ["hikvision", "dahua"]
    assert linker.find("上海大华衡器厂发布新产品。") == []
    for text in ("Best of the show: Both models ship next month.", "North Atlantic Treaty Organization leaders met.",
                 "The ABC of the pledge is resilience.", "The CSSC issued a deliberation."):
        assert linker.find(text) == [], text


REF = dt.date(2031, 7, 11)  # a Friday


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("ha annunciato ieri il ministero", "it", dt.date(2031, 7, 10)),
    ("PTS meddelade på tisdagen att", "sv", dt.date(2031, 7, 8)),
    ("decidió el jueves excluir", "es", dt.date(2031, 7, 10)),
    ("a voté mardi la révocation", "fr", dt.date(2031, 7, 8)),
    ("国防部长周四表示", "zh", dt.date(2031, 7, 10)),
    ("Lisboa, 25 de maio de 2031", "pt", dt.date(2031, 5, 25)),
    ("la decisione dell'11 luglio 2031", "it", dt.date(2031, 7, 11)),
    ("as early as Monday, sources said", "en", dt.date(2031, 7, 14)),
])
def test_dates_in_the_reports_languages(text, lang, expected):
    assert [d.date for d in find_dates(text, REF, lang)] == [expected]


def test_relative_words_are_read_in_the_reports_language_only():
    assert find_dates("hier ist die Regel", REF, "de") == []  # German "here"
    assert [d.date for d in find_dates("a annoncé hier", REF, "fr")] == [dt.date(2031, 7, 10)]
    [d] = find_dates("last November the regulator acted", REF, "en")
    assert (d.date, d.precision) == (dt.date(2030, 11, 1), "month")


def test_site_furniture_and_sentences_are_not_datelines():
    assert find_dateline("EUWIRE | Site last updated 2 September 2031\nHeadline") is None
    assert find_dateline("기존 장비는 2032년 1월 1일까지 철거해야 한다.") is None
    assert find_dateline("Headline\nPublished December 5, 2031.") == dt.date(2031, 12, 5)


def test_file_names_with_compact_dates():
    assert iso_in_name("euwire_20310712.txt") == dt.date(2031, 7, 12)
    assert iso_in_name("wire_2031-07-12.txt") == dt.date(2031, 7, 12)
    assert iso_in_name("wire_20311399.txt") is None
    assert iso_in_name("report-12345678.txt") is None


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 6))
def test_a_past_weekday_is_within_the_week_before_the_report(ref, wd):
    name = next(w for w, n in dates.WEEKDAYS.items() if n == wd and w.isascii())
    [d] = find_dates(f"The regulator acted on {name.capitalize()}", ref, "en")
    assert 0 <= (ref - d.date).days < 7 and d.date.weekday() == wd


def test_date_words_and_country_names_come_from_the_cldr_with_their_source():
    here = Path(dates.__file__).parent
    for name in ("date-words.yaml", "country-names.yaml"):
        data = yaml.safe_load((here / name).read_text(encoding="utf-8"))
        assert data["source"].startswith("Unicode CLDR"), name
        assert set(data["languages"]) >= {"en", "ja", "zh", "de", "fr", "es", "it", "pt", "ko", "sv"}


def test_authorities_table_has_sources_and_no_name_twice():
    here = Path(dates.__file__).parent
    table = yaml.safe_load((here / "authorities.yaml").read_text(encoding="utf-8"))["authorities"]
    seen: dict[str, str] = {}
    for a in table:
        assert a.get("source"), a["name"]
        for n in (a["name"], *(a.get("aliases") or ())):
            assert n not in seen, f"{n} names both {seen[n]} and {a['name']}"
            seen[n] = a["name"]


def test_a_regulator_that_is_the_subject_acts_even_in_its_targets_home():
    # The targets are registered in the US; the FCC, subject of the predicate, is still the actor.
    from supplyscreen import library
    from supplyscreen.intel.extract import Extractor
    from supplyscreen.intel.link import CompanyLinker, PlaceLinker
    from supplyscreen.intel.model import Document

    reg = library.load_registry()
    ex = Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())
    text = ("FCC revokes authorizations of Pacific Networks\nThe FCC today revoked the Section 214 authority of "
            "Pacific Networks Corp., ultimately owned by the Chinese government.\n")
    doc = Document("pn.txt", text, title=text.split("\n")[0], date=dt.date(2031, 3, 16), lang="en")
    [claim] = ex.claims(doc)
    assert claim.jurisdiction == "US" and {t.group for t in claim.targets} == {"pacific-networks"}


def test_a_country_the_gazetteer_does_not_list_acts_in_its_own_name():
    from supplyscreen.intel.link import PlaceLinker

    places = PlaceLinker()
    assert [p.jurisdiction for p in places.find("El Gobierno de Costa Rica publicó un decreto")] == ["CR"]
    assert [p.jurisdiction for p in places.find("보안이란 무엇인가")] == []  # a particle, not Iran


def test_a_date_in_the_lead_is_the_last_resort_for_the_reports_date(tmp_path):
    from supplyscreen.intel import load

    f = tmp_path / "undated.txt"
    f.write_text("Le conseil exclut les fournisseurs à haut risque\nLe 25 mai 2031, le conseil a exclu les "
                 "fournisseurs à haut risque des réseaux 5G.\nLa décision de 2019 avait été reportée.\n",
                 encoding="utf-8")
    [doc] = load.read(f)
    assert doc.date == dt.date(2031, 5, 25)
    named = tmp_path / "wire_2031-05-27.txt"
    named.write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    assert load.read(named)[0].date == dt.date(2031, 5, 27)  # the file name is trusted first
    bare = tmp_path / "bare.txt"
    bare.write_text("Headline\nThe council acted on Thursday.\n", encoding="utf-8")
    assert load.read(bare)[0].date is None  # unknown stays unknown
    deadline = tmp_path / "deadline.txt"
    deadline.write_text("Headline\nOperators must remove the kit by January 1, 2032, the regulator said.\n",
                        encoding="utf-8")
    assert load.read(deadline)[0].date is None  # a deadline is not the report's day
