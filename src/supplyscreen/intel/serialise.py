"""Events and articles as the JSON of ../shared/docs/interfaces.md (``intel ingest --format json``)."""

from __future__ import annotations

from typing import Any

from supplyscreen.intel.model import Alert, Event
from supplyscreen.intel.pipeline import Ingested


def event(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "jurisdiction": e.jurisdiction,
        "authority": e.authority,
        "measure": e.measure.value,
        "targets": [{"name": t.name, "entity_id": t.entity_id, "group": t.group, "mention": t.mention}
                    for t in e.targets],
        "status": e.status.value,
        "date": e.date.isoformat() if e.date else None,
        "scope": e.scope,
        "sources": [{"path": s.path, "quote": s.quote, "outlet": s.outlet, "status": s.status.value,
                     "main": s.main,
                     **({"measure": s.measure.value, "measure_why": s.measure_why} if s.measure else {})}
                    for s in e.sources],
        "conflicts": list(e.conflicts),
        "corroboration": e.corroboration,
        "reasons": list(e.reasons),
        "deadlines": list(e.deadlines),
        "evidence": [{"field": x.field, "quote": x.quote, **({"why": x.why} if x.why else {})} for x in e.evidence],
    }


def document(result: Ingested, alerts: list[Alert] | None = None) -> dict[str, Any]:
    arts = []
    for d in result.documents:
        a: dict[str, Any] = {"path": d.path, "title": d.title, "date": d.date.isoformat() if d.date else None,
                             "outlet": d.outlet, "lang": d.lang, "events": list(result.article_events.get(d.path, ()))}
        if d.date_why:
            a["date_why"] = d.date_why
        if d.error:
            a["error"] = d.error
        arts.append(a)
    doc: dict[str, Any] = {"articles": arts, "events": [event(e) for e in result.events]}
    if alerts is not None:
        doc["alerts"] = [{"event": a.event_id, "items": list(a.items), "reason": a.reason} for a in alerts]
    return doc
