"""The review workflow: the queue, a reviewer's confirm / false positive / waiver, and the waivers
and false positives themselves as narrow, revocable records.

A waiver's scope is the narrowest unless a wider one is chosen: ``part`` (this maker's model or
part in this product), then ``model`` (that model in any product), ``maker`` (anything of this
maker) and ``entity`` (every maker leading to the entity). A wider waiver waits, ``proposed``, for
a second reviewer. The approver is a user of the team with the reviewer role; the expiry is
required and at most SUPPLYSCREEN_WAIVER_MAX_DAYS away. Revoking a waiver or a false positive puts
back the decision of every item it cleared. Every action is stored and sealed in the audit log in
the same transaction (``audit.seal``: the rows it made or changed and the items' decisions).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyscreen import settings
from supplyscreen.model import Decision
from supplyscreen.service.screenings import NotFound, entity_ids, evidence_digest
from supplyscreen.store import audit
from supplyscreen.store import models as m

ACTIONS = ("confirm", "false_positive", "waive")
SCOPES = m.WAIVER_SCOPES
NARROW = SCOPES[0]
CONFIRM_OUTCOMES = (Decision.EXCLUDE.value, Decision.REVIEW.value, Decision.ALLOW.value)
"""What a reviewer may confirm an item as: still excluded, still to review (the finding stands,
with a fact to establish), or allowed (a review item whose lead was dispelled)."""
STATUSES = ("active", "proposed", "expired", "revoked")


class ReviewError(ValueError):
    """A review action that cannot be taken as asked (no reason, a past expiry, ...)."""


def queue(s: Session, team_id: int, limit: int = 200) -> list[tuple[m.ScreeningItem, m.Screening]]:
    """Items waiting for a reviewer, oldest first, from the team's complete screenings only."""
    q = (
        select(m.ScreeningItem, m.Screening)
        .join(m.Screening, m.ScreeningItem.screening_id == m.Screening.id)
        .where(m.Screening.team_id == team_id, m.Screening.status == m.COMPLETE,
               m.ScreeningItem.review_state == m.PENDING)
        .order_by(m.ScreeningItem.id)
        .limit(limit)
    )
    return [(i, sc) for i, sc in s.execute(q).all()]


def item(s: Session, team_id: int, item_id: int) -> m.ScreeningItem:
    it = s.get(m.ScreeningItem, item_id)
    if it is None or it.screening.team_id != team_id:
        raise NotFound(f"item {item_id}")
    return it


def reviewers(s: Session, team_id: int) -> list[str]:
    """The team's active users who may approve a waiver (the reviewer role or above)."""
    rows = s.scalars(select(m.User).where(m.User.team_id == team_id, m.User.active.is_(True)).order_by(m.User.username))
    return [u.username for u in rows if m.ROLES.index(u.role) >= m.ROLES.index("reviewer")]


def _reviewer(s: Session, team_id: int, name: str, what: str) -> str:
    name = (name or "").strip()
    if name not in reviewers(s, team_id):
        raise ReviewError(f"the {what} {name!r} is not an active user of this team with the reviewer role"
                          if name else f"a waiver needs an {what}: a user of this team with the reviewer role")
    return name


def max_days() -> int:
    return settings.load().waiver_max_days


def _expiry(expires: dt.date | None) -> dt.date:
    today, cap = dt.date.today(), max_days()
    if expires is None:
        raise ReviewError(f"a waiver needs an expiry date, at most {cap} days from today")
    if expires < today:
        raise ReviewError(f"the expiry {expires.isoformat()} is in the past")
    if expires > today + dt.timedelta(days=cap):
        raise ReviewError(f"the expiry {expires.isoformat()} is more than {cap} days away "
                          f"(latest {(today + dt.timedelta(days=cap)).isoformat()}; SUPPLYSCREEN_WAIVER_MAX_DAYS)")
    return expires


def _screened(it: m.ScreeningItem) -> tuple[str, str]:
    """(decision, review state) of an item as screened, before any review."""
    state = m.PENDING if it.decision == Decision.REVIEW.value else m.NO_REVIEW
    return it.decision, state


