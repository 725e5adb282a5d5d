#!/usr/bin/env python3
"""Spark on local[2] at 1M and 10M rows, after session start, beside the CLI on the same file.

    python benchmarks/batch/spark_scale.py INVENTORY.csv [...] [--modes rows,by_key] [--parquet]
        [--cli] [--partitions N] [--compare] [--json OUT]

For each inventory (``benchmarks/make_inventory.py``), in one process and one Spark session (its
start timed apart):

- ``rows``: ``spark.screen_path`` as ``supplyscreen batch screen --engine spark`` runs it
  (``mapInArrow``, one screener per Python worker; each worker screens the keys its partitions hold);
- ``by_key``: ``spark.screen_by_key`` (keys made per row, each distinct key of the whole table
  screened once on some worker, decisions joined back).

Each writes Parquet (as the command does) and the rows written are counted: rows/s is rows over
the screening's wall time after session start. ``--parquet`` also reads the same rows from a Parquet
copy of the file (written by pyarrow beforehand, timed apart: a data lake's table is Parquet).
``--compare`` checks that the modes' outputs hold the same rows (Spark ``exceptAll`` both ways).
``--cli`` times ``supplyscreen check --format csv`` on the same CSV in a child process (wall, CPU,
peak RSS). The load average is written before and after each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))
# The driver (and the local[2] executors in it) get room for a 10M-row table's shuffles; the
# product's session() takes Spark's default, which a cluster's spark-submit sets.
DRIVER_MEMORY = "6g"


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def to_parquet(csv_path: Path, out: Path) -> dict[str, Any]:
    """The CSV as Parquet, every cell a string (as Spark's CSV reader gives them)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as fh:
        header = fh.readline().rstrip("\r\n").split(",")
    reader = pacsv.open_csv(csv_path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                                 strings_can_be_null=False,
                                                                 quoted_strings_can_be_null=False),
                            read_options=pacsv.ReadOptions(block_size=1 << 24))
    with pq.ParquetWriter(out, reader.schema) as w:
        for batch in reader:
            w.write_batch(batch)
    return {"seconds": round(time.perf_counter() - t0, 1), "bytes": out.stat().st_size}


def session(split_mb: int = 0) -> tuple[Any, float]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    t0 = time.perf_counter()
    s: Any = (SparkSession.builder.master("local[2]").appName("supplyscreen-scale")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
         .config("spark.driver.memory", DRIVER_MEMORY))
    if split_mb:  # Parquet splits of this size (Spark's default is 128 MB: a 1M-row file is one split)
        s = s.config("spark.sql.files.maxPartitionBytes", f"{split_mb}m")
    s = s.getOrCreate()
    s.sparkContext.setLogLevel("ERROR")
    s.range(1).count()  # the JVM and the first job's machinery up
    return s, round(time.perf_counter() - t0, 1)


def screen(spark: Any, path: Path, mode: str, partitions: int | None, out: Path) -> dict[str, Any]:
    from supplyscreen.batch import spark as engine

    load0 = _load()
    t0 = time.perf_counter()
    if mode == "rows":
        df = engine.screen_path(spark, path, engine.Job(), partitions)
    else:
        src = spark.read.parquet(str(path)) if path.suffix == ".parquet" else engine.read_csv(spark, str(path))
        df = engine.screen_by_key(src, engine.Job(), partitions)
    df.write.mode("overwrite").parquet(str(out))
    took = time.perf_counter() - t0
    n = spark.read.parquet(str(out)).count()
    spark.catalog.clearCache()
    return {"mode": mode, "input": path.name, "rows": n, "seconds": round(took, 1), "rows_per_s": round(n / took),
            "load": [load0, _load()]}


def cli(path: Path, tmp: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SUPPLYSCREEN_NO_PROGRESS="1")
    load0 = _load()
    start = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "supplyscreen", "check", str(path), "--format", "csv", "-o",
                          str(tmp / "cli.csv"), "--no-progress"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode() if p.stderr else ""
    if code not in (0, 1):
        return {"error": err[-500:], "exit": code}
    with (tmp / "cli.csv").open("rb") as fh:
        rows = sum(1 for _ in fh) - 1
    (tmp / "cli.csv").unlink()
    return {"mode": "cli check", "input": path.name, "rows": rows, "seconds": round(wall, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_mb": round(usage.ru_maxrss / 1024),
            "rows_per_s": round(rows / wall), "load": [load0, _load()]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inventories", type=Path, nargs="+")
    ap.add_argument("--modes", default="rows,by_key")
    ap.add_argument("--partitions", type=int, default=0, help="repartition to N (0: as read)")
    ap.add_argument("--split-mb", type=int, default=0, help="Parquet split size (default: Spark's, 128 MB)")
    ap.add_argument("--parquet", action="store_true", help="also screen a Parquet copy of each file")
    ap.add_argument("--csv", action=argparse.BooleanOptionalAction, default=True, help="screen the CSV itself")
    ap.add_argument("--cli", action="store_true", help="also time the CLI's check on each CSV")
    ap.add_argument("--compare", action="store_true", help="check the modes' outputs hold the same rows")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="supplyscreen-spark-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {"cpus": os.cpu_count(), "driver_memory": DRIVER_MEMORY, "runs": []}

    def emit(entry: dict[str, Any]) -> None:
        doc["runs"].append(entry)
        print(json.dumps(entry), flush=True)
        if args.json:
            args.json.write_text(json.dumps(doc, indent=1), encoding="utf-8")

    modes = [m for m in args.modes.split(",") if m]  # none: the CLI alone (--cli), no session
    spark = None
    if modes:
        spark, start_s = session(args.split_mb)
        doc["session_start_s"] = start_s
        print(json.dumps({"session_start_s": start_s, "load": _load()}), flush=True)
    for inv in args.inventories:
        inputs = [inv] if args.csv and modes else []
        if args.parquet and modes:
            pq = work / (inv.stem + ".parquet")
            if not pq.exists():
                emit({"to_parquet": inv.name, **to_parquet(inv, pq)})
            inputs.append(pq)
        for path in inputs:
            outs = {}
            for mode in modes:
                out = work / f"out-{path.name}-{mode}"
                emit(screen(spark, path, mode, args.partitions or None, out))
                outs[mode] = out
            if args.compare and len(outs) > 1:
                a, b = (spark.read.parquet(str(o)) for o in list(outs.values())[:2])
                emit({"compare": path.name, "only_in_first": a.exceptAll(b).count(),
                      "only_in_second": b.exceptAll(a).count()})
            for o in outs.values():
                shutil.rmtree(o, ignore_errors=True)
        if args.cli:
            emit(cli(inv, work))
    if spark is not None:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
