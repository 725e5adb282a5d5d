#!/usr/bin/env python3
"""CPU of the columnar check's own work, without the CLI around it (issue 20, item 2).

    python benchmarks/batch/screen_cpu.py INVENTORY.csv [--fork]

Loads the registry, then times ``columnar.screen_csv`` on the file into memory: on one process
(the default: the keys are not split between two, so the figure does not depend on how the
machine schedules the fork) or, with ``--fork``, as ``check`` runs it (the second half of each
lot of new keys in a forked child). Prints the CPU seconds of the screening (this process and
its reaped children), the verdict keys and evidence keys the screener holds, and the first 16
hex digits of the output's SHA-256 (equal to ``check``'s output file). Run it with PYTHONPATH
pointing at a source tree to compare two trees on the same machine and load.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import resource
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from supplyscreen import library
from supplyscreen.batch import columnar
from supplyscreen.sources import ReadOptions, open_source


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class _Memory:
    def __init__(self) -> None:
        self.out = io.StringIO()

    def __enter__(self) -> io.StringIO:
        return self.out

    def __exit__(self, *exc: Any) -> None:
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--fork", action="store_true", help="split new keys between two processes, as check does")
    ap.add_argument("--young", action="store_true",
                    help="full garbage collections left out, as check runs (cli._young_collections_only): one "
                         "more or fewer of them (~0.2-0.4 CPU s each at 200,000 rows) otherwise swings a figure")
    args = ap.parse_args()
    if not args.fork:
        columnar.TWO_CORES_MIN = 1 << 62  # every lot screened in this process
    screener = library.make_screener(library.load_registry())
    source = open_source(args.inventory, ReadOptions())
    sink = _Memory()
    gc_ctx: Any = nullcontext()
    if args.young:
        from supplyscreen.cli import _young_collections_only

        gc_ctx = _young_collections_only()
    cpu, wall = _cpu(), time.perf_counter()
    with gc_ctx:
        tally = columnar.screen_csv(source, screener, lambda: sink)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    print(json.dumps({
        "file": str(args.inventory), "fork": args.fork, "rows": tally.rows_in if tally else None,
        "screen_cpu_s": round(cpu, 2), "screen_wall_s": round(wall, 2),
        "verdict_keys": len(screener._cache), "evidence_keys": len(screener._evidence_cache),
        "sha256": hashlib.sha256(sink.out.getvalue().encode("utf-8")).hexdigest()[:16],
    }))


if __name__ == "__main__":
    main()
