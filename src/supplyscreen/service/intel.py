"""A team's news articles, the restriction events worked out from them, and alerts on the team's
screened items.

Events are derived data: all of a team's articles are read together (so that reports of one
measure by several outlets are one event, ``intel.cluster``) and the team's event rows replaced
in one transaction whenever an article is added or removed. An event's key stays the same while
its first article does. Alerts are worked out when asked, against the items of the team's complete
screenings, through the registry's relations (``intel.alerts``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from supplyscreen.intel.model import Alert, Event, Measure, Source, Status, Target
from supplyscreen.service import screenings
from supplyscreen.service.uploads import safe_file_name
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

# Articles a team keeps. Every change reads all of them again (about 20 ms an article on the
# 2-core development machine: 300 articles are a 6 s request); past it, old ones are deleted first.
MAX_TEAM_ARTICLES = 300
# Files per submission, for the same reason.
MAX_FILES = 50
# Largest article file: the reader's own limit (intel.load.MAX_BYTES, 5 MB).
ARTICLE_LIMIT = 5_000_000
# Times a change re-reads the articles when another change committed meanwhile.
RETRIES = 3


class IntelError(ValueError):
    """A submission that cannot be taken (too many articles)."""


@dataclass(frozen=True, slots=True)
class Upload:
    file_name: str
    data: bytes


def add_articles(store: Store, team_id: int, actor: str, files: Sequence[Upload]) -> tuple[list[int], int]:
    """Store new articles (a file already stored is skipped) and work the team's events out again.
    Returns the ids of the added articles and how many were already there."""
    if len(files) > MAX_FILES:
        raise IntelError(f"{len(files)} files in one submission; at most {MAX_FILES}")
    added, dupes = [], 0
    with store.session() as s:
        have = s.scalar(select(func.count()).select_from(m.IntelArticle).where(m.IntelArticle.team_id == team_id)) or 0
        known = set(s.scalars(select(m.IntelArticle.digest).where(m.IntelArticle.team_id == team_id)))
        rows = []
        for f in files:
            digest = hashlib.sha256(f.data).hexdigest()
            if digest in known:
                dupes += 1
                continue
            known.add(digest)
            rows.append(m.IntelArticle(team_id=team_id, file_name=safe_file_name(f.file_name),
                                       digest=digest, body=f.data, submitted_by=actor))
        if have + len(rows) > MAX_TEAM_ARTICLES:
            raise IntelError(f"the team would have {have + len(rows)} articles; at most {MAX_TEAM_ARTICLES} are kept "
                             "(delete old ones first)")
        s.add_all(rows)
        s.flush()
        added = [r.id for r in rows]
        if rows:
            audit.append(s, actor, "intel.articles_added", f"team:{team_id}", {
                "articles": [{"id": r.id, "file": r.file_name, "sha256": r.digest} for r in rows]}, team_id)
    if added:
        rederive(store, team_id)
    return added, dupes


def delete_article(store: Store, team_id: int, actor: str, article_id: int) -> None:
    with store.session() as s:
        a = s.get(m.IntelArticle, article_id)
        if a is None or a.team_id != team_id:
            raise screenings.NotFound(f"article {article_id}")
        audit.append(s, actor, "intel.article_deleted", f"article:{a.id}",
                     {"article": a.id, "file": a.file_name, "sha256": a.digest}, team_id)
        s.delete(a)
    rederive(store, team_id)


def rederive(store: Store, team_id: int) -> int:
    """Read all the team's articles and replace its events; returns how many events.

    The reading (seconds for hundreds of articles) runs outside any transaction; the replacement
    commits only if the articles are still those that were read, else the reading starts over.
    """
    for _ in range(RETRIES):
        with store.session() as s:
            arts = list(s.execute(select(m.IntelArticle.id, m.IntelArticle.file_name, m.IntelArticle.body)
                                  .where(m.IntelArticle.team_id == team_id).order_by(m.IntelArticle.id)))
            reg = screenings.team_registry(s, team_id)
        ids = [a.id for a in arts]
        docs, events = _derive([(a.id, a.file_name, a.body) for a in arts], reg)
        with store.session() as s:
            # A write first: on SQLite it takes the database's write lock, on PostgreSQL it locks
            # the team's row, so two changes of one team's articles replace its events in turn.
            s.execute(update(m.Team).where(m.Team.id == team_id).values(name=m.Team.name))
            now = list(s.scalars(select(m.IntelArticle.id).where(m.IntelArticle.team_id == team_id)
                                 .order_by(m.IntelArticle.id)))
            if now != ids:
                continue
            for aid, d in docs.items():
                a = s.get_one(m.IntelArticle, aid)
                a.title, a.outlet, a.published, a.lang, a.error = (
                    d["title"][:2000], d["outlet"][:300], d["date"], d["lang"][:10], d["error"])
            s.execute(delete(m.IntelEvent).where(m.IntelEvent.team_id == team_id))
            s.add_all(m.IntelEvent(team_id=team_id, **e) for e in events)
            return len(events)
    raise IntelError("the team's articles kept changing while their events were worked out; try again")


def _derive(arts: list[tuple[int, str, bytes]], reg: Any) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """(per article: what reading found; event rows) for these articles."""
    from supplyscreen.intel.pipeline import ingest
    from supplyscreen.intel.serialise import event as event_doc

    folder = Path(tempfile.mkdtemp(prefix="supplyscreen-intel-"))
    try:
        where: dict[str, int] = {}
        for aid, name, body in arts:
            # One folder per article keeps its own file name, whose date the reader uses.
            (folder / str(aid)).mkdir()
            path = folder / str(aid) / name
            path.write_bytes(body)
            where[str(path)] = aid
        result = ingest([Path(p) for p in where], reg)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def article_of(path: str) -> int:
        return where[path.split("#", 1)[0]]

    docs: dict[int, dict[str, Any]] = {}
    for d in result.documents:
        aid = article_of(d.path)
        if aid not in docs or (docs[aid]["error"] and not d.error):  # a feed: its first readable item
            docs[aid] = {"title": d.title, "outlet": d.outlet, "date": d.date, "lang": d.lang, "error": d.error}
    names = {aid: name for aid, name, _ in arts}
    rows, keys = [], set()
    for e in result.events:
        doc = event_doc(e)
        for src in doc["sources"]:
            aid = article_of(src.pop("path"))
            src["article"], src["file_name"] = aid, names[aid]
        first = min(src["article"] for src in doc["sources"])
        targets = sorted({t.entity_id or t.name for t in e.targets} | {f"group:{t.group}" for t in e.targets if t.group})
        key = "ev-" + hashlib.sha256(audit.canonical([first, e.jurisdiction, e.measure.value, targets]).encode()
                                     ).hexdigest()[:12]
        n = 2
        while key in keys:  # two measures of one article in one place against the same firms
            key = f"{key.split('~')[0]}~{n}"
            n += 1
        keys.add(key)
        doc["id"] = key
        rows.append({"key": key, "jurisdiction": e.jurisdiction[:100], "authority": e.authority[:300],
                     "measure": e.measure.value, "status": e.status.value, "date": e.date,
                     "targets": " ".join(targets), "corroboration": e.corroboration,
                     "doc": audit.canonical(doc)})
    return docs, rows


def articles(team_id: int) -> Select[m.IntelArticle]:
    """The team's articles, newest first (the query, for the caller's session)."""
    return select(m.IntelArticle).where(m.IntelArticle.team_id == team_id).order_by(m.IntelArticle.id.desc())


def team_articles(s: Session, team_id: int) -> list[m.IntelArticle]:
    """The team's articles, newest first."""
    return list(s.scalars(articles(team_id)))


