"""Score supplyscreen on the bom-realworld set through its CLI (the JSON contract only).

    PATH=$PWD/.venv/bin:$PATH python3 benchmarks/data/bom-realworld/score.py [--json OUT] [--cmd supplyscreen]

One `supplyscreen check FILE --policy us-ndaa-889 --format json` per file. Figures:

- ``files_read``: files that should be read and were (exit 0 or 1 with the contracted JSON);
- ``refused_wrongly``: files that should be read but were refused (exit 2);
- ``accepted_wrongly``: invalid files that should be refused (exit 2) but were screened;
- ``error_named``: refused invalid files whose message names the file and the wrong field;
- ``wrong_allow``: expected rows of files read (a designated maker's package, or a document with
  nothing to screen) decided ``allow``: the worst error; ``missing``: expected refs absent from
  the output of a file that was read (a dropped package);
- ``accuracy``: expected rows of every file that should be read, with the expected decision
  (``a|b`` accepts either); a file refused wrongly counts all its rows wrong;
- ``rows_ok``: files read with ``rows_in == rows_out == len(items)``, no duplicate refs, and every
  expected ref present.

Standard library only, so it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(cmd: list[str], path: Path) -> tuple[int, dict | None, str]:
    p = subprocess.run([*cmd, "check", str(path), "--policy", "us-ndaa-889", "--format", "json"],
                       capture_output=True, text=True, timeout=600)
    try:
        out = json.loads(p.stdout) if p.returncode in (0, 1) else None
    except json.JSONDecodeError:
        out = None
    return p.returncode, out, p.stderr.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default="supplyscreen")
    ap.add_argument("--json", dest="json_out")
    a = ap.parse_args()
    cmd = shlex.split(a.cmd)
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (HERE / "expected.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows[r["file"]].append(r)
    f = dict.fromkeys(["files", "to_read", "files_read", "refused_wrongly", "to_refuse", "refused",
                       "accepted_wrongly", "error_named", "rows", "correct", "wrong_allow", "missing",
                       "rows_ok_files"], 0)
    errors: list[str] = []
    for name, expected in sorted(rows.items()):
        f["files"] += 1
        code, out, err = run(cmd, HERE / name)
        refuse = expected[0]["expected_decision"] == "refuse"
        if refuse:
            f["to_refuse"] += 1
            if code == 2:
                f["refused"] += 1
                mention = expected[0]["error_mentions"]
                if name in err and mention in err:
                    f["error_named"] += 1
                else:
                    errors.append(f"{name}: refused, but the message does not name the file and {mention!r}: {err[:200]}")
            else:
                f["accepted_wrongly"] += 1
                errors.append(f"{name}: should be refused (invalid), was screened (exit {code})")
            continue
        f["to_read"] += 1
        if out is None:
            f["refused_wrongly"] += 1
            f["rows"] += len(expected)
            errors.append(f"{name}: refused (exit {code}): {err[:240]}")
            continue
        f["files_read"] += 1
        items = {i["ref"]: i for i in out.get("items", [])}
        s = out.get("summary", {})
        refs = [i["ref"] for i in out.get("items", [])]
        ok = s.get("rows_in") == s.get("rows_out") == len(refs) == len(set(refs)) and len(refs) > 0
        for r in expected:
            f["rows"] += 1
            got = out.get("decision") if r["ref"] == "*" else items.get(r["ref"], {}).get("decision")
            if r["ref"] != "*" and r["ref"] not in items:
                ok = False
            want = r["expected_decision"].split("|")
            if got in want:
                f["correct"] += 1
                continue
            if got is None:
                f["missing"] += 1
            elif got == "allow" and "allow" not in want:
                f["wrong_allow"] += 1
            errors.append(f"{name} {r['ref']}: expected {r['expected_decision']}, got {got}")
        if ok:
            f["rows_ok_files"] += 1
        else:
            errors.append(f"{name}: rows_in {s.get('rows_in')} rows_out {s.get('rows_out')} items {len(refs)}"
                          f" (distinct {len(set(refs))})")
    figures = {
        "files": f["files"], "files_read": f"{f['files_read']}/{f['to_read']}",
        "refused_wrongly": f["refused_wrongly"], "accepted_wrongly": f"{f['accepted_wrongly']}/{f['to_refuse']}",
        "error_named": f"{f['error_named']}/{f['to_refuse']}", "wrong_allow": f["wrong_allow"],
        "missing": f["missing"],
        "accuracy": round(f["correct"] / max(1, f["rows"]), 3),
        "rows_ok": f"{f['rows_ok_files']}/{f['to_read']}",
    }
    for e in errors:
        print("  " + e)
    print("figures: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
