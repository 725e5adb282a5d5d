"""Write a large CycloneDX 1.6 JSON bill of materials for the speed and memory check.

    python benchmarks/make_bom.py 50000 /tmp/big.cdx.json

A product with boards, each carrying modules and parts (nested components), plus a software tree
expressed only in the dependency graph; makers drawn from a fixed mix of ordinary firms, a few
designated ones, unknown makers and purl-only libraries, so matching and roll-up both do real work.
Deterministic (seeded), so runs compare.
"""

from __future__ import annotations

import json
import random
import sys

MAKERS = ["Micron Technology, Inc.", "Kioxia Corporation", "NXP Semiconductors N.V.", "Realtek Semiconductor Corp.",
          "Murata Manufacturing Co., Ltd.", "Texas Instruments Incorporated", "Samsung Electronics Co., Ltd.",
          "Intel Corporation", "Broadcom Inc.", "Mean Well Enterprises Co., Ltd.", "Huawei Technologies Co., Ltd.",
          "HiSilicon Technologies Co., Ltd.", "unknown", "Quectel Wireless Solutions Co., Ltd."]
PARTS_PER_BOARD = 40  # a dense board: ~40 screened parts (ICs, modules), the rest are passives nobody lists


def make(n: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    boards: list[dict] = []
    deps: list[dict] = []
    made = 1
    hw = n * 3 // 5
    while made < hw:
        b = {"type": "device", "bom-ref": f"b{made}", "name": f"Board {made}",
             "manufacturer": {"name": rnd.choice(MAKERS[:10])}, "components": []}
        made += 1
        for _ in range(min(PARTS_PER_BOARD, hw - made)):
            c = {"type": "device", "bom-ref": f"p{made}", "name": f"Part {made}",
                 "manufacturer": {"name": rnd.choice(MAKERS)}}
            if rnd.random() < 0.1:
                c["properties"] = [{"name": "cdx:device:macAddress",
                                    "value": ":".join(f"{rnd.randrange(256) & 0xFC:02X}" if i == 0 else
                                                      f"{rnd.randrange(256):02X}" for i in range(6))}]
            b["components"].append(c)
            made += 1
        boards.append(b)
    libs = []
    while made < n:
        ref = f"lib{made}"
        lib = {"type": "library", "bom-ref": ref, "name": f"lib{made}", "version": "1.0",
               "purl": f"pkg:maven/org.example{made % 500}/lib{made}@1.0"}
        if rnd.random() < 0.5:
            lib["publisher"] = f"Example Project {made % 2000}"
        libs.append(lib)
        made += 1
    for i, lib in enumerate(libs):
        kids = [libs[j]["bom-ref"] for j in (2 * i + 1, 2 * i + 2) if j < len(libs)]
        if kids:
            deps.append({"ref": lib["bom-ref"], "dependsOn": kids})
    root_deps = [b["bom-ref"] for b in boards] + ([libs[0]["bom-ref"]] if libs else [])
    deps.insert(0, {"ref": "product", "dependsOn": root_deps})
    return {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "device", "bom-ref": "product", "name": "Big appliance",
                                   "manufacturer": {"name": "Example Appliances Inc."},
                                   "properties": [{"name": "supplyscreen:purpose", "value": "office-network"}]}},
        "components": boards + libs,
        "dependencies": deps,
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    out = sys.argv[2] if len(sys.argv) > 2 else "big.cdx.json"
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(make(count), fh)
