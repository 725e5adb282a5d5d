"""The input CycloneDX JSON with each component's decision added as properties.

The document is otherwise left as it was, so it can go back into the pipeline that produced it:
every component (and ``metadata.component``) gets ``supplyscreen:decision``, ``supplyscreen:reason``
and ``supplyscreen:rules``; ``metadata.properties`` gets the policy, the date and the overall decision.
It is a new revision of the BOM, as the CycloneDX specification asks of a changed document: a new
``serialNumber``, ``version`` one higher, ``metadata.timestamp`` the screening's start, and
supplyscreen in ``metadata.tools`` (the object form from spec 1.5 on, the list form before).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from supplyscreen.errors import InputError
from supplyscreen.formats.base import Run, tool_version
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


def _spec(doc: Mapping[str, Any]) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in str(doc.get("specVersion", "1.6")).split("."))
    except ValueError:
        return (1, 6)


def _new_revision(doc: dict[str, Any], run: Run) -> None:
    """Make ``doc`` the next revision of its BOM: a new serial number, the next version, the time of
    the screening, and supplyscreen among the tools that made it."""
    meta = doc["metadata"]
    doc["serialNumber"] = f"urn:uuid:{uuid.uuid4()}"
    old = doc.get("version")
    doc["version"] = old + 1 if isinstance(old, int) and old >= 1 else 1
    meta["timestamp"] = run.started.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    tools = meta.get("tools")
    if isinstance(tools, list) or (tools is None and _spec(doc) < (1, 5)):
        # The list of tools (deprecated from 1.5, the only form before it).
        listed = [t for t in tools or [] if not (isinstance(t, dict) and t.get("name") == "supplyscreen")]
        meta["tools"] = [*listed, {"vendor": "supplyscreen", "name": "supplyscreen", "version": tool_version()}]
        return
    if not isinstance(tools, dict):
        tools = {}
    components = [c for c in tools.get("components") or [] if not (isinstance(c, dict)
                                                                      and c.get("name") == "supplyscreen")]
    components.append({"type": "application", "name": "supplyscreen", "version": tool_version(),
                       "description": f"Screened under {run.policy}; decisions in the supplyscreen: properties"})
    tools["components"] = components
    meta["tools"] = tools


class AnnotatedCycloneDxWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        if run.source.format != "cyclonedx-json":
            raise InputError("the annotated CycloneDX output annotates a CycloneDX JSON bill of materials; this input is "
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
            {"name": f"{PREFIX}as-of", "value": (run.as_of or run.started.date()).isoformat()},
            {"name": f"{PREFIX}decision", "value": tally.decision.value},
        ]
        meta["properties"] = meta_props
        _new_revision(doc, run)
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
