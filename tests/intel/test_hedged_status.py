"""Hedged and reversed reports (issue 17 item 6): a report that credits its news to unnamed sources
or tells it in the mood of hearsay is ``reported``, and so is an event whose latest reports all hedge;
a lifting verb over a restriction noun is ``reversed``.

Sentences and articles are written for these tests: not from the training corpus (``intel/corpus``),
the benchmark batches or any outlet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.intel import cluster, extract
from supplyscreen.intel.model import Claim, Measure, Status

# (language, hedged sentence, its confirmed twin): the same news, once as hearsay, once as fact.
# Catches a language's cues dropped from hedge-cues.yaml (the hedged side) and a cue so loose it
# matches the plain past tense (the twin).
TWINS = [
    ("en", "Regulators told carriers to drop ZTE radios, people familiar with the matter said.",
     "Regulators told carriers to drop ZTE radios, the ministry said."),
    ("fr", "Les opérateurs auraient reçu la consigne d'écarter ZTE.", "Les opérateurs ont reçu la consigne d'écarter ZTE."),
    ("de", "Die Behörde soll die Betreiber angewiesen haben, ZTE zu meiden.",
     "Die Behörde hat die Betreiber angewiesen, ZTE zu meiden."),
    ("es", "El regulador habría prohibido los equipos de ZTE.", "El regulador ha prohibido los equipos de ZTE."),
    ("it", "Il governo avrebbe escluso ZTE dalle reti 5G.", "Il governo ha escluso ZTE dalle reti 5G."),
    ("pt", "O governo teria excluído a ZTE das redes 5G.", "O governo excluiu a ZTE das redes 5G."),
    ("sv", "Regeringen ska ha stoppat ZTE i 5G-näten.", "Regeringen har stoppat ZTE i 5G-näten."),
    ("ja", "政府、ZTE製品を基地局から排除か", "政府、ZTE製品を基地局から排除"),
    ("zh", "据悉，政府已禁止运营商采购中兴设备。", "政府已禁止运营商采购中兴设备。"),
    ("ko", "소식통에 따르면 정부는 ZTE 장비를 금지했다.", "정부는 ZTE 장비를 금지했다."),
]


@pytest.mark.parametrize(("lang", "hedged", "plain"), TWINS)
def test_a_hedge_is_read_and_its_confirmed_twin_is_not(lang, hedged, plain):
    assert extract.hedge(hedged), lang
    assert not extract.hedge(plain), (lang, extract.hedge(plain))


@given(st.text(alphabet="abcdefghij ,", max_size=40))
def test_a_hedge_is_found_after_any_plain_opening(opening):
    """The cues search the sentence, not its start: a plain clause before the hedge does not hide it
    (catches a pattern anchored with ^ or matched with re.match)."""
    assert extract.hedge(opening + " Les opérateurs auraient reçu la consigne.")


def _article(title: str, body: str) -> str:
    return f"{title}\n{body}\nThe company declined to comment.\n"


def test_a_hedged_report_and_its_confirmed_twin_differ_only_in_status(tmp_path):
    """End to end: one article hedged, its twin confirmed; the hedged one is reported, the twin
    decided (catches the hedge check removed from extract._status)."""
    (tmp_path / "h").mkdir()
    (tmp_path / "p").mkdir()
    hedged = ingest_articles(tmp_path / "h", {
        "wire_2026-05-12.txt": _article(
            "Qatar bars Huawei from 5G core, people familiar with the matter say",
            "Qatar's regulator has ordered operators to remove Huawei equipment from the core of their 5G "
            "networks, according to people familiar with the matter.")})
    plain = ingest_articles(tmp_path / "p", {
        "wire_2026-05-12.txt": _article(
            "Qatar bars Huawei from 5G core",
            "Qatar's regulator has ordered operators to remove Huawei equipment from the core of their 5G "
            "networks, the regulator said on Tuesday.")})
    (h,) = [e for e in hedged.events if e.jurisdiction == "QA"]
    (p,) = [e for e in plain.events if e.jurisdiction == "QA"]
    assert h.status == Status.REPORTED, [x.why for x in h.evidence]
    assert p.status == Status.DECIDED, [x.why for x in p.evidence]
    assert (h.measure, h.targets) == (p.measure, p.targets)


def test_the_same_hedge_in_two_languages_agrees(tmp_path):
    """Two reports of one rumour, French conditional and Spanish conditional: one event, reported."""
    result = ingest_articles(tmp_path, {
        "matin_2026-09-15.txt": _article(
            "Brésil : Huawei serait écarté du cœur 5G",
            "L'Anatel aurait ordonné aux opérateurs de retirer les équipements de Huawei du cœur de leurs "
            "réseaux 5G, selon plusieurs sources."),
        "plata_2026-09-16.txt": _article(
            "Brasil habría excluido a Huawei del núcleo 5G",
            "El regulador brasileño Anatel habría ordenado a los operadores retirar los equipos de Huawei "
            "del núcleo de sus redes 5G, según fuentes cercanas al caso."),
    })
    events = [e for e in result.events if e.jurisdiction == "BR"]
    assert len(events) == 1, [(e.jurisdiction, [s.path for s in e.sources]) for e in result.events]
    assert events[0].status == Status.REPORTED
    assert {s.status for s in events[0].sources} == {Status.REPORTED}


def _claim(day: int, status: Status, hedged: bool) -> Claim:
    return Claim(path=f"a{day}{hedged}.txt", jurisdiction="QA", measure=Measure.NETWORK_EXCLUSION, targets=(),
                 status=status, date=None, article_date=dt.date(2026, 5, day), hedged=hedged)


def test_hedged_reports_stay_reported_however_they_misread():
    """A cycle of hedged reports is reported even where a report's own status says decided (built
    by hand: catches the vote counting hedged reports' labels)."""
    mains = [_claim(12, Status.DECIDED, True), _claim(13, Status.DECIDED, True), _claim(13, Status.REPORTED, True)]
    assert cluster.event_status(mains) == Status.REPORTED


