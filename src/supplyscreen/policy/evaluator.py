"""Applies a pack to one item: rules in order, the most severe outcome wins, then the pack's
exceptions and the user's waivers suppress what they cover.

Each rule is tried once per item, or once per designated link (a designated party reached through
one field's match) when a condition looks at the link. Every hit carries the rule id, outcome,
citation and a sentence for a person; the verdict's reason is the decisive hit's sentence, plus a
word on any waiver that was expired or out of scope.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from supplyscreen.fields import Reads, raw
from supplyscreen.model import Decision, FieldMatch, Item, RuleHit
from supplyscreen.policy.base import Verdict
from supplyscreen.policy.conditions import CONDITIONS, Facts, Subject, Tri, fact_reads, facts, list_matches
from supplyscreen.policy.loader import leaves, raw_fields, rule_lists
from supplyscreen.policy.rules import Condition, ExceptionRule, Pack, Rule, Waiver

PLACEHOLDERS = (
    "designated", "lists", "path", "matched", "value", "field", "purpose", "category", "country",
    "deadline", "effective", "until", "date", "ref", "maker", "exception", "rule",
)
"""Names a rationale template may use; see ``packs/README.md`` for what each holds."""
PLACEHOLDER_FACTS: dict[str, tuple[str, ...]] = {
    "purpose": ("purpose",), "category": ("category_stated", "categories", "device_class"),
    "country": ("countries",), "ref": ("ref",), "maker": ("maker_text",), "exception": ("exceptions",),
}
"""The item facts a placeholder reads (the others read the match, its link, the rule or the date)."""
assert set(PLACEHOLDER_FACTS) <= set(PLACEHOLDERS)
# Read by every pack: the default allow sentence names the maker as stated.
ALWAYS_READ = ("maker_text",)
# A waiver reaches an item by these name fields (and by its ref when it names items): see _about.
WAIVER_FIELDS = ("manufacturer", "vendor", "brand", "supplier")


def condition_facts(conds: tuple[Condition, ...]) -> set[str]:
    """The item facts a ``when`` block (nested included) can read; a ``fields`` condition reads
    its fields as raw text (``field:NAME``)."""
    out: set[str] = set()
    for c in leaves(conds):
        if c.kind == "fields":
            out.update("field:" + name for name, _ in c.value)
        elif c.kind in CONDITIONS:
            out.update(CONDITIONS[c.kind].facts)
    return out


def template_facts(template: str) -> set[str]:
    """The item facts a rationale template reads through its placeholders."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {f for n in names for f in PLACEHOLDER_FACTS.get(n, ())}


def test(conds: tuple[Condition, ...], s: Subject) -> Tri:
    """All conditions: False if any is False, else None if any cannot be told, else True."""
    unknown = False
    for c in conds:
        r = _one(c, s)
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def _one(c: Condition, s: Subject) -> Tri:
    if c.kind == "all":
        return test(tuple(x for part in c.value for x in part), s)
    if c.kind == "any":
        results = [test(part, s) for part in c.value]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if c.kind == "not":
        r = test(c.value, s)
        return None if r is None else not r
    kind = CONDITIONS[c.kind]
    if kind.per_link and (s.link is None or s.fm is None):
        return False
    return kind.test(s, c.value)


@dataclass(frozen=True, slots=True)
class _Finding:
    rule: str
    outcome: Decision
    citation: str
    sentence: str
    subject: Subject
    note: str = ""


def _fill(template: str, s: Subject, rule: Rule | ExceptionRule | None = None, lists: tuple[str, ...] = ()) -> str:
    return template.format_map(_Placeholders(s, rule, lists))


