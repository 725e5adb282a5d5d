"""A bare "the government" in a report's own language names the government of the territory that
language is mostly read in (CLDR territory data through babel); languages spread over many
territories give no default. Reports written for these tests."""

from pathlib import Path

import pytest
from babel.core import get_global
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.test_events import _events, _groups

from supplyscreen.intel.build_words import MAX_HOMES, build_homes, official_majority
from supplyscreen.intel.link import language_home
from supplyscreen.intel.pipeline import Ingested, ingest

_SPOKEN = get_global("territory_languages")
_CODES = sorted({code for ls in _SPOKEN.values() for code in ls})


def test_the_shipped_homes_are_the_cldr_s():
    """language-homes.yaml is what build_words makes of the installed CLDR (rebuild it if not)."""
    assert {c: language_home(c) for c in _CODES if language_home(c)} == build_homes()["homes"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_CODES))
def test_a_language_home_is_one_of_few_territories_where_it_is_the_official_majority(code):
    home = language_home(code)
    homes = {t for t, ls in _SPOKEN.items() if code in ls and ls[code].get("official_status")
             in ("official", "de_facto_official") and float(ls[code].get("population_percent") or 0) >= 50}
    if home:
        assert home in official_majority(code) and len(official_majority(code)) <= MAX_HOMES
    likely = str(get_global("likely_subtags").get(code, "")).split("_")[-1]
    if homes == {likely} and "_" not in code and not any(c.startswith(code + "_") for c in _CODES):
        assert home == likely  # the official majority language of one territory only: its home


@pytest.mark.parametrize("code", ["en", "es", "fr", "de", "pt", "ar", "zh"])
def test_languages_of_many_territories_have_no_home(code):
    assert language_home(code) == ""


# (bare, named, expected): the same report with the government named explicitly.
HOME = {
    "ko": ("정부는 19일 공공기관 통신망에 화웨이 장비를 새로 도입하지 못하도록 하는 방안을 결정했다.",
           "한국 정부는 19일 공공기관 통신망에 화웨이 장비를 새로 도입하지 못하도록 하는 방안을 결정했다.", "KR"),
    "sv": ("Regeringen har beslutat att statliga myndigheter inte längre får köpa utrustning från Huawei och ZTE.",
           "Sveriges regering har beslutat att statliga myndigheter inte längre får köpa utrustning från Huawei och ZTE.",
           "SE"),
    "it": ("Il governo ha deciso di escludere Huawei dalle parti centrali delle reti 5G, con un decreto approvato ieri.",
           "Il governo italiano ha deciso di escludere Huawei dalle parti centrali delle reti 5G, con un decreto "
           "approvato ieri.", "IT"),
}
HEADS = {"ko": "공공 통신망에서 화웨이 장비 배제", "sv": "Huawei stoppas i myndigheternas nät",
         "it": "Huawei escluso dal core 5G"}
TAIL = {"ko": "기존 장비도 2028년까지 단계적으로 교체하도록 했다.",
        "sv": "Beslutet gäller från den 1 juli, enligt ett pressmeddelande från departementet.",
        "it": "Gli operatori avranno tre anni per sostituire le apparecchiature già installate."}
