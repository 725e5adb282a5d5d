"""Detection of restriction reports in the languages the detector missed (issue 17): Han variants
folded before n-grams (``detect.normalise``). A generated frame × predicate corpus for these
languages was tried at the merge and not kept (benchmarks/README.md, "Detection recall"): two
wordings it alone taught are strict xfails below.

Sentences here are written for these tests (not from the corpus frames, the benchmark batches or
any outlet)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import detect, link, train

FOLD = {str(k): str(v) for k, v in yaml.safe_load(
    (train.HERE / detect.HAN_VARIANTS).read_text(encoding="utf-8"))["fold"].items()}
TRADITIONAL = sorted(FOLD)


def _simplify(text: str) -> str:
    return "".join(FOLD.get(ch, ch) for ch in text)


# (traditional, simplified): the same restriction written in both scripts.
PAIRS = [
    ("經濟部宣布，國營事業不得採購或使用華為的網路設備。", "经济部宣布，国营事业不得采购或使用华为的网路设备。"),
    ("國防部要求各單位於年底前拆除海康威視監視器。", "国防部要求各单位于年底前拆除海康威视监视器。"),
]


def test_the_fold_table_covers_the_words_of_reports_not_only_names():
    for trad, simple in (("採", "采"), ("購", "购"), ("禁", "禁"), ("單", "单"), ("為", "为")):
        assert FOLD.get(trad, trad) == simple


@pytest.mark.parametrize(("trad", "simple"), PAIRS)
def test_traditional_and_simplified_are_one_wording(trad, simple):
    """Metamorphic: the traditional form reads exactly as the simplified one."""
    assert _simplify(trad) == simple
    assert detect.features(trad) == detect.features(simple)
    assert detect.restriction(trad) == detect.restriction(simple) >= detect.THRESHOLD
    assert detect.best_measure([trad])[0] == detect.best_measure([simple])[0]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TRADITIONAL), st.characters(codec="utf-8")), max_size=40))
def test_folding_changes_features_only_through_the_table(chars):
    """Property: folding every listed variant first changes no n-gram, the folded text's rule cues
    fire on the text too (a cue written in a Japanese form may fire on it alone), and the cue found in
    the traditional form indexes that text (one character for one)."""
    text = "".join(chars)
    ours, folded = detect.features(text), detect.features(_simplify(text))
    assert {f for f in ours if not f.startswith("cue:")} == {f for f in folded if not f.startswith("cue:")}
    assert set(detect.cue_features(_simplify(text))) <= set(detect.cue_features(text))
    assert detect.normalise(text) == detect.normalise(_simplify(text))
    span = detect.cue(text)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)


RESTRICTIONS = [
    "국방부는 군부대에 설치된 다후아 카메라를 내년 3월까지 철거하라고 지시했다.",  # removal order
    "금융위원회는 카스퍼스키를 보안 위험 업체로 지정했다.",  # designation
    "Il ministero valuta l'esclusione di ZTE dalle reti di nuova generazione.",
    "La regione mette al bando i router Huawei negli uffici comunali.",
    "交通部公告，所屬機關不得採購或使用中興通訊的路由器。",
    "経済産業省は、ダーファ製カメラを庁舎から撤去するよう各省庁に指示した。",
    "A Anatel proibiu as operadoras de usar roteadores da ZTE na rede central.",
    "Myndigheten har förbjudit kommunerna att köpa kameror från Dahua.",
]
NEGATIVES = [
    "다후아는 부산에 물류 센터를 열었다고 밝혔다.",
    "ZTE ha aperto un nuovo ufficio a Torino.",
    "華為在台北舉辦新款手機發表會。",
    "ソフトバンクは新型ルーターの販売を始めた。",
    "A Huawei abriu uma loja em Lisboa.",
    "Dahua har öppnat ett lager i Malmö.",
]


# Taught only by the generated recall corpus, which was not kept (it cost measure and grouping on
# other held-out sets): "mette al bando" is still below the line. (The Korean designation 지정했다
# is above it since the Korean frames' particles agree with their fillers and vary their openings,
# intel-hangul9.)
MISSED = {"La regione mette al bando i router Huawei negli uffici comunali."}


@pytest.mark.parametrize("text", [pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="wording not taught"))
                                  if t in MISSED else t for t in RESTRICTIONS])
def test_restriction_wordings_of_the_missed_languages_are_detected(text):
    assert detect.restriction(text) >= detect.THRESHOLD


@pytest.mark.parametrize("text", NEGATIVES)
def test_company_news_in_those_languages_is_not(text):
    assert detect.restriction(text) < detect.THRESHOLD


@pytest.mark.parametrize(("text", "code"), [
    ("義大利政府宣布新的資安規定。", "IT"),
    ("南韓國防部發布新聞稿。", "KR"),
    ("澳洲政府週二公布預算。", "AU"),
])
def test_traditional_chinese_country_names_are_places(text, code):
    """The CLDR's names in Chinese written in traditional characters differ in words (義大利, not
    意大利), which folding cannot reach: the places table carries them."""
    assert code in {p.jurisdiction for p in link.PlaceLinker().find(text)}


def test_a_simplified_name_is_not_read_as_another_country():
    assert {p.jurisdiction for p in link.PlaceLinker().find("意大利政府宣布新的规定。")} == {"IT"}


def test_the_han_fold_is_idempotent():
    """Folding twice is folding once: no character maps to one the table maps on (the transform
    gives some pairs both ways, 苎/苧); a cycle made the property test above fail on the characters
    it happened to draw."""
    table = detect._han_fold()
    assert {c: t for c, t in table.items() if str(t).translate(table) != t} == {}
