"""Measure and status per positive article of a news set, against the gold ``events.json``.

    PYTHONPATH=src python benchmarks/intel_fields.py benchmarks/news-unseen-measure [--show]

``../shared/benchmarks/score.py intel`` scores the measure but not the status; this prints both,
choosing the event that stands for the gold one as score.py does (same jurisdiction, most gold
targets). Gold events without a ``status`` are left out of the status figure. Negatives flagged are
listed with the measure and the reason the pipeline gives, to see why they were flagged.

Each wrong measure also says where it came from, read from the event's source for the article (which
carries what that report alone said): ``own <label>`` when the article's own claim said something
else than its event, ``no event of <J>`` when the article has no event of the gold jurisdiction. The
last line counts the positives by that origin (right / own claim right but the event's vote overrode
it / own claim wrong / no event of the gold jurisdiction), to tell a classifier's misses from the
event's and the detector's without reading the articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import subprocess
import sys


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("dir", type=pathlib.Path)
    p.add_argument("--show", action="store_true", help="list every wrong field")
    a = p.parse_args()
    out = subprocess.run([sys.executable, "-m", "supplyscreen", "intel", "ingest", str(a.dir / "articles"),
                          "--format", "json"], capture_output=True, text=True, check=False)
    data = json.loads(out.stdout)
    events = {str(e["id"]): e for e in data["events"]}
    pred = {pathlib.PurePath(x["path"]).name: x for x in data["articles"]}
    gold = json.loads((a.dir / "events.json").read_text(encoding="utf-8"))
    with (a.dir / "articles.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    m_ok = s_ok = s_n = n_pos = t_hit = t_total = 0
    origin: dict[str, int] = {}
    wrong = []
    for r in rows:
        c = r["cluster"].strip()
        evs = [events[str(e)] for e in pred.get(r["file"], {}).get("events", [])]
        if not c:
            if evs and a.show:
                wrong.append(f"  neg  {r['file']}: flagged {[(e['jurisdiction'], e['measure']) for e in evs]}")
            continue
        n_pos += 1
        g = gold[c]
        same = [e for e in evs if str(e.get("jurisdiction", "")).upper() == g["jurisdiction"].upper()]
        gt = set(g["targets"])
        rep = max(same, key=lambda e: len(gt & {str(t.get("group") or "") for t in e.get("targets", [])}), default=None)
        # Targets by the output's own group slug, over every event of the gold jurisdiction: score.py
        # reads only the ten groups it knows by keyword, so a "dji" or "quectel" target counts here.
        got = {str(t.get("group") or "") for e in same for t in e.get("targets", [])}
        t_hit += len(gt & got)
        t_total += len(gt)
        if a.show and gt - got:
            wrong.append(f"  {r['file']}: targets {sorted(got - {''})} (gold {sorted(gt)})")
        pm = rep["measure"] if rep else "-"
        ps = rep["status"] if rep else "-"
        m_ok += pm == g["measure"]
        own = next((x.get("measure") for x in (rep or {}).get("sources", [])
                    if pathlib.PurePath(x["path"]).name == r["file"]), None)
        kind = ("right" if pm == g["measure"] else f"no event of {g['jurisdiction']}" if rep is None
                else "own claim right, event overrode" if own == g["measure"] else "own claim wrong")
        origin[kind.split(" of ")[0]] = origin.get(kind.split(" of ")[0], 0) + 1
        if own and own != pm:
            pm = f"{pm} (own {own})"
        elif rep is None:
            pm = kind
        if g.get("status"):
            s_n += 1
            s_ok += ps == g["status"]
        if a.show and (kind != "right" or (g.get("status") and ps != g["status"])):
            wrong.append(f"  {r['file']}: measure {pm} (gold {g['measure']}), status {ps} (gold {g.get('status')})")
    print(f"{a.dir.name}: measure_acc={m_ok / n_pos if n_pos else 0:.3f} "
          f"status_acc={s_ok / s_n if s_n else 0:.3f} ({n_pos} positives, {s_n} with a gold status) "
          f"target_recall_by_slug={t_hit / t_total if t_total else 0:.3f}")
    print("\n".join(wrong))
    print("measure origin: " + ", ".join(f"{k} {v}" for k, v in sorted(origin.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
