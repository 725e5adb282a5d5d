"""The CSV and JSON writers write each row from parts remembered per verdict; the text must be what
writing every row from scratch gives, for every kind of result (matched or not, requoted MACs, rows
that could not be read, BOM paths, text that needs escaping)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import MappingProxyType

import pytest

from supplyscreen import library
from supplyscreen.formats import serialise
from supplyscreen.formats.base import Run
from supplyscreen.formats.csv_format import CsvWriter, safe
from supplyscreen.formats.json_format import JsonWriter
from supplyscreen.model import Item, ItemResult

ROOT = Path(__file__).resolve().parents[1]
# The project's own benchmark sets, in this repository (a clone has nothing beside it): hundreds of rows.
OWN = ROOT.parent / "benchmarks" / "data"
INPUTS = [ROOT / "assets" / "check" / "mixed.csv", ROOT / "assets" / "inventory" / "devices.csv",
          ROOT / "assets" / "bom" / "router.cdx.json", OWN / "inventory-extra" / "inventory.csv",
          *sorted((OWN / "bom-extra").glob("*.json"))]


def _results() -> tuple[list[ItemResult], Run]:
    reg = library.load_registry()
    out: list[ItemResult] = []
    run = None
    for path in INPUTS:
        source, results, _, _ = library.screen_file(path, registry=reg)
        out += list(results)
        run = Run(source.info, "us-ndaa-889", None, reg)
    # Rows the readers rarely give: unreadable, escaped text, a requoted MAC sharing a verdict.
    screener = library.make_screener(reg)
    odd = [Item("p1", line=9, problem="line 9 cannot be read as CSV (field larger than field limit)"),
           Item('q"1\\\n', MappingProxyType({"vendor": 'Hua"wei \\ 华为\n', "model": "=cmd|' /C calc'!A0"}), line=None,
                path=("Box", "Board \u2028")),
           *(Item(f"m{n}", MappingProxyType({"vendor": "LTS", "mac": f"C0:56:E3:00:00:0{n}"}), line=n)
             for n in range(1, 4))]
    out += [screener.screen_item(i) for i in odd]
    assert run is not None
    return out, run


@pytest.fixture(scope="module")
def results() -> tuple[list[ItemResult], Run]:
    return _results()


def test_json_items_are_serialise_item_dumped(results: tuple[list[ItemResult], Run]) -> None:
    rows, run = results
    buf = io.StringIO()
    JsonWriter().items(iter(rows), run, buf)
    expected = ",\n".join(json.dumps(serialise.item(r, run.registry), ensure_ascii=False) for r in rows)
    assert buf.getvalue() == expected
    assert len(rows) > 300


def test_csv_rows_are_every_cell_written_afresh(results: tuple[list[ItemResult], Run]) -> None:
    rows, _ = results
    buf = io.StringIO()
    CsvWriter().rows(iter(rows), buf)
    expected = io.StringIO()
    w = csv.writer(expected, lineterminator="\n")
    for r in rows:
        top = r.matches[0] if r.matches else None
        des = top.match.designated if top else ()
        w.writerow([safe(x) for x in (
            r.item.ref, r.item.line, r.decision.value, top.field if top else "", top.value if top else "",
            top.match.entity.name if top else "", top.match.band.value if top else "",
            f"{top.match.score:.3f}" if top else "", "; ".join(d.entity.name for d in des),
            "; ".join(dict.fromkeys(i for d in des for i in d.list_ids)), "; ".join(h.id for h in r.rules),
            r.reason)])
    assert buf.getvalue() == expected.getvalue()
