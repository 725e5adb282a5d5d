"""What changed between two registry snapshots: designations, relations, names and identifiers.

A list update is judged by what it does to screening, so the diff is kept in the terms screening
reads: an entity's designations (added, removed, changed dates or scope), the relations that carry a
designation to subsidiaries and brands, and the names and identifiers that let an item's fields reach
an entity at all. Each change is a value with a sentence a person can read; ``touched`` is the set of
entities whose screening may differ (the re-screen uses it to report, never to decide what to skip).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from supplyscreen.model import Designation, Entity, Relation
from supplyscreen.registry.snapshot import Snapshot

KINDS = (
    "entity_added", "entity_removed", "designation_added", "designation_removed", "designation_changed",
    "relation_added", "relation_removed", "relation_changed", "names_changed", "identifiers_changed",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One change between the old and the new snapshot."""

    kind: str
    """One of ``KINDS``."""
    entity_id: str
    sentence: str
    """What changed, for a person: rendered from the kind's template and the values."""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    def doc(self) -> dict[str, Any]:
        return {"kind": self.kind, "entity_id": self.entity_id, "sentence": self.sentence,
                "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class Diff:
    """Every change, in a stable order (by kind, then entity, then what changed)."""

    old_built: str
    new_built: str
    changes: tuple[Change, ...]

    @property
    def touched(self) -> frozenset[str]:
        """Entities whose designations, relations, names or identifiers changed (both ends of a
        changed relation)."""
        out = set()
        for c in self.changes:
            out.add(c.entity_id)
            for side in (c.before, c.after):
                if "object" in side:
                    out.add(side["object"])
        return frozenset(out)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for c in self.changes:
            out[c.kind] += 1
        return out

    def doc(self) -> dict[str, Any]:
        return {"old_built": self.old_built, "new_built": self.new_built, "counts": self.counts(),
                "touched": sorted(self.touched), "changes": [c.doc() for c in self.changes]}


def _designation(d: Designation) -> dict[str, Any]:
    return {"list_id": d.list_id, "added": d.added.isoformat() if d.added else None,
            "removed": d.removed.isoformat() if d.removed else None, "scope": d.scope, "citation": d.citation}


def _relation(r: Relation) -> dict[str, Any]:
    return {"subject": r.subject, "kind": r.kind.value, "object": r.object,
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_to": r.valid_to.isoformat() if r.valid_to else None}


def _when(d: dict[str, Any]) -> str:
    parts = []
    if d.get("added"):
        parts.append(f"from {d['added']}")
    if d.get("removed"):
        parts.append(f"until {d['removed']}")
    return f" ({', '.join(parts)})" if parts else ""


def _designation_changes(old: Entity, new: Entity) -> Iterator[Change]:
    before = {d.list_id: _designation(d) for d in old.designations}
    after = {d.list_id: _designation(d) for d in new.designations}
    for list_id in sorted(after.keys() - before.keys()):
        yield Change("designation_added", new.id,
                     f"{new.name} is now on {list_id}{_when(after[list_id])}.", after=after[list_id])
    for list_id in sorted(before.keys() - after.keys()):
        yield Change("designation_removed", new.id,
                     f"{new.name} is no longer on {list_id} (it was{_when(before[list_id]) or ' listed'}).",
                     before=before[list_id])
    for list_id in sorted(before.keys() & after.keys()):
        if before[list_id] != after[list_id]:
            what = ", ".join(k for k in before[list_id] if before[list_id][k] != after[list_id][k])
            yield Change("designation_changed", new.id,
                         f"{new.name}'s listing on {list_id} changed ({what}).",
                         before=before[list_id], after=after[list_id])


def _name_and_identifier_changes(old: Entity, new: Entity) -> Iterator[Change]:
    old_names = {(a.name, a.weak) for a in old.aliases} | {(old.name, False)}
    new_names = {(a.name, a.weak) for a in new.aliases} | {(new.name, False)}
    if old_names != new_names:
        gained = sorted(n for n, _ in new_names - old_names)
        lost = sorted(n for n, _ in old_names - new_names)
        yield Change("names_changed", new.id,
                     f"{new.name}: names added {gained or 'none'}, removed {lost or 'none'}.",
                     before={"names": sorted(n for n, _ in old_names)}, after={"names": sorted(n for n, _ in new_names)})
    old_ids = {(i.scheme, i.value) for i in old.identifiers}
    new_ids = {(i.scheme, i.value) for i in new.identifiers}
    if old_ids != new_ids:
        gained_ids = sorted(f"{s}:{v}" for s, v in new_ids - old_ids)
        lost_ids = sorted(f"{s}:{v}" for s, v in old_ids - new_ids)
        yield Change("identifiers_changed", new.id,
                     f"{new.name}: identifiers added {len(gained_ids)}, removed {len(lost_ids)}.",
                     before={"removed": lost_ids}, after={"added": gained_ids})


def _relation_changes(old: Iterable[Relation], new: Iterable[Relation],
                      names: dict[str, str]) -> Iterator[Change]:
    def key(r: Relation) -> tuple[str, str, str]:
        return (r.subject, r.kind.value, r.object)

    before = {key(r): _relation(r) for r in old}
    after = {key(r): _relation(r) for r in new}

    def said(k: tuple[str, str, str]) -> str:
        s, kind, o = k
        return f"{names.get(s, s)} {kind.replace('_', ' ')} {names.get(o, o)}"

    for k in sorted(after.keys() - before.keys()):
        yield Change("relation_added", k[0], f"New relation: {said(k)}.", after=after[k])
    for k in sorted(before.keys() - after.keys()):
        yield Change("relation_removed", k[0], f"Relation removed: {said(k)}.", before=before[k])
    for k in sorted(before.keys() & after.keys()):
        if before[k] != after[k]:
            yield Change("relation_changed", k[0], f"Relation dates changed: {said(k)}.",
                         before=before[k], after=after[k])


def diff(old: Snapshot, new: Snapshot) -> Diff:
    """The changes from ``old`` to ``new``."""
    olds = {e.id: e for e in old.entities}
    news = {e.id: e for e in new.entities}
    names = {**{i: e.name for i, e in olds.items()}, **{i: e.name for i, e in news.items()}}
    changes: list[Change] = []
    for eid in sorted(news.keys() - olds.keys()):
        e = news[eid]
        lists = ", ".join(sorted({d.list_id for d in e.designations})) or "no list"
        changes.append(Change("entity_added", eid, f"New entity {e.name} ({lists}).",
                              after={"name": e.name, "designations": [_designation(d) for d in e.designations]}))
        changes.extend(_designation_changes(Entity(eid, e.name), e))
    for eid in sorted(olds.keys() - news.keys()):
        e = olds[eid]
        changes.append(Change("entity_removed", eid, f"Entity {e.name} is gone from the registry.",
                              before={"name": e.name, "designations": [_designation(d) for d in e.designations]}))
        changes.extend(_designation_changes(e, Entity(eid, e.name)))
    for eid in sorted(olds.keys() & news.keys()):
        changes.extend(_designation_changes(olds[eid], news[eid]))
        changes.extend(_name_and_identifier_changes(olds[eid], news[eid]))
    changes.extend(_relation_changes(old.relations, new.relations, names))
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.entity_id, c.sentence))
    return Diff(old.built, new.built, tuple(changes))
