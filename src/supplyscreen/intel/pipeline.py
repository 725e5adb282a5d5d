"""The news pipeline end to end: files -> documents -> claims -> events, plus alerts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from supplyscreen.intel import cluster, load
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.link import CompanyLinker, PlaceLinker
from supplyscreen.intel.model import Claim, Document, Event
from supplyscreen.registry import Registry


@dataclass(frozen=True, slots=True)
class Ingested:
    documents: tuple[Document, ...]
    events: tuple[Event, ...]
    article_events: dict[str, tuple[str, ...]]
    """Event ids per document path, the article's main event first."""


def ingest(paths: Iterable[Path], registry: Registry | None = None,
           log: Callable[[str], None] | None = None) -> Ingested:
    from supplyscreen import library

    reg = registry or library.load_registry()
    extractor = Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())
    docs: list[Document] = []
    for f in load.expand(paths):
        for d in load.read(f):
            docs.append(d)
            if d.error and log:
                log(f"{d.path}: {d.error}")
    claims: list[Claim] = []
    for d in docs:
        try:
            claims += extractor.claims(d)
        except Exception as e:  # one odd article must not cost the batch; say which and why
            if log:
                log(f"{d.path}: extraction failed: {type(e).__name__}: {e}")
    events, of_claim = cluster.build_events(claims)
    per: dict[str, list[str]] = {d.path: [] for d in docs}
    for i, c in enumerate(claims):
        eid = of_claim.get(i)
        if eid is None:
            continue  # a provisional claim no event took (cluster.group)
        lst = per.setdefault(c.path, [])
        if eid not in lst:
            lst.append(eid)  # claims come main first, so the main event leads
    return Ingested(tuple(docs), tuple(events), {k: tuple(v) for k, v in per.items()})
