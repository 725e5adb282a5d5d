"""Waivers and false positives as narrow, revocable records (issue 18): the scope defaults to the
part the reviewer looked at, a wider scope needs a second reviewer, the approver is a reviewer of
the team, the expiry is required and capped, a revocation puts back what it cleared, and a
remembered false positive can be undone."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from supplyscreen.service import review, screenings, users
from supplyscreen.store import models as m

# A bid's LTE module by Huawei; a later bid's router, its main board and its OS by Huawei too.
MODULE = b"id,manufacturer,model,product\nM1,\"Huawei Technologies Co., Ltd.\",ME909s-120,LTE module\n"
LATER = (b"id,manufacturer,model,product\nM1,\"Huawei Technologies Co., Ltd.\",ME909s-120,LTE module\n"
         b"R1,\"Huawei Technologies Co., Ltd.\",AR6120,Router\nB1,\"Huawei Technologies Co., Ltd.\",AR6120-MB,Main board\n"
         b"O1,\"Huawei Technologies Co., Ltd.\",VRP 8,Router OS\n")
TODAY = dt.date.today()


def _team(store, name: str = "agency") -> int:  # type: ignore[no-untyped-def]
    with store.session() as s:
        team = users.create_user(s, name, f"olga-{name}", "correct horse battery", "officer").team_id
        users.create_user(s, name, f"rita-{name}", "correct horse battery", "reviewer")
        users.create_user(s, name, f"ren-{name}", "correct horse battery", "reviewer")
        users.create_user(s, name, f"vic-{name}", "correct horse battery", "viewer")
        return team


def _screen(store, team: int, data: bytes = MODULE, name: str = "offer.csv") -> dict[str, m.ScreeningItem]:  # type: ignore[no-untyped-def]
    sid = screenings.submit(store, screenings.Submission(team, "olga-agency", None, name, data, "us-ndaa-889"))
    with store.session() as s:
        return {i.ref: i for i in screenings.get(s, team, sid).items}


def _waive(store, team: int, item_id: int, **kw):  # type: ignore[no-untyped-def]
    args = {"approver": "rita-agency", "expires": TODAY + dt.timedelta(days=90)} | kw
    with store.session() as s:
        return review.act(s, team, item_id, "rita-agency", "waive", "legacy module until the refresh", **args)


def test_a_waiver_clears_only_the_part_it_was_granted_for(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    first = _screen(sqlite_store, team)
    assert first["M1"].final_decision == "exclude"
    _waive(sqlite_store, team, first["M1"].id)
    later = _screen(sqlite_store, team, LATER, "later.csv")
    assert later["M1"].final_decision == "allow" and later["M1"].review_state == m.WAIVED
    for ref in ("R1", "B1", "O1"):  # the same maker, other products: not waived
        assert later[ref].final_decision == "exclude", ref


def test_a_wider_scope_is_an_explicit_choice_approved_by_a_second_reviewer(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    first = _screen(sqlite_store, team)
    _waive(sqlite_store, team, first["M1"].id, scope="maker")
    with sqlite_store.session() as s:
        (w,) = review.waivers(s, team)
        assert w.status == "proposed" and s.get(m.ScreeningItem, first["M1"].id).final_decision == "exclude"
        with pytest.raises(review.ReviewError, match="second reviewer"):
            review.approve_waiver(s, team, w.id, "rita-agency")
    with sqlite_store.session() as s, pytest.raises(review.ReviewError, match="reviewer"):
        review.approve_waiver(s, team, w.id, "vic-agency")
    with sqlite_store.session() as s:
        review.approve_waiver(s, team, w.id, "ren-agency")
        assert s.get(m.ScreeningItem, first["M1"].id).final_decision == "allow"
    later = _screen(sqlite_store, team, LATER, "later.csv")
    assert {r: later[r].final_decision for r in ("M1", "R1", "B1", "O1")} == dict.fromkeys(("M1", "R1", "B1", "O1"),
                                                                                          "allow")


def test_the_approver_is_a_reviewer_of_the_team(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    _team(sqlite_store, "other")
    item = _screen(sqlite_store, team)["M1"].id
    for who in ("CIO Tanaka", "vic-agency", "olga-agency", "rita-other", ""):
        with pytest.raises(review.ReviewError, match="approver"):
            _waive(sqlite_store, team, item, approver=who)


def test_a_waiver_expiry_is_required_and_capped(sqlite_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    item = _screen(sqlite_store, team)["M1"].id
    for expires in (None, dt.date(9999, 12, 31), TODAY + dt.timedelta(days=366), TODAY - dt.timedelta(days=1)):
        with pytest.raises(review.ReviewError, match="expir"):
            _waive(sqlite_store, team, item, expires=expires)
    monkeypatch.setenv("SUPPLYSCREEN_WAIVER_MAX_DAYS", "30")
    with pytest.raises(review.ReviewError, match="30 days"):
        _waive(sqlite_store, team, item, expires=TODAY + dt.timedelta(days=31))
    _waive(sqlite_store, team, item, expires=TODAY + dt.timedelta(days=30))


def test_a_waiver_lists_what_it_clears_and_its_revocation_puts_it_back(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    first = _screen(sqlite_store, team)
    _waive(sqlite_store, team, first["M1"].id)
    later = _screen(sqlite_store, team, LATER, "later.csv")
    with sqlite_store.session() as s:
        (w,) = review.waivers(s, team, status="active")
        assert sorted(i.id for i in review.cleared_by_waiver(s, team, w.id)) == sorted([first["M1"].id,
                                                                                       later["M1"].id])
        assert review.waivers(s, team, status="revoked") == []
        review.revoke_waiver(s, team, w.id, "ren-agency", "the module is replaced")
    with sqlite_store.session() as s:
        for i in (first["M1"].id, later["M1"].id):
            it = s.get(m.ScreeningItem, i)
            assert (it.final_decision, it.review_state) == ("exclude", m.NO_REVIEW)
        assert review.cleared_by_waiver(s, team, w.id) == []
        assert [x.id for x in review.waivers(s, team, status="revoked")] == [w.id]
    assert _screen(sqlite_store, team)["M1"].final_decision == "exclude"


SAME_CAMERA = b"id,vendor,product\nC1,Hikvision,Camera\n"


def test_a_remembered_false_positive_can_be_undone(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    first = _screen(sqlite_store, team, SAME_CAMERA)
    assert first["C1"].review_state == m.PENDING
    with sqlite_store.session() as s:
        review.act(s, team, first["C1"].id, "rita-agency", "false_positive", "our own relabelled camera")
    copy = _screen(sqlite_store, team, SAME_CAMERA, "copy.csv")
    assert copy["C1"].review_state == m.FALSE_POSITIVE
    # Confirming the later copy as a finding undoes the remembered false positive everywhere.
    with sqlite_store.session() as s:
        review.act(s, team, copy["C1"].id, "ren-agency", "confirm", "it is a Hikvision camera after all",
                   outcome="exclude")
    with sqlite_store.session() as s:
        (fp,) = review.false_positives(s, team)
        assert fp.status == "revoked" and fp.revoked_by == "ren-agency"
        assert s.get(m.ScreeningItem, first["C1"].id).review_state == m.PENDING
        assert s.get(m.ScreeningItem, copy["C1"].id).review_state == m.CONFIRMED
    assert _screen(sqlite_store, team, SAME_CAMERA, "third.csv")["C1"].review_state == m.PENDING


def test_a_false_positive_is_revoked_on_its_own(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    team = _team(sqlite_store)
    first = _screen(sqlite_store, team, SAME_CAMERA)
    with sqlite_store.session() as s:
        review.act(s, team, first["C1"].id, "rita-agency", "false_positive", "our own relabelled camera")
        (fp,) = review.false_positives(s, team, status="active")
        assert [i.id for i in review.cleared_by_false_positive(s, team, fp.id)] == [first["C1"].id]
        review.revoke_false_positive(s, team, fp.id, "ren-agency", "the relabel is Hikvision-made")
    with sqlite_store.session() as s:
        assert s.get(m.ScreeningItem, first["C1"].id).review_state == m.PENDING
