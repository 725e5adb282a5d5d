"""A screening's items a page at a time, filtered, counted and exported, without reading them all.

A million-row screening is ~1 GB of rendered HTML and ~7 GB of Python objects when it is read
whole; here a page reads ``size`` rows through an index (migration 0008), the counts come from the
indices, and an export streams from the store in batches of ``EXPORT_BATCH`` items.

The screened decision, maker, site and evidence of an item never change once its screening is
complete, so their counts are worked out once per screening and kept (``_FACETS``); the decision
after review changes with each review, so its counts are worked out on every page from the few
items a review touched.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from supplyscreen.formats.arrow_columns import nullable_int64s, strings
from supplyscreen.model import Decision
from supplyscreen.service import screenings
from supplyscreen.service.errors import Invalid
from supplyscreen.service.uploads import defuse
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

ITEMS = screenings.ITEMS
EVIDENCE = screenings.EVIDENCE
GROUPS = m.Base.metadata.tables["screening_groups"]
DECISIONS = tuple(d.value for d in Decision)
# Rows on a page: a screen or two of a table, and 100 rows render in ~20 ms.
PAGE_SIZE = 100
# The most a client may ask for at once (the API's limit): 500 rendered items are ~1 MB of JSON.
MAX_PAGE_SIZE = 500
# Makers and sites listed with their counts above the table: the rest are reached by the filter.
TOP = 12
# Items read per batch of an export: bounds the web process's memory (~5 MB a batch) whatever the
# screening's size, and is large enough that the per-batch query costs little.
EXPORT_BATCH = 5000
# Evidence rows a flat export keeps as its three columns (entities, lists, rules: ~0.3 KB) for the
# batches to come, so ~6 MB; a list names the same few thousand makers' evidence again and again.
EXPORT_EVIDENCE = 20_000
# Screenings whose counts are kept in memory (a few KB each).
FACET_CACHE = 64
# Longest filter value taken: the stored maker, site and rule are at most 300 characters.
MAX_FILTER = 300
EXPORT_FORMATS = ("csv", "json", "parquet")
CSV_COLUMNS = ("seq", "ref", "line", "decision", "final_decision", "review_state", "maker", "site", "entities",
               "lists", "rules", "reason", "note")


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items of a screening to show: each field empty for any."""

    decision: str = ""
    """The screened decision (exclude, review, unknown, allow)."""
    maker: str = ""
    """The maker as stored (normalised), or as typed: it is normalised the same way."""
    site: str = ""
    rule: str = ""
    """A policy rule's id: items whose decision that rule took part in."""

    @classmethod
    def of(cls, decision: str = "", maker: str = "", site: str = "", rule: str = "") -> ItemFilter:
        """A filter from request parameters; Invalid names the parameter that cannot be one."""
        decision = decision.strip().casefold()
        if decision and decision not in DECISIONS:
            raise Invalid(f"decision {decision[:40]!r} is not one of {', '.join(DECISIONS)}")
        for name, value in (("maker", maker), ("site", site), ("rule", rule)):
            if len(value) > MAX_FILTER:
                raise Invalid(f"{name} is {len(value)} characters long; at most {MAX_FILTER}")
        return cls(decision, maker.strip(), site.strip(), rule.strip())

    def __bool__(self) -> bool:
        return bool(self.decision or self.maker or self.site or self.rule)

    def params(self) -> dict[str, str]:
        """The filter as query parameters (the ones set)."""
        return {k: v for k, v in (("decision", self.decision), ("maker", self.maker), ("site", self.site),
                                  ("rule", self.rule)) if v}


@dataclass(frozen=True, slots=True)
class Facets:
    """A screening's items counted: by screened decision, by decision after review, by maker and
    site (the most frequent ``TOP``, and how many distinct), by rule."""

    decisions: dict[str, int]
    final: dict[str, int]
    makers: list[tuple[str, int]]
    makers_distinct: int
    sites: list[tuple[str, int]]
    sites_distinct: int
    rules: list[tuple[str, int]]
    total: int


@dataclass(frozen=True, slots=True)
class ItemPage:
    """One page of a screening's items matching ``filter``: (row, rendered item) pairs."""

    items: list[tuple[m.ScreeningItem, dict[str, Any]]]
    filter: ItemFilter
    page: int
    size: int
    total: int
    """Items matching the filter, over all pages."""
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", max(1, -(-self.total // self.size)))


