"""Write the bom-extra set: CycloneDX 1.6 JSON products and expected.csv.

    python benchmarks/data/bom-extra/make.py            # rewrites the files beside this script

Every product, maker relation and expectation here was written for this project (see README.md).
Each component states its own expected decision under policy us-ndaa-889 (its maker and purpose
only); an assembly's expected decision is then the most severe of its own and its parts', as the
rules say, with the groups of the parts that decide it. Deterministic: same files on every run.
"""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RANK = {"exclude": 3, "review": 2, "unknown": 1, "allow": 0}
ALLOW = ("allow", "none", "non-designated maker")
Exp = tuple[str, str, str]


def org(name: str | None = None, url: str | None = None, country: str | None = None) -> dict[str, Any]:
    o: dict[str, Any] = {}
    if name is not None:
        o["name"] = name
    if country:
        o["address"] = {"country": country}
    if url:
        o["url"] = [url]
    return o


class C:
    """One component with its own expectation (per as_of when a dict) and its parts."""

    def __init__(self, ref: str, name: str, *, type: str = "device", exp: Exp | dict[str, Exp] = ALLOW,
                 parts: list[C] | None = None, deps_only: bool = False, **fields: Any) -> None:
        self.ref, self.name, self.type, self.exp, self.fields = ref, name, type, exp, fields
        self.parts = parts or []
        self.deps_only = deps_only  # parts reached through `dependencies` only, listed flat

    def own(self, as_of: str) -> Exp:
        return self.exp[as_of] if isinstance(self.exp, dict) else self.exp

    def to_json(self) -> dict[str, Any]:
        f = self.fields
        d: dict[str, Any] = {"type": self.type, "bom-ref": self.ref}
        for key in ("supplier", "manufacturer"):
            if key in f:
                d[key] = f[key]
        if "authors" in f:
            d["authors"] = [{"name": a} for a in f["authors"]]
        for key in ("publisher", "group"):
            if key in f:
                d[key] = f[key]
        d["name"] = self.name
        for key in ("version", "description", "cpe", "purl"):
            if key in f:
                d[key] = f[key]
        props = []
        if "mac" in f:
            props.append({"name": "cdx:device:macAddress", "value": f["mac"]})
        if "serial" in f:
            props.append({"name": "cdx:device:serialNumber", "value": f["serial"]})
        if "purpose" in f:
            props.append({"name": "supplyscreen:purpose", "value": f["purpose"]})
        if props:
            d["properties"] = props
        nested = [p.to_json() for p in self.parts if not self.deps_only]
        if nested:
            d["components"] = nested
        return d

    def walk(self) -> list[C]:
        out = [self]
        for p in self.parts:
            out.extend(p.walk())
        return out


def rolled(c: C, as_of: str) -> Exp:
    """The most severe of the component's own decision and its parts' (groups of the worst joined)."""
    own = c.own(as_of)
    kids = [(p, rolled(p, as_of)) for p in c.parts]
    worst = max([own[0]] + [r[0] for _, r in kids], key=RANK.__getitem__)
    hot = [(p, r) for p, r in kids if r[0] == worst] if worst != "allow" else []
    if not hot:
        return own
    groups = [own[1]] if own[0] == worst and own[1] != "none" else []
    for _, r in hot:
        groups += [g for g in r[1].split(";") if g != "none" and g not in groups]
    contains = "contains " + ", ".join(p.ref for p, _ in hot) + f" ({worst})"
    note = own[2] + "; " + contains if own[0] == worst else contains
    return worst, ";".join(groups) or "none", note


