"""The identifier-first policy wrapper: a device's identifiers outrank its label.

Any policy (the built-in one or a pack) can be wrapped. The conflicts themselves — a relabel, or a
label that only resembles a listed party — are found by ``matching.conflicts``; this module decides
what the policy sees and adds their sentences to the reason.
"""

from __future__ import annotations

import datetime as dt

from supplyscreen.fields import EVERYTHING, Reads
from supplyscreen.matching.conflicts import READS as CONFLICT_READS
from supplyscreen.matching.conflicts import ConflictFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import FieldMatch, Item
from supplyscreen.policy.base import Policy, Verdict


class IdentifierFirst:
    """Wraps a policy: drops name resemblances an identifier overrules, and adds conflict sentences
    to the reason. Any policy (the built-in one or a pack) can be wrapped."""

    def __init__(self, inner: Policy, matcher: Matcher) -> None:
        self.inner = inner
        self.id = inner.id
        self.name = inner.name
        self.conflicts = ConflictFinder(matcher)

    @property
    def reads(self) -> Reads:
        """What the wrapped policy reads, and the labels and identifiers conflicts are found in."""
        inner = getattr(self.inner, "reads", EVERYTHING)
        return inner | CONFLICT_READS

    def __getattr__(self, name: str) -> object:
        # Packs expose more than the Policy protocol (deadlines, waivers); pass those through.
        return getattr(self.inner, name)

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict:
        found = self.conflicts.find(item, matches, as_of) if not item.problem else []
        if not found:
            return self.inner.evaluate(item, matches, as_of)
        dropped = {id(c.superseded) for c in found if c.superseded is not None}
        kept = tuple(fm for fm in matches if id(fm) not in dropped)
        verdict = self.inner.evaluate(item, kept, as_of)
        extra = " ".join(dict.fromkeys(c.sentence for c in found))
        return Verdict(verdict.decision, verdict.rules, f"{verdict.reason} {extra}".strip(), verdict.quotes)


def identifier_first(policy: Policy, matcher: Matcher) -> Policy:
    """``policy`` with label/identifier conflicts applied (idempotent)."""
    return policy if isinstance(policy, IdentifierFirst) else IdentifierFirst(policy, matcher)
