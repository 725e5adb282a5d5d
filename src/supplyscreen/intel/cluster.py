"""Group claims from different outlets into events on their slots: the same jurisdiction, the same
target groups, no two different regulators, and dates close together. The measure label is not
required to agree (outlets name one decision differently, and labels are read per language); it
only asks for a closer date when two reports call the measure by different specific names. An
undated report (or one dated only by its publication) joins the dated event its slots agree with
best, scored by `similarity` (declared weights below), when that event clearly beats every other
candidate. Nothing here reads words of one
language, so reports in different languages group by construction.

Single-link union-find over pairs: reports of one measure chain together even when two of them
share little but the third bridges them (a headline and a long analysis). The chain is bounded: a
join that would make an event's main reports span more than WINDOW is refused, so a run of
reports a week apart never links two measures a month apart. Claims are put in a canonical order
first, so the events do not depend on the order the articles were read in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence

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
# Authorities that show their own government acting (a bare "government" noun does not: "the Chinese
# government" is as often the firms' background as the actor).
ACTING_KINDS = frozenset({"regulator", "agency", "ministry", "legislature"})
# Weights of the slots when a report has no date to place it (`similarity`). Hard gates come
# first (another jurisdiction, two different regulators, no target in common, different named
# instruments): those are never one measure. The weights then say how much each agreement tells.
# Target groups are the most specific slot (a measure names its firms), scored as the mean of the
# overlap coefficient (a short report that names two of an order's five firms still names only
# the order's firms) and Jaccard (of two events with those firms, the one naming fewer others fits
# better).
W_TARGETS = 3.0
# The same named authority (regulator, agency, department; not a bare "government"): one body's act.
W_AUTHORITY = 2.0
# The same measure label: labels are read per language and often differ for one decision, so a
# soft hint only; the same family of network measures counts half.
W_MEASURE = 1.0
# Both reports state where the measure stands (proposed / decided / reversed): the same stage
# agrees, different stages are a proposal and its adoption, two events. "reported" tells nothing.
W_STATUS = 1.0
# Both reports name the same deadline year ("by 2027", "entro il 2027", "2027年までに"): a measure's
# own date, read the same in every language. No penalty when they differ: outlets quote different
# deadlines of one measure (surfaced as a conflict).
W_DEADLINE = 1.0
# An undated report joins a dated event on at least this: exactly the event's firms, or some of them
# with the same named authority or label; an authority and a label without the firms never suffice.
UNDATED_JOIN = 3.0
# Two undated reports join each other only on more: all firms and the same named authority, since
# with no date at all two measures years apart look alike.
UNDATED_PAIR = 5.0
# The best dated event must beat the runner-up by this much (one slot's worth); otherwise the
# report agrees with two measures and stays alone: unknown stays unknown.
MARGIN = 1.0
# The reason shown for a report placed in another government's event (`_attach_misread`).
MISREAD = ("{source} names no government acting but the firms' own ({read}); it is placed in this {event} "
           "event by its firms and date.")
_STAGE = {Status.PROPOSED: 0, Status.DECIDED: 1, Status.IN_FORCE: 1, Status.REVERSED: 2}
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


def _gated(a: Claim, b: Claim, *, across: bool = False) -> bool:
    """Slots that rule out one measure whatever else agrees (the jurisdiction too, unless ``across``:
    one of the two may have read it wrongly, `_attach_misread`)."""
    ka, kb = _keys(a), _keys(b)
    return ((a.jurisdiction != b.jurisdiction and not across) or _authorities_differ(a, b)
            or bool((ka or kb) and not ka & kb)
            or bool(a.instruments and b.instruments and not a.instruments & b.instruments))


def similarity(a: Claim, b: Claim, *, across: bool = False, placing: bool = False) -> float:
    """How strongly two reports' slots say they describe one measure, dates aside (0 when a gate
    rules it out; the jurisdiction is no gate with ``across``); the weights are declared above.
    With ``placing``, ``a`` is a report being placed in ``b``'s event: the share of a's own firms
    that b names counts instead of the overlap coefficient, since an event that names one of the
    report's four firms leaves three unexplained (a short report naming one of the event's firms
    still scores as before)."""
    if _gated(a, b, across=across):
        return 0.0
    ka, kb = _keys(a), _keys(b)
    shared = len(ka & kb)
    part = shared / len(ka) if placing else shared / min(len(ka), len(kb)) if ka and kb else 0.0
    score = W_TARGETS * (part + shared / len(ka | kb)) / 2 if ka and kb else 0.0
    if _authorities_agree(a, b):
        score += W_AUTHORITY
    if a.measure == b.measure and a.measure not in (Measure.OTHER, Measure.UNKNOWN):
        score += W_MEASURE
    elif a.measure in NETWORK_FAMILY and b.measure in NETWORK_FAMILY:
        score += W_MEASURE / 2
    if a.status in _STAGE and b.status in _STAGE:
        score += W_STATUS if _STAGE[a.status] == _STAGE[b.status] else -W_STATUS
    if _deadline_years(a) & _deadline_years(b):
        score += W_DEADLINE
    return score


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _deadline_years(c: Claim) -> set[str]:
    return {y for d in c.deadlines for y in _YEAR.findall(d)}


def same_event(a: Claim, b: Claim) -> bool:
    """Whether two claims report one measure, from their slots."""
    if a.path == b.path or _gated(a, b):
        return False  # another government, regulator, set of firms or named instrument
    if a.provisional != b.provisional:
        return False  # a claim with no government of its own is placed by _attach_misread alone
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
        # reports are one only when they agree on every slot, the same firms first: a report of one
        # firm's measure and one of a list naming it among others are two measures as often as one
        # (a licence revoked, then the firm listed with two more), and joined they no longer join
        # their own dated events.
        return a.main and b.main and _keys(a) == _keys(b) and similarity(a, b) >= UNDATED_PAIR
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


def _order(c: Claim) -> tuple[object, ...]:
    """A canonical order of claims: by date, then by everything that tells two claims apart."""
    return (c.date or dt.date.max, c.path, not c.main, c.jurisdiction, c.measure.value, sorted(_keys(c)),
            c.authority, c.status.value, c.quote, c.article_date or dt.date.max)


def _span(cl: list[Claim]) -> dt.timedelta:
    dates = [c.date for c in cl if c.date and c.main]
    return max(dates) - min(dates) if dates else dt.timedelta(0)


def group(claims: Sequence[Claim]) -> list[list[Claim]]:
    claims = sorted(claims, key=_order)
    parent = list(range(len(claims)))
    members: dict[int, list[Claim]] = {i: [c] for i, c in enumerate(claims)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            ri, rj = find(i), find(j)
            if ri == rj or not same_event(claims[i], claims[j]):
                continue
            if _span(members[ri] + members[rj]) > WINDOW:
                continue  # the chain would stretch over two measures
            parent[rj] = ri
            members[ri] += members.pop(rj)
    out: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        out.setdefault(find(i), []).append(c)
    placed = _attach_misread(_attach_undated(list(out.values())))
    # A provisional claim no other government's event took reports no acting government: dropped.
    placed = [cl for cl in placed if not all(c.provisional for c in cl)]
    return _attach_commencements(_attach_passing(placed))


def unsure(c: Claim) -> bool:
    """The claim's jurisdiction is its targets' home country and no authority of that country acts
    in it (``Chinese-made cameras`` read as China's measure, or no government named at all): the
    jurisdiction may be the firms' origin misread as the actor."""
    return c.provisional or (c.jurisdiction in c.origins and c.authority_kind not in ACTING_KINDS)


def _attach_misread(clusters: list[list[Claim]]) -> list[list[Claim]]:
    """A cluster whose every main report has an unsure jurisdiction (`unsure`) joins the event of
    another jurisdiction its other slots agree with best (`similarity` across jurisdictions, at
    least UNDATED_JOIN and MARGIN ahead of the next), dated within WINDOW of it when it has a date;
    the event keeps its own jurisdiction. A provisional report with no date at all is not placed:
    with neither a government nor a date, firms alone say too little. Choices are made before any
    join. Otherwise the cluster stays as it was read."""
    def loose(cl: list[Claim]) -> bool:
        mains = [c for c in cl if c.main]
        return bool(mains) and all(unsure(c) for c in mains)

    def days(cl: list[Claim]) -> list[dt.date]:
        return [d for c in cl if c.main for d in (c.date or c.article_date,) if d]

    def placeable(cl: list[Claim], other: list[Claim]) -> bool:
        heads = [c for c in cl if c.main]
        if loose(other) or other[0].jurisdiction == heads[0].jurisdiction:
            return False
        mine = days(cl)
        if not mine:
            return not any(c.provisional for c in heads)
        return any(abs(a - b) <= WINDOW for a in mine for b in days(other))

    return _attach_best(clusters, loose, placeable, across=True)


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
    its slots agree with best (`similarity` with that event's dated main reports, at least
    UNDATED_JOIN), when no other dated event comes within MARGIN of it. Otherwise it stays alone:
    unknown stays unknown. Before that, a report left alone whose only date is its publication date
    does the same among the events dated in the WINDOW up to it: it says when the news was printed,
    not which of a government's measures it was. Candidates are scored on their dated reports only
    and are fixed before any join, so one report's choice never depends on another's."""
    def undated(cl: list[Claim]) -> bool:
        return all(c.date is None and c.article_date is None for c in cl) and any(c.main for c in cl)

    def published_only(cl: list[Claim]) -> bool:
        mains = [c for c in cl if c.main]
        return (len({c.path for c in cl}) == 1 and bool(mains)
                and all(c.date and not c.date_stated for c in mains))

    def stated(cl: list[Claim]) -> list[dt.date]:
        return [c.date for c in cl if c.main and c.date and c.date_stated]

    def printed_after(cl: list[Claim], other: list[Claim]) -> bool:
        printed = max(c.date for c in cl if c.main and c.date)
        return any(printed - WINDOW <= d <= printed + SAME_NEWS_PUBLISHED for d in stated(other))

    clusters = _attach_best(clusters, published_only,
                            lambda cl, o: not published_only(o) and not undated(o) and printed_after(cl, o))
    return _attach_best(clusters, undated, lambda cl, o: not undated(o))


def _attach_best(clusters: list[list[Claim]], loose: Callable[[list[Claim]], bool],
                 candidate: Callable[[list[Claim], list[Claim]], bool], *, across: bool = False) -> list[list[Claim]]:
    """Each loose cluster joins the candidate its slots agree with best (scored on the candidate's
    dated main reports; the jurisdiction no gate with ``across``), at least UNDATED_JOIN and MARGIN
    ahead of the next; the choices are all made before any join."""
    def score(cl: list[Claim], other: list[Claim]) -> float:
        mains = [c for c in other if c.main and c.date]
        heads = [c for c in cl if c.main]
        if not any(_keys(h) for h in heads) or any(_gated(h, o, across=across) for h in heads for o in other if o.main):
            return 0.0
        return max((similarity(h, o, across=across, placing=True) for h in heads for o in mains), default=0.0)

    joins: list[tuple[list[Claim], list[Claim]]] = []
    for cl in [cl for cl in clusters if loose(cl)]:
        scored = sorted(((score(cl, o), n) for n, o in enumerate(clusters) if o is not cl and candidate(cl, o)),
                        reverse=True)
        if not scored or scored[0][0] < UNDATED_JOIN:
            continue
        if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
            continue
        joins.append((cl, clusters[scored[0][1]]))
    for cl, target in joins:
        target.extend(cl)
    joined = {id(cl) for cl, _ in joins}
    return [cl for cl in clusters if id(cl) not in joined]


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
    measure = event_measure(cl)
    targets: dict[str, Target] = {}
    for c in sorted(cl, key=lambda c: not c.main):
        for t in c.targets:
            targets.setdefault(t.group or t.entity_id, t)
    status = event_status(mains)
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
    # The evidence is that of the first main report whose own reading is the event's measure, so the
    # quote and reason shown say why the event's measure won (a report outvoted, or read only from
    # the setting, keeps its own reading on its source).
    lead = next((c for c in mains if c.measure == measure), mains[0])
    evidence = lead.evidence
    sources = tuple(Source(c.path, c.quote, c.outlet, c.status, c.main, c.measure, c.measure_why)
                    for c in sorted(cl, key=lambda c: c.path))
    return Event(eid, cl[0].jurisdiction, measure, tuple(targets.values()), status, date, sources, authority,
                 scope, reasons, deadlines, evidence, conflicts(cl))


def event_status(mains: Sequence[Claim]) -> Status:
    """The status of an event: that of its latest news cycle, which its reports vote on.

    A measure moves on (a draft is adopted, a decision takes effect), so a later report's status
    replaces an earlier one's. Reports of one announcement, published within SAME_NEWS_PUBLISHED of
    the latest report, state one status; each read it from its own words, and one can misread it
    (a draft's "schlägt … vor" as a lifting), so there the most frequent status wins, a tie going to
    the latest report (then the further stage, as before)."""
    latest = max(mains, key=lambda c: (c.article_date or dt.date.min, _RANK[c.status]))
    if latest.article_date is None:
        return latest.status
    day = latest.article_date
    cycle = [c for c in mains if c.article_date and day - c.article_date <= SAME_NEWS_PUBLISHED]
    # Hearsay is no confirmation: a cycle of hedged reports ("selon des sources", 据悉) is
    # ``reported`` however many of them misread the verb, and only a report that states the news as
    # the authority's own (no hedge) can carry the cycle to another status.
    if any(c.hedged for c in cycle):
        cycle = [c for c in cycle if not c.hedged]
        if not cycle:
            return Status.REPORTED
        latest = max(cycle, key=lambda c: (c.article_date or dt.date.min, _RANK[c.status]))
    votes = Counter(c.status for c in cycle)
    top = max(votes.values())
    if votes[latest.status] == top:
        return latest.status
    return max((c for c in cycle if votes[c.status] == top),
               key=lambda c: (c.article_date or dt.date.min, _RANK[c.status])).status


def event_measure(cl: Sequence[Claim]) -> Measure:
    """The measure of an event merging several reports: the vote of their measure distributions (a
    main report counting twice a passing mention, where those vote: below), not of their labels. A label alone drops how sure
    each report was: one outlet's "5G" read as a network exclusion at 0.55 would outvote another's
    "ordered to remove" at 0.85 two to one, and an `unknown` report would vote for nothing. A report
    every language's model was unsure of still says what it leans to. ``unknown`` only when every
    report is; a report with no distribution (built by hand) votes with its label.

    A report that read its label only from the measure's setting (``Claim.measure_setting``: "5G"
    weighed most for a network exclusion) does not vote when a main report of the event reads an
    instrument outside the network family from its own words ("added to the End User List",
    "barred from state contracts"): every outlet names the setting, only what the government did
    tells such measures apart. Within NETWORK_FAMILY the vote stands: outlets name one decision on
    operators' networks as an exclusion, a removal deadline or a licence term ("banned from 5G,
    equipment out by 2027"), and a setting read there is no misreading.

    Passing mentions (another story's background: "Spain, which barred Huawei from its core in
    April") vote only when no main report of the event states a measure: they name the measure as
    the later story needs it, the event's own reports say what it was.

    A tie goes to the more specific instrument; "other" only when nothing else was said."""
    if all(c.measure == Measure.UNKNOWN for c in cl):
        return Measure.UNKNOWN
    instrument = any(c.main and not c.measure_setting and c.measure not in (*NETWORK_FAMILY, Measure.UNKNOWN)
                     for c in cl)
    voters = [c for c in cl if not (instrument and c.measure_setting)]
    if any(c.main and c.measure != Measure.UNKNOWN for c in voters):
        voters = [c for c in voters if c.main]
    votes: dict[Measure, float] = {}
    for c in voters:
        w = 2.0 if c.main else 1.0
        for label, p in c.measure_dist or ((c.measure.value, 1.0),):
            m = Measure(label)
            if m != Measure.UNKNOWN:
                votes[m] = votes.get(m, 0.0) + w * p
    if not votes:
        return Measure.UNKNOWN
    return max(votes, key=lambda m: (round(votes[m], 9), -MEASURE_ORDER.index(m)))


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
        if c.jurisdiction != cl[0].jurisdiction:
            # Placed here by _attach_misread: say what it read and why it is here.
            out.append(MISREAD.format(source=c.outlet or c.path, read=c.jurisdiction, event=cl[0].jurisdiction))
    for c in mains:
        for d in c.denials:
            out.append(f"{c.outlet or c.path} quotes a contrary statement: \u201c{d}\u201d")
    deadline_years = {d[-4:] for c in mains for d in c.deadlines if d[-4:].isdigit()}
    if len({c.path for c in mains if c.deadlines}) > 1 and len(deadline_years) > 1:
        out.append("Sources give different deadlines: " + ", ".join(
            f"{c.outlet or c.path}: {', '.join(c.deadlines)}" for c in mains if c.deadlines) + ".")
    return tuple(out)
