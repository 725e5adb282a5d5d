"""`registry show`: one entity with everything known about it, each fact with its source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from supplyscreen.model import Entity
from supplyscreen.registry.registry import Registry


def _src(reg: Registry, source_id: str) -> str:
    s = reg.sources.get(source_id)
    return s.title if s else source_id


def describe(reg: Registry, e: Entity, as_of: dt.date | None = None) -> dict[str, Any]:
    """Everything the registry holds on ``e``, as plain data."""
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "country": e.country,
        "group": e.group,
        "aliases": [
            {"name": a.name, "script": a.script, "lang": a.lang, "source": _src(reg, a.source)} for a in e.aliases
        ],
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "source": _src(reg, i.source), "note": i.note}
            for i in e.identifiers
        ],
        "designations": [
            {
                "list": d.list_id,
                "list_name": reg.lists[d.list_id].name if d.list_id in reg.lists else d.list_id,
                "added": d.added.isoformat() if d.added else None,
                "removed": d.removed.isoformat() if d.removed else None,
                "active": d.active(as_of),
                "scope": d.scope,
                "citation": d.citation,
                "source": _src(reg, d.source),
            }
            for d in e.designations
        ],
        "relations": [
            {"sentence": reg.sentence(r, ended=not r.active(as_of)), "kind": r.kind.value, "other": r.object,
             "direction": "out"}
            for r in reg.relations_from(e.id)
        ]
        + [
            {"sentence": reg.sentence(r, ended=not r.active(as_of)), "kind": r.kind.value, "other": r.subject,
             "direction": "in"}
            for r in reg.relations_to(e.id)
        ],
        "designated_through_relations": [
            {"entity": link.entity.name, "lists": list(link.list_ids), "path": list(link.path), "former": link.former}
            for link in reg.designated_links(e.id, as_of)
        ],
        "sources": [_src(reg, s) for s in e.sources],
        "notes": e.notes,
    }


def render(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    c = Console()
    c.print(f"[bold]{doc['name']}[/]  ({doc['id']}, {doc['kind']}, {doc['country'] or 'country unknown'})")
    if doc["notes"]:
        c.print(doc["notes"])
    sections = (
        ("Aliases", doc["aliases"], ("name", "script", "lang", "source")),
        ("Identifiers", doc["identifiers"], ("scheme", "value", "source")),
        ("Designations", doc["designations"], ("list_name", "added", "removed", "active", "scope", "citation")),
        ("Relations", doc["relations"], ("sentence",)),
        ("Designated through relations", doc["designated_through_relations"], ("entity", "lists", "path")),
    )
    for title, rows, cols in sections:
        if not rows:
            continue
        t = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for col in cols:
            t.add_column(col, overflow="fold")
        for r in rows[:200]:
            t.add_row(*(", ".join(r[k]) if isinstance(r[k], list) else str(r[k] if r[k] is not None else "")
                        for k in cols))
        c.print(t)
