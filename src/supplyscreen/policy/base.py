"""What the orchestrator needs from a policy: a decision for one item from its evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from supplyscreen.model import Decision, FieldMatch, Item, RuleHit


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: Decision
    rules: tuple[RuleHit, ...]
    reason: str


class Policy(Protocol):
    """A jurisdiction's rules, applied to one item and the registry matches found for it."""

    id: str
    name: str

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict: ...
