"""SARIF 2.1.0, so a CI pipeline (GitHub code scanning, GitLab, Azure DevOps) can block a change that
adds a designated part. One result per item that is not allowed: exclude is an error, review a
warning, unknown a note; the rule is the policy rule that decided it, with its legal citation.

Code scanning shows a result as an alert only where it has a physical location, so every result
points into the input file: a table row's line, else the line where a BOM names the component
(its ``bom-ref`` or SPDXID), else line 1 of the file. Each rule carries the pack's full text (a
short and a full description, help with the citation and sources), as code scanning shows it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from supplyscreen.errors import SupplyscreenError
from supplyscreen.formats.base import Run, tool_version
from supplyscreen.model import Decision, ItemResult
from supplyscreen.policy import load as load_pack
from supplyscreen.policy.evaluator import PLACEHOLDERS
from supplyscreen.policy.rules import Pack
from supplyscreen.registry import info as registry_info
from supplyscreen.screen import Tally

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Decision.EXCLUDE: "error", Decision.REVIEW: "warning", Decision.UNKNOWN: "note"}
# An item decided without any rule (unreadable row, no maker) still needs a rule id in SARIF.
NO_RULE = {Decision.UNKNOWN: "maker-unknown", Decision.REVIEW: "review", Decision.EXCLUDE: "exclude"}


# What an item decided without a rule of the pack is about, for that rule's description and help.
NO_RULE_TEXT = {
    "maker-unknown": "The maker of the item could not be established from the input, so the screening cannot "
                     "say whether it comes from a designated party. Add the maker (vendor, manufacturer) or "
                     "an identifier (MAC, CPE, purl) to the row or component.",
    "review": "The item needs a person's review before it is bought or kept.",
    "exclude": "The item is excluded by the policy.",
}

# How a BOM names a component, where the result can point: CycloneDX JSON and XML, SPDX JSON and
# tag-value. The first group is the reference an item's ``ref`` carries.
_REF_PATTERNS = (
    re.compile(r'"bom-ref"\s*:\s*"((?:[^"\\]|\\.)*)"'),
    re.compile(r'\bbom-ref\s*=\s*"([^"]*)"'),
    re.compile(r'"SPDXID"\s*:\s*"([^"]*)"'),
    re.compile(r"^\s*SPDXID:\s*(\S+)", re.MULTILINE),
)


@cache
def _ref_lines(path: str, mtime_ns: int) -> dict[str, int]:
    """Line of the first mention of each component reference in a BOM file (empty for other files)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return {}
    lines: dict[str, int] = {}
    for pattern in _REF_PATTERNS:
        for m in pattern.finditer(text):
            lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    return lines


def _lines_for(path: str, kind: str) -> dict[str, int]:
    if kind != "bom":
        return {}
    try:
        return _ref_lines(path, os.stat(path).st_mtime_ns)
    except OSError:
        return {}


def _uri(path: str) -> str:
    """The input as a URI relative to the working folder (the repository root in a CI job), as code
    scanning maps results to files; a file elsewhere keeps its absolute path."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else p
    except ValueError:
        return p.as_uri()
    return rel.as_posix()


def _pack(policy: str) -> Pack | None:
    try:
        return load_pack(policy)
    except (SupplyscreenError, OSError):
        return None


def _rule(rule_id: str, result: ItemResult, pack: Pack | None) -> dict[str, Any]:
    """A SARIF rule: the pack's rule with its rationale, citation and sources, or a built-in one."""
    hit = next((h for h in result.rules if h.id == rule_id), None)
    declared = next((r for r in pack.rules if r.id == rule_id), None) if pack else None
    if hit is None:
        text = NO_RULE_TEXT[rule_id]
        return {
            "id": rule_id, "name": rule_id,
            "shortDescription": {"text": text.split(". ")[0].rstrip(".") + "."},
            "fullDescription": {"text": text},
            "help": {"text": text, "markdown": text},
            "defaultConfiguration": {"level": LEVEL[result.decision]},
            "properties": {"tags": ["supply-chain"], "outcome": result.decision.value},
        }
    sources = [s for s in (pack.sources if pack else ()) if declared is None or not declared.sources
               or s.id in declared.sources]
    listed = [f"{s.title}{f' ({s.date})' if s.date else ''}{f': {s.url}' if s.url else ''}" for s in sources]
    # The rule's own sentence, with the values each item fills in shown by name: the description of
    # the rule, where each result's message is that sentence for its item.
    template = declared.rationale if declared else hit.rationale
    try:
        general = template.format_map({k: "" if k == "path" else f"[{k}]" for k in PLACEHOLDERS})
    except (KeyError, ValueError, IndexError):
        general = template
    where = f"{pack.name}: " if pack else ""
    short = f"{where}{result.decision.value} when {general[0].lower()}{general[1:]}" if general else where
    full = f"{where}{general} Outcome: {hit.outcome.value}. Legal basis: {hit.citation}."
    help_text = full + (" Sources: " + "; ".join(listed) + "." if listed else "")
    help_md = f"{where}{general}\n\n**Outcome:** {hit.outcome.value}\n\n**Legal basis:** {hit.citation}" + (
        "\n\n**Sources:**\n" + "\n".join(f"- {x}" for x in listed) if listed else "")
    rule: dict[str, Any] = {
        "id": rule_id, "name": rule_id,
        "shortDescription": {"text": short[:1000]},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL.get(hit.outcome, "warning")},
        "properties": {"tags": ["supply-chain", "security"], "citation": hit.citation,
                       "outcome": result.decision.value},
    }
    url = next((s.url for s in sources if s.url), "")
    if url:
        rule["helpUri"] = url
    return rule


class SarifWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        rules: dict[str, dict[str, Any]] = {}
        found: list[dict[str, Any]] = []
        pack = _pack(run.policy)
        ref_lines = _lines_for(run.source.path, run.source.kind)
        uri = _uri(run.source.path)
        for r in results:
            if r.decision is Decision.ALLOW:
                continue
            hit = r.rules[0] if r.rules else None
            rule_id = hit.id if hit else NO_RULE[r.decision]
            if rule_id not in rules:
                rules[rule_id] = _rule(rule_id, r, pack)
            line = r.item.line if r.item.line is not None else ref_lines.get(str(r.item.ref), 1)
            location: dict[str, Any] = {"artifactLocation": {"uri": uri}, "region": {"startLine": max(1, line)}}
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
                "tool": {"driver": {"name": "supplyscreen", "version": tool_version(),
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
