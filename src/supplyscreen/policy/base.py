"""What the orchestrator needs from a policy: a decision for one item from its evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from supplyscreen.model import Decision, FieldMatch, Item, RuleHit


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: Decision
    rules: tuple[RuleHit, ...]
    reason: str
    quotes: frozenset[str] = field(default_factory=frozenset)
    """Item fields whose own text the reason or rules quote through an item fact (a stated use in
    "this item's use is 'cctv-camera'"). A screener whose key holds such a field coarser than its
    text words each row of the key afresh; a policy that quotes a field so must say it here."""


class Policy(Protocol):
    """A jurisdiction's rules, applied to one item and the registry matches found for it."""

    id: str
    name: str

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict: ...
