"""The API's endpoints. Each names the role it needs; each reads only the caller's team."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import PlainTextResponse, Response

from supplyscreen import library
from supplyscreen.api import schemas
from supplyscreen.api.deps import (
    ERRORS,
    NOT_FOUND,
    Admin,
    Buckets,
    Caller,
    Id,
    Reviewer,
    StoreDep,
    Submitter,
    Viewer,
    buckets,
    too_many,
)
from supplyscreen.errors import PolicyError
from supplyscreen.http import export_response, in_screening_lane, read_upload, refusals
from supplyscreen.policy import configured_default
from supplyscreen.registry.show import describe
from supplyscreen.service import admin, designations, results, review, screenings, users
from supplyscreen.service.limits import Refused
from supplyscreen.service.uploads import json_items_file
from supplyscreen.service.verify import verify_chain
from supplyscreen.sources.limits import TooManyRows
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

router = APIRouter(prefix="/api/v1", responses=ERRORS)
LIMITED: dict[int | str, dict[str, Any]] = {429: {
    "description": "Too many requests from this token (or logins for this user name); see Retry-After",
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}}}


def item_out(i: m.ScreeningItem, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": i.id, "ref": i.ref, "decision": i.decision, "final_decision": i.final_decision,
            "review_state": i.review_state, "note": i.note, "result": i.doc() if doc is None else doc}


@router.post("/auth/token", response_model=schemas.TokenOut, tags=["auth"],
             responses={401: {"description": "Wrong user name or password"}, **LIMITED})
def token(body: schemas.Login, request: Request, st: StoreDep, b: Annotated[Buckets, Depends(buckets)]) -> dict[str, Any]:
    """Exchange a user name and password for an API token (for pipelines). Logins are limited per
    user name and per client address; a failed one is in the audit log."""
    address = request.client.host if request.client else ""
    try:
        b.login_attempt(body.username, address)
    except Refused as e:
        raise too_many(e) from None
    with st.session() as s:
        u = users.authenticate(s, body.username, body.password)
        if u is not None:
            return {"token": users.issue_token(s, u, "api", body.token_name), "role": u.role}
        admin.login_failed(s, body.username, address, "api")
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong user name or password")


def _screen(st: Store, c: Caller, name: str, data: bytes, policy: str | None, as_of: dt.date | None,
            kind: str | None) -> dict[str, Any]:
    with refusals():
        policy = policy or configured_default()
        screenings.shipped_only([policy])
    try:
        row = screenings.screen(st, screenings.Submission(c.team_id, c.username, c.user_id, name, data, policy,
                                                          as_of, kind))
    except PolicyError as e:
        raise HTTPException(422, str(e)) from None
    except TooManyRows as e:  # counted before screening: nothing was stored
        raise HTTPException(413, f"file: {e} (the server's limit is {e.limit:,} rows)") from None
    return screenings.summary(row)


@router.post("/screenings", response_model=schemas.ScreeningSummary, status_code=201, tags=["screenings"],
             responses={413: {"description": "Too large"}, 415: {"description": "Not a supported file"},
                        422: {"description": "Unreadable request"}, **LIMITED})
async def submit_file(
    request: Request,
    c: Submitter,
    file: Annotated[UploadFile, File(description="Item list (CSV/XLSX/JSON), bill of materials or inventory")],
    policy: Annotated[str | None, Form(description="Policy pack id; default: the service's (SUPPLYSCREEN_POLICY, else SUPPLYSCREEN_JURISDICTION's pack, else us-ndaa-889)")] = None,
    as_of: Annotated[dt.date | None, Form()] = None,
    kind: Annotated[str | None, Form(pattern="^(items|bom|inventory)$")] = None,
) -> dict[str, Any]:
    """Screen an uploaded file. The result's status is `complete` or `failed` (with the reason)."""
    name, data = await read_upload(request, file)
    return await in_screening_lane(request, _screen, c, name, data, policy, as_of, kind)


@router.post("/screenings/json", response_model=schemas.ScreeningSummary, status_code=201, tags=["screenings"],
             responses={422: {"description": "Unreadable request"}, **LIMITED})
async def submit_json(request: Request, body: schemas.JsonItems, c: Submitter) -> dict[str, Any]:
    """Screen items given as JSON objects (vendor, manufacturer, model, mac, purpose, ...)."""
    name = body.name if body.name.lower().endswith(".json") else body.name + ".json"
    return await in_screening_lane(request, _screen, c, name, json_items_file(body.items), body.policy,
                                   body.as_of, "items")


