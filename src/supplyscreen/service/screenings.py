"""Screen a submitted file and keep the result: items, decisions, review state, audit record.

A large upload's screening row is written first as ``running``; the items, the final status and
the audit record then commit in one transaction. A process killed in between leaves only a
``running`` row, which ``Store.recover`` marks ``interrupted`` at the next start. A small upload
(screened in milliseconds, never seen running) goes in whole, row, items and audit record, in one
transaction: killed before it commits, it leaves nothing. Either way a partial screening is never
complete.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import inspect
import json
import os
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supplyscreen import library, settings
from supplyscreen.errors import SupplyscreenError
from supplyscreen.fields import MODEL_FIELDS as VOCABULARY_MODEL_FIELDS
from supplyscreen.fields import NAME_FIELDS
from supplyscreen.formats import serialise
from supplyscreen.matching.normalise import normalise
from supplyscreen.model import Decision, ItemResult
from supplyscreen.policy import DEFAULT_POLICY, get_policy
from supplyscreen.registry import Registry
from supplyscreen.screen import Screener
from supplyscreen.service import limits, pool
from supplyscreen.service.errors import Invalid
from supplyscreen.service.uploads import safe_file_name
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

try:
    import orjson as _orjson
except ImportError:  # the json module writes the same JSON, slower
    _orjson = None  # type: ignore[assignment]

# Fields naming who made or sold an item, in the order that best identifies the maker (the one
# field vocabulary's name fields).
MAKER_FIELDS = NAME_FIELDS
# Items written per executemany: Core inserts in batches cost a fifth of ORM objects, and a batch
# bounds memory on a million-row inventory.
INSERT_BATCH = 2000
# Uploads larger than this are recorded as `running` before they are screened, so people see them
# in progress and a server killed meanwhile leaves them `interrupted`. A smaller one (a 64 KiB CSV is
# ~1,600 rows, well under a second) goes in complete in a single write turn: under the load
# benchmark the extra turn per screening cost 6-16 % of throughput (benchmarks/README.md).
RUNNING_ROW_BYTES = 64 * 1024
ITEMS = m.ScreeningItem.metadata.tables["items"]
EVIDENCE = m.Evidence.metadata.tables["evidence"]


class NotFound(LookupError):
    """The record does not exist, or belongs to another team (the two are not told apart)."""


def shipped_only(packs: Sequence[str]) -> tuple[str, ...]:
    """``packs`` without repeats, refused unless each is a shipped pack's id: the library also takes
    a pack file's path, which from a client would read files on the server."""
    from supplyscreen.policy import shipped

    unknown = [p for p in packs if p not in shipped()]
    if unknown:
        raise Invalid(f"unknown policy {unknown[0]!r}; available: {', '.join(sorted(shipped()))}")
    return tuple(dict.fromkeys(packs))


def maker_of(r: ItemResult) -> str:
    for f in MAKER_FIELDS:
        v = r.item.fields.get(f, "")
        if v.strip():
            return _maker_key(v)
    return ""


# Fields naming which part or model an item is, best first; without any, the item's own name.
MODEL_FIELDS = ("model", "part_number")
assert set(MODEL_FIELDS) <= set(VOCABULARY_MODEL_FIELDS)


def part_of(r: ItemResult) -> tuple[str, str]:
    """(model, product) of an item, normalised: what a narrow waiver names. The model is the model
    or part number, else the item's own name; the product is the offered product a part sits in
    (a bill of materials' top level), empty for a row of a list, which is its own product."""
    fields, path = r.item.fields, r.item.path
    model = next((fields[f] for f in MODEL_FIELDS if fields.get(f, "").strip()), "")
    if not model:
        model = path[-1] if path else fields.get("product", "")
    product = path[0] if len(path) > 1 else ""
    return _part_key(model), _part_key(product)


