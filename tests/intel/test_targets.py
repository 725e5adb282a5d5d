"""Targets named by a subsidiary, a brand or another script, linked only to designated groups
(issue 17, item 3): script variants of one name link to one group, look-alike capitalised words
and acronyms link to nothing, a weak short name links alone only where a sentence restricts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen import library
from supplyscreen.intel.link import _CJK, HAN_VARIANTS, CompanyLinker

_REG = library.load_registry()
_LINKER = CompanyLinker(_REG, library.matcher_for(_REG))
# Traditional -> simplified (the CLDR's transform, han-variants.yaml) and its inverse: every
# traditional form a simplified character has.
_FOLD: dict[str, str] = {str(k): str(v) for k, v in
                         yaml.safe_load(HAN_VARIANTS.read_text(encoding="utf-8"))["fold"].items() if len(str(v)) == 1}
_UNFOLD: dict[str, list[str]] = {}
for _t, _s in _FOLD.items():
    _UNFOLD.setdefault(_s, []).append(_t)


def _han_names() -> list[tuple[str, str]]:
    """(name, group) for the designated groups' strong names written in Han characters only."""
    out = []
    for e in _REG:
        if e.group:
            for n in (e.name, *(a.name for a in e.aliases if not a.weak)):
                if len(n) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", n):
                    out.append((n, e.group))
    return sorted(set(out))


HAN_NAMES = _han_names()


def _groups(text: str, restriction: bool = False) -> set[str]:
    return {m.target.group for m in _LINKER.find(text, restriction=restriction)}


@st.composite
def _variant(draw: st.DrawFn) -> tuple[str, str, str]:
    """A Han name of a designated group with each character written, at random, in its simplified
    form or in one of its traditional forms."""
    name, group = draw(st.sampled_from(HAN_NAMES))
    chars = []
    for c in name:
        simple = _FOLD.get(c, c)
        chars.append(draw(st.sampled_from(sorted({simple, c, *_UNFOLD.get(simple, [])}))))
    return name, "".join(chars), group


def test_the_registry_has_han_names_of_every_chinese_group():
    assert {g for _, g in HAN_NAMES} >= {"huawei", "zte", "hikvision", "dahua", "hytera", "china-mobile",
                                         "china-telecom", "china-unicom"}


@settings(max_examples=150, deadline=None)
@given(_variant(), st.sampled_from(["政府禁止採購{}的設備。", "当局宣布将{}列入清单。", "総務省は{}の登録を拒否した。"]))
def test_simplified_and_traditional_forms_of_a_name_link_to_the_same_group(v, frame):
    name, variant, group = v
    assert group in _groups(frame.format(variant)), (name, variant)


@pytest.mark.parametrize(("sentence", "group"), [
    ("Japan refused China Unicom's Japanese subsidiary a carrier registration.", "china-unicom"),
    ("The ministry told Hikvision Spain to remove its cameras.", "hikvision"),
    ("O governo manda retirar câmaras da Hikvision Portugal.", "hikvision"),
    ("Germany pulls the licence of China Telecom's German unit.", "china-telecom"),
    ("The list adds Sanechips, a chip designer.", "zte"),
    ("ANSSI déconseille les caméras EZVIZ.", "hikvision"),
    ("海康威视子公司萤石网络被列入名单。", "hikvision"),
    ("ANSSI déconseille les caméras Imou.", "dahua"),
    ("美国将中兴微电子列入实体清单。", "zte"),
    ("미국은 세인칩스를 제재 명단에 올렸다.", "zte"),
    ("経産省はセインチップスを外国ユーザーリストに追加した。", "zte"),
    ("総務省は中国聯通（チャイナ・ユニコム）の子会社の登録を拒否した。", "china-unicom"),
    ("総務省はハイクビジョンとダーファのカメラを撤去する。", "hikvision"),
    ("조달청은 하이크비전과 다화의 카메라를 배제했다.", "dahua"),
    ("과기정통부는 차이나 유니콤 한국법인의 등록을 취소했다.", "china-unicom"),  # spaced loan name
    ("米国はファーウェイ子会社ハイシリコンを追加。", "huawei"),
    ("미국은 하이실리콘을 추가했다.", "huawei"),
])
def test_subsidiaries_brands_and_transliterations_link_to_the_designated_group(sentence, group):
    assert group in _groups(sentence)


# Capitalised words, acronyms and names that collide with listed parties' names or aliases.
LOOK_ALIKES = ["CSSC", "ABC", "Best", "Both", "ATLANTIC", "NATO", "LOCKED", "Best Practice", "Best Logistik",
               "Both Media", "ABC Nordic", "World", "Post", "Galaxy", "Pacific", "Union", "Global"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(LOOK_ALIKES), min_size=1, max_size=4),
       st.sampled_from(["{} said the ban on imports was lifted.", "The government barred {} from tenders.",
                        "In NATO's exercise, {} took part.", "{}."]))
def test_look_alike_capitalised_words_and_acronyms_never_link(words, frame):
    text = frame.format(" and ".join(words))
    assert _LINKER.find(text, restriction=True) == [], text


def _relabellers() -> list[str]:
    """Names of firms the registry relates to a designated group only as relabellers of its products."""
    from supplyscreen.model import RelationKind

    out = []
    for e in _REG:
        kinds = {r.kind for r in _REG._out.get(e.id, [])}
        if not e.group and kinds == {RelationKind.OEM_SOURCE}:
            out.append(e.name)
    return sorted(out)