def articles_by_id(s: Session, team_id: int, ids: Sequence[int]) -> list[m.IntelArticle]:
    """The team's articles with these ids, in the order given."""
    rows = {a.id: a for a in s.scalars(articles(team_id).where(m.IntelArticle.id.in_(list(ids))))}
    return [rows[i] for i in ids if i in rows]


def event_out(row: m.IntelEvent) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(row.doc)
    return doc


def events(s: Session, team_id: int, jurisdiction: str | None = None, measure: str | None = None,
           entity: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
           ) -> list[m.IntelEvent]:
    """The team's events, oldest first (undated last), narrowed by the filters given."""
    q = select(m.IntelEvent).where(m.IntelEvent.team_id == team_id)
    if jurisdiction:
        q = q.where(m.IntelEvent.jurisdiction == jurisdiction)
    if measure:
        q = q.where(m.IntelEvent.measure == measure)
    if since:
        q = q.where(m.IntelEvent.date >= since)
    if until:
        q = q.where(m.IntelEvent.date <= until)
    rows = list(s.scalars(q))
    if entity:
        rows = [r for r in rows if entity in r.targets.split()]
    return sorted(rows, key=lambda r: (r.date or dt.date.max, r.jurisdiction, r.key))


def event(s: Session, team_id: int, key: str) -> m.IntelEvent:
    row = s.scalar(select(m.IntelEvent).where(m.IntelEvent.team_id == team_id, m.IntelEvent.key == key))
    if row is None:
        raise screenings.NotFound(f"event {key}")
    return row


