"""Score the language identifier: a ``lang-unseen*`` batch (``texts.csv``: id,lang,text) and the gold
``lang`` column of news batches (``articles.csv``; each article read as ``intel`` reads it,
``load.read``).

    PYTHONPATH=src python benchmarks/lang_check.py benchmarks/lang-unseen10 [--news DIR ...] [--show]

Prints right/total per folder, the time to load the profiles, and with ``--show`` every miss.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from supplyscreen.intel import lang, load


def batch(folder: Path) -> list[tuple[str, str, str]]:
    """(id, gold, guess) for a texts.csv batch."""
    with (folder / "texts.csv").open(encoding="utf-8") as f:
        return [(r["id"], r["lang"], lang.detect(r["text"])) for r in csv.DictReader(f)]


def news(folder: Path) -> list[tuple[str, str, str]]:
    """(file, gold, guess) for a news batch's rows with a gold language."""
    out = []
    if not (folder / "articles.csv").exists():
        return out
    with (folder / "articles.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p = folder / "articles" / r["file"]
            if r.get("lang") and p.exists():
                docs = load.read(p)
                out.append((r["file"], r["lang"], docs[0].lang if docs else "?"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("batches", nargs="*", type=Path)
    ap.add_argument("--news", nargs="*", type=Path, default=[])
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    t = time.perf_counter()
    lang._profiles()
    print(f"profiles loaded in {1000 * (time.perf_counter() - t):.1f} ms")
    total = [0, 0]
    for folder, rows in [(b, batch(b)) for b in a.batches] + [(n, news(n)) for n in a.news]:
        right = sum(g == p for _, g, p in rows)
        total[0] += right
        total[1] += len(rows)
        print(f"{folder}: {right}/{len(rows)}")
        for i, g, p in rows:
            if a.show and g != p:
                print(f"  {i}: gold {g}, read {p}")
    print(f"all: {total[0]}/{total[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