@dataclass(frozen=True, slots=True)
class _Fixed:
    """What never changes of a complete screening's items: their counts."""

    decisions: dict[str, int]
    makers: list[tuple[str, int]]
    makers_distinct: int
    sites: list[tuple[str, int]]
    sites_distinct: int
    rules: list[tuple[str, int]]


_FACETS: OrderedDict[tuple[str, int], _Fixed] = OrderedDict()
_facets_lock = threading.Lock()


def _grouped(s: Session, sid: int, col: Any) -> list[tuple[Any, int]]:
    """(value, items) of one screening by ``col``, most items first: one pass over an index."""
    n = func.count().label("n")
    return [(v, c) for v, c in s.execute(select(col, n).where(ITEMS.c.screening_id == sid).group_by(col)
                                         .order_by(n.desc(), col))]


def facets_body(makers: Counter[str], sites: Counter[str], rules: Counter[str]) -> str:
    """The kept counts of a screening (``ScreeningFacets.body``) from its tallies."""
    def top(c: Counter[str]) -> list[tuple[str, int]]:
        return sorted(((k, n) for k, n in c.items() if k), key=lambda kv: (-kv[1], kv[0]))[:TOP]

    return json.dumps({"makers": top(makers), "makers_distinct": sum(1 for k in makers if k), "sites": top(sites),
                       "sites_distinct": sum(1 for k in sites if k),
                       "rules": sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))}, ensure_ascii=False)


def _tally(s: Session, sid: int) -> str:
    """``facets_body`` of a screening counted from the store: a pass over three of its indices."""
    makers = Counter({k or "": n for k, n in _grouped(s, sid, ITEMS.c.maker)})
    sites = Counter({k or "": n for k, n in _grouped(s, sid, ITEMS.c.site)})
    rules: Counter[str] = Counter()
    per_evidence = dict(_grouped(s, sid, ITEMS.c.evidence_id))
    ids = [i for i in per_evidence if i is not None]
    for i in range(0, len(ids), 500):  # under any database's bound on parameters
        for eid, body in s.execute(select(EVIDENCE.c.id, EVIDENCE.c.body).where(EVIDENCE.c.id.in_(ids[i:i + 500]))):
            for rid in {r["id"] for r in json.loads(body).get("rules", [])}:
                rules[rid] += per_evidence[eid]
    return facets_body(makers, sites, rules)


def keep_groups(s: Session, sid: int) -> None:
    """Write screening ``sid``'s items that carry evidence, counted per (evidence, maker)
    (``ScreeningGroup``), from its stored items, in place of any written before: one pass over the
    (screening, evidence, maker) index, once, where the events page made it on every view."""
    s.execute(delete(GROUPS).where(GROUPS.c.screening_id == sid))
    s.execute(insert(GROUPS).from_select(
        ["screening_id", "evidence_id", "maker", "items", "first_item"],
        select(ITEMS.c.screening_id, ITEMS.c.evidence_id, ITEMS.c.maker, func.count(), func.min(ITEMS.c.id))
        .where(ITEMS.c.screening_id == sid, ITEMS.c.evidence_id.is_not(None))
        .group_by(ITEMS.c.screening_id, ITEMS.c.evidence_id, ITEMS.c.maker)))


def keep_facets(store: Store, sid: int) -> None:
    """Count a screening's items by maker, site and rule, and per evidence and maker, from the
    store and keep the counts: for a screening stored before they were written with its items, or
    whose items were copied in."""
    with store.writing() as s:
        s.merge(m.ScreeningFacets(screening_id=sid, body=_tally(s, sid)))
        keep_groups(s, sid)
    with _facets_lock:
        for key in [k for k in _FACETS if k[1] == sid]:
            del _FACETS[key]


# Evidence row ids per rule id, per database, with the highest evidence id read: evidence rows are
# never changed or deleted, so each is parsed once per process.
_rule_evidence: dict[str, tuple[int, dict[str, set[int]]]] = {}


