"""Bids side by side: per bid the decision, the offending items with their evidence, the makers
to ask about, the representations checked, and documented risk factors for the comprehensive
evaluation (``data/factors.yaml``: each factor a fixed level and a sentence, never a score).

Everything is computed from a :class:`~supplyscreen.case.model.CaseRecord`; nothing here reads the
store, so the CLI, the web pages and the package show the same comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from supplyscreen.case import questions as q
from supplyscreen.case import representations as reps
from supplyscreen.case.labels import data, text
from supplyscreen.case.model import (
    LEVELS,
    Bid,
    BidScreening,
    BidView,
    CaseRecord,
    Comparison,
    Factor,
    Finding,
    Question,
    RepFinding,
    Text,
)
from supplyscreen.model import Decision

DECLARED = "declared"
"""The role of an item list made from a bidder's answer (service/cases.py)."""
# A factor's sentence names at most this many items; the findings list names them all. Ten is what
# a person reads aloud in an evaluation meeting without losing the thread.
MAX_REFS = 10
_CONFIDENT = ("exact", "strong")


def severity(decision: str) -> int:
    return Decision(decision).severity


def worst(decisions: Iterable[str]) -> str:
    return max(decisions, key=severity, default=Decision.ALLOW.value)


def root_findings(bs: BidScreening) -> list[Finding]:
    """The items of one screened file whose own evidence decides, not assemblies that are raised
    only because they contain them (the assembly's reason already names the part).

    An item is kept when it was not allowed as screened and either has its own designated evidence,
    or neither carries a part's evidence nor has a part below it decided at least as severely.
    """
    below: dict[tuple[str, ...], int] = {}  # path prefix → the most severe decision beneath it
    for it in bs.items:
        path = tuple(it.doc.get("path", ()))
        s = severity(it.decision)
        for k in range(1, len(path)):
            below[path[:k]] = max(below.get(path[:k], -1), s)
    out = []
    for it in bs.items:
        if it.decision == Decision.ALLOW.value:
            continue
        path = tuple(it.doc.get("path", ()))
        matches = it.doc.get("matches", ())
        own = any(fm.get("designated") and not str(fm.get("field", "")).startswith("part:") for fm in matches)
        carried = any(str(fm.get("field", "")).startswith("part:") for fm in matches)
        if not own and (carried or (path and below.get(path, -1) >= severity(it.decision))):
            continue
        out.append(Finding((bs.policy,), bs.role, bs.file_name, it.ref, path, it.decision, it.final,
                           it.review_state, it.note, str(it.doc.get("reason", "")), it.doc))
    return out


