"""A bidder's FAR 52.204-24 / 52.204-26 representations, checked against what screening found.

A bidder that represents it "will not provide" covered telecommunications equipment, but whose offer
holds an item screening excludes under §889, is a finding of its own: the representation is
contradicted. The "use" answers (52.204-24(d)(2), 52.204-26(c)(2)) concern the bidder's own
operations (§889(a)(1)(B)), which an offer cannot show; they are recorded, not checked.
Facts: supplyscreen/docs/regulations.md ("FAR clauses").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from supplyscreen.case.model import Finding, RepFinding, Representations, Text

COVERED_LIST = "us-ndaa-889"
NDAA_PACK = "us-ndaa-889"
_PROVIDE = {"will": True, "will-not": False, "does": True, "does-not": False}
_CONFIDENT = ("exact", "strong")
# (attribute, clause, the paragraph's own words for the negative answer)
_PROVIDE_CLAUSES = (
    ("far_24_provide", "52.204-24(d)(1)", "will not provide covered telecommunications equipment or services"),
    ("far_26_provide", "52.204-26(c)(1)", "does not provide covered telecommunications equipment or services as a "
                                          "part of its offered products or services"),
)
_USE_CLAUSES = (("far_24_use", "52.204-24(d)(2)"), ("far_26_use", "52.204-26(c)(2)"))
_ALLOWED = {"far_24_provide": ("will", "will-not"), "far_24_use": ("does", "does-not"),
            "far_26_provide": ("does", "does-not"), "far_26_use": ("does", "does-not")}
_USE_JA = {"does": "使用している", "does-not": "使用していない"}
# Input keys: `52.204-24.provide=will-not` on the command line, or nested YAML/JSON.
_KEYS = {("52.204-24", "provide"): "far_24_provide", ("52.204-24", "use"): "far_24_use",
         ("52.204-26", "provide"): "far_26_provide", ("52.204-26", "use"): "far_26_use"}


class RepresentationError(ValueError):
    """A representation that is not one of the clause's answers."""


def parse(doc: Mapping[str, Any] | None, pairs: Sequence[str] = ()) -> Representations:
    """Representations from a mapping (``{"52.204-24": {"provide": "will-not", "use": "does-not",
    "disclosure": ""}, "52.204-26": {...}}``) and ``CLAUSE.FIELD=VALUE`` pairs (pairs win)."""
    values: dict[str, str | None] = {}
    disclosure = ""
    for clause, body in (doc or {}).items():
        if not isinstance(body, Mapping):
            raise RepresentationError(f"representation {clause!r}: expected a mapping of provide/use/disclosure")
        for k, v in body.items():
            if k == "disclosure":
                disclosure = str(v or "")
                continue
            _put(values, str(clause), str(k), v)
    for p in pairs:
        key, sep, v = p.partition("=")
        if key.strip() == "disclosure" and sep:
            disclosure = v.strip()
            continue
        clause, dot, fld = key.strip().rpartition(".")
        if not sep or not dot:
            raise RepresentationError(f"--rep {p!r}: write CLAUSE.FIELD=VALUE, e.g. 52.204-24.provide=will-not")
        _put(values, clause, fld, v)
    return Representations(**values, disclosure=disclosure.strip())


def _put(values: dict[str, str | None], clause: str, fld: str, v: Any) -> None:
    attr = _KEYS.get((clause.strip().upper().removeprefix("FAR "), fld.strip().lower()))
    if attr is None:
        raise RepresentationError(f"representation {clause}.{fld}: known are "
                                  + ", ".join(f"{c}.{f}" for c, f in _KEYS) + " and disclosure")
    if v is None or str(v).strip() == "":
        values[attr] = None
        return
    answer = str(v).strip().lower().replace(" ", "-").replace("_", "-")
    if answer not in _ALLOWED[attr]:
        raise RepresentationError(f"representation {clause}.{fld}={v!r}: one of {', '.join(_ALLOWED[attr])}")
    values[attr] = answer


def to_doc(r: Representations) -> dict[str, Any]:
    return {
        "52.204-24": {"provide": r.far_24_provide, "use": r.far_24_use, "disclosure": r.disclosure},
        "52.204-26": {"provide": r.far_26_provide, "use": r.far_26_use},
    }


def from_doc(doc: Mapping[str, Any] | None) -> Representations:
    return parse(doc)


def covered(f: Finding) -> bool:
    """Whether the item's own evidence confidently leads to a party designated under §889."""
    for fm in f.doc.get("matches", ()):
        if str(fm.get("field", "")).startswith("part:") or fm.get("band") not in _CONFIDENT:
            continue
        for d in fm.get("designated", ()):
            if not d.get("former") and any(x.get("id") == COVERED_LIST for x in d.get("lists", ())):
                return True
    return False


def where(f: Finding) -> str:
    return " › ".join(f.path) or f.ref


