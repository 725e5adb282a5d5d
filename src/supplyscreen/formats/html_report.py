"""A self-contained HTML report for a procurement file: the component tree (or row list) with each
decision and its evidence chain, item → maker → parent → designation → legal source.

One file, no scripts, no external assets, printable (the evidence of every non-allowed item is
open; allowed items are summarised in a line each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import escape
from typing import TextIO

from supplyscreen.formats.base import Run
from supplyscreen.model import Decision, FieldMatch, ItemResult
from supplyscreen.registry import info as registry_info
from supplyscreen.screen import Tally

# Rows shown in full: a report is read by a person; a million-row inventory belongs in CSV.
MAX_ROWS = 5000
COLOURS = {"exclude": "#b3261e", "review": "#a15c00", "unknown": "#6b4fa0", "allow": "#2e7d32"}

CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP',sans-serif;
 margin:2rem;color:#1c1b1f}
h1{font-size:1.4rem;margin:0 0 .3rem} .meta{color:#555;margin-bottom:1rem}
.cards{display:flex;gap:.8rem;margin:1rem 0} .card{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #e4e4e4;padding:.35rem .5rem;
 vertical-align:top;text-align:left} th{background:#f6f6f6}
.d{font-weight:600;text-transform:uppercase;font-size:.8rem;white-space:nowrap}
.ev{margin:.3rem 0 0 0;padding-left:1rem;color:#333} .ev li{margin:.15rem 0}
.path{color:#555;font-size:.85rem} .cite{color:#555;font-size:.85rem}
@media print{body{margin:.5cm} .card{break-inside:avoid} tr{break-inside:avoid}}
"""


def _evidence(fm: FieldMatch) -> str:
    m = fm.match
    parts = [
        f"<li><b>{escape(fm.field)}</b> '{escape(fm.value)}' → {escape(m.entity.name)} "
        f"({escape(m.band.value)}, {m.score:.2f}): {escape(m.explanation)}"
    ]
    for d in m.designated:
        lists = ", ".join(
            f"{escape(x.list_id)}" + (f" since {x.added.isoformat()}" if x.added else "")
            + (f" [{escape(x.citation)}]" if x.citation else "")
            for x in d.designations
        )
        chain = "".join(f"<div class=path>{escape(step)}</div>" for step in d.path)
        former = " (former)" if d.former else ""
        parts.append(f"<ul class=ev><li>designated: <b>{escape(d.entity.name)}</b>{former} — {lists}{chain}</li></ul>")
    return "".join(parts) + "</li>"


def _row(r: ItemResult) -> str:
    depth = max(0, len(r.item.path) - 1)
    name = r.item.path[-1] if r.item.path else str(r.item.ref)
    colour = COLOURS[r.decision.value]
    detail = ""
    if r.decision is not Decision.ALLOW or r.matches:
        # An assembly's reason already names the offending part and its path; the part's own row
        # carries the evidence, so it is not repeated under every assembly above it.
        ev = "".join(_evidence(fm) for fm in r.matches if not fm.field.startswith("part:"))
        rules = "".join(
            f"<li>{escape(h.id)} → {escape(h.outcome.value)} <span class=cite>{escape(h.citation)}</span></li>"
            for h in r.rules
        )
        detail = (f"<ul class=ev>{ev}</ul>" if ev else "") + (f"<ul class=ev>{rules}</ul>" if rules else "")
    where = f"line {r.item.line}" if r.item.line is not None else ""
    return (
        f"<tr><td style='padding-left:{0.5 + depth * 1.2:.1f}rem'>{escape(name)}"
        f"<div class=path>{escape(str(r.item.ref))} {escape(where)}</div></td>"
        f"<td class=d style='color:{colour}'>{escape(r.decision.value)}</td>"
        f"<td>{escape(r.reason)}{detail}</td></tr>"
    )


class HtmlReportWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        rows: list[str] = []
        hidden = 0
        for r in results:
            if len(rows) < MAX_ROWS:
                rows.append(_row(r))
            else:
                hidden += 1
        c = tally.counts
        cards = "".join(
            f"<div class=card style='border-color:{COLOURS[k]}'><b style='color:{COLOURS[k]}'>{c[k]}</b>{k}</div>"
            for k in ("exclude", "review", "unknown", "allow")
        )
        as_of = run.as_of.isoformat() if run.as_of else f"{dt.date.today().isoformat()} (today)"
        notes = "".join(f"<li>{escape(n)}</li>" for n in run.source.notes)
        more = f"<p>{hidden} more rows are not shown; use --format csv or json for all of them.</p>" if hidden else ""
        out.write(
            "<!doctype html><html lang=en><meta charset=utf-8>"
            f"<title>supplyscreen — {escape(run.source.path)}</title><style>{CSS}</style><body>"
            f"<h1>Supply-chain screening: {escape(run.source.path)}</h1>"
            f"<div class=meta>Policy <b>{escape(run.policy)}</b> · as of {escape(as_of)} · "
            f"registry built {escape(run.registry.data.built)} ({len(run.registry)} entities) · "
            f"overall decision <b style='color:{COLOURS[tally.decision.value]}'>{escape(tally.decision.value)}</b> · "
            f"rows in {tally.rows_in}, out {tally.rows_out}</div>"
            f"<div class=meta>{escape(registry_info.stamp_line(run.registry))}</div>"
            f"<div class=cards>{cards}</div>"
            + (f"<details><summary>Input notes</summary><ul>{notes}</ul></details>" if notes else "")
            + "<table><thead><tr><th>item</th><th>decision</th><th>reason and evidence</th></tr></thead><tbody>"
            + "".join(rows)
            + f"</tbody></table>{more}</body></html>\n"
        )
