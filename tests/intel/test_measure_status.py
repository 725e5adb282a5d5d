"""Measure and status decided from the predicate clause by the learned models of detect.py, with
"unknown" (measure) or "reported" (status) when unsure, and a reason per decision.

Sentences and articles here are written for these tests (not from the training corpus, the
benchmark batches or any outlet)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.intel import detect
from supplyscreen.intel.model import Measure, Status

# The same measure said in several languages (translations written for this test).
TRANSLATIONS = [
    (Measure.ENTITY_LISTING, [
        "The Commerce Department put four Hytera affiliates on the Entity List on Monday.",
        "Das US-Handelsministerium setzte vier Hytera-Töchter auf die Entity List.",
        "美国商务部周一将海能达的四家关联公司列入实体清单。",
        "米商務省はハイテラの関連会社4社をエンティティー・リストに加えた。",
    ]),
    (Measure.ADVISORY, [
        "The national cyber agency urged ministries not to use Kaspersky antivirus.",
        "L'agence nationale de cybersécurité déconseille aux ministères l'antivirus Kaspersky.",
        "La agencia de ciberseguridad recomendó a los ministerios no usar el antivirus de Kaspersky.",
        "사이버보안 당국은 각 부처에 카스퍼스키 백신을 쓰지 말라고 권고했다.",
    ]),
    (Measure.PROCUREMENT_BAN, [
        "The government told its departments to stop buying Dahua cameras.",
        "Il governo ha vietato ai ministeri l'acquisto di telecamere Dahua.",
        "O governo proibiu os ministérios de comprar câmeras da Dahua.",
        "Regeringen förbjöd myndigheterna att köpa kameror från Dahua.",
    ]),
]


# Known misses, kept to show them (none now: "urged ministries not to use", once half advisory and half
# procurement ban, is advisory since the measure frames' advisories, corpus/measure-frames.yaml).
_KNOWN: dict[Measure, str] = {}


@pytest.mark.parametrize(("measure", "texts"), [
    pytest.param(m, ts, id=m.value, marks=[pytest.mark.xfail(strict=True, reason=_KNOWN[m])] if m in _KNOWN else [])
    for m, ts in TRANSLATIONS])
def test_translation_keeps_the_measure(measure, texts):
    """Metamorphic: a translation of the predicate is decided as the same measure."""
    got = [detect.decide_measure([t]).label for t in texts]
    assert got == [measure.value] * len(texts)


# Known misses of the status model, kept to show them (none now: "The government told its departments to
# stop buying Dahua cameras." read reversed bare until the corpus's stopped-process restrictions,
# intel-embed10, taught "stop" as a decided measure's word too).
_TAIL_KNOWN: dict[str, str] = {}


@pytest.mark.parametrize("text", [
    pytest.param(t, marks=[pytest.mark.xfail(strict=True, reason=_TAIL_KNOWN[t])] if t in _TAIL_KNOWN else [])
    for t in [ts[0] for m, ts in TRANSLATIONS if m not in _KNOWN]])
@pytest.mark.parametrize("tail", [", officials said on Tuesday.", ", according to a statement.",
                                  ", the ministry said in a brief notice."])
def test_a_reporting_tail_keeps_measure_and_status(text, tail):
    """Metamorphic: "..., officials said" after the predicate changes neither measure nor status."""
    other = text.rstrip(".") + tail
    assert detect.decide_measure([other]).label == detect.decide_measure([text]).label
    assert detect.decide_status([other]).label == detect.decide_status([text]).label


STATUSES = [
    (Status.PROPOSED, "The ministry is drafting rules that would keep Hikvision cameras out of schools."),
    (Status.PROPOSED, "Die Regierung erwägt, ZTE aus dem Kernnetz auszuschließen."),
    (Status.PROPOSED, "政府はファーウェイ製品を調達から除外する方向で検討に入った。"),
    (Status.DECIDED, "The regulator on Friday barred operators from buying new ZTE base stations."),
    (Status.DECIDED, "El Gobierno prohibió a los ministerios comprar cámaras de Dahua."),
    (Status.IN_FORCE, "The ban on Hytera radios in police networks came into force on Monday."),
    (Status.IN_FORCE, "对海康威视摄像头的采购禁令今日起正式生效。"),
    (Status.REVERSED, "The government lifted its ban on Dahua cameras in public buildings."),
    (Status.REVERSED, "Le gouvernement a levé l'interdiction des caméras Dahua dans les bâtiments publics."),
    # Wordings status.tsv had no example of in the language; the status frames (corpus/status-frames.yaml)
    # give them, over other content than these sentences.
    (Status.PROPOSED, "Il governo intende vietare i droni DJI negli aeroporti militari."),
    (Status.PROPOSED, "O governo pretende banir as câmeras Dahua das escolas públicas."),
    (Status.PROPOSED, "澳大利亚政府正考虑禁止大华摄像头进入政府大楼。"),
    (Status.PROPOSED, "文部科学省は、ハイクビジョン製カメラの学校への設置を禁じる規則案を示した。"),
    (Status.REVERSED, "Regeringen har upphävt förbudet mot Dahua-kameror i skolor."),
    (Status.REVERSED, "Das Land hob das Verbot von DJI-Drohnen in Polizeibehörden auf."),
    pytest.param(Status.PROPOSED, "Österreich will Drohnen von DJI in Ministerien verbieten.",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "German 'will' (intends) shares its n-grams with English 'will' of the decided templates "
                     "('will stop buying'); the frame '{A} will {VP}' is not enough (issue 17, open)"))),
]


@pytest.mark.parametrize(("status", "text"), STATUSES)
def test_status_is_read_from_the_predicate(status, text):
    d = detect.decide_status([text])
    assert d.label == status.value, d.reason


DENIALS = [
    pytest.param("The minister denied that the government plans to ban Huawei from 5G networks.",
                 marks=pytest.mark.xfail(strict=True, reason="'ban ... from 5G networks' outweighs 'denied that' (0.68)")),
    "The cabinet has no plans to exclude ZTE from public tenders, a spokesman said.",
    "Die Regierung dementierte Berichte über ein Verbot von Hikvision-Kameras.",
    "官房長官は、ハイクビジョン製カメラの調達を禁止する考えはないと述べた。",
    "정부는 화웨이 장비를 금지할 계획이 없다고 밝혔다.",
]


@pytest.mark.parametrize("text", DENIALS)
def test_denials_and_no_plans_are_not_restrictions(text):
    """Negation and hedging are learned: the restriction is named only to say there is none."""
    assert detect.restriction(text) < detect.THRESHOLD


def test_every_decision_says_which_phrase_which_label_how_sure():
    text = "The regulator revoked China Unicom's licence to provide telecom services."
    for d in (detect.decide_measure([text]), detect.decide_status([text])):
        assert d.quote == text and d.phrase and d.phrase in text
        assert d.label in d.reason and f"{d.p:.2f}" in d.reason and d.phrase in d.reason
        assert 0.0 <= d.p <= 1.0


def test_below_the_floor_the_measure_is_unknown_and_says_why():
    lin = detect.model().measure
    flat = {c: 1.0 / len(lin.classes) for c in lin.classes}
    text = "The regulator revoked China Unicom's licence to provide telecom services."
    d = detect._decide([text], lambda _t: flat, lin, detect.MEASURE_MIN, "unknown", "measure")
    assert d.label == "unknown" and f"< {detect.MEASURE_MIN}" in d.reason
    sure = dict.fromkeys(lin.classes, 0.0) | {"advisory": 1.0}
    assert detect._decide([text], lambda _t: sure, lin, detect.MEASURE_MIN, "unknown", "measure").label == "advisory"


@pytest.mark.parametrize("texts", [[], [""], ["   "], ["\x00\x01\x02 \ufffd"], ["a" * 20_000],
                                   ["Huawei"], ["华为 Huawei ファーウェイ 화웨이 ban"]],
                         ids=["none", "empty", "blank", "binary", "huge", "a name only", "mixed scripts"])
def test_bad_input_gives_a_decision_with_a_reason(texts):
    for d in (detect.decide_measure(texts), detect.decide_status(texts)):
        assert d.label in {m.value for m in Measure} | {s.value for s in Status}
        assert 0.0 <= d.p <= 1.0 and d.reason


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_predicate_clause_is_a_span_of_the_sentence(text):
    """Property: the clause lies within the sentence, and contains the cue when there is one."""
    a, b = detect.predicate_span(text)
    assert 0 <= a <= b <= len(text)
    cue = detect.cue(text)
    if cue is not None:
        assert a <= cue[0] and cue[1] <= b
    assert abs(sum(detect.status_probs(text).values()) - 1.0) < 1e-9


ARTICLES = {
    "lifted_2031-04-02.txt": "Chile lifts ban on Hikvision cameras in federal offices\n2 April 2031\n"
                             "The government of Chile has lifted the ban that stopped federal agencies from "
                             "buying Hikvision cameras, after a security review.\n",
    "draft_2031-05-06.txt": "Canada proposes to force carriers to strip ZTE gear from their networks\n6 May 2031\n"
                            "Canada's innovation minister proposed rules on Tuesday that would require carriers to "
                            "remove ZTE equipment from their networks by 2034.\n",
    "denial_2031-06-01.txt": "政府、ファーウェイ製品の排除方針を否定\n2031年6月1日\n"
                             "官房長官は1日、ファーウェイ製品の使用を一律に禁止する方針はないと述べ、報道を否定した。\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    return ingest_articles(tmp_path_factory.mktemp("measure-status"), ARTICLES)


def _main(result, name):
    return [e for e in result.events if any(s.path.endswith(name) and s.main for s in e.sources)]


def test_a_lifted_ban_is_reported_as_reversed(result):
    (e,) = _main(result, "lifted_2031-04-02.txt")
    assert e.status == Status.REVERSED
    why = {x.field: x.why for x in e.evidence}
    assert "reversed" in why["status"] and why["measure"]


def test_a_draft_is_proposed(result):
    (e,) = _main(result, "draft_2031-05-06.txt")
    assert e.status == Status.PROPOSED and e.jurisdiction == "CA"


def test_an_official_denial_reports_no_measure(result):
    assert any(d.path.endswith("denial_2031-06-01.txt") for d in result.documents)
    assert not [ids for p, ids in result.article_events.items() if p.endswith("denial_2031-06-01.txt") and ids]


# A status frame (its own words) around a topic slot: the topic changes the measure, never the status.
STATUS_FRAMES = [
    (Status.PROPOSED, "The agency is expected to ban {} next year."),
    (Status.REPORTED, "The cabinet is poised to bar {}, a newspaper said."),
    (Status.REVERSED, "The regulator lifted its restrictions on {}."),
    (Status.IN_FORCE, "A prohibition on {} took effect on Monday."),
    (Status.REVERSED, "Le gouvernement a levé l'interdiction visant {}."),
    (Status.PROPOSED, "政府は{}を禁止する方向で検討している。"),
]
TOPICS = {
    "en": ["state contracts for Dahua cameras", "Huawei gear in the 5G core network",
           "new equipment authorisations for ZTE", "Kaspersky software on official laptops",
           "purchases of Hikvision surveillance cameras for government buildings"],
    "fr": ["les caméras Hikvision dans les bâtiments publics", "les équipements Huawei du réseau 5G",
           "les marchés publics ouverts à ZTE"],
    "ja": ["ハイクビジョン製監視カメラの政府調達", "ファーウェイ製の5G基地局", "ZTEの機器の認証"],
}


@pytest.mark.parametrize(("status", "frame"), STATUS_FRAMES)
def test_the_topic_never_decides_the_status(status, frame):
    """Metamorphic: the same status frame over different topics (the measure's words: cameras,
    contracts, 5G, 調達) keeps its status, and the reason quotes words of the frame, not the topic."""
    lang = "ja" if "政府は" in frame else "fr" if "gouvernement" in frame else "en"
    for topic in TOPICS[lang]:
        d = detect.decide_status([frame.format(topic)])
        assert d.label == status.value, d.reason
        assert d.phrase and d.phrase not in topic, d.reason


def test_no_name_of_an_actor_or_target_is_status_wording():
    """The shipped status model has no weight for an n-gram of the corpus's slot fillers (actor and
    target names): a name can neither decide a status nor be quoted as its evidence."""
    from supplyscreen.intel import train

    names = train.filler_grams()
    assert names and not names & set(detect.model().status.weights)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80), st.sets(st.text(min_size=2, max_size=3), max_size=40))
def test_features_kept_are_a_subset_scaled_over_themselves(text, keep):
    """``features(text, keep)``: only kept features, the n-grams at unit length among themselves."""
    keep |= set(list(detect.features(text))[::2])  # some of the sentence's own n-grams too
    got = detect.features(text, keep)
    assert set(got) <= keep
    grams = [v for f, v in got.items() if not f.startswith("cue:")]
    if grams:
        assert abs(sum(v * v for v in grams) - 1.0) < 1e-9


# --- the status frames (corpus/status-frames.yaml) ------------------------------------------------
# Content written for this test (not a predicate of the frame file), in the forms its frames take.
NEW_CONTENT = {
    "en": [{"VP": "keep Hytera radios out of police stations", "NP": "ban on Hytera radios in police stations"},
           {"VP": "bar schools from buying Dahua cameras", "NP": "ban on Dahua cameras in schools"}],
    "fr": [{"VP": "bannir les drones DJI des casernes", "NP": "l'interdiction des drones DJI dans les casernes"},
           {"VP": "retirer les caméras Hikvision des mairies", "NP": "l'obligation de retirer les caméras Hikvision des mairies"}],
}
ACTOR = {"en": "The government", "fr": "Le gouvernement"}


def _frames(lang: str, statuses: bool = True) -> list[tuple[str, str]]:
    import yaml

    from supplyscreen.intel import train
    doc = yaml.safe_load((train.CORPUS / train.FRAMES).read_text(encoding="utf-8"))
    return [(st, f) for st, block in doc[lang].items() if st not in ("predicates", "attributions")
            and (st != "denial") == statuses for f in block["frames"]]


@pytest.mark.parametrize("lang", sorted(NEW_CONTENT))
def test_a_status_frame_keeps_its_status_over_new_content(lang):
    """Metamorphic: every status frame of the shipped frame file, filled with content the file does
    not have, is decided as the frame's status (the content carries no status)."""
    from supplyscreen.intel import train
    wrong = []
    for status, frame in _frames(lang):
        for pred in NEW_CONTENT[lang]:
            text = train._fill(frame, pred, lang, status).replace("{A}", ACTOR[lang])
            d = detect.decide_status([text])
            if d.label != status:
                wrong.append((text, d.reason))
    assert not wrong


@pytest.mark.xfail(strict=True, reason=(
    "the detector is not trained on the denial frames (as negatives they dropped a borderline report, BT "
    "'was removing Huawei equipment', below the line): it flags most of them (issue 17, open)"))
@pytest.mark.parametrize("lang", sorted(NEW_CONTENT))
def test_a_denial_frame_is_no_restriction(lang):
    """A denial frame ("has no plans to", "a démenti vouloir") over any content is not a restriction,
    so it can never become a proposed one."""
    from supplyscreen.intel import train
    flagged = [text for status, frame in _frames(lang, statuses=False) for pred in NEW_CONTENT[lang]
               if detect.restriction(text := train._fill(frame, pred, lang, status).replace("{A}", ACTOR[lang]))
               >= detect.THRESHOLD]
    assert not flagged
