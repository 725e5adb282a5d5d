"""Status accuracy of ``detect.decide_status`` on a held-out batch of single sentences.

    PYTHONPATH=src python benchmarks/status_batch.py benchmarks/news-unseen-status/status.tsv [--show]

Each row is ``status<TAB>lang<TAB>sentence``; the sentence is decided alone (as one restriction
sentence of a group). Prints the accuracy and, with --show, every decision with its reason, so a
reviewer can see whether the quoted phrase is a status phrase or a topic phrase.
"""

from __future__ import annotations

import argparse
import pathlib

from supplyscreen.intel import detect


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("file", type=pathlib.Path)
    p.add_argument("--show", action="store_true")
    a = p.parse_args()
    ok = n = 0
    for ln in a.file.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        gold, lang, text = ln.split("\t")
        d = detect.decide_status([text])
        n += 1
        ok += d.label == gold
        if a.show:
            print(f"{'ok ' if d.label == gold else 'BAD'} {lang} gold {gold:9} {d.reason}  | {text[:70]}")
    print(f"status_acc={ok / n:.3f} ({ok}/{n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