def _evidence_of_rule(s: Session, where: str, rule: str) -> list[int]:
    with _facets_lock:
        seen, index = _rule_evidence.get(where, (0, {}))
    for eid, body in s.execute(select(EVIDENCE.c.id, EVIDENCE.c.body).where(EVIDENCE.c.id > seen)
                               .order_by(EVIDENCE.c.id)):
        for rid in {r["id"] for r in json.loads(body).get("rules", [])}:
            index.setdefault(rid, set()).add(eid)
        seen = eid
    with _facets_lock:
        _rule_evidence[where] = (seen, index)
    return sorted(index.get(rule, ()))


def _fixed(s: Session, where: str, sc: m.Screening) -> _Fixed:
    key = (where, sc.id)
    with _facets_lock:
        hit = _FACETS.get(key)
        if hit is not None:
            _FACETS.move_to_end(key)
            return hit
    kept = s.get(m.ScreeningFacets, sc.id)
    if sc.status != m.COMPLETE or kept is None:  # still coming in, or stored before counts were kept
        decisions = dict(_grouped(s, sc.id, ITEMS.c.decision))
        doc = json.loads(_tally(s, sc.id))
    else:
        decisions = {k: n for k, n in json.loads(sc.counts or "{}").items() if n}
        doc = json.loads(kept.body)
    fixed = _Fixed(decisions, [tuple(x) for x in doc["makers"]], doc["makers_distinct"],
                   [tuple(x) for x in doc["sites"]], doc["sites_distinct"],
                   [tuple(x) for x in doc["rules"]])
    if sc.status == m.COMPLETE:  # a running screening's items are still coming in
        with _facets_lock:
            _FACETS[key] = fixed
            while len(_FACETS) > FACET_CACHE:
                _FACETS.popitem(last=False)
    return fixed


def final_counts(s: Session, sid: int, screened: dict[str, int]) -> dict[str, int]:
    """Items per decision after review: the screened counts, moved by the items a review changed."""
    return screenings.after_review(s, screened, {sid})


def facets(s: Session, where: str, sc: m.Screening) -> Facets:
    """The screening's items counted (see ``Facets``)."""
    f = _fixed(s, where, sc)
    return Facets(f.decisions, final_counts(s, sc.id, f.decisions), f.makers, f.makers_distinct, f.sites,
                  f.sites_distinct, f.rules, sum(f.decisions.values()))


def _where(s: Session, where: str, sc: m.Screening, flt: ItemFilter, q: Select[Any]) -> Select[Any]:
    q = q.where(ITEMS.c.screening_id == sc.id)
    if flt.decision:
        # Four values: with another filter, that one's index is the narrower, and a planner without
        # statistics would take this one (``|| ''`` keeps it off the index; 3.6 s → ms at 1M rows).
        other = flt.maker or flt.site or flt.rule
        q = q.where((ITEMS.c.decision.concat("") if other else ITEMS.c.decision) == flt.decision)
    if flt.maker:
        # As stored (a link from the counts) or as typed (normalised the way it was stored).
        q = q.where(ITEMS.c.maker.in_(sorted({flt.maker, screenings._maker_key(flt.maker)})))
    if flt.site:
        q = q.where(ITEMS.c.site == flt.site)
    if flt.rule:
        q = q.where(ITEMS.c.evidence_id.in_(_evidence_of_rule(s, where, flt.rule)))
    return q


def _count(s: Session, where: str, sc: m.Screening, flt: ItemFilter) -> int:
    """Items matching ``flt``: from the kept counts when one filter is set, else counted."""
    f = _fixed(s, where, sc)
    only = [k for k, v in flt.params().items() if v]
    if not only:
        return sum(f.decisions.values())
    if only == ["decision"]:
        return f.decisions.get(flt.decision, 0)
    if only == ["rule"]:
        return dict(f.rules).get(flt.rule, 0)
    return int(s.scalar(_where(s, where, sc, flt, select(func.count()).select_from(ITEMS))) or 0)


