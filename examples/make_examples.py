"""Build the bundled example: a Japanese ministry's IT supplier list, as XLSX and as CSV.

Run ``python examples/make_examples.py`` to rebuild ``suppliers.xlsx`` and ``suppliers.csv``
(UTF-8 with a byte order mark, as Excel saves "CSV UTF-8"). Both hold the same rows: a title row,
a blank row, the Japanese header, then 21 items.

Most rows are ordinary purchases (NEC, 富士通, Cisco Systems, ヤマハ, アライドテレシス, Panasonic,
Canon, Dell). A few hide designated suppliers behind other spellings, scripts and subsidiaries,
which is what the screening has to find:

=============  ===========================================================  =====================
管理番号        what is in the row                                           expected
=============  ===========================================================  =====================
IT-2025-009    メーカー 華為技術 (Huawei in Japanese kanji)                    designated (Huawei)
IT-2025-010    メーカー HUAWEI TECH CO LTD (abbreviated Latin form)          designated (Huawei)
IT-2025-011    メーカー 华为终端有限公司 (Huawei Device, simplified Chinese)    designated (subsidiary)
IT-2025-012    domestic camera whose 品名 names a 海思 (HiSilicon) SoC        designated (subsidiary)
IT-2025-013    メーカー 中兴通讯 (ZTE, simplified Chinese)                     designated (ZTE)
IT-2025-014    杭州海康威视 camera, 用途 庁舎の監視 (facility security)           designated (Hikvision)
IT-2025-015    EZVIZ camera (a Hikvision brand)                              designated (brand)
IT-2025-016    大華 (Dahua) camera bought through a reseller ベンダー          designated (Dahua)
IT-2025-017    ZT Systems server (looks like "ZTE", is not)                  clean
IT-2025-018    Hisense display (Chinese, not designated)                     clean
=============  ===========================================================  =====================

The reseller, installer and domestic camera maker names in rows 012 and 016 are made up.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent

TITLE = "令和7年度 IT機器調達リスト（情報システム課）"
HEADER = ("管理番号", "品名", "分類", "メーカー", "ベンダー", "型番", "用途", "原産国", "数量")
ROWS: tuple[tuple[str, str, str, str, str, str, str, str, int], ...] = (
    ("IT-2025-001", "デスクトップPC", "パソコン", "NEC", "大塚商会", "Mate MKM46/B-H", "職員事務用", "日本", 120),
    ("IT-2025-002", "ノートPC", "パソコン", "富士通", "富士通Japan", "LIFEBOOK U9313/N", "職員事務用", "日本", 80),
    ("IT-2025-003", "L3スイッチ", "ネットワーク機器", "Cisco Systems", "ネットワンシステムズ", "C9300-48P-A",
     "庁内LAN基幹", "米国", 4),
    ("IT-2025-004", "VPNルータ", "ネットワーク機器", "ヤマハ", "大塚商会", "RTX1300", "拠点間VPN", "日本", 12),
    ("IT-2025-005", "L2スイッチ", "ネットワーク機器", "アライドテレシス", "日立システムズ", "AT-x530L-28GTX",
     "フロアスイッチ", "日本", 30),
    ("IT-2025-006", "複合機", "OA機器", "Canon", "キヤノンマーケティングジャパン", "iR-ADV DX C5860F",
     "印刷・スキャン", "日本", 10),
    ("IT-2025-007", "ネットワークカメラ", "監視カメラ", "Panasonic", "パナソニック コネクト", "WV-S1536LTNJ",
     "庁舎の監視", "日本", 8),
    ("IT-2025-008", "ラックサーバ", "サーバ", "Dell", "デル・テクノロジーズ", "PowerEdge R760", "業務システム基盤",
     "米国", 2),
    ("IT-2025-009", "無線LANアクセスポイント", "ネットワーク機器", "華為技術", "東和ネットソリューション",
     "AirEngine 5761-11", "会議室無線LAN", "中国", 20),
    ("IT-2025-010", "モバイルWi-Fiルータ", "ネットワーク機器", "HUAWEI TECH CO LTD", "東和ネットソリューション",
     "E5785-320a", "災害時予備回線", "中国", 15),
    ("IT-2025-011", "タブレット端末", "端末", "华为终端有限公司", "グローバル商事", "MatePad 11.5",
     "窓口案内", "中国", 6),
    ("IT-2025-012", "ネットワークカメラ（SoC: 海思 Hi3516CV500搭載）", "監視カメラ", "みなと映像機器",
     "みなと映像機器", "MV-IPC200", "駐車場の監視", "日本", 4),
    ("IT-2025-013", "5Gホームルータ", "ネットワーク機器", "中兴通讯", "グローバル商事", "MC888",
     "テレワーク用回線", "中国", 10),
    ("IT-2025-014", "ネットワークカメラ", "監視カメラ", "杭州海康威视", "安心セキュリティ販売", "DS-2CD2143G2-I",
     "庁舎の監視", "中国", 12),
    ("IT-2025-015", "Wi-Fiカメラ", "監視カメラ", "EZVIZ", "家電量販店", "C6N", "倉庫の監視", "中国", 3),
    ("IT-2025-016", "ネットワークカメラ", "監視カメラ", "大華", "安心セキュリティ販売", "IPC-HFW2441S-S",
     "通用口の監視", "中国", 6),
    ("IT-2025-017", "GPUサーバ", "サーバ", "ZT Systems", "大塚商会", "ZT RS720-2U", "解析基盤", "米国", 1),
    ("IT-2025-018", "大型ディスプレイ", "表示装置", "Hisense", "家電量販店", "65U8N", "会議室表示", "中国", 4),
    ("IT-2025-019", "タワーサーバ", "サーバ", "NEC", "NECネッツエスアイ", "Express5800/T120k",
     "ファイルサーバ", "日本", 1),
    ("IT-2025-020", "ファイアウォール", "ネットワーク機器", "富士通", "富士通Japan", "IPCOM EX2 3500",
     "インターネット境界防御", "日本", 2),
    ("IT-2025-021", "液晶モニタ", "周辺機器", "Dell", "デル・テクノロジーズ", "P2425H", "職員事務用", "中国", 150),
)


def write_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "調達リスト"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(list(HEADER))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in ROWS:
        ws.append(list(row))
    for col, width in zip("ABCDEFGHI", (13, 36, 16, 20, 26, 20, 20, 8, 6), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


def write_csv(path: Path) -> None:
    # utf-8-sig writes the byte order mark Excel needs to open UTF-8 CSV without mojibake.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([TITLE])
        out.writerow([])
        out.writerow(HEADER)
        out.writerows(ROWS)


def main() -> None:
    write_xlsx(HERE / "suppliers.xlsx")
    write_csv(HERE / "suppliers.csv")


if __name__ == "__main__":
    main()
