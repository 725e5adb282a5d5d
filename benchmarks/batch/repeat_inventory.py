#!/usr/bin/env python3
"""An inventory K times as long: the rows of IN written K times, each copy's ids made its own.

    python benchmarks/batch/repeat_inventory.py IN.csv K OUT.csv

``make_inventory.py`` writes ~3,000 rows a second on the shared machine (10,000,000 rows would take
close to an hour), so a 10M-row file for a throughput run is its 1M-row file ten times: copy k > 0
of a row has the id ``<id>-k`` (ids stay unique, as ``check`` and the Spark engine need for equal
refs). The copies add rows, not verdict keys: the file holds the distinct keys of IN, fewer than
10,000,000 generated rows would (say so beside any figure taken on it).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main() -> int:
    src, times, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    with src.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        body = list(rows)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for k in range(times):
            for r in body:
                w.writerow([f"{r[0]}-{k}", *r[1:]] if k and r and r[0] else r)
    print(f"wrote {len(body) * times:,} rows to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
