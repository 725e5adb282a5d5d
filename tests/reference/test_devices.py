"""One device classifier for the packs and the plan: a device has one class everywhere, and each
network measure's plan deadline covers exactly the devices its pack rule fires for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.inventory.plan import build_plan, load_deadlines, load_roles
from supplyscreen.reference.devices import ClassifierError, classify, parse, shipped

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "inventory"
CLASSES = ASSETS / "classes.csv"


@pytest.mark.parametrize(("fields", "cls", "cats"), [
    ({"role": "upf"}, "core", {"core-network", "5g"}),
    ({"role": "pe-router"}, "core", {"core-network"}),
    ({"role": "bng"}, "core", {"core-network"}),
    ({"sys_descr": "Huawei UNC 5G core AMF"}, "core", {"core-network", "5g"}),
    ({"role": "enodeb"}, "access", {"radio-access", "4g"}),
    ({"role": "olt"}, "aggregation", {"full-fibre"}),
    ({"role": "home-router"}, "cpe", {"consumer-router"}),
    ({"role": "wan-router"}, "aggregation", {"router"}),
    ({"role": "printer", "description": "Intel Core i7 print server"}, "endpoint", {"it-equipment"}),
    ({"category": "drone"}, "uas", {"uas"}),
    ({"category": "micro-inverter"}, "inverter", {"power-inverter"}),
    ({"category": "5G RAN"}, "access", {"radio-access", "5g"}),
])
def test_kinds_classes_and_categories(fields: dict[str, str], cls: str, cats: set[str]) -> None:
    d = classify(fields)
    assert d.cls == cls and cats <= d.categories and d.stated


def test_carrier_and_enterprise_routers_are_not_consumer_routers() -> None:
    for role in ("wan-router", "branch-router", "pe-router", "core router"):
        assert "consumer-router" not in classify({"role": role}).categories, role


def test_nothing_said_is_not_stated() -> None:
    d = classify({"vendor": "Brother", "model": "HL-L2350DW", "hostname": "dev-9"})
    assert not d.stated and d.cls == "unclassified"


@settings(max_examples=80, deadline=None)
@given(word=st.sampled_from(["upf", "pe-router", "gnodeb", "olt", "printer", "drone", "inverter", "cctv-camera",
                             "laptop", "mobile-backhaul", "home-router", "network-management"]),
       field=st.sampled_from(["role", "category", "product", "description"]),
       noise=st.sampled_from(["", "hostname"]))
def test_the_class_does_not_depend_on_which_column_states_it(word: str, field: str, noise: str) -> None:
    # Metamorphic: the same word in another descriptive column, with or without an unhelpful host
    # name, gives the same class and categories.
    base = classify({"role": word})
    fields = {field: word}
    if noise:
        fields["hostname"] = "host-0042"
    moved = classify(fields)
    assert (moved.cls, moved.categories) == (base.cls, base.categories)


def test_a_bad_classifier_file_says_what_is_wrong() -> None:
    with pytest.raises(ClassifierError, match="class 'nowhere'"):
        parse({"fields": ["role"], "classes": {"core": "x"}, "kinds": [{"id": "k", "class": "nowhere", "words": ["a"]}]})
    with pytest.raises(ClassifierError, match="bad pattern"):
        parse({"fields": ["role"], "classes": {"core": "x"}, "kinds": [{"id": "k", "class": "core", "words": ["("]}]})
    with pytest.raises(ClassifierError, match="needs 'fields'"):
        parse({"kinds": []})


def test_every_category_a_pack_names_is_one_the_classifier_gives() -> None:
    from importlib import resources

    known = set(shipped().categories)
    folder = resources.files("supplyscreen.policy").joinpath("packs")
    for f in folder.iterdir():
        if not f.name.endswith(".yaml") or f.name.endswith(".tests.yaml"):
            continue
        text = f.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "category: [" in line:
                named = line.split("category: [", 1)[1].split("]", 1)[0]
                assert {c.strip() for c in named.split(",")} <= known, (f.name, line)


# --- One device, one class: the packs' rules and the plan's deadlines agree ----------------------

NETWORK_PACKS = ("uk-huawei-dvd-2022", "ca-2022", "de-5g-2024", "se-pts-2020")


@pytest.mark.parametrize("pack", NETWORK_PACKS)
def test_each_deadline_covers_exactly_the_devices_its_pack_rule_fires_for(pack: str) -> None:
    """Screened under another pack, the plan places a device by class and categories; screened
    under the measure's own pack, by the rule that fired. Both must give the same answer."""
    day = dt.date(2026, 6, 1)
    reg = library.load_registry()
    results = library.check(CLASSES, pack, day).results
    entries = [d for d in load_deadlines() if d.pack == pack and d.rule]
    assert entries
    by_rule = build_plan(results, reg, load_roles(), tuple(entries), (), day, pack)
    by_class = build_plan(results, reg, load_roles(), tuple(entries), (), day, "")
    rule_side = {w.ref: (w.cls, [d.rule for d in w.rules]) for w in by_rule.work}
    class_side = {w.ref: (w.cls, [d.rule for d in w.rules]) for w in by_class.work}
    assert rule_side == class_side
    # and the class the plan shows is the classifier's, the one the pack's category rules read
    for r in results:
        if r.item.ref in rule_side:
            assert rule_side[r.item.ref][0] == classify(r.item.fields).cls


def test_uk_core_functions_are_core_in_the_pack_and_in_the_plan() -> None:
    day = dt.date(2026, 6, 1)
    results = {r.item.ref: r for r in library.check(CLASSES, "uk-huawei-dvd-2022", day).results}
    plan = {w.ref: w for w in build_plan(results.values(), library.load_registry(), load_roles(), load_deadlines(),
                                         ("GB",), day, "uk-huawei-dvd-2022").work}
    for ref in ("K01", "K02", "K03", "K04", "K05", "K06", "K07"):
        assert results[ref].rules[0].id == "uk-dvd-core", ref
        assert plan[ref].cls == "core" and plan[ref].deadline == dt.date(2023, 12, 31), ref
    assert results["K08"].rules[0].id == "uk-dvd-5g" and plan["K08"].deadline == dt.date(2027, 12, 31)
    assert results["K17"].decision.value == "review" and plan["K17"].cls == "endpoint"


def test_the_plan_reads_a_users_classifier_file(tmp_path: Path) -> None:
    doc = yaml.safe_load((Path(__file__).resolve().parents[2] / "src/supplyscreen/reference/data/device-classes.yaml")
                         .read_text(encoding="utf-8"))
    doc["kinds"].insert(0, {"id": "my-core", "class": "core", "categories": ["core-network"], "words": ["^xcore$"]})
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert load_roles(path).classify({"role": "xcore"}).cls == "core"
