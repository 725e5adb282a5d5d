"""Read and write registry snapshots: one gzip-compressed JSON document.

The document is a plain, diffable rendering of the model (``python -m json.tool`` shows it)::

    {"format": "supplyscreen-registry", "version": 1, "built": "YYYY-MM-DD",
     "sources":   [{"id", "title", "url", "publisher", "retrieved", "licence", "note"}],
     "lists":     [{"id", "name", "authority", "citation", "url", "restricts_purchase", "source"}],
     "entities":  [{"id", "name", "kind", "country", "group", "notes", "sources": [...],
                    "aliases":      [{"name", "script", "lang", "source", "weak"}],
                    "identifiers":  [{"scheme", "value", "source", "note"}],
                    "designations": [{"list_id", "added", "removed", "scope", "citation",
                                      "source", "published"}]}],
     "relations": [{"subject", "kind", "object", "valid_from", "valid_to", "source", "note"}]}

Empty fields are left out when writing, so the file stays small; dates are ISO strings.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from supplyscreen.errors import RegistryError
from supplyscreen.model import (
    Alias,
    Designation,
    Entity,
    Identifier,
    ListInfo,
    Relation,
    RelationKind,
    Source,
)

FORMAT = "supplyscreen-registry"
VERSION = 1


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a registry holds, as loaded from or written to a snapshot file."""

    built: str
    sources: tuple[Source, ...]
    lists: tuple[ListInfo, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RegistryError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _plain(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if v in (None, "", (), False):
            continue
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, tuple):
            v = [_plain(x) if hasattr(x, "__dataclass_fields__") else x for x in v]
        out[f.name] = v
    return out


def dump(snapshot: Snapshot, path: Path) -> None:
    """Write ``snapshot`` to ``path`` (gzip JSON, one entity per line for readable diffs)."""
    head = {"format": FORMAT, "version": VERSION, "built": snapshot.built}
    parts = [json.dumps(head, ensure_ascii=False)[:-1]]
    for key, values in (
        ("sources", snapshot.sources),
        ("lists", snapshot.lists),
        ("entities", snapshot.entities),
        ("relations", snapshot.relations),
    ):
        rows = ",\n".join(json.dumps(_plain(v), ensure_ascii=False, sort_keys=True) for v in values)
        parts.append(f', "{key}": [\n{rows}\n]')
    text = "".join(parts) + "}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds of the same data, so diffs are honest.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def load(path: Path, raw: bytes | None = None) -> Snapshot:
    """Read a snapshot, with a clear error naming the file and the bad field. ``raw``, when given,
    is the file's bytes already read (the caller keyed a cache on them: parse exactly those)."""
    try:
        with gzip.open(io.BytesIO(raw) if raw is not None else path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise RegistryError(f"{path}: registry snapshot not found (run `supplyscreen registry build`)") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise RegistryError(f"{path}: not a readable registry snapshot ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RegistryError(f"{path}: not a supplyscreen registry snapshot")
    if doc.get("version") != VERSION:
        raise RegistryError(f"{path}: snapshot version {doc.get('version')!r}, this supplyscreen reads {VERSION}")
    try:
        return Snapshot(
            built=str(doc.get("built", "")),
            sources=tuple(Source(**s) for s in doc.get("sources", ())),
            lists=tuple(ListInfo(**x) for x in doc.get("lists", ())),
            entities=tuple(_entity(e, path) for e in doc.get("entities", ())),
            relations=tuple(_relation(r, path) for r in doc.get("relations", ())),
        )
    except TypeError as e:
        raise RegistryError(f"{path}: unexpected field in snapshot ({e})") from None


def _entity(e: dict[str, Any], path: Path) -> Entity:
    where = f"{path}: entity {e.get('id', '?')}"
    return Entity(
        id=e["id"],
        name=e["name"],
        kind=e.get("kind", "organization"),
        country=e.get("country", ""),
        group=e.get("group", ""),
        notes=e.get("notes", ""),
        sources=tuple(e.get("sources", ())),
        aliases=tuple(Alias(**a) for a in e.get("aliases", ())),
        identifiers=tuple(Identifier(**i) for i in e.get("identifiers", ())),
        designations=tuple(
            Designation(
                list_id=d["list_id"],
                added=_date(d.get("added"), where),
                removed=_date(d.get("removed"), where),
                scope=d.get("scope", ""),
                citation=d.get("citation", ""),
                source=d.get("source", ""),
                published=_date(d.get("published"), where),
            )
            for d in e.get("designations", ())
        ),
    )


def _relation(r: dict[str, Any], path: Path) -> Relation:
    where = f"{path}: relation {r.get('subject', '?')} -> {r.get('object', '?')}"
    try:
        kind = RelationKind(r["kind"])
    except ValueError:
        raise RegistryError(f"{where}: unknown relation kind {r['kind']!r}") from None
    return Relation(
        subject=r["subject"],
        kind=kind,
        object=r["object"],
        valid_from=_date(r.get("valid_from"), where),
        valid_to=_date(r.get("valid_to"), where),
        source=r.get("source", ""),
        note=r.get("note", ""),
    )


def merge(base: Snapshot, extra: Iterable[Snapshot]) -> Snapshot:
    """Add further snapshots (an organisation's own designations) to a base one.

    An entity id present in both gets the extra designations, aliases and identifiers added.
    """
    sources = {s.id: s for s in base.sources}
    lists = {x.id: x for x in base.lists}
    entities = {e.id: e for e in base.entities}
    relations = list(base.relations)
    for snap in extra:
        sources.update({s.id: s for s in snap.sources})
        lists.update({x.id: x for x in snap.lists})
        for e in snap.entities:
            old = entities.get(e.id)
            if old is None:
                entities[e.id] = e
                continue
            entities[e.id] = Entity(
                id=old.id,
                name=old.name,
                kind=old.kind,
                country=old.country or e.country,
                aliases=old.aliases + tuple(a for a in e.aliases if a not in old.aliases),
                identifiers=old.identifiers + tuple(i for i in e.identifiers if i not in old.identifiers),
                designations=old.designations + e.designations,
                sources=tuple(dict.fromkeys(old.sources + e.sources)),
                notes=old.notes or e.notes,
                group=old.group or e.group,
            )
        relations.extend(snap.relations)
    return Snapshot(
        built=base.built,
        sources=tuple(sources.values()),
        lists=tuple(lists.values()),
        entities=tuple(entities.values()),
        relations=tuple(relations),
    )
