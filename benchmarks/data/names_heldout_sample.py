#!/usr/bin/env python3
"""Draw the IEEE-registrant rows of names-heldout.csv (categories ieee, ieee-short, wireshark).

    python benchmarks/data/names_heldout_sample.py [--ieee ../shared/data/ieee-registries] > rows.csv

Reproducible: a fixed seed over the sorted, de-duplicated "Organization Name" values of the four
2026 IEEE files (MA-L, MA-M, MA-S, IAB). 160 names at random (ieee); 100 of those whose normalised
name is at most four letters long (ieee-short), where look-alikes of listed initials are likeliest;
40 more rewritten the way network tools print a registrant (wireshark): legal forms and a few
general words dropped, all-capital names title-cased, punctuation and spaces removed, cut to eight
characters (as Wireshark's manuf file abbreviates registrants, e.g. "HuaweiTe"). Every drawn row is
labelled ``none``; names-heldout.csv records where a drawn registrant is in fact a listed party.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

from supplyscreen.matching.normalise import normalise

FILES = ("oui-2026-08-19.csv", "mam-2026-08-19.csv", "oui36-2026-08-19.csv", "iab-2026-08-11.csv")
SEED = 16
SHORT_KEY = 4
# Words a network tool's vendor table drops before abbreviating a registrant (legal forms and a
# few general words), written for this set.
DROPPED = frozenset("""a s ab ag bv b v closed joint stock company co corp corporation de cv gmbh holding
    inc incorporated jsc kg k k limited llc ltd nv n v oao of open ooo oy oyj plc pty pvt sarl sa spa
    sp k srl systems the zao z o o""".split())


def tool_short(name: str) -> str:
    """``name`` as a network tool's vendor table abbreviates it (eight characters)."""
    text = " ".join(name.split())
    if text.isupper():
        text = text.title()
    text = re.sub(r"[\"',./:()]", " ", text).replace(" & ", " ")
    words = text.split()
    kept = [w for w in words if w.lower() not in DROPPED] or words
    return "".join(kept)[:8]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ieee", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data" / "ieee-registries")
    a = ap.parse_args()
    names: set[str] = set()
    for f in FILES:
        with open(a.ieee / f, encoding="utf-8", newline="") as fh:
            names.update(r["Organization Name"].strip() for r in csv.DictReader(fh))
    names -= {"", "Private"}
    ordered = sorted(names)
    rng = random.Random(SEED)
    short = [n for n in ordered if 0 < len(normalise(n).key.replace(" ", "")) <= SHORT_KEY]
    plain = rng.sample(ordered, 160)
    shorts = rng.sample([n for n in short if n not in plain], 100)
    rest = [n for n in ordered if n not in plain and n not in shorts]
    tool = rng.sample(rest, 40)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerows([n, "none", "ieee"] for n in plain)
    w.writerows([n, "none", "ieee-short"] for n in shorts)
    w.writerows([tool_short(n), "none", "wireshark"] for n in tool)
    return 0


if __name__ == "__main__":
    sys.exit(main())