class _Placeholders(dict[str, str]):
    """A template's placeholders, each worked out only when the template uses it: the item facts a
    sentence reads are what a recorded verdict is keyed on (see :class:`PackPolicy`)."""

    def __init__(self, s: Subject, rule: Rule | ExceptionRule | None, lists: tuple[str, ...]) -> None:
        super().__init__()
        self.s, self.rule, self.lists = s, rule, lists

    def __missing__(self, key: str) -> str:
        s, rule = self.s, self.rule
        f: Facts = s.facts
        f.quoted.update(PLACEHOLDER_FACTS.get(key, ()))
        link, fm = s.link, s.fm
        if key == "designated":
            return link.entity.name if link else ""
        if key == "lists":
            if link is None:
                return ""
            return ", ".join(dict.fromkeys(
                d.list_id for d in link.designations if not self.lists or list_matches(d.list_id, self.lists)))
        if key == "path":
            return (" (" + " ".join(link.path) + ")") if link is not None and link.path else ""
        if key == "matched":
            return fm.match.entity.name if fm else ", ".join(dict.fromkeys(m.match.entity.name for m in s.matches))
        if key == "value":
            if fm is None:
                return ""
            # The matched input value is read like a fact of the item, so a recorded verdict is
            # reused only for an item whose matched value is the same.
            at = next(i for i, x in enumerate(s.matches) if x is fm)
            return f.note(f"value:{at}", fm.value)
        if key == "field":
            return fm.field if fm else ""
        if key == "purpose":
            return f"'{f.purpose}'" if f.purpose else "not stated"
        if key == "category":
            return f.category_text
        if key == "country":
            return f.countries.text
        if key in ("deadline", "effective", "until"):
            return _iso(getattr(rule, key, None))
        if key == "date":
            return s.day.isoformat()
        if key == "ref":
            return f.ref
        if key == "maker":
            return f.maker_text
        if key == "exception":
            return ", ".join(sorted(f.exceptions)) or "none"
        if key == "rule":
            return getattr(rule, "id", "")
        raise KeyError(key)


def _quotes(f: Facts) -> frozenset[str]:
    """The item fields the sentences rendered so far quote, through the facts they rendered."""
    return frozenset(role for name in f.quoted for role in fact_reads(name).fields)


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


