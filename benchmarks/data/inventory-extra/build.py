"""Write inventory-extra/inventory.csv and expected.csv from hand-written row specifications.

Each row below was written by hand with its expected answer (rules: ../shared/benchmarks/README.md,
"Device inventory"). Only the random parts are drawn here, with a fixed seed: the MAC tail behind a
real IEEE block of the named registrant, the site and the hostname number. Run from the project root:

    python3 benchmarks/data/inventory-extra/build.py [--ieee ../shared/data/ieee-registries]
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import random
import re

HERE = pathlib.Path(__file__).resolve().parent
SITES = ["City Hall", "Transit Depot 4", "Harbor Ops", "Courthouse", "EOC", "Library Central",
         "Airport Terminal B", "Substation 12", "District Office", "Parks Yard", "Jail Annex",
         "Pump Station 7"]

# Row: role, vendor, model, mac, sys_object_id, sys_descr, group, decision, evidence[, hostname]
# mac: "org:REGEX:NOTATION" (a block of that registrant), "blk:HEX:NOTATION" (that block),
#      "la:NOTATION" (locally administered), "=TEXT" (literal), "" (blank)
ROWS: list[tuple] = [
    # --- Huawei Technologies, by OUI, any purpose ------------------------------------------
    ("access-switch", "Huawei Technologies Co Ltd", "S5735-L48T4X-A1", "org:^HUAWEI TECHNOLOGIES:colon",
     "1.3.6.1.4.1.2011.2.23.580", "", "huawei", "exclude", "vendor, OUI, sysObjectID root 2011"),
    ("branch-router", "HUAWEI TECH CO LTD", "AR6140-16G4XG", "org:^HUAWEI TECHNOLOGIES:huawei", "", "",
     "huawei", "exclude", "vendor spelling; OUI in Huawei's xxxx-xxxx-xxxx notation"),
    ("pe-router", "华为技术有限公司", "NE40E-X8A", "org:^HUAWEI TECHNOLOGIES:hyph", "", "",
     "huawei", "exclude", "vendor in simplified Chinese; OUI"),
    ("datacenter-switch", "華為技術有限公司", "CE6857-48S6CQ-EI", "", "", "", "huawei", "exclude",
     "vendor in traditional Chinese (no identifier)"),
    ("firewall", "ファーウェイ", "USG6555E", "org:^HUAWEI TECHNOLOGIES:bare", "", "", "huawei", "exclude",
     "vendor in katakana; OUI"),
    ("wifi-ap", "화웨이", "AirEngine 6760-X1", "", "", "", "huawei", "exclude", "vendor in Korean"),
    ("storage", "Хуавэй", "OceanStor 5310", "la:colon", "", "", "huawei", "exclude",
     "vendor in Russian; MAC randomised"),
    ("olt", "", "MA5800-X7", "org:^HUAWEI TECHNOLOGIES:dot", "", "", "huawei", "exclude", "OUI only"),
    ("ont", "", "", "org:^HUAWEI TECHNOLOGIES:barel", "", "", "huawei", "exclude", "OUI only"),
    ("ran-baseband", "", "", "org:^HUAWEI TECHNOLOGIES:COLON", "", "", "huawei", "exclude", "OUI only"),
    ("transport", "Huawei", "OptiX OSN 1800 V", "org:^HUAWEI TECHNOLOGIES:hypl", "", "", "huawei", "exclude",
     "vendor, OUI"),
    ("desk-phone", "HUAWEI", "eSpace 7950", "org:^HUAWEI TECHNOLOGIES:colon", "", "", "huawei", "exclude",
     "vendor, OUI (Huawei equipment whatever the use)"),
    ("conference-display", "Huawei", "IdeaHub S2 65", "org:^HUAWEI TECHNOLOGIES:bare", "", "", "huawei",
     "exclude", "vendor, OUI (Huawei equipment whatever the use)"),
    ("lte-router", "Vodafone", "GigaCube B818-263", "org:^HUAWEI TECHNOLOGIES:colon", "", "", "huawei",
     "exclude", "carrier-branded: vendor Vodafone but OUI registered to Huawei"),
    ("mobile-hotspot", "EE", "4GEE WiFi Mini E5785", "org:^HUAWEI TECHNOLOGIES:hyph", "", "", "huawei",
     "exclude", "carrier-branded: vendor EE but OUI registered to Huawei"),
    ("access-switch", "SHI International", "S5735-S24T4X", "org:^HUAWEI TECHNOLOGIES:dot", "", "", "huawei",
     "exclude", "reseller in vendor column; OUI registered to Huawei"),
    ("core-switch", "Insight Public Sector", "CloudEngine S12708", "org:^HUAWEI TECHNOLOGIES:bare",
     "1.3.6.1.4.1.2011.2.23.458", "", "huawei", "exclude", "reseller; OUI and sysObjectID Huawei"),
    ("wifi-ap", "", "", "blk:64F81C:colon", "", "", "huawei", "exclude",
     "OUI 64F81C Huawei Technologies Co., Ltd. (other spelling of the registrant)"),
    ("access-switch", "", "", "la:bare", ".1.3.6.1.4.1.2011.2.23.470", "", "huawei", "exclude",
     "sysObjectID enterprise 2011 with a leading dot; MAC randomised"),
    ("aggregation-switch", "", "", "=N/A", "iso.3.6.1.4.1.2011.2.23.512", "", "huawei", "exclude",
     "sysObjectID enterprise 2011 (iso. notation); MAC missing"),
    ("wan-router", "", "", "", "SNMPv2-SMI::enterprises.2011.2.224.279", "", "huawei", "exclude",
     "sysObjectID enterprise 2011 (MIB notation)"),
    ("ran-radio", "", "", "", "", "Huawei Technologies Co., Ltd. RRU5502 V100R019C10", "huawei", "exclude",
     "sysDescr names Huawei"),
    ("core-router", "", "", "", "",
     "Huawei Versatile Routing Platform Software VRP (R) software,Version 8.210 (NE8000 M8 V800R022C00SPC600)",
     "huawei", "exclude", "sysDescr: Huawei VRP"),
    ("security-gateway", "", "", "la:colon", "",
     "HUAWEI USG6620E, Huawei Versatile Security Platform Software V600R007C20", "huawei", "exclude",
     "sysDescr names Huawei; MAC randomised"),
    ("access-switch", "", "S6730-H24X6C", "", "", "", "huawei", "review",
     "model number of a Huawei S series switch only (no maker name, no identifier)"),
    ("branch-router", "", "AR6121E-S", "la:dot", "", "", "huawei", "review",
     "Huawei AR model only; MAC randomised"),
    ("olt", "", "MA5608T", "=unknown", "", "", "huawei", "review", "Huawei OLT model only; MAC missing"),
    ("lte-router", "Vodafone", "B535-333", "", "", "", "huawei", "review",
     "carrier brand and a Huawei model number, no identifier"),
    ("datacenter-switch", "", "CE8850-64CQ-EI", "", "", "", "huawei", "review",
     "Huawei CloudEngine model only"),
    ("access-switch", "", "HUAWEI S5720-52X-PWR-SI-AC", "", "", "", "huawei", "exclude",
     "model field names the maker Huawei"),
    ("firewall", "Huawei Symantec", "Secospace USG5120", "org:^Huawei Symantec:colon", "", "", "huawei",
     "exclude", "Huawei Symantec (Huawei joint venture, wholly Huawei since 2012); OUI 0022A1"),
    ("firewall", "", "", "", "1.3.6.1.4.1.34774.1.1", "", "huawei", "exclude",
     "enterprise 34774 Huawei Symantec Technologies"),
    ("lab-test", "HiSilicon", "Hi3516DV300 DEMO board", "la:hyph", "", "", "huawei", "exclude",
     "HiSilicon is a Huawei subsidiary"),
    ("lab-test", "海思半导体", "Hi3519A V100 EVB", "", "", "", "huawei", "exclude",
     "HiSilicon (海思) is a Huawei subsidiary"),
    # Huawei Device
    ("mobile-phone", "Huawei Device Co Ltd", "P60 Pro", "org:^Huawei Device:colon", "", "", "huawei",
     "exclude", "Huawei Device (Huawei subsidiary); OUI"),
    ("laptop", "HUAWEI", "MateBook X Pro", "org:^Huawei Device:hyph", "", "", "huawei", "exclude",
     "vendor, OUI Huawei Device"),
    ("tablet", "", "MatePad 11", "org:^Huawei Device:bare", "", "", "huawei", "exclude", "OUI Huawei Device"),
    ("wearable", "", "", "org:^Huawei Device:dot", "", "", "huawei", "exclude", "OUI Huawei Device only"),
    ("mobile-phone", "", "", "org:^Huawei Device:nozero", "", "", "huawei", "exclude",
     "OUI Huawei Device (octets without leading zeros)"),
    ("mobile-phone", "Honor", "Honor 10", "org:^Huawei Device:colon", "", "", "huawei", "exclude",
     "Honor 10 (2018, made by Huawei): MAC OUI registered to Huawei Device"),
    ("mobile-hotspot", "", "", "org:^Huawei Device:barel", "", "", "huawei", "exclude", "OUI Huawei Device"),
    # Honor after 2020-11-17 is not Huawei
    ("mobile-phone", "Honor", "Magic5 Pro", "org:^Honor Device:colon", "", "", "none", "allow",
     "Honor Device (sold by Huawei 2020-11-17); not designated"),
    ("tablet", "荣耀", "MagicPad 13", "org:^Honor Device:hyph", "", "", "none", "allow",
     "Honor (荣耀) sold by Huawei 2020-11-17"),
    ("laptop", "", "", "org:^Honor Device:bare", "", "", "none", "allow", "OUI Honor Device only"),
    ("mobile-phone", "Honor Device Co., Ltd.", "Honor 90", "la:colon", "", "", "none", "allow",
     "Honor (not Huawei since 2020-11-17); MAC randomised"),
    # Huawei look-alikes
    ("wearable", "", "", "org:^Anhui Huami:colon", "", "", "none", "allow", "OUI Anhui Huami (not Huawei)"),
    ("lobby-display", "Hisense", "65A6K", "org:^Hisense Electric:colon", "", "", "none", "allow",
     "Hisense is not designated"),
    ("ups", "", "", "org:^Emerson Network Power Co.,Ltd:colon", "", "", "none", "allow",
     "OUI Emerson Network Power (address at Huawei Base; not Huawei)"),
    ("dvr", "Raysharp", "RS-DVR8216", "blk:002363:hyph", "", "", "none", "allow",
     "Zhuhai Raysharp (address on Huawei Road; not designated)"),
    ("mobile-phone", "", "", "org:Huaqin:colon", "", "", "none", "allow", "OUI Huaqin (ODM, not Huawei)"),
    ("iot-gateway", "", "", "org:HUAWOO:bare", "", "", "none", "allow", "OUI Beijing Huawoo (not Huawei)"),
    ("test-equipment", "LEADER ELECTRONICS", "LV5600", "", "1.3.6.1.4.1.20111.1.2", "", "none", "allow",
     "enterprise 20111 Leader Electronics (begins with 2011, not Huawei)"),
    ("media-gateway", "", "", "", "1.3.6.1.4.1.20115.3", "", "none", "allow",
     "enterprise 20115 J'raxis (begins with 2011)"),
    ("access-switch", "Cisco", "C9200-24P", "org:^Cisco Systems, Inc$:colon", "1.3.6.1.4.1.9.1.2577", "",
     "none", "allow", "hostname mentions Huawei; the device is Cisco", "huawei-swap-07"),
    ("server", "Dell Inc.", "PowerEdge R650", "org:^Dell Inc:hyph", "", "Linux huawei-mirror 5.15.0-91-generic "
     "#101-Ubuntu SMP x86_64", "none", "allow",
     "net-snmp sysDescr carries the hostname huawei-mirror; the device is Dell", "huawei-mirror"),
    # --- ZTE ---------------------------------------------------------------------------------
    ("core-switch", "ZTE Corporation", "ZXR10 5960-72DL-H", "org:^zte corporation:colon",
     "1.3.6.1.4.1.3902.3.100.5960", "", "zte", "exclude", "vendor, OUI, enterprise 3902"),
    ("olt", "ZTE Corp.", "ZXA10 C650", "org:^zte corporation:hyph", "", "", "zte", "exclude", "vendor, OUI"),
    ("ont", "中兴通讯股份有限公司", "ZXHN F670L", "org:^zte corporation:dot", "", "", "zte", "exclude",
     "vendor in Chinese; OUI"),
    ("lte-router", "中興通訊", "MF289F", "", "", "", "zte", "exclude", "vendor in traditional Chinese"),
    ("mobile-hotspot", "ZTEジャパン", "MU5001", "la:colon", "", "", "zte", "exclude",
     "vendor ZTE Japan; MAC randomised"),
    ("mobile-phone", "", "Axon 40 Ultra", "org:^zte corporation:bare", "", "", "zte", "exclude", "OUI ZTE"),
    ("ran-radio", "", "", "org:^zte corporation:barel", "", "", "zte", "exclude", "OUI ZTE only"),
    ("ran-baseband", "", "", "org:^zte corporation:COLON", "", "", "zte", "exclude", "OUI ZTE only"),
    ("video-conferencing", "ZTE", "ZXV10 ET312", "org:^zte corporation:colon", "", "", "zte", "exclude",
     "ZTE equipment whatever the use"),
    ("access-switch", "Zhongxing Telecom", "ZXR10 2928E", "", "", "", "zte", "exclude",
     "vendor: Zhongxing Telecom (ZTE's full name)"),
    ("legacy-dslam", "", "", "blk:00D0D0:colon", "", "", "zte", "exclude", "OUI 00D0D0 ZHONGXING TELECOM LTD."),
    ("lte-router", "Telstra", "4GX Advanced III MF286", "org:^zte corporation:colon", "", "", "zte",
     "exclude", "carrier-branded: OUI registered to ZTE"),
    ("mobile-hotspot", "T-Mobile", "Sync Up MF971", "org:^zte corporation:hyph", "", "", "zte", "exclude",
     "carrier-branded: OUI registered to ZTE"),
    ("cpe-5g", "", "", "blk:AC64DD5:colon", "", "", "zte", "exclude",
     "MA-M AC64DD5 SHANGHAI ZTE TECHNOLOGIES (ZTE Shanghai, ZTE H Block)"),
    ("pe-router", "", "", "la:bare", "1.3.6.1.4.1.3902.3.6000.2", "", "zte", "exclude",
     "enterprise 3902 ZTE; MAC randomised"),
    ("olt", "", "", "", ".1.3.6.1.4.1.3902.1082.1001.650", "", "zte", "exclude",
     "enterprise 3902 (leading dot)"),
    ("access-switch", "", "", "", "", "ZXR10 ROS Version V4.08.23 ZXR10 5250-52TM-H Copyright (c) 2000-2023 "
     "By ZTE Corporation", "zte", "exclude", "sysDescr names ZTE"),
    ("olt", "", "ZXA10 C620", "", "", "", "zte", "review", "ZTE ZXA10 model only (no maker name, no identifier)"),
    ("core-router", "", "ZXR10 M6000-18S", "la:colon", "", "", "zte", "review",
     "ZTE ZXR10 model only; MAC randomised"),
    ("ont", "", "ZXHN F680", "", "", "", "zte", "review", "ZTE ZXHN model only"),
    ("mobile-phone", "nubia", "Red Magic 8 Pro", "blk:DCF090:colon", "", "", "zte", "exclude",
     "nubia: ZTE still holds 49.9%, an affiliate, which s.889 covers (first written as review: corrected)"),
    # ZTE look-alikes
    ("server", "ZT Systems", "ZT ACX1000", "", "", "", "none", "allow", "ZT Systems is not ZTE"),
    ("iot-gateway", "", "", "org:^ZTRON:colon", "", "", "none", "allow", "OUI ZTRON Technology (not ZTE)"),
    ("media-converter", "", "", "org:Wuxi Zhongxing:hyph", "", "", "none", "allow",
     "OUI Wuxi Zhongxing Optoelectronics (not Zhongxing Telecom)"),
    ("access-switch", "", "", "org:Nanjing Ztlink:colon", "", "", "none", "allow", "OUI Nanjing Ztlink (not ZTE)"),
    ("sensor-gateway", "", "", "org:ZTLX:bare", "", "", "none", "allow", "OUI ZTLX (not ZTE)"),
    ("media-server", "", "", "", "1.3.6.1.4.1.39025.1", "", "none", "allow",
     "enterprise 39025 Velleros (begins with 3902, not ZTE)"),
    ("voip-gateway", "3ZTelecom", "", "", "1.3.6.1.4.1.41962.2", "", "none", "allow",
     "enterprise 41962 3ZTelecom (not ZTE)"),
    ("core-switch", "Juniper Networks", "QFX10002-36Q", "org:^Juniper Networks$:colon",
     "1.3.6.1.4.1.2636.1.1.1.2.83", "", "none", "allow", "hostname mentions ZTE; the device is Juniper",
     "zte-core-replaced"),
    # --- Hikvision -----------------------------------------------------------------------
    ("cctv-camera", "Hikvision", "DS-2CD2387G2-LU", "org:^Hangzhou Hikvision:colon",
     "1.3.6.1.4.1.39165.1.1", "", "hikvision", "exclude", "vendor, OUI; role 'cctv-camera' covered"),
    ("intercom", "HIKVISION", "DS-KV6113-WPE1", "org:^Hangzhou Hikvision:hyph", "", "", "hikvision", "exclude",
     "vendor, OUI; role 'intercom' covered"),
    ("perimeter-security", "海康威视", "DS-2TD2667-35/PY", "org:^Hangzhou Hikvision:bare", "", "", "hikvision",
     "exclude", "vendor in Chinese, OUI; role 'perimeter-security' covered"),
    ("nvr", "海康威視", "DS-7616NXI-K2", "", "", "", "hikvision", "exclude",
     "vendor in traditional Chinese; role 'nvr' covered"),
    ("ptz-camera", "ハイクビジョン", "DS-2DE7A432IW-AEB", "", "", "", "hikvision", "exclude",
     "vendor in katakana; role covered"),
    ("anpr-camera", "하이크비전", "iDS-TCM403-GIR", "la:colon", "", "", "hikvision", "exclude",
     "vendor in Korean; MAC randomised; role covered"),
    ("access-control", "Хиквижн", "DS-K1T341AMF", "", "", "", "hikvision", "exclude",
     "vendor in Russian; role covered"),
    ("cctv-camera", "", "", "org:^Hangzhou Hikvision:dot", "", "", "hikvision", "exclude", "OUI; role covered"),
    ("nvr", "", "", "org:^Hangzhou Hikvision:barel", "", "", "hikvision", "exclude", "OUI; role covered"),
    ("intercom", "", "", "org:^Hangzhou Hikvision:COLON", "", "", "hikvision", "exclude",
     "OUI; role 'intercom' covered"),
    ("perimeter-security", "", "", "org:^Hangzhou Hikvision:hypl", "", "", "hikvision", "exclude",
     "OUI; role 'perimeter-security' covered"),
    ("cctv-camera", "", "", "la:hyph", "SNMPv2-SMI::enterprises.39165.1.1", "", "hikvision", "exclude",
     "enterprise 39165 (MIB notation); role covered"),
    ("nvr", "", "", "=00:00:00:00:00", ".1.3.6.1.4.1.39165.1.2", "", "hikvision", "exclude",
     "enterprise 39165; MAC malformed; role covered"),
    ("ptz-camera", "", "", "", "", "Hikvision Speed Dome DS-2DE4A425IWG-E V5.7.15 build 230512", "hikvision",
     "exclude", "sysDescr names Hikvision; role covered"),
    ("conference-camera", "Hikvision", "DS-UVC-V104", "org:^Hangzhou Hikvision:colon", "", "", "hikvision",
     "review", "vendor, OUI; role 'conference-camera' is not a covered purpose"),
    ("retail-analytics", "", "", "org:^Hangzhou Hikvision:hyph", "", "", "hikvision", "review",
     "OUI; role 'retail-analytics' not covered"),
    ("digital-signage", "Hikvision", "DS-D6055UL-B", "", "", "", "hikvision", "review",
     "vendor; role 'digital-signage' not covered"),
    ("", "", "", "org:^Hangzhou Hikvision:bare", "", "", "hikvision", "review", "OUI; role blank"),
    ("classroom-camera", "", "", "", "1.3.6.1.4.1.39165.1.1", "", "hikvision", "review",
     "enterprise 39165; role 'classroom-camera' not covered"),
    ("", "HIKVISION DIGITAL TECHNOLOGY CO.,LTD.", "DS-2CD2143G2-IS", "=N/A", "", "", "hikvision", "review",
     "vendor; MAC missing; role blank"),
    ("lab-test", "Hangzhou Hikvision", "DS-2CD2T47G2-L", "la:colon", "", "", "hikvision", "review",
     "vendor; role 'lab-test' not covered"),
    # Hikvision model numbers only
    ("cctv-camera", "", "DS-2CD2347G2-LU", "", "", "", "hikvision", "review",
     "Hikvision DS- model only (no maker name, no identifier)"),
    ("nvr", "", "DS-7732NXI-I4/16P/S", "la:bare", "", "", "hikvision", "review",
     "Hikvision NVR model only; MAC randomised"),
    ("intercom", "", "DS-KD8003-IME1", "", "", "", "hikvision", "review", "Hikvision intercom model only"),
    ("anpr-camera", "", "iDS-2CD7A26G0/P-IZHS", "", "", "", "hikvision", "review",
     "Hikvision iDS- model only"),
    # Hikvision subsidiaries and brands
    ("cctv-camera", "EZVIZ", "C8C", "org:^Hangzhou Ezviz:colon", "", "", "hikvision", "exclude",
     "EZVIZ (Hikvision subsidiary); OUI; role covered"),
    ("", "萤石", "CS-C6N", "org:^Hangzhou Ezviz:hyph", "", "", "hikvision", "review",
     "EZVIZ (萤石) OUI; role blank"),
    ("baby-monitor", "", "", "org:^Hangzhou Ezviz:dot", "", "", "hikvision", "review",
     "OUI Hangzhou Ezviz; role not covered"),
    ("cctv-camera", "HiLook", "IPC-B140H", "", "", "", "hikvision", "exclude",
     "HiLook is a Hikvision brand; role covered"),
    ("nvr", "HiWatch", "HWN-4104MH-4P", "la:colon", "", "", "hikvision", "exclude",
     "HiWatch is a Hikvision brand; role covered"),
    ("perimeter-security", "HIKMICRO", "SP60", "", "", "", "hikvision", "exclude",
     "HIKMICRO (Hikvision thermal subsidiary); role covered"),
    ("electrical-maintenance", "HIKMICRO", "G40", "", "", "", "hikvision", "review",
     "HIKMICRO thermography camera; role not covered"),
    ("cctv-camera", "Prama Hikvision", "PT-NC140D1-I", "blk:24B105:colon", "", "", "hikvision", "exclude",
     "Prama Hikvision India (Hikvision joint venture); OUI 24B105; role covered"),
    ("machine-vision", "", "", "org:^Hangzhou Hikrobot:colon", "", "", "hikvision", "review",
     "OUI Hangzhou Hikrobot (Hikvision subsidiary); role not covered"),
    # OEM relabels of Hikvision
    ("cctv-camera", "LTS", "CMIP7442N-28M", "org:^Hangzhou Hikvision:colon", "", "", "hikvision", "exclude",
     "relabel: vendor LTS but OUI registered to Hikvision"),
    ("nvr", "Interlogix", "TVN 22S", "org:^Hangzhou Hikvision:hyph", "", "", "hikvision", "exclude",
     "relabel: vendor Interlogix but OUI Hikvision"),
    ("ptz-camera", "Annke", "CZ400", "org:^Hangzhou Hikvision:bare", "", "", "hikvision", "exclude",
     "relabel: vendor Annke but OUI Hikvision"),
    ("cctv-camera", "LT Security", "CMIP9342-S", "blk:142FFD:colon", "", "", "hikvision", "review",
     "LTS's own OUI 142FFD; LTS relabels Hikvision (press evidence)"),
    ("nvr", "LTS", "LTN0816K-P8", "", "", "", "hikvision", "review",
     "LTS is a Hikvision OEM relabeller; no identifier"),
    ("cctv-camera", "Interlogix", "TruVision TVB-5501", "", "", "", "hikvision", "review",
     "Interlogix/TruVision relabels Hikvision; no identifier"),
    ("cctv-camera", "Annke", "C500", "la:colon", "", "", "hikvision", "review",
     "Annke relabels Hikvision; MAC randomised"),
    # Hikvision look-alikes
    ("cctv-camera", "Axis Communications", "P3268-LVE", "org:^Axis Communications AB:colon",
     "1.3.6.1.4.1.368.4", "", "none", "allow", "hostname mentions Hikvision; the device is Axis",
     "hikvision-replacement-3"),
    ("printer", "", "", "org:^Hikari Trading:colon", "", "", "none", "allow", "OUI Hikari Trading (not Hikvision)"),
    ("cctv-camera", "Uniview", "IPC2124LE-ADF28KM-G", "org:Uniview:colon", "1.3.6.1.4.1.39747.1", "", "none",
     "allow", "Uniview is not designated"),
    ("nvr", "Tiandy", "TC-R3220", "org:^Tiandy:hyph", "", "", "none", "allow", "Tiandy is not designated"),
    # --- Dahua -----------------------------------------------------------------------------
    ("cctv-camera", "Dahua Technology", "IPC-HFW3549T1-AS-PV", "org:^Zhejiang Dahua:colon",
     "1.3.6.1.4.1.37496.1", "", "dahua", "exclude", "vendor, OUI, enterprise 37496; role covered"),
    ("nvr", "浙江大华技术股份有限公司", "NVR4216-16P-4KS2/L", "org:^Zhejiang Dahua:hyph", "", "", "dahua",
     "exclude", "vendor in Chinese; OUI; role covered"),
    ("access-control", "大華", "ASI6214S", "", "", "", "dahua", "exclude",
     "vendor in traditional Chinese; role covered"),
    ("intercom", "ダーファ", "VTO2202F-P", "la:colon", "", "", "dahua", "exclude",
     "vendor in katakana; role 'intercom' covered"),
    ("anpr-camera", "Дахуа", "ITC431-RW1F-IRL8", "", "", "", "dahua", "exclude",
     "vendor in Russian; role covered"),
    ("ptz-camera", "Dahua Technology USA", "SD6AL445XA-HNR", "org:^Zhejiang Dahua:bare", "", "", "dahua",
     "exclude", "vendor, OUI; role covered"),
    ("cctv-camera", "", "", "org:^Zhejiang Dahua:dot", "", "", "dahua", "exclude", "OUI; role covered"),
    ("perimeter-security", "", "", "org:^Zhejiang Dahua:barel", "", "", "dahua", "exclude", "OUI; role covered"),
    ("intercom", "", "", "org:^Zhejiang Dahua:hypl", "", "", "dahua", "exclude", "OUI; role 'intercom' covered"),
    ("nvr", "", "", "la:colon", "iso.3.6.1.4.1.37496.2", "", "dahua", "exclude",
     "enterprise 37496 (iso. notation); role covered"),
    ("access-control", "", "", "", "", "Dahua ASI7214Y-V3 V1.000.0000000.5.R", "dahua", "exclude",
     "sysDescr names Dahua; role covered"),
    ("conference-camera", "Dahua", "DH-VCS-C5A0", "org:^Zhejiang Dahua:colon", "", "", "dahua", "review",
     "vendor, OUI; role not covered"),
    ("", "", "", "org:^Zhejiang Dahua:COLON", "", "", "dahua", "review", "OUI; role blank"),
    ("traffic-counting", "Dahua", "ITC215-PW6M-IRLZF", "=N/A", "", "", "dahua", "review",
     "vendor; role not covered; MAC missing"),
    ("lab-test", "", "", "", "1.3.6.1.4.1.37496.1", "", "dahua", "review", "enterprise 37496; role not covered"),
    ("cctv-camera", "", "DH-IPC-HDW3849H-AS-PV", "", "", "", "dahua", "review",
     "Dahua DH- model only (no maker name, no identifier)"),
    ("nvr", "", "DHI-NVR5232-EI", "la:hyph", "", "", "dahua", "review", "Dahua model only; MAC randomised"),
    ("ptz-camera", "", "SD49425GB-HNR", "", "", "", "dahua", "review", "Dahua PTZ model only"),
    ("nvr", "Zhejiang Dahua Vision Technology Co., Ltd.", "NVR2108HS-I", "", "", "", "dahua", "exclude",
     "Dahua Vision (Dahua subsidiary); role covered"),
    # Dahua brands and relabels
    ("cctv-camera", "Imou", "IPC-F22FP", "blk:906A94:colon", "", "", "dahua", "exclude",
     "Imou (Huacheng): Dahua holding subsidiary; a sale announced 2025-03 is not a completed sale; "
     "role covered (first written as review: corrected)"),
    ("cctv-camera", "Lorex", "E892AB", "org:^Zhejiang Dahua:colon", "", "", "dahua", "exclude",
     "relabel: vendor Lorex but OUI registered to Dahua"),
    ("nvr", "Lorex Corporation", "N4K3-816BB", "", "", "", "dahua", "review",
     "Lorex: Dahua subsidiary 2018-02-06..2022-11-24 (former); no identifier"),
    ("cctv-camera", "Amcrest", "IP8M-T2599EW", "org:^Zhejiang Dahua:hyph", "", "", "dahua", "exclude",
     "relabel: vendor Amcrest but OUI Dahua"),
    ("nvr", "GenIV", "G4-NVR8-4K", "org:^Zhejiang Dahua:colon", "", "", "dahua", "exclude",
     "relabel: vendor GenIV but OUI Dahua"),
    ("cctv-camera", "IC Realtime", "IPMX-D40F-IRW1", "blk:20DE88:colon", "", "", "dahua", "review",
     "IC Realtime's own OUI 20DE88; IC Realtime relabels Dahua"),
    ("cctv-camera", "Intelbras", "VIP 3230 B G4", "org:^Intelbras:colon", "", "", "dahua", "review",
     "Intelbras own OUI; Intelbras cameras are Dahua-OEM"),
    ("nvr", "Montavue", "MTN8-4K", "", "", "", "dahua", "review", "Montavue relabels Dahua; no identifier"),
    ("cctv-camera", "Q-See", "QTN8086B", "", "", "", "dahua", "review", "Q-See relabels Dahua; no identifier"),
    # Dahua look-alikes
    ("retail-scale", "Shanghai Dahua Scale", "TM-AB", "", "", "", "none", "allow",
     "Shanghai Dahua Scale Factory (not Dahua Technology)"),
    ("cctv-camera", "Hanwha Vision", "XNO-8082R", "org:^Hanwha:colon", "", "", "none", "allow",
     "hostname mentions Dahua; the device is Hanwha", "dahua-cam-removed-12"),
    ("cctv-camera", "Milesight", "MS-C8176-PB", "org:^MileSight:hyph", "", "", "none", "allow",
     "Milesight is not designated"),
    ("cctv-camera", "Reolink", "RLC-810A", "org:^Reolink:colon", "", "", "none", "allow",
     "Reolink is not designated"),
    # --- Hytera and subsidiaries -------------------------------------------------------------
    ("public-safety-radio", "Hytera", "PD785G", "blk:6469BC:colon", "", "", "hytera", "exclude",
     "vendor, OUI; role covered"),
    ("public-safety-radio", "海能達", "HP782", "", "", "", "hytera", "exclude",
     "vendor in traditional Chinese; role covered"),
    ("public-safety-repeater", "ハイテラ", "HR1065", "la:colon", "", "", "hytera", "exclude",
     "vendor in katakana; role covered"),
    ("public-safety-radio", "Hytera Communications Corporation Limited", "MD785i",
     "blk:9C066E:hyph", "1.3.6.1.4.1.40297.1.2", "", "hytera", "exclude", "vendor, OUI, enterprise 40297"),
    ("public-safety-radio", "", "", "blk:6469BC:bare", "", "", "hytera", "exclude", "OUI; role covered"),
    ("public-safety-repeater", "", "", "", "SNMPv2-SMI::enterprises.40297.2.1", "", "hytera", "exclude",
     "enterprise 40297; role covered"),
    ("public-safety-radio", "", "", "", "1.3.6.1.4.1.46055.1", "", "hytera", "exclude",
     "enterprise 46055 Hytera Broadband Products; role covered"),
    ("public-safety-repeater", "", "", "", "1.3.6.1.4.1.58597.1", "", "hytera", "exclude",
     "enterprise 58597 Hytera Austria; role covered"),
    ("public-safety-repeater", "", "", "", "", "Hytera RD985S DMR Repeater A9.00.07.001", "hytera", "exclude",
     "sysDescr names Hytera; role covered"),
    ("facilities-radio", "Hytera", "BD615", "blk:9C066E:colon", "", "", "hytera", "review",
     "vendor, OUI; role 'facilities-radio' not covered"),
    ("event-staff-radio", "Hytera", "PD405", "", "", "", "hytera", "review", "vendor; role not covered"),
    ("", "", "", "blk:9C066E:dot", "", "", "hytera", "review", "OUI; role blank"),
    ("public-safety-radio", "", "PT580H Plus", "", "", "", "hytera", "review",
     "Hytera TETRA model only (no maker name, no identifier)"),
    ("public-safety-radio", "", "HP782", "la:colon", "", "", "hytera", "review",
     "Hytera HP model only; MAC randomised"),
    # Sepura, Teltronic / PowerTrunk, Norsat
    ("public-safety-radio", "Sepura", "SC21", "blk:001E96:hyph", "", "", "hytera", "exclude",
     "Sepura (Hytera subsidiary since 2017); OUI; role covered"),
    ("public-safety-radio", "Sepura Plc", "STP9200", "", "1.3.6.1.4.1.46904.1", "", "hytera", "exclude",
     "Sepura; enterprise 46904; role covered"),
    ("facilities-radio", "Sepura", "SC20", "blk:001E96:colon", "", "", "hytera", "review",
     "Sepura; role not covered"),
    ("public-safety-repeater", "Teltronic", "NEBULA", "blk:000418:colon", "", "", "hytera", "exclude",
     "Teltronic S.A.U. (Sepura, Hytera since 2017); OUI 000418; role covered"),
    ("public-safety-repeater", "", "", "", "1.3.6.1.4.1.22488.1.1", "", "hytera", "exclude",
     "enterprise 22488 Teltronic S.A.U.; role covered"),
    ("public-safety-repeater", "PowerTrunk", "NEBULA-3", "", "", "", "hytera", "exclude",
     "PowerTrunk is Teltronic's US brand (Hytera); role covered"),
    ("emergency-satcom", "Norsat", "ATOM 40W", "blk:70B3D50AE:colon", "", "", "hytera", "exclude",
     "MA-S 70B3D50AE Norsat International (Hytera since 2017); role 'emergency-satcom' covered"),
    ("emergency-satcom", "", "", "", "1.3.6.1.4.1.40560.1", "", "hytera", "exclude",
     "enterprise 40560 Norsat International; role covered"),
    ("broadcast-uplink", "Norsat International Inc.", "GLOBETrekker", "", "", "", "hytera", "review",
     "Norsat (Hytera); role not covered"),
    # Hytera look-alikes
    ("pbx", "Teltronics", "IDS-2100", "blk:0001D8:colon", "1.3.6.1.4.1.3600.1.3", "", "none", "allow",
     "Teltronics, Inc. (US) is not Teltronic S.A.U."),
    ("lab-test", "", "", "blk:D8D4E6:colon", "", "", "none", "allow", "OUI Hytec Inter (not Hytera)"),
    ("test-equipment", "Hytec Electronics", "", "", "1.3.6.1.4.1.40833.1", "", "none", "allow",
     "enterprise 40833 Hytec Electronics (not Hytera)"),
    ("public-safety-radio", "Motorola Solutions", "APX N70", "blk:001F92:colon", "", "", "none", "allow",
     "hostname mentions Hytera; the device is Motorola", "hytera-swapout-22"),
    ("public-safety-radio", "Tait", "TP9600", "org:^Tait Electronics:colon", "", "", "none", "allow",
     "Tait is not designated"),
    ("public-safety-radio", "JVCKENWOOD", "NX-5400", "org:^JVC KENWOOD:hyph", "", "", "none", "allow",
     "Kenwood is not designated"),
    ("public-safety-repeater", "Icom", "FR6300", "blk:0090C7:colon", "", "", "none", "allow",
     "Icom is not designated"),
    ("emergency-satcom", "Iridium", "9575 Extreme", "blk:001CB4:colon", "", "", "none", "allow",
     "Iridium is not designated"),
    # --- Kaspersky ---------------------------------------------------------------------------
    ("security-server", "Kaspersky", "Kaspersky Security Center 14.2", "org:^Dell Inc:colon", "", "",
     "kaspersky", "exclude", "Kaspersky product (on a Dell server)"),
    ("endpoint-protection", "АО «Лаборатория Касперского»", "Kaspersky Endpoint Security 12.3", "", "", "",
     "kaspersky", "exclude", "vendor: Kaspersky Lab in Russian"),
    ("ids-sensor", "Лаборатория Касперского", "KICS for Networks 4.0", "", "", "", "kaspersky", "exclude",
     "vendor in Russian"),
    ("mail-gateway", "カスペルスキー", "Kaspersky Security for Mail Server", "", "", "", "kaspersky", "exclude",
     "vendor in katakana"),
    ("web-proxy", "卡巴斯基", "KWTS 6.1", "", "", "", "kaspersky", "exclude", "vendor in Chinese"),
    ("sandbox", "카스퍼스키", "Kaspersky Anti Targeted Attack 5.0", "", "", "", "kaspersky", "exclude",
     "vendor in Korean"),
    ("iot-gateway", "Siemens", "Kaspersky IoT Secure Gateway 100 (SIMATIC IPC127E)", "", "", "", "kaspersky",
     "exclude", "model names a Kaspersky product"),
    ("security-server", "", "", "la:colon", "1.3.6.1.4.1.23668.1.2", "", "kaspersky", "exclude",
     "enterprise 23668 Kaspersky Lab"),
    ("mail-gateway", "", "", "", "", "Kaspersky Secure Mail Gateway 2.1.0.1007", "kaspersky", "exclude",
     "sysDescr names Kaspersky"),
    ("thin-client", "Kaspersky Lab", "Kaspersky Thin Client 2.0 (Centerm F620)", "", "", "", "kaspersky",
     "exclude", "Kaspersky product"),
    # Kaspersky look-alikes
    ("laptop", "Casper", "Excalibur G870", "", "", "", "none", "allow", "Casper (Turkish PC maker), not Kaspersky"),
    ("file-server", "", "", "", "1.3.6.1.4.1.21376.1", "", "none", "allow",
     "enterprise 21376 Gruppenkasper (not Kaspersky)"),
    ("security-server", "Microsoft", "Windows Server 2022 (Defender)", "org:^Dell Inc:hyph", "",
     "Hardware: Intel64 Family 6 Model 106 - Software: Windows Version 6.3 (Build 20348 Multiprocessor Free)",
     "none", "allow", "hostname mentions Kaspersky; Windows server on Dell", "ksc-kaspersky-retired"),
]

CLEAN: list[tuple] = [
    # role, vendor, model, org regex, sysoid, sysdescr
    ("access-switch", "Cisco Systems, Inc.", "C9300X-24Y", "^Cisco Systems, Inc$", "1.3.6.1.4.1.9.1.2755",
     "Cisco IOS Software [Dublin], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.12.2"),
    ("wan-router", "Cisco", "C8300-1N1S-6T", "^Cisco Systems, Inc$", "1.3.6.1.4.1.9.1.2805", ""),
    ("wifi-ap", "Cisco", "C9136I-B", "^Cisco Systems, Inc$", "", ""),
    ("ip-phone", "Cisco Systems", "CP-8845", "^Cisco Systems, Inc$", "", ""),
    ("firewall", "Cisco", "FPR2130-NGFW-K9", "^Cisco Systems, Inc$", "", ""),
    ("datacenter-switch", "Cisco Systems", "N9K-C93180YC-FX3", "^Cisco Systems, Inc$", "1.3.6.1.4.1.9.12.3.1.3.2166",
     "Cisco NX-OS(tm) nxos.10.3.4a.M, Software (nxos64-cs), Version 10.3(4a)"),
    ("edge-router", "Juniper Networks", "MX304", "^Juniper Networks$", "1.3.6.1.4.1.2636.1.1.1.2.167",
     "Juniper Networks, Inc. mx304 internet router, kernel JUNOS 23.2R1"),
    ("access-switch", "Juniper", "EX2300-48P", "^Juniper Networks$", "", ""),
    ("firewall", "Juniper Networks, Inc.", "SRX345", "^Juniper Networks$", "1.3.6.1.4.1.2636.1.1.1.2.135", ""),
    ("wifi-ap", "Aruba", "AP-635", "^Aruba", "1.3.6.1.4.1.14823.1.2.141", ""),
    ("access-switch", "HPE Aruba Networking", "CX 6200F JL728A", "^Aruba", "1.3.6.1.4.1.47196.4.1.1.1.201", ""),
    ("firewall", "Fortinet", "FortiGate-200F", "^Fortinet", "1.3.6.1.4.1.12356.101.1.2007", "FortiGate-200F v7.2.8"),
    ("firewall", "Palo Alto Networks", "PA-3410", "^Palo Alto Networks", "1.3.6.1.4.1.25461.2.3.63",
     "Palo Alto Networks PA-3400 series firewall"),
    ("firewall", "Check Point", "Quantum 6600", "^Check Point", "1.3.6.1.4.1.2620.1.6.123.1.64", ""),
    ("load-balancer", "F5", "BIG-IP i5800", "^F5 Networks", "1.3.6.1.4.1.3375.2.1.3.4.112", ""),
    ("branch-router", "MikroTik", "RB5009UG+S+IN", "^Routerboard", "1.3.6.1.4.1.14988.1",
     "RouterOS RB5009UG+S+"),
    ("wifi-ap", "Ubiquiti", "U7-Pro", "^Ubiquiti", "1.3.6.1.4.1.41112.1.6", ""),
    ("access-switch", "NETGEAR", "GS728TPv3", "^NETGEAR$", "1.3.6.1.4.1.4526.100.4.60", ""),
    ("access-switch", "Zyxel", "XGS1930-28HP", "^Zyxel", "1.3.6.1.4.1.890.1.15", ""),
    ("wifi-ap", "TP-Link", "EAP670", "^TP-LINK TECHNOLOGIES", "1.3.6.1.4.1.11863.1.1.3", ""),
    ("access-switch", "D-Link", "DGS-1510-28XMP", "^D-Link International", "1.3.6.1.4.1.171.10.113.9.1", ""),
    ("access-switch", "ALAXALA", "AX2630S-24P2X", "^ALAXALA", "1.3.6.1.4.1.21839.1.2.17", ""),
    ("access-switch", "Allied Telesis", "x530L-28GPX", "^Allied Telesis, Inc", "1.3.6.1.4.1.207.1.14.111", ""),
    ("branch-router", "YAMAHA", "RTX1300", "^YAMAHA CORPORATION", "", ""),
    ("nas", "BUFFALO", "TeraStation TS5410DN", "^BUFFALO", "", ""),
    ("branch-router", "NEC", "UNIVERGE IX3315", "^NEC Platforms", "1.3.6.1.4.1.119.1.84.18", ""),
    ("wifi-ap", "Extreme Networks", "AP4000", "^Extreme Networks", "1.3.6.1.4.1.1916.2.491", ""),
    ("wifi-ap", "CommScope RUCKUS", "R770", "^Ruckus Wireless", "1.3.6.1.4.1.25053.3.1.4.109", ""),
    ("datacenter-switch", "Arista", "7050CX3-32S", "^Arista Networks$", "1.3.6.1.4.1.30065.1.3011.7050.3282.32",
     "Arista Networks EOS version 4.31.2F running on an Arista Networks DCS-7050CX3-32S"),
    ("pe-router", "Nokia", "7750 SR-7s", "^Nokia$", "1.3.6.1.4.1.6527.1.3.28", ""),
    ("ran-baseband", "Ericsson", "Baseband 6648", "^Ericsson AB", "1.3.6.1.4.1.193.183.1", ""),
    ("ran-radio", "Nokia", "AirScale AZQJ", "^Nokia Shanghai Bell", "", ""),
    ("cctv-camera", "Axis", "Q1656-LE", "^Axis Communications AB", "1.3.6.1.4.1.368.4", ""),
    ("cctv-camera", "Bosch", "FLEXIDOME 5100i IR", "^Bosch Security Systems$", "1.3.6.1.4.1.3967.1", ""),
    ("cctv-camera", "i-PRO", "WV-S1536LTN", "^i-PRO", "", ""),
    ("cctv-camera", "MOBOTIX", "M73", "^Mobotix", "", ""),
    ("cctv-camera", "VIVOTEK", "IB9387-EHT-A", "^Vivotek", "", ""),
    ("nvr", "Genetec", "Streamvault SV-1000E", "^Genetec Inc", "", ""),
    ("mobile-phone", "Apple", "iPhone 15 Pro", "^Apple, Inc", "", ""),
    ("laptop", "Apple Inc.", "MacBook Pro 16", "^Apple, Inc", "", ""),
    ("mobile-phone", "Samsung", "Galaxy S24 Ultra", "^Samsung Electronics Co.,Ltd$", "", ""),
    ("tablet", "Samsung Electronics", "Galaxy Tab Active5", "^Samsung Electronics Co.,Ltd$", "", ""),
    ("mobile-phone", "Google", "Pixel 8 Pro", "^Google, Inc", "", ""),
    ("mobile-phone", "Xiaomi", "Redmi Note 13", "^Xiaomi Communications", "", ""),
    ("mobile-phone", "OPPO", "Find X6", "^GUANGDONG OPPO", "", ""),
    ("mobile-phone", "vivo", "X100", "^vivo Mobile", "", ""),
    ("mobile-phone", "OnePlus", "12R", "^OnePlus Technology", "", ""),
    ("mobile-phone", "Motorola", "moto g 5G", "^Motorola Mobility LLC, a Lenovo", "", ""),
    ("laptop", "Lenovo", "ThinkPad T14 Gen 4", "^Intel Corporate", "", ""),
    ("desktop", "Dell", "OptiPlex 7020", "^Dell Inc", "", ""),
    ("server", "Dell Inc.", "PowerEdge R760", "^Dell Inc", "1.3.6.1.4.1.674.10892.5", "Dell iDRAC9 7.10.30.00"),
    ("server", "HPE", "ProLiant DL360 Gen11", "^Hewlett Packard Enterprise$", "1.3.6.1.4.1.232.9.4.10", ""),
    ("server", "Supermicro", "SYS-221H-TNR", "^Super Micro", "", ""),
    ("printer", "HP", "Color LaserJet Enterprise M555dn", "^HP Inc", "1.3.6.1.4.1.11.2.3.9.1", ""),
    ("printer", "Canon", "imageRUNNER ADVANCE DX 4935i", "^CANON INC", "1.3.6.1.4.1.1602.4.7", ""),
    ("printer", "EPSON", "WF-C879R", "^Seiko Epson", "1.3.6.1.4.1.1248.1.2.2.1.1.1.4", ""),
    ("printer", "RICOH", "IM C3010", "^RICOH COMPANY", "1.3.6.1.4.1.367.1.1", ""),
    ("printer", "Xerox", "VersaLink C7130", "^Xerox Corporation$", "1.3.6.1.4.1.253.8.62.1.23.2.22.1", ""),
    ("printer", "Lexmark", "CX735adse", "^LEXMARK", "1.3.6.1.4.1.641.1.5.7", ""),
    ("printer", "KYOCERA", "TASKalfa 3554ci", "^KYOCERA CORPORATION$", "1.3.6.1.4.1.1347.41", ""),
    ("label-printer", "Zebra", "ZT411", "^Zebra Technologies Inc$", "", ""),
    ("desk-phone", "Avaya", "J189", "^Avaya Inc", "1.3.6.1.4.1.6889.1.69.6.18", ""),
    ("desk-phone", "Grandstream", "GRP2614", "^Grandstream Networks, Inc", "", ""),
    ("desk-phone", "Mitel", "6940w", "^Mitel Networks", "", ""),
    ("conference-phone", "Poly", "Trio C60", "^Polycom", "", ""),
    ("conference-camera", "Logitech", "Rally Bar", "^Logitech, Inc", "", ""),
    ("av-controller", "Crestron", "CP4N", "^CRESTRON", "", ""),
    ("ptp-radio", "Cambium Networks", "PTP 670", "^Cambium Networks", "1.3.6.1.4.1.17713.11", ""),
    ("lte-router", "Cradlepoint", "E300", "^Cradlepoint, Inc", "", ""),
    ("lte-router", "Sierra Wireless", "AirLink XR80", "^Sierra Wireless", "", ""),
    ("lte-router", "Teltonika", "RUT956", "^Teltonika$", "", ""),
    ("serial-server", "Moxa", "NPort 5150", "^MOXA", "1.3.6.1.4.1.8691.2.7", ""),
    ("plc", "Rockwell Automation", "1769-L33ER CompactLogix", "^Rockwell Automation$", "", ""),
    ("plc", "Schneider Electric", "Modicon M580 BMEP582040", "^Schneider Electric$", "", ""),
    ("ups", "APC", "Smart-UPS SRT 5000", "^AMERICAN POWER CONVERSION", "1.3.6.1.4.1.318.1.3.27", ""),
    ("pdu", "Raritan", "PX3-5190R", "^Raritan", "1.3.6.1.4.1.13742.6", ""),
    ("nas", "Synology", "RS3621xs+", "^Synology", "1.3.6.1.4.1.6574.1", ""),
    ("nas", "QNAP", "TS-h1290FX", "^QNAP", "1.3.6.1.4.1.24681.1", ""),
    ("desktop", "Microsoft", "Surface Studio 2+", "^Microsoft Corporation", "", ""),
    ("kiosk-pc", "Intel", "NUC 13 Pro", "^Intel Corporate", "", ""),
    ("server", "Lenovo", "ThinkSystem SR650 V3", "^Lenovo$", "1.3.6.1.4.1.19046.11.1", ""),
    ("lobby-display", "Hisense", "75U8K", "^Qingdao Hisense Communications", "", ""),
    ("ptp-radio", "Siklu", "EtherHaul 8010FX", "^Siklu", "", ""),
    ("satellite-modem", "Hughes", "HT2010", "^HUGHES NETWORK", "", ""),
    ("satcom-terminal", "Cobham", "EXPLORER 710", "^Cobham plc", "", ""),
    ("access-switch", "New H3C", "S5130S-28S-EI", "^New H3C Technologies", "1.3.6.1.4.1.25506.1.1", ""),
    ("olt", "FiberHome", "AN5516-04", "^Fiberhome Telecommunication", "", ""),
    ("lte-module", "Quectel", "EG25-G", "^Quectel Wireless Solutions Co., Ltd.", "", ""),
]


def load_blocks(ieee: pathlib.Path) -> list[tuple[str, str]]:
    out = []
    for name in ("oui.csv", "mam.csv", "oui36.csv"):
        with open(ieee / name, newline="", encoding="utf-8") as fh:
            out += [(r["Assignment"].upper(), r["Organization Name"].strip()) for r in csv.DictReader(fh)]
    return out


def dev_prefixes(dev: pathlib.Path) -> set[str]:
    with open(dev, newline="", encoding="utf-8") as fh:
        macs = [re.sub(r"[^0-9A-Fa-f]", "", r["mac"]).upper() for r in csv.DictReader(fh)]
    return {m[:6] for m in macs if len(m) >= 6}


def fmt(hex12: str, notation: str) -> str:
    h = hex12.upper()
    octets = [h[i:i + 2] for i in range(0, 12, 2)]
    if notation == "colon":
        return ":".join(octets).lower()
    if notation == "COLON":
        return ":".join(octets)
    if notation == "hyph":
        return "-".join(octets)
    if notation == "hypl":
        return "-".join(octets).lower()
    if notation == "dot":
        return ".".join(h[i:i + 4] for i in range(0, 12, 4)).lower()
    if notation == "huawei":
        return "-".join(h[i:i + 4] for i in range(0, 12, 4)).lower()
    if notation == "bare":
        return h
    if notation == "barel":
        return h.lower()
    if notation == "nozero":
        return ":".join(format(int(o, 16), "x") for o in octets)
    raise ValueError(notation)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ieee", default="../shared/data/ieee-registries")
    ap.add_argument("--dev", default="../shared/benchmarks/inventory-dev/inventory.csv")
    ap.add_argument("--seed", type=int, default=2027)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    blocks = load_blocks(pathlib.Path(a.ieee))
    avoid = dev_prefixes(pathlib.Path(a.dev))
    by_hex = dict(blocks)

    def tail(block: str) -> str:
        return block + "".join(rnd.choice("0123456789ABCDEF") for _ in range(12 - len(block)))

    def mac_of(spec: str) -> tuple[str, str]:
        """(mac text, evidence note)"""
        if not spec:
            return "", ""
        if spec.startswith("="):
            return spec[1:], ""
        kind, _, rest = spec.partition(":")
        if kind == "la":
            first = (rnd.randrange(64) << 2) | 0x02
            hexs = f"{first:02X}" + "".join(rnd.choice("0123456789ABCDEF") for _ in range(10))
            return fmt(hexs, rest), "MAC locally administered"
        if kind == "blk":
            block, _, notation = rest.partition(":")
            return fmt(tail(block), notation), f"{block} {by_hex[block]}"
        if kind == "org":
            rx, _, notation = rest.rpartition(":")
            cands = [(b, o) for b, o in blocks if re.search(rx, o, re.I) and len(b) == 6 and b not in avoid]
            cands = cands or [(b, o) for b, o in blocks if re.search(rx, o, re.I)]
            if not cands:
                raise SystemExit(f"no block for {rx}")
            b, o = rnd.choice(cands)
            return fmt(tail(b), notation), f"OUI {b} {o}"
        raise ValueError(spec)

    specs: list[tuple] = list(ROWS)
    for role, vendor, model, rx, sysoid, descr in CLEAN:
        specs.append((role, vendor, model, f"org:{rx}:{rnd.choice(NOTATIONS)}", sysoid, descr, "none", "allow",
                      f"vendor {vendor} (not designated)"))
    specs += EXTRA
    rnd.shuffle(specs)
    inv, exp = [], []
    for i, spec in enumerate(specs, start=1):
        role, vendor, model, mac, sysoid, descr, group, decision, evidence = spec[:9]
        host = spec[9] if len(spec) > 9 else None
        aid = f"AST-{20000 + i:05d}"
        if host is None:
            host = f"{role or 'dev'}-{rnd.randrange(1000):03d}"
        elif host == "EMPTY":
            host = ""
        elif host == "DHCP":
            host = f"dhcp-{rnd.randrange(1000):03d}"
        mac_text, note = mac_of(mac)
        site = rnd.choice(SITES) if host else ""
        ev = "; ".join(x for x in (evidence, note) if x)
        inv.append([aid, host, site, role, vendor, model, mac_text, sysoid, descr])
        exp.append([aid, group, decision, ev])
    # one duplicated asset id: a second row with the first row's id and the same answer
    dup_src = next(r for r, e in zip(inv, exp, strict=True) if e[2] == "allow" and r[4] and r[6])
    dup = list(dup_src)
    dup[1] = dup[1] + "-b"
    dup[6] = fmt(tail(re.sub(r"[^0-9A-F]", "", dup_src[6].upper())[:6]), "colon")
    pos = rnd.randrange(len(inv) // 2, len(inv))
    inv.insert(pos, dup)
    out = HERE
    with open(out / "inventory.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["asset_id", "hostname", "site", "role", "vendor", "model", "mac", "sys_object_id", "sys_descr"])
        w.writerows(inv)
    with open(out / "expected.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["asset_id", "expected_group", "expected_decision", "evidence"])
        w.writerows(exp)
    print(len(inv), "inventory rows,", len(exp), "expected rows; duplicate id", dup[0])


NOTATIONS = ["colon", "COLON", "hyph", "hypl", "dot", "bare", "barel", "colon", "hyph", "bare"]
EMPTY = ("", "", "", "", "", "", "none", "unknown", "empty row", "EMPTY")
EXTRA: list[tuple] = [
    EMPTY, EMPTY, EMPTY, EMPTY,
    ("", "", "", "", "", "", "none", "unknown", "hostname only", "DHCP"),
    ("", "", "", "", "", "", "none", "unknown", "hostname only", "DHCP"),
    ("laptop", "", "", "", "", "", "none", "unknown", "role and hostname only"),
    ("", "", "", "la:colon", "", "", "none", "unknown", "randomised MAC, nothing else"),
    ("mobile-phone", "", "", "la:bare", "", "", "none", "unknown", "randomised MAC, nothing else"),
    ("guest-wifi", "", "", "la:hyph", "", "", "none", "unknown", "randomised MAC, nothing else"),
    ("tablet", "", "", "la:dot", "", "", "none", "unknown", "randomised MAC, nothing else"),
    ("cctv-camera", "", "", "la:barel", "", "", "none", "unknown", "randomised MAC, nothing else"),
    ("", "", "", "=00:1A:2B:3C:4D", "", "", "none", "unknown", "malformed MAC (five octets), nothing else"),
    ("access-switch", "", "", "=00-1B-GH-44-55-66", "", "", "none", "unknown", "malformed MAC (non-hex), nothing else"),
    ("", "", "", "=0011.2233.44", "", "", "none", "unknown", "malformed MAC, nothing else"),
    ("printer", "", "", "=N/A", "", "", "none", "unknown", "MAC N/A, nothing else"),
    ("cctv-camera", "", "", "=FF:FF:FF:FF:FF:FF", "", "", "none", "unknown", "broadcast address, nothing else"),
    ("nvr", "Unknown", "", "", "", "", "none", "unknown", "maker stated as unknown"),
    ("ptz-camera", "unknown", "", "=TBD", "", "", "none", "unknown", "maker stated as unknown; no MAC"),
    ("mobile-phone", "Apple", "iPhone 13", "la:colon", "", "", "none", "allow", "clean vendor; MAC randomised"),
    ("laptop", "Dell", "Latitude 7450", "la:hyph", "", "", "none", "allow", "clean vendor; MAC randomised"),
    ("access-switch", "Cisco", "C9200L-48P-4X", "=00:1D:E0:1B", "1.3.6.1.4.1.9.1.2670", "", "none", "allow",
     "Cisco vendor and sysObjectID; MAC malformed"),
    ("wifi-ap", "Aruba", "AP-505", "=N/A", "", "", "none", "allow", "vendor Aruba; MAC missing"),
    ("printer", "Brother", "MFC-L8900CDW", "=B4:22:00:XX:12:34", "", "", "none", "allow",
     "vendor Brother; MAC malformed"),
    ("mobile-phone", "Samsung", "Galaxy A54", "la:bare", "", "", "none", "allow", "clean vendor; MAC randomised"),
    ("mobile-phone", "HUAWEI", "nova 12", "la:colon", "", "", "huawei", "exclude",
     "vendor Huawei; MAC randomised"),
    ("cctv-camera", "HIKVISION", "DS-2CD2043G2-I", "=44:19:B6:ZZ:10:20", "", "", "hikvision", "exclude",
     "vendor Hikvision; MAC malformed; role covered"),
    ("", "Dahua", "IPC-HDBW2441E-S", "la:colon", "", "", "dahua", "review",
     "vendor Dahua; MAC randomised; role blank"),
    ("cctv-camera", "", "", "blk:10DCB65:colon", "", "", "none", "allow", "MA-M block, clean maker"),
    ("ups", "", "", "blk:6C5C3D2:hyph", "", "", "none", "allow", "MA-M block, clean maker"),
    ("avionics-test", "", "", "blk:70B3D5839:colon", "", "", "none", "allow", "MA-S block, clean maker"),
    ("network-camera", "", "", "blk:70B3D500A:bare", "", "", "none", "allow", "MA-S block, clean maker"),
    ("ups", "Vertiv", "", "blk:144FD79:colon", "", "", "none", "allow",
     "MA-M 144FD79 Emerson Network Power (India), not Huawei"),
    ("dvr", "", "", "blk:58E8760:dot", "", "", "none", "allow", "MA-M Zhuhai Raysharp (not designated)"),
    ("CCTV-Camera", "", "", "org:^Hangzhou Hikvision:colon", "", "", "hikvision", "exclude",
     "OUI; role 'CCTV-Camera' is cctv-camera written in capitals"),
    ("Public Safety Radio", "Hytera", "PD685G", "", "", "", "hytera", "exclude",
     "vendor; role 'Public Safety Radio' is public-safety-radio written as words"),
]

if __name__ == "__main__":
    main()
