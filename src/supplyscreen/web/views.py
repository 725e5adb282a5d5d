"""One view per page. Browser sessions are cookies (HttpOnly, SameSite=Strict) backed by the
token table; every form carries a CSRF token derived from the session."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUpload

from supplyscreen import library
from supplyscreen.errors import PolicyError, SupplyscreenError
from supplyscreen.http import export_response, in_screening_lane
from supplyscreen.policy import configured_default, shipped
from supplyscreen.registry.show import describe
from supplyscreen.service import results, review, screenings, users
from supplyscreen.service.limits import Refused
from supplyscreen.service.uploads import ARTICLE_EXTENSIONS, UploadRefused, check_article, check_upload
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

HERE = Path(__file__).parent
COOKIE = "supplyscreen_session"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)
Id = Annotated[int, PathParam(ge=1, le=2**63 - 1)]  # larger ids overflow the database's integer


class Redirect(Exception):
    def __init__(self, to: str) -> None:
        self.to = to


def _store(request: Request) -> Store:
    st: Store = request.app.state.store
    return st


def csrf_for(token: str) -> str:
    return hashlib.sha256(b"csrf:" + token.encode()).hexdigest()


def _user(request: Request, role: str = "viewer") -> dict[str, Any]:
    token = request.cookies.get(COOKIE, "")
    if token:
        with _store(request).session() as s:
            u = users.user_for_token(s, token)
            if u is not None:
                if not users.role_at_least(u.role, role):
                    raise PermissionError(f"this page needs the {role} role; you are {u.role}")
                return {"id": u.id, "username": u.username, "role": u.role, "team_id": u.team_id,
                        "team": u.team.name, "csrf": csrf_for(token)}
    raise Redirect("/login")


class TooMany(Exception):
    def __init__(self, refused: Refused, what: str = "submissions") -> None:
        super().__init__(str(refused))
        self.retry_after, self.what = refused.retry_after, what


@contextlib.contextmanager
def _submission(request: Request) -> Iterator[None]:
    """The session's share of the submission limits (the API's, per browser session)."""
    key = users.token_digest(request.cookies.get(COOKIE, ""))
    bucket = request.app.state.buckets.submit
    try:
        bucket.start(key)
    except Refused as e:
        raise TooMany(e) from None
    try:
        yield
    finally:
        bucket.done(key)


async def _form_user(request: Request, role: str) -> tuple[dict[str, Any], Any]:
    """The user of a POSTed form, after checking its CSRF token."""
    user = _user(request, role)
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf", "")), user["csrf"]):
        raise PermissionError("the form has expired; reload the page and try again")
    return user, form


def page(request: Request, name: str, user: dict[str, Any] | None, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"user": user, **ctx})


page_of = page  # for views with a ``page`` parameter of their own


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", None, error="")


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
    from supplyscreen.service import admin

    address = request.client.host if request.client else ""
    try:
        request.app.state.buckets.login_attempt(username, address)
    except Refused as e:
        raise TooMany(e, "logins") from None
    with _store(request).session() as s:
        u = users.authenticate(s, username, password)
        if u is None:
            admin.login_failed(s, username, address, "web")
            token = ""
        else:
            token = users.issue_token(s, u, "session")
    if not token:
        refused = page(request, "login.html", None, error="Wrong user name or password.")
        refused.status_code = 401
        return refused
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                    max_age=users.SESSION_HOURS * 3600)
    return resp


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _form_user(request, "viewer")
    with _store(request).session() as s:
        users.revoke(s, request.cookies.get(COOKIE, ""))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp


@router.get("/")
def dashboard(request: Request) -> HTMLResponse:
    user = _user(request)
    with _store(request).session() as s:
        recent = screenings.recent(s, user["team_id"], 20)
        totals = screenings.decision_totals(s, user["team_id"])
        pending = len(review.queue(s, user["team_id"], 1000))
    rows = [{"s": r, "counts": json.loads(r.counts or "{}")} for r in recent]
    return page(request, "dashboard.html", user, recent=rows, totals=totals, pending=pending,
                policy=_default_policy())


@router.post("/screenings")
async def upload(request: Request, file: UploadFile) -> Response:
    user, form = await _form_user(request, "officer")
    limit = request.app.state.upload_limit
    data = await file.read(limit + 1)
    try:
        name = check_upload(file.filename or "", file.content_type or "", data, limit)
    except UploadRefused as e:
        raise PermissionError(str(e)) from None
    as_of_text = str(form.get("as_of") or "")
    try:
        as_of = dt.date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        raise PermissionError(f"{as_of_text!r} is not a date (YYYY-MM-DD)") from None
    try:
        policy = str(form.get("policy") or configured_default())
    except PolicyError as e:  # the service's own setting names no pack: say so, screen nothing
        raise PermissionError(str(e)) from None
    if policy not in shipped():  # a pack file's path would read files on the server
        raise PermissionError(f"unknown policy {policy!r}; available: {', '.join(sorted(shipped()))}")
    sub = screenings.Submission(user["team_id"], user["username"], user["id"], name, data, policy, as_of)
    try:
        with _submission(request):
            sid = await in_screening_lane(request, screenings.submit, sub)
    except SupplyscreenError as e:
        raise PermissionError(str(e)) from None
    return RedirectResponse(f"/screenings/{sid}", status_code=303)


@router.get("/screenings/{sid}")
def screening(request: Request, sid: Id, decision: str = "", maker: str = "", site: str = "", rule: str = "",
              page: int = 1) -> HTMLResponse:
    """A screening: its counts and charts, and one page of its items, filtered on the server."""
    from supplyscreen.service.errors import Invalid

    user = _user(request)
    try:
        flt = results.ItemFilter.of(decision, maker, site, rule)
        with _store(request).session() as s:
            sc, pg = results.items_page(s, _store(request).url, user["team_id"], sid, flt, max(1, min(page, 2**31)))
            facets = results.facets(s, _store(request).url, sc) if sc.status == m.COMPLETE else None
            return page_of(request, "screening.html", user, s=sc, pg=pg, facets=facets,
                           counts=json.loads(sc.counts or "{}"), source=json.loads(sc.source or "{}"),
                           bars=_bars(facets) if facets else {}, decisions=results.DECISIONS,
                           link=lambda **kw: _link(sid, flt, **kw), parquet=results.parquet_available())
    except Invalid as e:
        raise PermissionError(str(e)) from None


def _link(sid: int, flt: results.ItemFilter, **changes: Any) -> str:
    """This screening's page with the filter changed (a value of None or "" drops it)."""
    from urllib.parse import urlencode

    params: dict[str, Any] = {**flt.params(), **changes}
    query = urlencode({k: v for k, v in params.items() if v and not (k == "page" and v == 1)})
    return f"/screenings/{sid}" + (f"?{query}" if query else "")