@lru_cache(maxsize=65_536)
def _part_key(text: str) -> str:
    """A model number or product name as one key: case, spaces and punctuation do not tell parts apart."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())[:300]


# Maker texts seen: a list names a few makers many times over; bounded for odd input.
@lru_cache(maxsize=65_536)
def _maker_key(text: str) -> str:
    return normalise(text).key or text.strip().casefold()


def evidence_digest(doc: dict[str, Any]) -> str:
    """Digest of what the decision rests on: matched entities, designations, paths and rules.

    Input values and scores are left out on purpose: the same evidence reached from a re-typed
    row is the same evidence; a new designation or relation path changes the digest.
    """
    ev = {
        "matches": sorted(
            (
                fm["field"],
                fm["entity"]["id"],
                fm["band"],
                sorted((d["entity"]["id"], sorted(x["id"] for x in d["lists"]), d["path"]) for d in fm["designated"]),
            )
            for fm in doc["matches"]
        ),
        "rules": sorted((r["id"], r["outcome"]) for r in doc["rules"]),
    }
    return hashlib.sha256(audit.canonical(ev).encode()).hexdigest()


def entity_ids(doc: dict[str, Any]) -> list[str]:
    """Matched and designated entities of one item, sorted."""
    ids = set()
    for fm in doc["matches"]:
        ids.add(fm["entity"]["id"])
        ids.update(d["entity"]["id"] for d in fm["designated"])
    return sorted(ids)


def fp_key(maker: str, doc: dict[str, Any]) -> str:
    return _fp_key(maker, entity_ids(doc), evidence_digest(doc))


def _fp_key(maker: str, ids: list[str], digest: str) -> str:
    return hashlib.sha256(audit.canonical([maker, ids, digest]).encode()).hexdigest()


# The same maker with the same evidence comes back on many rows of a list and across lists.
@lru_cache(maxsize=65_536)
def _fp_key_of(maker: str, ids: tuple[str, ...], digest: str) -> str:
    return _fp_key(maker, list(ids), digest)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """One distinct evidence of a screening run, worked out once: its stored body and what the
    false-positive key reads from it. The objects it came from are held so their ids stay theirs."""

    matches: object
    rules: object
    registry: object
    body: bytes | None
    """The stored JSON of {matches, rules}; None when the item has neither."""
    digest: str
    entities: tuple[str, ...]
    fp_evidence: str


# Evidence per (matches, rules, registry) objects. The warm screener hands out the very same
# matches and rules objects for every row it has seen before, so each distinct verdict is
# rendered, hashed and keyed once rather than per row.
EVIDENCE_MEMO = 50_000
_evidence_memo: dict[tuple[int, int, int], _Evidence] = {}


def _evidence(r: ItemResult, reg: Registry) -> _Evidence:
    key = (id(r.matches), id(r.rules), id(reg))
    hit = _evidence_memo.get(key)
    if hit is not None and hit.matches is r.matches and hit.rules is r.rules and hit.registry is reg:
        return hit
    doc = serialise.evidence(r, reg)
    body = item_json(doc) if (r.matches or r.rules) else None
    hit = _Evidence(r.matches, r.rules, reg, body, hashlib.sha256(body).hexdigest() if body is not None else "",
                    tuple(entity_ids(doc)), evidence_digest(doc))
    if len(_evidence_memo) >= EVIDENCE_MEMO:
        _evidence_memo.clear()  # rare: a long-running server that has seen 50,000 distinct verdicts
    _evidence_memo[key] = hit
    return hit


# Evidence row ids by (database, digest), for evidence committed by this process or found in the
# store: an evidence row is never changed or deleted, so it is looked up once.
EVIDENCE_IDS = 200_000
_evidence_ids: dict[tuple[str, str], int] = {}


def _evidence_rows(s: Session, where: str, rows: list[dict[str, Any]], bodies: dict[str, bytes],
                   new: dict[str, int]) -> None:
    """Give ``rows`` their evidence ids (they hold the digest until now), storing new evidence.
    ``new`` collects the ids this transaction stored or found; they join the memo once it commits."""
    wanted = {r["evidence_id"] for r in rows if r["evidence_id"]}
    unknown = [d for d in wanted if (where, d) not in _evidence_ids and d not in new]
    for i in range(0, len(unknown), 500):  # well under any database's bound on parameters
        chunk = unknown[i:i + 500]
        found = s.execute(select(EVIDENCE.c.digest, EVIDENCE.c.id).where(EVIDENCE.c.digest.in_(chunk)))
        new.update({digest: eid for digest, eid in found})
    for d in unknown:
        if d not in new:
            # Another server on the same PostgreSQL database may store the same evidence first:
            # ON CONFLICT waits for it and then does nothing, and the SELECT finds its row.
            s.execute(_insert_ignoring(s).values(digest=d, body=bodies[d].decode()))
            new[d] = s.execute(select(EVIDENCE.c.id).where(EVIDENCE.c.digest == d)).scalar_one()
    for r in rows:
        d = r["evidence_id"]
        if d:
            r["evidence_id"] = _evidence_ids.get((where, d)) or new[d]
        else:
            r["evidence_id"] = None


def _insert_ignoring(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(EVIDENCE).on_conflict_do_nothing(index_elements=["digest"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(EVIDENCE).on_conflict_do_nothing(index_elements=["digest"])


def item_json(doc: dict[str, Any]) -> bytes:
    """An item's stored JSON. It need not be the audit log's canonical text: its digest is taken
    over these bytes as stored, and `audit verify` recomputes it from the stored text. orjson
    writes it five times faster than the json module where it is installed."""
    if _orjson is not None:
        try:
            return _orjson.dumps(doc, option=_orjson.OPT_SORT_KEYS)
        except (TypeError, _orjson.JSONEncodeError):  # a lone surrogate, an integer past 64 bits
            pass
    return audit.canonical(doc).encode()


def policy_version(s: Session, policy_id: str) -> m.PolicyVersion:
    """The stored version of a policy: its id, name and the digest of the code that decides."""
    return s.get_one(m.PolicyVersion, policy_version_id(s, policy_id, get_policy(policy_id)))


# Version bodies per loaded pack (a changed pack file loads a new Pack object), and version row ids
# per database: a version row is never changed or deleted, so a screening reads no pack file and
# looks up no version once its policy has been used.
_version_bodies: dict[tuple[str, int], tuple[Any, str, str]] = {}
_version_ids: dict[tuple[str, str, str], int] = {}


def policy_version_id(s: Session, policy_id: str, pol: Any) -> int:
    """The id of the stored version of policy ``pol`` (a PackPolicy), stored on first use."""
    pack = getattr(pol, "pack", pol)
    known = _version_bodies.get((policy_id, id(pack)))
    if known is None or known[0] is not pack:
        body = audit.canonical({"id": pol.id, "name": pol.name, "sha256": _policy_digest(policy_id, pol)})
        known = _version_bodies[(policy_id, id(pack))] = (pack, body, hashlib.sha256(body.encode()).hexdigest())
    _, body, digest = known
    where = (s.get_bind().engine.url.render_as_string(hide_password=False), pol.id, digest)
    vid = _version_ids.get(where)
    if vid is None:
        found = s.scalar(select(m.PolicyVersion).where(m.PolicyVersion.policy_id == pol.id,
                                                       m.PolicyVersion.digest == digest))
        if found is None:
            found = m.PolicyVersion(policy_id=pol.id, digest=digest, body=body)
            try:
                with s.begin_nested():  # another server process may store the same version first
                    s.add(found)
            except IntegrityError:
                found = s.scalars(select(m.PolicyVersion).where(m.PolicyVersion.policy_id == pol.id,
                                                                m.PolicyVersion.digest == digest)).one()
        vid = _version_ids[where] = found.id
    return vid


def _policy_digest(policy_id: str, pol: Any) -> str:
    """Digest of the rules themselves: the pack file where the policy is one, else its code."""
    from supplyscreen import policy as policies

    shipped = getattr(policies, "shipped", None)
    path = shipped().get(policy_id) if shipped else None
    if path is None and Path(policy_id).suffix.lower() in (".yaml", ".yml"):
        path = Path(policy_id)
    if path is not None and Path(path).is_file():
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    code = inspect.getsource(inspect.getmodule(type(pol)) or type(pol))
    return hashlib.sha256(code.encode()).hexdigest()


def team_edits_text(s: Session, team_id: int) -> str | None:
    """The team's own designations (administrators' registry edits) as one designation file's text,
    or None when it has none standing."""
    edits = list(s.scalars(select(m.RegistryEdit).where(m.RegistryEdit.team_id == team_id).order_by(m.RegistryEdit.id)))
    current: dict[str, dict[str, Any]] = {}
    for e in edits:
        if e.action == "withdraw":
            current.pop(e.entity_id, None)
        else:
            current[e.entity_id] = json.loads(e.payload)
    if not current:
        return None
    doc = {
        "list": {
            "id": f"org-team-{team_id}",
            "name": "This organisation's own designations",
            "authority": "the organisation's registry administrators",
            "restricts_purchase": True,
        },
        "source": {"id": f"org-team-{team_id}-edits", "title": "Registry edits recorded in supplyscreen"},
        "designations": list(current.values()),
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=True)


def _designation_file(name: str, text: str) -> Path:
    """``text`` in a file named by its content, so the registry cache (keyed on the path) is reused
    until the content changes."""
    folder = (settings.load().cache_dir or Path(tempfile.gettempdir())) / "org-edits"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".yaml", ".yml", ".csv") else ".yaml"
    path = folder / f"{Path(name).stem[:40]}-{hashlib.sha256(text.encode()).hexdigest()[:16]}{suffix}"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path


def team_registry(s: Session, team_id: int) -> Registry:
    """The registry plus the team's own designations (administrators' registry edits)."""
    from supplyscreen.service.registry_versions import in_use

    text, path = team_edits_text(s, team_id), in_use(s)  # a registry version put in use from the service
    if text is None:
        return library.load_registry(path) if path else library.load_registry()
    return library.load_registry(path, (_designation_file(f"team-{team_id}", text),))


def designation_files(s: Session, team_id: int) -> list[dict[str, str]]:
    """Every designation list a screening of the team reads today, as [{name, sha256, text}]: the
    organisation's files (SUPPLYSCREEN_ORG_DESIGNATIONS) and the team's own designations."""
    out = []
    for path in settings.load().org_designations:
        text = Path(path).read_text(encoding="utf-8")
        out.append({"name": Path(path).name, "sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text})
    own = team_edits_text(s, team_id)
    if own is not None:
        out.append({"name": f"team-{team_id}.yaml", "sha256": hashlib.sha256(own.encode()).hexdigest(), "text": own})
    return out


_pinned: OrderedDict[str, Registry] = OrderedDict()


def pinned_registry(content: str) -> Registry:
    """The bundled registry plus exactly the designation files ``content`` holds (a case's pin,
    ``designation_files`` as canonical JSON): what the environment says today plays no part."""
    hit = _pinned.get(content)
    if hit is not None:
        _pinned.move_to_end(content)
        return hit
    files = tuple(_designation_file(f["name"], f["text"]) for f in json.loads(content))
    reg = Registry.load(settings.load().registry_path, files)
    _pinned[content] = reg
    while len(_pinned) > WARM_SCREENERS:  # a few cases' lists at a time, as the warm screeners
        _pinned.popitem(last=False)
    return reg


@dataclass(frozen=True, slots=True)
class Submission:
    team_id: int
    actor: str
    user_id: int | None
    file_name: str
    data: bytes
    policy: str
    as_of: dt.date | None = None
    kind: str | None = None
    rerun_of: int | None = None
    designations: str | None = None
    """A procurement case's pinned designation lists (``designation_files`` as canonical JSON): the
    screening reads these and nothing else of the organisation's; None for the team's current ones."""
    on_store: Callable[[Session, m.Screening], None] | None = None
    """Called in each transaction that stores the screening row (running, then complete or failed),
    so work recorded elsewhere (a queued job, ``service/jobs.py``) commits or rolls back with it."""


def submit(store: Store, sub: Submission) -> int:
    """Screen ``sub`` and store it; returns the screening id (status complete or failed)."""
    return screen(store, sub).id


def screen(store: Store, sub: Submission) -> m.Screening:
    """Screen ``sub`` and store it; returns its screening row as committed (complete or failed),
    detached from any session, without its items."""
    name = safe_file_name(sub.file_name)
    pol = get_policy(sub.policy)  # an unknown policy is the caller's error, before anything is stored
    with store.session() as s:
        reg = (pinned_registry(sub.designations) if sub.designations is not None
               else team_registry(s, sub.team_id))
        version = policy_version_id(s, sub.policy, pol)  # a write only the first time a version is seen
        # What review has decided so far, as of this submission.
        waivers = list(s.scalars(select(m.Waiver).where(
            m.Waiver.team_id == sub.team_id, m.Waiver.status == m.ACTIVE, m.Waiver.expires >= dt.date.today())))
        fps = {f.key: f for f in s.scalars(select(m.FalsePositive).where(m.FalsePositive.team_id == sub.team_id,
                                                                         m.FalsePositive.status == m.ACTIVE))}
    row = m.Screening(
        team_id=sub.team_id, user_id=sub.user_id, file_name=name, policy=sub.policy,
        policy_version_id=version, as_of=sub.as_of, input=sub.data, started=m.utcnow(),
        status=m.RUNNING, rerun_of=sub.rerun_of, kind=sub.kind or "",
    )
    folder = _scratch()
    path = folder / name
    _refuse_too_many_rows(path, sub, name)
    try:
        if len(sub.data) > RUNNING_ROW_BYTES:
            with store.writing() as s:
                s.add(row)
                _stored(s, sub, row)
            pool.report_running(row.id)
        # Reading, screening and storing, all within the screening's budget (in a screening process).
        with limits.budgeted():
            path.write_bytes(sub.data)
            screener = warm_screener(reg, sub.policy, sub.as_of, pol.pack)
            report = library.check(path, sub.policy, sub.as_of, kind=sub.kind, registry=reg, screener=screener)
            _store_results(store, row, sub, report, reg, waivers, fps, screener)
    except (SupplyscreenError, OSError, ValueError, limits.OverBudget, MemoryError) as e:
        # Readers name the file by its path; the caller knows it by its own name, not our scratch folder.
        error = limits.memory_refusal() if isinstance(e, MemoryError) else str(e).replace(f"{folder}{os.sep}", "")
        if isinstance(e, MemoryError) and row.id is None:
            row.input = b""  # what could not be held is not stored either (nothing re-runs a failure)
        with store.writing() as s:
            s.add(row)  # stored as running (an update) or not yet (an insert)
            row.status, row.error, row.finished = m.FAILED, error, m.utcnow()
            s.flush()  # the audit record names the row's id
            audit.append(s, sub.actor, "screening.failed", f"screening:{row.id}",
                         {"screening": row.id, "file": name, "error": error}, sub.team_id)
            _stored(s, sub, row)
        return row
    finally:
        path.unlink(missing_ok=True)
    return row


def _refuse_too_many_rows(path: Path, sub: Submission, name: str) -> None:
    """Refuse a file holding more rows than one screening takes before anything of it is stored or
    screened (sources.limits.TooManyRows, naming the file as its sender knows it), where the reader
    can count ahead; else the screening fails when its rows pass the limit. A file of no more bytes
    than the limit has no more rows (each row ends a line at least) and is not opened twice."""
    from supplyscreen.sources import ReadOptions, open_source
    from supplyscreen.sources.limits import LIMITS, TooManyRows

    if len(sub.data) <= LIMITS.rows:
        return
    try:
        path.write_bytes(sub.data)
        open_source(path, ReadOptions(kind=sub.kind))
    except TooManyRows as e:
        raise TooManyRows(e.limit, name) from None
    except (SupplyscreenError, OSError, ValueError):
        pass  # anything else wrong with the file is the screening's to report, as a failed screening
    finally:
        path.unlink(missing_ok=True)


def _stored(s: Session, sub: Submission, row: m.Screening) -> None:
    if sub.on_store is not None:
        s.flush()  # the hook may name the row's id
        sub.on_store(s, row)


# Screeners kept warm across requests, newest last: a few registries (the shared one, teams with
# their own designations) times a few policies. 8 covers that and bounds memory, since each one's
# verdict cache holds up to screen.CACHE_LIMIT rows.
WARM_SCREENERS = 8
_screeners: OrderedDict[tuple[Any, ...], tuple[Registry, Any, Screener]] = OrderedDict()
_screeners_lock = threading.Lock()


def warm_screener(reg: Registry, policy: str, as_of: dt.date | None, pack: Any = None) -> Screener:
    """The process's screener for this registry and policy pack as of today, with its verdict cache;
    a new one for a screening as of another date.

    Item lists repeat the same makers and models from one upload to the next, so a verdict worked
    out for one request serves the next. The key holds the registry and pack objects themselves
    (a team's registry edit or a changed pack file loads new ones, so a stale screener is never
    reused) and today's date (rules are evaluated as of today). Screenings as of a chosen date are
    rare (what did we know then?) and each date would keep a cache of its own, so they get none.
    """
    if as_of is not None:
        return library.make_screener(reg, policy, as_of)
    from supplyscreen.policy import load as load_pack

    pack = pack or load_pack(policy)  # the caller's, when it has just loaded the pack (a glob and a stat)
    key = (id(reg), id(pack), dt.date.today())
    with _screeners_lock:
        hit = _screeners.get(key)
        if hit is not None and hit[0] is reg and hit[1] is pack:
            _screeners.move_to_end(key)
            return hit[2]
    screener = library.make_screener(reg, policy, None)
    with _screeners_lock:
        _screeners[key] = (reg, pack, screener)
        while len(_screeners) > WARM_SCREENERS:
            _screeners.popitem(last=False)
    return screener


def warm_up() -> None:
    """Load the registry, its name index and the default policy's screener now, so the first
    request does not pay for them (about a second)."""
    warm_screener(library.load_registry(), DEFAULT_POLICY, None)
    library.match("Huawei Technologies")  # builds or loads the name index


_local = threading.local()
_scratch_dirs: list[str] = []


def _scratch() -> Path:
    """This thread's folder for an upload while it is read (readers take a path, and the file's
    name tells them its format). One per thread, made once: a folder per request cost more than
    the rest of a small screening's file handling."""
    folder: Path | None = getattr(_local, "folder", None)
    if folder is None or not folder.is_dir():
        # In memory where Linux offers it: the upload lives there for a moment, and creating,
        # reading and removing a file on a journalled disk cost 4 % of a 200-row screening.
        shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        folder = _local.folder = Path(tempfile.mkdtemp(prefix="supplyscreen-upload-", dir=shm))
        _scratch_dirs.append(str(folder))
    return folder


