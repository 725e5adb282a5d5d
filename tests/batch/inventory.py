"""A generated device inventory for the batch tests: quoted cells, Cyrillic and CJK vendors, a
quoted multi-line cell, designated makers by name, MAC block and enterprise number, and repeats
(a real inventory's few makers and many devices), deterministic for a seed."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

VENDORS = ["Huawei Technologies Co., Ltd.", "HUAWEI", "华为", "Hikvision", "海康威视", "Cisco Systems, Inc.",
           "Intel", "Dell", "ZTE", "中兴通讯", "Dahua", "Juniper Networks", "", "Элтекс", "ООО «Рога и копыта»",
           "株式会社バッファロー", "NEC Corporation", "Zeta Broadband Inc.", "LTS", "Ubiquiti Inc."]
MODELS = ["", "AR6120", "DS-2CD2143G0-I", "OptiPlex 7090", "S5720-28X-SI-AC", "Catalyst 9300", "ZXA10 C600",
          "IPC-HFW2431S-S-S2", "MX204", "WXR-5950AX12", "UniFi 6 Lite"]
BLOCKS = ["00:E0:FC", "BC:0F:64", "00:11:01", "C0:56:E3", "4C:BD:8F", "00:1C:14", "02:00:00", "00:08:CB", "F4:E5:F2"]
OIDS = ["", "", "1.3.6.1.4.1.2011.2.23.96", "1.3.6.1.4.1.9.1.2494", "1.3.6.1.4.1.3902.3.1", "1.3.6.1.4.1.39165.1"]
DESCRS = ["", "", "VMware ESXi 8.0.2 build-{n}", "Huawei Versatile Routing Platform Software VRP (R) software",
          "Linux ap-{n} 5.10.0", "Cisco IOS Software, C9300 Software, Version 17.9.{d}"]
ROLES = ["", "laptop", "access-switch", "cctv-camera", "core-router", "wifi-ap", "server"]
HEADER = ["asset_id", "hostname", "site", "role", "vendor", "model", "mac", "sys_object_id", "sys_descr", "notes"]


def _mac(rnd: random.Random, style: int) -> str:
    octets = rnd.choice(BLOCKS).split(":") + [f"{rnd.randrange(256):02X}" for _ in range(3)]
    if style == 0:
        return ":".join(octets)
    if style == 1:
        return "".join(octets).lower()
    if style == 2:
        return "-".join(octets)
    return rnd.choice(["", "not a mac", "00:00:00:00:00:00"])


def write_inventory(path: Path, rows: int, seed: int = 20, with_id: bool = True) -> Path:
    """``rows`` data rows under a header (the id column dropped unless ``with_id``)."""
    rnd = random.Random(seed)
    header = HEADER if with_id else HEADER[1:]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for n in range(rows):
            notes = ""
            if n == rows // 2:
                notes = "moved from rack 4,\nsee ticket \"R-17\"\nand the site log"  # a quoted multi-line cell
            elif rnd.random() < 0.02:
                notes = rnd.choice(["spare, boxed", " leading space", "=SUM(A1)", "кабель «витая пара»"])
            row = [f"host-{n}", f"Site {rnd.randrange(40)}", rnd.choice(ROLES), rnd.choice(VENDORS),
                   rnd.choice(MODELS), _mac(rnd, rnd.choice((0, 0, 1, 2, 3))), rnd.choice(OIDS),
                   rnd.choice(DESCRS).format(n=rnd.randrange(10**6), d=rnd.randrange(5)), notes]
            w.writerow(([f"A{n:07d}"] if with_id else []) + row)
    return path


def columnar_check(path: Path, one_read_budget: int | None = None, screener: Any = None) -> tuple[str, dict[str, int]]:
    """What the columnar `check` writes for ``path`` (which must go by columns), and its counts;
    ``one_read_budget`` as ``screen_csv`` takes it (0: two reads; None: by the file's size)."""
    import io

    from supplyscreen import library
    from supplyscreen.batch import columnar
    from supplyscreen.sources import open_source
    from supplyscreen.sources.csv_items import CsvSource

    source = open_source(path)
    assert isinstance(source, CsvSource)
    buf = io.StringIO()

    class Keep(io.StringIO):
        def close(self) -> None:
            buf.write(self.getvalue())
            super().close()

    screener = screener or library.make_screener(library.load_registry())
    tally = columnar.screen_csv(source, screener, Keep, one_read_budget=one_read_budget)
    assert tally is not None, "this file should go by columns"
    return buf.getvalue(), tally.counts
