"""The columnar path's vectorised pieces equal the reader's and the screener's own, value by value:
cleaning, the well-formed MAC test, each column's key parts; and its decisions do not depend on row
order."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch.inventory import columnar_check, write_inventory
from supplyscreen import library
from supplyscreen.batch.keys import KeyMaker
from supplyscreen.matching.macs import WELL_FORMED_MAC
from supplyscreen.sources.text import clean_value

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")
from supplyscreen.batch import columnar  # noqa: E402  (needs pyarrow)

HEX = "0123456789abcdefABCDEF"
# Heads of blocks the IEEE carves into MA-M / MA-S (the later digits decide) and of whole MA-L blocks.
HEADS = ["70B3D5", "001BC5", "8C1F64", "00E0FC", "BC0F64", "C056E3", "020000", "001C14", "4CBD8F"]


@st.composite
def macs(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(HEADS))
    digits = head + "".join(draw(st.lists(st.sampled_from(HEX), min_size=6, max_size=6)))
    digits = "".join(c.lower() if draw(st.booleans()) else c for c in digits)
    style = draw(st.integers(0, 6))
    if style == 0:
        return digits
    if style in (1, 2):
        sep = ":-"[style - 1]
        return sep.join(digits[i:i + 2] for i in range(0, 12, 2))
    if style in (3, 4, 5):
        sep = ".:-"[style - 3]
        return sep.join(digits[i:i + 4] for i in range(0, 12, 4))
    # near misses: mixed separators, a digit short or over, spaces at the edges
    return draw(st.sampled_from([digits[:11], digits + "0", f" {digits} ", digits[:2] + ":" + digits[2:4] + "-" + digits[4:],
                                 "N/A", "", "00:00:00:00:00:00"]))


CELLS = st.one_of(macs(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
                  st.text(alphabet=HEX + ":-. ", max_size=17))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(CELLS, min_size=1, max_size=40))
def test_the_re2_mac_pattern_is_the_reader_s(values):
    got = pc.match_substring_regex(pa.array(values, pa.string()), columnar.WELL_FORMED_MAC_RE2).to_pylist()
    assert got == [WELL_FORMED_MAC.fullmatch(v) is not None for v in values]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(CELLS, min_size=1, max_size=40))
def test_cells_are_cleaned_as_the_reader_cleans_them(values):
    assert columnar.clean_cells(pa.array(values, pa.string())).to_pylist() == [clean_value(v).value for v in values]


@settings(max_examples=60, deadline=None)
@given(values=st.lists(CELLS, min_size=1, max_size=60), field=st.sampled_from(["mac", "vendor", "model", "sys_descr"]),
       cut=st.integers(0, 60))
def test_a_column_s_codes_are_its_key_parts(values, field, cut):
    keys = KeyMaker(library.make_screener(library.load_registry()))
    # A column as Arrow reads a large file: in chunks (a value may recur in another chunk).
    column = pa.chunked_array([pa.array(values[:cut], pa.string()), pa.array(values[cut:], pa.string())])
    codes, size = columnar.part_codes(keys, field, column)
    part = keys.part(field)
    want = [part(clean_value(v).value) for v in values]
    pairs = set(zip(codes.tolist(), want, strict=True))
    # Equal codes for equal parts and only for them: as many (code, part) pairs as codes, as parts.
    assert len(pairs) == len(set(codes.tolist())) == len(set(want)) <= size


def _by_ref(src: Path) -> dict[str, list[str]]:
    out, _ = columnar_check(src)
    return {r[0]: r[2:] for r in csv.reader(io.StringIO(out))}


@pytest.mark.parametrize("seed", [1, 2])
def test_row_order_changes_no_decision(tmp_path, seed):
    src = write_inventory(tmp_path / "inv.csv", 3000)
    head, *rows = src.read_text(encoding="utf-8").splitlines(keepends=True)
    # One record per data row (the generated file's one multi-line cell is three lines of one record).
    records = list(csv.reader(io.StringIO("".join(rows))))
    random.Random(seed).shuffle(records)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(head + out.getvalue(), encoding="utf-8", newline="")
    before, after = _by_ref(src), _by_ref(shuffled)
    assert len(before) == 3001
    assert before == after  # every row's decision, evidence, rules and reason (the line moves, not these)


SPACEY = st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000ab,\""), max_size=4)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(SPACEY, min_size=3, max_size=3), min_size=1, max_size=30), cut=st.integers(0, 30))
def test_newlines_and_blank_rows_are_found_as_python_finds_them(rows, cut):
    # A block's columns as the reader gives them, or sliced (the header row cut off): each row's
    # newlines, and whether any row is blank to the reader (only Unicode spaces in every cell).
    columns = [pa.array([r[i] for r in rows], pa.string()).slice(min(cut, len(rows) - 1)) for i in range(3)]
    kept = rows[min(cut, len(rows) - 1):]
    assert columnar._newlines(columns).tolist() == [sum(c.count("\n") for c in r) for r in kept]
    assert columnar._cells_ok(columns, 3) == all("".join(r).strip() for r in kept)
