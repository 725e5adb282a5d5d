"""Bids side by side: offending items are the parts that decide, factors are documented levels."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from case.case_builders import HUAWEI_PART, item, match, router, screening
from supplyscreen.case import classify, compare
from supplyscreen.case.model import Bid, BidScreening, CaseInfo, CaseRecord, Question, Representations

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
ANSWERS = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no", "confidential-information": "no", "personal-data": "no",
           "other-judged": "no",
           "core-infrastructure": "yes", "very-costly": "no", "us-federal": "no"}


def _record(*bids: Bid, questions: tuple[Question, ...] = ()) -> CaseRecord:
    cls = classify.classify(ANSWERS, NOW.date())
    info = CaseInfo(1, 1, "Agency", "LAN", "", None, "JPY", None, "open", NOW, "olga", cls)
    return CaseRecord(info, bids, questions)


def _bid(i: int, *screenings: BidScreening) -> Bid:
    return Bid(i, f"bidder {i}", Representations(), tuple(screenings), NOW, "olga")


def test_the_offending_item_is_the_part_three_levels_down_not_its_assemblies() -> None:
    (f,) = compare.root_findings(router())
    assert f.ref == "soc" and f.depth == 3 and f.path[-1] == "SoC"


def test_an_assembly_with_its_own_designated_maker_is_kept() -> None:
    rs = router()
    own = item("rt", "review", ("Router",), ({**HUAWEI_PART, "field": "part:manufacturer"},
                                              match("manufacturer", "Huawei", "Huawei", lists=("org-x",),
                                                    designated="Huawei")))
    refs = [f.ref for f in compare.root_findings(screening((own, *rs.items[1:])))]
    assert refs == ["rt", "soc"]


def test_item_list_rows_each_decide_for_themselves() -> None:
    s = screening((item("1", "allow"), item("2", "unknown", rules=("maker-missing",)), item("3", "review")),
                  role="items")
    assert [f.ref for f in compare.root_findings(s)] == ["2", "3"]


def test_three_bids_side_by_side() -> None:
    clean = screening((item("1", "allow"), item("2", "allow")), role="items")
    unknown = screening((
        item("gw", "unknown", ("Gateway",)), item("lte", "unknown", ("Gateway", "LTE module"), rules=("maker-unknown",)),
    ))
    cmp = compare.compare(_record(_bid(1, clean), _bid(2, router()), _bid(3, unknown)))
    a, b, c = cmp.bids
    assert (a.decision, a.risk, a.factors, a.findings) == ("allow", "none", (), ())
    assert (b.decision, b.risk) == ("review", "high")
    assert [f.id for f in b.factors] == ["designated-parts"]
    assert "Router › Board › Module › SoC" in b.factors[0].explanation.en and b.factors[0].explanation.ja
    assert (c.decision, c.risk) == ("unknown", "medium")
    (u,) = c.unknown_makers
    assert u.ref == "lte" and u.kind == "maker" and "Please name the manufacturer" in u.question.en
    assert "No question asked yet" in c.factors[0].explanation.en
    assert not cmp.clean


def test_a_file_that_failed_is_blocking_and_questions_show_as_asked() -> None:
    bad = screening((), status="failed", error="broken.cdx.json:1: not valid JSON")
    unknown = screening((item("lte", "unknown", ("Gateway", "LTE module")),))
    q = Question(7, 2, "bidder 2", "lte", "maker", "Who makes it?", "olga", NOW)
    cmp = compare.compare(_record(_bid(1, bad), _bid(2, unknown), questions=(q,)))
    broken, asked = cmp.bids
    assert broken.decision == "unknown" and broken.risk == "blocking"
    assert broken.errors == ("offer.cdx.json: broken.cdx.json:1: not valid JSON",)
    assert asked.unknown_makers[0].asked == 7
    assert [f.id for f in asked.factors] == ["unknown-makers", "open-questions"]


def test_a_finding_cleared_by_review_is_recorded_not_offending() -> None:
    rs = router()
    cleared = tuple(i if i.ref != "soc" else item("soc", "review", i.doc["path"], (HUAWEI_PART,), final="allow")
                    for i in rs.items)
    v = compare.compare(_record(_bid(1, screening(cleared)))).bids[0]
    assert v.findings == () and v.decision == "allow"
    assert [f.id for f in v.factors] == ["cleared-by-review"] and v.risk == "low"


def test_the_same_part_under_two_packs_is_one_finding_with_the_worst_decision() -> None:
    v = compare.compare(_record(_bid(1, router("review"), router("exclude", "us-ndaa-889", "889-f3A-covered")))).bids[0]
    (f,) = v.findings
    assert f.final == "exclude" and f.policies == ("jp-gov-it-procurement-2018", "us-ndaa-889")
    assert [r["id"] for r in f.doc["rules"]] == ["889-f3A-covered", "jp-designated-part"]  # both packs' rules
    assert v.by_policy == {"jp-gov-it-procurement-2018": "review", "us-ndaa-889": "exclude"}
    assert [x.id for x in v.factors] == ["excluded-items"] and v.risk == "blocking"


def test_a_bid_without_screenings_says_why() -> None:
    (v,) = compare.compare(_record(_bid(1))).bids
    assert v.decision == "unknown" and "not screened" in v.errors[0] and "send them again" in v.errors[0]


def test_a_file_failing_under_two_packs_is_one_error() -> None:
    bad = screening((), status="failed", error="not valid JSON")
    (v,) = compare.compare(_record(_bid(1, bad, replace(bad, policy="us-ndaa-889")))).bids
    assert v.errors == ("offer.cdx.json: not valid JSON",)