def items_page(s: Session, where: str, team_id: int, sid: int, flt: ItemFilter, page: int = 1,
               size: int = PAGE_SIZE) -> tuple[m.Screening, ItemPage]:
    """The screening and one page of its items matching ``flt``, in their input order. A page past
    the last is empty (its ``pages`` says how many there are)."""
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise Invalid(f"page size {size}: between 1 and {MAX_PAGE_SIZE}")
    if page < 1:
        raise Invalid(f"page {page}: pages are numbered from 1")
    sc = screenings.get(s, team_id, sid)
    total = _count(s, where, sc, flt)
    if flt:
        q = _where(s, where, sc, flt, select(ITEMS.c.id)).order_by(ITEMS.c.id).limit(size).offset((page - 1) * size)
    else:  # items are numbered 1..n in their screening: a page is a range, read from the unique index
        q = select(ITEMS.c.id).where(ITEMS.c.screening_id == sid, ITEMS.c.seq > (page - 1) * size,
                                     ITEMS.c.seq <= page * size)
    ids = list(s.scalars(q))
    rows = list(s.scalars(select(m.ScreeningItem).where(m.ScreeningItem.id.in_(ids)).order_by(m.ScreeningItem.seq)))
    return sc, ItemPage([(r, r.doc()) for r in rows], flt, page, size, total)


# -- the full result as a file, streamed --------------------------------------------------------


def _batches(store: Store, sid: int, wanted: Callable[[int], bool]) -> Iterator[tuple[Sequence[Any], dict[int, str]]]:
    """The screening's items in input order, EXPORT_BATCH at a time, as rows of (seq, ref, decision,
    final_decision, review_state, note, maker, site, result, evidence_id), with the bodies (text)
    of the batch's evidence rows that ``wanted`` asks for; one read transaction, so the file is one
    moment's state. Nothing is kept from one batch to the next here: what the writer keeps is its
    own choice and bound."""
    with store.session() as s:
        after = 0
        while True:
            rows = s.execute(
                select(ITEMS.c.seq, ITEMS.c.ref, ITEMS.c.decision, ITEMS.c.final_decision, ITEMS.c.review_state,
                       ITEMS.c.note, ITEMS.c.maker, ITEMS.c.site, ITEMS.c.result, ITEMS.c.evidence_id)
                .where(ITEMS.c.screening_id == sid, ITEMS.c.seq > after).order_by(ITEMS.c.seq).limit(EXPORT_BATCH)
            ).all()
            if not rows:
                return
            ids = sorted({r.evidence_id for r in rows if r.evidence_id is not None and wanted(r.evidence_id)})
            bodies: dict[int, str] = {}
            for i in range(0, len(ids), 500):  # under any database's bound on parameters
                found = s.execute(select(EVIDENCE.c.id, EVIDENCE.c.body).where(EVIDENCE.c.id.in_(ids[i:i + 500])))
                bodies.update((eid, body) for eid, body in found)
            yield rows, bodies
            after = rows[-1].seq


def _evidence_columns(d: dict[str, Any]) -> tuple[str, str, str]:
    """The entities, lists and rules columns of a flat export, from an item's matches and rules."""
    matches = d.get("matches", [])
    return ("; ".join(dict.fromkeys(fm["entity"]["name"] for fm in matches)),
            "; ".join(dict.fromkeys(x["id"] for fm in matches for dd in fm["designated"] for x in dd["lists"])),
            "; ".join(dict.fromkeys(r["id"] for r in d.get("rules", []))))


def _flat_rows(store: Store, sid: int) -> Iterator[list[dict[str, Any]]]:
    """The screening's items as the rows of a flat file (``CSV_COLUMNS``), a batch at a time. Each
    evidence row is parsed once into its three short columns, and up to EXPORT_EVIDENCE of those
    are kept for the batches to come (a list names the same few thousand makers' evidence again
    and again), not the parsed evidence itself (~20 KB of objects each)."""
    kept: OrderedDict[int, tuple[str, str, str]] = OrderedDict()
    for rows, bodies in _batches(store, sid, lambda eid: eid not in kept):
        for eid, body in bodies.items():
            kept[eid] = _evidence_columns(json.loads(body))
        out = []
        for seq, ref, decision, final, state, note, maker, site, result, eid in rows:
            own = json.loads(result)
            if eid is not None:
                entities, lists, rules = kept[eid]
                kept.move_to_end(eid)
            else:  # no evidence, or an item stored whole before evidence had a table of its own
                entities, lists, rules = _evidence_columns(own)
            out.append({"seq": seq, "ref": ref, "line": own.get("line"), "decision": decision, "final_decision": final,
                        "review_state": state, "maker": maker, "site": site, "entities": entities, "lists": lists,
                        "rules": rules, "reason": own.get("reason", ""), "note": note})
        while len(kept) > EXPORT_EVIDENCE:  # a screening with ever new evidence: keep the recent
            kept.popitem(last=False)
        yield out