def bom(root: C, top: list[C], tool_note: str) -> dict[str, Any]:
    comps: list[dict[str, Any]] = []
    deps: list[dict[str, Any]] = []

    def flat(c: C) -> None:  # a deps_only assembly lists its parts beside it, at the same level
        if c.deps_only:
            for p in c.parts:
                comps.append(p.to_json())
                flat(p)
        else:
            for p in c.parts:
                flat(p)

    for c in top:
        comps.append(c.to_json())
        flat(c)

    def edges(c: C) -> None:
        if c.deps_only or c is root:
            deps.append({"ref": c.ref, "dependsOn": [p.ref for p in c.parts]})
        for p in c.parts:
            edges(p)

    edges(root)
    meta = root.to_json()
    meta.pop("components", None)
    doc: dict[str, Any] = {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "supplyscreen/bom-extra/" + root.ref)),
        "version": 1,
        "metadata": {
            "timestamp": "2026-11-20T10:00:00Z",
            "tools": {"components": [{"type": "application", "name": "bom-extra-writer", "version": "1.0",
                                      "description": tool_note}]},
            "component": meta,
        },
        "components": comps,
        "dependencies": deps,
    }
    if "manufacturer" in root.fields:
        doc["metadata"]["manufacturer"] = root.fields["manufacturer"]
    return doc


PRODUCTS: list[tuple[str, C, list[str]]] = []  # file stem, product (its parts are the top level), as_of runs


def product(stem: str, root: C, as_of: list[str] | None = None) -> None:
    PRODUCTS.append((stem, root, as_of or [""]))


HUAWEI_SW = "Huawei-published software that is not equipment (SDK): designated publisher, review"

# 1. A Japanese 5G fixed-wireless router; the ZTE 5G module sits three levels down (nesting), its
#    maker written in Chinese; its firmware is known only by a ZTE CPE.
TSUBAME = org("Tsubame Tsushin K.K.", "https://tsubame-tsushin.example.jp", "JP")
product("tsubame-fw5g-home-router", C(
    "fw5g", "FW-5G Home Router", manufacturer=TSUBAME, version="1.4",
    description="5G fixed-wireless access router for prefectural offices", parts=[
        C("fw5g-mb", "FW-5G main board rev B", manufacturer=TSUBAME, parts=[
            C("fw5g-soc", "IPQ5018 network SoC", manufacturer=org("Qualcomm Technologies, Inc.", country="US")),
            C("fw5g-ddr", "MT40A512M16 DDR4 4Gb", manufacturer=org("Micron Technology, Inc.", "https://www.micron.com", "US")),
            C("fw5g-m2", "M.2 key-B WWAN riser", manufacturer=TSUBAME, parts=[
                C("fw5g-modem", "MH5000-31 5G M.2 module", supplier=org("Marubun Corporation", country="JP"),
                  manufacturer=org("中兴通讯股份有限公司", country="CN"),
                  exp=("exclude", "zte", "ZTE 5G module (maker in Chinese script), telecom equipment, any use"),
                  parts=[C("fw5g-modem-fw", "5G module firmware", type="firmware", version="B10.2",
                           supplier=TSUBAME, cpe="cpe:2.3:o:zte:mh5000-31_firmware:b10.2:*:*:*:*:*:*:*",
                           exp=("exclude", "zte", "CPE vendor zte: ZTE module firmware"))]),
            ]),
        ]),
        C("fw5g-psu", "12V 2.5A adapter", manufacturer=org("Mean Well Enterprises Co., Ltd.", country="TW")),
        C("fw5g-os", "Tsubame OS", type="operating-system", version="4.1.0", manufacturer=TSUBAME, parts=[
            C("fw5g-dnsmasq", "dnsmasq", type="application", version="2.90", publisher="Simon Kelley",
              purl="pkg:generic/dnsmasq@2.90"),
            C("fw5g-wolfssl", "wolfssl", type="library", version="5.7.0", publisher="wolfSSL Inc.",
              purl="pkg:github/wolfssl/wolfssl@v5.7.0-stable"),
        ]),
    ]))

