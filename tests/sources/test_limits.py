"""Input limits (sources/limits.py): each hostile input class is refused, or its row kept with the
limit named, quickly and without reading it at any cost; a row at the limit passes."""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.errors import InputError
from supplyscreen.sources import limits
from supplyscreen.sources.limits import LIMITS, InputLimits, check_xml_depth, check_zip, counted, oversize

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "service_limits"))
from make_inputs import deep_cyclonedx, xlsx

HEADER = "vendor,model,purpose\n"


def _check(path: Path) -> library.Report:
    return library.check(path, "us-ndaa-889", None)


def test_a_cell_over_the_limit_keeps_its_row_with_the_limit_named(tmp_path: Path) -> None:
    f = tmp_path / "cell.csv"
    f.write_text(HEADER + "Huawei,AR100,router\n")
    _check(f)  # the registry loaded: what is timed below is the file's reading
    f.write_text(HEADER + "Acme," + "M" * (10 * 2**20) + ",camera\nHuawei,AR100,router\n")  # issue 19: 10 MB
    t0 = time.process_time()
    report = _check(f)
    assert time.process_time() - t0 < 3  # was tens of seconds
    first, second = report.results
    assert "'model' holds 10,485,760 characters, over the limit of 32,767" in first.item.problem
    assert not first.item.fields  # nothing of it was screened
    assert second.decision.value == "exclude"  # the next row is screened as ever


def test_a_row_over_the_limit_is_kept_with_the_limit_named(tmp_path: Path) -> None:
    f = tmp_path / "wide.csv"
    f.write_text(HEADER + "Acme,X1,camera" + ",x" * (LIMITS.row_chars // 1 + 10) + "\nHuawei,AR100,router\n")
    first, second = _check(f).results
    assert "the row holds" in first.item.problem and f"over the limit of {LIMITS.row_chars:,}" in first.item.problem
    assert second.decision.value == "exclude"


def test_an_xlsx_cell_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(xlsx("A" * (8 * 2**20)))  # 8 MiB of one letter deflates to ~8 KB
    assert f.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"sharedStrings.xml unpacks .* times its packed size .* zip bomb"):
        _check(f)


def test_an_xlsx_over_the_unpacked_size_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.xlsx"
    f.write_bytes(xlsx("ok"))
    with pytest.raises(InputError, match=r"unpacks to .* bytes, over the limit of 1,000"):
        check_zip(f, InputLimits(unzipped_bytes=1000))
    check_zip(f)  # a small real workbook passes


def test_a_real_workbook_compressing_well_is_not_a_bomb(tmp_path: Path) -> None:
    buf = io.BytesIO()  # 2 MiB of varied rows: deflates about 10x, as real sheets do
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "".join(f"<row r='{i}'><c><v>{i * 7919 % 100003}</v></c></row>"
                                                      for i in range(60_000)))
    f = tmp_path / "ok.xlsx"
    f.write_bytes(buf.getvalue())
    check_zip(f)


def test_xml_nested_past_the_depth_limit_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "deep.cdx.xml"
    f.write_text(deep_cyclonedx(LIMITS.xml_depth + 10))
    with pytest.raises(InputError, match=f"nests elements more than {LIMITS.xml_depth} deep"):
        _check(f)
    f.write_text(deep_cyclonedx(5))  # an assembly a few levels deep reads
    assert _check(f).rows_in >= 5


def test_xml_depth_check_never_expands_entities(tmp_path: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><a>&b;</a>'
    check_xml_depth(laughs, tmp_path / "x.xml")  # left to the reader's defusedxml, which refuses it


def test_rows_past_the_limit_are_refused_with_the_limit_named() -> None:
    small = InputLimits(rows=3)
    assert list(counted(iter(range(3)), small)) == [0, 1, 2]
    with pytest.raises(InputError, match="more than 3 rows, the limit of one screening; split it"):
        list(counted(iter(range(4)), small))


def test_the_row_limit_holds_for_a_whole_screening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "LIMITS", InputLimits(rows=5))
    f = tmp_path / "rows.csv"
    f.write_text(HEADER + "Acme,X1,camera\n" * 6)
    with pytest.raises(InputError, match="more than 5 rows"):
        _check(f)
    f.write_text(HEADER + "Acme,X1,camera\n" * 5)
    assert _check(f).rows_in == 5


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_rows_within_the_limits_are_never_refused(cells: list[str]) -> None:
    assert oversize(cells, [f"c{i}" for i in range(len(cells))]) == ""


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 5), st.integers(1, 50))
def test_a_cell_is_refused_exactly_past_the_limit(pos: int, extra: int) -> None:
    small = InputLimits(cell_chars=100, row_chars=10_000)
    cells = ["x"] * 6
    cells[pos] = "y" * 100
    assert oversize(cells, ["h"] * 6, small) == ""
    cells[pos] = "y" * (100 + extra)
    assert f"holds {100 + extra} characters" in oversize(cells, ["h"] * 6, small)
