"""The stated use is read by its class: what a verdict key may hold it by (fields.USE_CLASS)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supplyscreen.fields import RAW, USE_CLASS
from supplyscreen.model import Item
from supplyscreen.policy.conditions import facts, use_class
from supplyscreen.policy.evaluator import PackPolicy
from supplyscreen.policy.loader import load_pack

TEXTS = st.sampled_from(["", " ", "cctv-camera", "Perimeter Security", "監視カメラ", "public", "safety", "law",
                         "enforcement", "laptop", "video-conferencing", "CCTV", "device", "camera", "lab-test"])
USES = ("purpose", "role", "category")


def _class_of(fields: dict[str, str]) -> str:
    return facts(Item("1", MappingProxyType({k: v for k, v in fields.items() if v}))).purpose_class


@settings(max_examples=200, deadline=None)
@given(values=st.fixed_dictionaries({k: TEXTS for k in USES}), field=st.sampled_from(USES), other=TEXTS)
def test_a_text_of_the_same_class_in_any_use_field_leaves_the_purpose_class_alone(values, field, other):
    # What lets a key hold these fields by their class: the fact follows from the fields' classes.
    assume(use_class(values[field]) == use_class(other))
    assert _class_of({**values, field: other}) == _class_of(values)
    swapped = {**values, "purpose": values["role"], "role": values["purpose"]}
    assert _class_of(swapped) == _class_of(values)


def test_uses_split_over_two_fields_are_each_read_on_their_own():
    assert _class_of({"purpose": "law", "role": "enforcement"}) == "other"
    assert _class_of({"purpose": "law", "role": "cctv-camera"}) == "covered"
    assert _class_of({"category": "CCTV"}) == "covered" and _class_of({"category": "camera"}) == "missing"
    assert _class_of({"role": " "}) == "missing"


def test_a_pack_that_also_reads_the_role_as_text_keys_it_as_text(tmp_path: Path):
    pack = tmp_path / "lab.yaml"
    pack.write_text(
        "pack: {id: lab, name: Lab pack, jurisdiction: XX}\n"
        "sources:\n  - {id: s, title: A source, url: \"https://example.org\"}\n"
        "rules:\n"
        "  - id: lab-kit\n    outcome: review\n    citation: Test\n    rationale: \"Lab kit, used for {purpose}.\"\n"
        "    when: {fields: {role: '^lab'}, purpose: [other]}\n", encoding="utf-8")
    reads = PackPolicy(load_pack(pack)).reads.fields
    assert reads["role"] == RAW  # the `fields` condition reads its text
    assert reads["purpose"] == reads["category"] == USE_CLASS
