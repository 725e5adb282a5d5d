"""The Python API behind ``supplyscreen.match`` and ``supplyscreen.check``.

One registry and matcher per process, loaded on first use, because loading and indexing the
registry costs far more than any single match.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from supplyscreen import settings
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import ItemResult, Match, Report
from supplyscreen.policy import DEFAULT_POLICY, Policy, get_policy, load_waivers
from supplyscreen.policy.identifier_first import identifier_first
from supplyscreen.registry import Registry
from supplyscreen.screen import Screener, Tally

T = TypeVar("T")


@lru_cache(maxsize=4)
def load_registry(path: Path | None = None, extra: tuple[Path, ...] = ()) -> Registry:
    """The registry: ``path`` or SUPPLYSCREEN_REGISTRY or the bundled snapshot, plus org files."""
    conf = settings.load()
    return _lifelong(Registry.load(path or conf.registry_path, (*conf.org_designations, *extra)))


@lru_cache(maxsize=4)
def matcher_for(registry: Registry) -> Matcher:
    return _lifelong(Matcher(registry))


def _lifelong(value: T) -> T:
    """``value`` (a registry or matcher, kept by the caches above for the process's life) after
    moving every object now tracked by the cyclic collector out of its reach (``gc.freeze``).

    The registry and name index are a million small acyclic objects that are never garbage; left
    in the collector's oldest generation, each full collection walks all of them, which the next
    allocations soon set off (~0.2 s of a 10-row ``check``, 183 collections, measured with
    ``gc.callbacks``, and again every few hundred thousand allocations of a long run). A forked
    worker also no longer dirties their pages by collecting them. Frozen objects are still freed by
    reference counting when dropped (a registry reloaded by the service); only a cycle among them
    would outlive its last reference, and these structures hold none."""
    gc.freeze()
    return value


def match(name: str, as_of: dt.date | None = None, registry: Registry | None = None) -> tuple[Match, ...]:
    """Registry entities that ``name`` may refer to, best first."""
    return matcher_for(registry or load_registry()).match(name, as_of)


def match_many(names: Iterable[str], as_of: dt.date | None = None,
               registry: Registry | None = None) -> list[tuple[Match, ...]]:
    m = matcher_for(registry or load_registry())
    return [m.match(n, as_of) for n in names]


def check(
    path: str | Path,
    policy: str = DEFAULT_POLICY,
    as_of: dt.date | None = None,
    columns: Mapping[str, str] | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    registry: Registry | None = None,
    progress: Callable[[int], None] | None = None,
    waivers: Path | None = None,
    screener: Screener | None = None,
) -> Report:
    """Screen a file and return the whole report (every row accounted for).

    A long-running caller (the service) passes its own warm ``screener`` (from :func:`make_screener`
    with the same registry, policy and date), so rows seen in earlier files are not screened again.
    """
    source, results, tally, _ = screen_file(path, policy, as_of, columns, kind, encoding, registry, progress,
                                            waivers, screener)
    items = tuple(results)
    return Report(source.info, policy, as_of, items, tally.rows_in)


def make_screener(reg: Registry, policy: str = DEFAULT_POLICY, as_of: dt.date | None = None,
                  waivers: Path | None = None) -> Screener:
    """The screener for one policy pack (with waivers) as of one date."""
    # The registry's lists tell criteria-only packs whether an organisation's designations are loaded.
    pol: Policy = get_policy(policy, waivers=load_waivers(waivers) if waivers else (), known_lists=reg.lists)
    # A label that only resembles a listed party yields to an identifier naming another maker; a
    # relabel (label X, MAC block of designated Y) is said in the reason (matching/conflicts.py, policy/identifier_first.py).
    pol = identifier_first(pol, matcher_for(reg))
    return Screener(EvidenceFinder(matcher_for(reg)), pol, as_of)


def screen_file(
    path: str | Path,
    policy: str = DEFAULT_POLICY,
    as_of: dt.date | None = None,
    columns: Mapping[str, str] | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    registry: Registry | None = None,
    progress: Callable[[int], None] | None = None,
    waivers: Path | None = None,
    screener: Screener | None = None,
) -> tuple[Any, Iterator[ItemResult], Tally, Registry]:
    """Open ``path`` and return (source, streaming results, tally, registry) for a writer."""
    from supplyscreen.sources import ReadOptions, open_source  # readers load on demand; `match` needs none

    reg = registry or load_registry()
    screener = screener or make_screener(reg, policy, as_of, waivers)
    source = open_source(Path(path), ReadOptions(columns=dict(columns or {}), encoding=encoding, kind=kind))
    tally = Tally()
    if source.info.kind == "bom":
        # A bill of materials rolls each assembly up from its parts; a reader may give the part
        # graph (nesting plus dependencies) beyond each item's single parent.
        graph = getattr(source, "edges", None)
        edges = graph() if callable(graph) else None
        return source, screener.screen_bom(source.items(), tally, edges, progress), tally, reg
    return source, screener.screen(source.items(), tally, progress), tally, reg