def check(reps: Representations, findings: Sequence[Finding], required: bool,
          screened_889: bool) -> tuple[RepFinding, ...]:
    """Each representation against the bid's findings.

    ``findings`` are the bid's offending items (all packs); ``screened_889`` says whether the bid was
    screened under us-ndaa-889, whose decisions then tell covered equipment (exclude) from a lead
    (review). Without it, a §889-designated party in the evidence is a lead to ask about.
    """
    if not reps.given and not reps.disclosure:
        if not required:
            return ()
        return (RepFinding("52.204-24", "incomplete", Text(
            "The bidder gave no FAR 52.204-24 representation, which this procurement requires.",
            "本調達で必要なFAR 52.204-24の表明がありません。")),)
    hits = [f for f in findings if covered(f) and f.final != "allow"
            and (NDAA_PACK in f.policies or not screened_889)]
    # One line per item, whichever of its files and packs found it.
    seen: dict[str, Finding] = {}
    for f in sorted(hits, key=lambda f: f.final != "exclude"):
        seen.setdefault(f"{f.role}:{f.ref}", f)
    excluded = [f for f in seen.values() if f.final == "exclude" and screened_889 and NDAA_PACK in f.policies]
    leads = [f for f in seen.values() if f not in excluded]
    out: list[RepFinding] = []
    for attr, clause, words in _PROVIDE_CLAUSES:
        answer = getattr(reps, attr)
        if answer is None:
            if required:
                out.append(RepFinding(clause, "incomplete", Text(f"FAR {clause} is not answered.",
                                                                 f"FAR {clause}の回答がありません。")))
            continue
        if _PROVIDE[answer]:
            if reps.disclosure:
                out.append(RepFinding(clause, "disclosed", Text(
                    f"The bidder represents under FAR {clause} that it provides covered equipment or services "
                    f"and discloses: {reps.disclosure}",
                    f"入札者はFAR {clause}に基づき対象機器・役務を提供すると表明し、次を開示しています：{reps.disclosure}")))
            else:
                out.append(RepFinding(clause, "incomplete", Text(
                    f"The bidder represents under FAR {clause} that it provides covered equipment or services but "
                    "gives no disclosure (producer, model or part number, use) as 52.204-24(e) requires.",
                    f"入札者はFAR {clause}に基づき対象機器・役務を提供すると表明していますが、52.204-24(e)が求める開示"
                    "（製造者・型番・用途）がありません。")))
            continue
        if excluded:
            refs = tuple(where(f) for f in excluded)
            out.append(RepFinding(clause, "contradicted", Text(
                f"The bidder represents under FAR {clause} that it {words}, but screening under §889 excludes "
                f"{len(refs)} covered item(s) of its offer: {'; '.join(refs)}.",
                f"入札者はFAR {clause}に基づき対象機器・役務を提供しないと表明していますが、889条に基づくスクリーニングでは"
                f"提案のうち{len(refs)}件の品目が対象機器として除外されます：{'; '.join(refs)}。"), refs))
        elif leads:
            refs = tuple(where(f) for f in leads)
            out.append(RepFinding(clause, "needs-inquiry", Text(
                f"The bidder represents under FAR {clause} that it {words}; {len(refs)} item(s) of its offer lead "
                f"to a party designated under §889 and must be confirmed with the bidder: {'; '.join(refs)}.",
                f"入札者はFAR {clause}に基づき対象機器・役務を提供しないと表明していますが、提案のうち{len(refs)}件の品目が"
                f"889条の指定当事者につながるため、入札者への確認が必要です：{'; '.join(refs)}。"), refs))
        else:
            out.append(RepFinding(clause, "consistent", Text(
                f"FAR {clause}: the bidder {words}; screening found no covered item in its offer.",
                f"FAR {clause}：入札者は対象機器・役務を提供しないと表明しており、スクリーニングでも対象品目は見つかりませんでした。")))
    for attr, clause in _USE_CLAUSES:
        answer = getattr(reps, attr)
        if answer is None:
            if required:
                out.append(RepFinding(clause, "incomplete", Text(f"FAR {clause} is not answered.",
                                                                 f"FAR {clause}の回答がありません。")))
            continue
        out.append(RepFinding(clause, "not-checkable", Text(
            f"FAR {clause}: the bidder {answer.replace('-', ' ')} use covered equipment or services. This concerns "
            "its own operations (§889(a)(1)(B)), which the offer cannot show: screen its inventory to check.",
            f"FAR {clause}：入札者は自社で対象機器・役務を{_USE_JA[answer]}と表明しています。これは自社の"
            "業務に関するもの（889条(a)(1)(B)）で、提案内容からは確認できません。確認には入札者の機器台帳をスクリーニングしてください。")))
    return tuple(sorted(out, key=lambda r: r.clause))
