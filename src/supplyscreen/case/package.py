"""The consultation package for the central body: a JSON bundle, the same content as one
self-contained printable HTML page, and a PDF printed from that page by headless Chromium.

The bundle is built from one :class:`~supplyscreen.case.model.CaseRecord` and its comparison, so
it holds this case and nothing else: no other case, bid or team is read to make it. The HTML page
is rendered from the bundle (never from the store), names the bundle's SHA-256, loads nothing from
anywhere (a Content-Security-Policy forbids it) and has no scripts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from supplyscreen.case import classify
from supplyscreen.case.labels import Labels, check_lang
from supplyscreen.case.model import (
    BidScreening,
    BidView,
    CaseRecord,
    Comparison,
    Finding,
    Text,
)
from supplyscreen.errors import SupplyscreenError

FORMAT = "supplyscreen-case-package"
FORMAT_VERSION = 1
# Allowed items are listed by name up to this many per file in the HTML page (all are in the JSON):
# the page is printed, and a 50,000-part BOM's allowed parts would be a thousand pages of nothing.
MAX_ALLOWED_SHOWN = 300
# Chromium printed the four-bid test package in 1 to 3.5 s (cold start included) on a shared
# two-core machine; two minutes means "stuck", not "slow".
PDF_TIMEOUT_SECONDS = 120
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PackageError(SupplyscreenError):
    """The package (its PDF, usually) could not be made; the message says what to install or do."""


def _iso(v: dt.datetime | dt.date | None) -> str | None:
    return v.isoformat() if v is not None else None


def _t(text: Text) -> dict[str, str]:
    return text.as_dict()


def _finding(f: Finding) -> dict[str, Any]:
    from supplyscreen.case import reasons

    own = [fm for fm in f.doc.get("matches", ()) if not str(fm.get("field", "")).startswith("part:")]
    return {
        "reason_text": _t(reasons.reason(f.doc, f.final, f.path[-1] if f.path else f.ref)),
        "evidence_text": {lang: [line for fm in own for line in reasons.evidence(fm, lang)] for lang in ("en", "ja")},
        "citations": [_t(reasons.citation(r)) for r in f.doc.get("rules", ())],
        "policies": list(f.policies), "role": f.role, "file": f.file_name, "ref": f.ref, "path": list(f.path),
        "depth": f.depth, "decision": f.decision, "final": f.final, "review_state": f.review_state,
        "review_note": f.note, "reason": f.reason,
        # The item's own evidence; what an assembly carries from a part is the part's own finding.
        "matches": [fm for fm in f.doc.get("matches", ()) if not str(fm.get("field", "")).startswith("part:")],
        "rules": list(f.doc.get("rules", ())),
    }


def _file(b: BidScreening) -> dict[str, Any]:
    return {
        "role": b.role, "version": b.version, "policy": b.policy, "file": b.file_name, "screening": b.screening_id,
        "status": b.status, "error": b.error, "decision": b.decision, "counts": dict(b.counts), "note": b.note,
        "previous_file": b.previous_file,
        "changes": [{"ref": c.ref, "before": c.before, "after": c.after} for c in b.changes],
        "items": [{"ref": i.ref, "path": list(i.doc.get("path", ())), "decision": i.decision, "final": i.final,
                   "review_state": i.review_state, "reason": i.doc.get("reason", "")} for i in b.items],
    }


def _bid(v: BidView) -> dict[str, Any]:
    from supplyscreen.case import representations as reps

    b = v.bid
    return {
        "id": b.id, "bidder": b.bidder, "added": _iso(b.added), "added_by": b.added_by, "version": b.version,
        "versions": [{"version": x.version, "at": _iso(x.at), "by": x.by, "reason": x.reason,
                      "files": [{"role": r, "file": n, "sha256": h} for r, n, h in x.files],
                      "changes": [{"role": c.role, "ref": c.ref, "name": c.name, "maker": c.maker, "model": c.model,
                                   "before": c.before, "after": c.after, "reason": _t(c.reason)} for c in x.changes]}
                     for x in b.versions],
        "items": [{"role": i.role, "ref": i.ref, "name": i.name, "path": list(i.path), "maker": i.maker,
                   "model": i.model, "country": i.country, "decision": i.decision, "final": i.final,
                   "review_state": i.review_state, "note": i.note, "declared": i.declared, "reason": _t(i.reason)}
                  for i in b.items],
        "decision": v.decision, "risk": v.risk, "by_policy": dict(v.by_policy), "counts": dict(v.counts),
        "errors": list(v.errors),
        "files": [_file(x) for x in b.screenings],
        "representations": reps.to_doc(b.representations),
        "representation_checks": [{"clause": r.clause, "status": r.status, "text": _t(r.text), "refs": list(r.refs)}
                                  for r in v.representations],
        "factors": [{"id": f.id, "level": f.level, "title": _t(f.title), "explanation": _t(f.explanation),
                     "why": _t(f.why)} for f in v.factors],
        "findings": [_finding(f) for f in v.findings],
        "unknown_makers": [{"role": u.role, "file": u.file_name, "ref": u.ref, "path": list(u.path), "kind": u.kind,
                            "reason": u.reason, "question": _t(u.question), "asked": u.asked, "answered": u.answered}
                           for u in v.unknown_makers],
    }


def _override(o: Any) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"id": o.id, "bid": o.bid_id, "bid_version": o.bid_version, "blocked": o.blocked, "reason": o.reason,
            "justification": o.justification, "requested_by": o.requested_by, "requested": _iso(o.requested),
            "confirmed_by": o.confirmed_by, "confirmed": _iso(o.confirmed)}


DEFAULT_MARKING = "取扱注意"
"""The handling marking printed on every page unless the agency gives its own (``--marking``)."""


def bundle(record: CaseRecord, comparison: Comparison, lang: str, generated_by: str,
           generated: dt.datetime, marking: str = "") -> dict[str, Any]:
    """The JSON bundle: the case, the classification answers, each bid's screening and evidence,
    the questions raised and their answers, replies and decisions so far, and the case's audit trail."""
    check_lang(lang)
    info, cls = record.info, record.info.classification
    qs = {q.id: q for q in classify.questions()}
    cats = classify.categories()
    answers = []
    # In the questionnaire's order (the stored answers are sorted by id).
    order = [*(q for q in qs if q in cls.answers), *(q for q in cls.answers if q not in qs)]
    for qid in order:
        a, spec = cls.answers[qid], qs.get(qid)
        label: Text = Text(a, {"yes": "はい", "no": "いいえ"}.get(a, a))
        if spec is not None and spec.kind == "choice":
            label = next((c.label for c in spec.choices if c.id == a), label)
        answers.append({"id": qid, "question": _t(spec.text) if spec else {"en": qid, "ja": qid}, "answer": a,
                        "answer_label": _t(label)})
    cited = sorted({s for r in cls.reasons for s in r.sources})
    known = classify.sources()
    pin = record.designations
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "lang": lang, "marking": marking.strip() or DEFAULT_MARKING,
        "generated": generated.isoformat(timespec="seconds"), "generated_by": generated_by,
        "lists": {
            "designations": {"sha256": pin.sha256, "lists": [{"id": k, "name": v} for k, v in pin.lists.items()],
                             "files": [{"name": n, "sha256": h} for n, h in pin.files], "pinned_by": pin.pinned_by,
                             "pinned": _iso(pin.pinned), "reason": pin.reason} if pin else None,
            "registry": dict(record.registry),
            "policies": [dict(x) for x in record.policies],
        },
        "addressed_to": _t(classify.consultation_body(generated.date())),
        "case": {
            "id": info.id, "agency": info.agency, "title": info.title, "description": info.description,
            "budget": info.budget, "currency": info.currency, "deadline": _iso(info.deadline), "status": info.status,
            "opened": _iso(info.opened), "opened_by": info.opened_by,
        },
        "classification": {
            "on": cls.on.isoformat(), "answers": answers, "bound": cls.bound,
            "categories": [{"id": c, "label": _t(cats[c]) if c in cats else {"en": c, "ja": c}} for c in cls.categories],
            "review_required": cls.review_required, "packs": list(cls.packs),
            "representations_required": cls.representations,
            "reasons": [{"text": _t(r.text), "sources": list(r.sources)} for r in cls.reasons],
        },
        "sources": {s: known[s] for s in cited if s in known},
        "bids": [_bid(v) for v in comparison.bids],
        "questions": [{"id": q.id, "bid": q.bid_id, "bidder": q.bidder, "item": q.item_ref, "kind": q.kind,
                       "text": q.text, "asked_by": q.asked_by, "asked": _iso(q.asked), "answer": q.answer,
                       "answered_by": q.answered_by, "answered": _iso(q.answered)} for q in record.questions],
        "consultations": [{"id": c.id, "body": c.body, "json_sha256": c.json_sha256, "lang": c.lang,
                           "prepared": _iso(c.prepared), "prepared_by": c.prepared_by, "purpose": c.purpose,
                           "bids": {str(k): v for k, v in c.bids.items()}, "awaiting": c.awaiting,
                           "replies": [{"id": r.id, "bid": r.bid_id, "bid_version": r.bid_version, "outcome": r.outcome,
                                        "reply": r.reply, "reply_on": _iso(r.reply_on), "recorded_by": r.recorded_by,
                                        "recorded": _iso(r.recorded)} for r in c.replies],
                           "reply_outcome": c.reply_outcome, "reply": c.reply, "reply_on": _iso(c.reply_on),
                           "recorded_by": c.recorded_by, "recorded": _iso(c.recorded)} for c in record.consultations],
        "decisions": [{"id": d.id, "outcome": d.outcome, "bid": d.bid_id, "bidder": d.bidder, "reason": d.reason,
                       "decided_by": d.decided_by, "at": _iso(d.at), "override": _override(d.override)}
                      for d in record.decisions],
        "overrides": [_override(o) for o in record.overrides],
        "audit_trail": [dict(r) for r in record.trail],
    }


