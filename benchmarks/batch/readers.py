#!/usr/bin/env python3
"""CSV readers side by side on one file: Python's csv module, pyarrow, DuckDB and Polars.

    python benchmarks/batch/readers.py INVENTORY.csv [--repeat R] [--json OUT]

Each reader runs in a child process of its own (``nice`` it on a shared machine) and does what the
columnar check needs of an engine: read every cell of the file as text (no type inference, quoted
cells across lines allowed, RFC 4180 doubled quotes; DuckDB reads an empty cell as NULL, counted
as '' in the digest), then dictionary-encode every column (the
distinct values per column are what keys are made from). Reported per reader: wall and CPU seconds
(user + sys, all threads) of the whole child (interpreter start and the digest included, the same
for every reader), and of the read and the encoding alone (process CPU clock), peak RSS, rows read, and the cells' digest (SHA-256 of each column's
values in row order) so that a reader that reads a cell differently shows it: the csv module's
digest is the reference. The load average before and after each child is written beside it.

The engines are measured, not chosen here: the product's engine is pyarrow (batch/columnar.py).
DuckDB and Polars are optional measurement dependencies (the ``bench`` extra); a reader whose
package is missing is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# Each child prints one JSON line: rows, digest, read seconds, encode seconds (in-process clocks).
COMMON = """
import hashlib, json, sys, time
path = sys.argv[1]
def digest(columns):
    h = hashlib.sha256()
    for values in columns:
        for v in values:
            h.update(("" if v is None else v).encode("utf-8", "surrogatepass") + b"\\x1f")
        h.update(b"\\x1e")
    return h.hexdigest()[:16]
def report(rows, columns, t0, c0, t1, c1, t2, c2):
    print(json.dumps({"rows": rows, "digest": digest(columns), "read_s": t1 - t0, "encode_s": t2 - t1,
                      "read_cpu_s": c1 - c0, "encode_cpu_s": c2 - c1}))
"""

READERS: dict[str, str] = {
    # The floor: the csv module's rows, transposed to columns (what a columnar path would need).
    "csv_module": COMMON + """
import csv
t0, c0 = time.perf_counter(), time.process_time()
with open(path, encoding="utf-8", newline="") as fh:
    rows = csv.reader(fh)
    header = next(rows)
    cols = [[] for _ in header]
    for r in rows:
        for c, v in zip(cols, r):
            c.append(v)
t1, c1 = time.perf_counter(), time.process_time()
codes = [dict.fromkeys(c) for c in cols]
t2, c2 = time.perf_counter(), time.process_time()
report(len(cols[0]), cols, t0, c0, t1, c1, t2, c2)
""",
    "pyarrow": COMMON + """
import pyarrow as pa, pyarrow.csv as pacsv
t0, c0 = time.perf_counter(), time.process_time()
header = open(path, encoding="utf-8", newline="").readline().rstrip("\\r\\n").split(",")
t = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 24),
                   parse_options=pacsv.ParseOptions(newlines_in_values=True, double_quote=True),
                   convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                        strings_can_be_null=False, quoted_strings_can_be_null=False))
t1, c1 = time.perf_counter(), time.process_time()
enc = [c.dictionary_encode() for c in t.columns]
t2, c2 = time.perf_counter(), time.process_time()
report(t.num_rows, (c.to_pylist() for c in t.columns), t0, c0, t1, c1, t2, c2)
""",
    "duckdb": COMMON + """
import duckdb
con = duckdb.connect()
con.execute("SET threads TO 2")
t0, c0 = time.perf_counter(), time.process_time()
t = con.execute("SELECT * FROM read_csv(?, header=true, all_varchar=true, quote='\\"', escape='\\"', "
                "delim=',', strict_mode=true, null_padding=false)", [path]).to_arrow_table()
t1, c1 = time.perf_counter(), time.process_time()
enc = [c.dictionary_encode() for c in t.columns]
t2, c2 = time.perf_counter(), time.process_time()
report(t.num_rows, (c.to_pylist() for c in t.columns), t0, c0, t1, c1, t2, c2)
""",
    "polars": COMMON + """
import polars as pl
t0, c0 = time.perf_counter(), time.process_time()
df = pl.read_csv(path, infer_schema=False, quote_char='"', empty_string_is_null=False,
                 null_values=None)
t1, c1 = time.perf_counter(), time.process_time()
enc = [s.cast(pl.Categorical) for s in df.get_columns()]
t2, c2 = time.perf_counter(), time.process_time()
report(df.height, (s.to_list() for s in df.get_columns()), t0, c0, t1, c1, t2, c2)
""",
}


def run(name: str, code: str, path: Path) -> dict[str, object]:
    load0 = os.getloadavg()[0]
    start = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    out = p.stdout.read().decode() if p.stdout else ""
    err = p.stderr.read().decode() if p.stderr else ""
    res: dict[str, object] = {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                              "peak_mb": round(usage.ru_maxrss / 1024), "load": [round(load0, 2),
                                                                                 round(os.getloadavg()[0], 2)]}
    if os.waitstatus_to_exitcode(status):
        missing = "ModuleNotFoundError" in err
        res["error"] = "not installed" if missing else err.strip().splitlines()[-1][:300]
        return res
    doc = json.loads(out.strip().splitlines()[-1])
    res.update({k: round(v, 2) if isinstance(v, float) else v for k, v in doc.items()})
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="runs per reader (the figures of each are kept)")
    ap.add_argument("--only", default="", help="comma-separated readers")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    names = [n for n in READERS if not args.only or n in args.only.split(",")]
    doc: dict[str, object] = {"file": str(args.inventory), "bytes": args.inventory.stat().st_size,
                              "cpus": os.cpu_count(), "runs": {n: [] for n in names}}
    for _ in range(args.repeat):
        for n in names:  # interleaved, so a burst of load falls on every reader alike
            doc["runs"][n].append(run(n, READERS[n], args.inventory))  # type: ignore[index]
    ref = next((r[0].get("digest") for n, r in doc["runs"].items() if n == "csv_module"), None)  # type: ignore[union-attr]
    if ref:
        doc["same_cells_as_csv_module"] = {n: all(x.get("digest") == ref for x in r)
                                           for n, r in doc["runs"].items()}  # type: ignore[union-attr]
    print(json.dumps(doc, indent=1))
    if args.json:
        args.json.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
