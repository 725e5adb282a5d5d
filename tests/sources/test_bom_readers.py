"""Bill-of-materials readers: every component once, paths from the product, makers, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from supplyscreen.errors import InputError
from supplyscreen.model import Item
from supplyscreen.sources import open_source

BOM = Path(__file__).parent.parent / "assets" / "bom"


def _items(name: str) -> dict[str, Item]:
    source = open_source(BOM / name)
    return {i.ref: i for i in source.items()}


def test_cyclonedx_json_tree_paths_and_parents() -> None:
    items = _items("router.cdx.json")
    modem = items["rt-modem"]
    assert modem.path == ("Harbor HR-10 router", "Mainboard", "ME909s LTE module")
    assert modem.parent == "rt-board"
    # A flat top-level component reached through the dependency graph gets that path.
    assert items["rt-lib"].parent == "rt-fw"


def test_every_component_once_duplicates_renamed_cycles_noted() -> None:
    source = open_source(BOM / "router.cdx.json")
    refs = [i.ref for i in source.items()]
    assert len(refs) == len(set(refs)) == 10 == source.rows_in
    assert {"rt-dram", "rt-dram#2"} <= set(refs)
    notes = " ".join(source.info.notes)
    assert "duplicate bom-ref" in notes and "dependency cycle" in notes and "rt-ghost" in notes


def test_maker_roles_and_properties() -> None:
    items = _items("router.cdx.json")
    assert items["rt-modem"].fields["manufacturer"] == "Huawei Technologies Co., Ltd."
    assert items["rt-modem"].fields["supplier"] == "Parts Depot Inc."
    assert items["rt-lib"].fields["manufacturer"] == "Jean-loup Gailly"  # legacy author
    assert items["rt-fw"].fields["cpe"].startswith("cpe:2.3:o:huawei")
    assert items["rt-ssl"].fields["mac"] == "00:E0:FC:00:00:01"
    assert items["rt-wlan"].fields["manufacturer"] == "unknown"
    assert items["rt-ble"].fields.get("manufacturer") is None
    # Parts without a purpose take their assembly's.
    assert items["rt-modem"].fields["purpose"] == "office-network"


def test_cyclonedx_xml_reads_like_json() -> None:
    items = _items("router.cdx.xml")
    soc = items["cam-soc"]
    assert soc.fields["manufacturer"] == "HiSilicon Technologies Co., Ltd."
    assert soc.path == ("Lumen C4 camera", "Camera board", "Hi3516 SoC")
    assert soc.fields["purpose"] == "physical-security"


@pytest.mark.parametrize("name", ["xxe.cdx.xml", "laughs.cdx.xml"])
def test_xml_entities_refused(name: str) -> None:
    with pytest.raises(InputError, match="refused"):
        open_source(BOM / name)


def test_schema_errors_name_json_path_and_xml_line() -> None:
    with pytest.raises(InputError, match=r"\$\.components\[1\]\.type"):
        open_source(BOM / "invalid.cdx.json")
    with pytest.raises(InputError, match=r"invalid\.cdx\.xml:5:"):
        open_source(BOM / "invalid.cdx.xml")


def test_oversized_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from supplyscreen.sources import bom

    monkeypatch.setattr(bom, "MAX_BOM_BYTES", 100)
    with pytest.raises(InputError, match="over the"):
        open_source(BOM / "router.cdx.json")


def test_spdx_tag_value_json_and_3() -> None:
    cam = _items("camera.spdx")
    assert cam["SPDXRef-soc"].fields["manufacturer"] == "HiSilicon Technologies Co., Ltd."
    assert cam["SPDXRef-sensor"].parent == "SPDXRef-cam"  # CONTAINED_BY
    assert cam["SPDXRef-wifi"].fields["manufacturer"] == "unknown"  # NOASSERTION
    assert cam["SPDXRef-soc"].fields["purpose"] == "physical-security"
    app = _items("app.spdx.json")
    assert app["SPDXRef-json"].parent == "SPDXRef-app"  # DEPENDENCY_OF
    gw = _items("gateway.spdx3.json")
    assert gw["urn:pkg:modem"].fields["manufacturer"] == "ZTE Corporation"
    assert gw["urn:pkg:modem"].path == ("EG10 gateway", "LTE modem")


def test_hbom_csv_parent_rows() -> None:
    source = open_source(BOM / "radio.hbom.csv")
    assert source.info.kind == "bom" and source.info.format == "hbom"
    items = {i.ref: i for i in source.items()}
    assert items["ps"].path == ("Dispatch radio kit", "DMR repeater", "Repeater power supply")
    assert items["rep"].fields["part_number"] == "RD985S" and items["rep"].fields["country"] == "CN"


def _doc(**extra: object) -> dict[str, object]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "components": [{"type": "device", "bom-ref": "a", "name": "A"}], **extra}


@pytest.mark.parametrize(("extra", "valid"), [
    ({}, True),
    ({"metadata": {"timestamp": "2025-01-02T03:04:05Z"}}, True),
    ({"metadata": {"timestamp": "yesterday"}}, False),  # format checked by the reference's own check
    ({"externalReferences": [{"type": "website", "url": "https://example.org/a b"}]}, False),
    ({"components": [{"type": "gadget", "name": "A"}]}, False),
    # Python's $ also matches before a final newline: the fast validator rejects, the reference
    # validator decides (accepts), as it always did.
    ({"serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\n"}, True),
])
def test_fast_schema_check_accepts_only_what_the_reference_accepts(extra: dict[str, object], valid: bool) -> None:
    from supplyscreen.sources import cyclonedx_json

    doc = _doc(**extra)
    reference = next(iter(cyclonedx_json._validator("1.6").iter_errors(doc)), None) is None
    fast = cyclonedx_json._fast_validator("1.6")
    assert reference is valid
    assert fast is not None and (not fast.is_valid(doc) or reference)  # fast accepts ⇒ reference accepts
    if valid:
        cyclonedx_json.validate_json(doc, "1.6", "x.cdx.json")
    else:
        with pytest.raises(InputError, match=r"not a valid CycloneDX 1\.6 document at"):
            cyclonedx_json.validate_json(doc, "1.6", "x.cdx.json")


def test_schema_check_without_the_fast_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    from supplyscreen.sources import cyclonedx_json

    monkeypatch.setattr(cyclonedx_json, "_fast_validator", lambda version: None)
    with pytest.raises(InputError, match=r"\$\.components\[1\]\.type"):
        open_source(BOM / "invalid.cdx.json")
    assert len(list(open_source(BOM / "router.cdx.json").items())) == 10


@pytest.mark.parametrize("name", ["makers-elsewhere.cdx.json", "makers-elsewhere.cdx.xml"])
def test_maker_from_site_and_package_from_group(name: str) -> None:
    """An organisation given only by its web address is named by its host; a component known only
    by group and name gets the package URL they imply (noted), and a stated purl is kept."""
    source = open_source(BOM / name)
    items = {i.ref: i for i in source.items()}
    assert items["me-ont"].fields["manufacturer"] == "zte.com.cn"
    assert items["me-push"].fields["purl"] == "pkg:maven/com.huawei.hms/push@6.12.0.300"
    assert items["me-node"].fields["maker_country"] == "JP"
    assert "worked out from other fields" in " ".join(source.info.notes)
    if name.endswith(".json"):
        assert items["me-ups"].fields["manufacturer"] == "se.com"
        assert items["me-npm"].fields["purl"] == "pkg:npm/%40huaweicloud/huaweicloud-sdk-core"
        assert items["me-own"].fields["purl"] == "pkg:maven/org.example/core@1.0"


def test_group_and_scoped_packages_reach_their_publisher() -> None:
    """A maven group with no purl, and an npm scope that is the organisation of a registered maven
    namespace (com.huaweicloud), lead to the publisher: designated software is for review."""
    import supplyscreen

    report = supplyscreen.check(BOM / "makers-elsewhere.cdx.json", as_of=None)
    got = {r.item.ref: r.decision.value for r in report.results}
    assert got["me-push"] == "review" and got["me-npm"] == "review"
    assert got["me-own"] == "allow" and got["me-ups"] == "allow"


def test_makers_known_by_site_or_trade_name() -> None:
    """Registry facts behind the readers: a designated group's web domain names it exactly (an ONT
    whose manufacturer is only https://www.zte.com.cn is ZTE's, so excluded), the Huawei Cloud SDK
    author and HIKMICRO's legal name lead to their groups; a clean site stays clean."""
    import supplyscreen

    report = supplyscreen.check(BOM / "makers-elsewhere.cdx.json", as_of=None)
    by_ref = {r.item.ref: r for r in report.results}
    assert by_ref["me-ont"].decision.value == "exclude"
    assert by_ref["me-cam"].decision.value == "exclude"  # hikvision.com, physical security
    assert by_ref["me-obs"].decision.value == "review"
    assert by_ref["me-thermal"].decision.value == "review"
    groups = {ref: {d.entity.name for m in by_ref[ref].matches for d in m.match.designated}
              for ref in ("me-obs", "me-thermal")}
    assert "Huawei Technologies Co., Ltd." in groups["me-obs"]
    assert "Hangzhou Hikvision Digital Technology Co., Ltd." in groups["me-thermal"]
    assert by_ref["me-ups"].decision.value == "allow"


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.zte.com.cn/global/", "zte.com.cn"),
    ("https://consumer.huawei.com/en/", "huawei.com"),
    ("www.example.co.uk", "example.co.uk"),
    ("https://github.com/huaweicloud/huaweicloud-sdk-python-v3", "huaweicloud"),
    ("https://github.com", ""),
    ("http://192.168.1.10/", ""),
    ("intranet", ""),
])
def test_site_host_names_the_organisation(url: str, name: str) -> None:
    from supplyscreen.sources.cyclonedx_json import site_host

    assert site_host(url) == name


@pytest.mark.parametrize(("name", "role"), [
    ("cdx:device:macAddress", "mac"), ("cdx:device:mac", "mac"), ("MAC_Address", "mac"),
    ("supplyscreen:purpose", "purpose"), ("supplyscreen:intended-use", "purpose"), ("cdx:device:color", None),
])
def test_property_names_fill_roles(name: str, role: str | None) -> None:
    from supplyscreen.sources.bom import property_role

    assert property_role(name) == role