# 2. A domestic-brand NVR whose structure is given only by the dependency graph; a HiSilicon SoC
#    (maker in Chinese) four levels down; SDK firmware supplied by a HiSilicon subsidiary.
ASTER = org("Aster Video Systems Ltd.", "https://astervideo.example.co.uk", "GB")
product("aster-nvr16-recorder", C(
    "nvr16", "NVR-16 network video recorder", manufacturer=ASTER, purpose="physical-security", deps_only=True,
    parts=[
        C("nvr16-mb", "NVR-16 mainboard", manufacturer=ASTER, deps_only=True, parts=[
            C("nvr16-codec", "video codec module CM-4K", manufacturer=ASTER, deps_only=True, parts=[
                C("nvr16-soc", "Hi3536 video decoder SoC", manufacturer=org("海思半导体有限公司", country="CN"),
                  exp=("exclude", "huawei", "HiSilicon (maker in Chinese) is a Huawei subsidiary; any use")),
                C("nvr16-sdk", "media processing SDK firmware", type="firmware", version="2.0.4.1",
                  supplier=org("Shanghai HiSilicon Technologies Co., Ltd.", country="CN"),
                  exp=("exclude", "huawei", "supplied by Shanghai HiSilicon (HiSilicon subsidiary, Huawei)")),
                C("nvr16-codec-ddr", "K4A8G165WC DDR4", manufacturer=org("Samsung Electronics Co., Ltd.", country="KR")),
            ]),
            C("nvr16-phy", "RTL8211F Gigabit PHY", manufacturer=org("Realtek Semiconductor Corp.", country="TW")),
            C("nvr16-sata", "ASM1062 SATA controller", manufacturer=org("ASMedia Technology Inc.", country="TW")),
        ]),
        C("nvr16-hdd", "SkyHawk 8TB surveillance HDD", manufacturer=org("Seagate Technology LLC", country="US")),
        C("nvr16-psu", "48V PoE power supply", manufacturer=org("Delta Electronics, Inc.", country="TW")),
    ]))

# 3. A white-label door intercom kit: the brand is unknown to any list, the MACs are Hikvision's.
NORTHGATE = org("Northgate Access Systems Ltd.", "https://northgate-access.example.ie", "IE")
product("northgate-door-intercom-kit", C(
    "ngi-kit", "Northgate NG-2 apartment intercom kit", manufacturer=NORTHGATE, parts=[
        C("ngi-door", "NG-2 door station", manufacturer=NORTHGATE, mac="44:47:CC:3A:91:07",
          purpose="physical-security",
          exp=("exclude", "hikvision", "MAC OUI 44:47:CC registered to Hangzhou Hikvision; physical-security use")),
        C("ngi-monitor", "NG-2 indoor monitor", manufacturer=NORTHGATE, mac="c0-56-e3-12-ab-4f",
          exp=("review", "hikvision", "MAC OUI registered to Hangzhou Hikvision; purpose not given")),
        C("ngi-lock", "electric strike lock", manufacturer=org("ASSA ABLOY AB", country="SE")),
        C("ngi-psu", "24V DIN-rail supply", manufacturer=org("Phoenix Contact GmbH & Co. KG", country="DE")),
        C("ngi-app", "NG Connect mobile app", type="application", version="3.2.0", publisher="Northgate Access Systems Ltd.",
          parts=[C("ngi-app-sdk", "device network SDK for Android", type="library", version="6.1.9",
                   purl="pkg:github/hikvision/hcnetsdk-android@6.1.9",
                   exp=("review", "hikvision", "Hikvision-published SDK (purl namespace): not equipment, review"))]),
    ]))

# 4. A thermal survey kit for substations: HIKMICRO (Hikvision brand) camera used for maintenance.
product("substation-thermal-survey-kit", C(
    "tsk", "Substation thermal survey kit", manufacturer=org("Kestrel Grid Services Pty Ltd", country="AU"), parts=[
        C("tsk-cam", "HIKMICRO Pocket2 thermal camera", manufacturer=org("HIKMICRO", "https://www.hikmicrotech.com", "CN"),
          purpose="electrical-maintenance",
          exp=("review", "hikvision", "HIKMICRO is a Hikvision brand; use is electrical maintenance (not covered)")),
        C("tsk-analyzer", "HIKMICRO Analyzer", type="application", version="1.5.0",
          publisher="Hangzhou Microimage Software Co., Ltd.",
          exp=("review", "hikvision", "HIKMICRO (Hangzhou Microimage Software) software: Hikvision brand, review")),
        C("tsk-meter", "376 FC clamp meter", manufacturer=org("Fluke Corporation", country="US")),
        C("tsk-tablet", "Toughbook G2 tablet", manufacturer=org("Panasonic Connect Co., Ltd.", country="JP")),
    ]))