@atexit.register
def _remove_scratch() -> None:
    for d in _scratch_dirs:
        shutil.rmtree(d, ignore_errors=True)



def _store_results(store: Store, row: m.Screening, sub: Submission, report: Any, reg: Registry,
                   waivers: list[m.Waiver], fps: dict[str, m.FalsePositive], screener: Screener) -> None:
    with contextlib.ExitStack() as stack:
        # The writers' turn is taken when the first rows are ready to go in: a list of up to
        # INSERT_BATCH rows is worked out before, so other writers do not wait while it is.
        s: Session | None = None
        digest = hashlib.sha256()
        finals: dict[str, int] = {}
        cleared: list[list[Any]] = []
        rows: list[dict[str, Any]] = []
        bodies: dict[str, bytes] = {}
        new_ids: dict[str, int] = {}
        tally: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())  # maker, site, rule
        # Each row's key, for a portfolio re-screen by key; not a bill of materials' (an assembly's
        # decision is rolled up from its parts, not its key's).
        row_key = None if report.source.kind == "bom" else screener.stored_key
        for n, r in enumerate(report.results, 1):
            ev = _evidence(r, reg)
            own = item_json(serialise.item_own(r))
            audit.add_item(digest, own, ev.body)
            if ev.body is not None:
                bodies[ev.digest] = ev.body
            maker = maker_of(r)
            model, product = part_of(r)
            site = r.item.fields.get("site", "").strip()[:300]
            tally[0][maker[:300]] += 1
            tally[1][site] += 1
            tally[2].update({h.id for h in r.rules})
            ids = ev.entities if r.matches else ()
            key = _fp_key_of(maker, ids, ev.fp_evidence) if r.matches else ""
            state, final, note, wid, fid = _review_state(r.decision, ids, (maker, model, product), key, sub.policy,
                                                         waivers, fps)
            finals[final] = finals.get(final, 0) + 1
            if wid is not None or fid is not None:
                cleared.append([n, final, state, wid, fid])
            rows.append({"seq": n, "ref": r.item.ref[:300], "decision": r.decision.value,
                         "result": own.decode(), "evidence_id": ev.digest, "maker": maker[:300], "model": model,
                         "product": product, "site": site, "fp_key": key, "review_state": state, "final_decision": final,
                         "note": note, "waiver_id": wid, "false_positive_id": fid,
                         "row_key": row_key(r.item) if row_key is not None else None})
            if len(rows) >= INSERT_BATCH:
                s = s or stack.enter_context(store.writing())
                if row.id is None:  # a small file of many short rows: stored as running with its first rows
                    s.add(row)
                    s.flush()
                _write_items(s, store.url, row.id, rows, bodies, new_ids)
                rows, bodies = [], {}
        counts = report.counts()  # a pass over every result: once
        row.status, row.finished = m.COMPLETE, m.utcnow()
        row.kind, row.decision = report.source.kind, report.decision.value
        row.counts, row.rows_in, row.rows_out = audit.canonical(counts), report.rows_in, report.rows_out
        row.source = audit.canonical(serialise.source(report.source))
        row.registry_built, row.registry_fingerprint = str(reg.data.built or ""), reg.fingerprint
        row.items_digest = digest.hexdigest()
        row.row_keying = screener.stored_keying if row_key is not None else ""
        s = s or stack.enter_context(store.writing())
        # Inserted complete with its items in this transaction, or (recorded as running first) updated.
        s.add(row)
        s.flush()
        if rows:
            _write_items(s, store.url, row.id, rows, bodies, new_ids)
        from supplyscreen.service.results import facets_body, keep_groups

        s.add(m.ScreeningFacets(screening_id=row.id, body=facets_body(*tally)))
        keep_groups(s, row.id)
        audit.append(s, sub.actor, "screening.completed", f"screening:{row.id}", {
            "screening": row.id, "file": row.file_name, "policy": sub.policy, "policy_version": row.policy_version_id,
            "as_of": sub.as_of.isoformat() if sub.as_of else None, "registry": row.registry_fingerprint,
            "decision": row.decision, "counts": counts, "after_review": finals,
            "rows_in": report.rows_in, "items_digest": row.items_digest, "rerun_of": sub.rerun_of,
            "status": row.status, "input_sha256": hashlib.sha256(sub.data).hexdigest(),
            # Items a waiver or false positive cleared as they were screened: every other item's
            # decision after review is its screened one (service/verify.py checks both).
            "cleared": cleared,
        }, sub.team_id)
        _stored(s, sub, row)
    if len(_evidence_ids) + len(new_ids) > EVIDENCE_IDS:
        _evidence_ids.clear()
    _evidence_ids.update(((store.url, d), i) for d, i in new_ids.items())


