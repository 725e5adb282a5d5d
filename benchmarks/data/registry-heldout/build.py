#!/usr/bin/env python3
"""Write the registry-data held-out set (issue 16) from the hand-written rows below.

    python3 benchmarks/data/registry-heldout/build.py

Every row and its expected answer is written here by hand; the script only draws MAC tails with a
fixed seed, so a rerun rewrites the files byte for byte. Rules: README.md beside this file.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
RNG = random.Random(1616)

COVERED = "cctv-camera"

# (asset id, role, vendor as the inventory tool printed it, IEEE block, expected group, decision, why)
# Blocks are all assigned after the 2022-08-27 Debian ieee-data snapshot (2026-08 IEEE files),
# except the two HIKMICRO blocks, which are older but were tied to no entity.
MAC_ROWS = [
    ("RH-001", "core-router", "", "684983", "huawei", "exclude", "new MA-L of HUAWEI TECHNOLOGIES CO.,LTD"),
    ("RH-002", "access-switch", "", "887477", "huawei", "exclude", "new MA-L of HUAWEI TECHNOLOGIES CO.,LTD"),
    ("RH-003", "wifi-ap", "", "8C8ACD", "huawei", "exclude", "new MA-L of HUAWEI TECHNOLOGIES CO.,LTD"),
    ("RH-004", "firewall", "", "509546", "huawei", "exclude", "new MA-L of HUAWEI TECHNOLOGIES CO.,LTD"),
    ("RH-005", "laptop", "", "782599", "huawei", "exclude", "new MA-L of Huawei Device Co., Ltd."),
    ("RH-006", "tablet", "", "40B70E", "huawei", "exclude", "new MA-L of Huawei Device Co., Ltd."),
    ("RH-007", "smartphone", "", "802EDE", "huawei", "exclude", "new MA-L of Huawei Device Co., Ltd."),
    ("RH-008", "cpe-router", "", "84F5EB", "zte", "exclude", "new MA-L of zte corporation"),
    ("RH-009", "olt", "", "E0C29E", "zte", "exclude", "new MA-L of zte corporation"),
    ("RH-010", "5g-cpe", "", "F01B24", "zte", "exclude", "new MA-L of zte corporation"),
    ("RH-011", COVERED, "", "743FC2", "hikvision", "exclude", "new MA-L of Hangzhou Hikvision Digital Technology"),
    ("RH-012", "nvr", "", "5C345B", "hikvision", "exclude", "new MA-L of Hangzhou Hikvision Digital Technology"),
    ("RH-013", "", "", "00BC99", "hikvision", "review", "new Hikvision MA-L, no covered role"),
    ("RH-014", COVERED, "", "54D60D", "hikvision", "exclude", "new MA-L of Hangzhou Ezviz Software (EZVIZ)"),
    ("RH-015", "doorbell", "", "64244D", "hikvision", "review", "new EZVIZ MA-L, role not covered"),
    ("RH-016", COVERED, "", "E02EFE", "dahua", "exclude", "new MA-L of Zhejiang Dahua Technology Co., Ltd."),
    ("RH-017", "ptz-camera", "", "407AA4", "dahua", "exclude", "new MA-L of ZHEJIANG DAHUA TECHNOLOGYCO.,LTD (no space)"),
    ("RH-018", "nvr", "", "4C99E8", "dahua", "exclude", "new MA-L of ZHEJIANG DAHUA TECHNOLOGYCO.,LTD"),
    ("RH-019", COVERED, "", "202C05", "dahua", "exclude", "new MA-L of ZHEJIANG DAHUA ZHILIAN CO.,LTD"),
    ("RH-020", COVERED, "", "AC3DFA", "dahua", "exclude", "new MA-L of Hangzhou Huacheng Network Technology (Imou)"),
    ("RH-021", "set-top-box", "", "848A59", "huawei", "exclude", "new MA-L of Hisilicon Technologies Co., Ltd"),
    ("RH-022", "iot-gateway", "", "2CC44F9", "kaspersky", "exclude", "new MA-M of Kaspersky Lab Middle-East FZ-LLC"),
    ("RH-023", COVERED, "", "BC2978", "hikvision", "exclude", "new MA-L of Prama Hikvision India"),
    ("RH-024", "perimeter-security", "", "ECDFC9", "hikvision", "exclude", "HIKMICRO (Hangzhou Microimage Software) MA-L"),
    ("RH-025", "thermal-camera", "", "A44C62", "hikvision", "review", "HIKMICRO MA-L, role not covered"),
    ("RH-026", "public-safety-repeater", "", "54083BE", "hytera", "exclude", "new MA-M of Sinclair Technologies (Norsat, Hytera)"),
    ("RH-027", "smartphone", "", "989E85", "none", "allow", "new MA-L of Honor Device Co., Ltd. (sold 2020-11-17)"),
    ("RH-028", "laptop", "", "2844F4", "none", "allow", "new MA-L of Honor Device Co., Ltd."),
    ("RH-029", "core-switch", "", "74ADCB", "none", "allow", "new MA-L of New H3C Technologies (not designated)"),
    ("RH-030", "access-switch", "", "ACCE92", "none", "allow", "new MA-L of New H3C Technologies"),
    ("RH-031", "smartphone", "", "F871A6", "none", "allow", "new MA-L of Apple, Inc."),
    ("RH-032", "laptop", "", "8C26AA", "none", "allow", "new MA-L of Apple, Inc."),
    ("RH-033", "core-router", "", "1096C6", "none", "allow", "new MA-L of Cisco Systems, Inc"),
    ("RH-034", "wifi-ap", "", "60B9C0", "none", "allow", "new MA-L of Cisco Systems, Inc"),
    ("RH-035", "sensor", "", "007007", "none", "allow", "new MA-L of Espressif Inc."),
    ("RH-036", "sensor", "", "AC1518", "none", "allow", "new MA-L of Espressif Inc."),
    ("RH-037", "wifi-router", "", "889986", "none", "allow", "new TP-LINK MA-L (1260H list only: not a purchase ban)"),
    ("RH-038", COVERED, "", "88263F", "none", "allow", "new MA-L of Zhejiang Uniview (not s.889-designated)"),
    ("RH-039", COVERED, "", "E4E66C", "none", "allow", "new MA-L of Tiandy Technologies (Entity List only)"),
    ("RH-040", "server", "", "441A4C", "none", "allow", "new MA-L of xFusion (divested Huawei unit, not designated)"),
    ("RH-041", "iot-gateway", "", "4CEA41E", "none", "allow", "new MA-M of Aztech Group DOOEL ('zte' inside a word)"),
    ("RH-042", "media-player", "", "942D3A", "none", "allow", "new MA-L of PRIZOR VIZTECH LIMITED ('zte' inside a word)"),
    ("RH-043", "core-router", "HuaweiTe", "509546", "huawei", "exclude", "Wireshark short name and a new Huawei MA-L"),
    ("RH-044", COVERED, "Hangzhou", "80F5AE", "hikvision", "exclude", "Wireshark short name 'Hangzhou' and a new Hikvision MA-L"),
]

# Vendor names only, as network tools print them (no MAC): (asset id, role, vendor, group, decision, why)
NAME_ROWS = [
    ("RA-001", "core-router", "HuaweiTe", "huawei", "exclude", "Wireshark (8-char) short name of HUAWEI TECHNOLOGIES CO.,LTD"),
    ("RA-002", "smartphone", "HuaweiDe", "huawei", "exclude", "Wireshark (8-char) short name of Huawei Device Co., Ltd."),
    ("RA-003", "access-switch", "HuaweiTechno", "huawei", "exclude", "Wireshark (12-char) short name of HUAWEI TECHNOLOGIES"),
    ("RA-004", "tablet", "HuaweiDevice", "huawei", "exclude", "Wireshark (12-char) short name of Huawei Device"),
    ("RA-005", "olt", "Zte", "zte", "exclude", "nmap vendor string of zte corporation"),
    ("RA-006", "cpe-router", "zte", "zte", "exclude", "Wireshark short name of zte corporation"),
    ("RA-007", COVERED, "HikvisionDig", "hikvision", "exclude", "Wireshark (12-char, place dropped) short name of Hikvision"),
    ("RA-008", COVERED, "HikvisionDi", "hikvision", "exclude", "Hikvision's run-together name cut at 11 characters"),
    ("RA-009", "nvr", "Hangzhou Hikvision Digital Technology", "hikvision", "exclude", "nmap vendor string of Hikvision"),
    ("RA-010", COVERED, "ZhejiangDahu", "dahua", "exclude", "Wireshark (12-char) short name of Zhejiang Dahua Technology"),
    ("RA-011", COVERED, "Zhejiang Dahua Technology", "dahua", "exclude", "nmap vendor string of Dahua"),
    ("RA-012", COVERED, "EzvizSoftwar", "hikvision", "exclude", "Wireshark (12-char, place dropped) short name of EZVIZ"),
    ("RA-013", COVERED, "HuachengNetw", "dahua", "exclude", "Wireshark (12-char, place dropped) short name of Imou's registrant"),
    ("RA-014", "public-safety-radio", "HyteraCo", "hytera", "exclude", "Wireshark (8-char) short name of Hytera Communications"),
    ("RA-015", "public-safety-radio", "HyteraCommun", "hytera", "exclude", "Wireshark (12-char) short name of Hytera Communications"),
    ("RA-016", "set-top-box", "HisiliconTe", "huawei", "exclude", "HiSilicon's run-together name cut at 11"),
    ("RA-017", "iot-gateway", "KasperskyLab", "kaspersky", "exclude", "Wireshark (12-char) short name of Kaspersky Lab Middle-East"),
    ("RA-018", COVERED, "PramaHikvisi", "hikvision", "exclude", "Wireshark (12-char) short name of Prama Hikvision India"),
    ("RA-019", "perimeter-security", "MicroimageSo", "hikvision", "exclude", "Wireshark (12-char, place dropped) short name of HIKMICRO's registrant"),
    ("RA-020", COVERED, "Hangzhou", "hikvision", "review", "Wireshark (8-char) short name shared by Hikvision, EZVIZ, Imou and many other firms"),
    ("RA-021", COVERED, "Zhejiang", "dahua", "review", "Wireshark (8-char) short name shared by Dahua, Uniview and many other firms"),
    ("RA-022", "smartphone", "HonorDevice", "none", "allow", "Honor after its 2020 sale"),
    ("RA-023", "core-switch", "NewH3CTechno", "none", "allow", "New H3C Technologies, not designated"),
    ("RA-024", "core-switch", "NewH3CTe", "none", "allow", "New H3C Technologies, not designated"),
    ("RA-025", "wifi-router", "TpLinkTechno", "none", "allow", "TP-Link (1260H list only)"),
    ("RA-026", "laptop", "Apple", "none", "allow", "Apple"),
    ("RA-027", "wifi-ap", "Cisco", "none", "allow", "Cisco"),
    ("RA-028", "sensor", "Espressif", "none", "allow", "Espressif"),
    ("RA-029", COVERED, "ZhejiangUniv", "none", "allow", "Uniview (not s.889-designated)"),
    ("RA-030", "server", "XfusionDigit", "none", "allow", "xFusion (divested, not designated)"),
    ("RA-031", "media-player", "PrizorVizt", "none", "allow", "PRIZOR VIZTECH ('zte' inside a word)"),
    ("RA-032", "iot-gateway", "AztechGroup", "none", "allow", "Aztech Group ('zte' inside a word)"),
    ("RA-033", "wifi-router", "Huami", "none", "allow", "Huami (Zepp), not Huawei"),
    ("RA-034", "printer", "Shenzhen", "none", "allow", "8-char short name of many Shenzhen firms, none designated"),
]

# Package URLs in a CycloneDX bill of materials (components of type library): (id, component, purl, group, decision, why)
PURL_ROWS = [
    ("RP-001", "Huawei Cloud SDK core (npm)", "pkg:npm/%40huaweicloud/huaweicloud-sdk-core@3.1.120", "huawei", "review", "npm scope @huaweicloud (Huawei Cloud): designated publisher, software"),
    ("RP-002", "AppGallery Connect API (npm)", "pkg:npm/%40agconnect/api@1.9.1", "huawei", "review", "npm scope @agconnect (Huawei AppGallery Connect)"),
    ("RP-003", "HMS Core push (npm)", "pkg:npm/%40hmscore/react-native-hms-push@6.12.0", "huawei", "review", "npm scope @hmscore (Huawei Mobile Services)"),
    ("RP-004", "Kaspersky web SDK (npm)", "pkg:npm/%40kaspersky/hexa-ui@6.0.0", "kaspersky", "exclude", "npm scope @kaspersky: Kaspersky software"),
    ("RP-005", "Huawei Cloud Go SDK", "pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120", "huawei", "review", "Go module of the huaweicloud GitHub organisation"),
    ("RP-006", "Huawei OBS Go SDK", "pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-obs@v3.24.9", "huawei", "review", "Go module of the huaweicloud GitHub organisation"),
    ("RP-007", "Huawei Cloud Python SDK core", "pkg:pypi/huaweicloudsdkcore@3.1.120", "huawei", "review", "PyPI project of Huawei Cloud"),
    ("RP-008", "Huawei Cloud ECS Python SDK", "pkg:pypi/huaweicloudsdkecs@3.1.120", "huawei", "review", "PyPI project of Huawei Cloud (huaweicloudsdk* family)"),
    ("RP-009", "Huawei OBS Python SDK", "pkg:pypi/esdk-obs-python@3.24.9", "huawei", "review", "PyPI project of Huawei Cloud OBS"),
    ("RP-010", "MindSpore", "pkg:pypi/mindspore@2.3.1", "huawei", "review", "PyPI project published by Huawei (MindSpore)"),
    ("RP-011", "Huawei LTE router client (community)", "pkg:pypi/huawei-lte-api@1.9.3", "none", "allow", "community package about Huawei routers, not Huawei-published"),
    ("RP-012", "Hikvision ISAPI client (community)", "pkg:pypi/hikvisionapi@0.3.2", "none", "allow", "community package, not Hikvision-published"),
    ("RP-013", "Huami/Zepp tools", "pkg:npm/%40zeppos/zml@0.0.30", "none", "allow", "Zepp OS (Huami), not Huawei"),
    ("RP-014", "Hikari Discord library", "pkg:pypi/hikari@2.0.0", "none", "allow", "look-alike of 'Hik'"),
    ("RP-015", "Kasper test runner", "pkg:npm/%40kasperjs/core@1.0.0", "none", "allow", "look-alike of Kaspersky"),
    ("RP-016", "Go Zstandard", "pkg:golang/github.com/klauspost/compress@v1.17.9", "none", "allow", "ordinary Go module"),
    ("RP-017", "Huawei-lookalike Go module", "pkg:golang/github.com/huaweicloud-community/tools@v1.0.0", "none", "allow", "a different GitHub owner that begins with huaweicloud"),
    ("RP-018", "React", "pkg:npm/react@18.3.1", "none", "allow", "ordinary npm package"),
    ("RP-019", "Requests", "pkg:pypi/requests@2.32.3", "none", "allow", "ordinary PyPI project"),
    ("RP-020", "Kaspersky Go client", "pkg:golang/github.com/kaspersky/klogger@v1.0.0", "kaspersky", "exclude", "Go module of Kaspersky's GitHub organisation"),
]

# Entity List designations of 1997-1999 read under --as-of: (query, as-of, listed on the Entity List?)
ASOF_ROWS = [
    ("Pakistan Atomic Energy Commission (PAEC)", "1999-06-01", True, "listed 63 FR 64322, 1998-11-19"),
    ("Pakistan Atomic Energy Commission (PAEC)", "1998-06-01", False, "before its 1998-11-19 listing"),
    ("Pakistan Atomic Energy Commission (PAEC)", "2005-01-01", True, "still listed"),
    ("Nuclear Research Center at Negev Dimona", "1997-07-15", True, "listed 62 FR 35334, 1997-06-30"),
    ("Nuclear Research Center at Negev Dimona", "1997-06-01", False, "before its 1997-06-30 listing"),
    ("Chinese Academy of Engineering Physics", "1998-01-01", True, "listed 62 FR 35334, 1997-06-30"),
    ("Chinese Academy of Engineering Physics", "1996-12-31", False, "before the listing"),
    ("China Aerodynamics Research and Development Center (CARDC)", "2000-01-01", True, "listed 64 FR 28910, 1999-05-28"),
    ("China Aerodynamics Research and Development Center (CARDC)", "1999-05-01", False, "before its 1999-05-28 listing"),
    ("Defense Science and Technology Organization (DESTO)", "1999-01-01", True, "listed 63 FR 64322, 1998-11-19"),
    ("Space and Upper Atmosphere Research Commission (SUPARCO)", "1998-12-01", True, "listed 63 FR 64322, 1998-11-19"),
    ("Space and Upper Atmosphere Research Commission (SUPARCO)", "1998-11-01", False, "before the listing"),
    ("Wah Chemical Product Plant", "2010-06-30", True, "listed 1998"),
    ("Department of Atomic Energy", "1999-03-01", True, "India's DAE, listed 63 FR 64322, 1998-11-19"),
]


def mac(block: str) -> str:
    digits = block + "".join(RNG.choice("0123456789ABCDEF") for _ in range(12 - len(block)))
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2)).lower()


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    inv = HERE / "inventory"
    inv.mkdir(exist_ok=True)
    rows = [[a, f"host-{i:03d}", role, vendor, mac(block)] for i, (a, role, vendor, block, *_rest) in enumerate(MAC_ROWS, 1)]
    rows += [[a, f"host-{i:03d}", role, vendor, ""] for i, (a, role, vendor, *_rest) in enumerate(NAME_ROWS, 101)]
    write(inv / "inventory.csv", ["asset_id", "hostname", "role", "vendor", "mac"], rows)
    exp = [[a, g, d, why] for a, _r, _v, _b, g, d, why in MAC_ROWS] + [[a, g, d, why] for a, _r, _v, g, d, why in NAME_ROWS]
    write(inv / "expected.csv", ["asset_id", "expected_group", "expected_decision", "evidence"], exp)
    pk = HERE / "packages"
    pk.mkdir(exist_ok=True)
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "serialNumber": "urn:uuid:3f1c2a8e-16a0-4c4e-9d7b-000000000016",
        # A component is named as its package manager names it: the last part of the purl's path.
        "components": [{"type": "library", "bom-ref": a, "name": p.split("@")[0].rsplit("/", 1)[-1],
                        "description": c, "purl": p} for a, c, p, *_ in PURL_ROWS],
    }
    (pk / "packages.cdx.json").write_text(json.dumps(bom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write(pk / "expected.csv", ["asset_id", "expected_group", "expected_decision", "evidence"],
          [[a, g, d, why] for a, _c, _p, g, d, why in PURL_ROWS])
    write(HERE / "as-of.csv", ["query", "as_of", "listed", "why"], [[q, d, str(x).lower(), w] for q, d, x, w in ASOF_ROWS])


if __name__ == "__main__":
    main()
