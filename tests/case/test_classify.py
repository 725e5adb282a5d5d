"""The classification questionnaire: which answers require the agreement's review, and which packs."""

from __future__ import annotations

import datetime as dt

import pytest

from supplyscreen.case import classify

DAY = dt.date(2026, 5, 1)
BASE = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
        "confidential-information": "no", "personal-data": "no", "core-infrastructure": "no", "very-costly": "no",
        "other-judged": "no", "us-federal": "no"}


def test_a_ministry_lan_system_needs_the_review_under_the_japanese_pack() -> None:
    c = classify.classify({**BASE, "core-infrastructure": "yes"}, DAY)
    assert c.bound and c.review_required
    assert c.categories == ("core-business-lan",)
    assert c.packs == ("jp-gov-it-procurement-2018",)
    assert not c.representations
    texts = [r.text.en for r in c.reasons]
    assert any("comprehensive evaluation" in t for t in texts)
    assert all(r.text.ja for r in c.reasons)  # every reason reads in Japanese too
    assert {"usej-2018", "dokuhou-2020"} <= {s for r in c.reasons for s in r.sources}


def test_no_category_means_no_review_and_no_pack() -> None:
    c = classify.classify(BASE, DAY)
    assert c.bound and not c.review_required and c.packs == ()
    assert "does not apply" in c.reasons[-1].text.en


def test_private_buyers_are_not_bound() -> None:
    c = classify.classify({**BASE, "buyer": "other", "national-security": "yes"}, DAY)
    assert not c.bound and not c.review_required
    assert any("private firms are not bound" in r.text.en for r in c.reasons)


def test_designated_agencies_are_bound_only_from_the_2020_revision() -> None:
    answers = {**BASE, "buyer": "designated-agency", "very-costly": "yes"}
    assert not classify.classify(answers, dt.date(2020, 6, 29)).review_required
    assert classify.classify(answers, dt.date(2020, 6, 30)).review_required


def test_a_us_federal_procurement_adds_889_and_the_far_representations() -> None:
    c = classify.classify({**BASE, "national-security": "yes", "us-federal": "はい"}, DAY)
    assert c.packs == ("jp-gov-it-procurement-2018", "us-ndaa-889")
    assert c.representations and c.answers["us-federal"] == "yes"


def test_missing_and_wrong_answers_say_what_to_give() -> None:
    with pytest.raises(classify.ClassificationError, match=r"not answered: very-costly \(yes\|no\|unsure\)"):
        classify.classify({k: v for k, v in BASE.items() if k != "very-costly"}, DAY)
    with pytest.raises(classify.ClassificationError, match="central-government, designated-agency, other"):
        classify.classify({**BASE, "buyer": "ministry"}, DAY)
    with pytest.raises(classify.ClassificationError, match="unknown question"):
        classify.classify({**BASE, "colour": "red"}, DAY)


def test_the_body_consulted_is_nisc_then_the_national_cybersecurity_office() -> None:
    assert "NISC" in classify.consultation_body(dt.date(2025, 6, 30)).en
    assert classify.consultation_body(dt.date(2025, 7, 1)).ja.startswith("国家サイバー統括室")


def test_the_stored_form_reads_back_the_same() -> None:
    c = classify.classify({**BASE, "core-infrastructure": "yes", "us-federal": "yes"}, DAY)
    assert classify.from_doc(classify.to_doc(c)) == c


# -- the agreement's wording (issue 18) ------------------------------------------------------------

FULL = {**BASE, "confidential-information": "no", "personal-data": "no", "other-judged": "no"}


def test_the_categories_are_examples_and_systems_with_confidential_information_are_in_scope() -> None:
    ids = [q.id for q in classify.questions()]
    assert {"confidential-information", "personal-data", "other-judged"} <= set(ids)
    confidential = classify.classify({**FULL, "confidential-information": "yes"}, DAY)
    assert confidential.review_required and "confidential-information" in confidential.categories
    # The agreement lists its categories as examples (「…などの観点で」): the agency's own judgement counts.
    judged = classify.classify({**FULL, "other-judged": "yes"}, DAY)
    assert judged.review_required
    assert any("examples" in r.text.en for r in judged.reasons)


def test_a_bulk_personal_data_system_needs_the_review() -> None:
    c = classify.classify({**FULL, "personal-data": "yes"}, DAY)
    assert c.review_required and c.packs == ("jp-gov-it-procurement-2018",)


def test_unsure_leads_to_review_not_to_no_screening() -> None:
    c = classify.classify({**FULL, "national-security": "unsure"}, DAY)
    assert c.review_required and c.packs == ("jp-gov-it-procurement-2018",)
    assert any("unsure" in r.text.en.lower() for r in c.reasons)
    assert c.answers["national-security"] == "unsure"
    assert classify.classify({**FULL, "personal-data": "わからない"}, DAY).review_required


def test_every_scope_question_names_its_source() -> None:
    known = classify.sources()
    for q in classify.questions():
        if q.category:
            assert q.sources and set(q.sources) <= set(known), q.id