def dumps(doc: dict[str, Any]) -> bytes:
    """The bundle's bytes: UTF-8 JSON, sorted keys, so the digest of the same content is the same."""
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _environment() -> Any:
    import jinja2  # the service extra; only packages need it

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("supplyscreen.case") / "templates")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    return env


def render_html(doc: dict[str, Any], json_sha256: str) -> str:
    """The package as one self-contained, printable HTML page in the bundle's language."""
    lang = doc["lang"]
    L = Labels(lang)

    def tr(value: Any) -> str:
        if isinstance(value, dict) and "en" in value:
            return str(value.get(lang) or value["en"])
        return str(value)

    def money(amount: int | None, currency: str) -> str:
        return f"{amount:,} {currency}" if amount is not None else L("none")

    return str(_environment().get_template("package.html").render(
        doc=doc, L=L, tr=tr, money=money, sha=json_sha256, max_allowed=MAX_ALLOWED_SHOWN,
        when=lambda v: when(v, lang),
        decision_colours={"exclude": "#b3261e", "review": "#a15c00", "unknown": "#6b4fa0", "allow": "#2e7d32"},
        level_colours={"blocking": "#b3261e", "high": "#c2410c", "medium": "#a15c00", "low": "#4b5563",
                       "none": "#2e7d32"},
    ))


