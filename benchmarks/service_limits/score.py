"""Scores the service-limits batch: each hostile input is read by `supplyscreen check` in a child
process capped at 2 GiB of address space and 60 s; it passes when the run takes at most 15 s of CPU
more than a one-row list (the start-up and registry load, measured first), within 60 s, and says which limit
the input broke (the word "limit" in its output), without a traceback.
Run: python make_inputs.py inputs && python score.py inputs."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

CPU_BUDGET = 15.0  # s: a careful reader refuses a hostile file in well under a second; 15 s is slack for a loaded machine
MEMORY = 2 * 2**30  # the child is capped here so a run that would take 11 GB fails instead of swapping


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _cpu() -> float:
    """CPU seconds the finished children have used so far (the machine may be busy: wall time lies)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main(folder: Path) -> None:
    passed = 0
    files = sorted(folder.iterdir())
    control = folder.parent / "control.csv"
    control.write_text("vendor,model\nAcme,X1\n")
    subprocess.run([sys.executable, "-m", "supplyscreen", "check", str(control)], capture_output=True, timeout=120)
    base = _cpu()
    print(f"a one-row list: {base:.1f} s of CPU")
    for f in files:
        c0, t0 = _cpu(), time.monotonic()
        try:
            r = subprocess.run([sys.executable, "-m", "supplyscreen", "check", str(f), "--format", "json"],
                               capture_output=True, text=True, timeout=60, preexec_fn=_cap)
            out, code = r.stdout + r.stderr, r.returncode
        except subprocess.TimeoutExpired:
            out, code = "timeout", -1
        cpu, wall = _cpu() - c0, time.monotonic() - t0
        ok = code in (0, 1, 2) and "Traceback" not in out and "limit" in out.lower() and cpu < base + CPU_BUDGET
        passed += ok
        print(f"{f.name:18} exit {code:3} {cpu:6.1f} s CPU {wall:6.1f} s  {'pass' if ok else 'FAIL'}  "
              f"{out.strip()[-160:]!r}")
    print(f"{passed} of {len(files)} refused with a clear reason within budget")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "inputs"))
