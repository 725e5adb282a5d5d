"""A case's decision holds up (issue 18): consultation per bid version, an award only on the
central body's no-objection to that exact version (else a second person's written override),
replies dated between the package and today, a decided case's package opening no consultation,
the acting user taken from the store's users, and the agency's designation list pinned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from typer.testing import CliRunner

from supplyscreen.cli import app
from supplyscreen.service import cases as C
from supplyscreen.service import users
from supplyscreen.service.verify import verify_case, verify_chain
from supplyscreen.store import audit
from supplyscreen.store import models as m

ASSETS = Path(__file__).parent.parent / "assets" / "case"
LAN = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
       "confidential-information": "no", "personal-data": "no", "core-infrastructure": "yes",
       "very-costly": "no", "other-judged": "no", "us-federal": "no"}
PW = "correct horse battery"


def _file(role: str, name: str) -> C.BidFile:
    return C.BidFile(role, name, (ASSETS / name).read_bytes())


def _team(store, designate: bool = True) -> tuple[C.Actor, C.Actor, C.Actor]:  # type: ignore[no-untyped-def]
    """An officer and two reviewers of an agency whose administrators put Huawei on its own list."""
    with store.session() as s:
        olga = users.create_user(s, "agency", "olga", PW, "officer")
        rita = users.create_user(s, "agency", "rita", PW, "reviewer")
        ren = users.create_user(s, "agency", "ren", PW, "reviewer")
        if designate:
            payload = {"id": "huawei", "name": "Huawei Technologies Co., Ltd."}
            s.add(m.RegistryEdit(team_id=olga.team_id, actor="admin", action="designate", entity_id="huawei",
                                 entity_name=payload["name"], payload=audit.canonical(payload), reason="agency list"))
        return tuple(C.Actor(u.team_id, u.username, u.id) for u in (olga, rita, ren))  # type: ignore[return-value]


def _case(store, who: C.Actor) -> int:  # type: ignore[no-untyped-def]
    return C.open_case(store, who, C.CaseDraft("Digital Agency", "Office LAN renewal", LAN, "Routers", 120_000_000))


def _today() -> dt.date:
    return C.today()


def test_an_award_needs_no_objection_to_that_bid(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    olga, rita, _ = _team(sqlite_store)
    cid = _case(sqlite_store, olga)
    a = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    b = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-v2.cdx.json"),)))
    C.package(sqlite_store, olga, cid)
    C.record_reply(sqlite_store, rita, cid, "no-concern", "No concern with Sakura's offer.", bid_id=a)
    C.record_reply(sqlite_store, rita, cid, "another-source", "Use another source for the router.", bid_id=b)
    with pytest.raises(C.AwardBlocked, match="another source"):
        C.decide(sqlite_store, rita, cid, "award", "lowest price", b)
    C.decide(sqlite_store, rita, cid, "award", "best comprehensive evaluation", a)


def test_a_reply_to_one_version_does_not_clear_the_next(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    olga, rita, _ = _team(sqlite_store)
    cid = _case(sqlite_store, olga)
    b = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-v2.cdx.json"),)))
    C.package(sqlite_store, olga, cid)
    C.record_reply(sqlite_store, rita, cid, "no-concern", "No concern with the clean router.")
    # The bidder puts the HiSilicon SoC back after the no-concern.
    C.update_bid(sqlite_store, olga, b, [_file("bom", "router-hisilicon.cdx.json")], "cheaper SoC")
    with pytest.raises(C.AwardBlocked, match="version 2"):
        C.decide(sqlite_store, rita, cid, "award", "lowest price", b)


def test_reply_dates_lie_between_the_package_and_today(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    olga, rita, _ = _team(sqlite_store)
    cid = _case(sqlite_store, olga)
    C.add_bid(sqlite_store, olga, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    C.package(sqlite_store, olga, cid)
    with pytest.raises(C.CaseError, match="before the package"):
        C.record_reply(sqlite_store, rita, cid, "no-concern", "fine", reply_on=_today() - dt.timedelta(days=3))
    with pytest.raises(C.CaseError, match="future"):
        C.record_reply(sqlite_store, rita, cid, "no-concern", "fine", reply_on=_today() + dt.timedelta(days=12))
    C.record_reply(sqlite_store, rita, cid, "no-concern", "fine", reply_on=_today())


def test_a_decided_case_s_package_opens_no_consultation(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    olga, rita, _ = _team(sqlite_store)
    cid = _case(sqlite_store, olga)
    a = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    C.package(sqlite_store, olga, cid)
    C.record_reply(sqlite_store, rita, cid, "no-concern", "fine")
    C.decide(sqlite_store, rita, cid, "award", "best value", a)
    C.package(sqlite_store, olga, cid)  # a copy for the file
    record = C.load(sqlite_store, olga.team_id, cid)
    assert record.info.status == C.DECIDED
    assert [x.purpose for x in record.consultations] == ["consult", "record"]
    assert not any(x.awaiting for x in record.consultations)
    with pytest.raises(C.CaseError, match="decided"):
        C.record_reply(sqlite_store, rita, cid, "no-concern", "again")


def test_a_blocked_award_goes_through_only_on_a_second_person_s_override(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    olga, rita, ren = _team(sqlite_store)
    cid = _case(sqlite_store, olga)
    b = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-v2.cdx.json"),)))
    C.package(sqlite_store, olga, cid)
    C.record_reply(sqlite_store, rita, cid, "concern", "Concern about the module maker.")
    with pytest.raises(C.AwardBlocked):
        C.decide(sqlite_store, rita, cid, "award", "only compliant offer", b)
    oid = C.request_override(sqlite_store, rita, cid, b, "only compliant offer",
                             "The module maker was audited on site on 2026-11-02; no alternative supplier exists.")
    with pytest.raises(C.CaseError, match="second person"):
        C.confirm_override(sqlite_store, rita, oid)
    did = C.confirm_override(sqlite_store, ren, oid)
    record = C.load(sqlite_store, olga.team_id, cid)
    (d,) = record.decisions
    assert d.id == did and d.override is not None and d.override.confirmed_by == "ren"
    assert "audited on site" in d.override.justification
    p = C.package(sqlite_store, olga, cid)
    assert 'class="override"' in p.html and "audited on site" in p.html
    with sqlite_store.session() as s:
        assert verify_chain(s).ok
    assert verify_case(sqlite_store, olga.team_id, cid) == []


def test_the_designation_list_is_pinned_to_the_case(sqlite_store, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen import library

    olga, rita, _ = _team(sqlite_store, designate=False)
    monkeypatch.setenv("SUPPLYSCREEN_ORG_DESIGNATIONS", str(ASSETS / "agency-designations.yaml"))
    library.load_registry.cache_clear()
    cid = _case(sqlite_store, olga)
    pinned = C.load(sqlite_store, olga.team_id, cid).designations
    assert pinned.sha256 and "jp-test-agency-it-procurement" in pinned.lists
    # Another list in the environment the next day: the case still screens with its own.
    empty = tmp_path / "none.yaml"
    empty.write_text("list: {id: other, name: Other}\ndesignations: []\n", encoding="utf-8")
    monkeypatch.setenv("SUPPLYSCREEN_ORG_DESIGNATIONS", str(empty))
    library.load_registry.cache_clear()
    b = C.add_bid(sqlite_store, olga, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-hisilicon.cdx.json"),)))

    def lists() -> set[str]:
        (view,) = C.comparison(sqlite_store, olga.team_id, cid).bids
        return {x["id"] for f in view.findings for fm in f.doc["matches"] for d in fm["designated"] for x in d["lists"]}

    assert "jp-test-agency-it-procurement" in lists()
    # Re-pinned only by an explicit, audited step, which screens the bids again.
    C.repin_designations(sqlite_store, rita, cid, "the agency's list of 2026-12 replaces the old one")
    record = C.load(sqlite_store, olga.team_id, cid)
    assert record.designations.sha256 != pinned.sha256
    assert "case.designations_repinned" in [r["action"] for r in record.trail if r["subject"] == C.subject(cid)]
    assert "jp-test-agency-it-procurement" not in lists()
    assert C.load(sqlite_store, olga.team_id, cid).bids[0].id == b
    library.load_registry.cache_clear()


def test_the_cli_acts_as_a_user_of_the_store_with_a_role(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from supplyscreen.store import open_store

    db = f"sqlite:///{tmp_path / 's.db'}"
    st = open_store(db)
    with st.session() as s:
        users.create_user(s, "agency", "olga", PW, "officer")
        users.create_user(s, "agency", "rita", PW, "reviewer")
    st.close()
    runner = CliRunner()
    answers = [x for k, v in LAN.items() for x in ("--answer", f"{k}={v}")]

    def case(*args: str, actor: str) -> object:
        return runner.invoke(app, ["case", *args, "--db", db, "--actor", actor])

    res = case("new", "--agency", "A", "--title", "T", *answers, actor="mallory")
    assert res.exit_code == 2 and "no user 'mallory'" in res.output  # type: ignore[attr-defined]
    res = case("new", "--agency", "A", "--title", "T", *answers, actor="olga")
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = case("add-bid", "1", "--bidder", "Sakura", "--items", str(ASSETS / "clean-items.csv"), actor="olga")
    res = case("package", "1", "-o", str(tmp_path / "p"), "--no-pdf", actor="olga")
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = case("consult", "1", "--outcome", "no-concern", "--reply", "fine", actor="olga")
    assert res.exit_code == 2 and "reviewer" in res.output  # type: ignore[attr-defined]
    res = case("consult", "1", "--outcome", "no-concern", "--reply", "fine", actor="rita")
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
