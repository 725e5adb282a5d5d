"""The input CycloneDX JSON with each component's decision added as properties.

The document is otherwise left as it was, so it can go back into the pipeline that produced it:
every component (and ``metadata.component``) gets ``supplyscreen:decision``, ``supplyscreen:reason``
and ``supplyscreen:rules``; ``metadata.properties`` gets the policy, the date and the overall decision.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from supplyscreen.errors import InputError
from supplyscreen.formats.base import Run
from supplyscreen.model import ItemResult
from supplyscreen.screen import Tally

PREFIX = "supplyscreen:"


def _annotate(component: dict[str, Any], result: ItemResult | None) -> None:
    if result is None:
        return
    props = [p for p in component.get("properties") or [] if not str(p.get("name", "")).startswith(PREFIX)]
    props += [
        {"name": f"{PREFIX}decision", "value": result.decision.value},
        {"name": f"{PREFIX}reason", "value": result.reason},
    ]
    if result.rules:
        props.append({"name": f"{PREFIX}rules", "value": ", ".join(f"{h.id} ({h.citation})" for h in result.rules)})
    component["properties"] = props


def _walk(components: list[Any], by_ref: Mapping[str, ItemResult]) -> None:
    for c in components:
        if isinstance(c, dict):
            _annotate(c, by_ref.get(str(c.get("bom-ref", ""))))
            _walk(c.get("components") or [], by_ref)


class AnnotatedCycloneDxWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        if run.source.format != "cyclonedx-json":
            raise InputError("--format cyclonedx annotates a CycloneDX JSON bill of materials; this input is "
                             f"{run.source.format}", path=run.source.path)
        by_ref = {str(r.item.ref): r for r in results}
        doc = json.loads(Path(run.source.path).read_text(encoding="utf-8-sig"))
        meta = doc.setdefault("metadata", {})
        if isinstance(meta.get("component"), dict):
            _annotate(meta["component"], by_ref.get(str(meta["component"].get("bom-ref", ""))))
        _walk(doc.get("components") or [], by_ref)
        meta_props = [p for p in meta.get("properties") or [] if not str(p.get("name", "")).startswith(PREFIX)]
        meta_props += [
            {"name": f"{PREFIX}policy", "value": run.policy},
            {"name": f"{PREFIX}as-of", "value": run.as_of.isoformat() if run.as_of else "today"},
            {"name": f"{PREFIX}decision", "value": tally.decision.value},
        ]
        meta["properties"] = meta_props
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
