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
