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
from collections.abc import Iterable
from dataclasses import dataclass, replace

from supplyscreen.model import Decision, FieldMatch, Item, RuleHit
from supplyscreen.policy.base import Verdict
from supplyscreen.policy.conditions import CONDITIONS, Facts, Subject, Tri, facts, list_matches
from supplyscreen.policy.loader import rule_lists
from supplyscreen.policy.rules import Condition, ExceptionRule, Pack, Rule, Waiver

PLACEHOLDERS = (
    "designated", "lists", "path", "matched", "value", "field", "purpose", "category", "country",
    "deadline", "effective", "until", "date", "ref", "maker", "exception", "rule",
)
"""Names a rationale template may use; see ``packs/README.md`` for what each holds."""


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
    f: Facts = s.facts
    link, fm = s.link, s.fm
    shown_lists: tuple[str, ...] = ()
    if link is not None:
        shown_lists = tuple(dict.fromkeys(
            d.list_id for d in link.designations if not lists or list_matches(d.list_id, lists)))
    values = {
        "designated": link.entity.name if link else "",
        "lists": ", ".join(shown_lists),
        "path": (" (" + " ".join(link.path) + ")") if link is not None and link.path else "",
        "matched": fm.match.entity.name if fm else ", ".join(dict.fromkeys(m.match.entity.name for m in s.matches)),
        "value": fm.value if fm else "",
        "field": fm.field if fm else "",
        "purpose": f"'{f.purpose}'" if f.purpose else "not stated",
        "category": ", ".join(sorted(f.categories)) or "not stated",
        "country": ", ".join(sorted(f.countries)) or "not stated",
        "deadline": _iso(getattr(rule, "deadline", None)),
        "effective": _iso(getattr(rule, "effective", None)),
        "until": _iso(getattr(rule, "until", None)),
        "date": s.day.isoformat(),
        "ref": s.item.ref,
        "maker": f.maker_text,
        "exception": ", ".join(sorted(f.exceptions)) or "none",
        "rule": getattr(rule, "id", ""),
    }
    return template.format_map(values)


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

    @property
    def decides_per_ref(self) -> bool:
        """True when a waiver names items, so two rows with the same maker may be decided apart."""
        return any(w.items for w in self.waivers)

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict:
        if item.problem:
            return Verdict(Decision.UNKNOWN, (), f"The row could not be read in full: {item.problem}.")
        day = as_of or dt.date.today()
        base = Subject(item, facts(item), matches, day, self.known_lists)
        findings = self._fire(base)
        findings = self._exceptions(findings, day)
        findings, notes = self._waivers(findings, base, day)
        if findings:
            # The decisive hit first, so the first rule a reader sees explains the decision.
            ordered = sorted(findings, key=lambda f: -f.outcome.severity)
            worst = ordered[0]
            rules = tuple(dict.fromkeys(RuleHit(f.rule, f.outcome, f.citation, f.sentence) for f in ordered))
            return Verdict(worst.outcome, rules, " ".join([worst.sentence, *notes]))
        if self.pack.allow_rationale:
            reason = _fill(self.pack.allow_rationale, base)
        elif matches:
            names = ", ".join(dict.fromkeys(fm.match.entity.name for fm in matches))
            reason = f"Matched {names}, which no rule of {self.id} covers on the screening date."
        else:
            reason = f"No designated or listed party matches {base.facts.maker_text}."
        return Verdict(Decision.ALLOW, (), " ".join([reason, *notes]))

    def _fire(self, base: Subject) -> list[_Finding]:
        out: list[_Finding] = []
        links = [(fm, link) for fm in base.matches for link in fm.match.designated]
        for rule in self.pack.rules:
            if not rule.in_force(base.day):
                continue
            lists = self._rule_lists[rule.id]
            subjects = (
                [replace(base, fm=fm, link=link, rule_lists=lists) for fm, link in links] if rule.per_link else [base]
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
