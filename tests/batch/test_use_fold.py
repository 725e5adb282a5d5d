"""Rows whose key's sentences quote the stated use (a §889(f)(3)(B) maker's rule) are screened once
per (key, stated use) and written from that row's result with their own MAC and sysObjectID: the
output must be byte for byte what screening each row gives (the row path)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch.test_columnar import _both
from batch.test_use_class import COVERED, LIMITED, OTHER
from supplyscreen.batch import columnar

pytest.importorskip("pyarrow")

HEADER = ["asset_id", "vendor", "mac", "sys_object_id", "role", "purpose"]
# MAC blocks of the limited makers, of others, one the IEEE carves, and one locally administered.
BLOCKS = ["4C:BD:8F", "C0:56:E3", "BC:AD:28", "00:1C:14", "F4:E5:F2", "70:B3:D5:01:2", "02:00:00"]
# Enterprise numbers of a limited maker (Hikvision 39165), another (Cisco 9), none.
OIDS = ["", "1.3.6.1.4.1.39165.1.1", "1.3.6.1.4.1.39165.2", "1.3.6.1.4.1.9.1.2494"]


def _mac(block: str, tail: int, notation: int) -> str:
    digits = (block.replace(":", "") + f"{tail:012X}")[:12]
    if notation == 0:
        return ":".join(digits[i:i + 2] for i in range(0, 12, 2))
    if notation == 1:
        return ".".join(digits[i:i + 4] for i in range(0, 12, 4)).lower()
    if notation == 2:
        return "-".join(digits[i:i + 2] for i in range(0, 12, 2))
    return digits


ROWS = st.lists(
    st.tuples(st.sampled_from([*LIMITED, "Dell", ""]), st.sampled_from(BLOCKS), st.integers(0, 2**24),
              st.integers(0, 3), st.sampled_from(OIDS), st.sampled_from(["", *COVERED[:4], *OTHER[:2]]),
              st.sampled_from(["", "", COVERED[0], " " + COVERED[0], OTHER[0]])),
    min_size=1, max_size=120)


def _write(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        for n, (vendor, block, tail, notation, oid, role, purpose) in enumerate(rows):
            w.writerow([f"U{n:05d}", vendor, _mac(block, tail, notation), oid, role, purpose])
    return path


class _Counted:
    """How many rows went through the fold and how many of their first rows were screened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows = self.screened = 0
        numbers, add = columnar._Uses.numbers, columnar._Uses._add

        def counted_numbers(uses: Any, screener: Any, scratch: Any, body: Any, group: Any, rows: Any) -> Any:
            self.rows += len(rows)
            return numbers(uses, screener, scratch, body, group, rows)

        def counted_add(uses: Any, decided: Any) -> None:
            self.screened += len(decided)
            add(uses, decided)

        monkeypatch.setattr(columnar._Uses, "numbers", counted_numbers)
        monkeypatch.setattr(columnar._Uses, "_add", counted_add)


@settings(max_examples=40, deadline=None)
@given(rows=ROWS, block_bytes=st.sampled_from([1 << 9, 1 << 11, 1 << 22]), budget=st.sampled_from([0, None]))
def test_the_fold_equals_screening_each_row(rows, block_bytes, budget):
    saved = columnar.BLOCK_BYTES
    columnar.BLOCK_BYTES = block_bytes  # pairs met again in later blocks, and on the second read
    try:
        with tempfile.TemporaryDirectory() as tmp:
            got, want = _both(_write(Path(tmp) / "uses.csv", rows), budget)
    finally:
        columnar.BLOCK_BYTES = saved
    assert got is not None, "this file should go by columns"
    assert got == want


def test_rows_of_one_key_and_use_are_screened_once_and_worded_with_their_own_mac(tmp_path, monkeypatch):
    # Cameras known only by a Hikvision MAC (the MAC is the top evidence), in four notations and
    # three stated uses: one key, its sentences quoting the use; each row's value is its own MAC.
    rows = [("", "4C:BD:8F", n * 7919, n % 4, "", COVERED[n % 3], "") for n in range(400)]
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 12)
    seen = _Counted(monkeypatch)
    src = _write(tmp_path / "cameras.csv", rows)
    got, want = _both(src)
    assert got is not None and got == want
    assert seen.rows == 400
    assert seen.screened == 3  # each use once, for every block
    lines = list(csv.DictReader(got.splitlines()))
    for written, row in zip(lines, rows, strict=True):
        assert written["value"] == _mac(row[1], row[2], row[3])
        assert f"'{row[5]}'" in written["reason"]


def test_a_use_whose_sentence_quotes_its_mac_is_screened_row_by_row(tmp_path):
    # A maker named by one firm on a MAC block registered to another: the identifier conflict's
    # sentence names each row's own MAC, so no row is written from another's.
    rows = [("Dahua Technology", "4C:BD:8F", n * 104729, n % 4, "", COVERED[n % 2], "") for n in range(60)]
    got, want = _both(_write(tmp_path / "conflict.csv", rows))
    assert got is not None and got == want


def test_how_a_key_and_a_use_are_written_follows_what_their_sentences_quote():
    from types import MappingProxyType

    from supplyscreen import library
    from supplyscreen.model import Item

    def item(vendor: str, mac: str, role: str) -> Item:
        fields = {"vendor": vendor, "mac": mac, "role": role}
        return Item(ref="A1", fields=MappingProxyType({k: v for k, v in fields.items() if v}))

    screener = library.make_screener(library.load_registry())
    by_mac = item("", "4C:BD:8F:11:22:33", "cctv-camera")  # its sentence quotes its use
    conflict = item("Dahua Technology", "4C:BD:8F:11:22:33", "cctv-camera")  # and its MAC
    plain = item("Dell", "00:1C:14:11:22:33", "laptop")  # neither
    key = columnar._screen_rows(screener, [by_mac, conflict, plain], columnar.KEY)
    use = columnar._screen_rows(screener, [by_mac, conflict, plain], columnar.USE)
    assert [d.how for d in key] == [columnar.PER_USE, columnar.PER_ROW, columnar.SHARED]
    # Within one use: the MAC-only row's cells around each row's own MAC; the conflict still by row.
    assert [(d.how, d.field) for d in use] == [(columnar.OWN_VALUE, "mac"), (columnar.PER_ROW, ""),
                                               (columnar.SHARED, "")]
    assert use[0].before + "4C:BD:8F:11:22:33" + use[0].after == use[0].cells
    assert [d.cells for d in key] == [d.cells for d in use]


@settings(max_examples=10, deadline=None)
@given(rows=ROWS, seed=st.integers(0, 10_000))
def test_the_key_handed_with_each_row_is_the_one_the_screener_makes(rows, seed):
    from batch.inventory import columnar_check
    from supplyscreen import library

    screener = library.make_screener(library.load_registry())
    handed: list[tuple[Any, Any]] = []
    real = screener.known_key

    def kept(item: Any, key: Any) -> None:
        handed.append((screener._key(item), key))
        real(item, key)

    screener.known_key = kept  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        # The generated inventory (quoted and multi-line cells, blank and odd MACs, sysDescr texts)
        # and rows of limited makers by stated use (rows re-screened by (key, use) and row by row).
        from batch.inventory import write_inventory

        columnar_check(write_inventory(Path(tmp) / "inv.csv", 300, seed), screener=screener)
        columnar_check(_write(Path(tmp) / "uses.csv", rows), screener=screener)
    assert handed
    assert all(made == given_key for made, given_key in handed)
