"""Procurement cases in the browser: the case list, a new case with the guided questionnaire, the
case page (bids side by side with their evidence, makers to ask about, questions and answers, new
versions of bid files with what changed, the consultation package, the reply and the decision) and
the case's audit trail.

Every action goes through ``service/cases.py`` (the service the CLI and the REST API call, so all
three share one store and one audit log), with the same roles as the API (``api/case_routes.py``)
and the same session cookie and CSRF token as the other pages (``views.py``).

Labels come in English (default) or Japanese: ``?lang=ja`` switches, and the choice is kept in a
cookie for the next pages. The case's own words (decisions, risk levels, statuses) are those of the
consultation package (``case/data/labels.yaml``); the pages' buttons and fields are in
``case/data/web_labels.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from supplyscreen.case import classify
from supplyscreen.case import package as pkg
from supplyscreen.case.compare import compare
from supplyscreen.case.model import LANGS, OUTCOMES, REPLY_OUTCOMES, Representations
from supplyscreen.http import in_screening_lane, package_response, read_bid_file, refusals
from supplyscreen.policy import shipped
from supplyscreen.service import cases, screenings, users
from supplyscreen.service.verify import Verification, chain_problem, verify_case, verify_chain
from supplyscreen.store import models as m
from supplyscreen.store.db import Store
from supplyscreen.web.labels import LANG_COOKIE, PageLabels, lang_of
from supplyscreen.web.views import Id, _form_user, _store, _submission, _user, page

router = APIRouter(include_in_schema=False)
FAR_FIELDS = (("far_24_provide", ("will", "will-not")), ("far_24_use", ("does", "does-not")),
              ("far_26_provide", ("does", "does-not")), ("far_26_use", ("does", "does-not")))
FORMATS = ("zip", "html", "json", "pdf")


def _lang(request: Request) -> str:
    return lang_of(request)


def _page(request: Request, name: str, user: dict[str, Any], status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = _lang(request)
    resp = page(request, name, user, lang=lang, L=PageLabels(lang), officer=users.role_at_least(user["role"], "officer"),
                reviewer=users.role_at_least(user["role"], "reviewer"), **ctx)
    resp.status_code = status
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return resp


def _actor(user: dict[str, Any]) -> cases.Actor:
    return cases.Actor(user["team_id"], user["username"], user["id"])


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/cases/{case_id}" + (f"#{anchor}" if anchor else ""), status_code=303)


def _text(form: Any, key: str) -> str:
    v = form.get(key)
    return v.strip() if isinstance(v, str) else ""


def _int(form: Any, key: str) -> int | None:
    v = _text(form, key)
    if not v:
        return None
    if not v.isdigit() or len(v) > 18:
        raise HTTPException(422, f"{key}: {v!r} is not an id")
    return int(v)


def _date(form: Any, key: str) -> dt.date | None:
    v = _text(form, key)
    try:
        return dt.date.fromisoformat(v) if v else None
    except ValueError:
        raise HTTPException(422, f"{v!r} is not a date (YYYY-MM-DD)") from None


# -- the list and a new case --------------------------------------------------------------------


@router.get("/cases")
def case_list(request: Request) -> HTMLResponse:
    user = _user(request)
    rows = cases.list_cases(_store(request), user["team_id"])
    return _page(request, "case_list.html", user, rows=rows)


def _questionnaire(lang: str) -> list[dict[str, Any]]:
    out = []
    for q in classify.questions():
        if q.kind == "choice":
            options = [(c.id, c.label.get(lang), c.why.get(lang)) for c in q.choices]
        else:
            options = [("yes", PageLabels(lang)("answer_yes"), ""), ("no", PageLabels(lang)("answer_no"), "")]
            if q.kind == "scope":
                options.append(("unsure", PageLabels(lang)("answer_unsure"), ""))
        out.append({"id": q.id, "text": q.text.get(lang), "why": q.why.get(lang), "options": options})
    return out


def _new_form(request: Request, user: dict[str, Any], values: dict[str, Any], status: int = 200,
              **ctx: Any) -> HTMLResponse:
    lang = _lang(request)
    return _page(request, "case_new.html", user, status, questions=_questionnaire(lang), values=values,
                 packs=sorted(shipped()), categories=classify.categories(), **ctx)


@router.get("/cases/new")
def new_case(request: Request) -> HTMLResponse:
    user = _user(request, "officer")
    return _new_form(request, user, {"currency": "JPY", "answers": {}, "packs": []})


@router.post("/cases")
async def open_case(request: Request) -> Response:
    """Check the classification (``step=preview``) or open the case."""
    user, form = await _form_user(request, "officer")
    qs = classify.questions()
    values: dict[str, Any] = {k: _text(form, k) for k in ("agency", "title", "description", "budget", "currency",
                                                           "deadline")}
    values["answers"] = {q.id: _text(form, f"answer.{q.id}") for q in qs if _text(form, f"answer.{q.id}")}
    values["packs"] = [p for p in form.getlist("pack") if isinstance(p, str)]
    try:
        budget_text = values["budget"].replace(",", "").replace("_", "").replace(" ", "")
        if budget_text and (not budget_text.isdigit() or len(budget_text) > 18):
            raise HTTPException(422, f"budget {values['budget']!r}: whole currency units, e.g. 120000000")
        currency = values["currency"] or "JPY"
        if len(currency) != 3 or not currency.isalpha():
            raise HTTPException(422, f"currency {currency!r}: a three-letter code such as JPY")
        deadline = _date(form, "deadline")
        with refusals():
            packs = screenings.shipped_only(values["packs"])
            result = classify.classify(values["answers"], dt.date.today())
            if _text(form, "step") == "preview":
                return _new_form(request, user, values, result=result)
            draft = cases.CaseDraft(values["agency"], values["title"], values["answers"], values["description"],
                                    int(budget_text) if budget_text else None, currency.upper(), deadline, packs)
            cid = cases.open_case(_store(request), _actor(user), draft)
    except HTTPException as e:
        return _new_form(request, user, values, 422 if e.status_code == 409 else e.status_code, error=e.detail)
    return _back(cid)


# -- the case page ------------------------------------------------------------------------------


def _case_page(request: Request, user: dict[str, Any], case_id: int, error: str = "",
               status: int = 200) -> HTMLResponse:
    st = _store(request)
    lang = _lang(request)
    record = cases.load(st, user["team_id"], case_id)
    doc = pkg.bundle(record, compare(record), lang, user["username"], m.utcnow())
    pin = record.designations
    return _page(request, "case_page.html", user, status, doc=doc, info=record.info, error=error,
                 when=lambda v: pkg.when(v, lang),
                 lists_changed=bool(pin and pin.current_sha256 and pin.current_sha256 != pin.sha256),
                 open=record.info.status != cases.DECIDED, far_fields=FAR_FIELDS, formats=FORMATS,
                 outcomes=OUTCOMES, reply_outcomes=REPLY_OUTCOMES, has_pdf=pkg.chromium() is not None,
                 today=cases.today())


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: Id) -> HTMLResponse:
    return _case_page(request, _user(request), case_id)


def _refused(request: Request, user: dict[str, Any], case_id: int, e: HTTPException) -> HTMLResponse:
    """The case page again, saying why the action was not taken (a 404 stays a 404)."""
    if e.status_code == 404:
        raise screenings.NotFound(str(e.detail).removesuffix(" not found"))
    return _case_page(request, user, case_id, str(e.detail), e.status_code)


@router.post("/cases/{case_id}/bids")
async def add_bid(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "officer")
    limit = request.app.state.upload_limit
    try:
        files = tuple(f for f in (await read_bid_file(form.get("items"), "items", limit),
                                  await read_bid_file(form.get("bom"), "bom", limit)) if f is not None)
        if not files:
            raise HTTPException(422, "a bid needs an item list, a bill of materials, or both")
        given = {k: _text(form, k) or None for k, _ in FAR_FIELDS}
        for k, allowed in FAR_FIELDS:
            if given[k] is not None and given[k] not in allowed:
                raise HTTPException(422, f"{k}: one of {', '.join(allowed)}")
        r = Representations(**given, disclosure=_text(form, "disclosure"))
        if not _text(form, "bidder"):
            raise HTTPException(422, "a bid needs the bidder's name")
        with refusals(), _submission(request):  # the session's share of the submission limits
            bid_id = await in_screening_lane(request, cases.add_bid, _actor(user), case_id,
                                             cases.BidDraft(_text(form, "bidder"), files, r))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, f"bid-{bid_id}")


@router.post("/cases/{case_id}/bids/{bid_id}/files")
async def update_bid(request: Request, case_id: Id, bid_id: Id) -> Response:
    user, form = await _form_user(request, "officer")
    limit = request.app.state.upload_limit
    st = _store(request)
    try:
        files = [f for f in (await read_bid_file(form.get("items"), "items", limit),
                             await read_bid_file(form.get("bom"), "bom", limit)) if f is not None]
        if not files:
            raise HTTPException(422, "choose the new item list, bill of materials, or both")
        with refusals():
            cases.check_bid(st, user["team_id"], case_id, bid_id)
            with _submission(request):
                await in_screening_lane(request, cases.update_bid, _actor(user), bid_id, files,
                                        _text(form, "reason"))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, f"bid-{bid_id}")


@router.post("/cases/{case_id}/questions")
async def ask(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "officer")
    try:
        with refusals():
            cases.ask_about(_store(request), _actor(user), case_id, _text(form, "text"), _int(form, "bid"),
                          _text(form, "item"), _lang(request))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "questions")


@router.post("/cases/{case_id}/questions/unknown")
async def ask_unknown(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "officer")
    try:
        with refusals():
            cases.ask_unknown(_store(request), _actor(user), case_id, _int(form, "bid"), _lang(request))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "questions")


@router.post("/cases/{case_id}/questions/{question_id}/answer")
async def answer(request: Request, case_id: Id, question_id: Id) -> Response:
    user, form = await _form_user(request, "officer")
    st = _store(request)
    try:
        with refusals():
            cases.check_question(st, user["team_id"], case_id, question_id)
            cases.answer(st, _actor(user), question_id, _text(form, "text"), _text(form, "by"))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "questions")


@router.post("/cases/{case_id}/package")
async def package(request: Request, case_id: Id) -> Response:
    """The package as a download; the page is shown again with the reason when it cannot be made."""
    import anyio

    user, form = await _form_user(request, "officer")
    lang = _text(form, "lang") if _text(form, "lang") in LANGS else _lang(request)
    fmt = _text(form, "format") if _text(form, "format") in FORMATS else "zip"
    try:
        with refusals():
            try:
                f = await anyio.to_thread.run_sync(cases.package_file, _store(request), _actor(user), case_id, lang, fmt)
            except pkg.PackageError as e:
                raise HTTPException(503, str(e)) from None
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return package_response(f, 200)


@router.post("/cases/{case_id}/reply")
async def reply(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "reviewer")
    try:
        with refusals():
            cases.record_reply(_store(request), _actor(user), case_id, _text(form, "outcome"), _text(form, "reply"),
                               _date(form, "reply_on"), None, _int(form, "bid"))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "consultation")


@router.post("/cases/{case_id}/decision")
async def decide(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "reviewer")
    outcome = _text(form, "outcome")
    try:
        bid = _int(form, "bid") if outcome == "award" else None
        with refusals():
            if _text(form, "override") and bid is not None:
                cases.request_override(_store(request), _actor(user), case_id, bid, _text(form, "reason"),
                                       _text(form, "override"))
            else:
                cases.decide(_store(request), _actor(user), case_id, outcome, _text(form, "reason"), bid)
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "decision")


@router.post("/cases/{case_id}/overrides/{override_id}/confirm")
async def confirm_override(request: Request, case_id: Id, override_id: Id) -> Response:
    user, _ = await _form_user(request, "reviewer")
    try:
        with refusals():
            cases.load(_store(request), user["team_id"], case_id)
            cases.confirm_override(_store(request), _actor(user), override_id)
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id, "decision")


@router.post("/cases/{case_id}/repin")
async def repin(request: Request, case_id: Id) -> Response:
    user, form = await _form_user(request, "reviewer")
    try:
        with refusals():
            await in_screening_lane(request, cases.repin_designations, _actor(user), case_id, _text(form, "reason"))
    except HTTPException as e:
        return _refused(request, user, case_id, e)
    return _back(case_id)


# -- the audit trail ----------------------------------------------------------------------------


def _verify(st: Store, team_id: int, case_id: int) -> tuple[Verification, list[str]]:
    problems = verify_case(st, team_id, case_id)
    with st.session() as s:
        return verify_chain(s), problems


@router.get("/cases/{case_id}/audit")
def case_audit(request: Request, case_id: Id) -> HTMLResponse:
    """The records about this case and its screenings, and whether they verify (reviewers, as /audit)."""
    user = _user(request, "reviewer")
    st = _store(request)
    record = cases.load(st, user["team_id"], case_id)
    chain, problems = _verify(st, user["team_id"], case_id)
    if not chain.ok:
        problems = [chain_problem(chain), *problems]
    lang = _lang(request)
    return _page(request, "case_audit.html", user, info=record.info, trail=list(reversed(record.trail)),
                 when=lambda v: pkg.when(v, lang),
                 chain=chain, problems=problems)
