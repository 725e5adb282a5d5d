#!/usr/bin/env python3
"""Write a large synthetic device inventory for speed and memory benchmarks.

    python make_inventory.py [N] [OUT.csv] [--seed S] [--ieee DIR] [--truth TRUTH.csv]

N rows (default 1,000,000) in the inventory shape of the benchmark sets
(asset_id,hostname,site,role,vendor,model,mac,sys_object_id,sys_descr), deterministic for a
given seed. Vendors, models and MAC prefixes come from a few thousand distinct real IEEE
registrants with a Zipf-like repetition (a few makers dominate, a long tail appears rarely);
about 3% of rows are equipment of designated makers (Huawei, Huawei Device, ZTE, Hikvision,
EZVIZ, Dahua, Hytera) identified by a real OUI, IANA enterprise number, vendor spelling or model.
The rest are other makers, with randomised MACs, malformed MACs, blank vendors and empty rows
mixed in, in every common MAC notation. Standard library only.

--ieee defaults to ../shared/data/ieee-registries (right when run from the project root); when
that folder is absent, the registries are looked up relative to this script instead.
--truth writes asset_id,expected_group (designated group or none) for recall checks at scale.
"""
# ruff: noqa: B905, SIM115
# Copied unchanged from ../shared/benchmarks/make_inventory.py (the shared benchmark set, written for
# this project) so the speed benchmark runs without ../shared; the IEEE registries it reads are
# looked up in ../shared/data/ieee-registries or passed with --ieee.
from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import pathlib
import random
import re
import sys
import time

FIELDS = ["asset_id", "hostname", "site", "role", "vendor", "model", "mac", "sys_object_id", "sys_descr"]
DESIGNATED_SHARE = 0.03
N_CLEAN_VENDORS = 3000   # "a few thousand distinct" makers in the long tail
ZIPF_S = 1.1             # rank-frequency exponent typical of fleet inventories (few dominant vendors)

# group, registrant regex, vendor spellings, IANA PEN, [(model, role, sysDescr)]
DESIGNATED = [
    ("huawei", r"^huawei technologies co", ["Huawei", "HUAWEI", "Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO.,LTD", "华为", ""],
     2011, [("S5720-28X-SI-AC", "access-switch", "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (S5720 V200R019C10SPC500)"),
            ("S5735-L48T4X-A1", "access-switch", "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (S5735 V200R022C00SPC500)"),
            ("AR6120", "wan-router", "Huawei AR6120 VRP (R) software, Version 5.170 (AR6120 V300R021C10SPC100)"),
            ("CE6881-48S6CQ", "datacenter-switch", "Huawei Versatile Routing Platform Software VRP (R) software, Version 8.191 (CE6881 V300R021C00SPC100)"),
            ("AirEngine 5761-11", "wifi-ap", "Huawei AirEngine5761-11 V200R022C00SPC100"),
            ("OptiXstar HG8245X6", "ont", "")]),
    ("huawei", r"^huawei device co", ["HUAWEI", "Huawei Device Co., Ltd.", ""], None,
     [("P60 Pro", "mobile-phone", ""), ("MatePad 11", "tablet", ""), ("E5576-320", "mobile-hotspot", "")]),
    ("zte", r"^zte corporation$", ["ZTE", "ZTE Corporation", "ZTE Corp.", "中兴通讯", ""], 3902,
     [("ZXA10 C600", "olt", "ZXA10 C600, ZTE ZXA10 Software Version: V1.2.2"),
      ("ZXR10 5960-56QU-HI", "core-switch", "ZXR10 ROS Version V5.00.10 ZXR10 5960-56QU-HI Software"),
      ("ZXHN F670L", "ont", ""), ("MF286D", "lte-router", "")]),
    ("hikvision", r"^hangzhou hikvision", ["Hikvision", "HIKVISION", "Hangzhou Hikvision Digital Technology Co., Ltd.", "海康威视", ""],
     39165, [("DS-2CD2143G2-I", "cctv-camera", "Hikvision Network Camera DS-2CD2143G2-I V5.7.3"),
             ("DS-2CD2387G2-LU", "cctv-camera", "Hikvision Network Camera DS-2CD2387G2-LU V5.7.15"),
             ("DS-7608NI-K2/8P", "nvr", "Hikvision NVR DS-7608NI-K2/8P V4.61.010"),
             ("DS-K1T671M", "access-control", "")]),
    ("hikvision", r"^hangzhou ezviz", ["EZVIZ", ""], None, [("C6N", "cctv-camera", ""), ("C3TN", "cctv-camera", "")]),
    ("dahua", r"^zhejiang dahua technology", ["Dahua", "DAHUA", "Dahua Technology", "大华", ""], 37496,
     [("IPC-HFW2431S-S-S2", "cctv-camera", "Dahua IPC-HFW2431S-S-S2 V2.800.0000000.25.R"),
      ("IPC-HDBW2831E-S-S2", "cctv-camera", ""), ("NVR4216-16P-4KS2", "nvr", "Dahua NVR4216-16P-4KS2 V4.001"),
      ("VTO2202F-P", "intercom", "")]),
    ("hytera", r"^hytera communications", ["Hytera", "HYTERA", ""], 40297,
     [("RD985S", "public-safety-repeater", "Hytera RD985S DMR Repeater A9.05.07.004"), ("HR1065", "public-safety-repeater", "")]),
]
DESIGNATED_WEIGHTS = [30, 10, 15, 20, 3, 18, 4]   # share of the 3% per family

