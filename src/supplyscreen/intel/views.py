"""Terminal tables and the HTML timeline (a self-contained page with an inline SVG chart)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from supplyscreen.intel.model import Alert, Event, Measure
from supplyscreen.intel.pipeline import Ingested

COLOURS = {
    Measure.PROCUREMENT_BAN: "#1f77b4", Measure.NETWORK_EXCLUSION: "#d62728", Measure.REMOVAL_ORDER: "#ff7f0e",
    Measure.ENTITY_LISTING: "#9467bd", Measure.EQUIPMENT_AUTHORIZATION_BAN: "#2ca02c",
    Measure.LICENSE_CONDITION: "#8c564b", Measure.ADVISORY: "#7f7f7f", Measure.OTHER: "#bcbd22",
    Measure.UNKNOWN: "#c7c7c7",
}


def print_events(result: Ingested, alerts: Sequence[Alert] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table(title="Restriction events", show_lines=True, title_justify="left")
    for col in ("id", "date", "where", "measure", "targets", "status", "sources", "conflicts"):
        t.add_column(col, overflow="fold")
    for e in result.events:
        t.add_row(e.id, e.date.isoformat() if e.date else "—", f"{e.jurisdiction}\n{e.authority}", e.measure.value,
                  "\n".join(x.name for x in e.targets) or "—", e.status.value,
                  f"{e.corroboration}: " + ", ".join(s.outlet or s.path for s in e.sources),
                  "\n".join(e.conflicts) or "")
    console.print(t)
    errors = [d for d in result.documents if d.error]
    quiet = [d for d in result.documents if not d.error and not result.article_events.get(d.path)]
    if quiet:
        console.print(f"{len(quiet)} article(s) report no restriction.")
    if errors:
        console.print(f"{len(errors)} file(s) could not be read (see messages above).")
    if alerts:
        a = Table(title="Alerts: events touching your items", title_justify="left")
        a.add_column("event")
        a.add_column("items", overflow="fold")
        a.add_column("why", overflow="fold")
        for x in alerts:
            a.add_row(x.event_id, ", ".join(x.items), x.reason)
        console.print(a)


def print_timeline(events: Sequence[Event]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="Timeline of measures", title_justify="left")
    for col in ("jurisdiction", "date", "measure", "targets", "status", "sources"):
        t.add_column(col, overflow="fold")
    for e in sorted(events, key=lambda e: (e.jurisdiction, e.date or dt.date.max)):
        t.add_row(e.jurisdiction, e.date.isoformat() if e.date else "undated", e.measure.value,
                  ", ".join(x.name for x in e.targets), e.status.value, str(e.corroboration))
    Console().print(t)


def timeline_svg(events: Sequence[Event]) -> str:
    """The chart alone (rows = jurisdictions, x = date, a dot per measure, bigger when more outlets
    report it), for a page of its own or the service's events page. Text in it is escaped."""
    dated = [e for e in events if e.date]
    jurs = sorted({e.jurisdiction for e in dated})
    width, left, top, row = 900, 60, 30, 34
    height = top + row * max(1, len(jurs)) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Timeline of restriction measures">']
    if dated:
        lo = min(e.date for e in dated if e.date)
        hi = max(e.date for e in dated if e.date)
        span = max(1, (hi - lo).days)

        def x(d: dt.date) -> float:
            return left + (width - left - 30) * (d - lo).days / span

        for y in range(lo.year, hi.year + 2):
            d = dt.date(y, 1, 1)
            if lo <= d <= hi:
                parts.append(f'<line x1="{x(d):.1f}" y1="{top - 10}" x2="{x(d):.1f}" y2="{height - 30}" stroke="#ddd"/>'
                             f'<text x="{x(d):.1f}" y="{height - 12}" font-size="11" text-anchor="middle">{y}</text>')
        for i, j in enumerate(jurs):
            yy = top + row * i + row / 2
            parts.append(f'<text x="8" y="{yy + 4:.1f}" font-size="12">{html.escape(j)}</text>'
                         f'<line x1="{left}" y1="{yy:.1f}" x2="{width - 20}" y2="{yy:.1f}" stroke="#eee"/>')
            for e in dated:
                if e.jurisdiction != j or not e.date:
                    continue
                tip = (f"{e.date} {e.jurisdiction} {e.measure.value}: {', '.join(t.name for t in e.targets)} "
                       f"({e.status.value}, {e.corroboration} source(s))")
                r = 5 + min(6, e.corroboration)
                parts.append(f'<circle cx="{x(e.date):.1f}" cy="{yy:.1f}" r="{r}" fill="{COLOURS[e.measure]}" '
                             f'fill-opacity="0.8"><title>{html.escape(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def legend_html() -> str:
    return " ".join(f'<span style="color:{c}">&#9679;</span> {m.value}' for m, c in COLOURS.items())


def timeline_html(events: Sequence[Event]) -> str:
    """One page: a chart (rows = jurisdictions, x = date, a dot per measure) and a table."""
    rows = "".join(
        f"<tr><td>{e.date or 'undated'}</td><td>{html.escape(e.jurisdiction)}</td><td>{html.escape(e.authority)}</td>"
        f"<td>{e.measure.value}</td><td>{html.escape(', '.join(t.name for t in e.targets))}</td>"
        f"<td>{e.status.value}</td><td>{e.corroboration}</td><td>{html.escape(' '.join(e.conflicts))}</td></tr>"
        for e in sorted(events, key=lambda e: (e.date or dt.date.max, e.jurisdiction)))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Restriction timeline</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}</style></head><body>"
            "<h1>Restriction measures by jurisdiction</h1>" + timeline_svg(events) + f"<p>{legend_html()}</p>"
            "<table><tr><th>date</th><th>jurisdiction</th><th>authority</th><th>measure</th><th>targets</th>"
            "<th>status</th><th>sources</th><th>conflicts</th></tr>" + rows + "</table></body></html>\n")
