"""One CSV row per item: the decision, the strongest evidence and the reason.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a quote.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from supplyscreen.formats.base import Run
from supplyscreen.model import FieldMatch, ItemResult
from supplyscreen.screen import Tally

HEADER = ("ref", "line", "decision", "field", "value", "entity", "band", "score", "designated", "lists",
          "rules", "reason")


def safe(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        csv.writer(out, lineterminator="\n").writerow(HEADER)
        self.rows(results, out)

    def rows(self, results: Iterator[ItemResult], out: TextIO) -> None:
        """The data rows alone (a parallel worker writes its share of them; see parallel.py)."""
        writerow = csv.writer(out, lineterminator="\n").writerow
        # The middle cells (decision, top match, designated parties, lists, rules) are the same for
        # every row that shares a cached verdict: worked out once per (decision, top match, its
        # field, rules), and only ref, line, value and reason are written per row (1,000,000
        # inventory rows: about 5 µs a row less).
        shared: Shared = {}
        for r in results:
            item = r.item
            writerow((safe(item.ref), "" if item.line is None else item.line, *tail_cells(r, shared)))


Shared = dict[tuple[int, int, str, int], tuple[object, object, list[str]]]
"""Middle cells by (decision, top match, its field, rules) ids; each entry keeps its objects alive,
so no other object can take one of those ids while the entry exists."""


def tail_cells(r: ItemResult, shared: Shared) -> tuple[object, ...]:
    """A result's cells after ref and line: decision, field, value, entity, band, score, designated,
    lists, rules, reason (the middle ones shared through ``shared``, bounded by SHARED_LIMIT)."""
    top = r.matches[0] if r.matches else None
    match = top.match if top else None
    key = (id(r.decision), id(match), top.field if top else "", id(r.rules))
    hit = shared.get(key)
    if hit is None:
        hit = (match, r.rules, _middle(r, top))
        if len(shared) < SHARED_LIMIT:
            shared[key] = hit
    cells = hit[2]
    return (cells[0], cells[1], safe(top.value) if top else "", *cells[2:], safe(r.reason))


# Distinct (decision, top match, rules) combinations remembered by CsvWriter.rows: a
# million-row inventory has a few thousand; the bound only caps memory on odd input.
SHARED_LIMIT = 100_000


def _middle(r: ItemResult, top: FieldMatch | None) -> list[str]:
    """The cells between value and reason, plus decision and field: [decision, field, entity, band,
    score, designated, lists, rules]."""
    des = top.match.designated if top else ()
    return [
        safe(x)
        for x in (
            r.decision.value,
            top.field if top else "",
            top.match.entity.name if top else "",
            top.match.band.value if top else "",
            f"{top.match.score:.3f}" if top else "",
            "; ".join(d.entity.name for d in des),
            "; ".join(dict.fromkeys(i for d in des for i in d.list_ids)),
            "; ".join(h.id for h in r.rules),
        )
    ]