# well-known makers that dominate real fleets: registrant regex, spellings, PEN, models
HEAD = [
    (r"^cisco systems", ["Cisco", "Cisco Systems", "Cisco Systems, Inc."], 9,
     [("C9300-48P", "access-switch", "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a"),
      ("C9200L-24P-4G", "access-switch", "Cisco IOS Software, Catalyst L3 Switch Software (CAT9K_LITE_IOSXE), Version 17.9.3"),
      ("ISR4331/K9", "wan-router", "Cisco IOS Software [Bengaluru], ISR Software, Version 17.6.5"),
      ("C9120AXI-B", "wifi-ap", "Cisco AP Software, C9120 Software, Version 17.9.4.27"), ("CP-8845", "desk-phone", "")]),
    (r"^apple, inc", ["Apple", "Apple Inc."], None,
     [("iPhone 14", "mobile-phone", ""), ("iPhone 15", "mobile-phone", ""), ("MacBook Air 13", "laptop", ""), ("iPad Air", "tablet", "")]),
    (r"^dell inc", ["Dell", "Dell Inc.", "DELL"], 674,
     [("OptiPlex 7010", "desktop", ""), ("Latitude 5440", "laptop", ""), ("PowerEdge R750", "server", "Dell iDRAC9 7.00.30.00")]),
    (r"^intel corporate", ["", "Intel"], None, [("", "laptop", ""), ("", "desktop", "")]),
    (r"^samsung electronics co", ["Samsung", "Samsung Electronics"], None, [("Galaxy S23", "mobile-phone", ""), ("Galaxy Tab S9", "tablet", "")]),
    (r"^hewlett packard enterprise|^aruba, a hewlett", ["HPE", "Aruba", "HPE Aruba"], 14823,
     [("AP-515", "wifi-ap", "ArubaOS (MODEL: 515), Version 8.10.0.9"), ("6300M JL658A", "access-switch", "Aruba JL658A 6300M FL.10.11.1010")]),
    (r"^juniper networks", ["Juniper", "Juniper Networks"], 2636,
     [("EX4300-48T", "access-switch", "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 21.4R3-S5"),
      ("SRX345", "firewall", "Juniper Networks, Inc. srx345 internet router, kernel JUNOS 22.4R2")]),
    (r"^hp inc", ["HP", "HP Inc."], 11, [("LaserJet Pro M404dn", "printer", "HP ETHERNET MULTI-ENVIRONMENT,JETDIRECT,JD153")]),
    (r"^axis communications", ["Axis", "AXIS"], 368, [("P3265-LVE", "cctv-camera", "AXIS P3265-LVE Dome Camera 11.8.61")]),
    (r"^vmware", ["VMware", ""], 6876, [("VMware Virtual Platform", "virtual-server", "VMware ESXi 8.0.2 build-22380479")]),
    (r"^fortinet", ["Fortinet"], 12356, [("FortiGate-100F", "firewall", "FortiGate-100F v7.2.8,build1639")]),
    (r"^nokia$", ["Nokia"], 6527, [("7750 SR-1", "pe-router", "TiMOS-C-23.10.R1 Nokia 7750 SR")]),
    (r"^ericsson ab", ["Ericsson"], 193, [("Router 6675", "mobile-backhaul", "Ericsson IPOS-23.2.1.0 Router 6675")]),
]
HEAD_WEIGHTS = [20, 18, 15, 12, 8, 8, 4, 5, 3, 3, 2, 1, 1]   # Cisco, Apple, Dell ... dominate, as in real fleets
HEAD_SHARE = 0.55        # share of clean rows from the dominant makers above
ROLES_TAIL = ["iot-sensor", "printer", "desktop", "laptop", "building-automation", "ups", "wifi-ap", "access-switch",
              "media-player", "badge-reader", "hvac-controller", "lab-instrument", "kiosk-pc", "", "voip-phone"]
