"""The counts a screening keeps (decisions after review, items per evidence and maker for the events
page) are what counting its stored items says, after any sequence of reviews, revocations and
re-runs, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from supplyscreen.service import intel, results, review, screenings, users
from supplyscreen.store import models as m

INTEL = Path(__file__).parent.parent / "assets" / "intel"
PW = "correct horse battery"
# Makers that are excluded, need review and are clean, at different periods, so every review
# action has items to act on and reviews of one maker touch several items.
VENDORS = ("Huawei", "Hikvision", "Dahua", "Cisco Systems", "", "ZTE", "Hytera")
SITES = ("North", "South")


def inventory(n: int) -> bytes:
    rows = ["asset_id,site,vendor,model"]
    rows += [f"A{i:04d},{SITES[i % 2]},{VENDORS[i % len(VENDORS)]},M{i % 3}" for i in range(n)]
    return ("\n".join(rows) + "\n").encode()


def recount(s: Any, sid: int) -> tuple[dict[str, int], dict[str, int]]:
    """(screened, after review) decisions of the screening's items, counted row by row."""
    items = m.ScreeningItem
    by = {col: {k: n for k, n in s.execute(select(col, func.count()).where(items.screening_id == sid).group_by(col))}
          for col in (items.decision, items.final_decision)}
    return by[items.decision], by[items.final_decision]


def regroup(s: Any, sid: int) -> set[tuple[int, str, int, int]]:
    items = m.ScreeningItem
    return {tuple(r) for r in s.execute(  # type: ignore[misc]
        select(items.evidence_id, items.maker, func.count(), func.min(items.id))
        .where(items.screening_id == sid, items.evidence_id.is_not(None))
        .group_by(items.evidence_id, items.maker))}


def kept_groups(s: Any, sid: int) -> set[tuple[int, str, int, int]]:
    g = m.ScreeningGroup
    return {tuple(r) for r in s.execute(  # type: ignore[misc]
        select(g.evidence_id, g.maker, g.items, g.first_item).where(g.screening_id == sid))}


def agree(store: Any, team: int, sids: list[int]) -> None:
    with store.session() as s:
        totals: dict[str, int] = {}
        for sid in sids:
            f = results.facets(s, store.url, screenings.get(s, team, sid))
            screened, final = recount(s, sid)
            assert f.decisions == screened and f.final == final, sid
            assert f.total == sum(final.values())
            assert kept_groups(s, sid) == regroup(s, sid) != set()
            for k, n in final.items():
                totals[k] = totals.get(k, 0) + n
        assert screenings.decision_totals(s, team) == totals


ACTION = st.tuples(st.sampled_from(["confirm-exclude", "confirm-allow", "false_positive", "waive", "approve",
                                    "revoke-waiver", "revoke-fp", "rerun"]),
                   st.integers(0, 10_000))


@pytest.fixture
def reviewed(store: Any) -> Any:
    with store.session() as s:
        rita = users.create_user(s, "red", "rita", PW, "reviewer")
        users.create_user(s, "red", "rob", PW, "reviewer")
    sid = screenings.submit(store, screenings.Submission(rita.team_id, "rita", rita.id, "fleet.csv", inventory(42),
                                                         "us-ndaa-889", None, "inventory"))
    return store, rita.team_id, [sid]