# 5. A harbour dispatch radio system: Hytera and its subsidiaries for public safety, one Hytera
#    radio for facilities work, and a look-alike console maker.
product("harbor-dispatch-radio-system", C(
    "hdr", "Harbour police dispatch radio system", manufacturer=org("Portside Communications LLC", country="US"),
    purpose="public-safety", parts=[
        C("hdr-repeater", "HR1065 DMR repeater", manufacturer=org("海能达通信股份有限公司", country="CN"),
          purpose="public-safety", exp=("exclude", "hytera", "Hytera (maker in Chinese) equipment for public safety")),
        C("hdr-stp", "STP9200 TETRA handheld", manufacturer=org("Sepura Limited", country="GB"), purpose="public-safety",
          exp=("exclude", "hytera", "Sepura is a Hytera subsidiary; public-safety use")),
        C("hdr-satcom", "Rover Lite satellite terminal", manufacturer=org("Norsat International Inc.", country="CA"),
          purpose="public-safety", exp=("exclude", "hytera", "Norsat is a Hytera subsidiary; public-safety use")),
        C("hdr-facilities", "PD405 handheld for the maintenance crew",
          manufacturer=org("Hytera Communications Corporation Limited", country="CN"), purpose="facilities-maintenance",
          exp=("review", "hytera", "Hytera equipment for facilities maintenance (not a covered purpose)")),
        C("hdr-console", "DCS-6 dispatch console", manufacturer=org("Teltronics Inc.", country="US"),
          exp=("allow", "none", "Teltronics Inc. is not Teltronic (Hytera); look-alike")),
        C("hdr-antenna", "VHF base antenna", manufacturer=org("PCTEL, Inc.", country="US")),
    ]))

# 6. A field tablet fleet screened at two dates: Honor left Huawei on 2020-11-17.
product("field-tablet-fleet", C(
    "ftf", "Survey field tablet fleet", manufacturer=org("Inland Survey Office", country="US"), parts=[
        C("ftf-honor", "Honor Pad 6 LTE tablet", manufacturer=org("Honor", country="CN"),
          exp={"2020-06-01": ("exclude", "huawei", "Honor was a Huawei brand on this date"),
               "2021-06-01": ("allow", "none", "Honor was sold by Huawei on 2020-11-17: not Huawei")}),
        C("ftf-matepad", "MatePad 11 tablet", manufacturer=org("华为终端有限公司", country="CN"),
          exp=("exclude", "huawei", "Huawei Device (maker in Chinese), any use")),
        C("ftf-nubia", "nubia Z20 handset", manufacturer=org("nubia", country="CN"),
          exp=("exclude", "zte", "nubia is a ZTE affiliate")),
        C("ftf-laptop", "ThinkPad T14 Gen 4", manufacturer=org("Lenovo Group Limited", country="HK")),
        C("ftf-watch", "Amazfit GTR 4 smartwatch", manufacturer=org("Anhui Huami Information Technology Co., Ltd.", country="CN"),
          exp=("allow", "none", "Huami (Zepp Health) is not Huawei; look-alike")),
    ]), as_of=["2020-06-01", "2021-06-01"])

# 7. A Lorex home-security kit, inside and outside Dahua's ownership of Lorex; the NVR is known only
#    by its MAC.
LOREX_IN = ("exclude", "dahua", "Lorex was a Dahua subsidiary on this date; physical-security use")
LOREX_OUT = ("review", "dahua", "Lorex sold by Dahua on 2022-11-24: former subsidiary / OEM lineage")
product("lorex-home-security-kit", C(
    "lhk", "Lorex 2K wired home security kit", manufacturer=org("Lorex Technology Inc.", country="CA"),
    purpose="physical-security", exp={"2020-09-01": LOREX_IN, "2023-03-01": LOREX_OUT}, parts=[
        C("lhk-cam", "2K bullet camera", manufacturer=org("Lorex Technology Inc.", country="CA"), purpose="physical-security",
          exp={"2020-09-01": LOREX_IN, "2023-03-01": LOREX_OUT}),
        C("lhk-nvr", "8-channel NVR", mac="00:1F:54:6B:20:9C", purpose="physical-security",
          exp={"2020-09-01": LOREX_IN, "2023-03-01": LOREX_OUT}),
        C("lhk-hdd", "WD Purple 2TB", manufacturer=org("Western Digital Corporation", country="US")),
    ]), as_of=["2020-09-01", "2023-03-01"])

