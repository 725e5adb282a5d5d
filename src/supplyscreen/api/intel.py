"""Restriction events from news, per team: submit articles, read events, the timeline, and alerts
on the team's screened items. Reading needs the viewer role, submitting the officer role (within
the token's submission limits), deleting an article the reviewer role."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import anyio
from fastapi import (
    APIRouter,
    File,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)

from supplyscreen.api import schemas
from supplyscreen.api.deps import (
    ERRORS,
    NOT_FOUND,
    Id,
    Reviewer,
    StoreDep,
    Submitter,
    Viewer,
)
from supplyscreen.http import in_screening_lane
from supplyscreen.intel.model import Measure
from supplyscreen.service import intel, screenings
from supplyscreen.service.uploads import UploadRefused, check_article
from supplyscreen.store import models as m

router = APIRouter(prefix="/api/v1/intel", tags=["intel"], responses=ERRORS)
MEASURES = "^(" + "|".join(x.value for x in Measure) + ")$"


def article_out(a: m.IntelArticle) -> dict[str, Any]:
    return {"id": a.id, "file_name": a.file_name, "title": a.title, "outlet": a.outlet, "published": a.published,
            "lang": a.lang, "error": a.error, "submitted_by": a.submitted_by, "submitted": a.submitted}


@router.post("/articles", response_model=schemas.ArticlesAdded, status_code=201, responses={
    409: {"description": "The team keeps too many articles, or too many files at once"},
    413: {"description": "A file is too large"}, 415: {"description": "Not an article file"},
    422: {"description": "Unreadable request, or XML with a DTD or entities"},
    429: {"description": "Too many requests from this token; see Retry-After",
          "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}}})
async def add_articles(
    request: Request, c: Submitter, st: StoreDep,
    files: Annotated[list[UploadFile], File(description="News articles: text, HTML, RSS or Atom feeds")],
) -> dict[str, Any]:
    """Add articles; the team's events are worked out again from all its articles together."""
    limit = min(request.app.state.upload_limit, intel.ARTICLE_LIMIT)
    uploads = []
    if len(files) > intel.MAX_FILES:
        raise HTTPException(409, f"{len(files)} files in one submission; at most {intel.MAX_FILES}")
    for f in files:
        data = await f.read(limit + 1)
        try:
            name = check_article(f.filename or "", f.content_type or "", data, limit)
        except UploadRefused as e:
            raise HTTPException(e.status, f"{f.filename}: {e}") from None
        uploads.append(intel.Upload(name, data))
    try:
        added, dupes = await in_screening_lane(request, intel.add_articles, c.team_id, c.username, uploads)
    except intel.IntelError as e:
        raise HTTPException(409, str(e)) from None

    def read() -> dict[str, Any]:
        with st.session() as s:
            rows = intel.articles_by_id(s, c.team_id, added)
            n = len(intel.events(s, c.team_id))
            return {"added": [article_out(a) for a in rows], "already_stored": dupes, "events": n}

    return await anyio.to_thread.run_sync(read)


@router.get("/articles", response_model=list[schemas.ArticleOut])
def articles(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    with st.session() as s:
        return [article_out(a) for a in intel.team_articles(s, c.team_id)]


@router.delete("/articles/{article_id}", status_code=204, responses=NOT_FOUND)
def delete_article(article_id: Id, c: Reviewer, st: StoreDep) -> Response:
    """Remove an article (a mistaken upload); the team's events are worked out again."""
    try:
        intel.delete_article(st, c.team_id, c.username, article_id)
    except screenings.NotFound:
        raise HTTPException(404, f"article {article_id} not found") from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/events", response_model=list[schemas.EventOut])
def events(
    c: Viewer, st: StoreDep,
    jurisdiction: Annotated[str | None, Query(max_length=100, description="ISO code, e.g. GB, US, EU")] = None,
    measure: Annotated[str | None, Query(pattern=MEASURES)] = None,
    entity: Annotated[str | None, Query(max_length=200, description="A registry entity id, or group:NAME")] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The team's restriction events, oldest first, each with its sources and the sentences behind it."""
    with st.session() as s:
        return [intel.event_out(e) for e in intel.events(s, c.team_id, jurisdiction, measure, entity, since, until)]


@router.get("/events/{key}", response_model=schemas.EventOut, responses=NOT_FOUND)
def event(key: Annotated[str, Path(max_length=40)], c: Viewer, st: StoreDep) -> dict[str, Any]:
    with st.session() as s:
        try:
            return intel.event_out(intel.event(s, c.team_id, key))
        except screenings.NotFound:
            raise HTTPException(404, f"event {key} not found") from None


@router.get("/timeline", response_model=list[schemas.TimelineRow])
def timeline(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    """The team's events by jurisdiction, each jurisdiction's oldest first."""
    with st.session() as s:
        rows = intel.events(s, c.team_id)
    out: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(rows, key=lambda e: (e.jurisdiction, e.date or dt.date.max, e.key)):
        out.setdefault(e.jurisdiction, []).append(intel.event_out(e))
    return [{"jurisdiction": j, "events": evs} for j, evs in out.items()]


@router.get("/alerts", response_model=list[schemas.AlertOut], responses=NOT_FOUND)
def alerts(c: Viewer, st: StoreDep, screening: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
           ) -> list[dict[str, Any]]:
    """Events whose targets relate, through the registry, to items of the team's complete
    screenings (or of one screening): the item, and the evidence that links it."""
    with st.session() as s:
        try:
            found = intel.alerts(s, c.team_id, screening)
        except screenings.NotFound:
            raise HTTPException(404, f"screening {screening} not found") from None
        by_key = {e.key: e for e in intel.events(s, c.team_id)}
    return [{"event": a.event_id, "jurisdiction": by_key[a.event_id].jurisdiction,
             "measure": by_key[a.event_id].measure, "status": by_key[a.event_id].status,
             "date": by_key[a.event_id].date, "reason": a.reason,
             "items": [{"screening": h.screening, "item": h.item, "ref": h.ref, "file_name": h.file_name}
                       for h in hits]}
            for a, hits in found]
