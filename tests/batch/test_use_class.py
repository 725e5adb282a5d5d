"""A stated use (role, purpose) is keyed by the class the policy's conditions read, never by its
text; each row's reason still quotes the row's own text, and no order of rows changes an answer."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from batch.test_columnar import _both
from supplyscreen import library
from supplyscreen.batch import KeyedScreening, KeyMaker, screen_keyed
from supplyscreen.fields import USE_CLASS
from supplyscreen.model import Item
from supplyscreen.policy.conditions import use_class

pytest.importorskip("pyarrow")

# Spellings of uses written for these tests: inside §889(f)(3)(B)'s limit, outside it, and none.
COVERED = ["cctv-camera", "CCTV camera", "perimeter-security", "access control panel", "監視カメラ",
           "police radio", "nvr storage", "public safety radio", "anpr camera (gate 3)", "Intercom, lobby"]
OTHER = ["laptop", "video-conferencing", "Lab Instrument", "会議室ディスプレイ", "retail signage",
         "warehouse scanner", "Besprechungsraum", "digital menu board"]
USES = st.one_of(
    st.sampled_from([*COVERED, *OTHER, "", "  "]),
    st.builds(lambda pre, word, post: f"{pre}{word}{post}", st.sampled_from(["", "Bldg 2 ", " "]),
              st.sampled_from([*COVERED, *OTHER]), st.sampled_from(["", " #3", " (spare)", " "])),
)
# Makers designated only for the covered uses (their rules quote the use), others, and none.
LIMITED = ["Hikvision", "Dahua Technology", "Hytera", "海康威视"]
VENDORS = st.sampled_from([*LIMITED, "Dell", "Intel", ""])
MACS = st.sampled_from(["", "4C:BD:8F:12:34:56", "4cbd.8f65.4321", "C0:56:E3:01:02:03", "00:1C:14:AA:BB:CC"])
FIELDS = st.sampled_from(["role", "purpose"])


def _screener():  # type: ignore[no-untyped-def]
    return library.make_screener(library.load_registry())


def _item(ref: str, vendor: str, mac: str, field: str, use: str) -> Item:
    fields = {"vendor": vendor, "mac": mac, field: use}
    return Item(ref=ref, fields=MappingProxyType({k: v for k, v in fields.items() if v}))


def _said(r):  # type: ignore[no-untyped-def]
    return r.decision, r.reason, r.rules, r.matches


def test_the_default_pack_reads_the_stated_use_only_by_its_class():
    reads = _screener().reads.fields
    assert reads["role"] == reads["purpose"] == USE_CLASS
    assert {"role", "purpose"} <= set(_screener().reworded)


@settings(max_examples=60, deadline=None)
@given(vendor=VENDORS, mac=MACS, field=FIELDS, a=USES, b=USES)
def test_uses_of_one_class_share_a_key_and_each_row_is_worded_with_its_own(vendor, mac, field, a, b):
    assume(use_class(a) == use_class(b) and a != b)
    first, second = _item("A", vendor, mac, field, a), _item("B", vendor, mac, field, b)
    shared = _screener()
    assert shared.verdict_key(first) == shared.verdict_key(second)
    after_first = (shared.screen_item(first), shared.screen_item(second))
    alone = (_screener().screen_item(first), _screener().screen_item(second))  # no cache at all
    assert [_said(r) for r in after_first] == [_said(r) for r in alone]
    keyed = [r for r, _ in screen_keyed([first, second], KeyedScreening(_screener()))]
    assert [_said(r) for r in keyed] == [_said(r) for r in alone]
    for item, result in zip((first, second), after_first, strict=True):
        use = item.fields.get(field, "").strip()
        if vendor in LIMITED and use:
            # A maker designated only for the covered uses: its rules state the row's own use.
            assert f"'{use}'" in result.reason, result.reason
    if vendor in LIMITED and a.strip() and b.strip() and a.strip() not in b and b.strip() not in a:
        assert f"'{a.strip()}'" not in after_first[1].reason


def _rows(n: int, seed: int) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        vendor = rnd.choice([*LIMITED, "Dell", "Intel", "Ubiquiti Inc.", ""])
        block = rnd.choice(["4C:BD:8F", "C0:56:E3", "00:1C:14", "F4:E5:F2", ""])
        mac = f"{block}:{rnd.randrange(256):02X}:{rnd.randrange(256):02X}:{i % 256:02X}" if block else ""
        use = rnd.choice([*COVERED, *OTHER, ""])
        rows.append([f"D{i:04d}", vendor, mac, use, rnd.choice(["", "", *COVERED[:3], *OTHER[:3]])])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["asset_id", "vendor", "mac", "role", "purpose"])
        w.writerows(rows)
    return path


def _by_ref(text: str) -> dict[str, tuple[str, ...]]:
    """Each row's cells but its line number (which moves with the order), by ref."""
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        del row["line"]
        out[row["ref"]] = tuple(row.values())
    return out


def test_a_file_of_many_uses_goes_by_class_keys_and_equals_the_row_path(tmp_path):
    rows = _rows(600, seed=7)
    got, want = _both(_write(tmp_path / "uses.csv", rows))
    assert got is not None, "this file should go by columns"
    assert got == want
    # The keys follow the uses' classes, not their texts.
    keys = KeyMaker(_screener())
    items = [_item(r[0], r[1], r[2], "role", r[3]) for r in rows]
    by_text = {(r[1], keys.part("mac")(r[2]), r[3]) for r in rows}
    by_class = {(r[1], keys.part("mac")(r[2]), use_class(r[3])) for r in rows}
    assert len({keys.row_key(it) for it in items}) == len(by_class) < len(by_text)
    # Rows decided by a §889(f)(3)(B) rule (its sentence states the use) quote each their own use.
    results = {r["ref"]: r for r in csv.DictReader(io.StringIO(got))}
    quoted = [r for r in rows if (r[3] or r[4]) and results[r[0]]["rules"].startswith("889-f3B")]
    assert len(quoted) > 50
    for r in quoted:
        assert f"'{r[4] or r[3]}" in results[r[0]]["reason"], (r, results[r[0]]["reason"])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16))
def test_reordering_the_rows_changes_no_row_s_answer(tmp_path, seed):
    rows = _rows(300, seed=11)
    first, _ = _both(_write(tmp_path / "as-is.csv", rows))
    moved = list(rows)
    random.Random(seed).shuffle(moved)
    again, want = _both(_write(tmp_path / "moved.csv", moved))
    assert first is not None and again is not None
    assert again == want
    assert _by_ref(again) == _by_ref(first)
    backwards, _ = _both(_write(tmp_path / "backwards.csv", rows[::-1]))
    assert backwards is not None and _by_ref(backwards) == _by_ref(first)
