"""One CSV row per item: the decision, the strongest evidence and the reason.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a quote.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from supplyscreen.formats.base import Run
from supplyscreen.model import ItemResult
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
        w = csv.writer(out, lineterminator="\n")
        for r in results:
            top = r.matches[0] if r.matches else None
            des = top.match.designated if top else ()
            w.writerow(
                [
                    safe(x)
                    for x in (
                        r.item.ref,
                        r.item.line,
                        r.decision.value,
                        top.field if top else "",
                        top.value if top else "",
                        top.match.entity.name if top else "",
                        top.match.band.value if top else "",
                        f"{top.match.score:.3f}" if top else "",
                        "; ".join(d.entity.name for d in des),
                        "; ".join(dict.fromkeys(i for d in des for i in d.list_ids)),
                        "; ".join(h.id for h in r.rules),
                        r.reason,
                    )
                ]
            )