RELABELLERS = _relabellers()


def test_the_registry_has_relabellers_to_test_with():
    assert len(RELABELLERS) >= 5


@pytest.mark.parametrize("name", RELABELLERS)
def test_a_firm_that_only_relabels_a_groups_products_is_no_target(name):
    # "ADI" (a distributor, and Analog Devices' acronym), "Swann", "Intelbras": a ban of the maker
    # is not a ban of its resellers, and a report naming them does not name the group.
    first = name.split()[0]
    for text in (f"The government barred {name} from public tenders.", f"The government barred {first} from tenders."):
        assert _LINKER.find(text, restriction=True) == [], text


@pytest.mark.parametrize(("sentence", "group"), [
    ("The government barred Sepura radios.", "hytera"),
    ("The government barred Sinclair Technologies antennas.", "hytera"),
    ("The government barred HiLook cameras.", "hikvision"),
])
def test_subsidiaries_and_brands_by_ownership_are_targets(sentence, group):
    assert _groups(sentence) == {group}


def test_a_subsidiarys_one_word_weak_alias_is_a_word():
    assert _groups("Sinclair said the ban was wrong.") == set()  # Sinclair Technologies' weak alias


@pytest.mark.parametrize(("headline", "mentions"), [
    ("HUAWEI AND ZTE BANNED FROM 5G NETWORKS", ["HUAWEI", "ZTE"]),
    ("BRITAIN BARS CHINA MOBILE AND CHINA TELECOM", ["CHINA MOBILE", "CHINA TELECOM"]),
])
def test_an_all_capitals_headline_names_each_firm_without_its_function_words(headline, mentions):
    assert [m.target.mention for m in _LINKER.find(headline)] == mentions


def test_a_weak_short_name_alone_links_only_in_a_restriction_sentence():
    sentence = "行政院禁止公部門採購大華監視器。"
    assert _groups(sentence, restriction=True) == {"dahua"}
    assert _groups(sentence) == set()  # no restriction: 大華 alone may be another firm


@pytest.mark.parametrize("firm", ["上海大华衡器有限公司", "上海大華衡器有限公司", "大华衡器制造有限公司"])
def test_a_weak_short_name_that_begins_another_firms_name_links_to_nothing(firm):
    # Metamorphic: the same restriction sentence, the short name now the start of a firm's full name.
    assert _groups(f"政府禁止采购{firm}的地磅。", restriction=True) == set()


@pytest.mark.parametrize(("sentence", "groups"), [
    ("조달청은 다화의 카메라를 배제했다.", {"dahua"}),
    ("조달청은 다화가 만든 카메라를 배제했다.", {"dahua"}),
    ("정부는 다화면 디스플레이 구매를 금지했다.", set()),  # 다화면: multi-screen
    ("정부는 바다화물 운송을 금지했다.", set()),  # 바다화물: sea freight
    ("정부는 화웨이장비를 배제했다.", {"huawei"}),  # a longer name written onto the next word
    ("総務省はカスペルスキーラボの製品を禁止した。", {"kaspersky"}),
])
def test_a_short_hangul_name_is_a_name_only_as_a_word_of_its_own(sentence, groups):
    assert _groups(sentence, restriction=True) == groups


@pytest.mark.parametrize(("sentence", "groups"), [
    ("中国宣布限制萤石出口。", set()),  # 萤石: fluorite, and EZVIZ's short name
    ("美国将萤石网络列入清单。", {"hikvision"}),
    ("海康威视旗下萤石被列入清单。", {"hikvision"}),
    ("美国将海思列入清单。", set()),  # a subsidiary's short name alone; "上海思科" holds it too
    ("美国将中兴列入清单。", {"zte"}),
])
def test_a_short_name_that_is_also_a_word_needs_its_group_beside_it(sentence, groups):
    assert _groups(sentence, restriction=True) == groups


def test_a_short_hangul_name_spaced_apart_is_two_words():
    assert _groups("다화 카메라를 배제했다.") == {"dahua"}
    assert _groups("다 화 카메라를 배제했다.") == set()


def test_every_cjk_company_name_in_the_news_table_is_a_registry_entity():
    from supplyscreen.intel.link import GAZETTEER

    names = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))["company_names"]
    for name, eid in names.items():
        assert _CJK.search(str(name)) and _REG.get(str(eid)) is not None, name


# --- article level: targets named outside the restriction sentences ---------------------------
_GENERIC = ("Mexico shuts Chinese vendor out of shared 5G network\n"
            "Mexico's government said on Monday that a Chinese vendor's equipment will be kept out of "
            "the 5G rollout of the wholesale network, following a risk assessment.\n")


def _targets(tmp_path: Path, text: str) -> set[str]:
    out = ingest_articles(tmp_path, {"wire_2026-12-01.txt": text})
    return {t.group for e in out.events for t in e.targets if e.jurisdiction == "MX"}


def test_a_background_sentence_says_who_a_generic_measure_targets(tmp_path):
    text = _GENERIC + "The vendor concerned is ZTE, which has supplied antennas to the network since 2019.\n"
    assert _targets(tmp_path, text) == {"zte"}


def test_a_background_sentence_about_another_government_names_no_target(tmp_path):
    text = _GENERIC + "The United States already banned Huawei in 2019.\n"
    assert "huawei" not in _targets(tmp_path, text)
