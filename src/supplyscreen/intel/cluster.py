"""Group claims from different outlets into events on their slots: the same jurisdiction, the same
target groups, no two different regulators, and dates close together. The measure label is not
required to agree (outlets name one decision differently, and labels are read per language); it
only asks for a closer date when two reports call the measure by different specific names. An
undated report joins the one dated event its slots agree with. Nothing here reads words of one
language, so reports in different languages group by construction.

Single-link union-find over pairs: reports of one measure chain together even when two of them
share little but the third bridges them (a headline and a long analysis).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from supplyscreen.intel.model import Claim, Event, Measure, Source, Status, Target
from supplyscreen.intel.rules import MEASURE_ORDER

# Outlets report a measure within days of it; law-firm alerts and weekly round-ups within two weeks.
# Distinct measures by one government against the same firms come months apart (UK Jan/Jul 2020).
WINDOW = dt.timedelta(days=14)
# Two reports that call the measure by different specific names ("entity listing" / "procurement
# ban") are one event only when dated this close (a report appears within a weekend of the news; a
# government's second measure against the same firms comes weeks later), unless an instrument or
# their wording ties them.
SAME_NEWS = dt.timedelta(days=3)
# ... and this close when either date is only a publication date (a follow-up published three days
# later may report the government's next step).
SAME_NEWS_PUBLISHED = dt.timedelta(days=1)
# Measures commence weeks or months after they are decided (India's trusted-source rule: decided
# March 2021, in force June 2021; the Kaspersky sales ban: 30 days; the UK's core deadline: a year).
COMMENCEMENT = dt.timedelta(days=366)
# Wording overlap (Jaccard of content words) that ties two differently-named reports in one language;
# unrelated stories about the same firms overlap less than 0.05 on the dev set.
SAME_STORY = 0.12
# Measures on operators' networks that outlets name differently for one decision ("Sweden bans Huawei
# from 5G" / "licence conditions"; "removal deadlines" / "5G ban"): never a reason to split.
NETWORK_FAMILY = frozenset({Measure.NETWORK_EXCLUSION, Measure.LICENSE_CONDITION, Measure.REMOVAL_ORDER,
                            Measure.ADVISORY})
# Authorities whose names identify one body that acts on its own: two of them are two measures (the
# FCC's licence revocation and BIS's listing in one week). Ministers and governments are not: one
# decision is announced by several ("Industry Minister" and "Public Safety Minister").
SPECIFIC_AUTHORITY = frozenset({"regulator", "agency"})
_RANK = {Status.REPORTED: 0, Status.PROPOSED: 1, Status.DECIDED: 2, Status.IN_FORCE: 3, Status.REVERSED: 4}


def _keys(c: Claim) -> set[str]:
    return {t.group or t.entity_id for t in c.targets}


def _authorities_differ(a: Claim, b: Claim) -> bool:
    return (a.authority_kind in SPECIFIC_AUTHORITY and b.authority_kind in SPECIFIC_AUTHORITY
            and a.authority != b.authority)


def _authorities_agree(a: Claim, b: Claim) -> bool:
    return bool(a.authority_kind and a.authority_kind != "government" and a.authority == b.authority)


def _labels_compatible(a: Claim, b: Claim) -> bool:
    return a.measure == b.measure or (a.measure in NETWORK_FAMILY and b.measure in NETWORK_FAMILY)


def same_event(a: Claim, b: Claim) -> bool:
    """Whether two claims report one measure, from their slots."""
    if a.path == b.path or a.jurisdiction != b.jurisdiction or _authorities_differ(a, b):
        return False
    ka, kb = _keys(a), _keys(b)
    if (ka or kb) and not ka & kb:
        return False
    if a.instruments and b.instruments and not a.instruments & b.instruments:
        return False  # the instrument named decides, whatever the verb
    if a.date and b.date:
        gap = abs(a.date - b.date)
        if gap > WINDOW:
            return False
    elif a.date or b.date:
        # An undated passing mention is not tied to a dated report; an undated report joins later,
        # on its slots (_attach_undated).
        return False
    elif not (a.article_date and b.article_date and abs(a.article_date - b.article_date) <= WINDOW):
        # Undated mentions in articles years apart may be any of a government's measures; two undated
        # reports are one only when they agree on every slot.
        return a.main and b.main and ka == kb and bool(ka) and _authorities_agree(a, b)
    else:
        gap = abs(a.article_date - b.article_date)
    if (a.instruments and b.instruments) or _labels_compatible(a, b):
        return True
    close = SAME_NEWS if (a.date_stated and b.date_stated) else SAME_NEWS_PUBLISHED
    if gap <= close and a.main and b.main:
        return True
    inter = len(a.words & b.words)
    union = len(a.words | b.words) or 1
    return a.main and b.main and inter / union >= SAME_STORY


def group(claims: Sequence[Claim]) -> list[list[Claim]]:
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if find(i) != find(j) and same_event(claims[i], claims[j]):
                parent[find(j)] = find(i)
    out: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        out.setdefault(find(i), []).append(c)
    return _attach_commencements(_attach_passing(_attach_undated(list(out.values()))))


def _attach_passing(clusters: list[list[Claim]]) -> list[list[Claim]]:
    """Undated passing mentions of a measure ("the United States banned federal purchases in
    August", in background) join the one dated event of the same government whose target groups they
    share and whose reports came out within WINDOW of theirs; with none or several they stay apart."""
    def passing(cl: list[Claim]) -> bool:
        return all(not c.main and c.date is None for c in cl)

    for cl in [cl for cl in clusters if passing(cl)]:
        head = cl[0]
        published = [c.article_date for c in cl if c.article_date]
        fits = []
        for other in clusters:
            if other is cl or passing(other) or other[0].jurisdiction != head.jurisdiction:
                continue
            if not _keys(head) & set().union(*(_keys(c) for c in other)):
                continue
            if any(_authorities_differ(a, b) for a in cl for b in other):
                continue
            theirs = [c.article_date for c in other if c.article_date]
            if any(abs(a - b) <= WINDOW for a in published for b in theirs):
                fits.append(other)
        if len(fits) == 1:
            fits[0].extend(cl)
            clusters = [x for x in clusters if x is not cl]
    return clusters


def _attach_undated(clusters: list[list[Claim]]) -> list[list[Claim]]:
    """A report with no date at all (no metadata, dateline or dated file name) joins the dated event
    whose slots it matches: the same jurisdiction and the same target groups, no regulator against
    another; when several do, only the one whose authority it names too. Otherwise it stays alone:
    unknown stays unknown."""
    def undated(cl: list[Claim]) -> bool:
        return all(c.date is None and c.article_date is None for c in cl) and any(c.main for c in cl)

    for cl in [cl for cl in clusters if undated(cl)]:
        head = next(c for c in cl if c.main)
        if not _keys(head):
            continue
        fits = []
        for other in clusters:
            if other is cl or undated(other):
                continue
            mains = [c for c in other if c.main and c.date]
            if not mains:
                continue
            o = mains[0]
            if o.jurisdiction != head.jurisdiction or _keys(o) != _keys(head) or _authorities_differ(o, head):
                continue
            fits.append((any(_authorities_agree(head, c) for c in mains), other))
        agreed = [o for ok, o in fits if ok]
        best = agreed if agreed else [o for _, o in fits]
        if len(best) == 1:
            best[0].extend(cl)
            clusters = [x for x in clusters if x is not cl]
    return clusters


def _attach_commencements(clusters: list[list[Claim]]) -> list[list[Claim]]:
    """A report that a measure takes effect ("the rules kick in today") joins the latest earlier
    decision of the same government against the same firms, of the same kind, within COMMENCEMENT;
    one at a time, after grouping, so a commencement never bridges two decisions."""
    def only_commencement(cl: list[Claim]) -> bool:
        mains = [c for c in cl if c.main]
        return bool(mains) and all(c.status == Status.IN_FORCE for c in mains)

    def first_date(cl: list[Claim]) -> dt.date | None:
        return min((c.date for c in cl if c.date and c.main), default=None)

    for cl in [cl for cl in clusters if only_commencement(cl)]:
        start = first_date(cl)
        head = next(c for c in cl if c.main)
        if start is None or not _keys(head):
            continue
        best: tuple[dt.date, list[Claim]] | None = None
        for other in clusters:
            d = first_date(other)
            if other is cl or d is None or not (start - COMMENCEMENT <= d < start) or only_commencement(other):
                continue
            o = next(c for c in other if c.main)
            if o.jurisdiction != head.jurisdiction or not (_keys(o) & _keys(head)):
                continue
            if not (o.measure == head.measure or {o.measure, head.measure} <= NETWORK_FAMILY):
                continue
            if best is None or d > best[0]:
                best = (d, other)
        if best is not None:
            best[1].extend(cl)
            clusters = [x for x in clusters if x is not cl]
    return clusters


def build_events(claims: Sequence[Claim]) -> tuple[list[Event], dict[int, str]]:
    """Events (ids e1, e2, … in date order) and the event id of each claim, by claim index."""
    index = {id(c): i for i, c in enumerate(claims)}
    clusters = group(claims)
    clusters.sort(key=lambda cl: (min((c.date for c in cl if c.date), default=dt.date.max), cl[0].jurisdiction,
                                  min(c.path for c in cl)))
    events, of_claim = [], {}
    for n, cl in enumerate(clusters, 1):
        eid = f"e{n}"
        events.append(_event(eid, cl))
        for c in cl:
            of_claim[index[id(c)]] = eid
    return events, of_claim


def _event(eid: str, cl: list[Claim]) -> Event:
    mains = [c for c in cl if c.main] or cl
    votes: Counter[Measure] = Counter()
    for c in cl:
        votes[c.measure] += 2 if c.main else 1
    # A tie goes to the more specific instrument; "other" only when nothing else was said.
    measure = max(votes, key=lambda m: (votes[m], -MEASURE_ORDER.index(m)))
    targets: dict[str, Target] = {}
    for c in sorted(cl, key=lambda c: not c.main):
        for t in c.targets:
            targets.setdefault(t.group or t.entity_id, t)
    latest = max(mains, key=lambda c: (c.article_date or dt.date.min, _RANK[c.status]))
    status = latest.status
    # The event's date is its decision's: a main report before a passing mention, the decision
    # before its commencement, a date the report states before its publication date, a decision
    # before a rumour.
    def weight(c: Claim) -> tuple[bool, bool, bool, bool]:
        return (not c.main, c.status == Status.IN_FORCE, not c.date_stated,
                c.status not in (Status.DECIDED, Status.IN_FORCE))

    dated = [c for c in cl if c.date]
    best = min((weight(c) for c in dated), default=None)
    dates = [c.date for c in dated if c.date and weight(c) == best]
    date = min(dates) if dates else None
    auths = Counter(c.authority for c in mains if c.authority and not c.authority.startswith("Government of"))
    authority = auths.most_common(1)[0][0] if auths else mains[0].authority
    scope = "; ".join(dict.fromkeys(p for c in mains for p in c.scope.split("; ") if p))
    reasons = tuple(dict.fromkeys(r for c in mains for r in c.reasons))
    deadlines = tuple(dict.fromkeys(d for c in mains for d in c.deadlines))
    evidence = tuple(e for c in mains[:1] for e in c.evidence)
    sources = tuple(Source(c.path, c.quote, c.outlet, c.status, c.main) for c in sorted(cl, key=lambda c: c.path))
    return Event(eid, cl[0].jurisdiction, measure, tuple(targets.values()), status, date, sources, authority,
                 scope, reasons, deadlines, evidence, conflicts(cl))


def conflicts(cl: list[Claim]) -> tuple[str, ...]:
    """Disagreements between sources: on the status of the measure, and officials denying it."""
    out = []
    mains = [c for c in cl if c.main]
    statuses = {c.status for c in mains}
    if len(statuses) > 1:
        by = sorted(mains, key=lambda c: (_RANK[c.status], c.path))
        parts = [f"{c.outlet or c.path} ({c.article_date or 'undated'}): {c.status.value}" for c in by]
        out.append("Sources differ on the status: " + "; ".join(parts) + ".")
    for c in mains:
        for d in c.denials:
            out.append(f"{c.outlet or c.path} quotes a contrary statement: \u201c{d}\u201d")
    deadline_years = {d[-4:] for c in mains for d in c.deadlines if d[-4:].isdigit()}
    if len({c.path for c in mains if c.deadlines}) > 1 and len(deadline_years) > 1:
        out.append("Sources give different deadlines: " + ", ".join(
            f"{c.outlet or c.path}: {', '.join(c.deadlines)}" for c in mains if c.deadlines) + ".")
    return tuple(out)
