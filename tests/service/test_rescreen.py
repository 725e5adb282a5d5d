"""Portfolio re-screen: every stored screening of every team screened again, the changed items
(was → now with both reasons) equal to re-running each screening by hand, alerts, audit, and a
run that survives a worker that stopped midway."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import func, select, update

from supplyscreen.service import designations, jobs, rescreen, screenings, users
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import models as m

ASSETS = Path(__file__).parent.parent / "assets" / "check"
MIXED = (ASSETS / "mixed.csv").read_bytes()
# A fleet of devices of makers no list names, and one a team's administrators will designate.
FLEET = ("id,vendor,product,purpose\n" + "".join(
    f"F{n},{maker},{product},office\n" for n, (maker, product) in enumerate(
        [("Cisco Systems", "Switch"), ("Northwind Optics Ltd", "Camera"), ("Juniper Networks", "Router"),
         ("Northwind Optics Ltd", "Camera"), ("Hikvision", "Camera")] * 3, 1))).encode()


def _team(store, name: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, name, f"admin-{name}", "correct horse battery", "admin")
        return u.team_id, u.username


def _submit(store, team: int, actor: str, data: bytes = MIXED, name: str = "mixed.csv", **kw) -> int:  # type: ignore[no-untyped-def]
    return screenings.submit(store, screenings.Submission(team, actor, None, name, data, "us-ndaa-889", **kw))


def _by_hand(store, team: int, sid: int, actor: str) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """Today's only option: re-run one screening and compare it with the stored one."""
    new = screenings.rerun(store, team, sid, actor, None)
    return sorted([sid, d["ref"], d["before"], d["after"]] for d in screenings.compare(store, team, sid, new))


def _found(store, run: int, team: int | None = None) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return sorted([c["screening_id"], c["ref"], c["was"]["decision"], c["now"]["decision"]]
                  for c in rescreen.changes(store, run, team))


def test_a_rescreen_finds_exactly_the_changes_a_rerun_of_each_screening_finds(store) -> None:  # type: ignore[no-untyped-def]
    red, red_actor = _team(store, "red")
    blue, blue_actor = _team(store, "blue")
    # Screened as of a date the lists were otherwise (Lorex sold by Dahua in 2022): today differs.
    old = [_submit(store, red, red_actor, as_of=dt.date(2022, 1, 1)), _submit(store, blue, blue_actor),
           _submit(store, blue, blue_actor, as_of=dt.date(2021, 6, 1))]
    run = rescreen.start(store, "admin-red", "test")
    assert jobs.work(store, "w1", until_idle=True) == 3
    found = _found(store, run)
    expected = sorted(x for sid, team, actor in zip(old, (red, blue, blue), (red_actor, blue_actor, blue_actor), strict=True)
                      for x in _by_hand(store, team, sid, actor))
    assert expected, "the screenings as of past dates differ from today"
    assert found == expected
    # Each change says what it was and is now, with both reasons naming the row.
    c = rescreen.changes(store, run)[0]
    assert c["was"]["reason"] and c["now"]["reason"] and c["was"]["reason"] != c["now"]["reason"]
    with store.session() as s:
        assert rescreen.progress(s, run)["status"] == m.COMPLETE
        # An alert for each team whose decisions changed, with its counts; a team sees only its own.
        teams_changed = {sid_team for sid_team in (red, blue) if _found(store, run, sid_team)}
        for team in (red, blue):
            alerts = rescreen.alerts(s, team)
            assert (len(alerts) == 1) == (team in teams_changed)
            if alerts:
                assert alerts[0]["changed"] == len(_found(store, run, team)) == sum(alerts[0]["summary"].values())
        actions = [r.action for r in s.scalars(select(m.AuditRecord).order_by(m.AuditRecord.seq))]
        assert actions.count("rescreen.started") == 1 and actions.count("rescreen.completed") == 2
        assert verify_chain(s).ok


