"""A recorded verdict whose last fact read is one only sentences quote, as it is (the maker as
stated), serves another value of that fact by putting the value in: such an item is decided
as a fresh policy decides it, and without evaluating the pack's rules again."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.model import Item
from supplyscreen.policy import get_policy
from supplyscreen.policy.evaluator import PackPolicy

DAY = dt.date(2025, 6, 1)

QUOTING_PACK = (
    "pack: {id: quoting, name: Quoting pack, jurisdiction: XX}\n"
    "sources:\n  - {id: s, title: A source, url: 'https://example.org'}\n"
    "rules:\n"
    "  - id: q-known\n    outcome: review\n    citation: c\n"
    "    rationale: \"{maker} is stated on {date}; {maker} must confirm.\"\n"
    "    when: {maker: [known]}\n")
# The same, with a rule reading the vendor's raw text after the sentence quoting the maker: the
# maker text is then not the last fact read, and rows are told apart by their vendor first.
RAW_PACK = QUOTING_PACK.replace("id: quoting", "id: raw-vendor") + (
    "  - id: q-acme\n    outcome: exclude\n    citation: c\n"
    "    rationale: \"An Acme row ({maker}).\"\n"
    "    when: {fields: {vendor: '^Acme'}}\n")


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = ["us-ndaa-889"]
    for name, text in (("quoting", QUOTING_PACK), ("raw", RAW_PACK)):
        pack = tmp_path_factory.mktemp("packs") / f"{name}.yaml"
        pack.write_text(text, encoding="utf-8")
        out.append(str(pack))
    return out


def _fresh(pack: str) -> PackPolicy:
    return get_policy(pack, known_lists=library.load_registry().lists)


# Maker texts as inventories write them, and ones a template must not trip on: braces and
# percent signs (format syntax), quotes, words of "unknown", non-Latin scripts, edge spaces.
_WORDS = st.sampled_from(["Acme", "Acme Corp", "unknown", "N/A", "{maker}", "100%", "O'Brien", "Ezurio",
                          "華為", "ＡＣＭＥ", "  spaced  ", "a", "{0}", "\\1", "Unknown vendor", "-"])
_TEXT = st.one_of(_WORDS, st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12))
_ROW = st.tuples(st.sampled_from(["vendor", "manufacturer", "brand"]), _TEXT,
                 st.booleans(), st.sampled_from(["", "cctv-camera", "laptop"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=1, max_size=12))
def test_items_that_match_nothing_are_decided_as_a_fresh_policy_decides_them(packs: list[str], rows) -> None:
    for pack in packs:
        warm = _fresh(pack)
        for n, (field, text, with_model, role) in enumerate(rows):
            fields = {field: text, **({"model": "X-1"} if with_model else {}), **({"role": role} if role else {})}
            item = Item(str(n), MappingProxyType(fields))
            assert warm.evaluate(item, (), DAY) == _fresh(pack).evaluate(item, (), DAY), (pack, fields)


def test_a_new_maker_text_is_worded_without_evaluating_the_rules_again(packs: list[str], monkeypatch) -> None:
    for pack in packs:
        pol = _fresh(pack)
        first = pol.evaluate(Item("1", MappingProxyType({"vendor": "Ezurio"})), (), DAY)
        calls: list[object] = []
        evaluate = pol._evaluate
        monkeypatch.setattr(pol, "_evaluate", lambda s, evaluate=evaluate, calls=calls: calls.append(s) or evaluate(s))
        second = pol.evaluate(Item("2", MappingProxyType({"vendor": "Clockwork Dog"})), (), DAY)
        assert second.reason == first.reason.replace("Ezurio", "Clockwork Dog")
        assert "Ezurio" not in second.reason + "".join(r.rationale for r in second.rules)
        if pack.endswith("raw.yaml"):
            assert calls  # the vendor's raw text is read after the maker text: evaluated afresh
            acme = pol.evaluate(Item("3", MappingProxyType({"vendor": "Acme Tools"})), (), DAY)
            assert [r.id for r in acme.rules] == ["q-acme", "q-known"]
        else:
            assert calls == []


def test_the_maker_text_is_templated_only_where_no_condition_reads_it(packs: list[str]) -> None:
    for pack in packs:
        assert _fresh(pack)._quoted_only == {"maker_text"}
