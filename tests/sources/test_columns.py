"""Header text → role."""

from __future__ import annotations

import pytest

from supplyscreen.errors import InputError
from supplyscreen.sources.columns import canonical_role, map_columns, pick_header, role_of


@pytest.mark.parametrize(("header", "role"), [
    ("Vendor Name", "vendor"), ("MFR", "manufacturer"), ("Make", "manufacturer"), ("OEM", "manufacturer"),
    ("Supplier name", "supplier"), ("Bidder", "supplier"), ("Model Number", "model"), ("MPN", "part_number"),
    ("Part No.", "part_number"), ("Intended use", "purpose"), ("Country of Origin", "country"),
    ("MAC Address", "mac"), ("mac_address", "mac"), ("sysObjectID", "sys_object_id"),
    ("sys_object_id", "sys_object_id"), ("sysDescr", "sys_descr"), ("Host name", "hostname"),
    ("asset_id", "ref"), ("ID", "ref"), ("No.", "ref"),
    ("メーカー", "manufacturer"), ("メーカー名", "manufacturer"), ("製造元", "manufacturer"),
    ("製造業者", "manufacturer"), ("ベンダー名", "vendor"), ("納入業者", "supplier"), ("取引先", "supplier"),
    ("仕入先", "supplier"), ("販売元", "supplier"), ("ブランド", "brand"), ("型番", "model"), ("型式", "model"),
    ("機種", "model"), ("品名", "product"), ("製品名", "product"), ("品目", "product"), ("品番", "part_number"),
    ("部品番号", "part_number"), ("シリアル番号", "serial"), ("製造番号", "serial"), ("用途", "purpose"),
    ("使用目的", "purpose"), ("分類", "category"), ("区分", "category"), ("原産国", "country"),
    ("製造国", "country"), ("ＭＡＣアドレス", "mac"), ("ホスト名", "hostname"), ("設置場所", "site"),
    ("拠点", "site"), ("資産番号", "ref"), ("管理番号", "ref"), ("備考", "note"), ("単価（税込）", "price"),
    ("厂商", "manufacturer"), ("制造商", "manufacturer"), ("供应商", "supplier"), ("品牌", "brand"),
    ("型号", "model"), ("产品名称", "product"),
])
def test_role_of(header: str, role: str) -> None:
    assert role_of(header) == role


@pytest.mark.parametrize("header", ["", "foo", "納期", "Name"])
def test_not_a_role(header: str) -> None:
    assert role_of(header) is None


def test_leftmost_column_wins_and_duplicates_are_noted() -> None:
    cmap = map_columns(["メーカー", "製造元", "型番"])
    assert cmap.index["manufacturer"] == 0
    assert any("製造元" in n for n in cmap.notes)


def test_pick_header_skips_title_rows() -> None:
    rows = [["IT機器調達リスト"], ["作成日", "2025-04-01"], ["No.", "品名", "メーカー", "型番"], ["1", "PC", "NEC", "X"]]
    assert pick_header(rows) == 2
    assert pick_header([["foo", "bar"]]) is None


def test_canonical_role_accepts_cli_spellings() -> None:
    assert canonical_role("sysObjectID") == "sys_object_id"
    assert canonical_role("part-number") == "part_number"
    with pytest.raises(InputError, match="unknown column role"):
        canonical_role("colour")
