"""MAC digits read fast exactly as parse_mac reads them, and the block key that decides every
lookup made with a MAC."""

from __future__ import annotations

import pytest

from supplyscreen import library
from supplyscreen.identifiers import default_oui_table, parse_mac
from supplyscreen.identifiers.oui import IEEE_RA
from supplyscreen.matching.macs import MacBlocks, locally_administered, mac_digits


@pytest.mark.parametrize("text", [
    "9C:E3:74:12:34:56", "9c-e3-74-12-34-56", "9ce3.7412.3456", "9ce3-7412-3456", "9ce3:7412:3456",
    "9CE374123456", " 9c:e3:74:12:34:56 ", "9c e3 74 12 34 56", "0:1b:2:3:4:5", "9c:e3-74:12:34:56",
    "9C:E3:74:12:34", "9C:E3:74:12:34:5G", "N/A", "", "9ce3.7412.34567", "02:00:00:00:00:01",
])
def test_mac_digits_read_every_notation_as_parse_mac_does(text: str) -> None:
    assert mac_digits(text) == parse_mac(text).value


def test_locally_administered_bit() -> None:
    assert locally_administered("020000000001") and not locally_administered("9CE374123456")


def test_blocks_are_carved_only_out_of_the_ieee_own_blocks() -> None:
    # MacBlocks keys a MAC by its 24-bit prefix when its MA-L block belongs to a firm; that is exact
    # only while no MA-M or MA-S block of the shipped table lies under such a block.
    table = default_oui_table()
    for n in (7, 9):
        for prefix in table._by_len[n]:  # the shipped data itself
            parent = table.lookup(prefix[:6])
            assert parent is None or parent.organization == IEEE_RA, prefix


def test_block_key_is_24_bits_for_a_firms_block_and_36_under_the_ieees() -> None:
    reg = library.load_registry()
    blocks = MacBlocks(reg)
    assert blocks.block_key("9CE374123456") == "9CE374"  # Huawei's own MA-L block
    carved = next(p for p in default_oui_table()._by_len[9])
    digits = (carved + "000")[:12]
    assert blocks.block_key(digits) == digits[:9]
