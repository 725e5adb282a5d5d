"""Plain-dict renderings of results, shared by the JSON writer, the CSV writer and the API.

The shapes follow the CLI's JSON contract (docs: shared/docs/interfaces.md); fields may be added,
never renamed or dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from supplyscreen.model import DesignatedLink, FieldMatch, ItemResult, Match, Report, RuleHit, SourceInfo
from supplyscreen.registry import Registry
from supplyscreen.registry import info as registry_info


def designated(link: DesignatedLink, registry: Registry) -> dict[str, Any]:
    lists = []
    for d in link.designations:
        info = registry.lists.get(d.list_id)
        lists.append(
            {
                "id": d.list_id,
                "name": info.name if info else d.list_id,
                "added": d.added.isoformat() if d.added else None,
                "scope": d.scope,
                "citation": d.citation,
            }
        )
    return {
        "entity": {"id": link.entity.id, "name": link.entity.name},
        "lists": lists,
        "path": list(link.path),
        "former": link.former,
    }


def match(m: Match, registry: Registry) -> dict[str, Any]:
    return {
        "entity": {"id": m.entity.id, "name": m.entity.name},
        "score": round(m.score, 4),
        "band": m.band.value,
        "explanation": m.explanation,
        "matched_name": m.matched_name,
        "designated": [designated(x, registry) for x in m.designated],
        # The matcher's features that adjusted or capped this match (matching/features.py).
        "features": [{"id": f.id, "effect": f.effect.value, "explanation": f.explanation} for f in m.features],
    }


def field_match(fm: FieldMatch, registry: Registry) -> dict[str, Any]:
    return {"field": fm.field, "value": fm.value, **match(fm.match, registry)}


def item(r: ItemResult, registry: Registry) -> dict[str, Any]:
    own = item_own(r)
    # The contract's key order: ref, path, decision, matches, rules, reason, then line and problem.
    return {"ref": own["ref"], "path": own["path"], "decision": own["decision"], **evidence(r, registry), **own}


def item_own(r: ItemResult) -> dict[str, Any]:
    """What ``item`` says of the item itself: everything but its matches and rules."""
    out: dict[str, Any] = {"ref": r.item.ref, "path": list(r.item.path), "decision": r.decision.value,
                           "reason": r.reason}
    if r.item.line is not None:
        out["line"] = r.item.line
    if r.item.problem:
        out["problem"] = r.item.problem
    return out


def evidence(r: ItemResult, registry: Registry) -> dict[str, Any]:
    """What ``item`` says the decision rests on: its matches and rules (the store keeps this part
    once for every item it decided)."""
    return {"matches": [field_match(fm, registry) for fm in r.matches], "rules": rule_hits(r.rules)}


def rule_hits(rules: Iterable[RuleHit]) -> list[dict[str, Any]]:
    return [{"id": h.id, "outcome": h.outcome.value, "citation": h.citation, "rationale": h.rationale}
            for h in rules]


def source(info: SourceInfo) -> dict[str, Any]:
    return {
        "path": info.path,
        "kind": info.kind,
        "format": info.format,
        "encoding": info.encoding,
        "columns": dict(info.columns),
        "notes": list(info.notes),
    }


def report(rep: Report, registry: Registry) -> dict[str, Any]:
    return {
        "decision": rep.decision.value,
        "summary": {**rep.counts(), "rows_in": rep.rows_in, "rows_out": rep.rows_out},
        "policy": rep.policy,
        "as_of": rep.as_of.isoformat() if rep.as_of else None,
        "source": source(rep.source),
        "registry": registry_info.stamp(registry),
        "items": [item(r, registry) for r in rep.results],
    }
