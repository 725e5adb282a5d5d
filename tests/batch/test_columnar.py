"""`check` of a large CSV by columns must write byte for byte what the row path writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from batch.inventory import HEADER, write_inventory
from supplyscreen import library
from supplyscreen.batch import columnar
from supplyscreen.cli import app
from supplyscreen.errors import InputError
from supplyscreen.formats.csv_format import CsvWriter
from supplyscreen.sources import ReadOptions, open_source
from supplyscreen.sources.csv_items import CsvSource

pytest.importorskip("pyarrow")


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, src: Path, columnar_on: bool) -> tuple[int, bytes]:
    monkeypatch.setenv("SUPPLYSCREEN_COLUMNAR_MIN_BYTES", "1" if columnar_on else "0")
    monkeypatch.setenv("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "0")
    out = tmp_path / f"out-{columnar_on}.csv"
    res = CliRunner().invoke(app, ["check", str(src), "--format", "csv", "-o", str(out), "--no-progress"])
    return res.exit_code, out.read_bytes()


def test_20000_generated_rows_same_output_as_the_row_path(tmp_path, monkeypatch):
    src = write_inventory(tmp_path / "inv.csv", 20_000)
    text = src.read_text(encoding="utf-8")
    assert "Элтекс" in text and "海康威视" in text and '"moved from rack 4,\nsee' in text
    source = open_source(src)
    assert isinstance(source, CsvSource)
    screener = library.make_screener(library.load_registry())
    assert columnar.bytes_ok(source) is not None, "this file should go by columns"
    code_rows, rows = _check(tmp_path, monkeypatch, src, False)
    code_cols, cols = _check(tmp_path, monkeypatch, src, True)
    assert code_rows == code_cols == 1
    assert cols == rows
    # The multi-line cell moves every later row's line number; the rows say so in both outputs.
    lines = [int(r["line"]) for r in csv.DictReader(io.StringIO(cols.decode()))]
    assert lines[-1] == 20_000 + 1 + 2
    assert screener is not None


def _both(path: Path, one_read_budget: int | None = None) -> tuple[str | None, str]:
    """(columnar output or None when it declines, row-path output) of ``path``; for a file the row
    path refuses (the strict CSV read: exit 2 naming the line), its error text instead of output.
    ``one_read_budget`` as ``screen_csv`` takes it (0: two reads; None: by the file's size)."""
    source = open_source(path, ReadOptions())
    assert isinstance(source, CsvSource)
    reg = library.load_registry()
    buf = io.StringIO()

    class Keep(io.StringIO):
        def close(self) -> None:
            buf.write(self.getvalue())
            super().close()

    opened = []

    def keep() -> Keep:
        opened.append(True)
        return Keep()

    tally = columnar.screen_csv(source, library.make_screener(reg), keep, one_read_budget=one_read_budget)
    assert tally is not None or not opened, "the columnar path declined after writing"
    got = buf.getvalue() if tally is not None else None
    try:
        src2, results, tally2, _ = library.screen_file(path, registry=reg, screener=library.make_screener(reg))
        want = io.StringIO()
        CsvWriter().write(None, results, tally2, want)  # type: ignore[arg-type]  # the CSV writer reads no run
    except InputError as exc:
        assert tally is None, "the columnar path screened a file the row path refuses"
        return got, f"error: {exc}"
    if tally is not None:
        assert tally.counts == tally2.counts and source.rows_in == src2.rows_in
    return got, want.getvalue()


CELLS = st.sampled_from(["", " ", "Huawei", "HUAWEI ", "华为", "Элтекс", "Intel", "00:E0:FC:01:02:03", "bc0f.64df.b972",
                         "a,b", 'say "hi"', "two\nlines", "two\r\nlines", "  ", "=1+1", "\u3000", "x\"y", "\ttab",
                         "1.3.6.1.4.1.2011.2.23", "Hikvision DS-2CD"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=4, max_size=4), min_size=1, max_size=12),
       ids=st.booleans(), crlf=st.booleans(), blank_line=st.booleans())