def _act(store: Any, team: int, sids: list[int], action: str, pick: int) -> None:
    """One review action on the pick-th item it can apply to (nothing when there is none)."""
    with store.session() as s:
        if action in ("approve", "revoke-waiver"):
            ws = [w for w in review.waivers(s, team) if w.status == (m.PROPOSED if action == "approve" else m.ACTIVE)]
            if ws:
                w = ws[pick % len(ws)]
                if action == "approve":
                    review.approve_waiver(s, team, w.id, "rob" if w.granted_by == "rita" else "rita")
                else:
                    review.revoke_waiver(s, team, w.id, "rob", "the exemption ended")
            return
        if action == "revoke-fp":
            fps = review.false_positives(s, team, m.ACTIVE)
            if fps:
                review.revoke_false_positive(s, team, fps[pick % len(fps)].id, "rob", "it was the real one")
            return
        sid = sids[pick % len(sids)]
        if action == "rerun":
            s.rollback()
    if action == "rerun":
        sids.append(screenings.rerun(store, team, sid, "rita", None))
        return
    with store.session() as s:
        open_ = [i for i in screenings.get(s, team, sid).items if i.decision in ("exclude", "review")]
        it = open_[pick % len(open_)]
        try:
            if action.startswith("confirm"):
                review.act(s, team, it.id, "rita", "confirm", "checked on site", action.split("-")[1])
            elif action == "false_positive":
                review.act(s, team, it.id, "rita", "false_positive", "our own brand", "allow")
            else:
                review.act(s, team, it.id, "rita", "waive", "approved exemption", "allow", "rob",
                           dt.date.today() + dt.timedelta(days=30), review.SCOPES[pick % 2])
        except review.ReviewError:
            s.rollback()  # an action the item does not take (a waived item confirmed): refused, nothing changed


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(ACTION, min_size=1, max_size=6))
def test_kept_counts_equal_a_recount_after_any_reviews(reviewed: Any, actions: list[tuple[str, int]]) -> None:
    store, team, sids = reviewed
    agree(store, team, sids)
    for action, pick in actions:
        _act(store, team, sids, action, pick)
        agree(store, team, sids)


def with_news(store: Any) -> tuple[int, int]:
    """(team, screening): a team with the news articles of tests/assets/intel/batch and a screened
    inventory whose makers those articles restrict."""
    with store.session() as s:
        team = users.create_user(s, "red", "rita", PW, "reviewer").team_id
    intel.add_articles(store, team, "rita", [intel.Upload(p.name, p.read_bytes())
                                             for p in sorted((INTEL / "batch").iterdir()) if p.name != "empty.txt"])
    return team, screenings.submit(store, screenings.Submission(team, "rita", None, "fleet.csv", inventory(30),
                                                                "us-ndaa-889"))


def test_copied_items_are_counted_again_when_kept(store: Any) -> None:
    """Items added to a stored screening (a benchmark's copies) are in its groups once kept again;
    the events page's per-event counts are the per-item alerts counted."""
    team, sid = with_news(store)
    with store.writing() as s:
        cols = [c.name for c in m.ScreeningItem.__table__.columns if c.name not in ("id", "seq", "ref")]
        for it in list(s.scalars(select(m.ScreeningItem).where(m.ScreeningItem.screening_id == sid))):
            s.add(m.ScreeningItem(**{c: getattr(it, c) for c in cols}, seq=it.seq + 30, ref=it.ref + "-copy"))
    with store.session() as s:
        assert kept_groups(s, sid) != regroup(s, sid)
    results.keep_facets(store, sid)
    with store.session() as s:
        assert kept_groups(s, sid) == regroup(s, sid)
        per_item = intel.alerts(s, team)
        summary = intel.alert_summary(s, team)
    assert summary and {a.event_id: len(h) for a, h in per_item} == {a.event_id: a.items for a in summary}


def test_items_stored_whole_before_their_groups_still_alert(store: Any) -> None:
    """A screening stored before evidence had a table (its items whole, no counts kept, no groups)
    is read item by item, and alerts as the same screening stored since does."""
    from sqlalchemy import delete

    team, sid = with_news(store)
    with store.session() as s:
        since = {(a.event_id, a.items) for a in intel.alert_summary(s, team)}
    with store.writing() as s:
        for it in s.scalars(select(m.ScreeningItem).where(m.ScreeningItem.screening_id == sid,
                                                           m.ScreeningItem.evidence_id.is_not(None))):
            # As the store wrote an item whole: compact JSON (service/intel.py finds its matches so).
            it.result, it.evidence_id = json.dumps(it.doc(), separators=(",", ":")), None
        s.execute(delete(m.ScreeningGroup).where(m.ScreeningGroup.screening_id == sid))
        s.execute(delete(m.ScreeningFacets).where(m.ScreeningFacets.screening_id == sid))
    with store.session() as s:
        assert since and {(a.event_id, a.items) for a in intel.alert_summary(s, team)} == since