def _bars(f: results.Facets) -> dict[str, list[dict[str, Any]]]:
    """Each count as a share of the largest in its group, for the bars drawn in CSS."""
    def bars(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
        top = max((n for _, n in pairs), default=0) or 1
        return [{"key": k, "n": n, "pct": round(100 * n / top, 1)} for k, n in pairs]

    order = results.DECISIONS
    return {"decision": bars([(d, f.decisions.get(d, 0)) for d in order]),
            "final": bars([(d, f.final.get(d, 0)) for d in order]),
            "maker": bars(f.makers), "site": bars(f.sites), "rule": bars(f.rules[:results.TOP])}


@router.get("/screenings/{sid}/export.{fmt}")
def export(request: Request, sid: Id, fmt: str) -> Response:
    from supplyscreen.service.errors import Invalid

    user = _user(request)
    if fmt not in results.EXPORT_FORMATS:
        raise screenings.NotFound(f"export format {fmt}")
    try:
        return export_response(_store(request), user["team_id"], sid, fmt)
    except Invalid as e:
        raise PermissionError(str(e)) from None


@router.post("/screenings/{sid}/rerun")
async def rerun(request: Request, sid: Id) -> Response:
    user, _ = await _form_user(request, "officer")
    with _submission(request):
        new = await in_screening_lane(request, screenings.rerun, user["team_id"], sid,
                                      user["username"], user["id"])
    return RedirectResponse(f"/screenings/{new}/compare/{sid}", status_code=303)


@router.get("/screenings/{new}/compare/{old}")
def compare(request: Request, new: Id, old: Id) -> HTMLResponse:
    user = _user(request)
    changes = screenings.compare(_store(request), user["team_id"], old, new)
    return page(request, "compare.html", user, changes=changes, old=old, new=new)


def _review_ctx(request: Request, s: Any, team_id: int) -> dict[str, Any]:
    """What the review form offers: the scopes (narrowest first), the team's reviewers as approvers,
    the expiry's bounds; and the page's labels in the chosen language."""
    from supplyscreen.web.labels import PageLabels, lang_of

    today = dt.date.today()
    lang = lang_of(request)
    return {"RL": PageLabels(lang), "lang": lang, "today": today,
            "review": {"scopes": review.SCOPES, "reviewers": review.reviewers(s, team_id), "today": today,
                       "latest": today + dt.timedelta(days=review.max_days())}}


@router.get("/queue")
def queue(request: Request) -> HTMLResponse:
    user = _user(request)
    with _store(request).session() as s:
        rows = [{"row": i, "s": sc, "doc": i.doc()} for i, sc in review.queue(s, user["team_id"])]
        ctx = _review_ctx(request, s, user["team_id"])
    return page(request, "queue.html", user, rows=rows, **ctx)


@router.get("/items/{item_id}")
def item(request: Request, item_id: Id) -> HTMLResponse:
    user = _user(request)
    with _store(request).session() as s:
        it = review.item(s, user["team_id"], item_id)
        return page(request, "item.html", user, it=it, doc=it.doc(),
                    history=review.history(s, user["team_id"], item_id), **_review_ctx(request, s, user["team_id"]))


@router.post("/items/{item_id}/review")
async def act(request: Request, item_id: Id) -> Response:
    user, form = await _form_user(request, "reviewer")
    exp = str(form.get("expires") or "")
    try:
        with _store(request).session() as s:
            review.act(s, user["team_id"], item_id, user["username"], str(form.get("action", "")),
                       str(form.get("reason", "")), str(form.get("outcome") or "exclude"),
                       str(form.get("approver", "")), dt.date.fromisoformat(exp) if exp else None,
                       str(form.get("scope") or review.NARROW))
    except (review.ReviewError, ValueError) as e:
        raise PermissionError(str(e)) from None
    back = str(form.get("back") or "/queue")
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/queue", status_code=303)


@router.get("/waivers")
def waivers_page(request: Request, status: str = "", entity: str = "", maker: str = "") -> HTMLResponse:
    """The team's waivers (filtered by state, entity, maker) with how many items each clears now,
    and the remembered false positives, each revocable by a reviewer."""
    from supplyscreen.case.package import when
    from supplyscreen.web.labels import PageLabels, lang_of

    user = _user(request)
    lang = lang_of(request)
    with _store(request).session() as s:
        found = review.waivers(s, user["team_id"], status if status in review.STATUSES else None, entity or None,
                               maker or None)
        rows = [{"w": w, "state": review.state(w), "model": w.model,
                 "clears": len(review.cleared_by_waiver(s, user["team_id"], w.id))} for w in found]
        fps = review.false_positives(s, user["team_id"])
    resp = page(request, "waivers.html", user, rows=rows, fps=fps, statuses=review.STATUSES, status=status,
                entity=entity, maker=maker, RL=PageLabels(lang), lang=lang, when=lambda v: when(v, lang),
                reviewer=users.role_at_least(user["role"], "reviewer"))
    _keep_lang(request, resp)
    return resp


def _keep_lang(request: Request, resp: Response) -> None:
    from supplyscreen.web.labels import LANG_COOKIE

    asked = request.query_params.get("lang")
    if asked in ("en", "ja"):
        resp.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


@router.get("/waivers/{waiver_id}")
def waiver_page(request: Request, waiver_id: Id) -> HTMLResponse:
    from supplyscreen.case.package import when
    from supplyscreen.web.labels import PageLabels, lang_of

    user = _user(request)
    lang = lang_of(request)
    with _store(request).session() as s:
        w = review.waiver(s, user["team_id"], waiver_id)
        items = review.cleared_by_waiver(s, user["team_id"], waiver_id)
        return page(request, "waiver.html", user, w=w, state=review.state(w), items=items, RL=PageLabels(lang),
                    lang=lang, when=lambda v: when(v, lang), reviewer=users.role_at_least(user["role"], "reviewer"))


async def _waiver_action(request: Request, fn: Any, *args: Any) -> Response:
    user, form = await _form_user(request, "reviewer")
    try:
        with _store(request).session() as s:
            fn(s, user["team_id"], *args, user["username"], *([str(form.get("reason", ""))] if fn in (
                review.revoke_waiver, review.revoke_false_positive) else []))
    except review.ReviewError as e:
        raise PermissionError(str(e)) from None
    return RedirectResponse(f"/waivers/{args[0]}" if fn is not review.revoke_false_positive else "/waivers",
                            status_code=303)


@router.post("/waivers/{waiver_id}/approve")
async def approve_waiver(request: Request, waiver_id: Id) -> Response:
    return await _waiver_action(request, review.approve_waiver, waiver_id)


@router.post("/waivers/{waiver_id}/revoke")
async def revoke_waiver(request: Request, waiver_id: Id) -> Response:
    return await _waiver_action(request, review.revoke_waiver, waiver_id)


@router.post("/false-positives/{fp_id}/revoke")
async def revoke_false_positive(request: Request, fp_id: Id) -> Response:
    return await _waiver_action(request, review.revoke_false_positive, fp_id)


@router.get("/entities")
def entities(request: Request, q: str = "") -> HTMLResponse:
    user = _user(request)
    matches = []
    if q.strip():
        with _store(request).session() as s:
            reg = screenings.team_registry(s, user["team_id"])
        matches = list(library.match(q[:500], None, reg))
    return page(request, "entities.html", user, q=q, matches=matches)


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str) -> HTMLResponse:
    user = _user(request)
    with _store(request).session() as s:
        reg = screenings.team_registry(s, user["team_id"])
    e = reg.get(entity_id)
    if e is None:
        raise screenings.NotFound(entity_id)
    return page(request, "entity.html", user, e=describe(reg, e))


