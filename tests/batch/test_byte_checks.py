"""The columnar check's byte-level shortcuts (a column all printable ASCII; refs the csv module
neither quotes nor guards) answer as the per-cell regexes and the reader's cleaning do."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.batch import columnar
from supplyscreen.sources.text import clean_value

# Cells as inventories hold them and the edges of each shortcut: spaces at either end, blank and
# empty cells, tabs, CR/LF, NUL and DEL, commas, quotes, a formula's first characters, non-ASCII.
_CHARS = st.sampled_from([" ", "a", "Z", "0", ",", '"', "\r", "\n", "\t", "=", "+", "-", "@", "\x00", "\x7f",
                          "é", "华", "\u00a0", ":", "."])
_CELLS = st.lists(st.one_of(st.text(_CHARS, max_size=6), st.sampled_from(["", " ", "A00001", " x ", "=1+1"])),
                  min_size=1, max_size=30)
# Refs without what the csv module quotes, so that only a formula's first character decides.
_REFS = st.lists(st.text(st.sampled_from(["a", "0", " ", "=", "+", "-", "@", "\t", "é", "华", ":"]), max_size=4),
                 min_size=1, max_size=8)


def _sliced(cells: list[str], cut: int) -> pa.Array:
    """An array of ``cells`` that may not start at its buffers' start (as a parse block's body
    after its header row is sliced off)."""
    cut = cut % (len(cells) + 1)
    return pa.array(["pad"] * cut + cells, pa.string()).slice(cut)


@given(_CELLS, st.integers(0, 5))
def test_cleaned_cells_are_the_readers_cleaning(cells: list[str], cut: int) -> None:
    assert columnar.clean_cells(_sliced(cells, cut)).to_pylist() == [clean_value(c).value for c in cells]


@given(st.one_of(_CELLS, _REFS), st.integers(0, 5))
def test_refs_said_plain_need_neither_quotes_nor_a_guard(cells: list[str], cut: int) -> None:
    refs = _sliced(cells, cut)
    odd = pc.or_(pc.match_substring_regex(refs, columnar._NEEDS_QUOTES),
                 pc.match_substring_regex(refs, columnar._FORMULA)).to_pylist()
    assert columnar._plain_refs(refs) == (not any(odd))


def test_printable_columns_untrimmed_are_passed_as_they_are() -> None:
    plain = pa.array(["A1", "b c", "", "x"], pa.string())
    assert columnar.clean_cells(plain) is plain
    assert columnar.clean_cells(pa.array(["A1", " b"], pa.string())).to_pylist() == ["A1", "b"]
