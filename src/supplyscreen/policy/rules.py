"""The rule model of policy packs: what a pack file says, as frozen values.

A pack (``policy/packs/<id>.yaml``) is a list of rules evaluated in order; each rule has
conditions (``when``), an outcome, a citation and a rationale template. Exceptions in the pack and
waivers a user supplies suppress rule hits. The language is documented in ``packs/README.md``;
``loader.py`` turns YAML into these values and ``evaluator.py`` applies them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from supplyscreen.model import Decision


@dataclass(frozen=True, slots=True)
class Condition:
    """One test in a ``when`` block: a condition kind and its (validated) value."""

    kind: str
    """A key of ``conditions.CONDITIONS`` (``lists``, ``purpose``, ...) or ``all``/``any``/``not``."""
    value: Any
    """The parsed value: a tuple of strings, a bool, a compiled pattern, or nested conditions."""
    line: int = 0
    """Line in the pack file, for messages."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: when every condition holds, the item gets ``outcome``, with a citation and a reason."""

    id: str
    outcome: Decision
    citation: str
    rationale: str
    """A template; ``{name}`` placeholders are filled from the item and the evidence (see README)."""
    when: tuple[Condition, ...] = ()
    effective: dt.date | None = None
    """First day the rule applies (inclusive)."""
    until: dt.date | None = None
    """First day the rule no longer applies (exclusive), e.g. a removal from a list."""
    deadline: dt.date | None = None
    """Last day to comply: up to and including it the outcome is ``before_deadline``."""
    before_deadline: Decision = Decision.REVIEW
    if_unknown: Decision | None = None
    """Outcome when no condition is false but some cannot be told (no category, no country given);
    None means the rule does not fire then."""
    sources: tuple[str, ...] = ()
    line: int = 0
    per_link: bool = False
    """True when a condition looks at a designated link, so the rule is tried once per link."""

    def in_force(self, day: dt.date) -> bool:
        if self.effective is not None and day < self.effective:
            return False
        return self.until is None or day < self.until

    def outcome_on(self, day: dt.date) -> Decision:
        """The outcome on ``day``: before a deadline a removal is still allowed, so only reviewed."""
        if self.deadline is not None and day <= self.deadline:
            return self.before_deadline
        return self.outcome


@dataclass(frozen=True, slots=True)
class ExceptionRule:
    """A carve-out written in the law (backhaul, Blue UAS, ...): when it holds, the hits of the
    rules it names are suppressed and replaced by ``outcome`` (allow unless stated)."""

    id: str
    suppresses: tuple[str, ...]
    """Rule ids, glob patterns allowed (``889-*``)."""
    citation: str
    rationale: str
    when: tuple[Condition, ...] = ()
    outcome: Decision = Decision.ALLOW
    effective: dt.date | None = None
    until: dt.date | None = None
    line: int = 0

    def in_force(self, day: dt.date) -> bool:
        if self.effective is not None and day < self.effective:
            return False
        return self.until is None or day < self.until


@dataclass(frozen=True, slots=True)
class PackSource:
    """A document a pack relies on."""

    id: str
    title: str
    url: str = ""
    date: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Pack:
    """A jurisdiction's rules, as loaded from one pack file."""

    id: str
    name: str
    jurisdiction: str
    binds: str
    summary: str
    effective: dt.date | None
    sources: tuple[PackSource, ...]
    rules: tuple[Rule, ...]
    exceptions: tuple[ExceptionRule, ...] = ()
    allow_rationale: str = ""
    """Reason given when no rule fires; a template like a rule's rationale."""
    path: str = ""


@dataclass(frozen=True, slots=True)
class Waiver:
    """A waiver a user holds (an agency-head or DNI waiver, an internal risk acceptance).

    It suppresses the hits of the rules in its scope for the items and makers in its scope, from
    ``granted`` until ``expires`` (exclusive). An expired waiver suppresses nothing.
    """

    id: str
    approver: str
    justification: str
    expires: dt.date
    granted: dt.date | None = None
    rules: tuple[str, ...] = ("*",)
    """Rule ids or glob patterns the waiver covers."""
    policies: tuple[str, ...] = ("*",)
    items: tuple[str, ...] = ()
    """Item refs; empty means any item."""
    makers: tuple[str, ...] = ()
    """Entity ids or names (matched or designated party, or the item's maker); empty means any."""
    citation: str = ""
    line: int = 0
    path: str = ""

    def current(self, day: dt.date) -> bool:
        if self.granted is not None and day < self.granted:
            return False
        return day < self.expires
