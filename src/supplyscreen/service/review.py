"""The review workflow: the queue, and a reviewer's confirm / false positive / waiver.

Every action names who, when and why, is stored as a ``ReviewAction`` and appended to the audit
log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyscreen.model import Decision
from supplyscreen.service.screenings import NotFound, entity_ids, evidence_digest
from supplyscreen.store import audit
from supplyscreen.store import models as m

ACTIONS = ("confirm", "false_positive", "waive")


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
    scope: str = "entity",
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
    if action == "confirm":
        if outcome not in (Decision.EXCLUDE.value, Decision.ALLOW.value):
            raise ReviewError("a confirmed item is either exclude or allow")
        it.review_state, it.final_decision = m.CONFIRMED, outcome
        it.note = f"Confirmed {outcome} by {actor}: {reason}"
    elif action == "false_positive":
        if not it.fp_key:
            raise ReviewError("the item has no match to call a false positive")
        fp = s.scalar(select(m.FalsePositive).where(m.FalsePositive.team_id == team_id,
                                                    m.FalsePositive.key == it.fp_key))
        if fp is None:
            fp = m.FalsePositive(team_id=team_id, key=it.fp_key, maker=it.maker,
                                 entity_ids=json.dumps(entity_ids(doc)), evidence_digest=evidence_digest(doc),
                                 actor=actor, reason=reason, item_id=it.id)
            s.add(fp)
            s.flush()
        outcome = Decision.ALLOW.value
        it.review_state, it.final_decision = m.FALSE_POSITIVE, outcome
        it.note = f"False positive ({actor}): {reason}"
        detail = {"false_positive": fp.id, "key": fp.key, "maker": fp.maker}
    else:
        if not approver.strip():
            raise ReviewError("a waiver needs an approver")
        if expires is None or expires < dt.date.today():
            raise ReviewError("a waiver needs an expiry date that is not in the past")
        ids = [d["entity"]["id"] for fm in doc["matches"] for d in fm["designated"]] or entity_ids(doc)
        if not ids:
            raise ReviewError("the item has no matched entity to waive")
        if scope not in ("entity", "maker"):
            raise ReviewError("a waiver's scope is 'entity' (every maker leading to it) or 'maker'")
        w = m.Waiver(team_id=team_id, entity_id=ids[0], maker=it.maker if scope == "maker" else "",
                     policy=it.screening.policy,
                     scope=f"{scope}: {ids[0]}" + (f" made by '{it.maker}'" if scope == "maker" else ""),
                     justification=reason, approver=approver.strip(), granted_by=actor, expires=expires)
        s.add(w)
        s.flush()
        outcome = Decision.ALLOW.value
        it.review_state, it.final_decision = m.WAIVED, outcome
        it.note = f"Waiver #{w.id} approved by {w.approver} until {expires.isoformat()}: {reason}"
        detail = {"waiver": w.id, "entity": w.entity_id, "maker": w.maker, "expires": expires.isoformat(),
                  "approver": w.approver}
    ra = m.ReviewAction(team_id=team_id, item_id=it.id, actor=actor, action=action, outcome=outcome, reason=reason)
    s.add(ra)
    s.flush()
    audit.append(s, actor, f"review.{action}", f"item:{it.id}", {
        "item": it.id, "screening": it.screening_id, "ref": it.ref, "decision": it.decision,
        "outcome": outcome, "reason": reason, **detail,
    }, team_id)
    return ra


def history(s: Session, team_id: int, item_id: int) -> list[m.ReviewAction]:
    item(s, team_id, item_id)
    return list(s.scalars(select(m.ReviewAction).where(m.ReviewAction.item_id == item_id).order_by(m.ReviewAction.id)))


def waivers(s: Session, team_id: int) -> list[m.Waiver]:
    """The team's waivers, oldest first; expired or revoked ones are listed but no longer apply."""
    return list(s.scalars(select(m.Waiver).where(m.Waiver.team_id == team_id).order_by(m.Waiver.id)))


def revoke_waiver(s: Session, team_id: int, waiver_id: int, actor: str, reason: str) -> m.Waiver:
    """Revoke one of the team's waivers, with the reason in the audit log."""
    w = s.get(m.Waiver, waiver_id)
    if w is None or w.team_id != team_id:
        raise NotFound(f"waiver {waiver_id}")
    w.revoked = True
    audit.append(s, actor, "waiver.revoked", f"waiver:{w.id}", {"waiver": w.id, "reason": reason}, team_id)
    return w