def test_a_designation_changes_only_the_rows_of_that_maker(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    blue, blue_actor = _team(store, "blue")
    sid = _submit(store, red, actor, FLEET, "fleet.csv")
    _submit(store, blue, blue_actor, FLEET, "fleet.csv")
    with store.session() as s:
        designations.designate(s, red, actor, "Northwind Optics Ltd", "our own assessment")
    run = rescreen.start(store, actor, "red designated Northwind Optics")
    jobs.work(store, "w1", until_idle=True)
    changes = rescreen.changes(store, run)
    # Only red's list names the maker: six rows of red's fleet, none of blue's.
    assert sorted(c["ref"] for c in changes) == sorted(f"F{n}" for n in (2, 4, 7, 9, 12, 14))
    assert {c["screening_id"] for c in changes} == {sid}
    assert all(c["was"]["decision"] == "allow" and c["now"]["decision"] != "allow" for c in changes)
    assert all("Northwind" in c["now"]["reason"] for c in changes)
    assert _found(store, run) == _by_hand(store, red, sid, actor)


def test_nothing_changed_means_no_change_and_no_alert(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    _submit(store, red, actor)
    run = rescreen.start(store, actor, "same lists")
    jobs.work(store, "w1", until_idle=True)
    assert rescreen.changes(store, run) == []
    with store.session() as s:
        assert rescreen.alerts(s, red) == []
        assert rescreen.progress(s, run)["status"] == m.COMPLETE


def test_an_empty_store_completes_at_once(store) -> None:  # type: ignore[no-untyped-def]
    run = rescreen.start(store, "admin", "nothing stored")
    with store.session() as s:
        assert rescreen.progress(s, run)["status"] == m.COMPLETE


def test_a_run_resumes_after_a_worker_stopped_midway_and_counts_each_change_once(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    sids = [_submit(store, red, actor, as_of=dt.date(2022, 1, 1)) for _ in range(3)]
    run = rescreen.start(store, actor, "crash test")
    # A worker takes a job and stops (its process killed): nothing of its work is committed.
    lost = jobs.claim(store, "dead-worker", lease=60)
    assert lost is not None
    assert jobs.work(store, "w2", until_idle=True) == 2  # the others; the dead worker's job is leased
    with store.session() as s:
        assert rescreen.progress(s, run)["status"] == m.RUNNING
        s.execute(update(m.Job).where(m.Job.id == lost.id).values(lease_until=m.utcnow() - dt.timedelta(seconds=1)))
    assert jobs.work(store, "w2", until_idle=True) == 1
    per_screening = {sid: len([c for c in rescreen.changes(store, run) if c["screening_id"] == sid]) for sid in sids}
    assert len(set(per_screening.values())) == 1 and per_screening[sids[0]] > 0  # the same file, the same changes
    # The dead worker cannot commit a second result for the job it lost.
    with pytest.raises(jobs.LeaseLost), store.session() as s:
        jobs.complete(s, lost)
    with store.session() as s:
        assert rescreen.progress(s, run)["status"] == m.COMPLETE
        job = s.get_one(m.Job, lost.id)
        assert (job.status, job.attempts, job.worker) == (m.DONE, 2, "w2")
        assert s.scalar(select(func.count()).select_from(m.RescreenAlert)) == 1


def test_a_screening_that_cannot_be_rescreened_fails_alone_and_the_run_completes(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    good = _submit(store, red, actor, as_of=dt.date(2022, 1, 1))
    bad = _submit(store, red, actor)
    with store.session() as s:  # a pack no longer shipped
        s.execute(update(m.Screening).where(m.Screening.id == bad).values(policy="withdrawn-pack"))
    run = rescreen.start(store, actor, "one bad")
    for _ in range(3):  # each failed attempt waits its backoff: make it due at once
        jobs.work(store, "w1", until_idle=True)
        with store.session() as s:
            s.execute(update(m.Job).where(m.Job.status == m.QUEUED).values(run_after=m.utcnow()))
    with store.session() as s:
        p = rescreen.progress(s, run)
        assert (p["status"], p["done"], p["failed"]) == (m.COMPLETE, 1, 1)
        job = s.scalars(select(m.Job).where(m.Job.group_id == run, m.Job.status == m.JOB_FAILED)).one()
        assert "withdrawn-pack" in job.error and job.attempts == 3
        record = s.scalars(select(m.AuditRecord).where(m.AuditRecord.action == "rescreen.completed")).one()
        assert '"failed":1' in record.payload
    assert {c["screening_id"] for c in rescreen.changes(store, run)} == {good}


# -- by stored key ------------------------------------------------------------------------------

def _job_results(store, run: int) -> dict[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    import json

    with store.session() as s:
        return {r["screening"]: r for r in (json.loads(j.result) for j in s.scalars(
            select(m.Job).where(m.Job.group_id == run, m.Job.kind == "rescreen")))}


def test_stored_rows_carry_their_keys_and_a_rescreen_screens_each_key_once(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    first, second = _submit(store, red, actor, FLEET, "fleet.csv"), _submit(store, red, actor, FLEET, "fleet.csv")
    with store.session() as s:
        keying = s.get_one(m.Screening, first).row_keying
        keys = list(s.scalars(select(m.ScreeningItem.row_key).where(m.ScreeningItem.screening_id == first)
                              .order_by(m.ScreeningItem.seq)))
    assert keying and None not in keys and len(set(keys)) == 4  # four kinds of device, fifteen rows
    run = rescreen.start(store, actor, "same lists")
    jobs.work(store, "w1", until_idle=True)
    done = _job_results(store, run)
    # Each distinct key screened once at most (this process's screener of the shipped registry may
    # know them from before); the second screening's keys were all screened already and none
    # changed, so its file is not even read.
    assert done[first]["rows"] == 15 and done[first]["screened"] <= 4
    assert (done[second]["rows"], done[second]["screened"]) == (15, 0)
    assert rescreen.changes(store, run) == []
    with store.session() as s:
        designations.designate(s, red, actor, "Northwind Optics Ltd", "our own assessment")
    run = rescreen.start(store, actor, "red designated Northwind Optics")
    jobs.work(store, "w1", until_idle=True)
    # Each changed row is screened for its own reason; the others only by their key.
    assert 4 < _job_results(store, run)[first]["screened"] < 15
    assert _found(store, run) == sorted(_by_hand(store, red, first, actor) + _by_hand(store, red, second, actor))


def test_keys_made_under_another_keying_are_not_trusted_and_are_made_afresh(store) -> None:  # type: ignore[no-untyped-def]
    red, actor = _team(store, "red")
    sid = _submit(store, red, actor, FLEET, "fleet.csv")
    with store.session() as s:  # as if a policy read other fields, or the registry held other MAC blocks
        keying = s.get_one(m.Screening, sid).row_keying
        s.execute(update(m.Screening).where(m.Screening.id == sid).values(row_keying="made-under-another-keying"))
        s.execute(update(m.ScreeningItem).where(m.ScreeningItem.screening_id == sid).values(row_key=7))
        designations.designate(s, red, actor, "Northwind Optics Ltd", "our own assessment")
    run = rescreen.start(store, actor, "red designated Northwind Optics")
    jobs.work(store, "w1", until_idle=True)
    assert _job_results(store, run)[sid]["screened"] == 15  # row by row: one wrong key would join all
    assert _found(store, run) == _by_hand(store, red, sid, actor)
    with store.session() as s:
        assert s.get_one(m.Screening, sid).row_keying == keying
        assert len(set(s.scalars(select(m.ScreeningItem.row_key).where(m.ScreeningItem.screening_id == sid)))) == 4


# A small portfolio drawn at random: devices of makers listed, unlisted and about to be designated,
# sharing some fields and not others, spread over a few screenings of one team.
DEVICE = st.fixed_dictionaries({
    "vendor": st.sampled_from(["Cisco Systems", "Northwind Optics Ltd", "Hikvision", "Acme Networks", "Huawei", ""]),
    "product": st.sampled_from(["Switch", "Camera", "Router", "NVR"]),
    "mac": st.sampled_from(["", "00:E0:FC:12:34:56", "BC:0F:64:11:22:33", "BC:0F:64:99:00:01", "02:11:22:33:44:55"]),
    "purpose": st.sampled_from(["office", "physical-security"]),
})
PORTFOLIO = st.lists(st.lists(DEVICE, min_size=1, max_size=8), min_size=1, max_size=3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=PORTFOLIO, firm=st.sampled_from(["Northwind Optics Ltd", "Acme Networks", "Cisco Systems"]))
def test_a_rescreen_by_key_equals_rerunning_every_screening(tmp_path_factory, portfolio, firm) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.store import open_store

    st_ = open_store(f"sqlite:///{tmp_path_factory.mktemp('portfolio') / 'store.db'}")
    try:
        red, actor = _team(st_, "red")
        sids = []
        for n, devices in enumerate(portfolio):
            text = "id,vendor,product,mac,purpose\n" + "".join(
                f"P{k},{d['vendor']},{d['product']},{d['mac']},{d['purpose']}\n" for k, d in enumerate(devices, 1))
            sids.append(_submit(st_, red, actor, text.encode(), f"fleet-{n}.csv"))
        with st_.session() as s:
            designations.designate(s, red, actor, firm, "our own assessment")
        run = rescreen.start(st_, actor, f"red designated {firm}")
        jobs.work(st_, "w1", until_idle=True)
        found = _found(st_, run)
        assert found == sorted(x for sid in sids for x in _by_hand(st_, red, sid, actor))
    finally:
        st_.engine.dispose()
