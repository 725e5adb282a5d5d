"""FAR 52.204-24/-26 representations against what screening found."""

from __future__ import annotations

import pytest

from case.case_builders import router
from supplyscreen.case import compare, representations
from supplyscreen.case.model import Representations

NO = Representations(far_24_provide="will-not", far_24_use="does-not", far_26_provide="does-not",
                     far_26_use="does-not")


def test_parse_from_yaml_shape_and_command_line_pairs() -> None:
    r = representations.parse({"52.204-24": {"provide": "will not", "use": "does_not", "disclosure": ""}},
                              ["52.204-26.provide=does-not", "disclosure=none"])
    assert (r.far_24_provide, r.far_24_use, r.far_26_provide, r.far_26_use) == ("will-not", "does-not", "does-not",
                                                                                None)
    assert r.disclosure == "none"
    assert representations.from_doc(representations.to_doc(r)) == r
    with pytest.raises(representations.RepresentationError, match="will, will-not"):
        representations.parse(None, ["52.204-24.provide=maybe"])
    with pytest.raises(representations.RepresentationError, match=r"CLAUSE\.FIELD=VALUE"):
        representations.parse(None, ["provide"])
    with pytest.raises(representations.RepresentationError, match="known are"):
        representations.parse({"52.204-25": {"provide": "will"}})


def test_does_not_provide_but_889_excludes_a_part_is_a_contradiction() -> None:
    fs = compare.root_findings(router("exclude", "us-ndaa-889"))
    out = {r.clause: r for r in representations.check(NO, fs, True, screened_889=True)}
    assert out["52.204-24(d)(1)"].status == "contradicted"
    assert out["52.204-26(c)(1)"].status == "contradicted"
    assert out["52.204-24(d)(1)"].refs == ("Router › Board › Module › SoC",)
    assert "will not provide" in out["52.204-24(d)(1)"].text.en and out["52.204-24(d)(1)"].text.ja
    assert out["52.204-24(d)(2)"].status == "not-checkable"  # own use is not in the offer


def test_without_an_889_screening_a_covered_lead_needs_inquiry() -> None:
    fs = compare.root_findings(router("review"))
    out = {r.clause: r for r in representations.check(NO, fs, False, screened_889=False)}
    assert out["52.204-24(d)(1)"].status == "needs-inquiry"


def test_clean_offer_is_consistent_and_missing_answers_are_incomplete() -> None:
    assert {r.status for r in representations.check(NO, [], True, True)} == {"consistent", "not-checkable"}
    assert representations.check(Representations(), [], False, False) == ()
    (missing,) = representations.check(Representations(), [], True, False)
    assert missing.status == "incomplete"
    partial = {r.clause: r.status for r in representations.check(Representations(far_24_provide="will-not"), [],
                                                                    True, False)}
    assert partial["52.204-26(c)(1)"] == "incomplete"


def test_a_positive_answer_needs_its_disclosure() -> None:
    yes = Representations(far_24_provide="will")
    assert representations.check(yes, [], False, False)[0].status == "incomplete"
    told = Representations(far_24_provide="will", disclosure="Huawei ME909s LTE module, part 51070XXX, backhaul")
    assert representations.check(told, [], False, False)[0].status == "disclosed"
