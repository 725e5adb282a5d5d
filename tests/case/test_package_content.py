"""A package the central body can decide from (issue 18): every item of every bid with maker,
model, country and decision, cleared ones too; the bids' version history with what changed; the
list and policy versions; the questions and answers (an answer that names makers changes the
items it names); page numbers and the 取扱注意 marking; Japanese all the way, dates in JST."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
pytest.importorskip("jinja2", reason="the service extra is not installed")

from supplyscreen.case import package as pkg
from supplyscreen.service import cases as C
from supplyscreen.service import users
from supplyscreen.store import audit
from supplyscreen.store import models as m

ASSETS = Path(__file__).parent.parent / "assets" / "case"
LAN = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
       "confidential-information": "no", "personal-data": "no", "core-infrastructure": "yes",
       "very-costly": "no", "other-judged": "no", "us-federal": "no"}
CAMERAS = (b"id,manufacturer,model,product\nK1,,DS-2CD2043,Camera (entrance)\n"
           b"K2,Acme Security,AC-400,Camera (lobby)\nK3,Acme Security,AC-400,Camera (dock)\n")


def _file(role: str, name: str) -> C.BidFile:
    return C.BidFile(role, name, (ASSETS / name).read_bytes())


@pytest.fixture
def case(sqlite_store):  # type: ignore[no-untyped-def]
    """A case with a clean bid and a router bid whose HiSilicon SoC was swapped out in version 2."""
    st = sqlite_store
    with st.session() as s:
        olga = users.create_user(s, "agency", "olga", "correct horse battery", "officer")
        for eid, name in (("huawei", "Huawei Technologies Co., Ltd."), ("hikvision", "Hikvision")):
            payload = {"id": eid, "name": name}
            s.add(m.RegistryEdit(team_id=olga.team_id, actor="admin", action="designate", entity_id=eid,
                                 entity_name=name, payload=audit.canonical(payload), reason="agency list"))
        who = C.Actor(olga.team_id, olga.username, olga.id)
    cid = C.open_case(st, who, C.CaseDraft("デジタル庁", "Office LAN renewal", LAN, "Routers", 120_000_000))
    C.add_bid(st, who, cid, C.BidDraft("Sakura Systems", (_file("items", "clean-items.csv"),)))
    router = C.add_bid(st, who, cid, C.BidDraft("Yamato Networks", (_file("bom", "router-hisilicon.cdx.json"),)))
    C.ask_unknown(st, who, cid)
    C.update_bid(st, who, router, [_file("bom", "router-v2.cdx.json")], "SoC replaced by Socionext")
    return st, who, cid


def test_every_item_of_every_bid_with_maker_model_country_and_decision(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    p = C.package(st, who, cid)
    clean, router = p.bundle["bids"]
    rows = {i["ref"]: i for i in clean["items"]}
    assert set(rows) == {"1", "2", "3"}
    assert (rows["1"]["name"], rows["1"]["maker"], rows["1"]["final"]) == ("Express5800 サーバ", "NEC", "allow")
    soc2 = next(i for i in router["items"] if i["ref"] == "yr500-soc2")
    assert soc2["maker"] and soc2["final"] == "allow"
    assert "Express5800 サーバ" in p.html and "Catalyst スイッチ" in p.html  # rows named, not numbered
    assert all({"maker", "model", "country", "decision", "final"} <= set(i) for b in p.bundle["bids"] for i in b["items"])


def test_the_version_history_keeps_what_the_bidder_swapped_out(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    p = C.package(st, who, cid)
    router = p.bundle["bids"][1]
    assert [v["version"] for v in router["versions"]] == [1, 2]
    v2 = router["versions"][1]
    assert v2["reason"] == "SoC replaced by Socionext"
    removed = next(c for c in v2["changes"] if c["ref"] == "yr500-soc")
    assert (removed["name"], removed["maker"], removed["before"], removed["after"]) == (
        "Hi5651 network SoC", "HiSilicon Technologies Co., Ltd.", "review", None)
    assert "Hi5651 network SoC" in p.html


def test_the_package_names_the_lists_and_policy_versions_it_used(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    p = C.package(st, who, cid)
    used = p.bundle["lists"]
    assert re.fullmatch("[0-9a-f]{64}", used["designations"]["sha256"])
    assert used["registry"]["fingerprint"]
    assert [x["id"] for x in used["policies"]] == ["jp-gov-it-procurement-2018"]
    assert re.fullmatch("[0-9a-f]{64}", used["policies"][0]["sha256"])
    assert used["designations"]["sha256"] in p.html


def test_an_answer_naming_the_maker_changes_every_item_it_names(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    bid = C.add_bid(st, who, cid, C.BidDraft("Kamome Security", (C.BidFile("items", "cams.csv", CAMERAS),)))
    qid = C.ask(st, who, cid, "Who makes the three cameras?", bid)
    C.answer(st, who, qid, "All three cameras are made by Hikvision.", "Kamome sales",
             facts=[C.Fact(ref, manufacturer="Hikvision") for ref in ("K1", "K2", "K3")])
    view = next(v for v in C.comparison(st, who.team_id, cid).bids if v.bid.id == bid)
    p = C.package(st, who, cid)
    items = {i["ref"]: i for i in next(b for b in p.bundle["bids"] if b["id"] == bid)["items"]}
    assert {items[r]["final"] for r in ("K1", "K2", "K3")} <= {"exclude", "review"}
    assert all(items[r]["maker"] == "Hikvision" for r in ("K1", "K2", "K3"))
    assert view.decision in ("exclude", "review")


def test_page_numbers_and_the_handling_marking(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    p = C.package(st, who, cid, "ja")
    assert "counter(page)" in p.html and "取扱注意" in p.html
    assert p.bundle["marking"] == "取扱注意"
    assert "部外秘" in C.package(st, who, cid, "ja", marking="部外秘").html


def test_japanese_all_the_way(case) -> None:  # type: ignore[no-untyped-def]
    st, who, cid = case
    C.ask_unknown(st, who, cid, lang="ja")
    p = C.package(st, who, cid, "ja")
    html = p.html
    assert "中央機関" not in html and "国家サイバー統括室" in html
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", html)  # no raw UTC timestamps
    assert "JST" in html
    router = next(b for b in p.bundle["bids"] if b["bidder"] == "Yamato Networks")
    for v in router["versions"]:
        for c in v["changes"]:
            assert c["reason"]["ja"] and c["reason"]["ja"] != c["reason"]["en"], c
            for english in ("contains a part", "no restricted party", "is a subsidiary of", "the maker", "designated on"):
                assert english not in c["reason"]["ja"], c
    # The evidence, the rule citation and the reason of a finding read in Japanese.
    before = C.package(st, who, cid, "ja")  # v1 was HiSilicon; the version history shows its finding
    assert "子会社" in before.html
    for english in ("is a subsidiary of", "Contains", "is made by", "Review:", "maker is not established"):
        assert english not in html, english


@pytest.mark.skipif(pkg.chromium() is None, reason="headless Chromium is not installed")
def test_the_pdf_has_no_blank_page(case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pypdf = pytest.importorskip("pypdf")
    st, who, cid = case
    p = C.package(st, who, cid, "ja")
    html, pdf = tmp_path / "p.html", tmp_path / "p.pdf"
    html.write_text(p.html, encoding="utf-8")
    pkg.write_pdf(html, pdf)
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        words = (page.extract_text() or "").split()
        assert len(words) > 3, f"page {n} of {len(pages)} is blank"
