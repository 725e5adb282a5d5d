"""Alerts: events whose targets relate, through the registry, to items the user screened.

An item relates to an event when the designated parties its evidence leads to (subsidiary,
brand, affiliate — the core screen's relation walk) share an entity or a designated group with
the event's targets and the parties they lead to.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from supplyscreen.intel.model import Alert, Event
from supplyscreen.model import ItemResult
from supplyscreen.registry import Registry


def related(reg: Registry, entity_id: str) -> set[str]:
    """The keys an entity relates through: itself, its group, the designated parties it leads to."""
    out = {entity_id}
    e = reg.get(entity_id)
    if e and e.group:
        out.add("group:" + e.group)
    for link in reg.designated_links(entity_id):
        out.add(link.entity.id)
        d = reg.get(link.entity.id)
        if d and d.group:
            out.add("group:" + d.group)
    return out


def _item_keys(reg: Registry, r: ItemResult) -> dict[str, str]:
    """Related keys of one screened item -> the evidence sentence that found them."""
    keys: dict[str, str] = {}
    for fm in r.matches:
        why = f"{fm.field} {fm.value!r} matches {fm.match.entity.name}"
        for k in related(reg, fm.match.entity.id):
            keys.setdefault(k, why)
    return keys


def alerts_for(events: Sequence[Event], watch: Path, registry: Registry | None = None) -> list[Alert]:
    from supplyscreen import library

    reg = registry or library.load_registry()
    report = library.check(watch, registry=reg)
    return match_events(events, [(r.item.ref, _item_keys(reg, r)) for r in report.results], reg)


def match_events(events: Sequence[Event], items: Sequence[tuple[str, dict[str, str]]], reg: Registry) -> list[Alert]:
    """Alerts for items given as (ref, related key -> evidence sentence), e.g. stored screenings."""
    out = []
    for e in events:
        targets: set[str] = set()
        for t in e.targets:
            if t.entity_id:
                targets |= related(reg, t.entity_id)
            if t.group:
                targets.add("group:" + t.group)
        hit_refs, whys = [], []
        for ref, keys in items:
            common = sorted(targets & keys.keys())
            if common:
                hit_refs.append(ref)
                whys.append(f"item {ref}: {keys[common[0]]}")
        if hit_refs:
            where = f"{e.jurisdiction} {e.measure.value} ({e.status.value}, {e.date or 'undated'})"
            reason = (f"{where} against {', '.join(t.name for t in e.targets)} touches {len(hit_refs)} screened "
                      f"item(s): " + "; ".join(whys[:5]) + ("; …" if len(whys) > 5 else ""))
            out.append(Alert(e.id, tuple(hit_refs), reason))
    return out
