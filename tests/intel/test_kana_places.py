"""Short katakana country names (タイ, チリ, マリ): read when no katakana bounds them, never as part
of a loanword (タイム, タイヤ, パプリカ)."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.intel.link import PlaceLinker

KATAKANA = st.characters(min_codepoint=0x30A1, max_codepoint=0x30FA)
NOT_KATAKANA = st.sampled_from(list("のはがとで、。）（政府国 ,.0"))
SHORT = {"タイ": "TH", "チリ": "CL", "マリ": "ML"}


@cache
def _places() -> PlaceLinker:
    return PlaceLinker()


def _codes(text: str) -> list[str]:
    return [p.jurisdiction for p in _places().find(text)]


def test_a_short_name_beside_other_scripts_is_the_country():
    assert _codes("タイの国家放送通信委員会は20日、認証を停止した。") == ["TH"]
    assert _codes("チリ政府は") == ["CL"]
    assert _codes("ベトナムとタイ。") == ["VN", "TH"]


@given(st.sampled_from(sorted(SHORT)), st.text(KATAKANA, min_size=1, max_size=3), st.booleans())
def test_a_short_name_inside_a_katakana_word_is_no_place(name, other, before):
    word = other + name if before else name + other
    assert SHORT[name] not in _codes(f"政府の{word}について")


@given(st.sampled_from(sorted(SHORT)), NOT_KATAKANA, NOT_KATAKANA)
def test_a_short_name_bounded_by_no_katakana_is_read(name, left, right):
    assert SHORT[name] in _codes(f"{left}{name}{right}")