_item_sql: dict[str, tuple[str, tuple[str, ...] | None]] = {}


def _write_items(s: Session, where: str, sid: int, rows: list[dict[str, Any]], bodies: dict[str, bytes],
                 new_ids: dict[str, int]) -> None:
    """Store ``rows`` (their evidence first) with the driver's executemany: SQLAlchemy's per-row
    parameter handling cost as much as SQLite's own work (none of these columns converts its
    value on the way in)."""
    _evidence_rows(s, where, rows, bodies, new_ids)
    conn = s.connection()
    sql = _item_sql.get(conn.dialect.name)
    if sql is None:
        compiled = insert(ITEMS).values({k: bindparam(k) for k in ("screening_id", *rows[0])}).compile(
            dialect=conn.dialect)
        order = tuple(compiled.positiontup) if compiled.positiontup else None
        sql = _item_sql[conn.dialect.name] = (str(compiled), order)
    text, order = sql
    if order:
        conn.exec_driver_sql(text, [tuple(sid if k == "screening_id" else r[k] for k in order) for r in rows])
    else:
        conn.exec_driver_sql(text, [{"screening_id": sid, **r} for r in rows])


def _review_state(
    decision: Decision, entities: Sequence[str], part: tuple[str, str, str], key: str, policy: str,
    waivers: list[m.Waiver], fps: dict[str, m.FalsePositive],
) -> tuple[str, str, str, int | None, int | None]:
    """(review state, decision after review, note, waiver id, false positive id) for a freshly
    screened item: a waiver clears it only within its scope (``waiver_covers``)."""
    if decision not in (Decision.EXCLUDE, Decision.REVIEW):
        return m.NO_REVIEW, decision.value, "", None, None
    ids = set(entities)
    for w in waivers:
        if w.entity_id in ids and waiver_covers(w, part, policy):
            return m.WAIVED, Decision.ALLOW.value, (
                f"Waiver #{w.id} ({w.scope} scope) approved by {w.approved_by or w.approver} until "
                f"{w.expires.isoformat()}: {w.justification}"), w.id, None
    fp = fps.get(key)
    if fp is not None:
        return m.FALSE_POSITIVE, Decision.ALLOW.value, (
            f"Remembered false positive #{fp.id} ({fp.actor}): {fp.reason}"), None, fp.id
    if decision is Decision.REVIEW:
        return m.PENDING, decision.value, "", None, None
    return m.NO_REVIEW, decision.value, "", None, None


