"""A MAC column coded by numpy (MacClasses: the 24-bit head read as an integer, looked up in the
IEEE table's sorted prefixes) gives every cell the very key part MacBlockKey gives it one value at a
time, in every notation: whole MA-L blocks, blocks the IEEE carves into MA-M and MA-S, blocks the
registry holds at 24, 28 or 36 bits, unassigned heads, locally administered and group addresses,
and cells that are no MAC."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.batch.keys import KeyMaker
from supplyscreen.identifiers import default_oui_table
from supplyscreen.sources.text import clean_value

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
from supplyscreen.batch import columnar  # noqa: E402  (needs pyarrow)

_KEYS: list[KeyMaker] = []


def _keys() -> KeyMaker:
    if not _KEYS:
        _KEYS.append(KeyMaker(library.make_screener(library.load_registry())))
    return _KEYS[0]


def _heads() -> dict[str, list[str]]:
    """Prefixes of each kind, from the shipped IEEE table and registry (sorted: examples replay)."""
    oui, keyer = default_oui_table(), _keys().mac_keyer("mac")
    assert keyer is not None
    held = sorted(v.upper() for v, _ in keyer._registry.identifiers("mac"))
    return {
        "whole": sorted(p for p, (_r, org) in oui._by_len[6].items() if org != "IEEE Registration Authority")[::97],
        "parent": sorted(p for p, (_r, org) in oui._by_len[6].items() if org == "IEEE Registration Authority"),
        "ma_m": sorted(oui._by_len[7])[::23],
        "ma_s": sorted(oui._by_len[9])[::41],
        "private": sorted(p for p, (_r, org) in oui._by_len[6].items() if org.strip().lower() == "private")[:20],
        "held": held[::7],
        "held6": [v for v in held if len(v) == 6][::5],
    }


HEADS = _heads() if columnar.available() else {}
HEX = "0123456789abcdef"


@st.composite
def digits(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from([*sorted(HEADS), "unassigned"]))
    head = draw(st.sampled_from(HEADS[kind])) if kind != "unassigned" else ""
    tail = "".join(draw(st.lists(st.sampled_from(HEX), min_size=12 - len(head), max_size=12 - len(head))))
    out = head + tail
    flags = draw(st.sampled_from([None, 0, 1, 2, 3]))  # the group and local bits of the first octet, set
    if flags is not None:
        out = f"{(int(out[:2], 16) & 0xFC) | flags:02X}" + out[2:]
    return out


@st.composite
def macs(draw: st.DrawFn) -> str:
    d = draw(digits())
    case = draw(st.sampled_from(["upper", "lower", "mixed"]))
    if case == "upper":
        d = d.upper()
    elif case == "lower":
        d = d.lower()
    else:
        d = "".join(c.lower() if draw(st.booleans()) else c.upper() for c in d)
    style = draw(st.sampled_from(["bare", "colon", "dash", "dot", "colon4", "dash4", "odd"]))
    if style == "bare":
        return d
    if style in ("colon", "dash"):
        return (":" if style == "colon" else "-").join(d[i:i + 2] for i in range(0, 12, 2))
    if style in ("dot", "colon4", "dash4"):
        return {"dot": ".", "colon4": ":", "dash4": "-"}[style].join(d[i:i + 4] for i in range(0, 12, 4))
    return draw(st.sampled_from([d[:11], d + "0", f" {d} ", f"\t{d}", d[:2] + ":" + d[2:4] + "-" + d[4:],
                                 ":".join(d[i:i + 2] for i in range(0, 12, 2)).replace(":0", ":", 1),
                                 " ".join(d[i:i + 2] for i in range(0, 12, 2)), "N/A", "", "-",
                                 "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", d.replace(d[3], "g", 1)]))


CELLS = st.one_of(macs(), macs(), macs(), st.text(alphabet=HEX + "ABCDEF:-. g", max_size=17))


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(st.lists(CELLS, min_size=0, max_size=50), min_size=1, max_size=4))
def test_mac_codes_are_macblockkey_s_parts_cell_by_cell(blocks):
    keys = _keys()
    part = keys.part("mac")
    coder = columnar._coder(keys, "mac", {})
    assert isinstance(coder, columnar._MacCodes)
    # A column a block at a time, as the file is read: classes and heads met in one block are
    # remembered for the next.
    for values in blocks:
        codes = coder.codes_of(pa.array(values, pa.string()))
        want = [part(clean_value(v).value) for v in values]
        assert [coder.names[c] for c in codes.tolist()] == want


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@settings(max_examples=100, deadline=None)
@given(values=st.lists(digits(), min_size=1, max_size=60))
def test_a_class_holds_macs_of_one_key_only(values):
    # The classes alone (no heads): MACs given one class have one MacBlockKey key; a MAC of a
    # block anything is carved from, or that the registry names, has no class.
    keys = _keys()
    keyer = keys.mac_keyer("mac")
    assert keyer is not None
    table = columnar.MacClasses.of(keyer)
    classes = table.classes(np.array([int(v[:6], 16) for v in values], dtype=np.int64))
    by_class: dict[int, set[str]] = {}
    for v, c in zip(values, classes.tolist(), strict=True):
        if c >= 0:
            by_class.setdefault(c, set()).add(keyer(v))
        else:
            assert int(v[:2], 16) & 2 == 0
    assert all(len(k) == 1 for k in by_class.values())
    # Blocks the IEEE carves into MA-M or MA-S, and blocks with a registry identifier, have none.
    carved = {p[:6] for p in HEADS["ma_m"] + HEADS["ma_s"] + HEADS["held"]}
    for v, c in zip(values, classes.tolist(), strict=True):
        if v[:6].upper() in carved and int(v[:2], 16) & 2 == 0:
            assert c == -1


# Enterprise numbers at the edges (the largest, one past it, leading zeros, empty), few so they recur.
NUMBER = st.one_of(st.sampled_from(["0", "9", "2011", "999999999", "1000000000", "4294967295", "4294967296",
                                    "12345678901", "007", "00", ""]), st.integers(0, 10**11).map(str))
ARC = st.one_of(st.sampled_from(["0", "1", "23", "01", ""]), st.integers(0, 10**6).map(str))


@st.composite
def oids(draw: st.DrawFn) -> list[str]:
    """Two sysObjectIDs of one head and enterprise number, their later arcs and ends drawn apart
    (equal numbers must share a part only where the screener's keyer shares it)."""
    head = draw(st.sampled_from(["1.3.6.1.4.1.", ".1.3.6.1.4.1.", "iso.3.6.1.4.1.", "SNMPv2-SMI::enterprises.",
                                 "enterprises.", "1.3.6.1.4.2.", "1.3.6.1.4.1", "OID: 1.3.6.1.4.1.", " 1.3.6.1.4.1."]))
    number = draw(NUMBER)
    out = []
    for _ in range(2):
        arcs = [number, *draw(st.lists(ARC, max_size=3))]
        out.append(head + ".".join(arcs) + draw(st.sampled_from(["", "", " ", ".", "\n", "x", "'"])))
    return out


@pytest.mark.skipif(not columnar.available(), reason="needs pyarrow")
@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(st.lists(st.one_of(oids(), oids(), st.lists(st.text(max_size=8), max_size=2)), max_size=20),
                       min_size=1, max_size=3))
def test_oid_codes_are_the_screener_s_parts_cell_by_cell(blocks):
    # Plain OIDs coded by the enterprise number Arrow reads, the rest value by value: each cell's
    # part is the one the screener's keyer gives it (enterprise number, or the text where none).
    keys = _keys()
    part = keys.part("sys_object_id")
    coder = columnar._coder(keys, "sys_object_id", {})
    assert isinstance(coder, columnar._OidCodes)
    for cells in blocks:
        values = [v for pair in cells for v in pair]
        codes = coder.codes_of(pa.array(values, pa.string()))
        assert [coder.names[c] for c in codes.tolist()] == [part(clean_value(v).value) for v in values]