class PackPolicy:
    """A loaded pack as a :class:`~supplyscreen.policy.base.Policy`, with the user's waivers."""

    def __init__(self, pack: Pack, waivers: Iterable[Waiver] = (), known_lists: Iterable[str] | None = None) -> None:
        self.pack = pack
        self.id = pack.id
        self.name = pack.name
        self.waivers = tuple(waivers)
        self.known_lists = frozenset(known_lists) if known_lists is not None else None
        self._rule_lists = {r.id: rule_lists(r.when) for r in pack.rules}
        # What a rule can see of a match: its field, entity, band and designated links (rules and
        # sentences never read its score or explanation), per set of matches; the value is read as
        # a fact. See evaluate().
        self._recorded: dict[tuple[Any, ...], _Recorded] = {}

    @property
    def raw_fields(self) -> frozenset[str]:
        """Item fields the pack's rules or exceptions read as raw text (``fields`` conditions): the
        screener must not share a verdict between rows that differ there."""
        conds = [r.when for r in self.pack.rules] + [e.when for e in self.pack.exceptions]
        return frozenset().union(*(raw_fields(c) for c in conds))

    @cached_property
    def reads(self) -> Reads:
        """What evaluating an item can read of it, from the pack's own text: the facts its conditions
        and sentences read (each fact declares its fields and attributes, ``conditions.FACT_READS``),
        the raw fields of its ``fields`` conditions, and what waivers match on. The screener keys
        verdicts on this, so two items equal here always get the same verdict."""
        names: set[str] = set(ALWAYS_READ)
        for r in self.pack.rules:
            names |= condition_facts(r.when) | template_facts(r.rationale)
        for e in self.pack.exceptions:
            names |= condition_facts(e.when) | template_facts(e.rationale)
        names |= template_facts(self.pack.allow_rationale or "")
        out = Reads()
        if self.waivers:
            out = raw(*WAIVER_FIELDS)
            if self.decides_per_ref:
                names.add("ref")
        for name in sorted(names):
            out = out | fact_reads(name)
        return out

    @property
    def decides_per_ref(self) -> bool:
        """True when a waiver names items, so two rows with the same maker may be decided apart."""
        return any(w.items for w in self.waivers)

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict:
        if item.problem:
            return Verdict(Decision.UNKNOWN, (), f"The row could not be read in full: {item.problem}.")
        day = as_of or dt.date.today()
        known = facts(item)
        if self.waivers:
            return self._evaluate(Subject(item, known, matches, day, self.known_lists))
        # Rows of a large inventory differ in text that no rule reads (a model number, a role that
        # names no category, which of a maker's MAC blocks): the verdict of an earlier item whose
        # matches say the same to a rule, and which said the same about every fact this evaluation
        # read, is this item's too.
        key = (day, tuple((fm.field, fm.match.entity, fm.match.band, fm.match.designated) for fm in matches))
        recorded = self._recorded.get(key)
        if recorded is not None:
            verdict = recorded.find(known, matches)
            if verdict is not None:
                return verdict
        known.reads = {}
        verdict = self._evaluate(Subject(item, known, matches, day, self.known_lists))
        if recorded is None and len(self._recorded) < RECORDED_LIMIT:
            recorded = self._recorded[key] = _Recorded()
        if recorded is not None:
            reads = tuple(known.reads.items())
            last = recorded.add(reads, verdict)
            if last is not None and last.template is None and reads[-1][0] in self._quoted_only:
                last.template = self._template(item, known, matches, day, reads, verdict)
        known.reads = None
        return verdict

    @cached_property
    def _quoted_only(self) -> frozenset[str]:
        """Facts of :data:`QUOTED_AS_IS` that no condition of the pack reads: only sentences do."""
        tested: set[str] = set()
        for conds in [r.when for r in self.pack.rules] + [e.when for e in self.pack.exceptions]:
            tested |= condition_facts(conds)
        return QUOTED_AS_IS - tested

    def _template(self, item: Item, known: Facts, matches: tuple[FieldMatch, ...], day: dt.date,
                  reads: tuple[tuple[str, Any], ...], verdict: Verdict) -> _Template | bool:
        """The verdict of ``item`` with its last fact read (one only sentences quote, as it is)
        rendered as a mark: the verdict of any other value of that fact, on the same path of
        facts, is this one with the value put in for the mark (:class:`_Template`). The mark's
        evaluation must read the same facts in the same order, and the template filled with this
        item's value must give this item's verdict; else False (the node is never templated)."""
        name, value = reads[-1]
        if type(value) is not str or not value:
            return False
        again = facts(item)
        again._known = {**known._known, name: _MARK}  # the facts worked out so far, the mark for this one
        again.reads = {}
        marked = self._evaluate(Subject(item, again, matches, day, self.known_lists))
        same_path = tuple(again.reads) == tuple(n for n, _ in reads) and all(
            again.reads[n] == v for n, v in reads[:-1])
        template = _Template(marked)
        if not same_path or not template.marks or template.fill(value) != verdict:
            return False
        return template

    def _evaluate(self, base: Subject) -> Verdict:
        matches, day = base.matches, base.day
        findings = self._fire(base)
        findings = self._exceptions(findings, day)
        findings, notes = self._waivers(findings, base, day)
        if findings:
            # The decisive hit first, so the first rule a reader sees explains the decision.
            ordered = sorted(findings, key=lambda f: -f.outcome.severity)
            worst = ordered[0]
            rules = tuple(dict.fromkeys(RuleHit(f.rule, f.outcome, f.citation, f.sentence) for f in ordered))
            return Verdict(worst.outcome, rules, " ".join([worst.sentence, *notes]), _quotes(base.facts))
        if self.pack.allow_rationale:
            reason = _fill(self.pack.allow_rationale, base)
        elif matches:
            names = ", ".join(dict.fromkeys(fm.match.entity.name for fm in matches))
            reason = f"Matched {names}, which no rule of {self.id} covers on the screening date."
        else:
            reason = f"No designated or listed party matches {base.facts.maker_text}."
        return Verdict(Decision.ALLOW, (), " ".join([reason, *notes]), _quotes(base.facts))

    def _fire(self, base: Subject) -> list[_Finding]:
        out: list[_Finding] = []
        links = [(fm, link) for fm in base.matches for link in fm.match.designated]
        for rule in self.pack.rules:
            if not rule.in_force(base.day):
                continue
            lists = self._rule_lists[rule.id]
            subjects = (
                [Subject(base.item, base.facts, base.matches, base.day, base.known_lists, fm, link, lists)
                 for fm, link in links] if rule.per_link else [base]
            )
            for s in subjects:
                result = test(rule.when, s)
                if result is True:
                    outcome = rule.outcome_on(s.day)
                elif result is None and rule.if_unknown is not None:
                    outcome = rule.if_unknown
                else:
                    continue
                out.append(_Finding(rule.id, outcome, rule.citation, _fill(rule.rationale, s, rule, lists), s))
        return out

    def _exceptions(self, findings: list[_Finding], day: dt.date) -> list[_Finding]:
        out = []
        for f in findings:
            exc = self._exception_for(f, day)
            if exc is None:
                out.append(f)
                continue
            text = _fill(exc.rationale, f.subject, exc)
            out.append(_Finding(exc.id, exc.outcome, exc.citation,
                                f"{text} (Rule {f.rule} does not apply: {f.sentence})", f.subject))
        return out

    def _exception_for(self, f: _Finding, day: dt.date) -> ExceptionRule | None:
        for exc in self.pack.exceptions:
            if not exc.in_force(day) or not any(fnmatch.fnmatchcase(f.rule, p) for p in exc.suppresses):
                continue
            if test(exc.when, f.subject) is True:
                return exc
        return None

    def _waivers(self, findings: list[_Finding], base: Subject, day: dt.date) -> tuple[list[_Finding], list[str]]:
        if not self.waivers:
            return findings, []
        notes: dict[str, str] = {}
        out = []
        for f in findings:
            if f.outcome is Decision.ALLOW:
                out.append(f)
                continue
            waived = None
            for w in self.waivers:
                if not _about(w, f.subject):
                    continue
                in_scope = (any(fnmatch.fnmatchcase(self.id, p) for p in w.policies)
                            and any(fnmatch.fnmatchcase(f.rule, p) for p in w.rules))
                if not in_scope:
                    notes.setdefault(w.id, f"Waiver {w.id} (approved by {w.approver}) does not cover rule {f.rule} "
                                           f"of {self.id}, so it suppresses nothing here.")
                elif not w.current(day):
                    when = (f"expired on {w.expires.isoformat()}" if day >= w.expires
                            else f"applies only from {_iso(w.granted)}")
                    notes.setdefault(w.id, f"Waiver {w.id} (approved by {w.approver}) {when} and suppresses nothing.")
                elif waived is None:
                    waived = w
            if waived is None:
                out.append(f)
            else:
                out.append(_Finding(
                    f"waiver:{waived.id}", Decision.ALLOW, waived.citation or f"waiver {waived.id}",
                    f"Waiver {waived.id}, approved by {waived.approver} until {waived.expires.isoformat()}, "
                    f"covers rule {f.rule}: {waived.justification} (Waived: {f.sentence})", f.subject))
        return out, list(notes.values())


