"""Procurement cases over REST: open a case from the classification questionnaire, attach bids
and new versions of their files, compare the bids, ask bidders questions, generate the
consultation package, record the central body's reply and the final decision, verify the case.

Everything goes through ``service/cases.py``, the service the CLI and the web pages call, so the
three share one store and one audit log. Roles (the choice, and why):

- **viewer** reads: cases, the questionnaire, the comparison, questions.
- **officer** does the procurement work: opens cases, attaches bids (within the token's submission
  limits, as screening costs CPU), asks questions, records bidders' answers, and generates the
  consultation package (what is sent is recorded with its digests; nothing is decided by it).
- **reviewer** (and admin) records what binds the agency: the central body's reply and the final
  decision, like the review decisions on screened items; and verifies a case against the audit
  log, which only reviewers see on the web pages (``/audit``).

A case, bid or question of another team is a 404, exactly as if it did not exist. A step the
case's state forbids (a decided case, an award before the reply, a bidder that already bid) is a
409 whose message says what to do instead.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from supplyscreen.api import case_schemas as cs
from supplyscreen.api.deps import (
    ERRORS,
    NOT_FOUND,
    Caller,
    Id,
    Officer,
    Reviewer,
    StoreDep,
    Submitter,
    Viewer,
)
from supplyscreen.case import classify
from supplyscreen.case import representations as reps
from supplyscreen.case.model import Bid, BidScreening, CaseInfo, CaseRecord, Comparison
from supplyscreen.http import in_screening_lane, package_response, read_bid_file, refusals
from supplyscreen.service import cases, screenings
from supplyscreen.service.verify import chain_problem, verify_case, verify_chain
from supplyscreen.store.db import Store

router = APIRouter(prefix="/api/v1/cases", tags=["cases"], responses=ERRORS)
Lang = Annotated[Literal["en", "ja"], Query(description="Language of the package (en or ja)")]
CONFLICT: dict[int | str, dict[str, Any]] = {409: {
    "description": "The case's state does not allow this (decided, not consulted yet, ...); the message says what to do"}}
UPLOAD: dict[int | str, dict[str, Any]] = {
    413: {"description": "A file is too large"}, 415: {"description": "Not an item list or bill of materials"},
    429: {"description": "Too many requests from this token; see Retry-After",
          "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}}}
REP_24 = Annotated[Literal["will", "will-not"] | None, Form(description="FAR 52.204-24(d)(1): will / will-not provide")]
REP_USE = Annotated[Literal["does", "does-not"] | None, Form()]


# -- shapes -------------------------------------------------------------------------------------


def summary(info: CaseInfo) -> dict[str, Any]:
    return {"id": info.id, "agency": info.agency, "title": info.title, "description": info.description,
            "budget": info.budget, "currency": info.currency, "deadline": info.deadline, "status": info.status,
            "opened": info.opened, "opened_by": info.opened_by,
            "review_required": info.classification.review_required, "packs": list(info.classification.packs)}


def file_out(x: BidScreening) -> dict[str, Any]:
    return {"role": x.role, "version": x.version, "policy": x.policy, "file_name": x.file_name,
            "screening_id": x.screening_id or None, "status": x.status, "error": x.error, "decision": x.decision,
            "counts": dict(x.counts), "note": x.note, "previous_file": x.previous_file,
            "changes": [dataclasses.asdict(c) for c in x.changes]}


def bid_out(b: Bid) -> dict[str, Any]:
    return {"id": b.id, "bidder": b.bidder, "added": b.added, "added_by": b.added_by,
            "representations": reps.to_doc(b.representations), "files": [file_out(x) for x in b.screenings]}


def case_out(rec: CaseRecord) -> dict[str, Any]:
    doc = classify.to_doc(rec.info.classification)
    return {**summary(rec.info),
            "classification": {**{k: doc[k] for k in ("on", "answers", "bound", "categories", "review_required",
                                                      "packs", "reasons")},
                               "representations_required": doc["representations"]},
            "bids": [bid_out(b) for b in rec.bids],
            "questions": [dataclasses.asdict(q) for q in rec.questions],
            "consultations": [dataclasses.asdict(x) for x in rec.consultations],
            "decisions": [dataclasses.asdict(d) for d in rec.decisions]}


def comparison_out(cmp: Comparison) -> dict[str, Any]:
    """The comparison as ``supplyscreen case compare --format json`` writes it."""
    from supplyscreen.case.package import _bid

    info = cmp.case
    return {"case": {"id": info.id, "agency": info.agency, "title": info.title, "status": info.status,
                     "review_required": info.classification.review_required,
                     "packs": list(info.classification.packs)},
            "clean": cmp.clean, "bids": [_bid(v) for v in cmp.bids]}


def bid_view(st: Store, team_id: int, case_id: int, bid_id: int) -> dict[str, Any]:
    from supplyscreen.case.package import _bid

    return next(_bid(v) for v in cases.comparison(st, team_id, case_id).bids if v.bid.id == bid_id)


def actor(c: Caller) -> cases.Actor:
    return cases.Actor(c.team_id, c.username, c.user_id)


# -- checks shared with the web pages -------------------------------------------------------------


# -- endpoints ----------------------------------------------------------------------------------


@router.get("/questionnaire", response_model=list[cs.QuestionnaireItem])
def questionnaire(c: Viewer) -> list[dict[str, Any]]:
    """The classification questionnaire, in the order it is asked; a case's ``answers`` answer every
    question by id."""
    return [{"id": q.id, "kind": q.kind, "text": q.text.as_dict(), "answers": list(q.allowed()),
             "choices": [{"id": x.id, "label": x.label.as_dict(), "why": x.why.as_dict()} for x in q.choices],
             "why": q.why.as_dict(), "sources": list(q.sources)} for q in classify.questions()]


@router.post("", response_model=cs.CaseOut, status_code=201, responses=CONFLICT)
def open_case(body: cs.CaseIn, c: Officer, st: StoreDep) -> dict[str, Any]:
    """Open a case and classify it from the questionnaire's answers (kept with the case): whether the
    supply-chain review applies, and which policy packs screen the bids."""
    with refusals():
        packs = screenings.shipped_only(body.extra_packs)
    draft = cases.CaseDraft(body.agency, body.title, body.answers, body.description, body.budget,
                            body.currency.upper(), body.deadline, packs)
    with refusals():
        cid = cases.open_case(st, actor(c), draft)
        return case_out(cases.load(st, c.team_id, cid))


@router.get("", response_model=list[cs.CaseSummary])
def list_cases(c: Viewer, st: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 200) -> list[dict[str, Any]]:
    """The team's cases, newest first."""
    return [summary(x) for x in cases.list_cases(st, c.team_id, limit)]


