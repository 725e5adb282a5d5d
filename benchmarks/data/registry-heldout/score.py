#!/usr/bin/env python3
"""Score the registry-data held-out set through the CLI's JSON only.

    PATH=$PWD/.venv/bin:$PATH python3 benchmarks/data/registry-heldout/score.py [--show N]

Three parts: ``inventory/`` (MAC blocks assigned since 2022 and vendor names as network tools
abbreviate them), ``packages/`` (package URLs of npm, Go and PyPI in a CycloneDX BOM), both run as
``supplyscreen check FILE --policy us-ndaa-889 --format json``; and ``as-of.csv`` (1997-1999
Entity List designations), run as ``supplyscreen match NAME --as-of DATE --format json``: right when
the top result's entity (listed or not) has an active ``us-bis-entity-list`` designation exactly
when ``listed`` says so. Prints per-part figures and a last summary line.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run(args: list[str]) -> dict:
    proc = subprocess.run(["supplyscreen", *args], capture_output=True, text=True, check=False)
    if proc.returncode == 2:
        sys.exit(f"supplyscreen {' '.join(args)} failed: {proc.stderr.strip()[:400]}")
    return json.loads(proc.stdout)


def check_part(folder: Path, show: int) -> dict[str, float]:
    expected = read_csv(folder / "expected.csv")
    inputs = sorted(p for p in folder.iterdir() if p.name != "expected.csv")
    if inputs[0].suffix == ".csv":
        n_rows = len(read_csv(inputs[0]))
    else:
        n_rows = len(json.loads(inputs[0].read_text(encoding="utf-8"))["components"])
    data = run(["check", str(inputs[0]), "--policy", "us-ndaa-889", "--format", "json"])
    items = {str(it["ref"]): it for it in data["items"]}
    s = data["summary"]
    rows_ok = s["rows_in"] == s["rows_out"] == n_rows == len(items)
    right = wrong_allow = false_exclude = 0
    errors = []
    for r in expected:
        it = items.get(r["asset_id"])
        got = it["decision"] if it else "missing"
        want = r["expected_decision"]
        if got == want:
            right += 1
            continue
        if got == "allow" and want in ("exclude", "review"):
            wrong_allow += 1
        if got == "exclude" and want == "allow":
            false_exclude += 1
        errors.append(f"  {r['asset_id']}: expected {want} ({r['expected_group']}), got {got}  [{r['evidence']}]")
    for line in errors[:show]:
        print(line)
    return {"accuracy": round(right / len(expected), 3), "wrong_allow": wrong_allow,
            "false_exclude": false_exclude, "rows": len(expected), "rows_ok": int(rows_ok)}


def asof_part(show: int) -> dict[str, float]:
    rows = read_csv(HERE / "as-of.csv")
    right = 0
    for r in rows:
        data = run(["match", r["query"], "--as-of", r["as_of"], "--format", "json"])
        res = data["results"][0]
        listed = any(any(x["id"] == "us-bis-entity-list" for x in d["lists"])
                     for m in res["matches"][:1] for d in m["designated"])
        want = r["listed"] == "true"
        if listed == want:
            right += 1
        elif show:
            print(f"  as-of {r['as_of']} {r['query']!r}: expected listed={want}, got {listed}  [{r['why']}]")
    return {"accuracy": round(right / len(rows), 3), "rows": len(rows)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20, help="error lines per part")
    a = ap.parse_args()
    figures = {}
    for name in ("inventory", "packages"):
        print(f"[{name}]")
        figures[name] = check_part(HERE / name, a.show)
        print("  " + " ".join(f"{k}={v}" for k, v in figures[name].items()))
    print("[as-of]")
    figures["as-of"] = asof_part(a.show)
    print("  " + " ".join(f"{k}={v}" for k, v in figures["as-of"].items()))
    total = sum(f["rows"] for f in figures.values())
    acc = sum(f["accuracy"] * f["rows"] for f in figures.values()) / total
    wa = sum(f.get("wrong_allow", 0) for f in figures.values())
    fe = sum(f.get("false_exclude", 0) for f in figures.values())
    print(f"registry-heldout: accuracy={acc:.3f} wrong_allow={wa} false_exclude={fe} rows={total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
