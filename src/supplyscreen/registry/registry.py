"""The registry: entities, their relations and designations, queried as of a date."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from functools import cached_property
from importlib import resources
from pathlib import Path

from supplyscreen.model import (
    DesignatedLink,
    Designation,
    Entity,
    EntityRef,
    ListInfo,
    Relation,
    RelationKind,
    Source,
)
from supplyscreen.registry import snapshot as snap
from supplyscreen.registry.cache import load_snapshot

# Ownership chains in the real lists are at most three deep (affiliate -> subsidiary -> parent ->
# holding); five leaves room for curated chains without risking a walk through the whole graph.
MAX_DEPTH = 5


def bundled_path() -> Path:
    """The snapshot shipped with the package (built by ``supplyscreen registry build``)."""
    return Path(str(resources.files("supplyscreen.registry") / "data" / "registry.json.gz"))


class Registry:
    """Read-only view of a snapshot with the look-ups screening needs."""

    def __init__(self, data: snap.Snapshot, fingerprint: str = "") -> None:
        self.data = data
        self.fingerprint = fingerprint
        """Digest of the files this registry was loaded from; empty when built in memory."""
        self.entities: dict[str, Entity] = {e.id: e for e in data.entities}
        self.lists: dict[str, ListInfo] = {x.id: x for x in data.lists}
        self.sources: dict[str, Source] = {s.id: s for s in data.sources}
        self._out: dict[str, list[Relation]] = defaultdict(list)
        self._in: dict[str, list[Relation]] = defaultdict(list)
        for r in data.relations:
            self._out[r.subject].append(r)
            self._in[r.object].append(r)
        self._links: dict[tuple[str, dt.date | None], tuple[DesignatedLink, ...]] = {}
        """designated_links remembered per (entity, date): the registry is read-only, and every
        match and identifier hit walks its entity's relations (a third of evidence by MAC block)."""

    @classmethod
    def load(cls, path: Path | None = None, extra: Iterable[Path] = ()) -> Registry:
        """Load the bundled snapshot (or ``path``) plus any organisation designation files."""
        main = path or bundled_path()
        try:
            raw: bytes | None = Path(main).read_bytes()
        except OSError:
            raw = None
        # Tens of thousands of small frozen objects and no cycles: the collector would only slow this.
        gc.disable()
        try:
            # The parsed snapshot is kept in the user's cache, keyed on these bytes and the code that
            # parses them (registry/cache.py); an unreadable file goes to snapshot.load for its error.
            base = snap.load(main) if raw is None else load_snapshot(main, raw)
        finally:
            gc.enable()
        extras = list(extra)
        if extras:
            from supplyscreen.registry.importers import load_any

            base = snap.merge(base, [load_any(p) for p in extras])
        if raw is None:
            return cls(base)
        digest = hashlib.sha256(raw)
        for p in extras:
            try:
                digest.update(Path(p).read_bytes())
            except OSError:
                return cls(base)
        return cls(base, digest.hexdigest())

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def ref(self, entity_id: str) -> EntityRef:
        e = self.entities[entity_id]
        return EntityRef(e.id, e.name)

    def relations_from(self, entity_id: str) -> list[Relation]:
        """Relations where ``entity_id`` is the subject (its owners, brands it belongs to, ...)."""
        return self._out.get(entity_id, [])

    def relations_to(self, entity_id: str) -> list[Relation]:
        """Relations where ``entity_id`` is the object (its subsidiaries, brands, relabellers)."""
        return self._in.get(entity_id, [])

    @cached_property
    def _by_identifier(self) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for e in self.entities.values():
            for i in e.identifiers:
                out[(i.scheme, i.value.lower())].append(e.id)
        return out

    def by_identifier(self, scheme: str, value: str) -> list[Entity]:
        """Entities holding identifier ``value`` under ``scheme`` (exact, case-insensitive)."""
        return [self.entities[i] for i in self._by_identifier.get((scheme, value.lower()), [])]

    def identifiers(self, scheme: str) -> Iterator[tuple[str, Entity]]:
        """Every (value, entity) pair for one identifier scheme."""
        for (s, value), ids in self._by_identifier.items():
            if s == scheme:
                for i in ids:
                    yield value, self.entities[i]

    def active_designations(self, entity: Entity, as_of: dt.date | None) -> tuple[Designation, ...]:
        return tuple(d for d in entity.designations if d.active(as_of))

    def designated_links(self, entity_id: str, as_of: dt.date | None = None) -> tuple[DesignatedLink, ...]:
        """Every designated entity reachable from ``entity_id``, nearest first.

        The walk follows relations from subject to object (a subsidiary to its parent, a brand to
        its owner, a relabeller to its OEM source). Relations that had not begun on ``as_of`` are
        skipped; relations that had ended (Lorex after Dahua sold it) are still walked but mark
        the link ``former``, so a policy can send it to review instead of excluding.
        """
        hit = self._links.get((entity_id, as_of))
        if hit is None:
            hit = self._links[(entity_id, as_of)] = self._walk(entity_id, as_of)
        return hit

    def _walk(self, entity_id: str, as_of: dt.date | None) -> tuple[DesignatedLink, ...]:
        start = self.entities.get(entity_id)
        if start is None:
            return ()
        links: list[DesignatedLink] = []
        own = self.active_designations(start, as_of)
        if own:
            links.append(DesignatedLink(EntityRef(start.id, start.name), own, ()))
        seen = {entity_id}
        queue: deque[tuple[str, tuple[str, ...], tuple[RelationKind, ...], bool]] = deque(
            [(entity_id, (), (), False)]
        )
        while queue:
            current, path, kinds, former = queue.popleft()
            if len(path) >= MAX_DEPTH:
                continue
            for rel in self._out.get(current, []):
                if rel.object in seen or rel.object not in self.entities:
                    continue
                if rel.valid_from is not None and as_of is not None and as_of < rel.valid_from:
                    continue
                ended = rel.kind is RelationKind.FORMERLY_OWNED_BY or not rel.active(as_of)
                # A brand sold outright (Honor, 2020-11-17) changed hands with its products, so an
                # ended brand relation leads nowhere; a former subsidiary (Lorex) keeps the lead.
                if ended and rel.kind is RelationKind.BRAND_OF:
                    continue
                seen.add(rel.object)
                step = self.sentence(rel, ended=ended)
                nxt = (rel.object, (*path, step), (*kinds, rel.kind), former or ended)
                target = self.entities[rel.object]
                des = self.active_designations(target, as_of)
                if des:
                    links.append(DesignatedLink(EntityRef(target.id, target.name), des, nxt[1], nxt[2], nxt[3]))
                queue.append(nxt)
        return tuple(links)

    def sentence(self, rel: Relation, *, ended: bool = False) -> str:
        """One relation as a sentence for the evidence chain, with its dates and source."""
        subj = self.entities[rel.subject].name
        obj = self.entities[rel.object].name
        phrase = rel.kind.past_phrase if ended else rel.kind.phrase
        text = f"{subj} {phrase} {obj}"
        if rel.valid_from and rel.valid_to:
            text += f" from {rel.valid_from.isoformat()} to {rel.valid_to.isoformat()}"
        elif rel.valid_from:
            text += f" since {rel.valid_from.isoformat()}"
        elif rel.valid_to:
            text += f" until {rel.valid_to.isoformat()}"
        src = self.sources.get(rel.source)
        if src is not None:
            text += f" (source: {src.title})"
        elif rel.source:
            text += f" (source: {rel.source})"
        return text + "."
