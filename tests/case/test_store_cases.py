"""Procurement cases in the store, on SQLite and PostgreSQL: bids, questions, re-screens, the
consultation, the decision, team isolation, and the audit chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from sqlalchemy import select, text

from supplyscreen.case.model import Representations
from supplyscreen.service import cases as C
from supplyscreen.service import users
from supplyscreen.service.screenings import NotFound
from supplyscreen.service.verify import verify_case, verify_chain
from supplyscreen.store import audit
from supplyscreen.store import models as m

ASSETS = Path(__file__).parent.parent / "assets" / "case"
LAN = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
       "confidential-information": "no", "personal-data": "no", "core-infrastructure": "yes", "very-costly": "no",
       "other-judged": "no", "us-federal": "no"}


def _file(role: str, name: str) -> C.BidFile:
    return C.BidFile(role, name, (ASSETS / name).read_bytes())


def _team(store, name: str = "agency") -> C.Actor:  # type: ignore[no-untyped-def]
    """A team whose administrators designated Huawei on the team's own list (the agency's list)."""
    with store.session() as s:
        u = users.create_user(s, name, f"olga-{name}", "correct horse battery", "officer")
        payload = {"id": "huawei", "name": "Huawei Technologies Co., Ltd."}
        s.add(m.RegistryEdit(team_id=u.team_id, actor="admin", action="designate", entity_id="huawei",
                             entity_name=payload["name"], payload=audit.canonical(payload), reason="agency list"))
        return C.Actor(u.team_id, u.username, u.id)


def _case(store, who: C.Actor, **answers: str) -> int:  # type: ignore[no-untyped-def]
    return C.open_case(store, who, C.CaseDraft("Digital Agency", "Office LAN renewal", {**LAN, **answers},
                                               "Routers and servers", 120_000_000, "JPY"))


def _verify(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        v = verify_chain(s)
    assert v.ok, v.problem


def test_migration_creates_exactly_the_case_tables_of_the_models(store) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)

    assert diffs == []  # the migrations build what the models (store/models.py) declare


def test_a_case_from_request_to_decision(store) -> None:  # type: ignore[no-untyped-def]
    who = _team(store)
    cid = _case(store, who)
    clean = C.add_bid(store, who, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    router = C.add_bid(store, who, cid, C.BidDraft("Yamato Networks", (_file("items", "router-items.csv"),
                                                                       _file("bom", "router-hisilicon.cdx.json"))))
    gateway = C.add_bid(store, who, cid, C.BidDraft("Hokuto Denki", (_file("bom", "gateway-unknown-module.hbom.csv"),)))
    a, b, c = C.comparison(store, who.team_id, cid).bids
    assert (a.decision, b.decision, c.decision) == ("allow", "review", "unknown")
    (soc,) = b.findings
    assert soc.ref == "yr500-soc" and soc.depth == 3 and soc.path[-1] == "Hi5651 network SoC"
    chain = [d for fm in soc.doc["matches"] for d in fm["designated"]]
    assert any(x["id"] == f"org-team-{who.team_id}" for d in chain for x in d["lists"])  # the agency's own list
    assert any("subsidiary of Huawei" in step for d in chain for step in d["path"])
    assert [u.ref for u in c.unknown_makers] == ["lte"]

    (qid,) = C.ask_unknown(store, who, cid)
    assert C.ask_unknown(store, who, cid) == []  # asked once
    C.answer(store, who, qid, "Quectel EG25-G, made in China", "Hokuto sales")
    with pytest.raises(C.CaseError, match="answered"):
        C.answer(store, who, qid, "again")
    assert C.comparison(store, who.team_id, cid).bids[2].unknown_makers[0].answered

    (upd,) = C.update_bid(store, who, router, [_file("bom", "router-v2.cdx.json")], "SoC replaced by Socionext")
    assert upd.version == 2
    assert {(x.ref, x.before, x.after) for x in upd.changes} >= {("yr500-soc", "review", None),
                                                                ("yr500-soc2", None, "allow"), ("yr500", "review", "allow")}
    record = C.load(store, who.team_id, cid)
    bom = next(x for x in record.bids[1].screenings if x.role == "bom")
    assert bom.version == 2 and bom.previous_file == "router-hisilicon.cdx.json" and bom.changes
    assert C.comparison(store, who.team_id, cid).bids[1].decision == "allow"

    with pytest.raises(C.CaseError, match="consult"):
        C.decide(store, who, cid, "award", "best value", clean)
    with pytest.raises(C.CaseError, match="no consultation package"):
        C.record_reply(store, who, cid, "no-concern", "fine")
    p = C.package(store, who, cid, "ja")
    assert p.bundle["lang"] == "ja" and [x["bidder"] for x in p.bundle["bids"]] == ["Sakura Systems", "Yamato Networks",
                                                                                     "Hokuto Denki"]
    assert p.json_sha256 in p.html
    C.record_reply(store, who, cid, "no-concern", "No concern with bid 1.")
    with pytest.raises(C.CaseError, match="already has a reply"):
        C.record_reply(store, who, cid, "concern", "changed our mind")
    C.decide(store, who, cid, "award", "Best comprehensive evaluation; the central body raised no concern", clean)
    with pytest.raises(C.CaseError, match="decided"):
        C.add_bid(store, who, cid, C.BidDraft("Late Co", (_file("items", "clean-items.csv"),)))
    record = C.load(store, who.team_id, cid)
    assert record.info.status == C.DECIDED and record.decisions[0].bidder == "Sakura Systems"
    actions = [r["action"] for r in record.trail if r["subject"] == f"case:{cid}"]
    assert actions == ["case.opened", "case.bid_added", "case.bid_added", "case.bid_added", "case.question_asked",
                       "case.question_answered", "case.bid_updated", "case.package", "case.reply",
                       "case.decided"]
    assert record.trail[-1]["payload"]["reason"].startswith("Best comprehensive") and record.trail[-1]["actor"] == who.name
    assert gateway
    _verify(store)
    assert verify_case(store, who.team_id, cid) == []
    # An edit behind the log's back is named: the decision's reason, an extra question.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE case_decisions SET reason = 'cheapest' WHERE case_id = :c"), {"c": cid})
        conn.execute(text("INSERT INTO case_questions (case_id, item_ref, kind, text, asked_by, asked, answer, "
                          "answered_by) VALUES (:c, '', 'other', 'forged', 'mallory', CURRENT_TIMESTAMP, '', '')"),
                     {"c": cid})
    problems = verify_case(store, who.team_id, cid)
    assert any(p.startswith("decision ") and "'cheapest'" in p for p in problems), problems
    assert any("case_questions: 2 row(s)" in p for p in problems), problems


def test_a_file_that_fails_to_parse_is_reported_on_its_bid_and_the_case_goes_on(store) -> None:  # type: ignore[no-untyped-def]
    who = _team(store)
    cid = _case(store, who)
    bad = C.add_bid(store, who, cid, C.BidDraft("Broken Co", (_file("bom", "broken.cdx.json"),
                                                              _file("items", "clean-items.csv"))))
    good = C.add_bid(store, who, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    broken, fine = C.comparison(store, who.team_id, cid).bids
    assert broken.bid.id == bad and fine.bid.id == good and fine.decision == "allow"
    assert broken.decision == "unknown" and broken.risk == "blocking"
    assert broken.errors and "not valid JSON" in broken.errors[0] and broken.errors[0].startswith("broken.cdx.json")
    with pytest.raises(C.CaseError, match="cannot be awarded"):
        C.decide(store, who, cid, "award", "cheapest", bad)
    # The bidder resubmits a readable file: the new version replaces the failed one.
    C.update_bid(store, who, bad, [_file("bom", "router-v2.cdx.json")], "resubmitted a readable BOM")
    assert C.comparison(store, who.team_id, cid).bids[0].errors == ()
    _verify(store)


def test_input_that_cannot_make_a_bid_is_refused_before_anything_is_stored(store) -> None:  # type: ignore[no-untyped-def]
    who = _team(store)
    cid = _case(store, who)
    with pytest.raises(C.CaseError, match="item list, a bill of materials"):
        C.add_bid(store, who, cid, C.BidDraft("Empty Co", ()))
    with pytest.raises(C.CaseError, match="bidder"):
        C.add_bid(store, who, cid, C.BidDraft("  ", (_file("items", "clean-items.csv"),)))
    with pytest.raises(C.CaseError, match="not 'pdf'"):
        C.add_bid(store, who, cid, C.BidDraft("Odd Co", (C.BidFile("pdf", "x.pdf", b"%PDF"),)))
    C.add_bid(store, who, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    with pytest.raises(C.CaseError, match="already bid"):
        C.add_bid(store, who, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    with pytest.raises(C.CaseError, match="say why"):
        C.decide(store, who, cid, "cancel", " ")
    with pytest.raises(C.CaseError, match="names the bid"):
        C.decide(store, who, cid, "award", "why not")
    assert len(C.load(store, who.team_id, cid).bids) == 1


def test_another_team_sees_nothing_of_a_case(store) -> None:  # type: ignore[no-untyped-def]
    a, b = _team(store, "a"), _team(store, "b")
    cid = _case(store, a)
    bid = C.add_bid(store, a, cid, C.BidDraft("Hokuto Denki", (_file("bom", "gateway-unknown-module.hbom.csv"),)))
    (qid,) = C.ask_unknown(store, a, cid)
    assert [c.id for c in C.list_cases(store, b.team_id)] == []
    for call in (lambda: C.load(store, b.team_id, cid),
                 lambda: C.add_bid(store, b, cid, C.BidDraft("X", (_file("items", "clean-items.csv"),))),
                 lambda: C.update_bid(store, b, bid, [_file("items", "clean-items.csv")], "sneaky"),
                 lambda: C.ask(store, b, cid, "hello"),
                 lambda: C.answer(store, b, qid, "forged"),
                 lambda: C.package(store, b, cid),
                 lambda: C.record_reply(store, b, cid, "no-concern", "forged"),
                 lambda: C.decide(store, b, cid, "cancel", "forged")):
        with pytest.raises(NotFound):
            call()
    other = _case(store, b)
    with pytest.raises(NotFound):
        C.ask(store, a, cid, "about another case's bid", bid_id=C.add_bid(
            store, b, other, C.BidDraft("B's bidder", (_file("items", "clean-items.csv"),))))


def test_a_us_federal_case_checks_the_far_representations(store) -> None:  # type: ignore[no-untyped-def]
    who = _team(store)
    cid = _case(store, who, **{"us-federal": "yes"})
    reps = Representations(far_24_provide="will-not", far_24_use="does-not", far_26_provide="does-not",
                           far_26_use="does-not")
    C.add_bid(store, who, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-hisilicon.cdx.json"),), reps))
    (v,) = C.comparison(store, who.team_id, cid).bids
    assert v.by_policy["us-ndaa-889"] == "exclude" and v.risk == "blocking"
    contradicted = [r for r in v.representations if r.status == "contradicted"]
    assert [r.clause for r in contradicted] == ["52.204-24(d)(1)", "52.204-26(c)(1)"]
    assert "Hi5651 network SoC" in contradicted[0].text.en
    assert "representation-contradicted" in [f.id for f in v.factors]
    with store.session() as s:
        rec = s.scalars(select(m.AuditRecord).where(m.AuditRecord.action == "case.bid_added")).one()
    assert json.loads(rec.payload)["representations"]["52.204-24"]["provide"] == "will-not"