def _put_back(it: m.ScreeningItem, note: str) -> tuple[int, list[Any], list[Any]]:
    before = audit.item_state(it)
    it.final_decision, it.review_state = _screened(it)
    it.waiver_id = it.false_positive_id = None
    it.note = note
    return it.id, before, audit.item_state(it)


def act(
    s: Session,
    team_id: int,
    item_id: int,
    actor: str,
    action: str,
    reason: str,
    outcome: str = Decision.EXCLUDE.value,
    approver: str = "",
    expires: dt.date | None = None,
    scope: str = NARROW,
) -> m.ReviewAction:
    """Take one review action on an item of the team."""
    reason = (reason or "").strip()
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if not reason:
        raise ReviewError("a reason is required: every review action says why")
    it = item(s, team_id, item_id)
    if it.decision not in (Decision.EXCLUDE.value, Decision.REVIEW.value):
        raise ReviewError(f"item {item_id} was decided {it.decision}: nothing to review")
    doc = it.doc()
    detail: dict[str, Any] = {}
    rows: list[Any] = []
    changed: list[tuple[int, list[Any], list[Any]]] = []
    before = audit.item_state(it)
    if action == "confirm":
        if outcome not in CONFIRM_OUTCOMES:
            raise ReviewError(f"a confirmed item is one of {', '.join(CONFIRM_OUTCOMES)}")
        if it.waiver_id is not None:
            raise ReviewError(f"item {item_id} is cleared by waiver #{it.waiver_id}: revoke the waiver (it may clear "
                              "other items too) to confirm the finding")
        if it.false_positive_id is not None and outcome != Decision.ALLOW.value:
            # Confirming the finding on a copy the memory cleared undoes the memory everywhere.
            fp = s.get_one(m.FalsePositive, it.false_positive_id)
            changed += _revoke_fp(s, fp, actor, reason)
            rows.append(fp)
            detail["false_positive_revoked"] = fp.id
            before = audit.item_state(it)  # put back by the revocation; this action starts from there
        it.review_state, it.final_decision, it.false_positive_id = m.CONFIRMED, outcome, None
        it.note = f"Confirmed {outcome} by {actor}: {reason}"
    elif action == "false_positive":
        if not it.fp_key:
            raise ReviewError("the item has no match to call a false positive")
        found = s.scalar(select(m.FalsePositive).where(m.FalsePositive.team_id == team_id,
                                                       m.FalsePositive.key == it.fp_key))
        if found is None:
            fp = m.FalsePositive(team_id=team_id, key=it.fp_key, maker=it.maker,
                                 entity_ids=json.dumps(entity_ids(doc)), evidence_digest=evidence_digest(doc),
                                 actor=actor, reason=reason, item_id=it.id, status=m.ACTIVE)
            s.add(fp)
        else:
            fp = found
        if fp.status != m.ACTIVE:  # remembered again after a revocation
            fp.status, fp.actor, fp.reason, fp.item_id = m.ACTIVE, actor, reason, it.id
            fp.revoked_by, fp.revoked_at, fp.revoked_reason = "", None, ""
        s.flush()
        outcome = Decision.ALLOW.value
        it.review_state, it.final_decision, it.false_positive_id, it.waiver_id = m.FALSE_POSITIVE, outcome, fp.id, None
        it.note = f"False positive ({actor}): {reason}"
        rows.append(fp)
        detail = {"false_positive": fp.id, "key": fp.key, "maker": fp.maker}
    else:
        w = _waiver(s, it, doc, actor, reason, approver, expires, scope)
        rows.append(w)
        if w.status == m.ACTIVE:
            outcome = Decision.ALLOW.value
            it.review_state, it.final_decision, it.waiver_id = m.WAIVED, outcome, w.id
            it.note = _waiver_note(w)
        else:
            outcome = it.final_decision
            it.note = (f"Waiver #{w.id} ({w.scope} scope) proposed by {actor}: it applies once a second reviewer "
                       "approves it")
        detail = {"waiver": w.id, "scope": w.scope, "status": w.status}
    ra = m.ReviewAction(team_id=team_id, item_id=it.id, actor=actor, action=action, outcome=outcome, reason=reason)
    s.add(ra)
    s.flush()
    if audit.item_state(it) != before or action == "confirm":
        changed.append((it.id, before, audit.item_state(it)))
    audit.seal(s, actor, f"review.{action}", f"item:{it.id}", team_id, rows=[ra, *rows], items=changed,
               item=it.id, screening=it.screening_id, ref=it.ref, decision=it.decision, outcome=outcome,
               reason=reason, **detail)
    return ra


