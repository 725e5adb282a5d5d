"""Rebuild the tiny input files the source tests read: ``python tests/assets/sources/make_assets.py``.

Each file is one situation a real item list puts a reader in (an encoding, a layout, a defect).
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

JA = "管理番号,品名,メーカー名,型番,用途\r\nA-1,ルータ,ヤマハ,RTX1300,拠点間接続\r\nA-2,ネットワークカメラ,杭州海康威視,DS-2CD2143G2-I,庁舎の監視\r\n"
ZH = "序号,产品名称,制造商,型号\r\n1,交换机,华为技术有限公司,S5735-L24T4S\r\n2,摄像机,杭州海康威视数字技术股份有限公司,DS-2CD\r\n"


def main() -> None:
    (HERE / "cp932.csv").write_bytes(JA.encode("cp932"))
    (HERE / "gb18030.csv").write_bytes(ZH.encode("gb18030"))
    (HERE / "utf8_bom.csv").write_bytes(JA.encode("utf-8-sig"))
    (HERE / "utf16.csv").write_bytes(JA.replace(",", "\t").encode("utf-16"))
    (HERE / "semicolon.csv").write_text(
        "Vendor;Model;Description;Country of origin\n"
        "Cisco Systems, Inc.;C9300-48P;Switch, 48 ports;US\n"
        "Huawei Technologies Co., Ltd.;S5735;Switch, 24 ports;CN\n", encoding="utf-8")
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "blank.csv").write_text("\n  \n\n", encoding="utf-8")
    (HERE / "header_only.csv").write_text("id,vendor,model\n", encoding="utf-8")
    (HERE / "no_roles.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    wide = ["vendor", "model", *(f"c{i}" for i in range(9_998))]
    (HERE / "wide.csv").write_text(
        ",".join(wide) + "\n" + ",".join(["ZTE", "F660", *("x" for _ in range(9_998))]) + "\n"
        + ",".join(["NEC", "IX2215", *("" for _ in range(10_005))]) + ",extra\n", encoding="utf-8")
    (HERE / "controls.csv").write_text(
        "asset_id,manufacturer,model\nD-1,Hua\x00wei\x07,AR\x1b6120\nD-2,\ufeffNEC\u200b,IX2215\n\n,,,\nD-3,,\n",
        encoding="utf-8")
    # A pasted Latin-1 line (é = 0xE9) in a UTF-8 file: that row is kept with a problem.
    (HERE / "bad_bytes.csv").write_bytes(
        "メーカー,型番\nヤマハ,RTX1300\nアライドテレシス,AT-x230\n".encode()
        + b"Soci\xe9t\xe9 G\xe9n\xe9rale,X1\n" + "中兴通讯,F660\n".encode())
    items = [
        {"id": "J-1", "manufacturer": "Huawei", "model": "AR6120", "quantity": 2},
        {"id": "J-2", "vendor": {"name": "NEC Corporation"}, "model": "IX2215", "tags": ["router", "edge"]},
        "not an object",
        {"brand": "EZVIZ", "purpose": None},
    ]
    (HERE / "list.json").write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    (HERE / "wrapped.json").write_text(json.dumps({"items": items[:2]}, ensure_ascii=False), encoding="utf-8")
    (HERE / "items.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n\n{broken\n", encoding="utf-8")
    (HERE / "broken.json").write_text('[\n {"vendor": "NEC",\n  "model" "IX2215"}\n]\n', encoding="utf-8")
    (HERE / "cyclonedx.json").write_text(
        '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": []}\n', encoding="utf-8")
    (HERE / "spdx.json").write_text('{"spdxVersion": "SPDX-2.3", "packages": []}\n', encoding="utf-8")
    (HERE / "inventory.csv").write_text(
        "hostname,MAC Address,sysObjectID,role,site\n"
        "core-sw1,00:E0:FC:12:34:56,1.3.6.1.4.1.2011.2.23.1,core switch,本庁舎\n", encoding="utf-8")

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "一覧"
    ws.append(["IT機器調達リスト"])
    ws.append([])
    ws.append(["No.", "製品名", "製造元", "型式", "数量", "納期"])
    ws.append([1, "L2スイッチ", "アライドテレシス", "AT-x230", 12, __import__("datetime").datetime(2025, 4, 1)])
    ws.append([])
    ws.append([2, "無線AP", "華為技術", "AirEngine 5761", 3.0, None])
    ws.append([None, None, "中兴通讯", None, 1.5, None])
    other = wb.create_sheet("メモ")
    other.append(["nothing to see"])
    wb.save(HERE / "title_row.xlsx")
    (HERE / "not_really.xlsx").write_bytes(b"PK\x03\x04 this is not a zip archive")


if __name__ == "__main__":
    main()
