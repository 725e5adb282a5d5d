"""sysDescr and model texts decided silent by Arrow (columnar.SilentForms: the mention words and the
joined product-line patterns in RE2) exactly where EvidenceFinder.silent_text decides them silent,
and a column coded that way (columnar._SilentCodes) gets the very codes, in the very order, that
coding each distinct text in Python gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.batch.keys import KeyMaker
from supplyscreen.sources.text import clean_value

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
from supplyscreen.batch import columnar  # noqa: E402  (needs pyarrow)

_KEYS: list[KeyMaker] = []


def _keys() -> KeyMaker:
    if not _KEYS:
        _KEYS.append(KeyMaker(library.make_screener(library.load_registry())))
    return _KEYS[0]


def _forms() -> columnar.SilentForms:
    keyer = _keys().silent_keyer("sys_descr")
    assert keyer is not None
    forms = columnar.SilentForms.of(keyer)
    assert forms is not None  # the bundled patterns and mention words have RE2 forms
    return forms


# Pieces near the edges of what silent_text reads: product-line patterns at a word start or inside
# a word ("PS5720" is not "S5720"), under their case flag or not, mention words of designated makers
# in any case and split by punctuation (silent_text reads letters and digits run together), makers'
# non-Latin names, and ordinary sysDescr words, build numbers and separators.
PIECES = [
    "DS-2CD2143G0-I", "ds-2cd2143", "iDS-7204", "IDS-2000", "XDS-2CD21", "S5720-28X", "PS5720", "s5720",
    "AirEngine 5760", "airengine5760", "IPC-HFW2431", "DHI-NVR4104", "NVR4104", "ZXR10", "zxr10", "F660",
    "OptiX", "MA5608", "Mate 40", "Versatile Routing Platform", "VRP (R) software",
    "huawei", "HUAWEI", "Hua-wei", "hua wei", "hisilicon", "Hi Silicon", "ZTE", "zte", "Z.T.E", "Kaspersky",
    "hikvision", "Hik-vision", "dahua", "华为", "ファーウェイ", "화웨이", "é",
    "VMware ESXi 8.0.2 build-22380479", "Linux", "huawei-mirror", "5.15.0-91-generic", "HP ETHERNET",
    "JETDIRECT,JD153", "Cisco IOS Software", "Version 17.3", "x86_64", "n/a",
]
SEPARATORS = ["", " ", "  ", "-", "/", ",", "_", ".", "\t", "\n", "(", ")"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=4))
    out = ""
    for piece in pieces:
        out += draw(st.sampled_from(SEPARATORS)) + piece
    return out + draw(st.sampled_from(["", " ", "  ", "\t"]))


def _python_silent(text: str) -> bool:
    """What SilentForms may say silent: a printable ASCII text, not blank, that silent_text finds silent."""
    finder = _keys().screener.finder
    return text.isascii() and text.isprintable() and bool(text.strip(" ")) and finder.silent_text(text)


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@settings(max_examples=300, deadline=None)
@given(values=st.lists(texts(), min_size=1, max_size=30))
def test_arrow_says_silent_exactly_where_silent_text_does(values):
    # Fails on a mutant leaving the patterns' search out (a pattern text said silent), one leaving
    # the mention words out, one leaving the word-start test out of the RE2 form ("PS5720" then
    # holds S5720: said not silent where Python says silent), one not trimming edge spaces.
    got = _forms().silent(pa.array(values, pa.string())).tolist()
    assert got == [_python_silent(v) for v in values]


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(st.lists(st.one_of(texts(), st.sampled_from(["", " ", "DS-2CD2143", "Linux 5.4"])),
                                max_size=40), min_size=1, max_size=4))
def test_silent_codes_are_the_cell_coder_s_codes(blocks):
    # A column a block at a time: the same codes, given in the same order (key numbers depend on it),
    # as coding each distinct text in Python. Fails on a mutant giving the silent part its code
    # before the texts that precede the first silent one, and on one forgetting the memo across blocks.
    keys = _keys()
    fast = columnar._coder(keys, "sys_descr", {})
    assert isinstance(fast, columnar._SilentCodes)
    slow = columnar._CellCodes(keys, "sys_descr", {})
    part = keys.part("sys_descr")
    for values in blocks:
        column = pa.array(values, pa.string())
        codes = fast.codes_of(column)
        assert codes.tolist() == slow.codes_of(column).tolist()
        assert [fast.names[c] for c in codes.tolist()] == [part(clean_value(v).value) for v in values]
    assert fast.names == slow.names


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@pytest.mark.parametrize("pattern", [
    r"(?<![A-Za-z0-9])(?:AB{,3}C)",  # a repetition to Python, text to RE2
    r"(?<![A-Za-z0-9])(?:AB(?=C))",  # a look-ahead
    r"(?<![A-Za-z0-9])(?:(?<=X)AB)",  # a look-behind inside
    r"(?<![A-Za-z0-9])(?:A\d++)",  # possessive
    r"(?<![A-Za-z0-9])(?:[[:alpha:]]X)",  # a set to Python, a POSIX class to RE2
    r"(?<![A-Za-z0-9])(?:A\Z)",
])
def test_python_only_syntax_keeps_the_column_in_python(pattern):
    # Fails on a mutant that takes any pattern Arrow compiles to Arrow.
    assert columnar.SilentForms.from_searches(("huawei", pattern)) is None
    assert columnar.SilentForms.from_searches(("huawei", r"(?<![A-Za-z0-9])(?:AB\d{2,3})")) is not None
    assert columnar.SilentForms.from_searches(None) is None
