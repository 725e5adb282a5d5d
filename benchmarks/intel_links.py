"""Targets the company linker finds in each article of a news set, whatever the detector decides.

    PYTHONPATH=src python benchmarks/intel_links.py benchmarks/news-unseen-targets9 [MORE SETS...]

``../shared/benchmarks/score.py intel`` counts a target only where an event was detected, so a
report the detector misses hides whether its target was linked. This reads every line of every
article through ``CompanyLinker.find`` as a restricting sentence (the linker's most permissive
reading: weak short names count alone), with the language the pipeline detects for it, and prints, per set, the gold targets found, and per
article the ones missed and the groups linked beyond the gold (for a negative, every link is one).
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib

from supplyscreen import library
from supplyscreen.intel import load
from supplyscreen.intel.link import CompanyLinker


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("dirs", type=pathlib.Path, nargs="+")
    args = p.parse_args()
    reg = library.load_registry()
    linker = CompanyLinker(reg, library.matcher_for(reg))
    for d in args.dirs:
        gold_events = json.loads((d / "events.json").read_text(encoding="utf-8"))
        total = found_gold = extra = 0
        with (d / "articles.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for r in rows:
            path = d / "articles" / r["file"]
            lang = next((doc.lang for doc in load.read(path)), "")
            found: dict[str, str] = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                for m in linker.find(line, restriction=True, lang=lang):
                    found.setdefault(m.target.group or "-" + m.target.entity_id, m.target.mention)
            gold = set(gold_events[r["cluster"]]["targets"]) if r["cluster"] else set()
            total += len(gold)
            found_gold += len(gold & set(found))
            extra += len(set(found) - gold)
            if gold - set(found) or set(found) - gold:
                print(f"  {r['file']} ({r['lang']}): gold {sorted(gold)}, linked {found}")
        print(f"{d.name}: gold targets linked {found_gold}/{total}, other groups linked {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
