"""The screener's verdict cache: rows that say the same share a verdict, yet every row quotes its own
MAC and sysObjectID, and a MAC's key is what its block says, in any notation."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from supplyscreen import library
from supplyscreen.identifiers import default_oui_table
from supplyscreen.model import Decision, Item
from supplyscreen.screen import MacBlockKey, Tally


@pytest.fixture(scope="module")
def mac_key() -> MacBlockKey:
    return MacBlockKey(library.load_registry())


@pytest.mark.parametrize("same", [
    "BC:0F:64:DF:B9:72", "bc-0f-64-00-00-01", "bc0f.6400.0002", "BC0F64000003", "bc0f:6400:0004", "bc 0f 64 00 00 05",
])
def test_one_key_per_block_in_any_notation(mac_key: MacBlockKey, same: str) -> None:
    assert mac_key(same) == mac_key("BC:0F:64:11:22:33")  # an Intel block
    assert mac_key(same) != mac_key("00:E0:FC:11:22:33")  # a Huawei block


def test_unreadable_and_randomised_macs(mac_key: MacBlockKey) -> None:
    assert mac_key("BC:0F:64:11:22:33") != "BAD"  # remembered by its text...
    assert mac_key("BC:0F:64:11:22:3G") == "BAD"  # ...which never vouches for a malformed one
    assert mac_key("BC:0F:64:11:22") == "BAD"
    assert mac_key("02:0F:64:11:22:33") == mac_key("06:00:00:00:00:00") == "LA"
    assert mac_key("") == ""


def test_carved_blocks_are_told_apart(mac_key: MacBlockKey) -> None:
    # Two MA-S blocks carved from one IEEE block, registered to different firms: the first three
    # octets are the same, the keys are not.
    table = default_oui_table()
    org = {p: table.lookup(p + "000").organization for p in table._by_len[9]}
    sub, other = next((a, b) for a in org for b in org if a[:6] == b[:6] and org[a] != org[b])

    def colon(prefix: str) -> str:
        return ":".join((prefix + "000")[i:i + 2] for i in range(0, 12, 2))

    assert mac_key(colon(sub)) == mac_key(colon(sub).lower())
    assert mac_key(colon(sub)) != mac_key(colon(other))


def _screen(rows: list[dict[str, str]]) -> list:
    reg = library.load_registry()
    screener = library.make_screener(reg)
    items = (Item(str(n), MappingProxyType(r), line=n + 1) for n, r in enumerate(rows))
    return list(screener.screen(items, Tally()))


def test_rows_sharing_a_verdict_quote_their_own_identifiers() -> None:
    rows = [{"vendor": "LTS", "mac": f"C0:56:E3:00:00:0{n}", "sys_object_id": f"1.3.6.1.4.1.39165.1.{n}"}
            for n in range(1, 4)]
    out = _screen(rows)
    assert len({r.decision for r in out}) == 1 and out[0].decision is Decision.REVIEW
    for row, r in zip(rows, out, strict=True):
        assert f"the MAC block in {row['mac']} is registered to" in r.reason
        quoted = {fm.field: fm.value for fm in r.matches}
        assert quoted["mac"] == row["mac"]
        assert quoted.get("sys_object_id", row["sys_object_id"]) == row["sys_object_id"]


def test_a_cached_verdict_never_crosses_a_difference_a_rule_reads() -> None:
    out = _screen([{"vendor": "Hikvision", "role": "cctv-camera", "mac": "C0:56:E3:00:00:01"},
                   {"vendor": "Hikvision", "role": "laptop", "mac": "C0:56:E3:00:00:02"},
                   {"vendor": "Hikvision", "role": "cctv-camera", "mac": "C0:56:E3:00:00:03"}])
    assert [r.decision for r in out] == [Decision.EXCLUDE, Decision.REVIEW, Decision.EXCLUDE]
    assert "laptop" in out[1].reason


def test_shared_evidence_and_silent_sysdescr_give_what_screening_afresh_gives() -> None:
    rows = [
        {"vendor": "LTS", "role": "nvr", "mac": "C0:56:E3:00:00:01", "sys_descr": "NVR firmware build 101"},
        {"vendor": "LTS", "role": "lab-test", "mac": "C0:56:E3:00:00:02", "sys_descr": "NVR firmware build 102"},
        {"vendor": "", "role": "router", "mac": "", "sys_descr": "Linux 5.10 build 7"},
        {"vendor": "", "role": "router", "mac": "", "sys_descr": "Huawei Versatile Routing Platform build 7"},
        {"vendor": "", "role": "router", "mac": "", "sys_descr": "Linux 5.10 build 8"},
        {"vendor": "", "role": "router", "mac": "", "sys_descr": ""},
    ]
    cached = _screen(rows)
    afresh = [_screen([row])[0] for row in rows]
    for c, a in zip(cached, afresh, strict=True):
        assert (c.decision, c.reason, c.rules) == (a.decision, a.reason, a.rules)
        assert [(m.field, m.value, m.match) for m in c.matches] == [(m.field, m.value, m.match) for m in a.matches]
    # The sysDescr naming Huawei is evidence; the others only say the device described itself.
    assert cached[3].decision is Decision.EXCLUDE and cached[3].matches[0].field == "sys_descr"
    assert cached[2].decision is cached[4].decision is cached[5].decision is Decision.UNKNOWN
    assert cached[0].decision is Decision.EXCLUDE and cached[1].decision is Decision.REVIEW


def test_a_pack_reading_raw_fields_or_quoting_rows_gets_each_rows_own_verdict(tmp_path) -> None:
    pack = tmp_path / "quoting.yaml"
    pack.write_text(
        "pack: {id: quoting, name: Quoting pack, jurisdiction: XX}\n"
        "sources:\n  - {id: s, title: A source, url: 'https://example.org'}\n"
        "rules:\n"
        "  - id: q-site\n    outcome: exclude\n    citation: c\n"
        "    rationale: \"Row {ref} is at a listed site.\"\n"
        "    when: {fields: {site: '^HQ$'}}\n"
        "  - id: q-listed\n    outcome: review\n    citation: c\n"
        "    rationale: \"'{value}' leads to {matched}.\"\n"
        "    when: {lists: ['*']}\n",
        encoding="utf-8")
    reg = library.load_registry()
    screener = library.make_screener(reg, policy=str(pack))
    rows = [{"vendor": "Acme", "site": "HQ"}, {"vendor": "Acme", "site": "HQ"}, {"vendor": "Acme", "site": "Branch"},
            {"mac": "C0:56:E3:00:00:01", "site": "Branch"}, {"mac": "C0:56:E3:00:00:02", "site": "Branch"}]
    items = (Item(f"r{n}", MappingProxyType(r), line=n + 1) for n, r in enumerate(rows))
    out = list(screener.screen(items, Tally()))
    assert [r.decision for r in out] == [Decision.EXCLUDE, Decision.EXCLUDE, Decision.ALLOW,
                                         Decision.REVIEW, Decision.REVIEW]
    assert out[1].reason == "Row r1 is at a listed site."
    assert out[3].reason.startswith("'C0:56:E3:00:00:01' leads to")
    assert out[4].reason.startswith("'C0:56:E3:00:00:02' leads to")


def test_a_part_and_the_same_item_bought_alone_are_decided_apart_in_either_order() -> None:
    # The same HBOM part in one bid and named as an item in another, through one warm screener (the
    # service shares one across uploads): a rule reads whether the item is a part (Item.parent/path).
    from pathlib import Path

    import supplyscreen.registry as registry_pkg

    org = Path(registry_pkg.__file__).parent / "examples" / "jp-org-designations.example.yaml"
    reg = library.load_registry(None, (org,))
    said = MappingProxyType({"manufacturer": "Huawei Technologies Co., Ltd.", "product": "ME909s LTE module"})
    part = Item("lte", said, path=("UNX-200 router", "mainboard", "LTE module"), parent="mb")
    alone = Item("1", said, line=2)
    for order in ([part, alone], [alone, part]):
        screener = library.make_screener(reg, "jp-gov-it-procurement-2018")
        got = {r.item.ref: (r.decision, [h.id for h in r.rules]) for r in screener.screen(iter(order), Tally())}
        assert got["lte"] == (Decision.REVIEW, ["jp-designated-part"])
        assert got["1"] == (Decision.EXCLUDE, ["jp-org-designated"])