def _waiver(s: Session, it: m.ScreeningItem, doc: dict[str, Any], actor: str, reason: str, approver: str,
            expires: dt.date | None, scope: str) -> m.Waiver:
    if scope not in SCOPES:
        raise ReviewError(f"a waiver's scope is one of {', '.join(SCOPES)} (narrowest first)")
    team_id = it.screening.team_id
    approver = _reviewer(s, team_id, approver, "approver")
    until = _expiry(expires)
    ids = [d["entity"]["id"] for fm in doc["matches"] for d in fm["designated"]] or entity_ids(doc)
    if not ids:
        raise ReviewError("the item has no matched entity to waive")
    if scope != "entity" and not it.maker:
        raise ReviewError("the item names no maker: only a waiver of the whole entity could cover it, and that "
                          "scope needs a second reviewer")
    w = m.Waiver(team_id=team_id, entity_id=ids[0], maker=it.maker if scope != "entity" else "",
                 model=it.model if scope in ("part", "model") else "", product=it.product if scope == "part" else "",
                 policy=it.screening.policy, scope=scope, justification=reason, approver=approver, granted_by=actor,
                 expires=until, status=m.ACTIVE if scope == NARROW else m.PROPOSED, item_id=it.id)
    s.add(w)
    s.flush()
    return w


def _waiver_note(w: m.Waiver) -> str:
    return (f"Waiver #{w.id} ({w.scope} scope) approved by {w.approved_by or w.approver} until "
            f"{w.expires.isoformat()}: {w.justification}")


def history(s: Session, team_id: int, item_id: int) -> list[m.ReviewAction]:
    item(s, team_id, item_id)
    return list(s.scalars(select(m.ReviewAction).where(m.ReviewAction.item_id == item_id).order_by(m.ReviewAction.id)))


# -- waivers ------------------------------------------------------------------------------------


def state(w: m.Waiver, day: dt.date | None = None) -> str:
    """``active``, ``proposed``, ``expired`` or ``revoked``."""
    if w.status == m.ACTIVE and w.expires < (day or dt.date.today()):
        return "expired"
    return w.status


def waivers(s: Session, team_id: int, status: str | None = None, entity: str | None = None,
            maker: str | None = None) -> list[m.Waiver]:
    """The team's waivers, oldest first, filtered by state (``STATUSES``), entity id or maker."""
    q = select(m.Waiver).where(m.Waiver.team_id == team_id).order_by(m.Waiver.id)
    if entity:
        q = q.where(m.Waiver.entity_id == entity)
    if maker:
        q = q.where(m.Waiver.maker.contains(maker.strip().casefold()))
    rows = list(s.scalars(q))
    return [w for w in rows if status is None or state(w) == status]


def waiver(s: Session, team_id: int, waiver_id: int) -> m.Waiver:
    w = s.get(m.Waiver, waiver_id)
    if w is None or w.team_id != team_id:
        raise NotFound(f"waiver {waiver_id}")
    return w


def _cleared(s: Session, team_id: int, column: Any, row_id: int) -> list[m.ScreeningItem]:
    return list(s.scalars(select(m.ScreeningItem).join(m.Screening)
                          .where(m.Screening.team_id == team_id, column == row_id).order_by(m.ScreeningItem.id)))


def cleared_by_waiver(s: Session, team_id: int, waiver_id: int) -> list[m.ScreeningItem]:
    """The items the waiver clears now."""
    waiver(s, team_id, waiver_id)
    return _cleared(s, team_id, m.ScreeningItem.waiver_id, waiver_id)


