"""Whole-product decisions: an assembly takes the worst of its parts; a part is never tainted."""

from __future__ import annotations

from pathlib import Path

from supplyscreen import library
from supplyscreen.model import Decision, Item, ItemResult
from supplyscreen.screen import roll_up

BOM = Path(__file__).parent / "assets" / "bom"


def _r(ref: str, decision: Decision, parent: str | None = None, path: tuple[str, ...] = ()) -> ItemResult:
    return ItemResult(Item(ref=ref, parent=parent, path=path or (ref,)), decision, (), (), f"{ref} own")


def test_assembly_takes_worst_part_and_parts_are_not_tainted() -> None:
    out = {r.item.ref: r for r in roll_up([
        _r("box", Decision.ALLOW), _r("board", Decision.ALLOW, "box", ("box", "board")),
        _r("soc", Decision.EXCLUDE, "board", ("box", "board", "soc")), _r("dram", Decision.ALLOW, "board"),
        _r("radio", Decision.UNKNOWN, "box"),
    ])}
    assert out["box"].decision is out["board"].decision is Decision.EXCLUDE
    assert "box › board › soc" in out["box"].reason
    assert out["dram"].decision is Decision.ALLOW and out["radio"].decision is Decision.UNKNOWN


def test_cycles_and_extra_edges_terminate() -> None:
    results = [_r("a", Decision.ALLOW), _r("b", Decision.REVIEW, "a"), _r("c", Decision.ALLOW)]
    out = roll_up(results, {"b": ("a",), "c": ("b",)})
    assert [r.decision for r in out] == [Decision.REVIEW, Decision.REVIEW, Decision.REVIEW]


def test_check_a_bom_file() -> None:
    report = library.check(BOM / "router.cdx.json")
    by_ref = {r.item.ref: r for r in report.results}
    assert report.rows_in == report.rows_out == 10
    assert by_ref["rt"].decision is Decision.EXCLUDE
    assert "Contains" in by_ref["rt-board"].reason and by_ref["rt-board"].rules
    assert by_ref["rt-dram"].decision is Decision.ALLOW  # Micron DRAM under a Huawei module's board
    assert by_ref["rt-ble"].decision is Decision.UNKNOWN  # no maker, no identifier
    assert report.decision is Decision.EXCLUDE
