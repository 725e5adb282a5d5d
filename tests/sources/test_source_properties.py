"""Properties every reader owes the orchestrator: no crash but InputError, and no row dropped."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplyscreen.errors import InputError
from supplyscreen.sources import open_source

# Examples are small files written to disk; a few hundred cover the parser's states in seconds.
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_dir = Path(tempfile.mkdtemp(prefix="supplyscreen-sources-"))


def _write(name: str, data: bytes) -> Path:
    path = _dir / name
    path.write_bytes(data)
    return path


@PROPERTY_SETTINGS
@given(header=st.sampled_from(["", "id,vendor,model\n", "メーカー;型番\n", "IT機器調達リスト\nvendor\tmodel\n"]),
       body=st.text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "gb18030", "utf-16"]))
def test_arbitrary_text_never_crashes(header: str, body: str, encoding: str) -> None:
    path = _write("arbitrary.csv", (header + body).encode(encoding, errors="replace"))
    try:
        source = open_source(path)
        items = list(source.items())
    except InputError:
        return
    assert source.rows_in == len(items)
    assert all(item.ref for item in items)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    path = _write("bytes.csv", b"vendor,model\n" + data)
    try:
        source = open_source(path)
        items = list(source.items())
    except InputError:
        return
    assert source.rows_in == len(items)


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@PROPERTY_SETTINGS
@given(rows=st.lists(st.lists(_cell, min_size=0, max_size=6), max_size=25),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_every_non_blank_row_is_one_item(rows: list[list[str]], delimiter: str) -> None:
    path = _dir / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        writer.writerow(["id", "vendor", "model", "用途"])
        writer.writerows(rows)
    source = open_source(path)
    items = list(source.items())
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert source.rows_in == len(items) == len(expected)
    for number, (item, row) in enumerate(zip(items, expected, strict=True), start=1):
        own_id = row[0].strip() if row else ""
        # A repeated id is kept with a #2, #3 ... suffix so refs stay unique.
        if own_id and "\ufffd" not in own_id and own_id.isprintable():
            assert item.ref == own_id or item.ref.startswith(own_id + "#")
        elif not own_id:
            assert item.ref == str(number) or item.ref.startswith(f"{number}#")
