"""Portfolio re-screens in the browser: the team's alerts, one alert's changed items (was → now,
each with its reason), the registry update a service administrator makes from newer official files
(the list diff with provenance), a re-screen after a policy change, and the team's webhooks with
their delivery log. Every action goes through the services the API calls (``api/rescreen_routes.py``),
with the same roles, session cookie and CSRF token as the other pages (``views.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from supplyscreen.service import registry_versions, rescreen, webhooks
from supplyscreen.service.errors import Invalid
from supplyscreen.store import models as m
from supplyscreen.web.views import Id, _form_user, _store, _user, page

router = APIRouter(include_in_schema=False)
# Changed items on one page of an alert; the API pages through the rest.
PAGE = 200


def _service_admin(request: Request, user: dict[str, Any]) -> bool:
    with _store(request).session() as s:
        return user["role"] == "admin" and user["team_id"] == registry_versions.service_team(s)


@router.get("/alerts")
def alerts_page(request: Request) -> HTMLResponse:
    user = _user(request)
    with _store(request).session() as s:
        rows = rescreen.alerts(s, user["team_id"])
        runs = rescreen.runs(s, 10)
    return page(request, "alerts.html", user, alerts=rows, runs=runs, service_admin=_service_admin(request, user))


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: Id, offset: int = 0) -> HTMLResponse:
    user = _user(request)
    offset = min(max(0, offset), 2**31)  # a page number past any database's bound is no page
    with _store(request).session() as s:
        a = rescreen.alert(s, user["team_id"], alert_id)
        doc = rescreen.alert_doc(a, s.get(m.RescreenRun, a.run_id))
    changes = rescreen.changes(_store(request), a.run_id, user["team_id"], offset, PAGE)
    return page(request, "alert.html", user, alert=doc, changes=changes, offset=offset, page_size=PAGE)


@router.post("/alerts/{alert_id}/seen")
async def alert_seen(request: Request, alert_id: Id) -> Response:
    user, _ = await _form_user(request, "viewer")
    rescreen.mark_seen(_store(request), user["team_id"], alert_id, user["username"])
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


def _registry_page(request: Request, user: dict[str, Any], status: int = 200, **ctx: Any) -> HTMLResponse:
    with _store(request).session() as s:
        versions = registry_versions.versions(s, 10)
    resp = page(request, "registry_update.html", user, versions=versions, **{"result": None, "error": "", **ctx})
    resp.status_code = status
    return resp


@router.get("/registry/update")
def registry_update_form(request: Request) -> HTMLResponse:
    user = _user(request, "admin")
    if not _service_admin(request, user):
        raise PermissionError("updating the registry needs the service administrator role (an admin of the "
                              "service's own team): every team screens with it")
    return _registry_page(request, user)


@router.post("/registry/update")
async def registry_update(request: Request) -> Response:
    user, form = await _form_user(request, "admin")
    uploads = [registry_versions.Upload(f.filename or "", await f.read())
               for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
    try:
        result = registry_versions.update(_store(request), uploads, user["username"], user["team_id"], user["role"])
    except Invalid as e:
        return _registry_page(request, user, 422, error=str(e))
    return _registry_page(request, user, 201, result=result)


@router.post("/rescreens")
async def start_rescreen(request: Request) -> Response:
    user, form = await _form_user(request, "admin")
    if not _service_admin(request, user):
        raise PermissionError("a portfolio re-screen needs the service administrator role (an admin of the "
                              "service's own team)")
    reason = str(form.get("reason", "")).strip()[:2000] or "re-screen requested"
    rescreen.start(_store(request), user["username"], reason)
    return RedirectResponse("/alerts", status_code=303)


@router.get("/webhooks")
def webhooks_page(request: Request) -> HTMLResponse:
    user = _user(request, "admin")
    with _store(request).session() as s:
        hooks = webhooks.listed(s, user["team_id"])
    return page(request, "webhooks.html", user, hooks=hooks, secret="", error="")


@router.post("/webhooks")
async def add_webhook(request: Request) -> Response:
    user, form = await _form_user(request, "admin")
    secret, error = "", ""
    try:
        _, secret = webhooks.create(_store(request), user["team_id"], str(form.get("url", "")), user["username"])
    except Invalid as e:
        error = str(e)
    with _store(request).session() as s:
        hooks = webhooks.listed(s, user["team_id"])
    resp = page(request, "webhooks.html", user, hooks=hooks, secret=secret, error=error)
    resp.status_code = 422 if error else 201
    return resp


@router.post("/webhooks/{hook_id}/deactivate")
async def deactivate_webhook(request: Request, hook_id: Id) -> Response:
    user, _ = await _form_user(request, "admin")
    webhooks.deactivate(_store(request), user["team_id"], hook_id, user["username"])
    return RedirectResponse("/webhooks", status_code=303)
