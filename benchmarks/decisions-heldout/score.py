"""Score the decisions held-out set (issue 16): every row's decision, fresh and in a warm screener.

    PYTHONPATH=src python benchmarks/decisions-heldout/score.py [--show N]

Each (file, policy, organisation file) is screened by a fresh screener and compared with
``expected.csv`` (``exclude|review`` accepts either). Then the files of each (policy, organisation
file) are screened in one warm screener, in order and reversed, as the service shares one across
uploads: every row must get what it got afresh (decision, rules and reason).

Figures: ``accuracy``; ``wrong_allow`` (expected exclude/review, got allow: the worst error);
``wrong_exclude`` (got exclude where it was not expected); ``rows_ok`` (1 when rows_in == rows_out
for every run); ``order_flips`` (rows whose warm result differs from the fresh one).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from supplyscreen import library

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=30)
    args = ap.parse_args()
    with open(HERE / "expected.csv", encoding="utf-8") as fh:
        expected = list(csv.DictReader(fh))
    groups: dict[tuple[str, str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for row in expected:
        groups[(row["file"], row["policy"], row["org"])][row["ref"]] = row
    fresh: dict[tuple[str, str, str], dict[str, tuple]] = {}
    rows_ok = 1
    for (file, policy, org), _ in groups.items():
        reg = library.load_registry(None, (HERE / org,) if org else ())
        report = library.check(HERE / file, policy=policy, registry=reg)
        rows_ok &= int(report.rows_in == report.rows_out)
        fresh[(file, policy, org)] = {
            r.item.ref: (r.decision.value, tuple(h.id for h in r.rules), r.reason) for r in report.results}
    # Warm: one screener per (policy, org) across its files, in order and reversed.
    flips = []
    by_setting: dict[tuple[str, str], list[str]] = defaultdict(list)
    for file, policy, org in groups:
        by_setting[(policy, org)].append(file)
    for (policy, org), files in by_setting.items():
        reg = library.load_registry(None, (HERE / org,) if org else ())
        for order in (files, files[::-1], [f for pair in zip(files, files[::-1], strict=True) for f in pair]):
            warm = library.make_screener(reg, policy)
            for file in order:
                report = library.check(HERE / file, policy=policy, registry=reg, screener=warm)
                for r in report.results:
                    got = (r.decision.value, tuple(h.id for h in r.rules), r.reason)
                    if got != fresh[(file, policy, org)].get(r.item.ref):
                        flips.append(f"{file}#{r.item.ref} ({policy}): warm {got[0]} {got[1]} vs fresh "
                                     f"{fresh[(file, policy, org)][r.item.ref][:2]}")
    n = right = wrong_allow = wrong_exclude = 0
    errors = []
    for key, rows in groups.items():
        for ref, row in rows.items():
            n += 1
            want = set(row["expected"].split("|"))
            got = fresh[key].get(ref, ("missing", (), ""))[0]
            if got in want:
                right += 1
                continue
            wrong_allow += got == "allow" and bool(want & {"exclude", "review"})
            wrong_exclude += got == "exclude"
            errors.append(f"{key[0]}#{ref} ({key[1]}): expected {row['expected']}, got {got} — {row['note']}")
    for e in errors[: args.show]:
        print(e)
    for f in sorted(set(flips))[: args.show]:
        print("order:", f)
    print(f"figures: rows={n} accuracy={right / n:.3f} wrong_allow={wrong_allow} wrong_exclude={wrong_exclude} "
          f"rows_ok={rows_ok} order_flips={len(set(flips))}")
    return 0 if not errors and not flips and rows_ok else 1


if __name__ == "__main__":
    sys.exit(main())
