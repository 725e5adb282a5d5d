"""Choosing a reader: extensions, sniffing, and the bill of materials hook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources import Reader, ReadOptions, Source, base, open_source, readers, register_reader

ASSETS = Path(__file__).parent.parent / "assets" / "sources"


@pytest.mark.parametrize("name", ["cyclonedx.json", "spdx.json"])
def test_bill_of_materials_without_reader_is_refused_clearly(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_READERS", [r for r in readers() if "bom" not in r.kinds])
    with pytest.raises(InputError, match="bill of materials readers not installed"):
        open_source(ASSETS / name)


def test_kind_bom_on_a_csv_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_READERS", [r for r in readers() if "bom" not in r.kinds])
    with pytest.raises(InputError, match="bill of materials readers not installed"):
        open_source(ASSETS / "semicolon.csv", ReadOptions(kind="bom"))


def test_unknown_kind() -> None:
    with pytest.raises(InputError, match="unknown kind"):
        open_source(ASSETS / "semicolon.csv", ReadOptions(kind="sbom"))


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        open_source(ASSETS / "nope.csv")


class _FakeBom:
    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.info = SourceInfo(path=str(path), kind="bom", format="cyclonedx")
        self.rows_in = 0

    def items(self) -> Iterator[Item]:
        self.rows_in = 1
        yield Item(ref="pkg:generic/x", path=("x",))


def test_a_registered_bom_reader_claims_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_READERS", [r for r in readers() if "bom" not in r.kinds])
    register_reader(Reader(name="cyclonedx", open=_FakeBom, extensions=(".cdx.json",),
                           sniff=lambda _p, head: base.bom_format(head) == "CycloneDX", kinds=("bom",)))
    source: Source = open_source(ASSETS / "cyclonedx.json")
    assert source.info.format == "cyclonedx"
    assert [i.ref for i in source.items()] == ["pkg:generic/x"]
    # Plain JSON item lists still go to the JSON reader.
    assert open_source(ASSETS / "list.json").info.format == "json"


def test_content_decides_when_the_extension_does_not(tmp_path: Path) -> None:
    for name, target in [("list.json", "json"), ("title_row.xlsx", "xlsx"), ("semicolon.csv", "csv")]:
        copy = tmp_path / (name + ".export")
        copy.write_bytes((ASSETS / name).read_bytes())
        assert open_source(copy).info.format == target


def test_public_interface_is_stable() -> None:
    import supplyscreen.sources as sources

    assert {"ReadOptions", "Source", "open_source", "Reader", "register_reader"} <= set(sources.__all__)
    assert {r.name for r in readers()} >= {"csv", "xlsx", "json"}
