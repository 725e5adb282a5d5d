"""The audit chain over everything that decides (issue 18): items' decisions after review, review
actions, waivers, false positives, user roles and stored inputs are each recomputed from their
record, and an edit, a deletion or a row added behind the log's back is named; an exported anchor
of the chain's head catches a truncated or rewound log."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import inspect, select, text

from supplyscreen.service import review, screenings, users
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import audit
from supplyscreen.store import models as m

LIST = (b"id,manufacturer,model,product\nM1,\"Huawei Technologies Co., Ltd.\",ME909s-120,LTE module\n"
        b"C1,Hikvision,DS-2CD2043,Camera\nC2,Hikvision,DS-2CD2143,Camera\nS1,Cisco Systems,C9200,Switch\n")


@pytest.fixture
def decided(sqlite_store):  # type: ignore[no-untyped-def]
    """A team's screening with a waiver (M1), a false positive (C1), a confirmation (C2)."""
    st = sqlite_store
    with st.session() as s:
        team = users.create_user(s, "agency", "olga", "correct horse battery", "officer").team_id
        users.create_user(s, "agency", "rita", "correct horse battery", "reviewer")
        users.create_user(s, "agency", "vic", "correct horse battery", "viewer")
    sid = screenings.submit(st, screenings.Submission(team, "olga", None, "offer.csv", LIST, "us-ndaa-889"))
    with st.session() as s:
        items = {i.ref: i.id for i in screenings.get(s, team, sid).items}
        review.act(s, team, items["M1"], "rita", "waive", "legacy module", approver="rita",
                   expires=dt.date.today() + dt.timedelta(days=30))
        review.act(s, team, items["C1"], "rita", "false_positive", "our relabelled camera")
        review.act(s, team, items["C2"], "rita", "confirm", "a camera on the dock", outcome="exclude")
    with st.session() as s:
        assert verify_chain(s).ok, verify_chain(s).problem
    return st, team, sid, items


def _after(st, *sql: str, anchors=()):  # type: ignore[no-untyped-def]
    with st.session() as s:
        for q in sql:
            s.execute(text(q))
    with st.session() as s:
        return verify_chain(s, anchors=anchors)


def _id(st, q: str) -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return int(s.execute(text(q)).scalar_one())


@pytest.mark.parametrize("what, sql, named", [
    ("an item's decision after review", "UPDATE items SET final_decision = 'allow', review_state = 'none' "
     "WHERE ref = 'C2'", "item {C2}"),
    ("an item's screened decision", "UPDATE items SET decision = 'allow' WHERE ref = 'M1'", "item {M1}"),
    ("an item waived behind the log", "UPDATE items SET final_decision = 'allow', review_state = 'waived' "
     "WHERE ref = 'C2'", "item {C2}"),
    ("a review action's reason", "UPDATE review_actions SET reason = 'nothing to see'", "review action"),
    ("a deleted review action", "DELETE FROM review_actions WHERE action = 'confirm'", "review action"),
    ("a waiver's expiry", "UPDATE waivers SET expires = '9999-12-31'", "waiver"),
    ("a waiver's scope", "UPDATE waivers SET scope = 'entity'", "waiver"),
    ("a deleted waiver", "DELETE FROM waivers", "waiver"),
    ("a false positive's maker", "UPDATE false_positives SET maker = 'cisco'", "false positive"),
    ("a deleted false positive", "DELETE FROM false_positives", "false positive"),
    ("a user's role", "UPDATE users SET role = 'admin' WHERE username = 'vic'", "user {vic}"),
    ("a deactivated user", "UPDATE users SET active = 0 WHERE username = 'rita'", "user {rita}"),
    ("a stored input", "UPDATE screenings SET input = X'00'", "screening"),
    ("a screening's policy", "UPDATE screenings SET policy = 'uk-huawei-dvd-2022'", "screening"),
])
def test_an_edit_or_deletion_of_each_kind_is_named(decided, what: str, sql: str, named: str) -> None:  # type: ignore[no-untyped-def]
    st, _team, _sid, items = decided
    ids = {**{k: str(v) for k, v in items.items()},
           "vic": str(_id(st, "SELECT id FROM users WHERE username = 'vic'")),
           "rita": str(_id(st, "SELECT id FROM users WHERE username = 'rita'"))}
    v = _after(st, sql)
    assert not v.ok, what
    expected = named.format(**ids)
    assert any(expected in p for p in v.problems), (what, v.problems)


