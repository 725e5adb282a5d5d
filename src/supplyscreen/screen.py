"""The orchestrator: source -> evidence -> policy -> results. It sees only interfaces.

Results stream, so a million-row inventory never sits in memory; the evidence and verdict for a
row are cached on the row's identifying fields, because inventories repeat the same few makers,
models and MAC blocks over and over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.model import Decision, FieldMatch, Item, ItemResult
from supplyscreen.policy.base import Policy, Verdict

# Fields that decide an item's outcome; two rows equal on these get the same verdict.
DECIDING_FIELDS = (
    "manufacturer", "vendor", "brand", "supplier", "oem", "publisher", "author", "product", "model",
    "part_number", "mac", "sys_object_id", "cpe", "purl", "lei", "purpose", "role", "category", "country",
)
# Distinct rows remembered; a million-row inventory has a few thousand distinct rows (MAC blocks
# repeat, full MACs do not, so the MAC is cut to its 36-bit prefix for the cache key).
CACHE_LIMIT = 500_000


@dataclass
class Tally:
    """Counts kept while results stream past."""

    rows_in: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {d.value: 0 for d in (Decision.EXCLUDE, Decision.REVIEW, Decision.ALLOW, Decision.UNKNOWN)}
    )

    @property
    def rows_out(self) -> int:
        return sum(self.counts.values())

    @property
    def decision(self) -> Decision:
        for d in (Decision.EXCLUDE, Decision.REVIEW, Decision.UNKNOWN):
            if self.counts[d.value]:
                return d
        return Decision.ALLOW


class Screener:
    """Screens items against one policy, as of one date."""

    def __init__(self, finder: EvidenceFinder, policy: Policy, as_of: dt.date | None = None) -> None:
        self.finder = finder
        self.policy = policy
        self.as_of = as_of
        self._cache: dict[tuple[str, ...], tuple[tuple[FieldMatch, ...], Verdict]] = {}

    def screen_item(self, item: Item) -> ItemResult:
        key = _cache_key(item)
        hit = self._cache.get(key) if key is not None else None
        if hit is None:
            matches = self.finder.find(item, self.as_of)
            hit = (matches, self.policy.evaluate(item, matches, self.as_of))
            if key is not None and len(self._cache) < CACHE_LIMIT:
                self._cache[key] = hit
        matches, verdict = hit
        if key is not None and item.fields.get("mac"):
            # The cached evidence quotes another row's MAC; quote this row's own.
            matches = tuple(
                FieldMatch(m.field, item.fields["mac"], m.match) if m.field == "mac" else m for m in matches
            )
        return ItemResult(item, verdict.decision, matches, verdict.rules, verdict.reason)

    def screen(
        self, items: Iterator[Item], tally: Tally, progress: Callable[[int], None] | None = None
    ) -> Iterator[ItemResult]:
        """Screen a stream of items, counting into ``tally``; every item yields exactly one result."""
        for n, item in enumerate(items, 1):
            result = self.screen_item(item)
            tally.rows_in += 1
            tally.counts[result.decision.value] += 1
            if progress is not None and n % 1000 == 0:
                progress(1000)
            yield result


def _cache_key(item: Item) -> tuple[str, ...] | None:
    if item.problem:
        return None
    f = item.fields
    return tuple(f.get(k, "") if k != "mac" else _mac_key(f.get("mac", "")) for k in DECIDING_FIELDS)


def _mac_key(mac: str) -> str:
    """A well-formed MAC is cached by its 36-bit prefix; anything else by its exact text."""
    bare = "".join(ch for ch in mac if ch not in ":-. ").upper()
    if len(bare) == 12 and all(ch in "0123456789ABCDEF" for ch in bare):
        return bare[:9]
    return "?" + mac