@router.get("/{case_id}", response_model=cs.CaseOut, responses=NOT_FOUND)
def get_case(case_id: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """A case: its fields, classification, bids and their newest files, questions, consultations, decisions."""
    with refusals():
        return case_out(cases.load(st, c.team_id, case_id))


@router.get("/{case_id}/comparison", response_model=cs.ComparisonOut, responses=NOT_FOUND)
def comparison(case_id: Id, c: Viewer, st: StoreDep) -> dict[str, Any]:
    """The bids side by side: per bid the decision, offending items with their evidence chains, makers
    to ask about, representations checked against screening, and documented risk factors."""
    with refusals():
        return comparison_out(cases.comparison(st, c.team_id, case_id))


@router.post("/{case_id}/bids", response_model=cs.BidView, status_code=201,
             responses={**NOT_FOUND, **CONFLICT, **UPLOAD})
async def add_bid(
    request: Request, case_id: Id, c: Submitter, st: StoreDep,
    bidder: Annotated[str, Form(min_length=1, max_length=300, pattern=r"^[^\x00]*\S[^\x00]*$")],
    items: Annotated[UploadFile | None, File(description="The offer as an item list (CSV/XLSX/JSON)")] = None,
    bom: Annotated[UploadFile | None, File(description="The offer's bill of materials (CycloneDX, SPDX, HBOM)")] = None,
    far_24_provide: REP_24 = None,
    far_24_use: REP_USE = None,
    far_26_provide: REP_USE = None,
    far_26_use: REP_USE = None,
    disclosure: Annotated[str, Form(max_length=5000, pattern=cs.NO_NUL,
                                    description="52.204-24(e): what a positive answer covers")] = "",
) -> dict[str, Any]:
    """Attach a bid and screen its files under the case's policy packs. A file that cannot be read
    still adds the bid: the bid reports the file's error (and is not awardable until resubmitted)."""
    limit = request.app.state.upload_limit
    files = tuple(f for f in (await read_bid_file(items, "items", limit), await read_bid_file(bom, "bom", limit))
                  if f is not None)
    if not files:
        raise HTTPException(422, "a bid needs an item list (items), a bill of materials (bom), or both")
    r = reps.Representations(far_24_provide, far_24_use, far_26_provide, far_26_use, disclosure.strip())
    with refusals():
        bid_id = await in_screening_lane(request, cases.add_bid, actor(c), case_id,
                                         cases.BidDraft(bidder, files, r))
        return await anyio.to_thread.run_sync(bid_view, st, c.team_id, case_id, bid_id)


@router.post("/{case_id}/bids/{bid_id}/files", response_model=cs.BidUpdated, status_code=201,
             responses={**NOT_FOUND, **CONFLICT, **UPLOAD})
async def update_bid(
    request: Request, case_id: Id, bid_id: Id, c: Submitter, st: StoreDep,
    reason: Annotated[str, Form(min_length=1, max_length=5000, pattern=r"^[^\x00]*\S[^\x00]*$",
                                description="Why a new version (the bidder changed its BOM, ...)")],
    items: Annotated[UploadFile | None, File(description="The new item list")] = None,
    bom: Annotated[UploadFile | None, File(description="The new bill of materials")] = None,
) -> dict[str, Any]:
    """Screen a new version of a bid's files and say, per file and pack, which items changed decision."""
    limit = request.app.state.upload_limit
    files = [f for f in (await read_bid_file(items, "items", limit), await read_bid_file(bom, "bom", limit))
             if f is not None]
    if not files:
        raise HTTPException(422, "send the new item list (items), bill of materials (bom), or both")
    with refusals():
        await anyio.to_thread.run_sync(cases.check_bid, st, c.team_id, case_id, bid_id)
        updates = await in_screening_lane(request, cases.update_bid, actor(c), bid_id, files, reason)
        view = await anyio.to_thread.run_sync(bid_view, st, c.team_id, case_id, bid_id)
    return {"bid": view, "updates": [{**dataclasses.asdict(u), "changes": [dataclasses.asdict(x) for x in u.changes]}
                                     for u in updates]}


@router.get("/{case_id}/questions", response_model=list[cs.QuestionOut], responses=NOT_FOUND)
def questions(case_id: Id, c: Viewer, st: StoreDep) -> list[dict[str, Any]]:
    """Questions to bidders and their answers, oldest first."""
    with refusals():
        return [dataclasses.asdict(q) for q in cases.load(st, c.team_id, case_id).questions]


def _question(st: Store, team_id: int, case_id: int, qid: int) -> dict[str, Any]:
    return next(dataclasses.asdict(q) for q in cases.load(st, team_id, case_id).questions if q.id == qid)


@router.post("/{case_id}/questions", response_model=cs.QuestionOut, status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def ask(case_id: Id, body: cs.AskIn, c: Officer, st: StoreDep,
        lang: Annotated[Literal["en", "ja"], Query(description="Words of a suggested question")] = "en",
        ) -> dict[str, Any]:
    """Record a question to a bidder (``bid_id``) or to every bidder. About an item the comparison
    suggests a question for (``item_ref`` and ``bid_id``), the text may be left out."""
    with refusals():
        qid = cases.ask_about(st, actor(c), case_id, body.text, body.bid_id, body.item_ref, lang)
        return _question(st, c.team_id, case_id, qid)


@router.post("/{case_id}/questions/unknown", response_model=list[cs.QuestionOut], status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def ask_unknown(case_id: Id, body: cs.AskUnknownIn, c: Officer, st: StoreDep) -> list[dict[str, Any]]:
    """Ask every bidder (or one) each question the comparison suggests and nobody asked yet (makers
    not established, names that merely resemble a designated party); the new questions come back."""
    with refusals():
        ids = set(cases.ask_unknown(st, actor(c), case_id, body.bid_id))
        return [dataclasses.asdict(q) for q in cases.load(st, c.team_id, case_id).questions if q.id in ids]


@router.post("/{case_id}/questions/{question_id}/answer", response_model=cs.QuestionOut,
             responses={**NOT_FOUND, **CONFLICT})
def answer(case_id: Id, question_id: Id, body: cs.AnswerIn, c: Officer, st: StoreDep) -> dict[str, Any]:
    """Record the bidder's answer to a question (once; ask a new question to follow up)."""
    with refusals():
        cases.check_question(st, c.team_id, case_id, question_id)
        cases.answer(st, actor(c), question_id, body.text, body.answered_by,
                     [cases.Fact(f.item_ref, f.manufacturer, f.model, f.country) for f in body.facts])
        return _question(st, c.team_id, case_id, question_id)


@router.post("/{case_id}/package", status_code=201, response_class=Response, responses={
    **NOT_FOUND, **CONFLICT,
    201: {"description": "The package, recorded as a consultation with its digests",
          "content": {t: {} for t in cases.PACKAGE_TYPES.values()},
          "headers": {"X-Consultation-Id": {"description": "The consultation recorded", "schema": {"type": "integer"}},
                      "X-Package-Sha256": {"description": "SHA-256 of the JSON bundle", "schema": {"type": "string"}}}},
    503: {"description": "A PDF was asked for and this server cannot print one (no headless Chromium)"}})
async def package(
    case_id: Id, c: Officer, st: StoreDep, lang: Lang = "en",
    format: Annotated[Literal["zip", "json", "html", "pdf"], Query(
        description="zip: HTML, JSON bundle and PDF (when the server has Chromium) with SHA256SUMS")] = "zip",
) -> Response:
    """Generate the consultation package for the central body (this case only) and record it; the
    case then waits for the reply. Each call is a new consultation record: the digests of what was
    sent are in the audit log, and the reply is recorded against the newest."""
    from supplyscreen.case.package import PackageError

    with refusals():
        try:
            f = await anyio.to_thread.run_sync(cases.package_file, st, actor(c), case_id, lang, format)
        except PackageError as e:
            raise HTTPException(503, str(e)) from None
    return package_response(f)


@router.post("/{case_id}/reply", response_model=cs.ConsultationOut, status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def reply(case_id: Id, body: cs.ReplyIn, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """Record the central body's reply to the newest package (or the one named)."""
    with refusals():
        xid = cases.record_reply(st, actor(c), case_id, body.outcome, body.reply, body.reply_on, body.consultation_id,
                                 body.bid_id)
        return next(dataclasses.asdict(x) for x in cases.load(st, c.team_id, case_id).consultations if x.id == xid)


@router.post("/{case_id}/decision", response_model=cs.DecisionOut | cs.OverrideRequested, status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def decide(case_id: Id, body: cs.DecisionIn, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """Record the final decision (award a bid, cancel, re-tender) with who, when and why. An award is
    refused for a bid with a blocking risk factor, and, where the supply-chain review applies, unless
    the National Cybersecurity Office's latest reply about that version of the bid is a no-objection;
    with ``override`` (a written justification) the award is requested for a second person to confirm."""
    with refusals():
        if body.override:
            if body.bid_id is None:
                raise HTTPException(422, "an override is for an award of a named bid")
            oid = cases.request_override(st, actor(c), case_id, body.bid_id, body.reason, body.override)
            o = next(x for x in cases.load(st, c.team_id, case_id).overrides if x.id == oid)
            return {"override": dataclasses.asdict(o), "confirm": f"/api/v1/cases/{case_id}/overrides/{oid}/confirm"}
        did = cases.decide(st, actor(c), case_id, body.outcome, body.reason, body.bid_id)
        return next(dataclasses.asdict(d) for d in cases.load(st, c.team_id, case_id).decisions if d.id == did)


@router.post("/{case_id}/overrides/{override_id}/confirm", response_model=cs.DecisionOut, status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def confirm_override(case_id: Id, override_id: Id, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """A second person confirms an override: the award is recorded, naming it."""
    with refusals():
        cases.load(st, c.team_id, case_id)  # another team's case does not exist
        did = cases.confirm_override(st, actor(c), override_id)
        return next(dataclasses.asdict(d) for d in cases.load(st, c.team_id, case_id).decisions if d.id == did)


@router.post("/{case_id}/designations/repin", response_model=cs.CaseOut, status_code=201,
             responses={**NOT_FOUND, **CONFLICT})
def repin(case_id: Id, body: cs.RepinIn, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """Pin today's designation lists to the case (audited) and screen its bids again with them."""
    with refusals():
        cases.repin_designations(st, actor(c), case_id, body.reason)
        return case_out(cases.load(st, c.team_id, case_id))


@router.get("/{case_id}/verify", response_model=cs.CaseVerified, responses=NOT_FOUND)
def verify(case_id: Id, c: Reviewer, st: StoreDep) -> dict[str, Any]:
    """The audit chain, and the case's rows (reasons, answers, replies, files, decisions) against what
    its audit records sealed: a row edited behind the log is named."""
    with refusals():
        problems = verify_case(st, c.team_id, case_id)
    with st.session() as s:
        chain = verify_chain(s)
    if not chain.ok:
        problems = [chain_problem(chain), *problems]
    return {"ok": chain.ok and not problems, "chain_ok": chain.ok, "chain_records": chain.records,
            "problems": problems}