@router.get("/audit")
def audit_trail(request: Request) -> HTMLResponse:
    user = _user(request, "reviewer")
    with _store(request).session() as s:
        recs = audit.newest(s, user["team_id"], 200)
        v = verify_chain(s)
    rows = [{"r": r, "payload": json.loads(r.payload)} for r in recs]
    return page(request, "audit.html", user, rows=rows, verified=v)


@router.get("/events")
def events_page(request: Request) -> HTMLResponse:
    """Restriction events from the team's articles: a timeline, alerts on its screened items (counted
    per screening and maker, with a few examples: a large screening's items are a filter away), the
    events with their sources, and the articles."""
    from markupsafe import Markup

    from supplyscreen.intel.views import legend_html, timeline_svg
    from supplyscreen.service import intel

    user = _user(request)
    with _store(request).session() as s:
        rows = intel.events(s, user["team_id"])
        evs = [intel.as_event(r) for r in rows]
        found = intel.alert_summary(s, user["team_id"])
        arts = intel.team_articles(s, user["team_id"])
    by_key = {e.id: e for e in evs}
    alerts = [{"a": a, "e": by_key[a.event_id]} for a in found]
    # The chart's and legend's text is escaped where they are built (intel.views).
    return page(request, "events.html", user, events=evs, alerts=alerts, articles=arts,
                chart=Markup(timeline_svg(evs)), legend=Markup(legend_html()),
                accept=",".join(ARTICLE_EXTENSIONS), max_files=intel.MAX_FILES)


