#!/usr/bin/env python3
"""Distinct verdict keys and evidence keys of an inventory, as `check` makes them (issue 20).

    python benchmarks/batch/count_keys.py INVENTORY.csv [--policy PACK]

Reads the file with the project's own CSV reader and keys every row with the screener's
``verdict_key`` (what the evidence finder and the policy declare they read), without screening.
Prints rows, distinct verdict keys, distinct evidence keys, and how each field is read in the key.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from supplyscreen import library
from supplyscreen.sources import ReadOptions, open_source


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--policy", default=None)
    args = ap.parse_args()
    kwargs = {"policy": args.policy} if args.policy else {}
    screener = library.make_screener(library.load_registry(), **kwargs)
    vk = screener._key
    keys: set[object] = set()
    evidence: set[object] = set()
    rows = 0
    for item in open_source(args.inventory, ReadOptions()).items():
        rows += 1
        key = screener.verdict_key(item)
        keys.add(key)
        if key is not None:
            evidence.add(vk.evidence(key))
    print(json.dumps({"rows": rows, "verdict_keys": len(keys), "evidence_keys": len(evidence),
                      "read_as": {r: screener.reads.fields[r] for r in vk.roles}}, indent=1))


if __name__ == "__main__":
    main()
