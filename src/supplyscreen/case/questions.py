"""Questions to bidders: which items need one, and the question's words.

An item is asked about when screening cannot clear it for want of a fact only the bidder has: its
maker is unknown or not given (``maker``), or the only lead to a restricted party is a name that
merely resembles it (``confirm-maker``). The question names the item by its place in the offer, so
the bidder can find it in its own bill of materials.
"""

from __future__ import annotations

from collections.abc import Sequence

from supplyscreen.case.model import Finding, Question, Text, UnknownMaker

MAKER, CONFIRM, OTHER = "maker", "confirm-maker", "other"
KINDS = (MAKER, CONFIRM, OTHER)


def kind_of(f: Finding) -> str | None:
    """The question an offending item needs, or None when screening already established the facts."""
    if f.final == "unknown" and f.decision == "unknown":
        return MAKER
    if f.final == "review":
        own = [fm for fm in f.doc.get("matches", ()) if not str(fm.get("field", "")).startswith("part:")]
        bands = {fm.get("band") for fm in own if fm.get("designated")}
        if bands == {"possible"}:
            return CONFIRM
    return None


def wording(f: Finding, kind: str) -> Text:
    """The question to send the bidder about one item."""
    from supplyscreen.case.reasons import reason

    where = " › ".join(f.path) or f"row {f.ref}"
    why = reason(f.doc, f.final, f.path[-1] if f.path else f.ref)
    if kind == MAKER:
        return Text(
            f"{where} ({f.file_name}, ref {f.ref}): the maker is not established ({f.reason}) Please name the "
            "manufacturer of this part, its model or part number, and the countries where it was designed and made.",
            f"{where}（{f.file_name}、参照 {f.ref}）：製造者が確認できません（{why.ja}）。この部品の製造者、型番"
            "または部品番号、設計・製造された国をお知らせください。")
    matched = sorted({str(fm["entity"]["name"]) for fm in f.doc.get("matches", ())
                      if fm.get("designated") and not str(fm.get("field", "")).startswith("part:")})
    names = ", ".join(matched)
    return Text(
        f"{where} ({f.file_name}, ref {f.ref}): the maker's name resembles {names}. Please confirm the maker's "
        "full legal name and address, and whether it is related to that company.",
        f"{where}（{f.file_name}、参照 {f.ref}）：製造者名が {names} に類似しています。製造者の正式名称と所在地、"
        "および同社との関係の有無をご確認ください。")


def unknown_makers(findings: Sequence[Finding], asked: Sequence[Question]) -> tuple[UnknownMaker, ...]:
    """The bid's items that need a question, each once (an item screened under several packs is one
    question), with the question already asked about it if there is one."""
    out: dict[tuple[str, str], UnknownMaker] = {}
    by_ref = {q.item_ref: q for q in asked if q.item_ref}
    for f in findings:
        kind = kind_of(f)
        key = (f.role, f.ref)
        if kind is None or key in out:
            continue
        q = by_ref.get(f.ref)
        out[key] = UnknownMaker(f.role, f.file_name, f.ref, f.path, kind, f.reason, wording(f, kind),
                                q.id if q else None, bool(q and q.answered))
    return tuple(out.values())
