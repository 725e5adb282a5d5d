"""SARIF 2.1.0, so a CI pipeline (GitHub code scanning, GitLab, Azure DevOps) can block a change that
adds a designated part. One result per item that is not allowed: exclude is an error, review a
warning, unknown a note; the rule is the policy rule that decided it, with its legal citation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from supplyscreen.formats.base import Run
from supplyscreen.model import Decision, ItemResult
from supplyscreen.registry import info as registry_info
from supplyscreen.screen import Tally

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Decision.EXCLUDE: "error", Decision.REVIEW: "warning", Decision.UNKNOWN: "note"}
# An item decided without any rule (unreadable row, no maker) still needs a rule id in SARIF.
NO_RULE = {Decision.UNKNOWN: "maker-unknown", Decision.REVIEW: "review", Decision.EXCLUDE: "exclude"}


def _version() -> str:
    try:
        return version("supplyscreen")
    except PackageNotFoundError:
        return "0"


class SarifWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        rules: dict[str, dict[str, Any]] = {}
        found: list[dict[str, Any]] = []
        for r in results:
            if r.decision is Decision.ALLOW:
                continue
            hit = r.rules[0] if r.rules else None
            rule_id = hit.id if hit else NO_RULE[r.decision]
            if rule_id not in rules:
                rules[rule_id] = {
                    "id": rule_id,
                    "shortDescription": {"text": (hit.rationale if hit else r.reason)[:200]},
                    "properties": {"citation": hit.citation if hit else "", "outcome": r.decision.value},
                }
            location: dict[str, Any] = {"artifactLocation": {"uri": run.source.path}}
            if r.item.line is not None:
                location["region"] = {"startLine": max(1, r.item.line)}
            evidence = [
                {"field": fm.field, "value": fm.value, "entity": fm.match.entity.name, "band": fm.match.band.value,
                 "designated": [d.entity.name for d in fm.match.designated]}
                for fm in r.matches
            ]
            found.append({
                "ruleId": rule_id,
                "level": LEVEL[r.decision],
                "message": {"text": r.reason},
                "locations": [{
                    "physicalLocation": location,
                    "logicalLocations": [{"fullyQualifiedName": " > ".join(r.item.path) or str(r.item.ref),
                                          "kind": "component" if r.item.path else "row"}],
                }],
                "partialFingerprints": {"supplyscreen/ref": str(r.item.ref)},
                "properties": {"ref": r.item.ref, "decision": r.decision.value, "evidence": evidence,
                               "citations": [h.citation for h in r.rules]},
            })
        doc = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "supplyscreen", "version": _version(),
                                    "informationUri": "https://github.com/supplyscreen/supplyscreen",
                                    "rules": list(rules.values())}},
                "results": found,
                "properties": {"policy": run.policy, "as_of": run.as_of.isoformat() if run.as_of else None,
                               "decision": tally.decision.value,
                               "summary": {**tally.counts, "rows_in": tally.rows_in, "rows_out": tally.rows_out},
                               "registry": registry_info.stamp(run.registry)},
            }],
        }
        json.dump(doc, out, ensure_ascii=False, indent=1)
        out.write("\n")