def waiver_covers(w: m.Waiver, part: tuple[str, str, str], policy: str) -> bool:
    """Whether waiver ``w`` reaches an item of (maker, model, product) screened under ``policy``:
    the maker unless the scope is the whole entity, the model for the ``part`` and ``model`` scopes,
    and the product the part sits in for the ``part`` scope."""
    maker, model, product = part
    if w.policy and w.policy != policy:
        return False
    if w.scope == "entity":
        return True
    if w.maker != maker:
        return False
    if w.scope in ("part", "model") and w.model != model:
        return False
    return w.scope != "part" or w.product == product


def get(s: Session, team_id: int, sid: int) -> m.Screening:
    row = s.get(m.Screening, sid)
    if row is None or row.team_id != team_id:
        raise NotFound(f"screening {sid}")
    return row


def rerun(store: Store, team_id: int, sid: int, actor: str, user_id: int | None) -> int:
    """Screen a stored screening's input again against today's registry; returns the new id."""
    with store.session() as s:
        old = get(s, team_id, sid)
        sub = Submission(team_id, actor, user_id, old.file_name, old.input, old.policy, None,
                         old.kind or None, rerun_of=old.id)
    return submit(store, sub)


def compare(store: Store, team_id: int, a: int, b: int) -> list[dict[str, Any]]:
    """Per ref, the decisions that differ between screenings ``a`` and ``b`` (added/removed too)."""
    with store.session() as s:
        get(s, team_id, a), get(s, team_id, b)
        rows_a = {r: d for r, d in s.execute(select(m.ScreeningItem.ref, m.ScreeningItem.decision)
                                              .where(m.ScreeningItem.screening_id == a))}
        rows_b = {r: d for r, d in s.execute(select(m.ScreeningItem.ref, m.ScreeningItem.decision)
                                              .where(m.ScreeningItem.screening_id == b))}
    out = []
    for ref in list(dict.fromkeys([*rows_a, *rows_b])):
        before, after = rows_a.get(ref), rows_b.get(ref)
        if before != after:
            out.append({"ref": ref, "before": before, "after": after})
    return out


