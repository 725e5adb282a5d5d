#!/usr/bin/env python3
"""Whole-process start-up cost of `supplyscreen check` and `intel ingest`, two source trees side by side.

    python benchmarks/startup.py BASELINE_SRC CANDIDATE_SRC [--reps N] [--inventory FILE] [--article FILE]

Runs each command on a tiny input (a 10-row inventory, one article) from both trees in turn,
interleaved so that the other loads on a shared machine fall on both alike, and prints the child's
CPU (user + sys) and wall time, min and median, with the median of the paired CPU ratios.
BASELINE_SRC is e.g. a `git archive main src` extracted to /tmp. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run(cmd: list[str], src: str) -> tuple[float, float]:
    """(CPU, wall) seconds of one whole process run with ``src`` first on PYTHONPATH."""
    env = dict(os.environ, PYTHONPATH=src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("baseline")
    ap.add_argument("candidate")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--inventory", type=Path, required=True, help="a small inventory (make_inventory.py 10 ...)")
    ap.add_argument("--article", type=Path, required=True, help="one news article")
    a = ap.parse_args()
    py = [sys.executable, "-m", "supplyscreen"]
    cmds = {
        "check": [*py, "check", str(a.inventory), "-f", "json", "--no-progress", "-o", os.devnull],
        "intel": [*py, "intel", "ingest", str(a.article), "--format", "json"],
    }
    trees = {"baseline": a.baseline, "candidate": a.candidate}
    got: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(a.reps):
        for name, cmd in cmds.items():
            for tree, src in trees.items():
                got.setdefault((name, tree), []).append(run(cmd, src))
    for (name, tree), v in sorted(got.items()):
        cpu = [c for c, _ in v]
        wall = [w for _, w in v]
        print(f"{name:6s} {tree:9s} n={len(v)} CPU min {min(cpu):.2f} median {statistics.median(cpu):.2f}"
              f"  wall min {min(wall):.2f} median {statistics.median(wall):.2f}")
    for name in cmds:
        ratios = [c[0] / b[0] for b, c in zip(got[(name, "baseline")], got[(name, "candidate")], strict=True)]
        print(f"{name}: median paired CPU ratio candidate/baseline {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