def test_any_small_csv_is_either_declined_or_the_same(tmp_path, rows, ids, crlf, blank_line):
    header = ["vendor", "model", "mac", "sys_object_id"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerow((["asset_id"] if ids else []) + header)
    for n, r in enumerate(rows):
        w.writerow(([f"X{n}"] if ids else []) + r)
        if blank_line and n == 0:
            buf.write("\n")
    path = tmp_path / "small.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    got, want = _both(path)
    if got is not None:
        assert got == want


@pytest.mark.parametrize("body, why", [
    ('A1,"Huawei"x,AR6120\n', "text after a closing quote: the row path reports the row"),
    ('A1,Huawei,AR6120,extra\n', "a cell beyond the header"),
    ('A1,Huawei\n', "a row short of cells"),
    ('A1,Huawei,AR6120\n\nA2,ZTE,F670\n', "a blank line (counted in the notes, shifts no ref)"),
    ('A1,Huawei,AR6120\n , ,\n', "a row of blank cells"),
    ('A1,Huawei,AR6120\nA1,ZTE,F670\n', "a repeated id (suffixed #2 by the reader)"),
    ('A1,Huawei,AR6120\r\nA2,ZTE\r,F670\r\n', "a lone carriage return"),
    ('A1,Huawei,"AR6120\n', "a quote never closed"),
])
def test_what_the_row_path_reads_differently_is_left_to_it(tmp_path, body, why):
    path = tmp_path / "odd.csv"
    path.write_text("asset_id,vendor,model\n" + body, encoding="utf-8", newline="")
    got, want = _both(path)
    assert got is None, why
    # The row path screens and reports every row, or refuses the file naming the line (strict CSV).
    assert want.count("\n") >= 2 or (want.startswith("error: ") and ":2:" in want), want


def test_bad_utf8_is_left_to_the_row_path(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"asset_id,vendor,model\nA1,Hua\xffwei,AR6120\n")
    got, want = _both(path)
    assert got is None
    assert want.startswith("ref,line,decision")  # the row path decodes it its own way and screens it


def test_rows_of_one_block_quote_their_own_mac_and_oid(tmp_path):
    # Rows sharing a key whose top evidence is the MAC (or the sysObjectID): the columnar path writes
    # the key's cells around each row's own value; a row whose value the csv module would guard or
    # quote, and keys whose sentences quote the value, are screened one by one. Same bytes either way.
    rows = ["asset_id,vendor,mac,sys_object_id,role"]
    for n in range(60):
        mac = [f"00:E0:FC:{n:02X}:{n:02X}:01", f"00e0.fc{n:02x}.{n:02x}02", f"BC0F64{n:02X}{n:02X}03"][n % 3]
        oid = f"1.3.6.1.4.1.2011.2.{n}" if n % 4 == 0 else ""
        rows.append(f"A{n},{'' if n % 5 else 'Acme'},{mac},{oid},{['', 'cctv-camera', 'laptop'][n % 3]}")
    rows.append('A60,,"00:E0:FC:99:99:99",1.3.6.1.4.1.2011.2.23,')
    path = tmp_path / "blocks.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8", newline="")
    got, want = _both(path)
    assert got is not None, "this file should go by columns"
    assert got == want
    assert want.count("00:E0:FC:") >= 20 and "exclude" in want


# ``one_read_budget``: 0 holds nothing (two reads), this much holds any test file (one read).
READS = {"one read": 1 << 40, "two reads": 0}


@pytest.mark.parametrize("reads", READS)
def test_one_read_and_two_write_the_row_path_s_bytes(tmp_path, monkeypatch, reads):
    # Many blocks (the multi-line cell and quoted, Cyrillic and CJK cells among them) and many lots
    # of new keys, read once with every block held, or twice.
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 13)
    monkeypatch.setattr(columnar, "SCREEN_KEYS", 150)
    src = write_inventory(tmp_path / "inv.csv", 2500, seed=7)
    got, want = _both(src, READS[reads])
    assert got is not None, "this file should go by columns"
    assert got == want
    assert got.count("\n") > 2500


def _with_row(src: Path, near: int, row: str) -> int:
    """Replace the first record of ``src`` at or after physical line ``near`` that is one line
    without quotes by ``row``; its line."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n in range(near, len(lines) + 1)
                if '"' not in lines[n - 1] and '"' not in lines[n - 2] and lines[n - 1].count(",") == len(HEADER) - 1)
    lines[line - 1] = row + "\n"
    src.write_text("".join(lines), encoding="utf-8", newline="")
    return line


def _bad_row_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: str, row: str) -> tuple[Path, int, str]:
    """A 1,000-row file with ``row`` ~900 lines in (dozens of 4 KiB blocks read and screened before
    it), the budget forcing one read or two: (the file, the row's line, the row path's output or
    error), after checking the columnar check declines it having opened no output."""
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 1 << 12)
    monkeypatch.setattr(columnar, "ONE_READ_BUDGET", READS[reads])
    src = write_inventory(tmp_path / "inv.csv", 1000)
    line = _with_row(src, 901, row)
    got, want = _both(src, READS[reads])
    assert got is None
    return src, line, want


@pytest.mark.parametrize("reads", READS)
def test_a_malformed_row_deep_in_the_file_is_reported_with_its_line(tmp_path, monkeypatch, reads):
    # A row of more cells than the header: left to the row path, which reports every row, the
    # malformed one with its own line; `check` says so whichever way the columnar check reads.
    src, line, want = _bad_row_deep(tmp_path, monkeypatch, reads,
                                    "A9999999,host-x,Site 1,laptop,Huawei,AR6120,00:E0:FC:01:02:03,,,notes,one cell too many")
    code, out = _check(tmp_path, monkeypatch, src, True)
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert len(rows) == 1000
    assert [r["line"] for r in rows if r["ref"] == "A9999999"] == [str(line)]
    assert out.decode() == want


@pytest.mark.parametrize("reads", READS)
def test_a_bad_quote_deep_in_the_file_stops_check_naming_its_line(tmp_path, monkeypatch, reads):
    src, line, want = _bad_row_deep(tmp_path, monkeypatch, reads, 'A9999999,"host"x,Site 1,laptop,Huawei,,,,,')
    assert want.startswith("error: ") and f":{line}" in want, want
    monkeypatch.setenv("SUPPLYSCREEN_COLUMNAR_MIN_BYTES", "1")
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(app, ["check", str(src), "--format", "csv", "-o", str(out), "--no-progress"])
    assert res.exit_code == 2
    assert f":{line}" in res.output
