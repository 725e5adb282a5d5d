"""The builder: deterministic output, and the parsing rules it relies on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from supplyscreen.registry import build, snapshot
from supplyscreen.registry.assemble import clean, norm

RAW = Path(__file__).parents[1] / "assets" / "registry" / "raw"


def test_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    # Same file name in two folders: gzip records the name in its header.
    a, b = tmp_path / "a" / "registry.json.gz", tmp_path / "b" / "registry.json.gz"
    build.main(["--raw", str(RAW), "--out", str(a)])
    build.main(["--raw", str(RAW), "--out", str(b)])
    assert a.read_bytes() == b.read_bytes()
    s = snapshot.load(a)
    ids = {e.id for e in s.entities}
    assert {"huawei", "hisilicon", "honor", "hytera-hk", "kaspersky-lab-ao"} <= ids
    honor = next(e for e in s.entities if e.id == "honor")
    assert any(i.scheme == "mac" for i in honor.identifiers)
    huawei = next(e for e in s.entities if e.id == "huawei")
    assert not any("Honor" in i.note for i in huawei.identifiers)


def test_fr_citations_parse_with_dates() -> None:
    assert build.parse_fr("84 FR 22963, 5/21/19") == [("84 FR 22963", dt.date(2019, 5, 21))]
    multi = build.parse_fr("84 FR 54004, 10/9/19.\n85 FR 34505, 6/5/20.")
    assert [c for c, _ in multi] == ["84 FR 54004", "85 FR 34505"]


def test_loose_dates_year_only_and_announcements() -> None:
    assert build.loose_date("2013") == (dt.date(2013, 1, 1), "year only (2013); 1 January used")
    assert build.loose_date("2025-03 (announced sale)")[0] is None
    assert build.loose_date("2022-11-24") == (dt.date(2022, 11, 24), "")


def test_alias_addresses_are_stripped() -> None:
    assert build._strip_address("BellHuawei Technologies LLC. 5 Dzerzhinsky Ave., Minsk, 220036, Belarus") == (
        "BellHuawei Technologies LLC"
    )


def test_names_normalise_and_mojibake_is_repaired() -> None:
    assert norm("Huawei Technologies Co., Ltd. (Huawei)") == norm("HUAWEI TECHNOLOGIES CO LTD")
    assert norm("Kaspersky Lab, Inc.") != norm("Kaspersky Lab")
    assert clean("Huawei Technologies Co”peratief U.A. ") == "Huawei Technologies Coöperatief U.A."
    assert clean("?Gazprom Telekom?") == "Gazprom Telekom"