@pytest.mark.parametrize("table, sql", [
    ("waivers", "INSERT INTO waivers (team_id, entity_id, maker, model, product, policy, scope, justification, "
     "approver, granted_by, created, expires, status, approved_by, revoked_by, revoked_reason) "
     "SELECT team_id, 'zte', '', '', '', '', 'entity', 'forged', 'mallory', 'mallory', created, expires, "
     "'active', '', '', '' FROM waivers"),
    ("false_positives", "INSERT INTO false_positives (team_id, key, maker, entity_ids, evidence_digest, actor, "
     "reason, created, status, revoked_by, revoked_reason) SELECT team_id, 'forged', maker, entity_ids, "
     "evidence_digest, 'mallory', 'forged', created, 'active', '', '' FROM false_positives"),
    ("review_actions", "INSERT INTO review_actions (team_id, item_id, actor, action, outcome, reason, at) "
     "SELECT team_id, item_id, 'mallory', action, 'allow', 'forged', at FROM review_actions"),
])
def test_a_row_added_behind_the_log_is_named(decided, table: str, sql: str) -> None:  # type: ignore[no-untyped-def]
    st, *_ = decided
    v = _after(st, sql)
    assert not v.ok and any(table in p and "no audit record" in p for p in v.problems), v.problems


def test_an_exported_anchor_catches_a_truncated_or_rewound_log(decided) -> None:  # type: ignore[no-untyped-def]
    st, team, _sid, _items = decided
    with st.session() as s:
        anchor = audit.anchor(s)
        n = anchor["seq"]
    assert _after(st, anchors=[anchor]).ok
    # The log's tail and its head moved back together: the chain alone still links up.
    with st.session() as s:
        prev = s.scalar(select(m.AuditRecord.hash).where(m.AuditRecord.seq == n - 2))
    truncated = _after(st, f"DELETE FROM audit_log WHERE seq > {n - 2}",
                       f"UPDATE audit_head SET seq = {n - 2}, hash = '{prev}'", anchors=[anchor])
    assert not truncated.ok and any(f"record {n}" in p and "truncated" in p for p in truncated.problems)
    # ... and then rewritten up to the anchor's length: the anchor's hash no longer matches.
    with st.session() as s:
        audit.append(s, "mallory", "review.confirm", "item:1", {"forged": 1}, team)
        audit.append(s, "mallory", "review.confirm", "item:1", {"forged": 2}, team)
    with st.session() as s:
        rewound = verify_chain(s, anchors=[anchor])
    assert not rewound.ok and any(f"record {n}" in p and "rewound" in p for p in rewound.problems)


def test_a_signed_anchor_cannot_be_forged_without_the_key(decided, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    st, *_ = decided
    monkeypatch.setenv("SUPPLYSCREEN_AUDIT_KEY", "a long secret kept off the database host")
    with st.session() as s:
        anchor = audit.anchor(s)
    assert anchor["signature"]
    assert _after(st, anchors=[anchor]).ok
    forged = {**anchor, "seq": anchor["seq"] - 1}
    v = _after(st, anchors=[forged])
    assert not v.ok and any("signature" in p for p in v.problems)


def test_every_column_of_a_sealed_table_is_sealed_or_said_why_not() -> None:
    """One table per action, shared by writer and verifier: a new column must be declared."""
    for table, seal in audit.SEALED.items():
        model = next(mp.class_ for mp in m.Base.registry.mappers if mp.class_.__tablename__ == table)
        columns = {c.key for c in inspect(model).columns}
        assert columns == set(seal.fields) | set(seal.unsealed), (table, columns ^ (set(seal.fields) | set(seal.unsealed)))
    for action, (table, _creates) in audit.ACTIONS.items():
        assert table in audit.SEALED, action
