import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.matching.normalise import Kind, normalise


def key(text: str) -> str:
    return normalise(text).key


def test_legal_forms_case_and_punctuation_are_ignored():
    assert key("Huawei Technologies Co., Ltd.") == key("HUAWEI TECH CO LTD") == key("huawei technologies")


def test_chinese_scripts_meet_latin_through_pinyin():
    assert key("华为") == key("華為") == key("Huawei")
    assert key("华为技术有限公司") == key("Huawei Technologies Co Ltd")


def test_attached_chinese_and_japanese_legal_forms_are_removed():
    assert "有限公司" in normalise("中兴通讯股份有限公司").legal or "股份有限公司" in normalise("中兴通讯股份有限公司").legal
    assert key("株式会社ファーウェイ") == key("ファーウェイ")


def test_acronyms_with_dots_or_spaces_are_joined():
    assert key("Z.T.E. Corporation") == key("Z T E") == key("ZTE Corp.") == "zte"


def test_cyrillic_is_transliterated_and_russian_legal_forms_dropped():
    assert key("АО «Лаборатория Касперского»") == key("Laboratoriya Kasperskogo")


def test_word_classes():
    n = normalise("Huawei Technologies India Pvt Ltd")
    kinds = {t.text: t.kind for t in n.tokens}
    assert kinds == {"huawei": Kind.DISTINCT, "technology": Kind.GENERIC, "india": Kind.PLACE}
    assert "pvt ltd" in n.legal


@given(st.text(max_size=80))
def test_normalisation_is_idempotent(text):
    once = key(text)
    assert key(once) == once


@given(st.text(max_size=200))
def test_normalise_never_raises(text):
    normalise(text)


def test_katakana_middle_dot_separates_words_and_the_long_vowel_mark_does_not() -> None:
    assert [t.text for t in normalise("ファーウェイ・ジャパン株式会社").tokens] == ["ファーウェイ", "japan"]
    assert normalise("ファーウェイ・テクノロジーズ").key == normalise("ファーウェイ テクノロジーズ").key


@pytest.mark.parametrize("name, legal, words", [
    ("ZTE Hungary Kft", "kft", ["zte", "hungary"]),
    ("Huawei Polska Sp. z o.o.", "sp zoo", ["huawei", "polska"]),
    ("ZTE Czech s.r.o.", "sro", ["zte", "czech"]),
    ("Hikvision Korea 주식회사", "주식회사", ["hikvision", "korea"]),
])
def test_central_european_and_korean_legal_forms_are_removed(name, legal, words):
    n = normalise(name)
    assert legal in n.legal and [t.text for t in n.tokens] == words


def test_countries_in_their_own_languages_are_places():
    for name in ("Huawei Technologies España", "ZTE do Brasil", "Huawei Nederland"):
        assert normalise(name).tokens[-1].kind is Kind.PLACE


@given(st.text(max_size=80))
def test_the_last_step_of_form_is_the_normalised_key(text):
    from supplyscreen.matching.normalise import Aspect, form

    assert form(text, Aspect.WORDING) == normalise(text).key