@router.get("/screenings", response_model=list[schemas.ScreeningSummary], tags=["screenings"])
def list_screenings(c: Viewer, st: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    with st.session() as s:
        return [screenings.summary(r) for r in screenings.recent(s, c.team_id, limit)]


@router.get("/screenings/{sid}", response_model=schemas.ScreeningOut, tags=["screenings"], responses=NOT_FOUND)
def get_screening(sid: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """The screening with the first page of its items (``/screenings/{id}/items`` pages and filters them)."""
    with st.session() as s, refusals():
        sc, pg = results.items_page(s, st.url, c.team_id, sid, results.ItemFilter(), 1, results.MAX_PAGE_SIZE)
        return {**screenings.summary(sc), "items": [item_out(i, d) for i, d in pg.items], "items_total": pg.total,
                "pages": pg.pages}


@router.get("/screenings/{sid}/items", response_model=schemas.ItemPageOut, tags=["screenings"], responses=NOT_FOUND)
def screening_items(
    sid: Id, c: Viewer, st: StoreDep,
    decision: Annotated[str, Query(max_length=20, description="screened decision: exclude, review, unknown, allow")] = "",
    maker: Annotated[str, Query(max_length=300, description="maker, as counted or as written")] = "",
    site: Annotated[str, Query(max_length=300)] = "",
    rule: Annotated[str, Query(max_length=300, description="a policy rule's id")] = "",
    page: Annotated[int, Query(ge=1, le=2**31)] = 1,
    size: Annotated[int, Query(ge=1, le=results.MAX_PAGE_SIZE)] = results.PAGE_SIZE,
) -> dict[str, Any]:
    """One page of the screening's items, filtered by decision, maker, site and rule."""
    with st.session() as s, refusals():
        flt = results.ItemFilter.of(decision, maker, site, rule)
        _, pg = results.items_page(s, st.url, c.team_id, sid, flt, page, size)
        return {"total": pg.total, "page": pg.page, "pages": pg.pages, "size": pg.size, "filter": flt.params(),
                "items": [item_out(i, d) for i, d in pg.items]}


@router.get("/screenings/{sid}/counts", response_model=schemas.Counts, tags=["screenings"], responses=NOT_FOUND)
def screening_counts(sid: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """The screening's items counted by decision (screened and after review), maker, site and rule."""
    with st.session() as s, refusals():
        f = results.facets(s, st.url, screenings.get(s, c.team_id, sid))
        return {"total": f.total, "decisions": f.decisions, "final": f.final, "makers": f.makers,
                "makers_distinct": f.makers_distinct, "sites": f.sites, "sites_distinct": f.sites_distinct,
                "rules": f.rules}


def _get(s: Any, c: Caller, sid: Id) -> m.Screening:
    try:
        return screenings.get(s, c.team_id, sid)
    except screenings.NotFound:
        raise HTTPException(404, f"screening {sid} not found") from None


@router.get("/screenings/{sid}/export", tags=["exports"], responses={**NOT_FOUND, 200: {
    "content": {"text/csv": {}, "application/json": {}, "application/vnd.apache.parquet": {}}}})
def export_screening(sid: Id, c: Viewer, st: StoreDep,
                     format: Annotated[str, Query(pattern="^(csv|json|parquet)$")] = "csv") -> Response:
    """The screening's full result, streamed: for a spreadsheet (CSV, formula-safe), as the CLI's JSON
    contract, or as Parquet (with the parquet extra) for data tools."""
    with refusals():
        return export_response(st, c.team_id, sid, format)


@router.post("/screenings/{sid}/rerun", response_model=schemas.Rerun, status_code=201, tags=["screenings"],
             responses={**NOT_FOUND, **LIMITED})
async def rerun(request: Request, sid: Id, c: Submitter, st: StoreDep) -> dict[str, Any]:
    """Screen the same input again against today's registry; the changes per ref come back."""
    try:
        new = await in_screening_lane(request, screenings.rerun, c.team_id, sid, c.username, c.user_id)
    except screenings.NotFound:
        raise HTTPException(404, f"screening {sid} not found") from None
    return {"id": new, "rerun_of": sid,
            "changes": await anyio.to_thread.run_sync(screenings.compare, st, c.team_id, sid, new)}


@router.get("/screenings/{a}/compare/{b}", response_model=list[schemas.Change], tags=["screenings"],
            responses=NOT_FOUND)
def compare(a: Id, b: Id, c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    try:
        return screenings.compare(st, c.team_id, a, b)
    except screenings.NotFound as e:
        raise HTTPException(404, f"{e} not found") from None


@router.get("/review/queue", response_model=list[schemas.ItemOut], tags=["review"])
def queue(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    with st.session() as s:
        return [item_out(i) for i, _ in review.queue(s, c.team_id)]


@router.post("/items/{item_id}/review", response_model=schemas.ReviewOut, status_code=201, tags=["review"],
             responses={**NOT_FOUND, 409: {"description": "The action does not apply to this item"}})
def act(item_id: Id, body: schemas.ReviewIn, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """Confirm, mark a false positive (remembered) or grant a waiver; the reason is required."""
    try:
        with st.session() as s:
            ra = review.act(s, c.team_id, item_id, c.username, body.action, body.reason, body.outcome,
                            body.approver, body.expires, body.scope)
            return {"id": ra.id, "item_id": ra.item_id, "actor": ra.actor, "action": ra.action,
                    "outcome": ra.outcome, "reason": ra.reason, "at": ra.at}
    except screenings.NotFound:
        raise HTTPException(404, f"item {item_id} not found") from None
    except review.ReviewError as e:
        raise HTTPException(409, str(e)) from None


@router.get("/items/{item_id}/history", response_model=list[schemas.ReviewOut], tags=["review"], responses=NOT_FOUND)
def history(item_id: Id, c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    try:
        with st.session() as s:
            return [{"id": r.id, "item_id": r.item_id, "actor": r.actor, "action": r.action, "outcome": r.outcome,
                     "reason": r.reason, "at": r.at} for r in review.history(s, c.team_id, item_id)]
    except screenings.NotFound:
        raise HTTPException(404, f"item {item_id} not found") from None


@router.get("/registry/entities/{entity_id}", tags=["registry"], responses=NOT_FOUND)
def entity(entity_id: str, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """Aliases, identifiers, relations and designations of one entity, each with its source."""
    with st.session() as s:
        reg = screenings.team_registry(s, c.team_id)
    e = reg.get(entity_id)
    if e is None:
        raise HTTPException(404, f"no registry entity {entity_id!r}")
    return describe(reg, e)


@router.get("/registry/match", tags=["registry"])
def match(c: Viewer, st: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
          as_of: dt.date | None = None) -> dict[str, Any]:
    from supplyscreen.formats import serialise

    with st.session() as s:
        reg = screenings.team_registry(s, c.team_id)
    return {"query": q, "matches": [serialise.match(x, reg) for x in library.match(q, as_of, reg)]}


@router.post("/registry/designations", response_model=schemas.EditOut, status_code=201, tags=["registry"])
def designate(body: schemas.DesignationIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Add the team's own designation of a party (an existing entity by id, or a new name)."""
    with st.session() as s:
        return _edit(designations.designate(s, c.team_id, c.username, body.name, body.reason, body.entity_id or "",
                                            body.scope or "", body.citation or "", body.added))


@router.post("/registry/withdrawals", response_model=schemas.EditOut, status_code=201, tags=["registry"],
             responses=NOT_FOUND)
def withdraw(body: schemas.Withdrawal, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Withdraw one of the team's own designations (the history stays in the edits and the audit log)."""
    try:
        with st.session() as s:
            return _edit(designations.withdraw(s, c.team_id, c.username, body.entity_id, body.reason))
    except screenings.NotFound as e:
        raise HTTPException(404, str(e)) from None


def _edit(e: m.RegistryEdit) -> dict[str, Any]:
    return {"id": e.id, "action": e.action, "entity_id": e.entity_id, "entity_name": e.entity_name,
            "actor": e.actor, "at": e.at}


def _waiver(w: m.Waiver, cleared: list[m.ScreeningItem] | None = None) -> dict[str, Any]:
    out = {"id": w.id, "entity_id": w.entity_id, "maker": w.maker, "model": w.model, "product": w.product,
           "policy": w.policy, "scope": w.scope, "justification": w.justification, "approver": w.approver,
           "granted_by": w.granted_by, "created": w.created, "expires": w.expires, "status": review.state(w),
           "approved_by": w.approved_by, "revoked": w.revoked, "revoked_by": w.revoked_by,
           "revoked_reason": w.revoked_reason, "active": w.active_on(dt.date.today())}
    if cleared is not None:
        out["clears"] = [item_out(i) for i in cleared]
    return out


def _review_call(fn: Any, what: str, *args: Any) -> Any:
    try:
        return fn(*args)
    except screenings.NotFound:
        raise HTTPException(404, f"{what} not found") from None
    except review.ReviewError as e:
        raise HTTPException(409, str(e)) from None


@router.get("/waivers", response_model=list[schemas.WaiverOut], tags=["review"])
def waivers(c: Viewer, st: StoreDep,
            status: Annotated[str | None, Query(pattern="^(active|proposed|expired|revoked)$")] = None,
            entity: Annotated[str | None, Query(max_length=300)] = None,
            maker: Annotated[str | None, Query(max_length=300)] = None) -> list[dict[str, Any]]:
    """The team's waivers, filtered by state, entity or maker; expired or revoked ones no longer apply."""
    with st.session() as s:
        return [_waiver(w) for w in review.waivers(s, c.team_id, status, entity, maker)]


@router.get("/waivers/{waiver_id}", response_model=schemas.WaiverOut, tags=["review"], responses=NOT_FOUND)
def waiver(waiver_id: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """One waiver and the items it clears now."""
    with st.session() as s:
        w = _review_call(review.waiver, f"waiver {waiver_id}", s, c.team_id, waiver_id)
        return _waiver(w, review.cleared_by_waiver(s, c.team_id, waiver_id))


@router.post("/waivers/{waiver_id}/approve", response_model=schemas.WaiverOut, tags=["review"],
             responses={**NOT_FOUND, 409: {"description": "Not awaiting approval, or the approver proposed it"}})
def approve_waiver(waiver_id: Id, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """A second reviewer approves a proposed waiver of a wider scope."""
    with st.session() as s:
        return _waiver(_review_call(review.approve_waiver, f"waiver {waiver_id}", s, c.team_id, waiver_id, c.username))


@router.post("/waivers/{waiver_id}/revoke", response_model=schemas.WaiverOut, tags=["review"], responses=NOT_FOUND)
def revoke_waiver(waiver_id: Id, c: Reviewer, st: StoreDep,
                  reason: Annotated[str, Query(min_length=1, max_length=5000)]) -> dict[str, Any]:
    """Revoke a waiver: the items it cleared go back to their screened decision."""
    with st.session() as s:
        return _waiver(_review_call(review.revoke_waiver, f"waiver {waiver_id}", s, c.team_id, waiver_id, c.username,
                                    reason))


def _fp(f: m.FalsePositive) -> dict[str, Any]:
    return {"id": f.id, "maker": f.maker, "entity_ids": json.loads(f.entity_ids), "actor": f.actor, "reason": f.reason,
            "created": f.created, "status": f.status, "revoked_by": f.revoked_by, "revoked_reason": f.revoked_reason}


@router.get("/false-positives", response_model=list[schemas.FalsePositiveOut], tags=["review"])
def false_positives(c: Viewer, st: StoreDep,
                    status: Annotated[str | None, Query(pattern="^(active|revoked)$")] = None) -> list[dict[str, Any]]:
    """The team's remembered false positives."""
    with st.session() as s:
        return [_fp(f) for f in review.false_positives(s, c.team_id, status)]


@router.post("/false-positives/{fp_id}/revoke", response_model=schemas.FalsePositiveOut, tags=["review"],
             responses=NOT_FOUND)
def revoke_false_positive(fp_id: Id, c: Reviewer, st: StoreDep,
                          reason: Annotated[str, Query(min_length=1, max_length=5000)]) -> dict[str, Any]:
    """Undo a remembered false positive: the items it cleared are raised again."""
    with st.session() as s:
        return _fp(_review_call(review.revoke_false_positive, f"false positive {fp_id}", s, c.team_id, fp_id,
                                c.username, reason))


@router.get("/registry/edits", response_model=list[schemas.EditOut], tags=["registry"])
def edits(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    with st.session() as s:
        return [_edit(e) for e in designations.edits(s, c.team_id)]


@router.get("/policies", tags=["registry"])
def policies(c: Viewer) -> dict[str, str]:
    from supplyscreen.policy import available

    return available()


@router.post("/users", response_model=schemas.UserOut, status_code=201, tags=["admin"],
             responses={409: {"description": "The user name is taken"}})
def create_user(body: schemas.UserIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Add a user to the administrator's own team."""
    try:
        with st.session() as s:
            u = users.add_to_team(s, c.team_id, body.username, body.password, body.role, c.username)
            return {"id": u.id, "username": u.username, "role": u.role}
    except users.Taken as e:
        raise HTTPException(409, str(e)) from None


@router.get("/audit/export", tags=["exports"], response_class=PlainTextResponse,
            responses={200: {"content": {"application/x-ndjson": {}}}})
def audit_export(c: Admin, st: StoreDep) -> Response:
    """The team's audit records as JSON lines, with their hashes."""
    buf = io.StringIO()
    with st.session() as s:
        audit.export(s, buf, c.team_id)
    return Response(buf.getvalue(), media_type="application/x-ndjson")


@router.get("/audit/verify", response_model=schemas.Verified, tags=["exports"])
def audit_verify(c: Admin, st: StoreDep) -> dict[str, Any]:
    """Whether the whole chain verifies (records of other teams are checked, never shown)."""
    with st.session() as s:
        v = verify_chain(s)
    return {"ok": v.ok, "records": v.records, "problem_record": v.seq}
