"""Endpoints of the work queue, registry updates, portfolio re-screens, alerts and webhooks.

- ``POST /jobs/screenings`` queues a screening for any worker sharing the store (202); ``GET
  /jobs/{id}`` says where it is and, when done, which screening it made.
- ``POST /registry/update`` (a service administrator) takes newer official files, puts the new
  snapshot in use and starts a portfolio re-screen; ``GET /registry/versions`` lists them.
- ``POST /rescreens`` (a service administrator) re-screens every stored screening after a policy
  change; ``GET /rescreens/{id}`` shows its progress.
- ``GET /alerts`` and ``GET /alerts/{id}`` show the caller's team's alerts and changed items (was →
  now, each with its reason); ``POST /alerts/{id}/seen`` marks one seen.
- ``/webhooks`` (a team administrator): where the team's alerts are POSTed, signed, with a log.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from supplyscreen.api.deps import ERRORS, NOT_FOUND, Admin, Id, StoreDep, Submitter, Viewer
from supplyscreen.http import read_upload, refusals
from supplyscreen.policy import configured_default
from supplyscreen.service import jobs, registry_versions, rescreen, screenings, webhooks

router = APIRouter(prefix="/api/v1", responses=ERRORS)
REFUSED: dict[int | str, dict[str, Any]] = {422: {"description": "The request cannot be taken as given"}}
SERVICE_ADMIN: dict[int | str, dict[str, Any]] = {403: {"description": "Needs a service administrator"}}
# Largest file of a registry update: the Consolidated Screening List is ~4 MB gzipped, the IEEE
# registries' CSVs ~6 MB each; 64 MB leaves room for a few years' growth.
REGISTRY_FILE_LIMIT = 64 * 1024 * 1024


class JobQueued(BaseModel):
    job: int
    status: str


class JobOut(BaseModel):
    id: int
    status: str
    attempts: int
    worker: str
    screening_id: int | None
    error: str
    created: dt.datetime
    finished: dt.datetime | None


class RescreenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="What changed (a policy pack, a list)")


class RunOut(BaseModel):
    id: int
    reason: str
    actor: str
    status: str
    registry_version: int | None
    screenings: int
    done: int
    failed: int
    started: dt.datetime
    finished: dt.datetime | None


class Side(BaseModel):
    decision: str
    final_decision: str
    reason: str


class ChangeOut(BaseModel):
    screening_id: int
    item_id: int | None
    seq: int
    ref: str
    was: Side
    now: Side


class AlertOut(BaseModel):
    id: int
    run: int
    reason: str
    changed: int
    screenings: int
    summary: dict[str, int]
    created: dt.datetime
    seen_by: str
    seen_at: dt.datetime | None


class AlertDetail(AlertOut):
    changes: list[ChangeOut]


class WebhookIn(BaseModel):
    url: str = Field(min_length=8, max_length=2000)


class WebhookCreated(BaseModel):
    id: int
    secret: str = Field(description="Shown once: the receiver checks X-Supplyscreen-Signature-256 with it")


class DeliveryOut(BaseModel):
    id: int
    alert: int
    attempt: int
    at: dt.datetime
    ok: bool
    status_code: int | None
    error: str
    seconds: float
    next_try: dt.datetime | None


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    created_by: str
    created: dt.datetime
    deliveries: list[DeliveryOut]


class VersionOut(BaseModel):
    id: int
    sha256: str
    built: str
    actor: str
    at: dt.datetime
    diff: dict[str, Any]
    provenance: dict[str, Any]


class UpdateOut(BaseModel):
    version: int
    sha256: str
    diff: dict[str, Any]
    provenance: dict[str, Any]
    rescreen_run: int | None


@router.post("/jobs/screenings", response_model=JobQueued, status_code=202, tags=["jobs"],
             responses={413: {"description": "Too large"}, 415: {"description": "Not a supported file"}, **REFUSED,
                        429: {"description": "Too many requests from this token"}})
async def queue_screening(
    request: Request, c: Submitter, st: StoreDep,
    file: Annotated[UploadFile, File(description="Item list (CSV/XLSX/JSON), bill of materials or inventory")],
    policy: Annotated[str | None, Form(description="Policy pack id; default: the service's (SUPPLYSCREEN_POLICY, else SUPPLYSCREEN_JURISDICTION's pack, else us-ndaa-889)")] = None,
    as_of: Annotated[dt.date | None, Form()] = None,
    kind: Annotated[str | None, Form(pattern="^(items|bom|inventory)$")] = None,
) -> dict[str, Any]:
    """Queue a screening for the workers sharing the store (on this host or others); poll the job."""
    name, data = await read_upload(request, file)
    with refusals():
        policy = policy or configured_default()
        screenings.shipped_only([policy])
    job = await anyio.to_thread.run_sync(jobs.submit_screening, st, c.team_id, c.username, c.user_id, name, data,
                                         policy, as_of, kind)
    return {"job": job, "status": "queued"}


@router.get("/jobs/{job_id}", response_model=JobOut, tags=["jobs"], responses=NOT_FOUND)
def get_job(job_id: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    with refusals(), st.session() as s:
        return jobs.status(s, c.team_id, job_id)


@router.post("/registry/update", response_model=UpdateOut, status_code=201, tags=["registry"],
             responses={**SERVICE_ADMIN, **REFUSED, 413: {"description": "A file is too large"}})
async def update_registry(c: Admin, st: StoreDep,
                          files: Annotated[list[UploadFile], File(description=(
                              "Newer official files, each named like the raw file it replaces "
                              "(consolidated.csv.gz, bis_entity_list.json, oui.csv, ...)"))]) -> dict[str, Any]:
    """Put in use a snapshot built with newer official files; returns the list diff with provenance
    and the portfolio re-screen it started. Nothing is downloaded: the files are the ones sent."""
    uploads = []
    for f in files:
        data = await f.read(REGISTRY_FILE_LIMIT + 1)
        if len(data) > REGISTRY_FILE_LIMIT:
            raise HTTPException(413, f"{f.filename}: larger than {REGISTRY_FILE_LIMIT // 2**20} MB")
        uploads.append(registry_versions.Upload(f.filename or "", data))
    try:
        with refusals():
            return await anyio.to_thread.run_sync(
                lambda: registry_versions.update(st, uploads, c.username, c.team_id, c.role))
    except registry_versions.NotServiceAdmin as e:
        raise HTTPException(403, str(e)) from None


@router.get("/registry/versions", response_model=list[VersionOut], tags=["registry"])
def registry_version_list(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    """The registry versions put in use from the service, newest (in use) first."""
    with st.session() as s:
        return registry_versions.versions(s)


@router.post("/rescreens", response_model=RunOut, status_code=202, tags=["rescreens"], responses=SERVICE_ADMIN)
def start_rescreen(body: RescreenIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Re-screen every stored screening of every team (after a policy or list change), in the background."""
    with st.session() as s:
        try:
            registry_versions.check_service_admin(s, c.team_id, c.role)
        except registry_versions.NotServiceAdmin as e:
            raise HTTPException(403, str(e)) from None
    run = rescreen.start(st, c.username, body.reason)
    with st.session() as s:
        return rescreen.progress(s, run)


