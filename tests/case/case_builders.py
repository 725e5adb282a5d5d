"""Small builders of screened items, in the shape the store keeps (``formats.serialise.item``)."""

from __future__ import annotations

from typing import Any

from supplyscreen.case.model import BidScreening, ItemRow


def match(field: str, value: str, entity: str, band: str = "exact", lists: tuple[str, ...] = (),
          designated: str = "", path: tuple[str, ...] = ()) -> dict[str, Any]:
    des = [{"entity": {"id": designated.lower(), "name": designated}, "path": list(path), "former": False,
            "lists": [{"id": x, "name": x, "added": None, "scope": "", "citation": ""} for x in lists]}] if lists else []
    return {"field": field, "value": value, "entity": {"id": entity.lower(), "name": entity}, "score": 1.0,
            "band": band, "explanation": f"'{value}' is {entity}", "matched_name": entity, "designated": des}


def item(ref: str, decision: str, path: tuple[str, ...] = (), matches: tuple[dict[str, Any], ...] = (),
         rules: tuple[str, ...] = (), reason: str = "", final: str | None = None, seq: int = 0) -> ItemRow:
    doc = {"ref": ref, "path": list(path), "decision": decision, "matches": list(matches),
           "rules": [{"id": r, "outcome": decision, "citation": "cite", "rationale": "why"} for r in rules],
           "reason": reason or f"{ref} is {decision}"}
    return ItemRow(seq, ref, decision, final or decision, "none", "", doc)


def screening(items: tuple[ItemRow, ...], policy: str = "jp-gov-it-procurement-2018", role: str = "bom",
              file_name: str = "offer.cdx.json", status: str = "complete", error: str = "") -> BidScreening:
    return BidScreening(1, role, 1, policy, file_name, status, error, "review", {}, items)


HUAWEI_PART = match("manufacturer", "HiSilicon Technologies Co., Ltd.", "HiSilicon", lists=("us-ndaa-889", "org-x"),
                    designated="Huawei", path=("HiSilicon is a subsidiary of Huawei.",))


def router(decision: str = "review", policy: str = "jp-gov-it-procurement-2018",
           rule: str = "jp-designated-part") -> BidScreening:
    """A router whose SoC, three levels down, is HiSilicon; the assemblies above are raised by it."""
    carried = {**HUAWEI_PART, "field": "part:manufacturer"}
    soc_path = ("Router", "Board", "Module", "SoC")
    return screening((
        item("rt", decision, soc_path[:1], (carried,), reason="Contains SoC ..."),
        item("board", decision, soc_path[:2], (carried,), reason="Contains SoC ..."),
        item("module", decision, soc_path[:3], (carried,), reason="Contains SoC ..."),
        item("soc", decision, soc_path, (HUAWEI_PART,), rules=(rule,)),
        item("dram", "allow", ("Router", "Board", "Module", "DRAM")),
    ), policy=policy)