def as_event(row: m.IntelEvent) -> Event:
    """The stored event as the pipeline's value (its sources named by file name)."""
    doc = json.loads(row.doc)
    return Event(
        row.key, row.jurisdiction, Measure(row.measure),
        tuple(Target(t["name"], t.get("entity_id", ""), t.get("group", ""), t.get("mention", ""))
              for t in doc["targets"]),
        Status(row.status), row.date,
        tuple(Source(x["file_name"], x["quote"], x["outlet"], Status(x["status"]), x["main"]) for x in doc["sources"]),
        row.authority, doc.get("scope", ""), tuple(doc.get("reasons", ())), tuple(doc.get("deadlines", ())),
        conflicts=tuple(doc.get("conflicts", ())))


@dataclass(frozen=True, slots=True)
class Hit:
    screening: int
    item: int
    ref: str
    file_name: str


# Only screened items whose evidence names an entity can relate to an event: those with a stored
# evidence row, and items stored whole before evidence had a table, whose JSON then holds these
# bytes (the JSON writers leave no space after the colon); the database picks them out.
_SOME_MATCHES = '"matches":[{'


def alerts(s: Session, team_id: int, screening: int | None = None) -> list[tuple[Alert, list[Hit]]]:
    """Events of the team whose targets relate to items of its complete screenings (or of one)."""
    from supplyscreen.intel.alerts import match_events, related

    if screening is not None:
        screenings.get(s, team_id, screening)  # NotFound for another team's
    rows = events(s, team_id)
    if not rows:
        return []
    reg = screenings.team_registry(s, team_id)
    q = (select(m.ScreeningItem.id, m.ScreeningItem.ref, m.ScreeningItem.result, m.Evidence.body, m.Screening.id,
                m.Screening.file_name)
         .join(m.Screening, m.ScreeningItem.screening_id == m.Screening.id)
         .outerjoin(m.ScreeningItem.evidence)
         .where(m.Screening.team_id == team_id, m.Screening.status == m.COMPLETE,
                m.ScreeningItem.evidence_id.is_not(None) | m.ScreeningItem.result.contains(_SOME_MATCHES))
         .order_by(m.Screening.id, m.ScreeningItem.seq))
    if screening is not None:
        q = q.where(m.Screening.id == screening)
    memo: dict[str, set[str]] = {}
    items: list[tuple[str, dict[str, str]]] = []
    hits: dict[str, Hit] = {}
    for item_id, ref, result, evidence, sid, file_name in s.execute(q):
        keys: dict[str, str] = {}
        for fm in m.item_doc(result, evidence)["matches"]:
            eid = fm["entity"]["id"]
            if eid not in memo:
                memo[eid] = related(reg, eid)
            why = f"{fm['field']} {fm['value']!r} matches {fm['entity']['name']}"
            for k in memo[eid]:
                keys.setdefault(k, why)
        if keys:
            label = f"{ref} (screening {sid})"
            items.append((label, keys))
            hits[label] = Hit(sid, item_id, ref, file_name)
    found = match_events([as_event(r) for r in rows], items, reg)
    return [(a, [hits[x] for x in a.items]) for a in found]


# Example items an alert names per screening; the rest are one filter (the maker) away.
EXAMPLES = 3
# Makers an alert names per screening, with their item counts and a filtered link.
ALERT_MAKERS = 5


@dataclass(frozen=True, slots=True)
class ScreeningHits:
    """The items of one screening an event touches: how many, by maker, and a few of them."""

    screening: int
    file_name: str
    items: int
    makers: tuple[tuple[str, int], ...]
    examples: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class AlertSummary:
    """An event touching the team's screened items, counted per screening instead of listed."""

    event_id: str
    reason: str
    items: int
    screenings: tuple[ScreeningHits, ...]