LEGAL = re.compile(r"[,.]?\s*(co\.?,?\s*ltd\.?|inc\.?|corporation|corp\.?|gmbh|ltd\.?|llc|limited|s\.?a\.?|ag|b\.?v\.?|oy|ab)\s*$", re.I)


def locate_ieee(arg: str | None) -> pathlib.Path:
    here = pathlib.Path(__file__).resolve().parent
    candidates = [pathlib.Path(arg)] if arg else [
        pathlib.Path("../shared/data/ieee-registries"),          # run from the project root
        here / "../data/ieee-registries",                         # shared/benchmarks/make_inventory.py
        here / "../../shared/data/ieee-registries",               # eval/perf/make_inventory.py
    ]
    for c in candidates:
        if (c / "oui.csv").is_file():
            return c
    sys.exit(f"make_inventory: IEEE registries (oui.csv) not found in {', '.join(map(str, candidates))}; pass --ieee DIR")


def load_registry(path: pathlib.Path) -> dict[str, str]:
    reg: dict[str, str] = {}
    for name in ("oui.csv", "mam.csv", "oui36.csv"):
        f = path / name
        if not f.is_file():
            continue
        with open(f, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                org = r["Organization Name"].strip()
                if org and org.lower() != "private":
                    reg[r["Assignment"].strip().upper()] = org
    return reg


def mac_text(hexd: str, style: int) -> str:
    if style == 0:
        return ":".join(hexd[i:i + 2] for i in range(0, 12, 2)).lower()
    if style == 1:
        return ":".join(hexd[i:i + 2] for i in range(0, 12, 2))
    if style == 2:
        return "-".join(hexd[i:i + 2] for i in range(0, 12, 2))
    if style == 3:
        return ".".join(hexd[i:i + 4] for i in range(0, 12, 4)).lower()
    return hexd if style == 4 else hexd.lower()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1_000_000, help="rows to write (default 1,000,000)")
    ap.add_argument("out", nargs="?", default="inventory-1m.csv", help="output CSV path")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ieee", help="folder with oui.csv, mam.csv, oui36.csv")
    ap.add_argument("--truth", help="also write asset_id,expected_group to this CSV")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    reg = load_registry(locate_ieee(a.ieee))
    rng = random.Random(a.seed)

    by_org: dict[str, list[str]] = {}
    for p, org in reg.items():
        by_org.setdefault(org, []).append(p)

    def prefixes(rx: str) -> list[str]:
        r = re.compile(rx, re.I)
        return sorted(p for org, ps in by_org.items() if r.search(org) for p in ps)

    designated = []
    for group, rx, vendors, pen, models in DESIGNATED:
        ps = prefixes(rx)
        if not ps:
            sys.exit(f"make_inventory: no IEEE prefix matches {rx!r}; is --ieee right?")
        designated.append((group, ps, vendors, pen, models))
    head, hweights = [], []
    for (rx, vendors, pen, models), wgt in zip(HEAD, HEAD_WEIGHTS):
        ps = prefixes(rx)
        if ps:
            head.append((ps, vendors, pen, models))
            hweights.append(wgt)
    hcum = list(itertools.accumulate(hweights))

    designated_rx = re.compile(r"huawei|zte corporation|hikvision|ezviz|dahua technology|hytera|huacheng|sepura|teltronic s|norsat|nubia|lorex tech|honor device", re.I)
    head_rx = re.compile("|".join(rx for rx, *_ in HEAD), re.I)
    tail_orgs = sorted(o for o in by_org if not designated_rx.search(o) and not head_rx.search(o))
    tail_orgs = rng.sample(tail_orgs, min(N_CLEAN_VENDORS, len(tail_orgs)))
    tail = []
    for org in tail_orgs:
        short = LEGAL.sub("", org).strip(" ,.") or org
        spellings = [org, short, short.upper()]
        stem = re.sub(r"[^A-Z0-9]", "", short.upper())[:3] or "DEV"
        models = [f"{stem}-{rng.randint(100, 9999)}{rng.choice(['', 'A', 'X', 'Pro', '-E'])}" for _ in range(rng.randint(1, 4))]
        tail.append((sorted(by_org[org])[:8], spellings, models))
    cum = list(itertools.accumulate(1.0 / (i + 1) ** ZIPF_S for i in range(len(tail))))
    dcum = list(itertools.accumulate(DESIGNATED_WEIGHTS))
    sites = [f"{rng.choice(['Field Office', 'Depot', 'Campus', 'Clinic', 'Station', 'Annex', 'DC'])} {i:03d}" for i in range(250)]

    out = open(a.out, "w", newline="", encoding="utf-8")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FIELDS)
    truth_w = None
    if a.truth:
        truth_f = open(a.truth, "w", newline="", encoding="utf-8")
        truth_w = csv.writer(truth_f, lineterminator="\n")
        truth_w.writerow(["asset_id", "expected_group"])
    rnd, choice, randint = rng.random, rng.choice, rng.randint
    hexdigits = "0123456789ABCDEF"
    n_des = 0
    for i in range(1, a.n + 1):
        aid = f"A{i:08d}"
        if rnd() < 0.001:                         # a row of empty fields
            w.writerow([aid, "", "", "", "", "", "", "", ""])
            if truth_w:
                truth_w.writerow([aid, "none"])
            continue
        x = rnd()
        group = "none"
        soid = descr = ""
        if x < DESIGNATED_SHARE:
            k = bisect.bisect_right(dcum, rnd() * dcum[-1])
            group, ps, vendors, pen, models = designated[k]
            model, role, descr = choice(models)
            vendor = choice(vendors)
            prefix = choice(ps)
            if pen and rnd() < 0.6:
                soid = f"1.3.6.1.4.1.{pen}.{randint(1, 300)}.{randint(1, 50)}"
            if rnd() < 0.5:
                descr = ""
            n_des += 1
        elif x < DESIGNATED_SHARE + (1 - DESIGNATED_SHARE) * HEAD_SHARE:
            ps, vendors, pen, models = head[bisect.bisect_right(hcum, rnd() * hcum[-1])]
            model, role, descr = choice(models)
            vendor = choice(vendors)
            prefix = choice(ps)
            if pen and rnd() < 0.7:
                soid = f"1.3.6.1.4.1.{pen}.1.{randint(1, 3000)}"
        else:
            ps, spellings, models = tail[bisect.bisect_right(cum, rnd() * cum[-1])]
            vendor, model, role = choice(spellings), choice(models), choice(ROLES_TAIL)
            prefix = choice(ps)
            if rnd() < 0.15:
                soid, descr = "1.3.6.1.4.1.8072.3.2.10", f"Linux {model.lower()} 5.10.{randint(0, 200)} armv7l"
        hexd = prefix + "".join(choice(hexdigits) for _ in range(12 - len(prefix)))
        y = rnd()
        if y < 0.012 and group == "none":       # randomised (locally administered) MAC
            hexd = f"{(int(hexd[:2], 16) | 2) & 0xFE:02X}" + hexd[2:]
        mac = mac_text(hexd, randint(0, 5))
        if y > 0.997 and group == "none":        # malformed or missing MAC (designated rows stay recognisable)
            mac = choice([mac[:-3], mac + ":7F", "N/A", "", mac.replace(mac[4], "Z", 1)])
        if group == "none" and rnd() < 0.05:
            vendor = ""
        host = f"{(role or 'dev')}-{randint(1, 9999):04d}"
        w.writerow([aid, host, choice(sites), role, vendor, model, mac, soid, descr])
        if truth_w:
            truth_w.writerow([aid, group])
    out.close()
    if truth_w:
        truth_f.close()
    print(f"make_inventory: wrote {a.n:,} rows ({n_des:,} designated, {n_des / max(a.n, 1):.1%}) to {a.out} "
          f"from {len(tail) + len(head) + len(designated):,} makers in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
