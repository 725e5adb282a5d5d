"""Drafts, bills and consultations (issue 17, items 1, 6, 7): a measure that a ministry, regulator or
parliament has only put on paper is a restriction report, and its status is ``proposed``, in every
language, whether the report names it with a verb ("would bar") or a noun ("Verordnungsentwurf",
"projet d'ordonnance", "schema di decreto"); calls for a measure by someone who cannot impose it
are not the subject here (see benchmarks/README: still flagged).

Sentences and articles are written for these tests: not from the training corpus
(``intel/corpus``), the benchmark batches or any outlet."""

from __future__ import annotations

import pytest
from tests.intel.builders import ingest_articles

from supplyscreen.intel import detect
from supplyscreen.intel.model import Status

# One draft per language, each in wording that the corpus has only in parts (its noun or its mood).
DRAFTS = [
    ("en", "The interior ministry released draft regulations that would prohibit councils from buying Dahua cameras."),
    ("de", "Das Innenministerium hat einen Verordnungsentwurf veröffentlicht, der Dahua-Kameras in Schulen verbieten würde."),
    ("fr", "Le gouvernement a mis en consultation un projet d'ordonnance qui écarterait ZTE des réseaux 5G."),
    pytest.param("it", "Il ministero ha messo in consultazione una bozza di decreto che vieterebbe le telecamere "
                 "Dahua nelle scuole.", marks=pytest.mark.xfail(strict=True, reason=(
                     "detector 0.48: without the proposed template rows (left out: they cost measure and status "
                     "accuracy on other held-out batches) the Italian noun-phrase draft falls just below the line "
                     "(issue 17, open)"))),
    pytest.param("es", "El Gobierno presentó un borrador de decreto que vetaría los equipos de ZTE en la red 5G.",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "detector 0.43: 'presentó un borrador' + conditional 'vetaría' has too few proposed "
                     "restriction rows in Spanish (issue 17, open)"))),
    ("pt", "O governo colocou em consulta uma minuta de decreto que proibiria câmeras da Dahua nas escolas."),
    ("sv", "Regeringen har skickat ut ett förslag på remiss som skulle förbjuda kameror från Dahua i skolor."),
    ("ja", "文部科学省は、学校でのダーファ製カメラの使用を禁じる省令案を公表し、意見を募集している。"),
    ("zh", "教育部公布草案，拟禁止学校使用大华摄像头。"),
    ("ko", "교육부는 학교의 다화 카메라 사용을 금지하는 규정 초안을 공개하고 의견을 받고 있다."),
]


@pytest.mark.parametrize(("lang", "text"), DRAFTS)
def test_a_draft_is_a_restriction_and_proposed(lang, text):
    """A draft names a restriction (the detector sees it) and its status is proposed, with a phrase
    of the sentence as the reason."""
    assert detect.restriction(text) >= detect.THRESHOLD, lang
    d = detect.decide_status([text])
    assert d.label == Status.PROPOSED.value, d.reason
    assert d.phrase and d.phrase in text


# The same measure adopted, and put out as a draft: only the status may change (metamorphic).
ADOPTED_AND_DRAFTED = [
    ("The cabinet barred public schools from buying Dahua cameras.",
     "The cabinet published a draft regulation that would bar public schools from buying Dahua cameras."),
    pytest.param("Die Regierung hat Dahua-Kameras in Schulen verboten.",
                 "Ein Verordnungsentwurf der Regierung würde Dahua-Kameras in Schulen verbieten.",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "status right both ways; the measure of the draft reads removal_order, of the ban "
                     "procurement_ban: a measure-model question (issue 17, open)"))),
    pytest.param("Le gouvernement a interdit les caméras Dahua dans les écoles.",
                 "Le gouvernement a mis en consultation un projet de décret qui interdirait les caméras Dahua dans "
                 "les écoles.", marks=pytest.mark.xfail(strict=True, reason=(
                     "status right both ways; the draft's measure is unknown (procurement_ban 0.26 < 0.35): the "
                     "conditional mood spreads the measure model (issue 17, open)"))),
    pytest.param("Il governo ha vietato le telecamere Dahua nelle scuole.",
                 "Il governo ha messo in consultazione una bozza di decreto che vieterebbe le telecamere Dahua "
                 "nelle scuole.", marks=pytest.mark.xfail(strict=True, reason=(
                     "status right both ways; the draft's measure is unknown (removal_order 0.33 < 0.35) "
                     "(issue 17, open)"))),
]


