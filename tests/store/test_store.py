"""The store on SQLite and PostgreSQL: screenings, review workflow, audit chain, rerun."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import func, select, text

from supplyscreen.service import review, screenings, users
from supplyscreen.service.verify import Verification, verify_chain
from supplyscreen.store import audit
from supplyscreen.store import models as m

MIXED = (Path(__file__).parent.parent / "assets" / "check" / "mixed.csv").read_bytes()


def _team(store, name="procurement"):  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, name, f"officer-{name}", "correct horse battery", "officer")
        return u.team_id, u.username


def _submit(store, team_id, actor, data=MIXED, name="mixed.csv", **kw):  # type: ignore[no-untyped-def]
    return screenings.submit(store, screenings.Submission(team_id, actor, None, name, data, "us-ndaa-889", **kw))


def test_migrations_are_idempotent_and_sqlite_pragmas_hold(store) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.store import open_store

    again = open_store(str(store.engine.url.render_as_string(hide_password=False)))
    again.close()
    if store.dialect == "sqlite":
        with store.engine.connect() as c:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_screening_is_stored_with_every_item_and_its_context(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    sid = _submit(store, team, actor, as_of=dt.date(2025, 1, 1))
    with store.session() as s:
        sc = screenings.get(s, team, sid)
        assert sc.status == m.COMPLETE and sc.finished is not None
        assert (sc.file_name, sc.kind, sc.policy, sc.as_of) == ("mixed.csv", "items", "us-ndaa-889", dt.date(2025, 1, 1))
        assert sc.registry_fingerprint and sc.policy_version_id
        assert sc.rows_in == sc.rows_out == len(sc.items) == 7
        by_ref = {i.ref: i for i in sc.items}
        assert by_ref["A2"].decision == "exclude"
        assert by_ref["A2"].doc()["matches"][0]["entity"]["id"] == "huawei"
        assert by_ref["A4"].review_state == m.PENDING
        assert by_ref["A1"].review_state == m.NO_REVIEW
        assert "A4" in [i.ref for i, _ in review.queue(s, team)]


def test_a_bad_file_is_a_failed_screening_not_a_crash(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    sid = _submit(store, team, actor, data=b"\x00\x01\x02garbage", name="../../etc/passwd.xlsx")
    with store.session() as s:
        sc = screenings.get(s, team, sid)
        assert sc.status == m.FAILED and sc.error
        assert sc.file_name == "passwd.xlsx"  # never a path


def test_another_team_cannot_read_a_screening(store) -> None:  # type: ignore[no-untyped-def]
    team_a, actor = _team(store, "a")
    team_b, _ = _team(store, "b")
    sid = _submit(store, team_a, actor)
    with store.session() as s, pytest.raises(screenings.NotFound):
        screenings.get(s, team_b, sid)
    with store.session() as s:
        assert review.queue(s, team_b) == []
        item_id = screenings.get(s, team_a, sid).items[0].id
    with store.session() as s, pytest.raises(screenings.NotFound):
        review.act(s, team_b, item_id, "intruder", "confirm", "because")


def _pending(store, team, sid, ref):  # type: ignore[no-untyped-def]
    with store.session() as s:
        return next(i.id for i in screenings.get(s, team, sid).items if i.ref == ref)


def test_false_positive_is_remembered_for_the_same_maker_and_evidence(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    sid = _submit(store, team, actor)
    with store.session() as s, pytest.raises(review.ReviewError):
        review.act(s, team, _pending(store, team, sid, "A4"), "rita", "false_positive", "  ")
    with store.session() as s:
        review.act(s, team, _pending(store, team, sid, "A4"), "rita", "false_positive", "our own brand")
    again = _submit(store, team, actor)
    with store.session() as s:
        items = {i.ref: i for i in screenings.get(s, team, again).items}
        assert items["A4"].review_state == m.FALSE_POSITIVE and items["A4"].final_decision == "allow"
        assert "our own brand" in items["A4"].note
        # A3 is the same maker but its purpose (security) changes the evidence: still excluded.
        assert items["A3"].final_decision == "exclude"
        acts = review.history(s, team, items["A4"].id)
        assert acts == []  # the remembered decision is not a new action
    other, _ = _team(store, "other")
    third = _submit(store, other, "x")
    with store.session() as s:
        items = {i.ref: i for i in screenings.get(s, other, third).items}
        assert items["A4"].review_state == m.PENDING  # memory is per team


def test_waiver_applies_until_it_expires(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    with store.session() as s:
        users.create_user(s, "procurement", "cio-tanaka", "correct horse battery", "reviewer")
    sid = _submit(store, team, actor)
    with store.session() as s, pytest.raises(review.ReviewError):
        review.act(s, team, _pending(store, team, sid, "A2"), "rita", "waive", "legacy", approver="cio-tanaka",
                   expires=dt.date(2000, 1, 1))
    with store.session() as s:
        review.act(s, team, _pending(store, team, sid, "A2"), "rita", "waive", "legacy network until replaced",
                   approver="cio-tanaka", expires=dt.date.today() + dt.timedelta(days=30))
    with store.session() as s:
        a2 = next(i for i in screenings.get(s, team, _submit(store, team, actor)).items if i.ref == "A2")
        assert a2.review_state == m.WAIVED and "cio-tanaka" in a2.note
        # The waiver expires: later screenings no longer apply it.
        s.execute(text("UPDATE waivers SET expires = :d"), {"d": dt.date.today() - dt.timedelta(days=1)})
    with store.session() as s:
        a2 = next(i for i in screenings.get(s, team, _submit(store, team, actor)).items if i.ref == "A2")
        assert a2.review_state == m.NO_REVIEW and a2.final_decision == "exclude"


def test_rerun_against_todays_registry_and_compare(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    old = _submit(store, team, actor, as_of=dt.date(2022, 1, 1))
    new = screenings.rerun(store, team, old, actor, None)
    with store.session() as s:
        sc = screenings.get(s, team, new)
        assert sc.rerun_of == old and sc.as_of is None and sc.status == m.COMPLETE
    diff = screenings.compare(store, team, old, new)
    # Lorex was sold by Dahua on 2022-11-24: owned then (exclude or review), a former owner now.
    changed = {d["ref"]: d for d in diff}
    assert all(d["before"] != d["after"] for d in diff)
    assert set(changed) <= {f"A{n}" for n in range(1, 8)}
    assert screenings.compare(store, team, new, new) == []


def test_audit_chain_verifies_and_detects_edits_and_deletions(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    sid = _submit(store, team, actor)
    with store.session() as s:
        review.act(s, team, _pending(store, team, sid, "A4"), "rita", "confirm", "camera on the loading dock")
    with store.session() as s:
        v = verify_chain(s)
        assert v.ok and v.records == 3  # user created, screening completed, review
        buf = io.StringIO()
        assert audit.export(s, buf) == 3
        lines = [json.loads(x) for x in buf.getvalue().splitlines()]
        assert [x["action"] for x in lines] == ["user.created", "screening.completed", "review.confirm"]
        assert lines[2]["payload"]["reason"] == "camera on the loading dock"
    with store.session() as s:
        s.execute(text("UPDATE audit_log SET payload = replace(payload, 'loading dock', 'office') WHERE seq = 3"))
    with store.session() as s:
        v = verify_chain(s)
        assert not v.ok and v.seq == 3 and "record 3" in v.problem
    with store.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    with store.session() as s:
        v = verify_chain(s)
        assert not v.ok and "record 2" in v.problem


def test_deleting_the_last_record_is_detected(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    _submit(store, team, actor)
    with store.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    with store.session() as s:
        v = verify_chain(s)
        assert not v.ok and "record 2" in v.problem


def test_interrupted_screening_is_never_complete(store) -> None:  # type: ignore[no-untyped-def]
    team, _ = _team(store)
    with store.session() as s:
        s.add(m.Screening(team_id=team, file_name="x.csv", policy="us-ndaa-889", input=b"", status=m.RUNNING))
    assert store.recover() == 1
    with store.session() as s:
        sc = s.scalars(select(m.Screening)).one()
        assert sc.status == m.INTERRUPTED
        assert verify_chain(s).ok


class _Killed(BaseException):
    """Stands for the process dying mid-screening: nothing in the store handles it."""


@pytest.mark.parametrize("large", [False, True])
def test_a_screening_killed_midway_leaves_nothing_complete(store, monkeypatch, large) -> None:  # type: ignore[no-untyped-def]
    # A small upload goes in whole in one transaction (killed, it leaves nothing); a large one is
    # recorded as running first, so people see it and a restart marks it interrupted.
    team, actor = _team(store)
    monkeypatch.setattr(screenings, "RUNNING_ROW_BYTES", len(MIXED) - 1 if large else len(MIXED))
    seen: list[list[str]] = []

    def dies(*_a, **_k):  # type: ignore[no-untyped-def]
        with store.session() as s:
            seen.append(list(s.scalars(select(m.Screening.status))))
        raise _Killed

    monkeypatch.setattr(screenings.library, "check", dies)
    with pytest.raises(_Killed):
        _submit(store, team, actor)
    assert seen == ([[m.RUNNING]] if large else [[]])
    assert store.recover() == (1 if large else 0)
    with store.session() as s:
        assert list(s.scalars(select(m.Screening.status))) == ([m.INTERRUPTED] if large else [])
        assert s.scalar(select(func.count()).select_from(m.ScreeningItem)) == 0
        assert verify_chain(s).ok


@pytest.mark.parametrize("large", [False, True])
def test_small_and_large_uploads_store_the_same_screening(store, monkeypatch, large) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    if large:
        monkeypatch.setattr(screenings, "RUNNING_ROW_BYTES", 0)
    monkeypatch.setattr(screenings, "INSERT_BATCH", 3)  # 7 rows: two batches before the last
    sid = _submit(store, team, actor)
    bad = _submit(store, team, actor, data=b"\x00\x01garbage", name="x.xlsx")
    with store.session() as s:
        sc = screenings.get(s, team, sid)
        assert sc.status == m.COMPLETE and sc.finished and sc.started <= sc.finished
        assert [i.seq for i in sc.items] == list(range(1, 8))
        assert screenings.get(s, team, bad).status == m.FAILED
        assert verify_chain(s).ok


def test_passwords_are_argon2id_and_tokens_are_stored_hashed(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        u = users.create_user(s, "t", "alice", "long enough pw", "reviewer")
        assert u.password_hash.startswith("$argon2id$")
        assert users.authenticate(s, "alice", "long enough pw") is u
        assert users.authenticate(s, "alice", "wrong password") is None
        assert users.authenticate(s, "nobody", "long enough pw") is None
        tok = users.issue_token(s, u, "api", "ci")
        assert users.user_for_token(s, tok) is u
        assert tok not in [t.digest for t in s.scalars(select(m.Token))]
        users.revoke(s, tok)
        assert users.user_for_token(s, tok) is None


def _verify_after(store, sql: str) -> Verification:  # type: ignore[no-untyped-def]
    """The audit chain's verdict once ``sql`` has edited the store behind its back."""
    with store.session() as s:
        s.execute(text(sql))
    with store.session() as s:
        return verify_chain(s)