@router.post("/events/articles")
async def add_articles(request: Request) -> Response:
    from supplyscreen.service import intel

    user, form = await _form_user(request, "officer")
    limit = min(request.app.state.upload_limit, intel.ARTICLE_LIMIT)
    uploads = []
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload)]
    if not files:
        raise PermissionError("choose one or more article files")
    if len(files) > intel.MAX_FILES:
        raise PermissionError(f"{len(files)} files at once; at most {intel.MAX_FILES}")
    for f in files:
        data = await f.read(limit + 1)
        try:
            uploads.append(intel.Upload(check_article(f.filename or "", f.content_type or "", data, limit), data))
        except UploadRefused as e:
            raise PermissionError(f"{f.filename}: {e}") from None
    try:
        with _submission(request):
            await in_screening_lane(request, intel.add_articles, user["team_id"],
                                    user["username"], uploads)
    except intel.IntelError as e:
        raise PermissionError(str(e)) from None
    return RedirectResponse("/events", status_code=303)


@router.post("/events/articles/{article_id}/delete")
async def delete_article(request: Request, article_id: Id) -> Response:
    from supplyscreen.service import intel

    user, _ = await _form_user(request, "reviewer")
    await in_screening_lane(request, intel.delete_article, user["team_id"], user["username"],
                            article_id)
    return RedirectResponse("/events", status_code=303)


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.to, status_code=303)

    @app.exception_handler(PermissionError)
    async def _refused(request: Request, exc: PermissionError) -> Response:
        resp = page(request, "error.html", None, message=str(exc))
        resp.status_code = 403 if "role" in str(exc) else 400
        return resp

    @app.exception_handler(TooMany)
    async def _too_many(request: Request, exc: TooMany) -> Response:
        resp = page(request, "error.html", None, message=f"Too many {exc.what} at once: {exc} "
                    f"(try again in {exc.retry_after} s).")
        resp.status_code = 429
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp

    @app.exception_handler(screenings.NotFound)
    async def _missing(request: Request, exc: screenings.NotFound) -> Response:
        resp = page(request, "error.html", None, message=f"Not found: {exc}")
        resp.status_code = 404
        return resp


def _default_policy() -> str:
    """The upload form's preset: the service's configured pack, or none when the setting names no
    pack (the upload then says why)."""
    try:
        return configured_default()
    except PolicyError:
        return ""
