"""Two-syllable Hangul country names (태국, 칠레, 페루, 케냐): read as words of their own, bounded by
Korean word structure (particles after the name, no syllable before it); names that are also Korean
words (수단 'means', 오만 'arrogance', 저지 'blocking') only with a government noun after them. The
particles, the colliding words and the place context come from gazetteer.yaml; so do these tests'
inputs, so a row added there is tested too. Sentences written for these tests."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supplyscreen.datafile import read_yaml
from supplyscreen.intel.link import COUNTRY_NAMES, GAZETTEER, PlaceLinker
from supplyscreen.intel.train import korean_particle, put_korean

_GAZ = read_yaml(GAZETTEER)
PARTICLES = sorted(map(str, _GAZ["korean_particles"]))
WORDS = {str(k): str(v) for k, v in _GAZ["hangul_names"]["words"].items()}
CONTEXT = _GAZ["hangul_names"]["place_context"]
NOUNS = sorted(map(str, CONTEXT["nouns"]))
# Two-syllable names of countries the gazetteer does not list, that are no Korean word.
SHORT = {"태국": "TH", "칠레": "CL", "페루": "PE", "케냐": "KE", "몽골": "MN", "네팔": "NP", "쿠바": "CU"}
COLLIDING = {"수단": "SD", "오만": "OM", "저지": "JE", "가나": "GH", "이란": "IR", "말리": "ML"}
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
# What may follow a name's particles: another script, a space, punctuation, the end.
NOT_HANGUL = st.sampled_from(["", " ", ",", ".", "…", "'", "\"", ")", "0", "A", "政", "、"])


@cache
def _places() -> PlaceLinker:
    return PlaceLinker()


def _codes(text: str) -> list[str]:
    return [p.jurisdiction for p in _places().find(text)]


def _starts(first: str) -> bool:
    """Whether a syllable begins a particle or an attached context noun (so may follow a name)."""
    return any(w.startswith(first) for w in (*PARTICLES, *NOUNS))


def test_the_data_file_explains_each_colliding_name_and_each_is_a_korean_country_name():
    cldr = {str(n): str(c) for c, ns in read_yaml(COUNTRY_NAMES)["names"].items() for n in ns}
    for word, sense in WORDS.items():
        assert word in cldr, f"{word} is no CLDR Korean country name"
        assert "'" in sense and len(sense) > 10, f"{word}: give the word's sense"
    for word, code in COLLIDING.items():
        assert cldr[word] == code


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SHORT)), st.lists(st.sampled_from(PARTICLES), max_size=2), NOT_HANGUL,
       st.sampled_from(["", "지난 14일 ", "그러나 ", "(서울) "]))
def test_a_short_name_with_any_particles_of_the_list_is_the_country(name, particles, after, before):
    text = f"{before}{name}{''.join(particles)}{after} 하이크비전 카메라 구매를 금지했다."
    assert SHORT[name] in _codes(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SHORT)), HANGUL)
def test_a_syllable_before_a_short_name_makes_it_part_of_another_word(name, syllable):
    assert SHORT[name] not in _codes(f"그는 {syllable}{name}를 봤다.")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SHORT)), HANGUL)
def test_a_short_name_run_on_into_a_syllable_that_begins_no_particle_is_no_place(name, syllable):
    assume(not _starts(syllable))
    assert SHORT[name] not in _codes(f"그는 {name}{syllable}를 봤다.")


@pytest.mark.parametrize("sentence", [
    "회사는 새로운 결제 {w}{p} 선보였다.", "경쟁사의 시장 진입 {w}{p} 노렸다.", "그는 \"{w}{p} 금물\"이라고 말했다.",
    "{w}{p} 무엇인지 설명했다.", "보고서는 {w}{p} 다뤘다.", "{w}, 그리고 다른 이야기."])
def test_a_colliding_word_in_a_sentence_naming_no_government_is_never_a_place(sentence):
    for word, code in COLLIDING.items():
        for p in ["", *PARTICLES]:
            text = sentence.format(w=word, p=p)
            assert code not in _codes(text), text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COLLIDING)), st.sampled_from(NOUNS), st.sampled_from(["", " ", "의 "]),
       st.lists(st.sampled_from(PARTICLES), max_size=1))
def test_a_colliding_name_before_a_government_noun_is_the_country(word, noun, gap, particles):
    assume(noun != "섬" or gap == "")  # an island noun is written onto the name ("저지섬")
    text = f"{word}{gap}{noun}{''.join(particles)} 14일 화웨이 장비 사용을 금지했다."
    assert COLLIDING[word] in _codes(text), text


@pytest.mark.parametrize("body,ok", [("내무부", True), ("통신규제청", True), ("국가안보위원회", True), ("재무처", True),
                                     ("일부", False), ("내부", False), ("요청", False), ("신청", False)])
def test_a_bodys_name_after_a_colliding_name_needs_a_stem(body, ok):
    # A body's name ends -부/-처/-청/-위원회 after a stem (정부조직법); 일부 'a part' is no body.
    assert ("SD" in _codes(f"수단 {body}는 14일 발표했다.")) is ok


def test_the_gazetteers_own_short_names_keep_reading_inside_words():
    # 미국산, 영국인: the listed names stay substrings, as before this change.
    assert "US" in _codes("미국산 장비") and "GB" in _codes("영국인 기자")


# --- particle agreement of the training corpus (train.put_korean) ---------------------------------
PAIRS = [("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로")]


@settings(max_examples=300, deadline=None)
@given(HANGUL, st.sampled_from(PAIRS), st.booleans())
def test_a_particle_agrees_with_the_filler_whichever_form_the_template_wrote(syllable, pair, first):
    got = korean_particle(syllable, pair[0] if first else pair[1])
    assert got == korean_particle(syllable, pair[1] if first else pair[0])  # the written form does not matter
    final = (ord(syllable) - 0xAC00) % 28
    if pair == ("으로", "로") and final == 8:  # a final ㄹ takes 로
        assert got == "로"
    else:
        assert got == (pair[0] if final else pair[1])


@pytest.mark.parametrize("value,expected", [
    ("하이크비전", "하이크비전을 배제했다."), ("화웨이", "화웨이를 배제했다."), ("ZTE", "ZTE를 배제했다."),
    ("사업 허가", "사업 허가를 배제했다.")])
def test_a_filled_slot_takes_the_particle_its_filler_needs(value, expected):
    assert put_korean("{T}를 배제했다.", "T", value) == expected


def test_a_syllable_after_the_slot_that_is_no_particle_is_left_alone():
    assert put_korean("{T}이번에", "T", "화웨이") == "화웨이이번에"
    assert put_korean("{T}의 장비", "T", "하이크비전") == "하이크비전의 장비"


def test_a_report_that_names_a_colliding_name_as_a_place_reads_its_other_mentions_so():
    # One sense per report: the headline's bare "수단," is the country the lead names with 당국.
    report = "수단, 하이테라 무전기 조달 중단\n수단 당국이 8일 하이테라 무전기를 새로 사지 않기로 했다."
    known = _places().established(report)
    assert known == frozenset({"수단"})
    assert _codes("수단, 하이테라 무전기 조달 중단") == []
    assert [p.jurisdiction for p in _places().find("수단, 하이테라 무전기 조달 중단", known)] == ["SD"]


@pytest.mark.parametrize("report", ["회사는 결제 수단을 늘렸다. 수단이 다양해졌다.", "진입 저지에 실패했다. 저지, 그 이후."])
def test_a_report_using_the_word_only_as_a_word_establishes_no_place(report):
    assert _places().established(report) == frozenset()