# Reports where no language default may apply: (text, expected jurisdiction or None for no event).
NO_DEFAULT = {
    # Spanish is the majority language of 20+ territories: the place named decides.
    "es-mx": ("El gobierno mexicano veta a Huawei en la red compartida\nEl gobierno de México decidió excluir a "
              "Huawei de los contratos de la Red Compartida, informó el martes la Secretaría de Infraestructura.\n"
              "La medida afecta a los nuevos equipos de radio.\n", "MX"),
    # English names no government by itself.
    "en": ("The government bans Hikvision cameras from public buildings\nThe government said on Monday it would ban "
           "Hikvision and Dahua cameras from all public buildings, citing security concerns.\n", None),
    # Portuguese is the majority language of seven territories.
    "pt": ("Governo proíbe câmaras Hikvision em edifícios públicos\nO Governo aprovou ontem uma resolução que "
           "proíbe a instalação de câmaras da Hikvision e da Dahua em edifícios públicos.\n", None),
    # Simplified Chinese: the firm's own government is no default (and never acts unless the subject).
    "zh": ("政府要求拆除海康威视摄像头\n政府14日要求所有公共部门在六个月内拆除海康威视与大华的监控摄像头。\n", None),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    folder = tmp_path_factory.mktemp("home")
    for key, (bare, named, _) in HOME.items():
        (folder / f"{key}-bare_2031-05-20.txt").write_text(f"{HEADS[key]}\n{bare}\n{TAIL[key]}\n", encoding="utf-8")
        (folder / f"{key}-named_2031-05-20.txt").write_text(f"{HEADS[key]}\n{named}\n{TAIL[key]}\n", encoding="utf-8")
    for key, (text, _) in NO_DEFAULT.items():
        (folder / f"{key}_2031-08-18.txt").write_text(text, encoding="utf-8")
    return ingest([folder])


@pytest.mark.parametrize("key", sorted(HOME))
def test_the_bare_government_is_the_named_one(result, key):
    bare, named = _events(result, f"{key}-bare_2031-05-20.txt"), _events(result, f"{key}-named_2031-05-20.txt")
    assert named and named[0].jurisdiction == HOME[key][2]
    assert bare and (bare[0].jurisdiction, _groups(bare[0])) == (named[0].jurisdiction, _groups(named[0]))


@pytest.mark.parametrize("key", sorted(NO_DEFAULT))
def test_no_default_for_a_language_of_many_territories(result, key):
    events = _events(result, f"{key}_2031-08-18.txt")
    expected = NO_DEFAULT[key][1]
    assert [e.jurisdiction for e in events[:1]] == ([expected] if expected else [])


def test_a_traditional_chinese_report_is_taiwan_s(tmp_path: Path):
    (tmp_path / "tw_2031-06-15.txt").write_text(
        "政府要求公部門停用海康威視監視器\n政府14日要求所有公部門在六個月內拆除海康威視與大華的監視攝影機，理由是資安疑慮。\n",
        encoding="utf-8")
    [e] = _events(ingest([tmp_path]), "tw_2031-06-15.txt")
    assert e.jurisdiction == "TW" and _groups(e) == {"hikvision", "dahua"}


def test_a_bare_government_after_a_named_country_is_that_country_s(tmp_path: Path):
    # Italian is read mostly in Italy, but "il governo" after Germany is named is Germany's.
    (tmp_path / "de_2031-04-02.txt").write_text(
        "La Germania esclude Huawei dal core 5G\nLa Germania ha discusso a lungo della rete 5G.\n"
        "Il governo ha deciso ieri di escludere Huawei dalle parti centrali delle reti 5G.\n", encoding="utf-8")
    [e] = _events(ingest([tmp_path]), "de_2031-04-02.txt")
    assert e.jurisdiction == "DE" and _groups(e) == {"huawei"}


# The lead's subject is a public body naming no country; the country is named only further down
# the story (sentence 5 of 5, past the lead). Spanish has no language default.
BODY_LEAD = ("Interior ordena retirar las cámaras de Hikvision de las cárceles\n"
             "El Ministerio del Interior ordenó ayer retirar en seis meses las cámaras de Hikvision instaladas "
             "en las cárceles.\n"
             "Se trata de unas 1.800 unidades compradas entre 2017 y 2021.\n"
             "Las cámaras deberán desconectarse de la red interna mientras se sustituyen.\n"
             "Hikvision asegura que sus productos cumplen la normativa vigente en Uruguay.\n")
# The same story with a lead whose restriction has no public body as its subject: the measure is
# named in passing (a product story), so the country named at the end makes no event.
PASSING_LEAD = ("Hikvision presenta una nueva línea de cámaras térmicas\n"
                "Las cámaras de Hikvision, retiradas de algunas cárceles, llegan con una nueva línea térmica.\n"
                "Se trata de unas 1.800 unidades compradas entre 2017 y 2021.\n"
                "Los distribuidores esperan vender la nueva línea antes de fin de año.\n"
                "Hikvision asegura que sus productos cumplen la normativa vigente en Uruguay.\n")


def test_a_body_in_the_lead_acts_for_the_country_the_story_names(tmp_path: Path):
    """Fails on the gate before ``_lead_body``: the country named neither in the lead nor beside the
    targets in a restriction sentence dropped the report."""
    (tmp_path / "body_2031-03-04.txt").write_text(BODY_LEAD, encoding="utf-8")
    (tmp_path / "passing_2031-03-04.txt").write_text(PASSING_LEAD, encoding="utf-8")
    result = ingest([tmp_path])
    body = _events(result, "body_2031-03-04.txt")
    assert [(e.jurisdiction, _groups(e)) for e in body[:1]] == [("UY", {"hikvision"})]
    assert _events(result, "passing_2031-03-04.txt") == []


def test_a_korean_agency_in_the_lead_is_korea_s(tmp_path: Path):
    """조달청 (the Public Procurement Service) names Korea: without it in authorities.yaml the lead
    names only the cameras' origin and the report yields no Korean event."""
    (tmp_path / "pps_2031-07-08.txt").write_text(
        "조달청, 하이크비전 CCTV 공공조달서 배제\n"
        "조달청은 8일 중국산 감시카메라 업체 하이크비전의 제품을 공공기관 조달에서 배제한다고 밝혔다.\n"
        "공공기관은 앞으로 이 회사 장비를 새로 구매할 수 없다.\n", encoding="utf-8")
    [e] = _events(ingest([tmp_path]), "pps_2031-07-08.txt")
    assert (e.jurisdiction, _groups(e)) == ("KR", {"hikvision"})


# A dateline opening the lead names where the report was filed: a bare "The government" there is
# that country's, before the outlet's home or its language's (English and French have none).
DATELINES = {
    "en": ("Departments told to stop buying Huawei gear\nWELLINGTON - Government departments have been told to "
           "stop buying Huawei network equipment, according to a circular issued on Monday.\n"
           "Equipment already installed may stay in service.\n", "NZ"),
    "fr": ("Hytera exclu des appels d'offres de la police\nDakar – Le gouvernement a exclu lundi le fabricant "
           "Hytera des appels d'offres pour les radios de la police.\nLa décision a été prise en Conseil des "
           "ministres.\n", "SN"),
}


@pytest.mark.parametrize("key", sorted(DATELINES))
def test_a_dateline_places_a_bare_government(tmp_path: Path, key: str):
    """Fails without ``Extractor._dateline_home``: the report names no country, so no event."""
    text, expected = DATELINES[key]
    (tmp_path / f"{key}_2031-02-03.txt").write_text(text, encoding="utf-8")
    events = _events(ingest([tmp_path]), f"{key}_2031-02-03.txt")
    assert [e.jurisdiction for e in events[:1]] == [expected]


@pytest.mark.parametrize("opening", ["Wellington-based integrators said ", "In Wellington, integrators said "])
def test_a_place_that_is_no_dateline_places_nothing(tmp_path: Path, opening: str):
    """A capital opening the lead without a dateline's dash is no dateline: the report stays without
    a government (English has no default)."""
    (tmp_path / "x_2031-02-03.txt").write_text(
        "Departments told to stop buying Huawei gear\n" + opening + "government departments have been told "
        "to stop buying Huawei network equipment.\n", encoding="utf-8")
    assert _events(ingest([tmp_path]), "x_2031-02-03.txt") == []