JST = ZoneInfo("Asia/Tokyo")


def when(value: str | None, lang: str) -> str:
    """A stored time (ISO 8601, UTC) or date as a person reads it: in Japanese, Japan time with the
    era-free calendar date (2026年12月6日 20:41 JST); in English, UTC."""
    if not value:
        return "—"
    try:
        t = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if len(str(value)) <= 10:  # a date
        return f"{t.year}年{t.month}月{t.day}日" if lang == "ja" else t.date().isoformat()
    t = t if t.tzinfo else t.replace(tzinfo=dt.UTC)
    if lang == "ja":
        j = t.astimezone(JST)
        return f"{j.year}年{j.month}月{j.day}日 {j:%H:%M} JST"
    return f"{t.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


def chromium() -> str | None:
    """A headless-capable Chromium or Chrome on PATH (or Debian's /usr/bin/chromium), or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def write_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (A4, no header or footer)."""
    exe = chromium()
    if exe is None:
        raise PackageError("a PDF needs headless Chromium, which is not installed (Debian: apt-get install "
                           "chromium); the HTML file holds the same content and prints from any browser")
    with tempfile.TemporaryDirectory(prefix="supplyscreen-chromium-") as profile:
        cmd = [exe, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path.resolve()}", html_path.resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium refuses to start as root inside its sandbox. The page it prints is our own,
            # has no scripts, and its Content-Security-Policy forbids loading anything.
            cmd.insert(1, "--no-sandbox")
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=PDF_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PackageError(f"Chromium did not print the PDF within {PDF_TIMEOUT_SECONDS} s") from None
    if done.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise PackageError(f"Chromium could not print the PDF (exit {done.returncode}): {' | '.join(tail)}")
