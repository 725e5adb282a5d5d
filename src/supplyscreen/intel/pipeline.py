"""The news pipeline end to end: files -> documents -> claims -> events, plus alerts."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
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
           log: Callable[[str], None] | None = None, fork: bool = False) -> Ingested:
    """Events of the articles at ``paths``. ``fork``: a batch may be read by two forked readers
    (``_read_all``); only a single-threaded caller (the command line) may ask for it, since forking
    a process with other threads (a web server's) can copy a lock another thread holds."""
    from supplyscreen import library

    reg = registry or library.load_registry()
    extractor = Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())
    docs: list[Document] = []
    for f, skip in load.expand(paths):
        for d in ([load.skipped(f, skip)] if skip else load.read(f)):
            docs.append(d)
            if d.error and log:
                log(f"{d.path}: {d.error}")
    claims: list[Claim] = []
    for d, (found, error) in zip(docs, _read_all(extractor, docs, fork), strict=True):
        if error and log:
            log(f"{d.path}: {error}")
        claims += found
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


_Read = tuple[list[Claim], str]
"""An article's claims, and why it yielded none when reading it failed ('' otherwise)."""

# What forked readers inherit: set just before the fork, so nothing is pickled to them.
_FORKED: tuple[Extractor, Sequence[Document]] | None = None


def _read_one(extractor: Extractor, doc: Document) -> _Read:
    try:
        return extractor.claims(doc), ""
    except Exception as e:  # one odd article must not cost the batch; say which and why
        return [], f"extraction failed: {type(e).__name__}: {e}"


def _read_forked(i: int) -> _Read:
    assert _FORKED is not None, "a reader forked without its extractor"
    extractor, docs = _FORKED
    return _read_one(extractor, docs[i])


def _read_all(extractor: Extractor, docs: Sequence[Document], fork: bool) -> list[_Read]:
    """Every article's claims, in the articles' order. Articles are read independently (an
    extractor keeps only caches of pure look-ups), so a batch is split over two forked readers that
    inherit the loaded tables and model, and the result is the one-process result, in order."""
    from supplyscreen import settings

    least = settings.load().intel_parallel_min
    if (not fork or least <= 0 or len(docs) < least or (os.cpu_count() or 1) < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [_read_one(extractor, d) for d in docs]
    global _FORKED
    _FORKED = (extractor, docs)
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            # Chunks of ~1/16 of the batch: long and short articles spread over both readers, and
            # few enough round trips that returning claims costs little.
            return pool.map(_read_forked, range(len(docs)), chunksize=max(1, len(docs) // 16))
    finally:
        _FORKED = None