# -- what the faces show of a screening ----------------------------------------------------------


def recent(s: Session, team_id: int, limit: int = 50) -> list[m.Screening]:
    """The team's newest screenings first."""
    return list(s.scalars(select(m.Screening).where(m.Screening.team_id == team_id)
                          .order_by(m.Screening.id.desc()).limit(limit)))


def decision_totals(s: Session, team_id: int) -> dict[str, int]:
    """How many items of the team's complete screenings have each final decision: the screened
    counts each screening keeps, moved by the items a review changed, so a million stored items
    are not read to count them."""
    out: dict[str, int] = {}
    ids = set()
    for sid, counts in s.execute(select(m.Screening.id, m.Screening.counts).where(
            m.Screening.team_id == team_id, m.Screening.status == m.COMPLETE)):
        ids.add(sid)
        for k, n in json.loads(counts or "{}").items():
            out[k] = out.get(k, 0) + n
    return after_review(s, out, ids)


def after_review(s: Session, screened: dict[str, int], sids: set[int]) -> dict[str, int]:
    """Counts per decision after review, from ``screened`` (counts per screened decision of the items
    of screenings ``sids``), moved by the items a review, waiver or remembered false positive changed.

    Those are found through the review-state index alone, over every screening: given a screening
    too, a database planner without statistics reads that screening's every item instead (2 s for
    a million, benchmarks/README.md)."""
    from sqlalchemy import func

    out = dict(screened)
    moved = s.execute(select(ITEMS.c.screening_id, ITEMS.c.decision, ITEMS.c.final_decision, func.count())
                      .where(ITEMS.c.review_state.in_((m.CONFIRMED, m.FALSE_POSITIVE, m.WAIVED)),
                             ITEMS.c.decision != ITEMS.c.final_decision)
                      .group_by(ITEMS.c.screening_id, ITEMS.c.decision, ITEMS.c.final_decision))
    for sid, before, after, n in moved:
        if sid in sids:
            out[before] = out.get(before, 0) - n
            out[after] = out.get(after, 0) + n
    return {k: v for k, v in out.items() if v}


def summary(sc: m.Screening) -> dict[str, Any]:
    """A screening without its items: what it screened, how, and what came of it."""
    return {
        "id": sc.id, "file_name": sc.file_name, "kind": sc.kind, "policy": sc.policy, "as_of": sc.as_of,
        "status": sc.status, "decision": sc.decision,
        "summary": {**json.loads(sc.counts or "{}"), "rows_in": sc.rows_in, "rows_out": sc.rows_out},
        "started": sc.started, "finished": sc.finished, "registry_built": sc.registry_built, "error": sc.error,
        "rerun_of": sc.rerun_of,
    }
