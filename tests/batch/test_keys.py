"""The batch core keys rows as the screener does, and a keyed screening decides as the screener."""

from __future__ import annotations

from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.batch import KeyedScreening, KeyMaker, digest, screen_keyed
from supplyscreen.model import Item

VALUES = {
    "vendor": ["", "Huawei", "HUAWEI", "华为", "Intel", "Элтекс", "Zeta Broadband Inc.", "LTS"],
    # Models that name no maker and hold no product-line pattern share one key part (read only
    # through EvidenceFinder.silent_text); those that do are keyed as text.
    "model": ["", "AR6120", "DS-2CD2143G0-I", "OptiPlex", "OptiPlex 7090", "Latitude 5440", "Huawei MateBook",
              "华为 MateBook", "ZXA10 C600"],
    "part_number": ["", "P/N 1000-2", "S5720-28X-SI-AC"],
    "product": ["", "Desk phone", "HUAWEI AR6120 router"],
    "mac": ["", "00:E0:FC:12:34:56", "00e0fc123457", "C0:56:E3:01:02:03", "00:08:CB:00:00:01", "02:00:00:00:00:01",
            "bad", "BC:0F:64:DF:B9:72"],
    "sys_object_id": ["", "1.3.6.1.4.1.2011.2.23", "1.3.6.1.4.1.2011.2.240.12", "1.3.6.1.4.1.9.1.1"],
    "sys_descr": ["", "VMware ESXi 8.0.2 build-1", "VMware ESXi 8.0.2 build-2", "Huawei VRP software"],
    "role": ["", "cctv-camera", "laptop"],
}
ITEMS = st.builds(
    lambda n, fields: Item(ref=f"R{n}", fields=MappingProxyType({k: v for k, v in fields.items() if v})),
    st.integers(0, 50), st.fixed_dictionaries({k: st.sampled_from(v) for k, v in VALUES.items()}))


def _screener():  # type: ignore[no-untyped-def]
    return library.make_screener(library.load_registry())


@settings(max_examples=150, deadline=None)
@given(item=ITEMS)
def test_the_key_by_column_is_the_screener_s_key(item):
    keys = KeyMaker(_screener())
    assert keys.by_column
    parts = [keys.part(f)(item.fields.get(f, "")) for f in keys.fields]
    assert keys.key_of_parts(parts, item.ref) == keys.row_key(item)


@settings(max_examples=30, deadline=None)
@given(items=st.lists(ITEMS, min_size=1, max_size=30))
def test_keyed_screening_gives_what_the_screener_gives_row_by_row(items):
    keyed = [r for r, _ in screen_keyed(items, KeyedScreening(_screener()))]
    alone = [_screener().screen_item(it) for it in items]  # a fresh screener per row: no cache at all
    assert [(r.decision, r.reason, r.matches, r.rules) for r in keyed] == [
        (r.decision, r.reason, r.matches, r.rules) for r in alone]


def test_digests_are_stable_across_processes_and_tell_keys_apart():
    import os
    import subprocess
    import sys
    from pathlib import Path

    assert digest(("a", "bc")) != digest(("ab", "c"))
    src = str(Path(__file__).resolve().parents[2] / "src")
    code = "from supplyscreen.batch import digest; print(digest(('Huawei', '', '华为')))"
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED=seed)).stdout.strip()
            for seed in ("1", "2")}
    assert seen == {digest(("Huawei", "", "华为"))}
    assert digest(None) == ""


def test_silent_models_share_a_key_and_telling_ones_do_not():
    keys = KeyMaker(_screener())
    def key(model: str) -> object:
        return keys.row_key(Item(ref="1", fields=MappingProxyType({"vendor": "Dell", "model": model})))
    assert key("OptiPlex 7090") == key("Latitude 5440") != key("")
    assert len({key("OptiPlex 7090"), key("AR6120"), key("DS-2CD2143G0-I"), key("华为 MateBook")}) == 4


def test_a_row_with_a_problem_has_no_key():
    keys = KeyMaker(_screener())
    assert keys.row_key(Item(ref="1", problem="line 3 cannot be read")) is None
