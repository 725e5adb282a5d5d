"""A rich table for a terminal: the items that need attention first, and a summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.table import Table

from supplyscreen.formats.base import Run
from supplyscreen.model import Decision, ItemResult
from supplyscreen.registry import info as registry_info
from supplyscreen.screen import Tally

# Rows printed before the table is cut: a terminal shows a few screens, the rest goes to --format csv.
MAX_ROWS = 200
STYLE = {"exclude": "bold red", "review": "yellow", "unknown": "magenta", "allow": "green"}


class TableWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        console = Console(file=out, soft_wrap=False)
        table = Table(title=f"{run.source.path} — policy {run.policy}"
                      + (f", as of {run.as_of.isoformat()}" if run.as_of else ""), show_lines=False)
        for col in ("ref", "decision", "evidence", "reason"):
            table.add_column(col, overflow="fold")
        # Keep at most MAX_ROWS per decision while streaming, then show the most severe first.
        kept: dict[Decision, list[ItemResult]] = {d: [] for d in Decision}
        hidden = 0
        for r in results:
            bucket = kept[r.decision]
            if len(bucket) < MAX_ROWS:
                bucket.append(r)
            else:
                hidden += 1
        ordered = [r for d in sorted(Decision, key=lambda d: -d.severity) for r in kept[d]]
        hidden += max(0, len(ordered) - MAX_ROWS)
        for r in ordered[:MAX_ROWS]:
            top = r.matches[0] if r.matches else None
            evidence = f"{top.field} '{top.value}' → {top.match.entity.name} ({top.match.band.value})" if top else ""
            table.add_row(str(r.item.ref), f"[{STYLE[r.decision.value]}]{r.decision.value}[/]", evidence, r.reason)
        console.print(table)
        if hidden:
            console.print(f"… {hidden} more rows not shown; use --format csv or json for all of them.")
        c = tally.counts
        console.print(
            f"[bold]{tally.decision.value.upper()}[/]  exclude {c['exclude']} · review {c['review']} · "
            f"unknown {c['unknown']} · allow {c['allow']}  (rows in {tally.rows_in}, out {tally.rows_out})"
        )
        console.print(f"[dim]{registry_info.stamp_line(run.registry)}[/]")
        if run.source.encoding:
            console.print(f"read {run.source.format} as {run.source.encoding}; columns: "
                          + ", ".join(f"{k}={v!r}" for k, v in run.source.columns.items()))