def test_an_edited_decision_fails_verification(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    _submit(store, team, actor)
    v = _verify_after(store, "UPDATE items SET result = replace(result, '\"exclude\"', '\"allow\"') WHERE ref = 'A2'")
    assert not v.ok and "items of screening" in v.problem and v.seq == 2


SAME_MAKER = (b"id,vendor,product\nS1,Huawei Technologies,AR6120\nS2,Huawei Technologies,AR6120\n"
              b"S3,Huawei Technologies,AR6120\nS4,Cisco Systems,ISR 1100\n")


def test_evidence_is_stored_once_and_items_read_whole(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen import library
    from supplyscreen.formats import serialise

    team, actor = _team(store)
    first = _submit(store, team, actor, data=SAME_MAKER, name="same.csv")
    again = _submit(store, team, actor, data=SAME_MAKER, name="same-again.csv")
    path = tmp_path / "same.csv"
    path.write_bytes(SAME_MAKER)
    reg = library.load_registry()
    expected = [serialise.item(r, reg) for r in library.check(path, "us-ndaa-889", registry=reg).results]
    with store.session() as s:
        # Three flagged rows in each of two screenings, one evidence; the allowed row has none.
        assert s.scalar(select(func.count()).select_from(m.Evidence)) == 1
        for sid in (first, again):
            items = screenings.get(s, team, sid).items
            assert [i.evidence_id is not None for i in items] == [True, True, True, False]
            assert [i.doc() for i in items] == expected  # what the CLI's JSON says of each item
        assert verify_chain(s).ok


def test_an_edited_evidence_fails_verification(store) -> None:  # type: ignore[no-untyped-def]
    team, actor = _team(store)
    _submit(store, team, actor, data=SAME_MAKER, name="same.csv")
    v = _verify_after(store, "UPDATE evidence SET body = replace(body, '\"exact\"', '\"possible\"')")
    assert not v.ok and "items of screening" in v.problem


def test_items_stored_whole_before_the_evidence_table_still_read_and_verify(store) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    team, actor = _team(store)
    whole = {"decision": "exclude", "line": 2, "path": [], "ref": "A1", "reason": "Huawei.", "rules": [],
             "matches": [{"field": "vendor", "value": "Huawei", "band": "exact", "entity": {"id": "huawei",
                                                                                          "name": "Huawei"},
                          "designated": []}]}
    old_text = json.dumps(whole, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(old_text.encode() + b"\n").hexdigest()
    with store.session() as s:
        sc = m.Screening(team_id=team, file_name="old.csv", policy="us-ndaa-889", input=b"", status=m.COMPLETE,
                         items_digest=digest)
        s.add(sc)
        s.flush()
        s.add(m.ScreeningItem(screening_id=sc.id, seq=1, ref="A1", decision="exclude", result=old_text,
                              final_decision="exclude"))
        audit.append(s, actor, "screening.completed", f"screening:{sc.id}", {
            "screening": sc.id, "items_digest": digest}, team)
        sid = sc.id
    with store.session() as s:
        assert verify_chain(s).ok
        assert screenings.get(s, team, sid).items[0].doc() == whole


def test_the_screener_stays_warm_across_submissions(store) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen import library

    team, who = _team(store)
    reg = library.load_registry()
    warm = screenings.warm_screener(reg, "us-ndaa-889", None)
    assert screenings.warm_screener(reg, "us-ndaa-889", None) is warm
    assert screenings.warm_screener(reg, "us-ndaa-889", dt.date(2020, 1, 1)) is not warm
    assert screenings.warm_screener(reg, "uk-huawei-dvd-2022", None) is not warm
    sid = screenings.submit(store, screenings.Submission(team, who, None, "a.csv", MIXED, "us-ndaa-889"))
    seen = len(warm._cache)
    assert seen > 0
    again = screenings.submit(store, screenings.Submission(team, who, None, "b.csv", MIXED, "us-ndaa-889"))
    assert len(warm._cache) == seen  # every row of the second upload was decided before
    with store.session() as s:
        a = [(i.ref, i.decision, i.result) for i in screenings.get(s, team, sid).items]
        b = [(i.ref, i.decision, i.result) for i in screenings.get(s, team, again).items]
        assert a == b
        assert verify_chain(s).ok