def _csv(store: Store, team_id: int, sid: int) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for batch in _flat_rows(store, sid):
        for f in batch:
            w.writerow([defuse(f[c]) for c in CSV_COLUMNS])
        yield buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue().encode("utf-8")


def _json(store: Store, team_id: int, sid: int, head: dict[str, Any]) -> Iterator[bytes]:
    """The CLI's JSON contract with each item's review, written an item batch at a time. An item's
    evidence is written as stored (its text, never parsed here): the evidence of a batch is all
    the export holds of it."""
    text = json.dumps(head, ensure_ascii=False, default=str)
    yield (text[:-1] + (', ' if head else '') + '"items": [').encode("utf-8")
    first = True
    for rows, bodies in _batches(store, sid, lambda eid: True):
        parts = []
        for _, _, _, final, state, note, _, _, result, eid in rows:
            own = json.loads(result)
            inner = bodies[eid].strip()[1:-1].strip() if eid is not None else ""
            if not inner:  # no evidence, or an item stored whole before evidence had a table of its own
                own.setdefault("matches", [])
                own.setdefault("rules", [])
            item = json.dumps({**own, "final_decision": final, "review_state": state, "note": note},
                              ensure_ascii=False, default=str)
            parts.append(item[:-1] + ", " + inner + "}" if inner else item)
        yield (("" if first else ", ") + ", ".join(parts)).encode("utf-8")
        first = False
    yield b"]}"


class _Sink(io.RawIOBase):
    """A write-only file that keeps what was written until it is taken, for a streamed Parquet file."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.chunks.append(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def take(self) -> bytes:
        out, self.chunks = b"".join(self.chunks), []
        return out


def _arrow_batches(batches: Iterator[list[dict[str, Any]]]) -> Iterator[Any]:
    """Each batch of flat rows as an Arrow table (``CSV_COLUMNS``: seq and line as integers, a
    missing line null, every other column a string, empty ones empty, never null).

    Built from the columns' buffers, not by converting Python lists (``pa.array``,
    ``Table.from_pylist``): that imports pandas where it is installed, ~60 MB of the web process
    for the rest of its life, and Arrow's CSV reader costs ~20 MB more to start than this."""
    import pyarrow as pa

    schema = pa.schema([(c, pa.int64() if c in ("seq", "line") else pa.string()) for c in CSV_COLUMNS])
    for batch in batches:
        yield pa.Table.from_arrays(
            [nullable_int64s([f[c] for f in batch]) if c in ("seq", "line") else strings([f[c] for f in batch])
             for c in CSV_COLUMNS], schema=schema)


def _parquet(store: Store, team_id: int, sid: int) -> Iterator[bytes]:
    """One row group per batch, each sent as soon as it is written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.int64() if c in ("seq", "line") else pa.string()) for c in CSV_COLUMNS])
    sink = _Sink()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for table in _arrow_batches(_flat_rows(store, sid)):
            writer.write_table(table)
            yield sink.take()
    yield sink.take()


def parquet_available() -> bool:
    """Whether pyarrow is installed, without importing it (a second or more on the first page)."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def export(store: Store, team_id: int, sid: int, fmt: str) -> tuple[Iterator[bytes], str, str]:
    """The screening's full result as a file streamed from the store: (chunks, media type, file
    name). NotFound for another team's screening and Invalid for a format it cannot write are
    raised here, before the first chunk."""
    if fmt not in EXPORT_FORMATS:
        raise Invalid(f"export format {fmt[:20]!r}: one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet" and not parquet_available():
        raise Invalid("Parquet export needs pyarrow: pip install 'supplyscreen[parquet]'")
    with store.session() as s:
        sc = screenings.get(s, team_id, sid)
        head = screenings.summary(sc)
    name = sc.file_name.rsplit(".", 1)[0] or "screening"
    if fmt == "csv":
        return _csv(store, team_id, sid), "text/csv; charset=utf-8", f"{name}.csv"
    if fmt == "json":
        return _json(store, team_id, sid, head), "application/json", f"{name}.json"
    return _parquet(store, team_id, sid), "application/vnd.apache.parquet", f"{name}.parquet"
