"""News targets derived from the registry's designations (issue 17, item 3; news-targets.yaml):
every group one of whose members is on an ICT, security or military list links, with its
subsidiaries and its names in other scripts; a listed party's name that is a word of running text
links to nothing."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.intel.link import _CJK, CompanyLinker, _plain_word

_REG = library.load_registry()
_LINKER = CompanyLinker(_REG, library.matcher_for(_REG))


def _groups(text: str) -> set[str]:
    return {m.target.group for m in _LINKER.find(text, restriction=True)}


def test_groups_come_from_designations_not_a_hand_list() -> None:
    # The drone, scanner, server and module makers the FCC, the Entity List and the 1260H list
    # name are news targets because the registry holds them as groups with those listings.
    assert {"dji", "autel", "nuctech", "inspur", "quectel", "huawei", "kaspersky", "pacific-networks"} <= _LINKER.groups
    listed = {e.group for e in _REG if e.group and any(d.list_id in _LINKER.lists for d in e.designations)}
    assert _LINKER.groups == listed


def test_dji_and_autel_on_the_covered_list_from_december_2025() -> None:
    # FY25 NDAA s.1709(a)(1), added to the Covered List on 2025-12-22 (shared/docs/regulations.md).
    for eid in ("dji", "autel-robotics"):
        e = _REG.get(eid)
        assert e is not None
        fcc = [d for d in e.designations if d.list_id == "us-fcc-covered-list"]
        assert [str(d.added) for d in fcc] == ["2025-12-22"], eid
    # The Entity List's "DJI", the CMIC list's SZ DJI Technology and the 1260H list's Shenzhen DJI
    # Technology are one party.
    dji = _REG.get("dji")
    assert dji is not None
    assert {"us-bis-entity-list", "us-dow-1260h", "us-ofac-ns-cmic"} <= {d.list_id for d in dji.designations}


@pytest.mark.parametrize(("sentence", "group"), [
    ("Australia bars agencies from buying DJI drones.", "dji"),
    ("Das Ministerium untersagt Drohnen von Autel Robotics.", "autel"),
    ("Die Bundespolizei stoppt den Kauf von Autel-Drohnen.", "autel"),
    ("MSB avråder från Quectels mobilmoduler.", "quectel"),
    ("La douane écarte les scanners Nuctech.", "nuctech"),
    ("O Governo proíbe servidores da Inspur.", "inspur"),
])
def test_latin_names_of_derived_groups(sentence: str, group: str) -> None:
    assert group in _groups(sentence)


def _native_pairs() -> list[tuple[str, str, str]]:
    """(Latin name, native-script name, group) for every linkable group member that the registry
    names in both: Han, kana, Hangul or Cyrillic strong aliases beside the Latin ones."""
    out = []
    for e in _REG:
        if e.group not in _LINKER.groups:
            continue
        latin = [n for n in (e.name, *(a.name for a in e.aliases if not a.weak and a.script == "Latn"))
                 if "." not in n.split()[-1] or n == e.name]
        native = [a.name for a in e.aliases if not a.weak and len(a.name) >= 2
                  and (_CJK.search(a.name) or re.search(r"[\u0400-\u04ff]", a.name))]
        out += [(latin[0], n, e.group) for n in native]
    return sorted(set(out))


_PAIRS = _native_pairs()


def test_native_pairs_cover_the_new_groups() -> None:
    assert {g for _, _, g in _PAIRS} >= {"dji", "autel", "nuctech", "inspur", "quectel", "kaspersky"}


@pytest.mark.parametrize(("latin", "native", "group"), _PAIRS)
def test_native_script_name_links_to_the_latin_names_group(latin: str, native: str, group: str) -> None:
    # Metamorphic: writing the firm's name in its own or the reader's script does not change which
    # group the restriction names.
    assert group in _groups(f"The ministry banned equipment made by {latin}.")
    frame = (f"В министерстве сообщили, что {native} исключена из закупок." if re.search(r"[\u0400-\u04ff]", native)
             else f"政府禁止采购{native}的设备。")
    assert group in _groups(frame), (native, frame)


# The registry's one-word names (of every listed party, any list): in lower case they are words of
# the sentence, never a firm ("arsenal", "cherry", "pegasus", "huawei" as a typo alike).
_ONE_WORD = sorted({n.lower() for e in _REG for n in e.all_names() if n.isascii() and n.isalpha() and len(n) >= 3})


@settings(max_examples=300, deadline=None)
@given(word=st.sampled_from(_ONE_WORD), other=st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=9))
def test_no_lowercase_word_links(word: str, other: str) -> None:
    assert _LINKER.find(f"the agency said the {word} and the {other} would be banned from {word} networks.") == []


# Ungrouped parties on the news lists whose one-word name is shaped like a word ("Arsenal",
# "Cherry", "Kant", "Pegasus"): the safety rule is that such a name alone links nothing.
_PLAIN = sorted({n for e in _REG if not e.group and any(d.list_id in _LINKER.lists for d in e.designations)
                 for n in e.all_names() if _plain_word(n) and len(n) >= 4})


def test_plain_names_exist() -> None:
    assert {"Arsenal", "Cherry", "Kant", "Pegasus"} <= set(_PLAIN)


@settings(max_examples=200, deadline=None)
@given(word=st.sampled_from(_PLAIN))
def test_capitalised_common_word_of_a_listed_party_links_nothing(word: str) -> None:
    found = _LINKER.find(f"The regulator banned {word} from the market on Tuesday.", restriction=True)
    assert all(m.target.group for m in found), [m.target for m in found]


# Short Han names of the linkable groups (two to six characters): their pinyin spelled in Latin
# text, syllables joined or apart, names the same group as the Han name.
_HAN_SHORT = sorted({(n, e.group) for e in _REG if e.group in _LINKER.groups
                     for n in (e.name, *(a.name for a in e.aliases if not a.weak))
                     if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", n)})


@pytest.mark.parametrize(("han", "group"), _HAN_SHORT)
def test_pinyin_spellings_link_to_the_han_names_group(han: str, group: str) -> None:
    from pypinyin import Style, lazy_pinyin

    syllables = [s.capitalize() for s in lazy_pinyin(han, style=Style.NORMAL)]
    if len("".join(syllables)) < 6:
        pytest.skip("too short to be read as a transliteration (MIN_PINYIN)")
    han_groups = _groups(f"政府禁止采购{han}的设备。")
    assert group in han_groups
    for spelled in ("".join(syllables), " ".join(syllables), "-".join(syllables)):
        assert group in _groups(f"The ministry banned equipment made by {spelled} on Tuesday."), spelled


@pytest.mark.parametrize(("sentence", "group"), [
    ("The ban covers Haikang Weishi cameras.", "hikvision"),
    ("The ban covers Tongfang Weishi scanners.", "nuctech"),
    ("Yiyuan Tongxin modules are barred.", "quectel"),
])
def test_transliterations_in_news(sentence: str, group: str) -> None:
    assert group in _groups(sentence)
