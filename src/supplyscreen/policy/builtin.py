"""The built-in default policy, ``us-ndaa-889``: NDAA FY2019 §889 together with the FCC Covered List.

Rules are declared as data (id, outcome, citation, the condition's name and a sentence) and applied
in order; the most severe outcome wins. Policy packs in YAML (``policy/packs/``) replace this for
other jurisdictions; this module keeps ``check`` useful before any pack is loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from supplyscreen.identifiers import parse_mac
from supplyscreen.model import Band, Decision, DesignatedLink, FieldMatch, Item, RelationKind, RuleHit
from supplyscreen.policy.base import Verdict

PURCHASE_LISTS = ("us-ndaa-889", "us-fcc-covered-list")
CITATION_889A = "Pub. L. 115-232 §889(a)(1)(A), (f)(3); FAR 52.204-25"
CITATION_889B = "Pub. L. 115-232 §889(f)(3)(B); FAR 52.204-25"

# §889(f)(3)(B): Hytera, Hikvision and Dahua equipment is covered only "for the purpose of public
# safety, security of Government facilities, physical security surveillance of critical
# infrastructure, and other national security purposes". These words in an item's purpose or role
# put it inside that limit (English, and the Japanese a ministry's list would use).
COVERED_PURPOSE = re.compile(
    r"public[\s_-]*safety|physical[\s_-]*security|security|surveillance|cctv|ptz|nvr|dvr|anpr|lpr|"
    r"access[\s_-]*control|intercom|perimeter|critical[\s_-]*infrastructure|national[\s_-]*security|"
    r"government[\s_-]*facilit|police|emergency|first[\s_-]*responder|law[\s_-]*enforcement|"
    r"防犯|監視|警備|保安|セキュリティ|入退室|治安|消防|警察|防災|重要インフラ|庁舎",
    re.IGNORECASE,
)
# Words in a maker field that state the maker is not known: the item is undecided, never clean.
UNKNOWN_MAKER = re.compile(r"^\s*(unknown|n/?a|none|tbd|tba|\?+|-+|不明|未定|なし|未知|不详)\s*$", re.IGNORECASE)

# How the lists word the (f)(3)(B) limit: the statute's paragraph, the FCC's "to the extent it is
# used for", or "only for the purpose of".
_LIMITED = re.compile(r"\(f\)\(3\)\(B\)|to the extent it is used|only for the purpose", re.IGNORECASE)

MENTION_FIELDS = ("product", "description", "model", "notes")
MAKER_FIELDS = ("manufacturer", "vendor", "brand", "supplier", "oem", "publisher")
IDENTITY_FIELDS = (*MAKER_FIELDS, "product", "model", "mac", "sys_object_id", "cpe", "purl", "lei", "part_number")


@dataclass(frozen=True, slots=True)
class _Finding:
    outcome: Decision
    rule: str
    citation: str
    sentence: str


def _purpose(item: Item) -> str:
    return " ".join(item.fields.get(k, "") for k in ("purpose", "role", "category")).strip()


def _purpose_limited(link: DesignatedLink) -> bool:
    """A §889 designation limited to the (f)(3)(B) purposes (Hytera, Hikvision, Dahua)."""
    purchase = [d for d in link.designations if d.list_id in PURCHASE_LISTS]
    return bool(purchase) and all(_LIMITED.search(f"{d.scope} {d.citation}") for d in purchase)


def _judge_link(fm: FieldMatch, link: DesignatedLink, item: Item) -> _Finding:
    name = link.entity.name
    how = "" if not link.path else " (" + " ".join(link.path) + ")"
    purchase = [d for d in link.designations if d.list_id in PURCHASE_LISTS]
    lists = ", ".join(dict.fromkeys(d.list_id for d in link.designations))
    if not purchase:
        return _Finding(
            Decision.REVIEW, "other-list", "", f"{name} is on {lists}, which restricts dealings with it but is "
            f"not a purchase ban; a reviewer should confirm{how}."
        )
    if fm.field in MENTION_FIELDS:
        return _Finding(
            Decision.REVIEW, "designated-part-mentioned", CITATION_889A,
            f"The item's {fm.field} mentions {fm.match.entity.name}, which leads to covered {name}{how}; a "
            "designated firm's part inside a product can make it covered equipment (a substantial or essential "
            "component), so confirm what the part is and who made it.",
        )
    if fm.match.band is Band.POSSIBLE:
        return _Finding(
            Decision.REVIEW, "possible-match", CITATION_889A,
            f"'{fm.value}' only resembles {fm.match.entity.name}, which leads to covered {name}; confirm the maker.",
        )
    if link.former:
        return _Finding(
            Decision.REVIEW, "former-affiliate", CITATION_889A,
            f"{fm.match.entity.name} is no longer owned by {name} on the screening date, but was{how}; "
            "review the product's lineage.",
        )
    if RelationKind.OEM_SOURCE in link.relation_kinds:
        return _Finding(
            Decision.REVIEW, "oem-relabel", CITATION_889A,
            f"{fm.match.entity.name} is reported to relabel products made by covered {name}{how}; "
            "confirm who produced this item.",
        )
    if _purpose_limited(link):
        purpose = _purpose(item)
        if purpose and COVERED_PURPOSE.search(purpose):
            return _Finding(
                Decision.EXCLUDE, "889-f3B-covered-purpose", CITATION_889B,
                f"{name} equipment is covered when used for public safety or security purposes, and this item's "
                f"use is '{purpose}'{how}.",
            )
        return _Finding(
            Decision.REVIEW, "889-f3B-purpose-unknown", CITATION_889B,
            f"{name} equipment is covered only for public-safety, security or national-security uses; this item's "
            f"use is {repr(purpose) if purpose else 'not stated'}, so a reviewer must confirm it{how}.",
        )
    return _Finding(
        Decision.EXCLUDE, "889-f3A-covered", CITATION_889A,
        f"{name} is designated under {', '.join(dict.fromkeys(d.list_id for d in purchase))}{how}.",
    )


class DefaultPolicy:
    """§889 + FCC Covered List, built in until policy packs are loaded."""

    id = "us-ndaa-889"
    name = "US NDAA FY2019 §889 and FCC Covered List (built-in)"

    def evaluate(self, item: Item, matches: tuple[FieldMatch, ...], as_of: dt.date | None) -> Verdict:
        if item.problem:
            return Verdict(Decision.UNKNOWN, (), f"The row could not be read in full: {item.problem}.")
        findings: list[_Finding] = []
        for fm in matches:
            links = fm.match.designated
            for link in links:
                findings.append(_judge_link(fm, link, item))
        if findings:
            worst = max(findings, key=lambda f: f.outcome.severity)
            rules = tuple(
                dict.fromkeys(RuleHit(f.rule, f.outcome, f.citation, f.sentence) for f in findings)
            )
            reason = worst.sentence
            return Verdict(worst.outcome, rules, reason)
        if matches:
            names = ", ".join(dict.fromkeys(fm.match.entity.name for fm in matches))
            return Verdict(Decision.ALLOW, (), f"Matched {names}, which no list designates on the screening date.")
        return _no_match(item)


def _usable_mac(text: str) -> bool:
    parsed = parse_mac(text)
    return parsed.value is not None and not parsed.locally_administered


def _no_match(item: Item) -> Verdict:
    stated = {k: item.fields.get(k, "").strip() for k in IDENTITY_FIELDS}
    if stated["mac"] and not _usable_mac(stated["mac"]):
        # A randomised or malformed MAC says nothing about the maker: no evidence, not "clean".
        stated["mac"] = ""
    unknown = [k for k in MAKER_FIELDS if stated[k] and UNKNOWN_MAKER.match(stated[k])]
    present = {k: v for k, v in stated.items() if v and k not in unknown}
    if unknown and not any(present.get(k) for k in MAKER_FIELDS):
        return Verdict(Decision.UNKNOWN, (), f"The {unknown[0]} is stated as '{stated[unknown[0]]}'; the maker must "
                       "be established before the item can be cleared.")
    if not any(present.get(k) for k in (*MAKER_FIELDS, "mac", "sys_object_id", "cpe", "purl", "lei")):
        return Verdict(Decision.UNKNOWN, (), "No maker, vendor or identifier is given, so the item cannot be cleared.")
    shown = ", ".join(f"{k} '{v}'" for k, v in present.items() if k in (*MAKER_FIELDS, "product")) or "its identifiers"
    return Verdict(Decision.ALLOW, (), f"No designated or listed party matches {shown}.")