# Distinct sets of matches (as a rule sees them) whose verdicts are recorded: the 1,000,000-row
# benchmark inventory has a few hundred; the bound keeps odd input from growing memory.
RECORDED_LIMIT = 50_000
# Verdicts recorded per set of matches: that inventory needs about 8,000 for its rows that match
# nothing (one per maker text); the bound only stops unlimited growth.
VERDICTS_LIMIT = 200_000


# Facts that every sentence renders as their own text (the ``{maker}`` placeholder and the default
# allow sentence put ``maker_text`` in as it is, with no test of its value): a pack whose conditions
# never read one decides an item the same whatever its value, and words it with the value. Rows that
# match nothing differ only there ("No designated or listed party matches vendor 'X'."): ~11,000
# of 16,700 evaluations at 200,000 generated rows, one per maker spelling.
QUOTED_AS_IS = frozenset({"maker_text"})
# What a template's sentences hold where the fact's value goes: no item text holds a NUL.
_MARK = "\x00quoted-fact\x00"


class _Template:
    """A verdict whose sentences hold :data:`_MARK` for one fact's value."""

    __slots__ = ("marked", "marks")

    def __init__(self, marked: Verdict) -> None:
        self.marked = marked
        self.marks = _MARK in marked.reason or any(_MARK in r.rationale for r in marked.rules)

    def fill(self, value: str) -> Verdict:
        m = self.marked
        return Verdict(m.decision, tuple(RuleHit(r.id, r.outcome, r.citation, r.rationale.replace(_MARK, value))
                                         for r in m.rules), m.reason.replace(_MARK, value), m.quotes)


