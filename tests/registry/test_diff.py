"""The diff between two registry snapshots says every change screening could feel, and nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import LISTS, entity, relation
from supplyscreen.model import Source
from supplyscreen.registry.diff import KINDS, diff
from supplyscreen.registry.snapshot import Snapshot


def snap(*entities, relations=(), built="2026-01-01"):  # type: ignore[no-untyped-def]
    return Snapshot(built, (Source("test", "test fixture"),), LISTS, tuple(entities), tuple(relations))


BASE = (
    entity("huawei", "Huawei Technologies Co., Ltd.", "Huawei", lists=("us-fcc-covered-list",), ids=(("mac", "00E0FC"),)),
    entity("hisilicon", "HiSilicon Technologies Co., Ltd", lists=("us-bis-entity-list",)),
    entity("acme", "Acme Networks Ltd"),
)
RELS = (relation("hisilicon", "subsidiary_of", "huawei"),)


def test_a_snapshot_against_itself_has_no_change() -> None:
    d = diff(snap(*BASE, relations=RELS), snap(*BASE, relations=RELS, built="2026-02-01"))
    assert d.changes == ()
    assert d.touched == frozenset()
    assert d.counts() == dict.fromkeys(KINDS, 0)


def test_a_new_listing_a_removed_one_and_a_changed_date_are_each_said() -> None:
    new = (
        entity("huawei", "Huawei Technologies Co., Ltd.", "Huawei", lists=("us-fcc-covered-list",), added="2022-11-25",
               ids=(("mac", "00E0FC"),)),
        entity("hisilicon", "HiSilicon Technologies Co., Ltd"),
        entity("acme", "Acme Networks Ltd", lists=("us-bis-entity-list",)),
    )
    d = diff(snap(*BASE, relations=RELS), snap(*new, relations=RELS))
    kinds = [(c.kind, c.entity_id) for c in d.changes]
    assert kinds == [("designation_added", "acme"), ("designation_removed", "hisilicon"),
                     ("designation_changed", "huawei")]
    assert d.changes[0].sentence == "Acme Networks Ltd is now on us-bis-entity-list (from 2021-03-12)."
    assert "changed (added)" in d.changes[2].sentence
    assert d.touched == {"acme", "hisilicon", "huawei"}


def test_relations_names_and_identifiers() -> None:
    new = (
        entity("huawei", "Huawei Technologies Co., Ltd.", "Huawei", "華為", lists=("us-fcc-covered-list",),
               ids=(("mac", "00E0FC"), ("mac", "001E10"))),
        *BASE[1:],
    )
    rels = (relation("hisilicon", "subsidiary_of", "huawei", until="2026-03-01"),
            relation("acme", "oem_relabel_of", "huawei"))
    d = diff(snap(*BASE, relations=RELS), snap(*new, relations=rels))
    assert sorted(c.kind for c in d.changes) == sorted(["relation_added", "relation_changed", "names_changed",
                                                         "identifiers_changed"])
    added = next(c for c in d.changes if c.kind == "relation_added")
    assert added.sentence == "New relation: Acme Networks Ltd oem relabel of Huawei Technologies Co., Ltd.."
    assert {"acme", "huawei", "hisilicon"} <= d.touched


def test_entities_added_and_removed_carry_their_listings() -> None:
    d = diff(snap(*BASE), snap(BASE[0], BASE[2], entity("zte", "ZTE Corporation", lists=("us-ndaa-889",))))
    assert [(c.kind, c.entity_id) for c in d.changes] == [
        ("entity_added", "zte"), ("entity_removed", "hisilicon"), ("designation_added", "zte"),
        ("designation_removed", "hisilicon")]


NAMES = st.sampled_from(["a", "b", "c", "d"])
LIST_IDS = st.lists(st.sampled_from([x.id for x in LISTS]), unique=True, max_size=2)


@st.composite
def snapshots(draw):  # type: ignore[no-untyped-def]
    ids = draw(st.lists(NAMES, unique=True, max_size=4))
    ents = [entity(i, f"Firm {i}", *draw(st.lists(st.sampled_from(["X", "Y"]), unique=True)),
                   lists=tuple(draw(LIST_IDS)), added=draw(st.sampled_from(["2019-08-13", "2021-03-12"])))
            for i in ids]
    rels = [relation(a, "subsidiary_of", b) for a in ids for b in ids
            if a < b and draw(st.booleans())]
    return snap(*ents, relations=tuple(rels))


@settings(max_examples=200, deadline=None)
@given(snapshots(), snapshots())
def test_the_diff_is_empty_exactly_when_screening_inputs_are_equal(a: Snapshot, b: Snapshot) -> None:
    d = diff(a, b)

    def facts(s: Snapshot) -> dict[str, tuple[str, frozenset[object], frozenset[object], frozenset[object]]]:
        # What screening reads of an entity; the order of aliases and listings does not matter.
        return {e.id: (e.name, frozenset(e.aliases), frozenset(e.identifiers), frozenset(e.designations))
                for e in s.entities}

    same = facts(a) == facts(b) and set(a.relations) == set(b.relations)
    assert (d.changes == ()) == same
    # Every change names an entity of one side, and the reverse diff has as many changes.
    ids = {e.id for e in a.entities} | {e.id for e in b.entities}
    assert all(c.entity_id in ids for c in d.changes)
    assert len(diff(b, a).changes) == len(d.changes)
