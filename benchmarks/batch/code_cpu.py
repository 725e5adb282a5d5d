#!/usr/bin/env python3
"""CPU of the columnar check's column coding alone, column by column (issue 20, item 2).

    python benchmarks/batch/code_cpu.py INVENTORY.csv [--columns sys_descr,model,...] [--repeat N]

Reads the file with Arrow in the parse blocks `check` uses (columnar.BLOCK_BYTES), then times
``columnar.part_codes`` of each named column (the key's part of every row, as integer codes) with
a fresh coder each repeat (after one row, so imports and compiled patterns are not counted; the
first repeat meets every text new to the screener's memos, as check does); prints the process CPU seconds of each repeat and the number of distinct
parts. Run it with PYTHONPATH pointing at a source tree to compare two trees on the same machine.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from supplyscreen import library
from supplyscreen.batch import columnar
from supplyscreen.batch.keys import KeyMaker


def main() -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--columns", default="sys_descr,model,mac,sys_object_id,vendor")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    screener = library.make_screener(library.load_registry())
    keys = KeyMaker(screener)
    with args.inventory.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split(",")
    table = pcsv.read_csv(
        str(args.inventory),
        read_options=pcsv.ReadOptions(block_size=columnar.BLOCK_BYTES, use_threads=False),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()),
                                            strings_can_be_null=False, quoted_strings_can_be_null=False))
    out: dict[str, object] = {"file": str(args.inventory), "rows": table.num_rows}
    for name in args.columns.split(","):
        column = table.column(name)
        columnar.part_codes(keys, name, column.slice(0, 1))  # imports and compiled patterns: paid once by check too
        runs, parts = [], 0
        for _ in range(args.repeat):
            cpu = time.process_time()
            _, parts = columnar.part_codes(keys, name, column)
            runs.append(round(time.process_time() - cpu, 3))
        out[name] = {"cpu_s": runs, "parts": parts}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