class _Recorded:
    """The verdicts recorded for one set of matches, as a decision tree over the facts read.

    An evaluation is deterministic: which fact it reads next depends only on the matches and the
    values of the facts read before. So the first recorded evaluation fixes the first fact read;
    each value of it leads to the next fact read, and so on, down to a verdict. An item is looked
    up by working out just the facts on its path.
    """

    __slots__ = ("root", "size")

    def __init__(self) -> None:
        self.root: _Node | Verdict | None = None
        self.size = 0

    def find(self, known: Facts, matches: tuple[FieldMatch, ...]) -> Verdict | None:
        node = self.root
        while isinstance(node, _Node):
            value = _fact(known, matches, node.fact)
            nxt = node.next.get(value)
            if nxt is None and node.template and type(value) is str and value:
                # The last fact read, quoted as it is and read by no condition: its value's verdict
                # is the template's (see PackPolicy._template).
                nxt = node.template.fill(value)  # type: ignore[union-attr]
                if self.size < VERDICTS_LIMIT:
                    node.next[value] = nxt
                    self.size += 1
            node = nxt
        return node

    def add(self, reads: tuple[tuple[str, Any], ...], verdict: Verdict) -> _Node | None:
        """Record ``verdict`` at the end of the path ``reads``; the node of the last fact read (None
        when nothing was recorded, or no fact was read)."""
        if self.size >= VERDICTS_LIMIT:
            return None
        if not reads:
            if self.root is None:
                self.root, self.size = verdict, self.size + 1
            return None
        if self.root is None:
            self.root = _Node(reads[0][0])
        node = self.root
        for i, (name, value) in enumerate(reads):
            if not isinstance(node, _Node) or node.fact != name:
                return None  # cannot happen for a deterministic evaluation; record nothing rather than guess
            nxt = node.next.get(value)
            if i == len(reads) - 1:
                if nxt is None:
                    node.next[value] = verdict
                    self.size += 1
                    return node
                return None
            if nxt is None:
                nxt = node.next[value] = _Node(reads[i + 1][0])
            node = nxt
        return None


class _Node:
    __slots__ = ("fact", "next", "template")

    def __init__(self, fact: str) -> None:
        self.fact = fact
        self.next: dict[Any, _Node | Verdict] = {}
        self.template: _Template | bool | None = None
        """For the node of a last fact read that only sentences quote: the verdict with a mark for
        its value (False: tried and not templatable; None: not tried)."""


def _fact(known: Facts, matches: tuple[FieldMatch, ...], name: str) -> Any:
    if name.startswith("value:"):
        return matches[int(name[6:])].value
    return known.read(name)


def _about(w: Waiver, s: Subject) -> bool:
    """Whether a waiver's item and maker scope reaches this item (its rule scope is checked apart,
    so a waiver for the right item but the wrong rule can be reported as out of scope)."""
    if w.items and s.item.ref not in w.items:
        return False
    if not w.makers:
        return True
    wanted = {m.strip().lower() for m in w.makers}
    names = {s.item.fields.get(k, "").strip().lower() for k in ("manufacturer", "vendor", "brand", "supplier")}
    for fm in s.matches:
        names |= {fm.match.entity.id.lower(), fm.match.entity.name.lower(), fm.value.strip().lower()}
        for link in fm.match.designated:
            names |= {link.entity.id.lower(), link.entity.name.lower()}
    return bool(wanted & names)
