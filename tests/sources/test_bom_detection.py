"""Bills of materials are recognised by their structure, whatever their size, key order or UTF.

Property tests: the same document written in any UTF (with or without a byte order mark), with its
top-level keys in any order and any amount of data before the telling key, under any file name,
is read by the same reader and gives the same items. Then one test per bad-input class.
"""

from __future__ import annotations

import codecs
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplyscreen.errors import InputError
from supplyscreen.sources import open_source
from supplyscreen.sources.document import BROKEN, shape_of, utf_of
from supplyscreen.sources.text import read_head

BOM = Path(__file__).parent.parent / "assets" / "bom"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])

# (codec, byte order mark) pairs a user's tools write: UTF-8 plain and with BOM, PowerShell's
# UTF-16 LE with BOM, .NET's without, UTF-16 BE, UTF-32 both ways.
ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-le", b""),
             ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-be", b""), ("utf-32-le", codecs.BOM_UTF32_LE),
             ("utf-32-be", b"")]


@pytest.fixture
def tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="supplyscreen-bom-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _files(n: int) -> list[dict[str, Any]]:
    return [{"fileName": f"./lib/m{i}.so", "SPDXID": f"SPDXRef-File-{i}",
             "checksums": [{"algorithm": "SHA1", "checksumValue": f"{i:040x}"}]} for i in range(n)]