@router.get("/rescreens", response_model=list[RunOut], tags=["rescreens"])
def list_rescreens(c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    with st.session() as s:
        return rescreen.runs(s)


@router.get("/rescreens/{run_id}", response_model=RunOut, tags=["rescreens"], responses=NOT_FOUND)
def get_rescreen(run_id: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    with refusals(), st.session() as s:
        return rescreen.progress(s, run_id)


@router.get("/alerts", response_model=list[AlertOut], tags=["alerts"])
def list_alerts(c: Viewer, st: StoreDep, unseen: bool = False) -> list[dict[str, Any]]:
    """The team's alerts, newest first: re-screens that changed some of its stored decisions."""
    with st.session() as s:
        return rescreen.alerts(s, c.team_id, unseen_only=unseen)


@router.get("/alerts/{alert_id}", response_model=AlertDetail, tags=["alerts"], responses=NOT_FOUND)
def get_alert(alert_id: Id, c: Viewer, st: StoreDep, offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
              limit: Annotated[int, Query(ge=1, le=rescreen.PAGE)] = 100) -> dict[str, Any]:
    """One alert with its changed items (was → now, each with its reason), a page at a time."""
    from supplyscreen.store import models as m

    with refusals(), st.session() as s:
        a = rescreen.alert(s, c.team_id, alert_id)
        doc = rescreen.alert_doc(a, s.get(m.RescreenRun, a.run_id))
    return {**doc, "changes": rescreen.changes(st, a.run_id, c.team_id, offset, limit)}


@router.post("/alerts/{alert_id}/seen", status_code=204, tags=["alerts"], responses=NOT_FOUND)
def alert_seen(alert_id: Id, c: Viewer, st: StoreDep) -> None:
    with refusals():
        rescreen.mark_seen(st, c.team_id, alert_id, c.username)


@router.get("/webhooks", response_model=list[WebhookOut], tags=["webhooks"])
def list_webhooks(c: Admin, st: StoreDep) -> list[dict[str, Any]]:
    """The team's webhooks with their latest deliveries (the delivery log); secrets are never shown again."""
    with st.session() as s:
        return webhooks.listed(s, c.team_id)


@router.post("/webhooks", response_model=WebhookCreated, status_code=201, tags=["webhooks"], responses=REFUSED)
def add_webhook(body: WebhookIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """POST the team's alerts to ``url``, signed with the secret returned here (once)."""
    with refusals():
        hook, secret = webhooks.create(st, c.team_id, body.url, c.username)
    return {"id": hook, "secret": secret}


@router.delete("/webhooks/{hook_id}", status_code=204, tags=["webhooks"], responses=NOT_FOUND)
def remove_webhook(hook_id: Id, c: Admin, st: StoreDep) -> None:
    with refusals():
        webhooks.deactivate(st, c.team_id, hook_id, c.username)
