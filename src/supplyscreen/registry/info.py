"""How old the registry's data are: each source with its file's date and what it contributes.

``registry info`` shows it whole; every report carries the short form (:func:`stamp`), so a reader
can see that a MAC address unknown today may be in a block assigned after the IEEE files were taken.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from supplyscreen.registry.registry import Registry

# The leading date of a source's "retrieved" text: "2026-07-09 (nsfreg ...)", "2026-07 (...)", "2026".
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?\b")
# Identifier schemes counted for each source (MAC blocks, IANA enterprise numbers, package names).
_COUNTED = {"mac": "mac_blocks", "pen": "enterprise_numbers"}
# The Consolidated Screening List's sub-lists carry no source of their own: they come from its file.
_CSL_SOURCE = "csl"
_stamps: dict[int, tuple[Registry, dict[str, Any]]] = {}


def source_date(retrieved: str) -> str:
    """The date a source's file states, as written (``2026-07-09``, ``2026-07``); "" when none."""
    m = _DATE.match((retrieved or "").strip())
    return m.group(0) if m else ""


def _contributions(reg: Registry) -> dict[str, Counter[str]]:
    """Per source id: entities citing it, designations and relations resting on it, identifiers."""
    out: dict[str, Counter[str]] = {}
    for e in reg:
        for s in e.sources:
            out.setdefault(s, Counter())["entities"] += 1
        for d in e.designations:
            out.setdefault(d.source, Counter())["designations"] += 1
        for i in e.identifiers:
            out.setdefault(i.source, Counter())[_COUNTED.get(i.scheme, "identifiers")] += 1
    for r in reg.data.relations:
        out.setdefault(r.source, Counter())["relations"] += 1
    return out


def _main_sources(reg: Registry) -> list[str]:
    """The sources a screening's answer rests on: every list's own source, and the sources of its
    designations and of MAC blocks and enterprise numbers, in id order."""
    used = {x.source for x in reg.lists.values() if x.source}
    for e in reg:
        used.update(d.source for d in e.designations)
        used.update(i.source for i in e.identifiers if i.scheme in _COUNTED)
    return sorted(s for s in used if s in reg.sources)


def stamp(reg: Registry) -> dict[str, Any]:
    """The short form every report carries: ``{"built": ..., "entities": n, "sources": {id: date}}``
    (the date each main source's file states; for the IEEE MAC and IANA tables, the date of the
    copy the identifier tables were built from). Worked out once per registry."""
    hit = _stamps.get(id(reg))
    if hit is not None and hit[0] is reg:
        return hit[1]
    from supplyscreen.identifiers import default_oui_table, default_pen_table

    sources = {sid: source_date(reg.sources[sid].retrieved) for sid in _main_sources(reg)}
    # The tables every MAC and sysObjectID is looked up in, blocks of unlisted firms included.
    sources["ieee-mac-table"] = default_oui_table().date
    sources["iana-pen-table"] = default_pen_table().date
    out = {"built": reg.data.built, "entities": len(reg), "sources": sources}
    _stamps.clear()  # one registry per process in practice; keep only the latest
    _stamps[id(reg)] = (reg, out)
    return out


def stamp_line(reg: Registry) -> str:
    """The stamp as one sentence for a table, CSV or HTML footer."""
    s = stamp(reg)
    dated = ", ".join(f"{k} {v}" for k, v in s["sources"].items() if v)
    return f"Registry built {s['built']} ({s['entities']} entities); source files dated: {dated}."


def info(reg: Registry) -> dict[str, Any]:
    """Everything ``registry info`` shows, as plain data."""
    from supplyscreen.identifiers import default_oui_table, default_pen_table

    contrib = _contributions(reg)
    designated: Counter[str] = Counter()
    designations: Counter[str] = Counter()
    for e in reg:
        for d in e.designations:
            designations[d.list_id] += 1
        for list_id in {d.list_id for d in e.designations if d.active(None)}:
            designated[list_id] += 1
    oui = default_oui_table()
    by_registry: Counter[str] = Counter(a.registry for a in oui.assignments())
    return {
        "built": reg.data.built,
        "totals": {
            "entities": len(reg),
            "designations": sum(designations.values()),
            "relations": len(reg.data.relations),
            "mac_blocks": sum(1 for e in reg for i in e.identifiers if i.scheme == "mac"),
            "lists": len(reg.lists),
            "sources": len(reg.sources),
        },
        "sources": [
            {"id": s.id, "title": s.title, "date": source_date(s.retrieved), "retrieved": s.retrieved, "url": s.url,
             **dict(sorted(contrib.get(s.id, Counter()).items()))}
            for s in sorted(reg.sources.values(), key=lambda s: s.id)
        ],
        "lists": [
            {"id": x.id, "name": x.name, "source": x.source or _CSL_SOURCE, "designations": designations[x.id],
             "entities_designated_today": designated[x.id]}
            for x in sorted(reg.lists.values(), key=lambda x: x.id)
        ],
        "identifier_tables": {
            "ieee-oui": {"date": oui.date, "blocks": len(oui), **dict(sorted(by_registry.items()))},
            "iana-pen": {"date": default_pen_table().date, "numbers": len(default_pen_table())},
        },
    }


def render(doc: dict[str, Any], console: Console | None = None) -> None:
    """``registry info`` as tables on a terminal."""
    console = console or Console()
    t = doc["totals"]
    console.print(f"[bold]Registry built {doc['built']}[/]: {t['entities']} entities, {t['designations']} "
                  f"designations, {t['relations']} relations, {t['mac_blocks']} MAC blocks of listed or related "
                  f"firms, {t['lists']} lists, {t['sources']} sources")
    tables = doc["identifier_tables"]
    oui, pen = tables["ieee-oui"], tables["iana-pen"]
    console.print(f"IEEE MAC table dated {oui['date']}: {oui['blocks']} blocks ("
                  + ", ".join(f"{k} {v}" for k, v in oui.items() if k.startswith(("MA-", "IAB")))
                  + f"); IANA enterprise numbers dated {pen['date']}: {pen['numbers']}")
    lists = Table("list", "designations", "designated today", "source", title="Lists")
    for x in doc["lists"]:
        lists.add_row(x["id"], str(x["designations"]), str(x["entities_designated_today"]), x["source"])
    console.print(lists)
    sources = Table("source", "file date", "entities", "designations", "relations", "MAC blocks", title="Sources")
    for s in doc["sources"]:
        counts = [s.get(k, 0) for k in ("entities", "designations", "relations", "mac_blocks")]
        if not any(counts):
            continue
        sources.add_row(s["id"], s["date"] or "(none stated)", *map(str, counts))
    console.print(sources)
