"""The self-contained HTML report: summary, inline SVG charts, and the plan table.

No scripts, no external files: the page opens from an e-mail attachment on an offline machine.
Every value from the input is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from supplyscreen.inventory.plan import Plan, burn_down, summary_counts

# Rows shown in the HTML table; the work orders carry every row.
TABLE_ROWS = 500
_COLOURS = {"exclude": "#c0392b", "review": "#e67e22", "unknown": "#7f8c8d", "allow": "#27ae60"}
_BAR = "#2c6fbb"


def bar_chart(title: str, data: list[tuple[str, int]], chart_id: str, colour: str = _BAR) -> str:
    """Horizontal bars, one per label, with the count at the end of each bar."""
    width, label_w, row_h = 640, 220, 24
    height = 30 + row_h * max(len(data), 1)
    top = max((v for _, v in data), default=0) or 1
    parts = [f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(title)}" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    if not data:
        parts.append('<text x="0" y="44" font-size="12">nothing to show</text>')
    for i, (label, value) in enumerate(data):
        y = 28 + i * row_h
        w = int((width - label_w - 60) * value / top)
        # 28 characters fit the 220-pixel label column at 12px (seen clipped at 32 in a browser).
        shown = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1)}" height="{row_h - 8}" fill="{colour}">'
                     f'<title>{escape(label)}: {value}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12">{value:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


# Width given to one ISO date under the burn-down chart (10 px font: about 60 px, plus a gap).
DATE_LABEL_PX = 66


def burn_down_chart(plan: Plan, chart_id: str = "burn-down") -> str:
    """Devices left to remove over time, if each deadline is met; deadlines as dashed lines and
    today as a solid one. Overdue work shows as the part of the line left of today."""
    points = burn_down(plan)
    width, height, left, bottom, top_pad = 640, 260, 50, 40, 30
    title = "Burn-down: devices left to remove if each deadline is met"
    parts = [f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    days = [p[0] for p in points] + [plan.as_of]
    # A margin either side so a drop on the first or last date is not drawn on an axis.
    start, end = min(days) - dt.timedelta(days=120), max(days) + dt.timedelta(days=120)
    peak = max((p[1] for p in points), default=0) or 1
    plot_w, plot_h = width - left - 40, height - bottom - top_pad

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / (end - start).days

    def y(v: int) -> float:
        return top_pad + plot_h * (1 - v / peak)

    parts.append(f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#333"/>')
    parts.append(f'<text x="{left - 6}" y="{top_pad + 4}" font-size="11" text-anchor="end">{peak:,}</text>')
    parts.append(f'<text x="{left - 6}" y="{top_pad + plot_h}" font-size="11" text-anchor="end">0</text>')
    path = []
    for i, (day, v) in enumerate(points):
        if i:
            path.append(f"L{x(day):.1f},{y(points[i - 1][1]):.1f}")  # steps: the count drops on the date
        path.append(f"{'M' if not i else 'L'}{x(day):.1f},{y(v):.1f}")
    path.append(f"L{x(end):.1f},{y(points[-1][1]):.1f}")
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{_COLOURS["exclude"]}" stroke-width="2.5"/>')
    parts.append(f'<text x="{x(end) - 4:.1f}" y="{y(points[-1][1]) - 6:.1f}" font-size="11" text-anchor="end">'
                 f'{points[-1][1]:,} with no fixed date</text>')
    last_label_x, row = -1e9, 0
    for day, v in points[1:]:
        parts.append(f'<line x1="{x(day):.1f}" y1="{top_pad}" x2="{x(day):.1f}" y2="{top_pad + plot_h}" '
                     f'stroke="#999" stroke-dasharray="4 3"><title>deadline {day}: {v:,} left</title></line>')
        # A date label is about 60 px wide at this size: one too close to the last drops a line.
        row = 1 - row if x(day) - last_label_x < DATE_LABEL_PX else 0
        last_label_x = x(day)
        parts.append(f'<text x="{x(day):.1f}" y="{top_pad + plot_h + 14 + 12 * row}" font-size="10" '
                     f'text-anchor="middle">{day.isoformat()}</text>')
    parts.append(f'<line x1="{x(plan.as_of):.1f}" y1="{top_pad}" x2="{x(plan.as_of):.1f}" y2="{top_pad + plot_h}" '
                 f'stroke="#2c6fbb" stroke-width="2"/>')
    # "today YYYY-MM-DD" is about 100 px wide: near the right edge it goes left of the line.
    near_edge = x(plan.as_of) > width - 110
    parts.append(f'<text x="{x(plan.as_of) + (-4 if near_edge else 4):.1f}" y="{top_pad + 12}" font-size="11" '
                 f'fill="#2c6fbb" text-anchor="{"end" if near_edge else "start"}">today {plan.as_of.isoformat()}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(plan: Plan, source: str, policy: str) -> str:
    """The whole page."""
    d = plan.decisions
    juris = ", ".join(plan.jurisdictions) or "all jurisdictions in the deadlines table"
    cards = "".join(
        f'<div class="card" style="border-color:{_COLOURS[k]}"><b>{d.get(k, 0):,}</b><br>{k}</div>'
        for k in ("exclude", "review", "unknown", "allow"))
    charts = "".join([
        bar_chart("Devices to act on, by maker", summary_counts(plan.by_maker), "by-maker"),
        bar_chart("Devices to act on, by site", summary_counts(plan.by_site), "by-site"),
        bar_chart("Devices to act on, by deadline", sorted(plan.by_deadline.items()), "by-deadline", "#8e44ad"),
        burn_down_chart(plan),
    ])
    rows = []
    for w in plan.work[:TABLE_ROWS]:
        rule = w.rules[0] if w.rules else None
        overdue = w.deadline is not None and w.deadline < plan.as_of
        rule_html = (f'{escape(rule.jurisdiction)}: <a href="{escape(rule.source)}">{escape(rule.measure)}</a>'
                     + (f"<br><small>{escape(rule.note)}</small>" if rule.note else "")) if rule else "—"
        rows.append(
            f'<tr class="{w.decision.value}"><td>{escape(w.ref)}</td><td>{escape(w.site)}</td>'
            f"<td>{escape(w.hostname)}</td><td>{escape(w.role)}<br><small>{escape(w.cls)}</small></td>"
            f"<td>{escape(w.maker or '—')}</td><td>{escape(w.decision.value)}</td><td>{escape(w.action)}</td>"
            f'<td class="{"overdue" if overdue else ""}">{escape(w.deadline.isoformat() if w.deadline else "—")}</td>'
            f"<td>{rule_html}</td><td><small>{escape(w.reason)}</small></td></tr>")
    more = len(plan.work) - TABLE_ROWS + plan.truncated
    note = f"<p>{more:,} more rows are in the work orders.</p>" if more > 0 else ""
    if plan.questions:
        asked = "".join(f"<li>What does {escape(m)} supply you ({n:,} device{'s' if n != 1 else ''} name no class)? "
                        "A category entry (drones, routers, power inverters, robots) applies only to items of "
                        "its category.</li>" for m, n in sorted(plan.questions.items(), key=lambda kv: (-kv[1], kv[0])))
        note += f"<h3>Questions for the reviewer, one per maker</h3><ul>{asked}</ul>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Rip-and-replace plan — {escape(source)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 24px; color: #222; }}
.cards {{ display: flex; gap: 12px; margin: 12px 0; }}
.card {{ border-left: 6px solid; padding: 6px 14px; background: #f6f6f6; min-width: 90px; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(640px, 1fr)); gap: 18px; }}
table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
th, td {{ border: 1px solid #ddd; padding: 4px; vertical-align: top; text-align: left; }}
tr.exclude td:first-child {{ border-left: 4px solid #c0392b; }}
tr.review td:first-child {{ border-left: 4px solid #e67e22; }}
tr.unknown td:first-child {{ border-left: 4px solid #7f8c8d; }}
td.overdue {{ color: #c0392b; font-weight: bold; }}
</style></head><body>
<h1>Rip-and-replace plan</h1>
<p>Inventory <code>{escape(source)}</code>, screened under <code>{escape(policy)}</code> as of
{plan.as_of.isoformat()}; deadlines of {escape(juris)}. {plan.devices:,} devices;
{len(plan.work) + plan.truncated:,} need action, {plan.overdue:,} of them past their deadline.</p>
<div class="cards">{cards}</div>
<div class="charts">{charts}</div>
<h2>Plan (earliest deadline first)</h2>{note}
<table><thead><tr><th>asset</th><th>site</th><th>hostname</th><th>role / class</th><th>maker</th><th>decision</th>
<th>action</th><th>deadline</th><th>rule</th><th>reason</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
<p><small>Deadlines: supplyscreen inventory/data/deadlines.yaml (policy-pack dates win where a pack carries the
rule). Classes: the device classifier the policy packs
read (reference/data/device-classes.yaml) or --roles.</small></p>
</body></html>
"""