# 8. A supermarket checkout lane: look-alikes only.
product("checkout-lane-kit", C(
    "cko", "Checkout lane CL-3", manufacturer=org("Brightcart Retail Systems Inc.", country="US"), parts=[
        C("cko-scale", "price-computing scale", manufacturer=org("Shanghai Dahua Scale Factory", country="CN"),
          mac="40:2C:76:1A:00:3C", exp=("allow", "none", "Shanghai Dahua Scale Factory is not Dahua Technology")),
        C("cko-display", "customer display 15in", manufacturer=org("Hisense Visual Technology Co., Ltd.", country="CN"),
          exp=("allow", "none", "Hisense is not a designated maker (look-alike)")),
        C("cko-scanner", "Voyager 1470g scanner", manufacturer=org("Honeywell International Inc.", country="US"),
          exp=("allow", "none", "Honeywell's own scanner, not the relabelled security-camera line")),
        C("cko-printer", "TM-T88VII receipt printer", manufacturer=org("Seiko Epson Corporation", country="JP")),
        C("cko-pay", "Lane/3600 payment terminal", manufacturer=org("Ingenico SAS", country="FR")),
    ]))

# 9. A transit kiosk disk image (software only, structure in the dependency graph): Kaspersky
#    endpoint software, publisher in Cyrillic or a CPE only; a Huawei Cloud SDK by authors only.
product("transit-kiosk-image", C(
    "tki", "Transit ticket kiosk image", type="operating-system", version="2026.3",
    manufacturer=org("Metro Fare Systems GmbH", country="DE"), deps_only=True, parts=[
        C("tki-debian", "Debian GNU/Linux", type="operating-system", version="12.8", publisher="Debian",
          purl="pkg:generic/debian@12.8"),
        C("tki-kesl", "KESL (Endpoint Security для Linux)", type="application", version="12.1.0.1297",
          publisher="АО «Лаборатория Касперского»",
          exp=("exclude", "kaspersky", "Kaspersky product (publisher in Cyrillic)")),
        C("tki-agent", "network agent", type="application", version="15.1.0.20748",
          cpe="cpe:2.3:a:kaspersky:security_center_network_agent:15.1.0.20748:*:*:*:*:linux:*:*",
          exp=("exclude", "kaspersky", "CPE vendor kaspersky: Kaspersky product")),
        C("tki-app", "kiosk-app", type="application", version="5.0.2", publisher="Metro Fare Systems GmbH",
          deps_only=True, parts=[
              C("tki-flask", "flask", type="library", version="3.0.3", purl="pkg:pypi/flask@3.0.3",
                authors=["Pallets"]),
              C("tki-obs", "esdk-obs-python", type="library", version="3.24.6", purl="pkg:pypi/esdk-obs-python@3.24.6",
                authors=["HuaweiCloud_SDK"], exp=("review", "huawei", HUAWEI_SW)),
              C("tki-npm-core", "@huaweicloud/huaweicloud-sdk-core", type="library", version="3.1.80",
                purl="pkg:npm/%40huaweicloud/huaweicloud-sdk-core@3.1.80", exp=("review", "huawei", HUAWEI_SW)),
              C("tki-reportlab", "reportlab", type="library", version="4.2.0", purl="pkg:pypi/reportlab@4.2.0",
                authors=["Andy Robinson, Robin Becker"]),
          ]),
        C("tki-chromium", "chromium", type="application", version="131.0", publisher="The Chromium Authors"),
    ]))