def test_an_unhedged_report_confirms_the_news():
    """One report that states the decision as the authority's (no hedge) carries the cycle, however
    many hedged reports there are (catches hedged reports outvoting the confirmation)."""
    mains = [_claim(12, Status.REPORTED, True), _claim(12, Status.REPORTED, True), _claim(13, Status.DECIDED, False)]
    assert cluster.event_status(mains) == Status.DECIDED


# A lifting verb over a restriction noun, per language; the last two lift nothing.
LIFTINGS = [
    ("en", "Regulator lifts suspension of Huawei's operating licence", True),
    ("fr", "Le gouvernement lève l'interdiction des caméras Hikvision", True),
    ("de", "Die Behörde hebt das Verbot für Huawei-Komponenten auf", True),
    ("es", "El Gobierno levanta la prohibición de las cámaras Hikvision", True),
    ("zh", "监管机构解除对华为设备的禁令", True),
    ("ja", "総務省、ファーウェイ製品の禁止措置を解除", True),
    ("ko", "정부, 화웨이 장비 금지 조치 해제", True),
    ("en", "Regulator extends suspension of Huawei's operating licence", False),
    ("fr", "Le gouvernement prolonge l'interdiction des caméras Hikvision", False),
]


@pytest.mark.parametrize(("lang", "text", "lifts"), LIFTINGS)
def test_a_lifting_verb_over_a_restriction_noun(lang, text, lifts):
    assert bool(extract.lifting(text)) is lifts, lang


def test_a_lifted_suspension_is_reversed_end_to_end(tmp_path):
    """The present-tense headline the status model reads as decided ("lifts suspension") makes a
    reversed event (catches the lifting rule removed from extract._status)."""
    result = ingest_articles(tmp_path, {
        "prairie_2026-10-07.txt": _article(
            "Regulator lifts suspension of Huawei's operating licence",
            "Canada's telecoms regulator lifts the suspension of Huawei's operating licence."),
    })
    (e,) = [e for e in result.events if e.jurisdiction == "CA"]
    assert e.status == Status.REVERSED, [x.why for x in e.evidence]


# Look-alikes of the hearsay mood that are no hedge: the conditional of the future in the past in a
# relative clause, and German "sollte" (should) over a noun ending in -t. Catches the relative-clause
# guard dropped from extract.hedge and a German pattern that takes any word before "haben".
NOT_HEDGES = [
    ("it", "Il governo ha bloccato il contratto con cui Huawei avrebbe fornito il nucleo della rete."),
    ("es", "El Gobierno vetó el contrato por el que ZTE habría suministrado las antenas."),
    ("de", "Die Regierung sollte endlich den Mut haben, Huawei aus dem Kernnetz zu verbannen."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_HEDGES)
def test_a_look_alike_of_the_hearsay_mood_is_no_hedge(lang, text):
    assert not extract.hedge(text), (lang, extract.hedge(text))
