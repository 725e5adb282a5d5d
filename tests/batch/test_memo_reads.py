"""Steps of screening a key that are remembered by what they declare they read give what working
them out afresh gives (issue 20, item 2: the per-key cost of `check`).

Each memo is keyed on the step's declared reading of its inputs (a stated use by its text, a MAC
by the digits that decide every block lookup, a sysObjectID by its enterprise number), so a value
met once answers every later value read the same way; these properties say the answer is the
one the unmemoised step gives, value by value, over generated values in every notation.
"""

from __future__ import annotations

import re
from functools import cache
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import identifiers as ids
from supplyscreen import library
from supplyscreen.matching import patterns as model_patterns
from supplyscreen.matching.conflicts import ConflictFinder, _registrant
from supplyscreen.matching.evidence import EvidenceFinder, enterprise_number
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Item
from supplyscreen.policy.conditions import COVERED_PURPOSE, use_class


@cache
def _registry():  # type: ignore[no-untyped-def]
    return library.load_registry()


@cache
def _finder() -> EvidenceFinder:
    return EvidenceFinder(library.matcher_for(_registry()))


def _matcher() -> Matcher:
    return library.matcher_for(_registry())


# --- MACs in every notation, from blocks that say something and blocks that say nothing ----------

@cache
def _prefixes() -> tuple[str, ...]:
    """24- and 36-bit prefixes the registry holds, IEEE blocks of firms and of the IEEE itself (the
    carved MA-L blocks), and prefixes no table holds."""
    held = sorted({v.upper() for v, _ in _registry().identifiers("mac")})
    table = ids.default_oui_table()
    ieee = [p for n in (6, 7, 9) for p in sorted(table._by_len[n])[:: max(1, len(table._by_len[n]) // 40)]]
    return tuple(dict.fromkeys([*held, *ieee, "000000", "FFFFFF", "0A1B2C", "123456789"]))


def _notation(digits: str, how: int) -> str:
    pairs = [digits[i:i + 2] for i in range(0, 12, 2)]
    quads = [digits[i:i + 4] for i in range(0, 12, 4)]
    return [digits, ":".join(pairs), "-".join(pairs).lower(), ".".join(quads).lower(), " ".join(pairs),
            f" {':'.join(pairs)} ", ":".join(pairs[:5]), digits[:11] + "G", "N/A", ""][how]


MACS = st.builds(
    lambda prefix, tail, flip, how: _notation(
        (f"{int(prefix[:2], 16) ^ flip:02X}" + (prefix + tail)[2:])[:12], how),
    st.deferred(lambda: st.sampled_from(_prefixes())),
    st.text("0123456789ABCDEF", min_size=6, max_size=6),
    st.sampled_from([0, 0, 0, 0x02, 0x01]),  # locally administered and multicast bits too
    st.integers(0, 9),
)
OIDS = st.one_of(
    st.sampled_from(["", "1.3.6.1.4.1.2011.2.23", ".1.3.6.1.4.1.9.1.1208", "1.3.6.1.4.1.12345", "not an oid",
                     "iso.3.6.1.4.1.25506.1.1", "1.3.6.1.2.1.1"]),
    st.builds(lambda n, rest: f"1.3.6.1.4.1.{n}{rest}", st.integers(0, 60000),
              st.sampled_from(["", ".1", ".2.240.12", "."])),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(MACS.map(lambda v: ("mac", v)), OIDS.map(lambda v: ("sys_object_id", v))),
                       min_size=1, max_size=12))
def test_a_registrant_remembered_by_block_or_number_is_the_one_read_afresh(values) -> None:  # type: ignore[no-untyped-def]
    finder = ConflictFinder(_matcher())  # one memo across the list: later values hit earlier blocks
    for field, value in values:
        value = value.strip()
        if value:
            assert finder.registrant(field, value) == _registrant(field, value), (field, value)


def _names_maker_afresh(fields: dict[str, str]) -> bool:
    """EvidenceFinder._identifier_names_maker as it was before it was remembered."""
    parsed = ids.parse_mac(fields.get("mac", "").strip() or None)
    if parsed.value is not None and not parsed.locally_administered:
        hit = ids.default_oui_table().lookup(parsed.value)
        if hit is not None and not hit.is_ieee_parent and not hit.is_private:
            return True
    pen = enterprise_number(fields.get("sys_object_id", "").strip())
    return pen is not None and ids.default_pen_table().lookup(pen) is not None


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(MACS, OIDS), min_size=1, max_size=12))
def test_whether_an_identifier_names_a_maker_remembered_is_as_worked_out_afresh(rows) -> None:  # type: ignore[no-untyped-def]
    finder = EvidenceFinder(_matcher())
    for mac, oid in rows:
        fields = {"mac": mac, "sys_object_id": oid}
        assert finder._identifier_names_maker(fields) == _names_maker_afresh(fields), fields


# --- Texts: stated uses and product-line patterns -------------------------------------------------

USE_WORDS = ["cctv", "CCTV camera", "Security", "public_safety", "law enforcement", "監視", "laptop", "lab",
             "access-control", "police", "signage", " ", ""]
TEXTS = st.one_of(st.text(max_size=30),
                  st.lists(st.sampled_from(USE_WORDS), max_size=4).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=10))