def alert_summary(s: Session, team_id: int) -> list[AlertSummary]:
    """Events of the team whose targets relate to items of its complete screenings, each with the
    items it touches counted per screening and maker.

    Items that share their evidence (the same matches and rules) relate to the same events, so the
    items are read as groups of (screening, evidence, maker) with a count, kept with each screening
    (``ScreeningGroup``), and each evidence row is read once: a million-row screening is a few
    thousand groups, not a million items.
    """
    from supplyscreen.intel.alerts import match_events, related

    rows = events(s, team_id)
    if not rows:
        return []
    reg = screenings.team_registry(s, team_id)
    items = m.ScreeningItem.__table__
    team_complete = (m.Screening.team_id == team_id, m.Screening.status == m.COMPLETE)
    kept = m.ScreeningGroup
    grouped = s.execute(
        select(kept.screening_id, m.Screening.file_name, kept.evidence_id, kept.maker, kept.items, kept.first_item)
        .join(m.Screening, kept.screening_id == m.Screening.id).where(*team_complete)).all()
    bodies: dict[int, dict[str, Any]] = {}
    wanted = sorted({g[2] for g in grouped})
    for i in range(0, len(wanted), 500):
        for eid, body in s.execute(select(m.Evidence.id, m.Evidence.body).where(m.Evidence.id.in_(wanted[i:i + 500]))):
            bodies[eid] = json.loads(body)
    # (screening, file name, maker, items, an example item id, matches)
    groups = [(sid, name, maker, n, first, bodies[eid].get("matches", [])) for sid, name, eid, maker, n, first in grouped]
    # Items stored whole before evidence had a table: one group each. A screening with any evidence
    # row, or with kept counts (written since 0008), was stored since, and is not read again
    # (reading a million items' text takes seconds).
    legacy = (select(items.c.screening_id, m.Screening.file_name, items.c.maker, items.c.id, items.c.result)
              .join(m.Screening, items.c.screening_id == m.Screening.id)
              .where(*team_complete, m.Screening.id.not_in(select(kept.screening_id)),
                     m.Screening.id.not_in(select(m.ScreeningFacets.screening_id)),
                     items.c.evidence_id.is_(None), items.c.result.contains(_SOME_MATCHES)))
    groups += [(sid, name, maker, 1, iid, json.loads(result).get("matches", []))
               for sid, name, maker, iid, result in s.execute(legacy)]
    memo: dict[str, set[str]] = {}
    labelled: list[tuple[str, dict[str, str]]] = []
    for n, (_, _, _, _, _, matches) in enumerate(groups):
        keys: dict[str, str] = {}
        for fm in matches:
            eid = fm["entity"]["id"]
            if eid not in memo:
                memo[eid] = related(reg, eid)
            why = f"{fm['field']} {fm['value']!r} matches {fm['entity']['name']}"
            for k in memo[eid]:
                keys.setdefault(k, why)
        if keys:
            labelled.append((str(n), keys))
    found = match_events([as_event(r) for r in rows], labelled, reg)
    by_key = {r.key: as_event(r) for r in rows}
    whys = dict(labelled)
    examples = {g[4]: g for g in groups}
    refs = dict(s.execute(select(items.c.id, items.c.ref).where(items.c.id.in_(sorted(
        {groups[int(x)][4] for a in found for x in a.items})[:5000]))).all()) if found else {}
    out = []
    for a in found:
        e = by_key[a.event_id]
        per: dict[int, dict[str, Any]] = {}
        for x in a.items:
            sid, name, maker, n, first, _ = groups[int(x)]
            p = per.setdefault(sid, {"name": name, "items": 0, "makers": {}, "examples": []})
            p["items"] += n
            p["makers"][maker] = p["makers"].get(maker, 0) + n
            if len(p["examples"]) < EXAMPLES and first in refs:
                p["examples"].append(Hit(sid, first, refs[first], examples[first][1]))
        total = sum(p["items"] for p in per.values())
        targets: set[str] = set()
        for t in e.targets:
            targets |= related(reg, t.entity_id) if t.entity_id else set()
            targets |= {"group:" + t.group} if t.group else set()
        first_keys = whys[a.items[0]]
        common = sorted(targets & first_keys.keys())
        first_why = first_keys[common[0]] if common else next(iter(first_keys.values()))
        where = f"{e.jurisdiction} {e.measure.value} ({e.status.value}, {e.date or 'undated'})"
        reason = (f"{where} against {', '.join(t.name for t in e.targets)} touches {total:,} screened item(s) in "
                  f"{len(per)} screening(s), e.g. {first_why}")
        hits = tuple(ScreeningHits(sid, p["name"], p["items"],
                                   tuple(sorted(p["makers"].items(), key=lambda kv: (-kv[1], kv[0]))[:ALERT_MAKERS]),
                                   tuple(p["examples"]))
                     for sid, p in sorted(per.items(), key=lambda kv: -kv[1]["items"]))
        out.append(AlertSummary(a.event_id, reason, total, hits))
    return out
