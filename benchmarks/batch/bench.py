#!/usr/bin/env python3
"""Batch screening benchmarks (issue 20), side by side in one run, never timed tests.

    python benchmarks/batch/bench.py check  INVENTORY.csv [--today]
    python benchmarks/batch/bench.py spark  INVENTORY.csv [--partitions N]

check   Python's csv module reading the file (the floor: no work per row beyond parsing), then
        `supplyscreen check --format csv` (this path) and, with --today, the path as it was
        before the batch core (SUPPLYSCREEN_COLUMNAR_MIN_BYTES=0: the row path, two processes); wall, CPU and peak RSS of each
        child process, the ratio to the csv read, and whether the outputs are byte-identical; with
        --baseline DIR, the same check from an earlier commit's source tree in the same run; with
        --two-reads, `check` with every file read twice (the columnar path's one-read budget at 0).
spark   `supplyscreen batch screen --engine spark` on local[2] against `--engine local` and the CLI
        on the same file: rows/s after session start.

Generate an inventory with benchmarks/make_inventory.py (N rows, deterministic for a seed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
CSV_READ = "import csv,sys\nn=0\nwith open(sys.argv[1], encoding='utf-8', newline='') as fh:\n" \
           "    for row in csv.reader(fh): n += 1\nprint(n)\n"


def timed(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float | int]:
    """Wall, CPU (user + sys, with children) and peak RSS of one child process."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode() if p.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{argv} failed ({code}): {err[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "exit": code}


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SUPPLYSCREEN_NO_PROGRESS="1")
    env.update(extra)
    return env


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:16]


# `check` with the columnar path's one-read budget at 0: every file read twice (as above the budget).
TWO_READS = "import sys\nfrom supplyscreen.batch import columnar\ncolumnar.ONE_READ_BUDGET = 0\n" \
            "from supplyscreen.__main__ import main\nsys.argv[0] = 'supplyscreen'\nmain()\n"


def check(inv: Path, today: bool, baseline: Path | None = None, two_reads: bool = False) -> dict[str, object]:
    py = sys.executable
    out: dict[str, object] = {"file": str(inv), "bytes": inv.stat().st_size, "cpus": os.cpu_count(),
                              "load_before": os.getloadavg()[0]}
    out["csv_read"] = timed([py, "-c", CSV_READ, str(inv)])
    with tempfile.TemporaryDirectory() as tmp:
        runs: dict[str, dict[str, str]] = {"this_path": {}}
        if two_reads:
            runs["two_reads"] = {}
        if baseline is not None:  # the same command from another source tree (an earlier commit's src/)
            runs["baseline"] = {"PYTHONPATH": str(baseline)}
        if today:
            runs["today"] = {"SUPPLYSCREEN_COLUMNAR_MIN_BYTES": "0"}
        for name, extra in runs.items():
            res = Path(tmp) / f"{name}.csv"
            run = ["-c", TWO_READS] if name == "two_reads" else ["-m", "supplyscreen"]
            t = timed([py, *run, "check", str(inv), "--format", "csv", "-o", str(res), "--no-progress"], _env(**extra))
            t["x_csv_read"] = t["wall_s"] / out["csv_read"]["wall_s"]  # type: ignore[index]
            t["x_csv_read_cpu"] = t["cpu_s"] / out["csv_read"]["cpu_s"]  # type: ignore[index]
            t["sha256"] = _digest(res)
            out[name] = t
    out["load_after"] = os.getloadavg()[0]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("check", "spark"))
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--today", action="store_true", help="also time the row-by-row path")
    ap.add_argument("--baseline", type=Path, help="also time `check` from this source tree, e.g. an earlier commit's "
                                                  "src/ (git archive COMMIT src | tar -x -C DIR; pass DIR/src)")
    ap.add_argument("--two-reads", action="store_true", help="also time `check` reading every file twice "
                                                              "(the columnar path's one-read budget at 0)")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    res = check(args.inventory, args.today, args.baseline, args.two_reads) if args.what == "check" else spark(args.inventory, args.partitions)
    print(json.dumps(res, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))


SPARK_RUN = """
import sys, time, tempfile
t0 = time.perf_counter()
from supplyscreen.batch import spark as engine
s = engine.session("local[2]", "supplyscreen-bench")
s.sparkContext.setLogLevel("ERROR")
t1 = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    engine.screen_path(s, engine.Path(sys.argv[1]), engine.Job(), int(sys.argv[2])).write.parquet(tmp + "/out")
    t2 = time.perf_counter()
    n = s.read.parquet(tmp + "/out").count()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {n}")
"""


def spark(inv: Path, partitions: int) -> dict[str, object]:
    """Spark on local[2] after session start (rows/s), beside the CLI's check and the local engine."""
    py = sys.executable
    out: dict[str, object] = {"file": str(inv), "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        p = subprocess.run([py, "-c", SPARK_RUN, str(inv), str(partitions)], env=_env(), capture_output=True,
                           text=True, check=True)
        wall = time.perf_counter() - start
        session_s, screen_s, rows = p.stdout.split()[-3:]
        out["spark_local2"] = {"wall_s": wall, "session_s": float(session_s), "screen_s": float(screen_s),
                               "rows": int(rows), "rows_per_s": int(rows) / float(screen_s)}
        t = timed([py, "-m", "supplyscreen", "check", str(inv), "--format", "csv", "-o", str(Path(tmp) / "c.csv"),
                   "--no-progress"], _env())
        t["rows_per_s"] = int(rows) / t["wall_s"]
        out["cli_check"] = t
    out["load_after"] = os.getloadavg()[0]
    return out


if __name__ == "__main__":
    main()