def approve_waiver(s: Session, team_id: int, waiver_id: int, actor: str) -> m.Waiver:
    """A second reviewer approves a proposed waiver of a wider scope; it then clears the item it was
    proposed on and applies to later screenings."""
    w = waiver(s, team_id, waiver_id)
    if w.status != m.PROPOSED:
        raise ReviewError(f"waiver {waiver_id} is {state(w)}, not awaiting approval")
    _reviewer(s, team_id, actor, "second reviewer")
    if actor == w.granted_by:
        raise ReviewError(f"waiver {waiver_id} was proposed by {actor}: a waiver of the {w.scope} scope needs a "
                          "second reviewer")
    w.status, w.approved_by, w.approved = m.ACTIVE, actor, m.utcnow()
    changed = []
    it = s.get(m.ScreeningItem, w.item_id) if w.item_id else None
    if it is not None and it.waiver_id is None and it.false_positive_id is None and it.review_state != m.CONFIRMED:
        before = audit.item_state(it)
        it.review_state, it.final_decision, it.waiver_id = m.WAIVED, Decision.ALLOW.value, w.id
        it.note = _waiver_note(w)
        changed.append((it.id, before, audit.item_state(it)))
    audit.seal(s, actor, "waiver.approved", f"waiver:{w.id}", team_id, rows=[w], items=changed, waiver=w.id)
    return w


def revoke_waiver(s: Session, team_id: int, waiver_id: int, actor: str, reason: str) -> m.Waiver:
    """Revoke one of the team's waivers: the items it cleared go back to their screened decision."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("a revocation says why")
    w = waiver(s, team_id, waiver_id)
    if w.status == m.REVOKED:
        raise ReviewError(f"waiver {waiver_id} was revoked already")
    w.status, w.revoked_by, w.revoked_at, w.revoked_reason = m.REVOKED, actor, m.utcnow(), reason
    changed = [_put_back(it, f"Waiver #{w.id} revoked by {actor}: {reason}")
               for it in _cleared(s, team_id, m.ScreeningItem.waiver_id, w.id)]
    audit.seal(s, actor, "waiver.revoked", f"waiver:{w.id}", team_id, rows=[w], items=changed, waiver=w.id,
               reason=reason)
    return w


# -- false positives ----------------------------------------------------------------------------


def false_positives(s: Session, team_id: int, status: str | None = None) -> list[m.FalsePositive]:
    q = select(m.FalsePositive).where(m.FalsePositive.team_id == team_id).order_by(m.FalsePositive.id)
    if status:
        q = q.where(m.FalsePositive.status == status)
    return list(s.scalars(q))


def false_positive(s: Session, team_id: int, fp_id: int) -> m.FalsePositive:
    fp = s.get(m.FalsePositive, fp_id)
    if fp is None or fp.team_id != team_id:
        raise NotFound(f"false positive {fp_id}")
    return fp


def cleared_by_false_positive(s: Session, team_id: int, fp_id: int) -> list[m.ScreeningItem]:
    false_positive(s, team_id, fp_id)
    return _cleared(s, team_id, m.ScreeningItem.false_positive_id, fp_id)


def _revoke_fp(s: Session, fp: m.FalsePositive, actor: str, reason: str) -> list[tuple[int, list[Any], list[Any]]]:
    if fp.status == m.REVOKED:
        raise ReviewError(f"false positive {fp.id} was revoked already")
    fp.status, fp.revoked_by, fp.revoked_at, fp.revoked_reason = m.REVOKED, actor, m.utcnow(), reason
    return [_put_back(it, f"False positive #{fp.id} undone by {actor}: {reason}")
            for it in _cleared(s, fp.team_id, m.ScreeningItem.false_positive_id, fp.id)]


def revoke_false_positive(s: Session, team_id: int, fp_id: int, actor: str, reason: str) -> m.FalsePositive:
    """Undo a remembered false positive: later screenings raise the item again, and the items it
    cleared go back to their screened decision."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("a revocation says why")
    fp = false_positive(s, team_id, fp_id)
    changed = _revoke_fp(s, fp, actor, reason)
    audit.seal(s, actor, "false_positive.revoked", f"false_positive:{fp.id}", team_id, rows=[fp], items=changed,
               false_positive=fp.id, reason=reason)
    return fp
