"""Negation scope over the restriction predicate (issue #17, intel-neg10): a negation or denial that
governs an intention, a plan or the measure itself denies it; a negated permission ("may no longer",
不得, 사용할 수 없다) is the restriction. Sentence level (``negation.denied``), then article level: a
report and its denial twin (event / no event), the same denial in two languages, and a real report
that quotes a denial after its measure keeps its event. Reports written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.intel.builders import claims_of, new_extractor

from supplyscreen.datafile import read_yaml
from supplyscreen.intel import detect, negation
from supplyscreen.intel.extract import Extractor


# --- sentence level, one test per negation class -------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    ("Il ministero della Difesa non intende escludere Hikvision dalle gare.", "it"),
    ("El Gobierno no tiene previsto prohibir los equipos de Huawei.", "es"),
    ("The ministry has no plans to ban Hikvision cameras.", "en"),
    ("Le ministère n'envisage pas d'exclure Huawei des réseaux fixes.", "fr"),
])
def test_a_negated_intention_denies(text: str, lang: str):
    """Catches: dropping ``intent`` from the scope check (the negator then governs nothing here)."""
    assert negation.denied(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Difesa, nessuna esclusione di Hikvision dalle gare", "it"),
    ("Innenministerium: Kein Verbot von Hikvision-Kameras geplant", "de"),
    ("Aucune exclusion d'un fournisseur n'est à l'étude.", "fr"),
    ("Defensa aclara que no prepara ningún veto a los drones.", "es"),
])
def test_a_negated_measure_noun_denies(text: str, lang: str):
    """The nominalised measure under a negative determiner. Catches: negators that govern only
    intention words, or a reach of 0."""
    assert negation.denied(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("O Ministério nega estar a preparar a proibição de câmaras da Dahua.", "pt"),
    ("Das Ministerium hat Berichte dementiert, wonach Huawei verbannt werden soll.", "de"),
    ("工信部否认将禁止运营商采购中兴设备", "zh"),
    ("Departementet dementerar uppgifter om ett kommande förbud.", "sv"),
])
def test_a_denial_verb_with_what_it_denies(text: str, lang: str):
    """Catches: denial verbs read only forward (German's object comes first) or not at all."""
    assert negation.denied(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("教育部澄清：並無全面禁用卡巴斯基的計畫", "zh"),   # traditional: Han folded before matching
    ("目前並無要求各級學校全面禁用卡巴斯基防毒軟體的計畫。", "zh"),
    ("政府は5G網から華為を排除する計画はないと述べた。", "ja"),
    ("「そのような検討はしていない」と否定した。", "ja"),
    ("과기정통부는 화웨이 장비를 배제할 계획이 없다고 밝혔다.", "ko"),
    ("Myndigheten avser inte att förbjuda Kaspersky.", "sv"),       # verb second: back 1
])
def test_unspaced_post_verbal_and_verb_second_negation(text: str, lang: str):
    """Catches: Han not folded in the patterns (並無 is read as 并无), ``order: after`` ignored, or
    ``back`` 0 for Swedish."""
    assert negation.denied(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    ("Federal agencies may no longer buy Dahua cameras.", "en"),
    ("The equipment licences held by Huawei will not be renewed.", "en"),
    ("Bundesbehörden dürfen keine Hikvision-Kameras mehr kaufen.", "de"),
    ("Les opérateurs ne pourront plus installer d'antennes ZTE.", "fr"),
    ("Le pubbliche amministrazioni non potranno più usare Kaspersky.", "it"),
    ("Los organismos ya no podrán comprar cámaras de Dahua.", "es"),
    ("Os órgãos federais não poderão mais comprar câmeras da Hikvision.", "pt"),
    ("Myndigheter får inte längre köpa drönare från DJI.", "sv"),
    ("各公務機關自即日起不得採購海康威視監視器。", "zh"),
    ("央企不再采购卡巴斯基杀毒软件", "zh"),
    ("政府機関はハイクビジョン製カメラを調達できなくなる。", "ja"),
    ("공공기관이 화웨이 장비를 더 이상 사용할 수 없다.", "ko"),
])
def test_a_negated_permission_is_the_restriction(text: str, lang: str):
    """Catches: over-wide reaches and negators that govern purchase or use verbs ("not buy" is the
    restriction); ``test_permission_mask_matters…`` catches an empty permission list."""
    assert negation.denied(text, lang) is None


def test_permission_mask_matters_where_a_measure_word_follows():
    """Catches: permission not masked: "nicht mehr" would govern "verbannt" two words on."""
    assert negation.denied("Huawei darf nicht mehr verbannt werden.", "de") is None
    assert negation.denied("Huawei darf nicht verbannt werden.", "de")


def test_a_refused_licence_is_no_denial():
    """"negou a licença" refuses a licence (a restriction); "negou que pretenda proibir" denies.
    Catches: denial verbs counted without what they deny (the old word-bag reading lost "nega")."""
    assert negation.denied("A Anatel negou a licença de operação à Huawei.", "pt") is None
    assert negation.denied("O governo negou que pretenda proibir a Huawei.", "pt")


def test_a_denial_after_the_restriction_clause_qualifies_it():
    """Catches: ignoring the cue's clause: the measure is stated, the negation qualifies it."""
    text = "Commission toolbox: restrictions on high-risk vendors, no outright ban"
    cue = (text.index("restrictions"), text.index("restrictions") + len("restrictions"))
    assert negation.denied(text, "en", cue) is None
    assert negation.denied(text, "en")  # without the cue the negation is read alone
    lead = "Das Ministerium hat Berichte dementiert, wonach Huawei verbannt werden soll."
    v = lead.index("verbannt")
    assert negation.denied(lead, "de", (v, v + 8))  # the denial introduces the cue's clause


