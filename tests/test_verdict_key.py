"""The screener's verdict key is derived from what evidence and policy declare they read: a property
test over generated rows (products and parts carrying the same fields, every pack, with and without
an organisation's designations) shows that a row screened cached, afresh, alone, together or in
any order gets the same decision, rules and reason."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import supplyscreen.policy as policy_pkg
import supplyscreen.registry as registry_pkg
from supplyscreen import library
from supplyscreen.fields import RAW
from supplyscreen.model import Item
from supplyscreen.screen import Screener, Tally

PACKS = sorted(p.stem for p in (Path(policy_pkg.__file__).parent / "packs").glob("*.yaml") if ".tests" not in p.name)
ORG = Path(registry_pkg.__file__).parent / "examples" / "jp-org-designations.example.yaml"

# Values of the kinds real rows carry, designated and not, for every field some reader reads; a row
# takes any combination, so rows agree on some fields and differ on others.
VALUES = {
    "manufacturer": ["Huawei Technologies Co., Ltd.", "Hikvision", "Cisco Systems", "unknown", "Kitano Networks K.K.",
                     "ZTE Corporation", "Kaspersky Lab"],
    "vendor": ["CDW Government LLC", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Dell"],
    "model": ["DS-2CD2143G2-I", "S5735-L24T4S-A", "C9200L-24T-4G", "ME909s-120"],
    "part_number": ["DS-7608NI-K2", "AR6120", "RX2540"],
    "product": ["LTE module", "Wi-Fi router", "HUAWEI AR6120 router", "quadcopter drone", "laser printer"],
    "mac": ["00:E0:FC:12:34:56", "00:e0:fc:65:43:21", "C0:56:E3:00:00:01", "BC:0F:64:11:22:33", "02:11:22:33:44:55",
            "N/A"],
    "sys_object_id": ["1.3.6.1.4.1.2011.2.23.1", "1.3.6.1.4.1.2011.2.240.12", "1.3.6.1.4.1.9.1.1"],
    "sys_descr": ["Linux 5.10 build 7", "Linux 5.10 build 8", "Huawei Versatile Routing Platform", "drone controller v2"],
    "role": ["cctv-camera", "laptop", "core-router", "nvr"],
    "purpose": ["physical-security", "video-conferencing"],
    "category": ["drone", "consumer router", "printer", "camera", "software"],
    "country": ["US", "CN", "U.S.A.", "Untied Staets", "Made in Japan"],
    "hostname": ["drone-01", "srv-02", "huawei-mirror"],
    "exception": ["backhaul", "no-user-data"],
    "component_role": ["essential", "non-essential"],
    "lei": ["5493004KVX0ZHKQ7RT70"],
    "description": ["camera with a HiSilicon SoC", "power supply"],
}

# Small rows: a key that leaves a field out shows when few other fields decide the row.
rows = st.sets(st.sampled_from(sorted(VALUES)), max_size=3).flatmap(
    lambda keys: st.fixed_dictionaries({k: st.sampled_from(VALUES[k]) for k in sorted(keys)}))
# Near-duplicates find a key that leaves out what a reader reads: each row is one base row with a
# field or two changed, added or removed.
changes = st.dictionaries(st.sampled_from(sorted(VALUES)), st.one_of(st.none(), st.sampled_from([v for vs in VALUES.values() for v in vs])),
                          max_size=2)
# A row is a product (no parent) or a part three levels down; the same fields occur at both levels.
shapes = st.sampled_from([((), None), (("Router", "Board", "Module"), "board")])
items = st.tuples(rows, st.lists(st.tuples(changes, shapes), min_size=2, max_size=6))


def _row(base: dict[str, str], change: dict[str, str | None]) -> dict[str, str]:
    row = dict(base)
    for k, v in change.items():
        if v is None:
            row.pop(k, None)
        else:
            row[k] = v if v in VALUES[k] else VALUES[k][len(v) % len(VALUES[k])]
    return row


def _screener(policy: str, org: bool) -> Screener:
    return library.make_screener(library.load_registry(None, (ORG,) if org else ()), policy)


def _seen(screener: Screener, batch: list[Item]) -> dict[str, tuple[object, ...]]:
    return {r.item.ref: (r.decision, r.rules, r.reason, tuple((m.field, m.value) for m in r.matches))
            for r in screener.screen(iter(batch), Tally())}


PART = (("Router", "Board", "Module"), "board")
PRODUCT: tuple[tuple[str, ...], None] = ((), None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy=st.sampled_from(PACKS), org=st.booleans(), drawn=items)
# Rows a hand-listed key got wrong: the same module as a part and as an item (Item.parent/path,
# read by the Japanese pack's component condition), and two devices differing only in the host
# name that the device classifier reads for the FCC category entries.
@example(policy="jp-gov-it-procurement-2018", org=True,
         drawn=({"manufacturer": "Huawei Technologies Co., Ltd."}, [({}, PART), ({}, PRODUCT)]))
@example(policy="us-fcc-covered-list", org=False,
         drawn=({"manufacturer": "Cisco Systems", "hostname": "drone-01"}, [({}, PRODUCT), ({"hostname": "srv-02"}, PRODUCT)]))
def test_a_row_gets_the_same_answer_cached_afresh_alone_together_and_in_any_order(policy: str, org: bool,
                                                                                  drawn: tuple) -> None:
    base, variants = drawn
    batch = [Item(f"r{n}", MappingProxyType(_row(base, change)), line=n + 2, path=path, parent=parent)
             for n, (change, (path, parent)) in enumerate(variants)]
    together = _seen(_screener(policy, org), batch)
    backwards = _seen(_screener(policy, org), batch[::-1])
    twice = _seen(_screener(policy, org), batch + batch[::-1])
    for item in batch:
        alone = _seen(_screener(policy, org), [item])[item.ref]
        assert together[item.ref] == alone, item
        assert backwards[item.ref] == alone, item
        assert twice[item.ref] == alone, item


def test_the_key_is_read_from_the_declarations() -> None:
    reg = library.load_registry(None, (ORG,))
    jp = library.make_screener(reg, "jp-gov-it-procurement-2018")
    us = library.make_screener(reg, "us-fcc-covered-list")
    # The Japanese pack asks whether an item is a part: a part and the same fields alone differ.
    said = MappingProxyType({"manufacturer": "Huawei"})
    assert jp.verdict_key(Item("a", said, parent="p", path=("P", "A"))) != jp.verdict_key(Item("a", said))
    # The FCC pack's category entries read what the device classifier reads, the host name included.
    assert us.reads.fields["hostname"] == RAW
    assert us.verdict_key(Item("a", MappingProxyType({"hostname": "drone-01"}))) != us.verdict_key(
        Item("b", MappingProxyType({"hostname": "srv-01"})))
    # Rows differing only in what nobody reads share a key (the cache still works).
    assert us.verdict_key(Item("a", MappingProxyType({"manufacturer": "Acme", "serial": "1"}))) == us.verdict_key(
        Item("b", MappingProxyType({"manufacturer": "Acme", "serial": "2"})))


@pytest.mark.parametrize("policy", PACKS)
def test_rows_of_one_mac_block_share_a_key_under_every_pack(policy: str) -> None:
    # A million-row inventory repeats a few thousand blocks: the key holds a MAC by its block.
    screener = _screener(policy, False)
    keys = {screener.verdict_key(Item(str(n), MappingProxyType({"vendor": "Acme", "mac": f"BC:0F:64:00:00:{n:02X}",
                                                                "sys_object_id": f"1.3.6.1.4.1.9.1.{n}"})))
            for n in range(20)}
    assert len(keys) == 1


def test_silent_sysdescr_texts_share_a_key_where_no_rule_reads_them() -> None:
    screener = _screener("us-ndaa-889", False)
    keys = {screener.verdict_key(Item("a", MappingProxyType({"vendor": "Acme", "sys_descr": f"Linux 5.10 build {n}"})))
            for n in range(5)}
    assert len(keys) == 1