def test_a_use_class_remembered_is_the_class_worked_out_afresh(texts) -> None:  # type: ignore[no-untyped-def]
    for text in [*texts, *texts]:  # the second time each comes from the memo
        fresh = "" if not text.strip() else "covered" if COVERED_PURPOSE.search(text.strip()) else "other"
        assert use_class(text) == use_class.__wrapped__(text) == fresh


@cache
def _pattern_pieces() -> tuple[str, ...]:
    """Literal stems of the shipped patterns (so generated texts hold real model numbers), and
    look-alikes: the same stems inside words, lower-cased, cut short."""
    stems = []
    for p in model_patterns.bundled_patterns():
        stem = re.sub(r"\\[A-Za-z]|[\[\](){}?*+|^$\\]|\(\?<!.*?\)", "", p.regex.pattern.split("(?:", 1)[-1])[:8]
        if stem:
            stems += [stem, stem.lower(), "X" + stem, stem[:3]]
    return tuple(dict.fromkeys(stems))


PATTERN_TEXTS = st.one_of(
    st.text(max_size=24),
    st.builds(lambda pre, stem, post: f"{pre}{stem}{post}",
              st.sampled_from(["", " ", "HUAWEI ", "a", "Model: ", "-"]),
              st.deferred(lambda: st.sampled_from(_pattern_pieces())),
              st.sampled_from(["", "2143G0-I", "5720-52X", "-4", "00", " Pro", "x"])),
    st.sampled_from(["DS-2CD2143G0-I", "S5720-52X-SI", "IPC-HFW1230S", "ZXHN F670L", "AR651", "MF286",
                     "VMware ESXi 8.0.2 build-22380479", "PD-985", "HWM-21", "iDS-TCM403", "IDS-2000"]),
)


@settings(max_examples=400, deadline=None)
@given(text=PATTERN_TEXTS)
def test_the_joined_patterns_find_something_exactly_when_one_pattern_does(text: str) -> None:
    assert model_patterns.any_pattern(text) == bool(model_patterns.find_patterns({"model": text}))


def test_the_shipped_patterns_can_be_joined() -> None:
    # If one could not be (a group reference, a global flag), any_pattern would fall back to
    # searching each pattern: still exact, but the speed the memo is for would be gone.
    assert model_patterns.union(model_patterns.bundled_patterns()) is not None


def test_patterns_that_cannot_be_joined_are_searched_one_by_one() -> None:
    back = model_patterns.ModelPattern("x", "m", "", re.compile(r"(a)\1"), 0.9, "")
    flag = model_patterns.ModelPattern("y", "m", "", re.compile(r"(?i)abc"), 0.9, "")
    assert model_patterns.union((back,)) is None and model_patterns.union((flag,)) is None
    assert model_patterns.union(()) is not None and model_patterns.union(()).search("anything") is None


# --- The screener keys an item once --------------------------------------------------------------

ITEMS = st.builds(
    lambda ref, vendor, mac, role: Item(ref=ref, fields=MappingProxyType(
        {k: v for k, v in {"vendor": vendor, "mac": mac, "role": role}.items() if v})),
    st.sampled_from(["1", "2", "3"]), st.sampled_from(["Hikvision", "Dell", "Huawei", ""]),
    MACS, st.sampled_from(["cctv", "laptop", "", "police radio"]),
)


@settings(max_examples=60, deadline=None)
@given(items=st.lists(ITEMS, min_size=1, max_size=8), order=st.randoms(use_true_random=False))
def test_the_key_remembered_for_the_last_item_is_that_items_key(items, order) -> None:  # type: ignore[no-untyped-def]
    screener = library.make_screener(_registry())
    fresh = library.make_screener(_registry())
    calls = [*items, *items]
    order.shuffle(calls)
    for item in calls:
        # Screening, then asking what the result quotes, then keying: each as a fresh screener says.
        assert screener.screen_item(item) == fresh.screen_item(item)
        assert screener.verdict_key(item) == fresh._key(item)
        assert screener.quoted_values(item) == fresh.quoted_values(item)


# --- A column of MACs grouped by the digits that decide -------------------------------------------

@settings(max_examples=300, deadline=None)
@given(mac=MACS, tail=st.text("0123456789ABCDEF", min_size=6, max_size=6))
def test_macs_sharing_the_deciding_digits_share_their_key_part(mac: str, tail: str) -> None:
    # The columnar check keys a MAC column once per head of MacBlockKey.deciding_digits (6, 7 or 9
    # digits): every MAC under one head must have one key part, however its later digits run.
    screener = library.make_screener(_registry())
    keyer = screener._mac_key
    from supplyscreen.matching.macs import mac_digits

    digits = mac_digits(mac)
    if digits is None:
        return
    width = keyer.deciding_digits(digits)
    assert width in (6, 7, 9)
    other = (digits[:width] + tail + "000000")[:12]
    assert keyer(digits) == keyer(other), (digits, other, width)
    if width == 7:  # no 36-bit block under it anywhere: the IEEE table and the registry agree
        assert not any(p.startswith(digits[:6]) for p in ids.default_oui_table()._by_len[9])
