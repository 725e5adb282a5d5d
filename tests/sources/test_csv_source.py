"""CSV/TSV item lists: encodings, delimiters, title rows, defects a user would notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplyscreen.errors import InputError
from supplyscreen.sources import ReadOptions, open_source

ASSETS = Path(__file__).parent.parent / "assets" / "sources"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def read(name: str, **options: object):
    source = open_source(ASSETS / name, ReadOptions(**options))  # type: ignore[arg-type]
    items = list(source.items())
    assert source.rows_in == len(items)
    return source, items


@pytest.mark.parametrize(("name", "encoding"), [
    ("cp932.csv", "cp932"),
    ("utf8_bom.csv", "utf-8-sig"),
    ("utf16.csv", "utf-16"),
])
def test_japanese_list_reads_the_same_in_every_encoding(name: str, encoding: str) -> None:
    source, items = read(name)
    assert source.info.encoding == encoding
    assert any(encoding.split("-")[0] in n.lower() for n in source.info.notes)
    assert [i.ref for i in items] == ["A-1", "A-2"]
    assert items[1].fields["manufacturer"] == "杭州海康威視"
    assert items[1].fields["purpose"] == "庁舎の監視"
    assert dict(source.info.columns)["manufacturer"] == "メーカー名"


def test_gb18030_is_told_from_cp932() -> None:
    source, items = read("gb18030.csv")
    assert source.info.encoding == "gb18030"
    assert items[0].fields == {"product": "交换机", "manufacturer": "华为技术有限公司", "model": "S5735-L24T4S"}
    assert items[0].ref == "1"  # the 序号 column


def test_forced_encoding_wins() -> None:
    source, items = read("cp932.csv", encoding="cp932")
    assert source.info.encoding == "cp932"
    assert items[0].fields["manufacturer"] == "ヤマハ"


def test_unknown_forced_encoding_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        open_source(ASSETS / "cp932.csv", ReadOptions(encoding="klingon"))


def test_semicolon_delimiter_keeps_commas_inside_names() -> None:
    source, items = read("semicolon.csv")
    assert "delimiter ';'" in source.info.notes
    assert items[1].fields["vendor"] == "Huawei Technologies Co., Ltd."
    assert items[1].fields["country"] == "CN"
    assert items[1].fields["product"] == "Switch, 24 ports"  # description stands in for the product


def test_undecodable_line_is_kept_as_a_problem_row() -> None:
    _source, items = read("bad_bytes.csv")
    assert len(items) == 4
    assert [bool(i.problem) for i in items] == [False, False, True, False]
    assert items[2].line == 4
    assert "\ufffd" in items[2].fields["manufacturer"]
    assert items[3].fields["manufacturer"] == "中兴通讯"


def test_control_characters_removed_and_noted_blank_lines_skipped() -> None:
    source, items = read("controls.csv")
    assert [i.ref for i in items] == ["D-1", "D-2", "D-3"]
    assert items[0].fields["manufacturer"] == "Huawei"
    assert items[0].fields["model"] == "AR6120"
    assert items[1].fields["manufacturer"] == "NEC"
    assert not any(i.problem for i in items)  # still screenable
    assert items[2].fields == {}  # only the id: kept, the screening decides unknown
    notes = " ".join(source.info.notes)
    assert "control or invisible characters removed from values in 2 row(s)" in notes
    assert "2 blank line(s) skipped" in notes


def test_ten_thousand_columns() -> None:
    source, items = read("wide.csv")
    assert [i.fields["vendor"] for i in items] == ["ZTE", "NEC"]
    assert any("beyond the header" in n for n in source.info.notes)


@pytest.mark.parametrize("name", ["empty.csv", "blank.csv"])
def test_empty_file_is_an_input_error(name: str) -> None:
    with pytest.raises(InputError, match="empty"):
        open_source(ASSETS / name)


def test_header_only_is_a_source_with_no_items() -> None:
    source, items = read("header_only.csv")
    assert items == []
    assert source.rows_in == 0
    assert "no data rows below the header" in source.info.notes


def test_no_recognisable_column_names_the_headers_and_the_fix() -> None:
    with pytest.raises(InputError) as err:
        open_source(ASSETS / "no_roles.csv")
    message = str(err.value)
    assert "no_roles.csv" in message and "'foo', 'bar'" in message and "Vendor, Manufacturer" in message
    # The fix in the library's words; a command-line flag only where the command line shows it.
    assert "--" not in message and err.value.remedy == "columns"


def test_column_flag_maps_an_unknown_header() -> None:
    source, items = read("no_roles.csv", columns={"vendor": "foo"})
    assert dict(source.info.columns) == {"vendor": "foo"}
    assert items[0].fields == {"vendor": "1"}


def test_column_flag_naming_a_missing_header_is_an_input_error() -> None:
    with pytest.raises(InputError, match="'Maker' given by flags"):
        open_source(ASSETS / "semicolon.csv", ReadOptions(columns={"manufacturer": "Maker"}))


def test_inventory_is_detected_and_role_kept_as_purpose() -> None:
    source, items = read("inventory.csv")
    assert source.info.kind == "inventory"
    fields = items[0].fields
    assert fields["mac"] == "00:E0:FC:12:34:56"
    assert fields["sys_object_id"] == "1.3.6.1.4.1.2011.2.23.1"
    assert fields["role"] == fields["purpose"] == "core switch"


def test_kind_flag_overrides_detection() -> None:
    source, _ = read("inventory.csv", kind="items")
    assert source.info.kind == "items"


def test_example_csv_has_title_row_and_japanese_headers() -> None:
    source = open_source(EXAMPLES / "suppliers.csv")
    items = list(source.items())
    assert source.info.encoding == "utf-8-sig"
    assert len(items) == source.rows_in == 21
    assert items[0].ref == "IT-2025-001" and items[0].line == 4
    assert set(source.info.columns) >= {"ref", "product", "category", "manufacturer", "vendor", "model",
                                        "purpose", "country", "quantity"}
    by_ref = {i.ref: i for i in items}
    assert by_ref["IT-2025-014"].fields["manufacturer"] == "杭州海康威视"
    assert by_ref["IT-2025-014"].fields["purpose"] == "庁舎の監視"


def test_multiline_cell_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('id,vendor,description\n1,"NEC","two\nlines"\n2,Cisco\n3\n', encoding="utf-8")
    source = open_source(path)
    items = list(source.items())
    assert [i.line for i in items] == [2, 4, 5]
    assert items[0].fields["description"] == "two lines"
    assert items[1].fields == {"vendor": "Cisco"}
    assert items[2].ref == "3" and items[2].fields == {}


@pytest.mark.parametrize(("text", "line", "says"), [
    ('vendor,model\nNEC,"IX2215\nZTE,F660\n', 2, "never closed"),  # the rest of the file ran into the quote
    ('vendor,model\nNEC,IX2215\n"ZTE"X,F660\nCisco,C9300\n', 3, "closing quote"),
    ('vendor,model\nNEC,IX2215\nZTE,"F660\nCisco,C9300" rev B\nDell,R740\n', 3, "closing quote"),  # two rows merged
])
def test_a_row_the_csv_grammar_cannot_read_stops_the_read_naming_its_line(
        tmp_path: Path, text: str, line: int, says: str) -> None:
    """Strict: the rows after a broken quote cannot be counted, so none is screened as if whole."""
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        list(open_source(path).items())
    assert e.value.line == line and f"list.csv:{line}:" in str(e.value) and says in str(e.value)


def test_rows_merged_by_a_stray_quote_that_closes_are_pointed_out(tmp_path: Path) -> None:
    """A quote opened on one row and closed on a later one at a cell boundary is valid CSV: the rows
    merge silently. When every line of such a record reads as a whole row, a note names it."""
    path = tmp_path / "list.csv"
    path.write_text('ref,maker,product\nQ-1,"Juniper,switch\nQ-2,Brother",printer\nQ-3,Dahua,camera\n', encoding="utf-8")
    source = open_source(path)
    items = list(source.items())
    assert [i.ref for i in items] == ["Q-1", "Q-3"]
    assert any("line 2: one row spans lines 2-3" in n for n in source.info.notes)


@pytest.mark.parametrize("text", [
    'id,vendor,description\n1,"NEC","two\nlines"\n2,Cisco,switch\n',  # a description over two lines
    'id,vendor,address\n1,NEC,"Shiba 5-7-1\nMinato-ku Tokyo"\n',
])
def test_a_cell_over_several_lines_is_not_taken_for_merged_rows(tmp_path: Path, text: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    source = open_source(path)
    list(source.items())
    assert not any("merged" in n for n in source.info.notes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                 max_size=12), min_size=2, max_size=2), max_size=8))
def test_strict_reading_accepts_every_file_a_csv_writer_writes(tmp_path: Path, rows: list[list[str]]) -> None:
    """Strictness refuses only what the CSV grammar cannot read: quotes, delimiters and line breaks
    inside cells, quoted as a writer quotes them, read back as the same number of rows."""
    import csv
    import io

    buf = io.StringIO()
    # RFC 4180's CRLF: Python 3.11's writer quotes a cell holding a character of its line terminator
    # only, so with "\n" it writes a lone CR unquoted, which every CSV reader takes as a line break.
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["vendor", "model"])
    w.writerows(rows)
    path = tmp_path / "written.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    source = open_source(path)
    items = list(source.items())
    assert len(items) == source.rows_in == sum(1 for r in rows if "".join(r).strip())