def test_a_negated_measure_in_a_contrast_is_a_correction():
    """"not prohibited …, but officials urged": the measure there is, corrected. Catches: no contrast."""
    assert negation.denied("Users are not prohibited from using it, but officials urged them to stop.", "en") is None
    assert negation.denied("The government has no plans to ban it, but will review it.", "en")


def test_every_language_of_the_issue_is_covered_with_its_grammar_source():
    doc = read_yaml(negation.DATA)
    assert "grammar" in doc["source"].lower() or "gramm" in doc["source"].lower()
    assert {"en", "ja", "zh", "de", "fr", "es", "it", "pt", "ko", "sv"} <= negation.languages()


def test_an_unknown_language_reads_nothing():
    assert negation.denied("Il n'y a aucun projet d'interdiction.", "xx") is None


# --- properties --------------------------------------------------------------------------------
_LANGS = sorted(negation.languages())


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80), st.sampled_from(_LANGS))
def test_evidence_is_a_piece_of_the_folded_sentence(text: str, lang: str):
    """Offsets hold: the evidence is a slice of ``detect.folded(text)`` (one character for one)."""
    assert len(detect.folded(text)) == len(text)
    ev = negation.denied(text, lang)
    assert ev is None or ev in detect.folded(text)


_NAMES = st.sampled_from(["Huawei", "ZTE", "Hikvision", "Dahua", "Kaspersky"])


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(_NAMES, st.sampled_from([
    ("Agencies may no longer buy {} cameras.", "en", "Agencies have no plans to ban {} cameras."),
    ("Behörden dürfen keine {}-Kameras mehr kaufen.", "de", "Behörden planen kein Verbot von {}-Kameras."),
    ("Gli enti non potranno più usare {}.", "it", "Gli enti non intendono escludere {}."),
    ("Os órgãos não poderão mais comprar {}.", "pt", "O ministério nega preparar a proibição de {}."),
]))
def test_metamorphic_permission_and_denial_twins(name: str, case: tuple[str, str, str]):
    """The same firm in a negated permission (a restriction) and in its denial twin."""
    pos, lang, neg = case
    assert negation.denied(pos.format(name), lang) is None
    assert negation.denied(neg.format(name), lang)


# --- article level -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return new_extractor()


_claims = claims_of


REPORT_IT = ("Il governo vieta le telecamere Hikvision negli uffici pubblici\n"
             "Il Consiglio dei ministri ha deciso di vietare alle amministrazioni pubbliche l'acquisto di "
             "telecamere Hikvision.\n")
DENIAL_IT = ("Difesa, nessuna esclusione di Hikvision dalle gare\n"
             "Il ministero della Difesa non intende escludere Hikvision dalle gare per la videosorveglianza.\n"
             "Lo ha precisato una nota del ministero, smentendo le indiscrezioni dei giorni scorsi.\n")
DENIAL_PT = ("Ministério nega estar a preparar proibição de câmaras da Hikvision\n"
             "O Ministério da Administração Interna nega estar a preparar a proibição de câmaras da "
             "Hikvision nos edifícios públicos.\n")
DENIAL_ZH = ("數位部澄清並無禁用華為設備計畫\n"
             "數位部今日澄清，目前並無禁止電信業者採購華為設備的計畫。\n"
             "部分媒體日前報導，政府將全面排除華為產品於5G網路之外，數位部表示相關報導與事實不符。\n")


def test_report_and_its_denial_twin(extractor: Extractor, tmp_path: Path):
    """Metamorphic: the same ministry and firm, measure stated / measure denied. Catches: the scope
    reading not wired into extract (the twin is read as a procurement ban, as before the fix)."""
    assert any(c.main for c in _claims(extractor, tmp_path, "corrieretech_2026-10-02.txt", REPORT_IT))
    assert not _claims(extractor, tmp_path, "corrieretech_2026-10-03.txt", DENIAL_IT)


def test_the_same_denial_in_two_languages(extractor: Extractor, tmp_path: Path):
    assert not _claims(extractor, tmp_path, "corrieretech_2026-10-03.txt", DENIAL_IT)
    assert not _claims(extractor, tmp_path, "jornaltec_2026-10-06.txt", DENIAL_PT)


def test_a_lead_that_denies_denies_the_report_its_body_quotes(extractor: Extractor, tmp_path: Path):
    """The body's "media reported the government will exclude Huawei" is the claim denied. Catches:
    removing ``_lead_denies`` (the body sentence alone makes a network exclusion)."""
    assert not _claims(extractor, tmp_path, "taiwanribao_2026-06-03.txt", DENIAL_ZH)


def test_a_denial_quoted_after_a_real_measure_keeps_the_event(extractor: Extractor, tmp_path: Path):
    """Only the first mention decides: a report that states its measure and then quotes an official
    denial stays an event (cluster surfaces the conflict). Catches: ``_lead_denies`` reading any
    denied sentence of the lead instead of the first mention."""
    text = REPORT_IT + "Il ministero della Difesa non intende escludere Hikvision dalle proprie gare.\n"
    assert any(c.main for c in _claims(extractor, tmp_path, "corrieretech_2026-10-02.txt", text))


def test_every_denial_word_of_the_data_compiles():
    doc = read_yaml(negation.DATA)
    for spec in doc.values():
        if isinstance(spec, dict) and "negators" in spec:
            for key in ("negators", "denials", "intent", "measures", "reports", "contrast", "permission"):
                for part in spec.get(key) or []:
                    re.compile(part)