def spdx2(files: int = 0) -> dict[str, Any]:
    return {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "router",
        "documentNamespace": "https://example.org/router",
        "creationInfo": {"created": "2025-01-02T03:04:05Z", "creators": ["Tool: test"]},
        "packages": [
            {"SPDXID": "SPDXRef-router", "name": "Router", "downloadLocation": "NOASSERTION",
             "supplier": "Organization: Example Networks"},
            {"SPDXID": "SPDXRef-modem", "name": "LTE modem", "downloadLocation": "NOASSERTION",
             "supplier": "Organization: Huawei Technologies Co., Ltd.",
             "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                               "referenceLocator": "pkg:generic/modem@1"}]}],
        "relationships": [
            {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-router"},
            {"spdxElementId": "SPDXRef-router", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-modem"}],
        "files": _files(files),
    }


def cyclonedx(spec: str = "1.6", pad: int = 0) -> dict[str, Any]:
    comps = [{"type": "device", "bom-ref": "modem", "name": "LTE modem", "version": "1",
              "supplier": {"name": "Huawei Technologies Co., Ltd."}}]
    comps += [{"type": "library", "bom-ref": f"lib{i}", "name": f"lib{i}", "version": "1"} for i in range(pad)]
    return {"bomFormat": "CycloneDX", "specVersion": spec, "version": 1,
            "metadata": {"component": {"type": "device", "bom-ref": "router", "name": "Router", "version": "1"}},
            "components": comps}


def _write(tmp: Path, name: str, doc: Any, codec: str = "utf-8", mark: bytes = b"", order: list[str] | None = None,
           indent: int | None = None) -> Path:
    if order is not None:
        doc = {k: doc[k] for k in order}
    path = tmp / name
    path.write_bytes(mark + json.dumps(doc, indent=indent, ensure_ascii=False).encode(codec))
    return path


def _refs(path: Path) -> tuple[str, list[tuple[str, str | None, str]]]:
    source = open_source(path)
    return source.info.format, [(i.ref, i.parent, i.fields.get("supplier", "")) for i in source.items()]


@SETTINGS
@given(enc=st.sampled_from(ENCODINGS), order=st.permutations(list(spdx2(1))), files=st.sampled_from([0, 3, 1500]),
       name=st.sampled_from(["sbom.spdx.json", "manifest.json", "out.txt", "bom"]), indent=st.sampled_from([None, 2]))
def test_spdx_json_read_alike_in_any_utf_key_order_size_and_name(
        tmp: Path, enc: tuple[str, bytes], order: list[str], files: int, name: str, indent: int | None) -> None:
    want = _refs(_write(tmp, "plain.spdx.json", spdx2(files)))
    got = _refs(_write(tmp, name, spdx2(files), enc[0], enc[1], order, indent))
    assert got == want
    assert want[0] == "spdx-json" and [r for r, _, _ in want[1]] == ["SPDXRef-router", "SPDXRef-modem"]


@SETTINGS
@given(enc=st.sampled_from(ENCODINGS), order=st.permutations(["bomFormat", "specVersion", "version", "metadata",
                                                              "components"]),
       spec=st.sampled_from(["1.2", "1.3", "1.4", "1.5", "1.6"]), pad=st.sampled_from([0, 2500]),
       name=st.sampled_from(["bom.cdx.json", "bom.json", "export"]))
def test_cyclonedx_json_read_alike_in_any_utf_key_order_version_and_name(
        tmp: Path, enc: tuple[str, bytes], order: list[str], spec: str, pad: int, name: str) -> None:
    want = _refs(_write(tmp, "plain.cdx.json", cyclonedx("1.6", pad)))
    got = _refs(_write(tmp, name, cyclonedx(spec, pad), enc[0], enc[1], order))
    assert got == want
    assert want[0] == "cyclonedx-json"


@SETTINGS
@given(enc=st.sampled_from(ENCODINGS), head=st.binary(max_size=64))
def test_utf_is_told_by_mark_or_nul_pattern(enc: tuple[str, bytes], head: bytes) -> None:
    text = '{"a": 1}' + head.decode("latin-1").replace("\x00", "")
    data = enc[1] + text.encode(enc[0])
    assert utf_of(data[:4]).codec == enc[0]


@pytest.mark.parametrize(("doc", "order", "fmt"), [
    (spdx2(3000), ["files", "packages", "relationships", "spdxVersion", "SPDXID", "dataLicense", "name",
                   "documentNamespace", "creationInfo"], "spdx-json"),
    (cyclonedx("1.4", 3000), ["components", "metadata", "version", "specVersion", "bomFormat"], "cyclonedx-json"),
])
def test_past_the_walk_the_document_is_parsed_once_and_dispatched(
        tmp: Path, monkeypatch: pytest.MonkeyPatch, doc: dict[str, Any], order: list[str], fmt: str) -> None:
    from supplyscreen.sources import document

    path = _write(tmp, "big.json", doc, order=order)
    want = _refs(path)
    monkeypatch.setattr(document, "WALK_BYTES", 64 * 1024)
    assert shape_of(path, read_head(path)).format == document.JSON_DOCUMENT  # type: ignore[union-attr]
    assert _refs(path) == want and want[0] == fmt


def test_past_the_walk_a_document_of_no_format_is_refused(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from supplyscreen.sources import document

    monkeypatch.setattr(document, "WALK_BYTES", 1024)
    path = _write(tmp, "files.json", {"files": _files(200), "packages": []})
    with pytest.raises(InputError, match=r"top-level properties .*'files'.* are those of no CycloneDX or SPDX"):
        open_source(path)


def test_an_item_list_is_let_go_after_its_first_key(tmp: Path) -> None:
    # A large JSON item list is not walked to its end looking for a BOM key.
    items = {"items": [{"vendor": "Acme", "note": '"spdxVersion": "SPDX-2.3"'} for _ in range(20000)],
             "spdxVersion": "SPDX-2.3"}
    path = _write(tmp, "list.json", items)
    assert shape_of(path, read_head(path)) is None
    assert open_source(path).info.format == "json"


def test_key_in_a_string_is_not_structure(tmp: Path) -> None:
    path = _write(tmp, "list.json", [{"vendor": "x", "comment": '{"bomFormat": "CycloneDX"}'}])
    assert open_source(path).info.format == "json"


# --- one test per bad-input class ---------------------------------------------------------------------
def _spdx_with(tmp: Path, change: Any) -> Path:
    doc = spdx2()
    change(doc)
    return _write(tmp, "bad.spdx.json", doc)


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d["packages"][1].__setitem__("externalRefs", "pkg:generic/modem@1"),
     r"\$\.packages\[1\]\.externalRefs must be an array, found a string"),
    (lambda d: d.__setitem__("packages", "router, modem"), r"\$\.packages must be an array"),
    (lambda d: d.__setitem__("spdxVersion", "SPDX-2.9"), r"\$\.spdxVersion 'SPDX-2\.9' is not an SPDX version"),
    (lambda d: d.__setitem__("spdxVersion", "2.3"), r"\$\.spdxVersion '2\.3'"),
    (lambda d: d["packages"][0].pop("SPDXID"), r"\$\.packages\[0\]\.SPDXID is required"),
    (lambda d: d["packages"][0].__setitem__("name", ["Router"]), r"\$\.packages\[0\]\.name must be a string"),
    (lambda d: d["relationships"][1].__setitem__("relationshipType", "OWNS"), r"'OWNS' is not an SPDX relationship"),
    (lambda d: d["relationships"][1].pop("relatedSpdxElement"), r"relatedSpdxElement is required"),
    (lambda d: d["packages"][1].__setitem__("supplier", 42), r"\$\.packages\[1\]\.supplier must be a string"),
    (lambda d: d["packages"][1].__setitem__("primaryPackagePurpose", "GADGET"), r"'GADGET' is not an SPDX package"),
    (lambda d: d.__setitem__("documentDescribes", "SPDXRef-router"), r"\$\.documentDescribes must be an array"),
    (lambda d: d["packages"][1]["externalRefs"][0].pop("referenceLocator"), r"referenceLocator is required"),
])
def test_invalid_spdx_json_is_refused_naming_file_and_field(tmp: Path, change: Any, named: str) -> None:
    path = _spdx_with(tmp, change)
    with pytest.raises(InputError, match=named) as err:
        open_source(path)
    assert str(path) in str(err.value)


def test_every_broken_field_is_counted(tmp: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["packages"] += [{"SPDXID": 7, "name": 8} for _ in range(10)]
    with pytest.raises(InputError, match=r"and \d+ more"):
        open_source(_spdx_with(tmp, change))


def test_actor_without_its_kind_is_read_and_noted(tmp: Path) -> None:
    source = open_source(_spdx_with(tmp, lambda d: d["packages"][1].__setitem__("supplier", "Huawei Technologies")))
    items = {i.ref: i for i in source.items()}
    assert items["SPDXRef-modem"].fields["supplier"] == "Huawei Technologies"
    assert any("not in SPDX actor form" in n for n in source.info.notes)


def test_spdx_tools_findings_are_notes(tmp: Path) -> None:
    source = open_source(_spdx_with(tmp, lambda d: d["creationInfo"].__setitem__("created", "2025-01-02")))
    assert any("spdx-tools reports" in n for n in source.info.notes)
    assert source.rows_in == 2


@pytest.mark.parametrize(("text", "named"), [
    ("SPDXVersion: SPDX-7.0\nDataLicense: CC0-1.0\n", "'SPDX-7.0' is not an SPDX version"),
    ("SPDXVersion: SPDX-2.3\nRelationship: SPDXRef-a OWNS SPDXRef-b\n", "'OWNS' is not an SPDX relationship"),
])
def test_invalid_tag_value_is_refused(tmp: Path, text: str, named: str) -> None:
    path = tmp / "bad.spdx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=named):
        open_source(path)


@pytest.mark.parametrize(("doc", "named"), [
    ({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {"a": 1}},
     r"\$\.@graph must be an array"),
    ({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [1]}, r"\$\.@graph\[0\] must be an object"),
    ({"@context": "https://spdx.org/rdf/9.0.0/spdx-context.jsonld", "@graph": []}, r"specVersion '9\.0\.0'"),
])
def test_invalid_spdx3_is_refused(tmp: Path, doc: dict[str, Any], named: str) -> None:
    with pytest.raises(InputError, match=named):
        open_source(_write(tmp, "bad.spdx3.json", doc))


def test_broken_json_that_looks_like_a_bom_gets_its_readers_error(tmp: Path) -> None:
    path = tmp / "broken.json"
    path.write_text('{"components": [}, "bomFormat": "CycloneDX", "specVersion": "1.6"}', encoding="utf-8")
    assert shape_of(path, read_head(path)) is BROKEN
    with pytest.raises(InputError, match="not valid JSON"):
        open_source(path)
    # Broken after the key that settles it: the same reader, the same kind of error.
    path.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        open_source(path)


# --- nothing to screen, SPDX 3 packages, old CycloneDX, spreadsheets ----------------------------------------
@pytest.mark.parametrize(("name", "doc"), [
    ("files.spdx.json", {**spdx2(5), "packages": [], "relationships": []}),
    ("empty.cdx.json", {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": []}),
])
def test_nothing_to_screen_is_one_unknown_row_for_the_document(tmp: Path, name: str, doc: dict[str, Any]) -> None:
    source = open_source(_write(tmp, name, doc))
    items = list(source.items())
    assert len(items) == source.rows_in == 1
    assert "nothing in it can be screened" in items[0].problem
    assert any("nothing to screen" in n for n in source.info.notes)


def test_empty_document_is_decided_unknown_with_its_reason(tmp: Path) -> None:
    from supplyscreen.library import check

    report = check(_write(tmp, "files.spdx.json", {**spdx2(5), "packages": [], "relationships": []}),
                   policy="us-ndaa-889")
    (result,) = report.results
    assert result.decision.value == "unknown" and "5 file(s) and no packages" in result.reason


@pytest.mark.parametrize("kind", ["ai_AIPackage", "dataset_DatasetPackage", "software_Package", "ai:AIPackage",
                                  "https://spdx.org/rdf/3.0.1/terms/AI/AIPackage", "vendor_RobotPackage"])
def test_every_spdx3_package_class_is_read(tmp: Path, kind: str) -> None:
    doc = {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
        {"type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2025-01-02T03:04:05Z"},
        {"type": "Organization", "spdxId": "urn:o", "name": "Huawei Technologies Co., Ltd."},
        {"type": kind, "spdxId": "urn:p", "name": "model", "suppliedBy": "urn:o", "software_packageVersion": "1"}]}
    items = list(open_source(_write(tmp, "ai.spdx3.json", doc)).items())
    assert [(i.ref, i.fields["supplier"]) for i in items] == [("urn:p", "Huawei Technologies Co., Ltd.")]


def test_spdx_spreadsheet_is_a_bill_of_materials(tmp: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.create_sheet("Document Info").append(["Spreadsheet Version", "SPDX Version", "SPDX Identifier",
                                            "Document Contents"])
    wb["Document Info"].append(["2.3", "SPDX-2.3", "SPDXRef-DOCUMENT", "SPDXRef-cam"])
    pkg = wb.create_sheet("Package Info")
    pkg.append(["Package Name", "SPDX Identifier", "Package Supplier", "Package Originator"])
    pkg.append(["Camera", "SPDXRef-cam", "Organization: Lumen", ""])
    pkg.append(["SoC", "SPDXRef-soc", "Organization: Parts Depot", "Organization: HiSilicon Technologies Co., Ltd."])
    rel = wb.create_sheet("Relationships")
    rel.append(["SPDX Identifier", "Relationship", "Related SPDX Element"])
    rel.append(["SPDXRef-cam", "CONTAINS", "SPDXRef-soc"])
    path = tmp / "camera.xlsx"
    wb.save(path)
    source = open_source(path)
    items = {i.ref: i for i in source.items()}
    assert source.info.format == "spdx-spreadsheet"
    assert items["SPDXRef-soc"].fields["manufacturer"] == "HiSilicon Technologies Co., Ltd."
    assert items["SPDXRef-soc"].parent == "SPDXRef-cam"


def test_cyclonedx_xml_in_utf16_with_its_declaration(tmp: Path) -> None:
    text = (BOM / "router.cdx.xml").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp / "router.xml"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    want = [(i.ref, i.parent) for i in open_source(BOM / "router.cdx.xml").items()]
    assert [(i.ref, i.parent) for i in open_source(path).items()] == want


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(st.text(max_size=3), max_size=2),
                    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
                    st.sampled_from(["SPDX-2.3", "CONTAINS", "LIBRARY", "Organization: X"]))
_PLACES = st.sampled_from([("spdxVersion",), ("packages",), ("packages", 0, "SPDXID"), ("packages", 1, "name"),
                           ("packages", 1, "externalRefs"), ("packages", 1, "externalRefs", 0, "referenceType"),
                           ("packages", 0, "primaryPackagePurpose"), ("packages", 0, "supplier"),
                           ("relationships", 1, "relationshipType"), ("relationships", 0), ("documentDescribes",),
                           ("packages", 0, "annotations"), ("name",)])


@settings(max_examples=300, deadline=None)
@given(place=_PLACES, value=_VALUES)
def test_compiled_check_and_worded_walk_agree(place: tuple[Any, ...], value: Any) -> None:
    """The fast check passes exactly the documents the worded walk passes (both from SPDX2_READ)."""
    from supplyscreen.sources import spdx

    doc = spdx2()
    target: Any = doc
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    fast = spdx._compiled_check().is_valid(doc)
    # The walk alone (the fast path bypassed): refuse exactly when the compiled check refuses.
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(spdx, "_compiled_check", lambda: type("Never", (), {"is_valid": staticmethod(lambda _d: False)}))
            spdx.check_spdx2_json(doc, "x")
        walked = True
    except InputError:
        walked = False
    assert fast == walked
