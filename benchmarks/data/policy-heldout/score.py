#!/usr/bin/env python3
"""Score the countries, roles and legal-basis held-out set (issue 16, items 3, 5 and 8).

    PATH=.venv/bin:$PATH python3 benchmarks/data/policy-heldout/score.py [--show N] [--json OUT]

Runs ``supplyscreen check FILE --policy P [--as-of D] --format json`` once per (file, policy, date)
of ``expected.csv`` and ``supplyscreen report FILE -j J --policy P --as-of D --work-orders DIR`` once
per (file, jurisdiction, policy, date) of ``plan.csv``; standard library only. Figures:

- ``decision_acc``: rows whose decision is the expected one;
- ``rule_acc``: rows with an expected rule whose first (decisive) rule is that rule;
- ``reason_ok``: rows with ``reason_contains`` whose reason contains it (a quoted country value);
- ``absent_ok``: rows with ``absent_rules`` where none of those rules fired (the wrong law cited);
- ``wrong_allow`` (expected exclude or review, got allow) and ``wrong_exclude`` (expected allow or
  review, got exclude): the two errors that matter most;
- ``plan_class_acc``, ``plan_deadline_acc``, ``plan_rule_acc``: the work orders' class, deadline
  and first rule per device (``absent``: the device is allowed and has no work order);
- ``rows_ok``: 1 when every run has rows_in == rows_out == len(items).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _check(file: str, policy: str, as_of: str) -> dict:
    cmd = ["supplyscreen", "check", str(HERE / file), "--policy", policy, "--format", "json"]
    if as_of:
        cmd += ["--as-of", as_of]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if run.returncode == 2:
        sys.exit(f"{' '.join(cmd)}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def _plan(file: str, jurisdiction: str, policy: str, as_of: str) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["supplyscreen", "report", str(HERE / file), "-j", jurisdiction, "--policy", policy,
               "--as-of", as_of, "-o", str(Path(tmp) / "plan.html"), "--work-orders", str(Path(tmp) / "wo")]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if run.returncode == 2:
            sys.exit(f"{' '.join(cmd)}: {run.stderr.strip()}")
        rows: dict[str, dict[str, str]] = {}
        for path in sorted((Path(tmp) / "wo").glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for r in csv.DictReader(fh):
                    rows[r["asset"]] = r
        return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--json")
    args = ap.parse_args()
    expected = list(csv.DictReader((HERE / "expected.csv").open(encoding="utf-8")))
    runs: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for e in expected:
        runs[(e["file"], e["policy"], e["as_of"])].append(e)
    n = {k: 0 for k in ("rows", "decision", "rule_n", "rule", "reason_n", "reason", "absent_n", "absent",
                        "wrong_allow", "wrong_exclude")}
    errors: list[str] = []
    rows_ok = 1
    for (file, policy, as_of), want in runs.items():
        out = _check(file, policy, as_of)
        items = {i["ref"]: i for i in out["items"]}
        s = out["summary"]
        if not (s["rows_in"] == s["rows_out"] == len(out["items"])):
            rows_ok = 0
        for e in want:
            n["rows"] += 1
            got = items.get(e["ref"])
            where = f"{file} {policy} {as_of or '-'} {e['ref']}"
            if got is None:
                errors.append(f"{where}: missing from the output")
                rows_ok = 0
                continue
            rules = [r["id"] for r in got["rules"]]
            ok = got["decision"] == e["expected_decision"]
            n["decision"] += ok
            if not ok:
                errors.append(f"{where}: expected {e['expected_decision']}, got {got['decision']} "
                              f"({', '.join(rules) or 'no rule'}): {got['reason'][:160]}")
                if got["decision"] == "allow" and e["expected_decision"] in ("exclude", "review"):
                    n["wrong_allow"] += 1
                if got["decision"] == "exclude" and e["expected_decision"] in ("allow", "review"):
                    n["wrong_exclude"] += 1
            if e["expected_rule"]:
                n["rule_n"] += 1
                if rules[:1] == [e["expected_rule"]]:
                    n["rule"] += 1
                elif ok:
                    errors.append(f"{where}: expected rule {e['expected_rule']} first, got {', '.join(rules) or 'none'}")
            if e["reason_contains"]:
                n["reason_n"] += 1
                if e["reason_contains"] in got["reason"]:
                    n["reason"] += 1
                else:
                    errors.append(f"{where}: reason lacks {e['reason_contains']!r}: {got['reason'][:160]}")
            if e["absent_rules"]:
                n["absent_n"] += 1
                bad = [r for r in e["absent_rules"].split(";") if r in rules]
                if bad:
                    errors.append(f"{where}: rules {', '.join(bad)} should not apply")
                else:
                    n["absent"] += 1
    plan = list(csv.DictReader((HERE / "plan.csv").open(encoding="utf-8")))
    pruns: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for e in plan:
        pruns[(e["file"], e["jurisdiction"], e["policy"], e["as_of"])].append(e)
    p = {"rows": 0, "cls": 0, "deadline": 0, "rule": 0}
    for (file, jur, policy, as_of), want in pruns.items():
        orders = _plan(file, jur, policy, as_of)
        for e in want:
            p["rows"] += 1
            got = orders.get(e["ref"])
            where = f"plan {file} -j {jur} {e['ref']}"
            cls = got["class"] if got else "absent"
            deadline = got["deadline"] if got else ""
            rule = got["rule"] if got else ""
            p["cls"] += cls == e["expected_class"]
            p["deadline"] += deadline == e["expected_deadline"]
            p["rule"] += rule == e["expected_rule"]
            if (cls, deadline, rule) != (e["expected_class"], e["expected_deadline"], e["expected_rule"]):
                errors.append(f"{where}: expected {e['expected_class']} / {e['expected_deadline'] or 'no date'} / "
                              f"{e['expected_rule'] or 'no rule'}, got {cls} / {deadline or 'no date'} / {rule or 'no rule'}")
    figures = {
        "decision_acc": round(n["decision"] / max(n["rows"], 1), 3),
        "rule_acc": round(n["rule"] / max(n["rule_n"], 1), 3),
        "reason_ok": round(n["reason"] / max(n["reason_n"], 1), 3),
        "absent_ok": round(n["absent"] / max(n["absent_n"], 1), 3),
        "wrong_allow": n["wrong_allow"],
        "wrong_exclude": n["wrong_exclude"],
        "plan_class_acc": round(p["cls"] / max(p["rows"], 1), 3),
        "plan_deadline_acc": round(p["deadline"] / max(p["rows"], 1), 3),
        "plan_rule_acc": round(p["rule"] / max(p["rows"], 1), 3),
        "rows_ok": rows_ok,
        "rows": n["rows"],
        "plan_rows": p["rows"],
    }
    for line in errors[: args.show]:
        print(line)
    if len(errors) > args.show:
        print(f"... {len(errors) - args.show} more")
    print("figures: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
