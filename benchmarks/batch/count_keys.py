#!/usr/bin/env python3
"""Distinct verdict keys and evidence keys of an inventory, as `check` makes them (issue 20).

    python benchmarks/batch/count_keys.py INVENTORY.csv [--policy PACK] [--by-reading] [--respell OUT.csv]

Reads the file with the project's own CSV reader and keys every row with the screener's
``verdict_key`` (what the evidence finder and the policy declare they read), without screening.
Prints rows, distinct verdict keys, distinct evidence keys, and how each field is read in the key.

--by-reading  also count the keys if each maker-name field (vendor, manufacturer, ...) were held
              not by its spelling but by what its readers answer for it, the spelling a slot
              (:func:`reading`), and, for comparison, by its normalised name alone; and how many
              normalised names have spellings that read apart.
--respell     write the inventory with each vendor spelling replaced by the first spelling of the
              same reading: screening that file times the merged keys (no per-row fill).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from supplyscreen import library
from supplyscreen.fields import NAME_FIELDS, UNKNOWN_MAKER
from supplyscreen.matching.normalise import normalise
from supplyscreen.screen import Screener
from supplyscreen.sources import ReadOptions, open_source

SLOT = "\x00spelling\x00"
"""Stands for the row's own spelling in a reading; no inventory cell holds a NUL."""


class Readings:
    """A maker name as its readers read it, the spelling itself a slot: whether it states the maker
    as unknown (the maker fact), its distinctive words (the conflict finder's ``names_agree``), and
    the matcher's best designated match (what the evidence finder keeps) with every occurrence of
    the spelling in its texts replaced by :data:`SLOT`.

    Two spellings with one reading give texts that differ only where they quote the spelling:
    filling the first spelling's slotted texts with the second's gives the second's texts exactly
    (replacing every occurrence of a string by a NUL-holding slot and back is the identity). A
    spelling equal to a name in the explanation (``'Huawei' is the registry name 'Huawei'``) slots
    that name too, so it reads apart from spellings that do not (``'HUAWEI' ... apart from case``):
    the reading may merge less than the normalised name, never wrongly."""

    def __init__(self, screener: Screener) -> None:
        self._match = screener.finder.matcher.match
        self._as_of = screener.as_of
        self._memo: dict[str, object] = {}

    def __call__(self, value: str) -> object:
        hit = self._memo.get(value)
        if hit is None:
            s = value.strip()
            if not s:
                hit = ""
            else:
                def slot(text: str) -> str:
                    return text.replace(s, SLOT)
                best = tuple((m.entity.id, m.score, m.band, slot(m.explanation), m.designated, slot(m.matched_name),
                              tuple((f.id, slot(str(f))) for f in m.features)) for m in self._match(s, self._as_of)[:1])
                hit = (bool(UNKNOWN_MAKER.match(s)), normalise(s).distinct, best)
            self._memo[value] = hit
        return hit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inventory", type=Path)
    ap.add_argument("--policy", default=None)
    ap.add_argument("--by-reading", action="store_true")
    ap.add_argument("--respell", type=Path)
    args = ap.parse_args()
    kwargs = {"policy": args.policy} if args.policy else {}
    screener = library.make_screener(library.load_registry(), **kwargs)
    if args.respell:
        respell(args.inventory, args.respell, Readings(screener))
        return
    vk = screener._key
    reading = Readings(screener)
    names = [i for i, r in enumerate(vk.roles) if r in NAME_FIELDS]
    ways = ("as_is", "by_reading", "by_normalised_name") if args.by_reading else ("as_is",)
    keys: dict[str, set[object]] = {w: set() for w in ways}
    evidence: dict[str, set[object]] = {w: set() for w in ways}
    spellings: dict[str, dict[str, object]] = defaultdict(dict)
    rows = 0
    for item in open_source(args.inventory, ReadOptions()).items():
        rows += 1
        key = screener.verdict_key(item)
        variants: dict[str, tuple[object, ...] | None] = {"as_is": key}
        if args.by_reading and key is not None:
            by_reading, by_name = list(key), list(key)
            for i in names:
                if v := key[i]:
                    assert isinstance(v, str)
                    by_reading[i] = reading(v)
                    by_name[i] = normalise(v).key
                    spellings[normalise(v).key][v] = by_reading[i]
            variants.update(by_reading=tuple(by_reading), by_normalised_name=tuple(by_name))
        for w, k in variants.items():
            keys[w].add(k)
            if k is not None:
                evidence[w].add(vk.evidence(k))
    out: dict[str, object] = {"rows": rows, "verdict_keys": len(keys["as_is"]), "evidence_keys": len(evidence["as_is"])}
    if args.by_reading:
        out.update(verdict_keys={w: len(s) for w, s in keys.items()}, evidence_keys={w: len(s) for w, s in evidence.items()})
        out.update(spellings=sum(map(len, spellings.values())), normalised_names=len(spellings),
                   names_whose_spellings_read_apart=sum(len(set(map(repr, g.values()))) > 1
                                                        for g in spellings.values()))
    out["read_as"] = {r: screener.reads.fields[r] for r in vk.roles}
    print(json.dumps(out, indent=1))


def respell(src: Path, dst: Path, reading: Readings) -> None:
    first: dict[object, str] = {}
    rows = respelt = 0
    with src.open(encoding="utf-8", newline="") as fi, dst.open("w", encoding="utf-8", newline="") as fo:
        r, w = csv.reader(fi), csv.writer(fo)
        head = next(r)
        w.writerow(head)
        at = head.index("vendor")
        for row in r:
            rows += 1
            if len(row) > at and row[at].strip():
                was = first.setdefault(repr(reading(row[at])), row[at])
                if was != row[at]:
                    row[at], respelt = was, respelt + 1
            w.writerow(row)
    print(json.dumps({"rows": rows, "rows_respelt": respelt, "readings": len(first)}))


if __name__ == "__main__":
    main()