# 10. An Android field-inspection app: Huawei services by maven group only or by purl; an EZVIZ SDK;
#     a Huami library (look-alike).
product("field-inspection-android-app", C(
    "fia", "Field Inspection for Android", type="application", version="7.3.0",
    manufacturer=org("Coastline Utilities Software AS", country="NO"), parts=[
        C("fia-push", "push", type="library", group="com.huawei.hms", version="6.12.0.300",
          exp=("review", "huawei", HUAWEI_SW + " (maven group only)")),
        C("fia-agc", "agconnect-core", type="library", version="1.9.1.301",
          purl="pkg:maven/com.huawei.agconnect/agconnect-core@1.9.1.301", exp=("review", "huawei", HUAWEI_SW)),
        C("fia-ezviz", "ezviz-sdk", type="library", version="5.2.1", publisher="EZVIZ",
          purl="pkg:maven/com.ezviz.sdk/ezviz-sdk@5.2.1",
          exp=("review", "hikvision", "EZVIZ (Hikvision subsidiary) SDK: software, no covered purpose")),
        C("fia-huami", "wearable-bridge", type="library", version="2.0.0", group="com.huami.watch",
          publisher="Anhui Huami Information Technology Co., Ltd.",
          exp=("allow", "none", "Huami is not Huawei; look-alike")),
        C("fia-okhttp", "okhttp", type="library", group="com.squareup.okhttp3", version="4.12.0",
          purl="pkg:maven/com.squareup.okhttp3/okhttp@4.12.0"),
        C("fia-room", "room-runtime", type="library", group="androidx.room", version="2.6.1",
          purl="pkg:maven/androidx.room/room-runtime@2.6.1"),
    ]))

# 11. A regional fibre access node: ONTs known only by the maker's web address, an OLT supplied
#     by Huawei's Japanese arm (katakana), optics from a Hisense look-alike.
product("regional-fibre-access-node", C(
    "rfa", "Regional fibre access node", manufacturer=org("Hokuriku Cable Vision Co., Ltd.", country="JP"), parts=[
        C("rfa-olt", "MA5800-X7 OLT", supplier=org("ファーウェイ・ジャパン株式会社", country="JP"),
          exp=("exclude", "huawei", "supplied by Huawei Japan (katakana), Huawei telecom equipment"), parts=[
              C("rfa-olt-card", "GPON service board", supplier=org("ファーウェイ・ジャパン株式会社", country="JP"),
                exp=("exclude", "huawei", "supplied by Huawei Japan (katakana), Huawei telecom equipment")),
              C("rfa-olt-sfp", "GPON class C+ optics", manufacturer=org("Hisense Broadband, Inc.", country="CN"),
                exp=("allow", "none", "Hisense Broadband is not a designated maker (look-alike)")),
          ]),
        C("rfa-ont", "F670L ONT", manufacturer=org(url="https://www.zte.com.cn"),
          exp=("exclude", "zte", "maker known only by its web address zte.com.cn: ZTE telecom equipment")),
        C("rfa-ups", "Smart-UPS 1500", manufacturer=org("Schneider Electric SE", country="FR")),
    ]))

# 12. A campus switch refresh: optics supplied (no manufacturer given) by Huawei; the rest clean.
product("campus-switch-refresh", C(
    "csr", "Campus access switch refresh", manufacturer=org("Juniper Networks, Inc.", country="US"), parts=[
        C("csr-ex", "EX4400-48P switch", manufacturer=org("Juniper Networks, Inc.", "https://www.juniper.net", "US"),
          mac="94:F7:AD:10:22:01", parts=[
              C("csr-ex-os", "Junos OS", type="operating-system", version="23.4R1",
                cpe="cpe:2.3:o:juniper:junos:23.4:r1:*:*:*:*:*:*"),
              C("csr-ex-sfp", "10GBASE-LR SFP+", supplier=org("Huawei Technologies Co., Ltd.", country="CN"),
                exp=("exclude", "huawei", "supplied by Huawei, no other maker given: Huawei telecom equipment")),
          ]),
        C("csr-radius", "RADIUS appliance 1U", manufacturer=org("ZT Group International, Inc.", country="US"),
          exp=("allow", "none", "ZT Systems (ZT Group) is not ZTE; look-alike")),
        C("csr-dac", "25G DAC cable 3m", manufacturer=org("FS.COM Limited", country="HK")),
        C("csr-psu", "JPSU-1600W-AC", manufacturer=org("Delta Electronics, Inc.", country="TW")),
    ]))

