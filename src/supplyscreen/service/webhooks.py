"""A team's webhooks: each re-screen alert POSTed as JSON to the endpoints the team configured.

The body is signed with the webhook's secret: ``X-Supplyscreen-Signature-256: sha256=<hex>``, the
HMAC-SHA256 of the body's bytes (the scheme GitHub's webhooks use, so receivers' code for it
applies); the receiver recomputes it and compares in constant time. The body names its delivery
(``X-Supplyscreen-Delivery``) so a receiver that gets one twice (a retry after a lost answer) can
tell. It carries ``text`` (a line Slack, Mattermost, Teams and Rocket.Chat incoming webhooks show
as is) and the alert's details for a ticketing tool's automation.

A delivery is a job (``service/jobs.py``): a failure (no answer, or not 2xx) is tried again after
the queue's backoff, up to ``ATTEMPTS``; every attempt is a row of the delivery log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyscreen.service import jobs
from supplyscreen.service.errors import Invalid
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

# Tries per delivery: with the queue's backoff (10 s, 1 min, 5 min, 30 min) a receiver may be down
# for over half an hour before a delivery is given up.
ATTEMPTS = 5
# A receiver that has not answered in this time is counted as down for this attempt.
TIMEOUT_SECONDS = 10
# Changed items listed in a delivery's body: enough to act on from a chat message; the rest is a
# link away (the alert's page and API).
ITEMS_IN_BODY = 20
SIGNATURE_HEADER = "X-Supplyscreen-Signature-256"


class DeliveryFailed(RuntimeError):
    """The receiver did not take the delivery (no answer, or a status other than 2xx)."""


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header)


def create(store: Store, team_id: int, url: str, actor: str) -> tuple[int, str]:
    """Add a webhook for the team's alerts; returns its id and its secret (shown once to the admin)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"{url!r}: a webhook needs an http:// or https:// URL")
    secret = secrets.token_hex(32)
    with store.writing() as s:
        hook = m.Webhook(team_id=team_id, url=url.strip(), secret=secret, active=True, created_by=actor)
        s.add(hook)
        s.flush()
        audit.append(s, actor, "webhook.created", f"webhook:{hook.id}", {"webhook": hook.id, "url": hook.url}, team_id)
        return hook.id, secret


def deactivate(store: Store, team_id: int, hook_id: int, actor: str) -> None:
    from supplyscreen.service.screenings import NotFound

    with store.writing() as s:
        hook = s.get(m.Webhook, hook_id)
        if hook is None or hook.team_id != team_id:
            raise NotFound(f"webhook {hook_id}")
        hook.active = False
        audit.append(s, actor, "webhook.deactivated", f"webhook:{hook.id}", {"webhook": hook.id}, team_id)


def listed(s: Session, team_id: int) -> list[dict[str, Any]]:
    """The team's webhooks (never their secrets) with their latest deliveries."""
    out = []
    for h in s.scalars(select(m.Webhook).where(m.Webhook.team_id == team_id).order_by(m.Webhook.id)):
        log = s.scalars(select(m.WebhookDelivery).where(m.WebhookDelivery.webhook_id == h.id)
                        .order_by(m.WebhookDelivery.id.desc()).limit(20))
        out.append({"id": h.id, "url": h.url, "active": h.active, "created_by": h.created_by, "created": h.created,
                    "deliveries": [delivery_doc(d) for d in log]})
    return out


def delivery_doc(d: m.WebhookDelivery) -> dict[str, Any]:
    return {"id": d.id, "alert": d.alert_id, "attempt": d.attempt, "at": d.at, "ok": d.ok,
            "status_code": d.status_code, "error": d.error, "seconds": d.seconds, "next_try": d.next_try}


def enqueue_for_alert(s: Session, alert: m.RescreenAlert) -> int:
    """Queue the alert's delivery to each of its team's active webhooks (in the caller's transaction)."""
    hooks = list(s.scalars(select(m.Webhook).where(m.Webhook.team_id == alert.team_id, m.Webhook.active)))
    for h in hooks:
        jobs.enqueue(s, "webhook", {"webhook": h.id, "alert": alert.id}, team_id=alert.team_id, max_attempts=ATTEMPTS)
    return len(hooks)


