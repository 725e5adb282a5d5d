"""XLSX and JSON item lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from supplyscreen.errors import InputError
from supplyscreen.sources import ReadOptions, open_source

ASSETS = Path(__file__).parent.parent / "assets" / "sources"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def test_xlsx_title_row_blank_row_and_numbers() -> None:
    source = open_source(ASSETS / "title_row.xlsx")
    items = list(source.items())
    assert source.rows_in == 3
    assert source.info.format == "xlsx"
    assert dict(source.info.columns)["manufacturer"] == "製造元"
    assert [i.line for i in items] == [4, 6, 7]  # sheet rows; the blank row 5 is not an item
    assert [i.ref for i in items] == ["1", "2", "3"]  # No. column; row 7 has none → its row number
    assert items[1].fields["quantity"] == "3"  # 3.0 as a person reads it
    assert items[2].fields == {"manufacturer": "中兴通讯", "quantity": "1.5"}
    assert any("header on row 3" in n for n in source.info.notes)


def test_xlsx_named_sheet_without_headers_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no column names a vendor"):
        open_source(ASSETS / "title_row.xlsx", ReadOptions(sheet="メモ"))
    with pytest.raises(InputError, match="no sheet named"):
        open_source(ASSETS / "title_row.xlsx", ReadOptions(sheet="Sheet9"))


def test_corrupt_xlsx_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"not_really\.xlsx: not a readable XLSX"):
        open_source(ASSETS / "not_really.xlsx")


def test_example_xlsx_matches_example_csv() -> None:
    xlsx = open_source(EXAMPLES / "suppliers.xlsx")
    csv = open_source(EXAMPLES / "suppliers.csv")
    assert [(i.ref, dict(i.fields)) for i in xlsx.items()] == [(i.ref, dict(i.fields)) for i in csv.items()]
    assert xlsx.rows_in == 21


def test_json_list_keeps_non_objects_as_problem_items() -> None:
    source = open_source(ASSETS / "list.json")
    items = list(source.items())
    assert source.rows_in == len(items) == 4
    assert items[0].ref == "J-1" and items[0].fields["quantity"] == "2"
    assert items[1].fields["vendor"] == "NEC Corporation"  # {"name": ...} flattened
    assert items[2].problem and items[2].ref == "3" and items[2].line == 2
    assert items[3].fields == {"brand": "EZVIZ"}


def test_json_wrapped_in_items_key() -> None:
    source = open_source(ASSETS / "wrapped.json")
    assert [i.ref for i in source.items()] == ["J-1", "J-2"]


def test_json_lines_stream_with_broken_lines_kept() -> None:
    source = open_source(ASSETS / "items.jsonl")
    items = list(source.items())
    assert source.info.format == "jsonl"
    assert source.rows_in == len(items) == 5
    assert items[-1].line == 6 and "not valid JSON" in items[-1].problem


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as err:
        open_source(ASSETS / "broken.json")
    assert err.value.line == 3
    assert "broken.json:3 (column 11)" in str(err.value)


def test_json_that_is_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"vendor": "NEC"}', encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON array"):
        open_source(path)


def test_empty_json_array_is_a_source_with_no_items(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]", encoding="utf-8")
    source = open_source(path)
    assert list(source.items()) == [] and source.rows_in == 0