@pytest.mark.parametrize(("adopted", "drafted"), ADOPTED_AND_DRAFTED)
def test_drafting_a_measure_changes_its_status_not_its_measure(adopted, drafted):
    assert detect.decide_status([adopted]).label == Status.DECIDED.value, detect.decide_status([adopted]).reason
    assert detect.decide_status([drafted]).label == Status.PROPOSED.value, detect.decide_status([drafted]).reason
    assert detect.decide_measure([drafted]).label == detect.decide_measure([adopted]).label
    assert detect.restriction(drafted) >= detect.THRESHOLD


ARTICLES = {
    "bergblatt_2031-03-04.txt": (
        "Verordnungsentwurf: Österreich will Dahua-Kameras aus Schulen verbannen\n4. März 2031\n"
        "Das österreichische Bildungsministerium hat am Dienstag einen Verordnungsentwurf in die Konsultation "
        "gegeben, nach dem Schulen keine Kameras von Dahua mehr anschaffen dürften.\n"
        "Stellungnahmen sind bis Ende April möglich.\n"),
    "gazzettaretail_2031-03-05.txt": (
        "Austria, bozza di regolamento contro le telecamere Dahua nelle scuole\n5 marzo 2031\n"
        "Il ministero dell'Istruzione austriaco ha messo in consultazione una bozza di regolamento che "
        "vieterebbe alle scuole di acquistare telecamere Dahua.\n"),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    return ingest_articles(tmp_path_factory.mktemp("drafts"), ARTICLES)


def test_reports_of_a_draft_ordinance_make_one_proposed_event(result):
    """Two reports (German, Italian) of one draft ordinance: one event of Austria, proposed, with
    both reports as sources and the status's reason quoting the report."""
    events = [e for e in result.events if e.jurisdiction == "AT"]
    assert len(events) == 1, [(e.jurisdiction, e.status, [s.path for s in e.sources]) for e in result.events]
    (e,) = events
    assert e.status == Status.PROPOSED
    assert {s.path.rsplit("/", 1)[-1] for s in e.sources} == set(ARTICLES)
    why = {x.field: x.why for x in e.evidence}
    assert "proposed" in why["status"]


def _claim(path: str, status: Status, day: int, month: int = 3):
    import datetime as dt

    from supplyscreen.intel.model import Claim, Measure, Target
    date = dt.date(2031, month, day)
    return Claim(path=path, jurisdiction="BE", measure=Measure.NETWORK_EXCLUSION,
                 targets=(Target("Huawei Technologies Co., Ltd.", "huawei", "huawei"),), status=status,
                 date=date, main=True, article_date=date, date_stated=True)


def test_one_misread_report_does_not_outvote_its_news_cycle():
    """Two reports of a draft read proposed, a third a day later misread as decided: proposed. The
    order the reports come in changes nothing (metamorphic)."""
    from supplyscreen.intel.cluster import event_status
    claims = [_claim("a", Status.PROPOSED, 10), _claim("b", Status.PROPOSED, 10), _claim("c", Status.DECIDED, 11)]
    assert event_status(claims) == Status.PROPOSED
    assert event_status(claims[::-1]) == Status.PROPOSED


def test_a_later_news_cycle_still_moves_the_status_on():
    """A draft reported twice, its adoption reported once a week later: decided (the measure moved on);
    a tie within one cycle goes to the latest report, as before the vote."""
    from supplyscreen.intel.cluster import event_status
    assert event_status([_claim("a", Status.PROPOSED, 3), _claim("b", Status.PROPOSED, 3),
                         _claim("c", Status.DECIDED, 10)]) == Status.DECIDED
    assert event_status([_claim("a", Status.PROPOSED, 10), _claim("b", Status.DECIDED, 11)]) == Status.DECIDED
    assert event_status([_claim("a", Status.DECIDED, 10), _claim("b", Status.IN_FORCE, 10)]) == Status.IN_FORCE