def merge(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per item across policy packs, keeping the most severe decision after review."""
    by: dict[tuple[str, str], Finding] = {}
    for f in findings:
        key = (f.role, f.ref)
        seen = by.get(key)
        if seen is None:
            by[key] = f
            continue
        policies = tuple(dict.fromkeys((*seen.policies, *f.policies)))
        keep = f if severity(f.final) > severity(seen.final) else seen
        # The rules of every pack that found the item stay in its evidence, most severe pack first.
        rules = {r["id"]: r for d in (keep.doc, seen.doc if keep is f else f.doc) for r in d.get("rules", ())}
        by[key] = replace(keep, policies=policies, doc={**keep.doc, "rules": list(rules.values())})
    return sorted(by.values(), key=lambda f: (-severity(f.final), f.role, f.ref))


def where(f: Finding) -> str:
    return " › ".join(f.path) or f"{f.file_name} row {f.ref}"


def _refs(fs: Sequence[Finding]) -> str:
    names = [where(f) for f in fs[:MAX_REFS]]
    more = len(fs) - MAX_REFS
    return "; ".join(names) + (f"; and {more} more" if more > 0 else "")


def _designated_part(f: Finding) -> bool:
    if f.depth == 0:
        return False
    return any(fm.get("designated") and fm.get("band") in _CONFIDENT and not str(fm.get("field", "")).startswith("part:")
               for fm in f.doc.get("matches", ()))


def factors(bid: Bid, offending: Sequence[Finding], cleared: Sequence[Finding], rep_findings: Sequence[RepFinding],
            open_questions: int, asked_unknown: tuple[int, int], failed: Sequence[BidScreening]) -> tuple[Factor, ...]:
    """The bid's risk factors, in the order and at the levels ``factors.yaml`` declares."""
    excluded = [f for f in offending if f.final == "exclude"]
    parts = [f for f in offending if f.final == "review" and _designated_part(f)]
    review = [f for f in offending if f.final == "review" and not _designated_part(f)]
    unknown = [f for f in offending if f.final == "unknown"]
    contradicted = [r for r in rep_findings if r.status == "contradicted"]
    incomplete = [r for r in rep_findings if r.status == "incomplete"]
    files = list(dict.fromkeys(f"{b.file_name} ({b.error})" for b in failed))
    asked, answered = asked_unknown
    found: dict[str, tuple[int, str, Text]] = {
        "unreadable-file": (len(files), "", Text("; ".join(files))),
        "excluded-items": (len(excluded), _refs(excluded), Text("")),
        "designated-parts": (len(parts), _refs(parts), Text("")),
        "review-items": (len(review), _refs(review), Text("")),
        "representation-contradicted": (len(contradicted), "", Text(" ".join(r.text.en for r in contradicted),
                                                                    " ".join(r.text.get("ja") for r in contradicted))),
        "representation-incomplete": (len(incomplete), "", Text(" ".join(r.text.en for r in incomplete),
                                                                " ".join(r.text.get("ja") for r in incomplete))),
        "unknown-makers": (len(unknown), _refs(unknown), Text(
            f"{asked} question(s) asked, {answered} answered." if asked else "No question asked yet.",
            f"質問{asked}件、回答{answered}件。" if asked else "まだ質問していません。")),
        "open-questions": (open_questions, "", Text("")),
        "cleared-by-review": (len(cleared), _refs(cleared), Text("")),
    }
    out = []
    for spec in data("factors.yaml")["factors"]:
        n, refs, detail = found[spec["id"]]
        if not n:
            continue
        tmpl = text(spec["explain"])
        explanation = Text(tmpl.en.format(n=n, refs=refs, detail=detail.en).strip(),
                           tmpl.get("ja").format(n=n, refs=refs, detail=detail.get("ja")).strip())
        out.append(Factor(str(spec["id"]), str(spec["level"]), text(spec["title"]), explanation, text(spec["why"])))
    return tuple(out)


def view(bid: Bid, record: CaseRecord) -> BidView:
    """One bid's column of the comparison."""
    raw: list[Finding] = []
    failed = [b for b in bid.screenings if b.status != "complete"]
    # An item list made from the bidder's answer (role `declared`) speaks of items of the bid's own
    # files: its findings join theirs, so each item keeps the more severe decision.
    role_of = {it.ref: b.role for b in bid.screenings if b.role != DECLARED for it in b.items}
    by_policy: dict[str, str] = {p: Decision.ALLOW.value for p in record.info.classification.packs}
    for b in bid.screenings:
        if b.status != "complete":
            by_policy[b.policy] = worst([by_policy.get(b.policy, "allow"), Decision.UNKNOWN.value])
            continue
        fs = root_findings(b)
        if b.role == DECLARED:
            fs = [replace(f, role=role_of.get(f.ref, f.role)) for f in fs]
        raw.extend(fs)
        by_policy[b.policy] = worst([by_policy.get(b.policy, "allow"), *(f.final for f in fs)])
    merged = merge(raw)
    offending = [f for f in merged if f.final != Decision.ALLOW.value]
    cleared = [f for f in merged if f.final == Decision.ALLOW.value]
    errors = tuple(dict.fromkeys(f"{b.file_name}: {b.error}" for b in failed))  # once, not once per pack
    if not bid.screenings:
        errors = (("the bid's files were not screened (screening stopped before it finished): send them again "
                   "with a new version") if record.info.classification.packs else
                  "no policy pack applies to this case, so the bid was not screened",)
    decision = worst([*by_policy.values(), *(["unknown"] if errors else [])])
    cls = record.info.classification
    screened_889 = any(b.policy == reps.NDAA_PACK and b.status == "complete" for b in bid.screenings)
    rep_findings = reps.check(bid.representations, raw, cls.representations, screened_889)
    mine: list[Question] = [x for x in record.questions if x.bid_id == bid.id]
    makers = q.unknown_makers(offending, mine)
    asked = sum(1 for m in makers if m.asked is not None)
    answered = sum(1 for m in makers if m.answered)
    open_q = sum(1 for x in mine if x.answered is None)
    fac = factors(bid, offending, cleared, rep_findings, open_q, (asked, answered), failed)
    risk = max((f.level for f in fac), key=LEVELS.index, default="none")
    counts = {d: sum(1 for f in offending if f.final == d) for d in ("exclude", "review", "unknown")}
    counts["items"] = len({(b.role, it.ref) for b in bid.screenings if b.role != DECLARED for it in b.items})
    return BidView(bid, decision, by_policy, counts, tuple(offending), makers, rep_findings, fac, risk, errors)


def compare(record: CaseRecord) -> Comparison:
    """Every bid of the case, in the order they were added."""
    return Comparison(record.info, tuple(view(b, record) for b in record.bids))