def body(s: Session, alert: m.RescreenAlert, webhook_id: int) -> dict[str, Any]:
    """The delivery's JSON: a line for a chat tool, the details for a ticketing tool."""
    run = s.get_one(m.RescreenRun, alert.run_id)
    team = s.get_one(m.Team, alert.team_id)
    rows = list(s.scalars(select(m.RescreenChange).where(m.RescreenChange.run_id == alert.run_id,
                                                         m.RescreenChange.team_id == alert.team_id)
                          .order_by(m.RescreenChange.screening_id, m.RescreenChange.seq).limit(ITEMS_IN_BODY)))
    summary = json.loads(alert.summary)
    counts = "; ".join(f"{k}: {v}" for k, v in summary.items())
    text = (f"supplyscreen: a re-screen ({run.reason}) changed {alert.changed} stored decision(s) of team "
            f"{team.name} in {alert.screenings} screening(s) — {counts}.")
    return {
        "event": "rescreen.alert", "delivery": f"{alert.id}-{webhook_id}", "text": text,
        "title": f"{alert.changed} decision(s) changed after a re-screen", "team": team.name,
        "alert": {"id": alert.id, "run": alert.run_id, "reason": run.reason, "changed": alert.changed,
                  "screenings": alert.screenings, "summary": summary, "created": alert.created.isoformat()},
        "links": {"page": f"/alerts/{alert.id}", "api": f"/api/v1/alerts/{alert.id}"},
        "items": [{"screening": r.screening_id, "ref": r.ref, "was": r.was_final or r.was_decision,
                   "now": r.now_final or r.now_decision, "was_reason": r.was_reason, "now_reason": r.now_reason}
                  for r in rows],
        "items_shown": len(rows),
    }


def post(url: str, secret: str, doc: dict[str, Any], delivery: str) -> int:
    """POST the signed body; returns the HTTP status (raises DeliveryFailed unless 2xx)."""
    data = json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "supplyscreen-webhook",
        "X-Supplyscreen-Event": "rescreen.alert", "X-Supplyscreen-Delivery": delivery,
        SIGNATURE_HEADER: sign(secret, data)})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # http(s) only: checked at creation
            return int(resp.status)
    except urllib.error.HTTPError as e:
        raise DeliveryFailed(f"HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        raise DeliveryFailed(f"no answer: {getattr(e, 'reason', e)}") from None


def run_delivery(store: Store, c: jobs.Claim) -> None:
    """A delivery job: one attempt, logged; done on a 2xx answer, else raised for the queue to retry."""
    hook_id, alert_id = int(c.payload["webhook"]), int(c.payload["alert"])
    with store.session() as s:
        hook = s.get(m.Webhook, hook_id)
        alert = s.get(m.RescreenAlert, alert_id)
        if hook is None or alert is None or not hook.active:
            url = secret = ""
        else:
            url, secret, doc = hook.url, hook.secret, body(s, alert, hook_id)
    t0 = time.perf_counter()
    code, error = None, ""
    if url:
        try:
            code = post(url, secret, doc, f"{alert_id}-{hook_id}")
        except DeliveryFailed as e:
            error = str(e)
            code = int(error[5:]) if error.startswith("HTTP ") else None
    took = round(time.perf_counter() - t0, 3)
    ok = bool(url) and not error
    with store.writing() as s:
        if not url:  # the webhook was removed or turned off since: nothing to deliver
            jobs.complete(s, c, {"skipped": "webhook inactive"})
            return
        last = c.attempt >= ATTEMPTS
        wait = jobs.BACKOFF_SECONDS[min(c.attempt - 1, len(jobs.BACKOFF_SECONDS) - 1)]
        s.add(m.WebhookDelivery(webhook_id=hook_id, alert_id=alert_id, job_id=c.id, attempt=c.attempt, ok=ok,
                                status_code=code, error=error, seconds=took,
                                next_try=None if ok or last else m.utcnow() + _seconds(wait)))
        if ok:
            jobs.complete(s, c, {"status_code": code})
    if not ok:
        raise DeliveryFailed(f"{url}: {error}")


def _seconds(n: float) -> Any:
    import datetime as dt

    return dt.timedelta(seconds=n)