# 13. A farm IoT gateway: makers not stated (N/A, none at all, a randomised MAC only) and an Imou
#     camera for livestock monitoring.
product("farm-iot-gateway", C(
    "fig", "AgriLink G3 gateway", manufacturer=org("Prairie Sensing Inc.", country="CA"), parts=[
        C("fig-board", "G3 carrier board", manufacturer=org("Prairie Sensing Inc.", country="CA"), parts=[
            C("fig-lte", "Cat-M1 modem", manufacturer=org("N/A"),
              exp=("unknown", "none", "manufacturer stated as N/A")),
            C("fig-lora", "LoRa concentrator", exp=("unknown", "none", "no manufacturer, supplier or identifier given")),
            C("fig-ble", "BLE radio", mac="02:1A:7F:33:0C:91",
              exp=("unknown", "none", "only a locally administered (random) MAC: no evidence")),
            C("fig-mcu", "STM32U5 MCU", manufacturer=org("STMicroelectronics N.V.", country="CH")),
        ]),
        C("fig-cam", "Imou Bullet 2E camera", manufacturer=org("Imou", country="CN"), purpose="livestock-monitoring",
          exp=("review", "dahua", "Imou is a Dahua subsidiary's brand; use is livestock monitoring (not covered)")),
        C("fig-solar", "solar charge controller", manufacturer=org("Victron Energy B.V.", country="NL")),
    ]))

# 14. A municipal ANPR pole: Hikvision maker in Chinese, a Dahua camera by CPE only, and an IR
#     illuminator supplied by Hikvision (no manufacturer).
product("municipal-anpr-pole", C(
    "anpr", "ANPR pole P-2", manufacturer=org("Civic Roadside Systems Ltd.", country="GB"), purpose="public-safety",
    parts=[
        C("anpr-cam", "iDS-TCM403 ANPR camera", manufacturer=org("海康威视", country="CN"), purpose="public-safety",
          exp=("exclude", "hikvision", "Hikvision (maker in Chinese) camera for public safety")),
        C("anpr-ctx", "context camera", cpe="cpe:2.3:h:dahua:ipc-hfw5442e-ze:-:*:*:*:*:*:*:*",
          purpose="physical-security", exp=("exclude", "dahua", "CPE vendor dahua; physical-security use")),
        C("anpr-ir", "850nm IR illuminator", supplier=org("Hangzhou Hikvision Digital Technology Co., Ltd.", country="CN"),
          purpose="public-safety", exp=("exclude", "hikvision", "supplied by Hikvision, public-safety use")),
        C("anpr-pc", "Edge Gateway 5200", manufacturer=org("Dell Technologies Inc.", country="US")),
        C("anpr-sw", "AutoVu SharpV analytics", type="application", version="13.2", publisher="Genetec Inc."),
    ]))


def main() -> None:
    rows: list[list[str]] = []
    for stem, root, runs in PRODUCTS:
        name = stem + ".cdx.json"
        doc = bom(root, root.parts, "hand-written product for the supplyscreen bom-extra benchmark")
        (HERE / name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for as_of in runs:
            top = rolled(root, as_of)
            rows.append([name, "*", as_of, top[0], top[1], "whole product: most severe item"])
            for c in root.walk():
                d, g, note = rolled(c, as_of)
                rows.append([name, c.ref, as_of, d, g, note])
    with (HERE / "expected.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "ref", "as_of", "expected_decision", "expected_group", "note"])
        w.writerows(rows)
    print(f"{len(PRODUCTS)} products, {len(rows)} expected rows")


if __name__ == "__main__":
    main()
