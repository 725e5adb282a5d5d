"""Write the bom-realworld set: bills of materials in the shapes real generators emit, and expected.csv.

    .venv/bin/python benchmarks/data/bom-realworld/make.py          # rewrites the files beside this script
    .venv/bin/python benchmarks/data/bom-realworld/make.py --big 50000 /tmp/big.spdx.json
                                                                   # a Microsoft-SBOM-Tool-shaped SPDX file
                                                                   # with N packages, for the speed check

Every product, package and expectation here was written for this project (see README.md); the
*shapes* follow what the named tools write (key order, where the version sits, encodings, which
fields each CycloneDX or SPDX version has), not any tool's actual output. Deterministic.

Each package carries its own expected decision under policy us-ndaa-889 (its maker and what it is);
the described product's row is the most severe of its own and its parts'. `expected_decision` may
name two outcomes (``review|exclude``) where the packs' classification of a thing (is an AI model
software?) decides between two flags: either is right, and neither is an allow. A file that must be
refused has one row ``*,refuse`` and, in ``error_mentions``, the text the error must contain (the
JSON path or field that is wrong).
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
RANK = {"exclude": 3, "review": 2, "unknown": 1, "allow": 0}
CREATED = "2025-03-14T09:26:53Z"

# Makers. The designated ones appear as suppliers, originators, authors or manufacturers.
HUAWEI = "Huawei Technologies Co., Ltd."
HISILICON = "HiSilicon Technologies Co., Ltd."
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."
ZTE = "ZTE Corporation"
KASPERSKY = "AO Kaspersky Lab"


@dataclass
class P:
    """One package/component: its maker fields and its own expectation."""

    ref: str
    name: str
    version: str = "1.0.0"
    supplier: str | None = None
    originator: str | None = None
    author: str | None = None
    purl: str | None = None
    cpe: str | None = None
    kind: str = "library"  # CycloneDX type / SPDX primary purpose, lower case
    purpose: str | None = None  # supplyscreen:purpose
    exp: str = "allow"
    group: str = "none"
    parts: list[P] = field(default_factory=list)

    def all(self) -> list[P]:
        out = [self]
        for p in self.parts:
            out.extend(p.all())
        return out

    def rolled(self) -> tuple[str, str]:
        """The assembly's expectation: the most severe of its own and its parts'."""
        best, group = self.exp, self.group
        for p in self.parts:
            e, g = p.rolled()
            if _rank(e) > _rank(best):
                best, group = e, g
        return best, group


def _rank(exp: str) -> int:
    return min(RANK[e] for e in exp.split("|"))


def designated(name: str, group: str, exp: str = "exclude", **kw: Any) -> dict[str, Any]:
    return {"exp": exp, "group": group, **kw, "name": name}


# --- the products ---------------------------------------------------------------------------------
def gateway_service() -> P:
    """A .NET service scanned by an SBOM tool: NuGet packages, one Huawei SDK, one HiSilicon driver."""
    return P("SPDXRef-RootPackage", "Harbor Gateway Service", "4.2.0", supplier="Organization: Contoso Ltd.",
             kind="application", parts=[
                 P("SPDXRef-Package-1A2B", "Newtonsoft.Json", "13.0.3", supplier="Organization: James Newton-King",
                   purl="pkg:nuget/Newtonsoft.Json@13.0.3"),
                 P("SPDXRef-Package-3C4D", "Serilog", "3.1.1", supplier="Organization: Serilog Contributors",
                   purl="pkg:nuget/Serilog@3.1.1"),
                 P("SPDXRef-Package-5E6F", "HuaweiCloud.SDK.Core", "3.1.60", supplier=f"Organization: {HUAWEI}",
                   purl="pkg:nuget/HuaweiCloud.SDK.Core@3.1.60", exp="review", group="huawei"),
                 P("SPDXRef-Package-7A8B", "Hi3559A camera driver", "2.0.4", supplier=f"Organization: {HISILICON}",
                   kind="firmware", exp="exclude", group="huawei"),
                 P("SPDXRef-Package-9C0D", "System.Text.Json", "8.0.0", supplier="Organization: Microsoft Corporation",
                   purl="pkg:nuget/System.Text.Json@8.0.0"),
             ])


def edge_router_image() -> P:
    """A router firmware image with a ZTE modem firmware blob."""
    return P("SPDXRef-RootPackage", "Kestrel ER-8 router image", "1.8.2", supplier="Organization: Kestrel Networks K.K.",
             kind="firmware", parts=[
                 P("SPDXRef-Package-busybox", "busybox", "1.36.1", supplier="Organization: BusyBox Project",
                   purl="pkg:generic/busybox@1.36.1"),
                 P("SPDXRef-Package-modemfw", "MC7 LTE modem firmware", "B12", supplier=f"Organization: {ZTE}",
                   kind="firmware", exp="exclude", group="zte"),
                 P("SPDXRef-Package-openssl", "openssl", "3.0.13", supplier="Organization: OpenSSL Software Foundation",
                   purl="pkg:generic/openssl@3.0.13"),
             ])


def camera_app() -> P:
    """A video-management client with a Hikvision device SDK (purpose not stated: review)."""
    return P("SPDXRef-RootPackage", "Site Video Console", "2.3.1", supplier="Organization: Northwind Security GmbH",
             kind="application", parts=[
                 P("SPDXRef-Package-hcnetsdk", "HCNetSDK camera firmware bridge", "6.1.9", kind="firmware",
                   supplier=f"Organization: {HIKVISION}", exp="review", group="hikvision"),
                 P("SPDXRef-Package-ffmpeg", "FFmpeg", "6.1", supplier="Organization: FFmpeg",
                   purl="pkg:generic/ffmpeg@6.1"),
             ])


def container_image(n_os: int) -> P:
    """A container image as trivy sees it: many Debian packages and a Kaspersky endpoint agent."""
    rnd = random.Random(16)
    parts = []
    for i in range(n_os):
        name = f"lib{rnd.choice(['ssl', 'z', 'xml2', 'curl', 'gnutls', 'pcre', 'krb5', 'ldap'])}-{i}"
        parts.append(P(f"SPDXRef-Package-{i:04x}{rnd.randrange(16**8):08x}", name, f"{rnd.randrange(9)}.{i % 30}-1",
                       supplier="Organization: Debian", purl=f"pkg:deb/debian/{name}@1.{i}?arch=amd64&distro=debian-12"))
    parts.insert(n_os // 2, P("SPDXRef-Package-kesl", "kesl", "12.1.0.1297", supplier=f"Organization: {KASPERSKY}",
                              kind="application", purl="pkg:deb/debian/kesl@12.1.0.1297?arch=amd64",
                              exp="exclude", group="kaspersky"))
    parts.append(P("SPDXRef-Package-noassert", "tzdata", "2024a-0", supplier="NOASSERTION",
                   purl="pkg:deb/debian/tzdata@2024a-0?arch=all", exp="allow|unknown"))
    return P("SPDXRef-RootPackage", "registry.example.org/billing-api:2.7", "sha256:4be1", kind="container",
             supplier="Organization: Fabrikam Billing Ltd.", parts=parts)


def syft_app() -> P:
    """A Go service as syft sees it: modules with no supplier, one ZTE library (software: review)."""
    return P("SPDXRef-DocumentRoot-Directory-app", "/app", "", kind="application", supplier="NOASSERTION",
             exp="allow|unknown", parts=[
                 P("SPDXRef-Package-go-module-cobra", "github.com/spf13/cobra", "v1.8.0", supplier="NOASSERTION",
                   purl="pkg:golang/github.com/spf13/cobra@v1.8.0", exp="allow|unknown"),
                 P("SPDXRef-Package-go-module-zte", "zxic-netconf-client", "v0.9.2", supplier=f"Organization: {ZTE}",
                   exp="review", group="zte"),
                 P("SPDXRef-Package-binary-fw", "ZXHN H298A firmware", "V1.2", supplier=f"Organization: {ZTE}",
                   kind="firmware", exp="exclude", group="zte"),
             ])


def nvr_kit() -> P:
    """A recorder kit described as hardware (CycloneDX devices), purposes stated."""
    return P("nvr-kit", "Aster NVR-16 recorder kit", "2", supplier="Aster Video Ltd.", kind="device",
             purpose="physical-security", parts=[
                 P("nvr-board", "NVR main board", "R3", supplier="Aster Video Ltd.", kind="device", parts=[
                     P("nvr-soc", "Hi3536 SoC", "V100", supplier=HISILICON, kind="device", exp="exclude",
                       group="huawei"),
                     P("nvr-dram", "DDR4 8Gb", "D9WFH", supplier="Micron Technology, Inc.", kind="device"),
                 ]),
                 P("nvr-cam", "4MP dome camera", "DS-2CD2143G2", supplier=HIKVISION, kind="device",
                   exp="exclude", group="hikvision"),
                 P("nvr-psu", "Power adapter", "GST60A", supplier="Mean Well Enterprises Co., Ltd.", kind="device"),
             ])


def legacy_npm_app() -> P:
    """An npm application from an older generator (authors and publishers, no manufacturer)."""
    return P("pkg:npm/field-dispatch@3.4.0", "field-dispatch", "3.4.0", kind="application",
             supplier="Tarn Software Ltd", parts=[
                 P("pkg:npm/express@4.18.2", "express", "4.18.2", author="TJ Holowaychuk",
                   purl="pkg:npm/express@4.18.2"),
                 P("pkg:npm/kaspersky-scan-agent@1.2.0", "kaspersky-scan-agent", "1.2.0", author=KASPERSKY,
                   purl="pkg:npm/kaspersky-scan-agent@1.2.0", exp="exclude", group="kaspersky"),
                 P("pkg:npm/router-admin-fw@2.0.1", "router-admin-fw", "2.0.1", supplier=HUAWEI, kind="firmware",
                   purl="pkg:npm/router-admin-fw@2.0.1", exp="exclude", group="huawei"),
                 P("pkg:npm/lodash@4.17.21", "lodash", "4.17.21", author="John-David Dalton",
                   purl="pkg:npm/lodash@4.17.21"),
             ])


def ai_bom() -> P:
    """An AI system: a model from Huawei, a dataset from Hikvision, an ordinary runtime."""
    return P("urn:spdx.dev:ai-1/pkg/assistant", "Plant-floor assistant", "1.0", kind="application",
             supplier="Keel Robotics Ltd.", parts=[
                 P("urn:spdx.dev:ai-1/ai/model", "PanGu-lite vision model", "2.1", supplier=HUAWEI, kind="model",
                   exp="review|exclude", group="huawei"),
                 P("urn:spdx.dev:ai-1/dataset/faces", "Factory faces 2023", "2023.2", originator=HIKVISION, kind="data",
                   exp="review|exclude", group="hikvision"),
                 P("urn:spdx.dev:ai-1/pkg/runtime", "onnxruntime", "1.17.1", supplier="Microsoft Corporation",
                   purl="pkg:pypi/onnxruntime@1.17.1"),
             ])


def spreadsheet_product() -> P:
    """An SPDX spreadsheet a supplier filled in: makers only in Package Supplier / Package Originator."""
    return P("SPDXRef-camera", "Lumen C4 camera", "4.0", supplier="Organization: Lumen Imaging Co.", kind="device",
             parts=[
                 P("SPDXRef-soc", "Hi3516DV300", "V300", supplier="Organization: Parts Depot Inc.",
                   originator=f"Organization: {HISILICON}", kind="device", exp="exclude", group="huawei"),
                 P("SPDXRef-sensor", "IMX335 sensor", "1", supplier="Organization: Sony Semiconductor Solutions",
                   kind="device"),
                 P("SPDXRef-wifi", "RTL8188 Wi-Fi module", "1", supplier="Organization: Realtek Semiconductor Corp.",
                   kind="device"),
             ])


# --- SPDX 2.x JSON --------------------------------------------------------------------------------
def _spdx_package(p: P, version: str, tool: str) -> dict[str, Any]:
    d: dict[str, Any] = {"name": p.name, "SPDXID": p.ref}
    if p.version:
        d["versionInfo"] = p.version
    d["downloadLocation"] = "NOASSERTION"
    d["filesAnalyzed"] = False
    d["licenseConcluded"] = "NOASSERTION"
    d["licenseDeclared"] = "NOASSERTION"
    d["copyrightText"] = "NOASSERTION"
    if p.supplier:
        d["supplier"] = p.supplier if p.supplier.startswith(("Organization:", "Person:", "NOASSERTION")) \
            else f"Organization: {p.supplier}"
    if p.originator:
        d["originator"] = p.originator if ":" in p.originator.split(" ")[0] else f"Organization: {p.originator}"
    refs = []
    if p.purl:
        refs.append({"referenceCategory": "PACKAGE-MANAGER" if version == "SPDX-2.3" else "PACKAGE_MANAGER",
                     "referenceType": "purl", "referenceLocator": p.purl})
    if p.cpe:
        refs.append({"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": p.cpe})
    if refs:
        d["externalRefs"] = refs
    if version == "SPDX-2.3" and p.kind:
        purpose = {"library": "LIBRARY", "application": "APPLICATION", "firmware": "FIRMWARE", "device": "DEVICE",
                   "container": "CONTAINER"}.get(p.kind)
        if purpose:
            d["primaryPackagePurpose"] = purpose
    if p.purpose:
        d["comment"] = f"supplyscreen:purpose={p.purpose}"
    return d


def _files(n: int, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        h = f"{rnd.getrandbits(160):040x}"
        out.append({
            "fileName": f"./bin/{rnd.choice(['runtimes', 'lib', 'share'])}/{rnd.choice(['win-x64', 'linux-x64'])}"
                        f"/native/module{i}.{rnd.choice(['dll', 'so', 'json', 'pdb'])}",
            "SPDXID": f"SPDXRef-File--bin-module{i}-{h[:40].upper()}",
            "checksums": [{"algorithm": "SHA256", "checksumValue": f"{rnd.getrandbits(256):064x}"},
                          {"algorithm": "SHA1", "checksumValue": h}],
            "licenseConcluded": "NOASSERTION", "licenseInfoInFiles": ["NOASSERTION"], "copyrightText": "NOASSERTION",
        })
    return out


def spdx2_doc(product: P, *, version: str = "SPDX-2.2", files: int = 0, tool: str = "Microsoft.SBOMTool-2.2.7",
              order: str = "ms", ns: str = "https://sbom.contoso.example/gateway") -> dict[str, Any]:
    """An SPDX 2 JSON document; ``order`` is the tool's key order: ``ms`` (files, packages,
    externalDocumentRefs, relationships, then the document fields), ``syft`` (document fields first),
    ``sorted`` (every key sorted, as a Go marshaller of maps writes)."""
    pkgs = [_spdx_package(p, version, tool) for p in product.all()]
    fl = _files(files, seed=files)
    if fl:  # the root package holds the files: analysed, with its verification code
        pkgs[0]["filesAnalyzed"] = True
        pkgs[0]["packageVerificationCode"] = {"packageVerificationCodeValue": f"{random.Random(files).getrandbits(160):040x}"}
    rels = [{"relationshipType": "DESCRIBES", "relatedSpdxElement": product.ref, "spdxElementId": "SPDXRef-DOCUMENT"}]
    for parent in product.all():
        for p in parent.parts:
            rels.append({"relationshipType": "DEPENDS_ON" if parent.kind != "device" else "CONTAINS",
                         "relatedSpdxElement": p.ref, "spdxElementId": parent.ref})
    for f in fl:
        rels.append({"relationshipType": "CONTAINS", "relatedSpdxElement": f["SPDXID"], "spdxElementId": product.ref})
    head = {"spdxVersion": version, "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
            "name": product.name, "documentNamespace": f"{ns}/{uuid.uuid5(uuid.NAMESPACE_URL, product.name)}",
            "creationInfo": {"created": CREATED, "creators": [f"Organization: {product.name}", f"Tool: {tool}"]}}
    if order == "ms":
        doc: dict[str, Any] = {"files": fl, "packages": pkgs, "externalDocumentRefs": [], "relationships": rels}
        doc.update(head)
        doc["documentDescribes"] = [product.ref]
        return doc
    doc = {**head, "packages": pkgs, "relationships": rels}
    if fl:
        doc["files"] = fl
    return _sorted(doc) if order == "sorted" else doc


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


# --- CycloneDX JSON and XML -------------------------------------------------------------------------
def _bare(actor: str) -> str:
    """An SPDX actor (``Organization: X``) as the plain name CycloneDX writes."""
    return actor.split(":", 1)[1].strip() if actor.startswith(("Organization:", "Person:")) else \
        "unknown" if actor == "NOASSERTION" else actor


CDX_TYPES_12 = {"application", "framework", "library", "container", "operating-system", "device", "firmware", "file"}


def cdx_component(p: P, spec: str, nest: bool) -> dict[str, Any]:
    kind = p.kind if p.kind in CDX_TYPES_12 or spec >= "1.5" else "library"
    if spec >= "1.5":
        kind = {"model": "machine-learning-model"}.get(kind, kind)
    d: dict[str, Any] = {"type": kind, "bom-ref": p.ref}
    if p.supplier:
        d["supplier"] = {"name": _bare(p.supplier)}
    if p.author:
        d["author"] = p.author
    d["name"] = p.name
    if p.version or spec < "1.4":
        d["version"] = p.version or "0"
    if p.purl:
        d["purl"] = p.purl
    if p.cpe:
        d["cpe"] = p.cpe
    if p.purpose and spec >= "1.3":
        d["properties"] = [{"name": "supplyscreen:purpose", "value": p.purpose}]
    if nest and p.parts:
        d["components"] = [cdx_component(c, spec, nest) for c in p.parts]
    return d


def cdx_doc(product: P, spec: str, *, nest: bool = True, order: str = "plain", pad: int = 0) -> dict[str, Any]:
    """CycloneDX JSON; ``order``: ``plain`` (bomFormat first), ``sorted``, or ``components-first`` (a
    generator that writes the component list before the header, with ``pad`` extra libraries)."""
    if nest:
        comps = [cdx_component(c, spec, True) for c in product.parts]
    else:  # flat: every component at top level, the structure only in the dependency graph
        comps = [cdx_component(c, spec, False) for c in product.all()[1:]]
    extra = [{"type": "library", "bom-ref": f"pad-{i}", "name": f"left-pad-{i}", "version": "1.3.0",
              "supplier": {"name": "Contoso Ltd."}, "purl": f"pkg:npm/left-pad-{i}@1.3.0"} for i in range(pad)]
    comps += extra
    deps = [{"ref": a.ref, "dependsOn": [c.ref for c in a.parts]} for a in product.all() if a.parts]
    head: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": spec,
                            "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, product.name + spec)}",
                            "version": 1,
                            "metadata": {"timestamp": CREATED, "component": cdx_component(
                                P(product.ref, product.name, product.version, supplier=product.supplier,
                                  kind=product.kind, purpose=product.purpose), spec, False)}}
    if order == "components-first":
        return {"components": comps, **({} if nest else {"dependencies": deps}), **head}
    doc = {**head, "components": comps}
    if not nest:
        doc["dependencies"] = deps
    if order == "sorted":
        doc["$schema"] = f"http://cyclonedx.org/schema/bom-{spec}.schema.json"
        return _sorted(doc)
    return doc


def cdx_xml(product: P, spec: str) -> str:
    def comp(p: P, indent: str) -> str:
        kind = p.kind if p.kind in CDX_TYPES_12 else "library"
        out = [f'{indent}<component type="{kind}" bom-ref="{escape(p.ref)}">']
        if p.supplier:
            out.append(f"{indent}  <supplier><name>{escape(_bare(p.supplier))}</name></supplier>")
        if p.author:
            out.append(f"{indent}  <author>{escape(p.author)}</author>")
        out.append(f"{indent}  <name>{escape(p.name)}</name>")
        out.append(f"{indent}  <version>{escape(p.version or '0')}</version>")
        if p.purl:
            out.append(f"{indent}  <purl>{escape(p.purl)}</purl>")
        if p.purpose and spec >= "1.3":
            out.append(f'{indent}  <properties><property name="supplyscreen:purpose">{p.purpose}</property>'
                       "</properties>")
        if p.parts:
            out.append(f"{indent}  <components>")
            out.extend(comp(c, indent + "    ") for c in p.parts)
            out.append(f"{indent}  </components>")
        out.append(f"{indent}</component>")
        return "\n".join(out)

    root = P(product.ref, product.name, product.version, supplier=product.supplier, kind=product.kind,
             purpose=product.purpose)
    serial = uuid.uuid5(uuid.NAMESPACE_URL, product.name + spec + "xml")
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<bom xmlns="http://cyclonedx.org/schema/bom/{spec}" serialNumber="urn:uuid:{serial}" version="1">',
        "  <metadata>", f"    <timestamp>{CREATED}</timestamp>", comp(root, "    "), "  </metadata>",
        "  <components>", *[comp(c, "    ") for c in product.parts], "  </components>",
        "</bom>", ""])


# --- SPDX 3.0 JSON-LD -----------------------------------------------------------------------------
SPDX3_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


def spdx3_doc(product: P, types: dict[str, str]) -> dict[str, Any]:
    """SPDX 3.0.1 JSON-LD; ``types`` gives a package's class by ref (default software_Package)."""
    ci = "_:creationinfo"
    graph: list[dict[str, Any]] = [
        {"type": "CreationInfo", "@id": ci, "specVersion": "3.0.1", "created": CREATED,
         "createdBy": ["urn:spdx.dev:ai-1/agent/keel"]},
        {"type": "Organization", "spdxId": "urn:spdx.dev:ai-1/agent/keel", "creationInfo": ci,
         "name": "Keel Robotics Ltd."},
    ]
    agents: dict[str, str] = {}

    def agent(name: str) -> str:
        if name not in agents:
            agents[name] = f"urn:spdx.dev:ai-1/agent/{len(agents)}"
            graph.append({"type": "Organization", "spdxId": agents[name], "creationInfo": ci, "name": name})
        return agents[name]

    for p in product.all():
        kind = types.get(p.ref, "software_Package")
        e: dict[str, Any] = {"type": kind, "spdxId": p.ref, "creationInfo": ci, "name": p.name,
                             "software_packageVersion": p.version}
        if p.supplier:
            e["suppliedBy"] = agent(p.supplier)
        if p.originator:
            e["originatedBy"] = [agent(p.originator)]
        if p.purl:
            e["software_packageUrl"] = p.purl
        e["software_primaryPurpose"] = p.kind if p.kind in ("model", "data", "library", "application") else "other"
        if kind == "dataset_DatasetPackage":
            e["dataset_datasetType"] = ["image"]
        if kind == "ai_AIPackage":
            e["ai_typeOfModel"] = ["convolutional neural network"]
        graph.append(e)
    for parent in product.all():
        if parent.parts:
            graph.append({"type": "Relationship", "spdxId": f"{parent.ref}/rel", "creationInfo": ci,
                          "from": parent.ref, "relationshipType": "dependsOn", "to": [c.ref for c in parent.parts]})
    graph.append({"type": "software_Sbom", "spdxId": "urn:spdx.dev:ai-1/sbom", "creationInfo": ci,
                  "rootElement": [product.ref], "element": [p.ref for p in product.all()],
                  "software_sbomType": ["build"]})
    graph.append({"type": "SpdxDocument", "spdxId": "urn:spdx.dev:ai-1/doc", "creationInfo": ci,
                  "rootElement": ["urn:spdx.dev:ai-1/sbom"], "element": ["urn:spdx.dev:ai-1/sbom"],
                  "profileConformance": ["core", "software", "ai", "dataset"]})
    return {"@context": SPDX3_CONTEXT, "@graph": graph}


# --- SPDX 2 tag-value and spreadsheet ----------------------------------------------------------------
def tag_value(product: P, version: str = "SPDX-2.2", files_only: int = 0) -> str:
    lines = [f"SPDXVersion: {version}", "DataLicense: CC0-1.0", "SPDXID: SPDXRef-DOCUMENT",
             f"DocumentName: {product.name}", f"DocumentNamespace: https://spdx.example.org/{product.ref}",
             "Creator: Organization: aquasecurity", "Creator: Tool: trivy-0.50.1", f"Created: {CREATED}", ""]
    if files_only:
        lines.append("##### Unpackaged files")
        rnd = random.Random(files_only)
        for i in range(files_only):
            lines += ["", f"FileName: usr/local/lib/python3.12/site-packages/pkg{i}.dist-info/METADATA",
                      f"SPDXID: SPDXRef-File-{rnd.getrandbits(64):016x}",
                      f"FileChecksum: SHA1: {rnd.getrandbits(160):040x}"]
        return "\n".join(lines) + "\n"
    for p in product.all():
        lines += ["##### Package", "", f"PackageName: {p.name}", f"SPDXID: {p.ref}", f"PackageVersion: {p.version}"]
        if p.supplier:
            lines.append(f"PackageSupplier: {p.supplier}")
        if p.originator:
            lines.append(f"PackageOriginator: {p.originator}")
        lines += ["PackageDownloadLocation: NOASSERTION", "FilesAnalyzed: false"]
        if p.purl:
            lines.append(f"ExternalRef: PACKAGE-MANAGER purl {p.purl}")
        lines.append("")
    lines.append(f"Relationship: SPDXRef-DOCUMENT DESCRIBES {product.ref}")
    for parent in product.all():
        lines += [f"Relationship: {parent.ref} CONTAINS {c.ref}" for c in parent.parts]
    return "\n".join(lines) + "\n"


SHEET_DOC = ["Spreadsheet Version", "SPDX Version", "Data License", "SPDX Identifier", "License List Version",
             "Document Name", "Document Namespace", "Document Contents", "External Document References",
             "Document Comment", "Creator", "Created", "Creator Comment"]
SHEET_PKG = ["Package Name", "SPDX Identifier", "Package Version", "Package FileName", "Package Supplier",
             "Package Originator", "Home Page", "Package Download Location", "Package Checksum",
             "Package Verification Code", "Verification Code Excluded Files", "Source Info", "License Declared",
             "License Concluded", "License Info From Files", "License Comments", "Package Copyright Text",
             "Summary", "Description", "Attribution Text", "Files Analyzed", "Comments"]
SHEET_REL = ["SPDX Identifier", "Relationship", "Related SPDX Element", "Relationship Comment"]
SHEET_EXT = ["Package ID", "Category", "Type", "Locator", "Comment"]


def spreadsheet_rows(product: P) -> dict[str, list[list[str]]]:
    """The sheets of an SPDX 2.3 spreadsheet in the layout the SPDX Java tools write."""
    doc = [SHEET_DOC, ["2.3", "SPDX-2.3", "CC0-1.0", "SPDXRef-DOCUMENT", "3.22", product.name,
                       f"https://spdx.example.org/{product.ref}", product.ref, "", "", "Organization: Lumen Imaging Co.",
                       CREATED, ""]]
    pkg = [SHEET_PKG]
    for p in product.all():
        row = dict.fromkeys(SHEET_PKG, "")
        row.update({"Package Name": p.name, "SPDX Identifier": p.ref, "Package Version": p.version,
                    "Package Supplier": p.supplier or "", "Package Originator": p.originator or "",
                    "Package Download Location": "NOASSERTION", "License Declared": "NOASSERTION",
                    "License Concluded": "NOASSERTION", "Package Copyright Text": "NOASSERTION",
                    "Files Analyzed": "false"})
        pkg.append([row[h] for h in SHEET_PKG])
    rel = [SHEET_REL, ["SPDXRef-DOCUMENT", "DESCRIBES", product.ref, ""]]
    for parent in product.all():
        rel += [[parent.ref, "CONTAINS", c.ref, ""] for c in parent.parts]
    ext = [SHEET_EXT] + [[p.ref, "PACKAGE-MANAGER", "purl", p.purl, ""] for p in product.all() if p.purl]
    return {"Document Info": doc, "Package Info": pkg, "Extracted License Info": [["Identifier", "Extracted Text"]],
            "Per File Info": [["File Name", "SPDX Identifier"]], "Relationships": rel, "Annotations":
            [["SPDX Identifier", "Comment", "Date", "Annotator", "Type"]], "External Refs": ext}


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)


def write_xls(path: Path, sheets: dict[str, list[list[str]]]) -> bool:
    try:
        import xlwt  # only to regenerate this set; the reader uses xlrd
    except ImportError:
        return False
    wb = xlwt.Workbook()
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                ws.write(i, j, v)
    wb.save(str(path))
    return True


# --- writing the set --------------------------------------------------------------------------------
Rows = list[dict[str, str]]


def expect(file: str, product: P, note: str, only: set[str] | None = None) -> Rows:
    rows = []
    e, g = product.rolled()
    rows.append({"file": file, "ref": "*", "expected_decision": e, "expected_group": g, "note": note})
    for p in product.all():
        if only is not None and p.ref not in only:
            continue
        e, g = p.rolled()
        rows.append({"file": file, "ref": p.ref, "expected_decision": e, "expected_group": g, "note": ""})
    return rows


def dump(doc: Any, indent: int | None = 2) -> str:
    return json.dumps(doc, indent=indent, ensure_ascii=False)


def write_all() -> None:
    out: Rows = []

    def put(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
        raw = data if isinstance(data, bytes) else data.encode(encoding)
        (HERE / name).write_bytes(raw)

    # 1-3. Microsoft SBOM Tool shape: files first, spdxVersion after them (past 256 KiB).
    gw = gateway_service()
    put("ms-sbom-tool-2.2.spdx.json", dump(spdx2_doc(gw, files=450)))
    out += expect("ms-sbom-tool-2.2.spdx.json", gw, "Microsoft SBOM Tool shape, 450 files before spdxVersion")
    rt = edge_router_image()
    put("ms-sbom-tool-2.2-utf8bom.spdx.json", codecs.BOM_UTF8 + dump(spdx2_doc(rt, files=400)).encode())
    out += expect("ms-sbom-tool-2.2-utf8bom.spdx.json", rt, "the same, UTF-8 with byte order mark")
    cam = camera_app()
    text = dump(spdx2_doc(cam, files=250)).replace("\n", "\r\n")
    put("manifest.spdx.json", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    out += expect("manifest.spdx.json", cam, "Windows PowerShell '>' redirect: UTF-16 LE with BOM, CRLF")
    # 4. The same document as UTF-16 LE without a BOM (.NET Encoding.Unicode without preamble).
    put("nobom-utf16le.spdx.json", dump(spdx2_doc(edge_router_image(), version="SPDX-2.3", order="syft"))
        .encode("utf-16-le"))
    out += expect("nobom-utf16le.spdx.json", edge_router_image(), "UTF-16 LE, no byte order mark")
    # 5. UTF-32 (BOM) and UTF-16 BE (BOM).
    put("utf32.spdx.json", dump(spdx2_doc(camera_app(), version="SPDX-2.3", order="syft")).encode("utf-32"))
    out += expect("utf32.spdx.json", camera_app(), "UTF-32 with byte order mark")
    put("utf16be.cdx.json", codecs.BOM_UTF16_BE + dump(cdx_doc(nvr_kit(), "1.5")).encode("utf-16-be"))
    out += expect("utf16be.cdx.json", nvr_kit(), "CycloneDX 1.5 JSON in UTF-16 BE with BOM")
    # 6. trivy: every key sorted; SPDXID first, spdxVersion last (past 256 KiB).
    img = container_image(600)
    only = {"SPDXRef-RootPackage", "SPDXRef-Package-kesl", "SPDXRef-Package-noassert", img.parts[0].ref}
    put("trivy-image.spdx.json", dump(spdx2_doc(img, version="SPDX-2.3", order="sorted", tool="trivy-0.50.1",
                                               ns="http://aquasecurity.github.io/trivy/container_image")))
    out += expect("trivy-image.spdx.json", img, "trivy: sorted keys, spdxVersion last", only)
    put("trivy-image.cdx.json", dump(cdx_doc(container_image(600), "1.5", nest=False, order="sorted")))
    only_c = {"SPDXRef-Package-kesl", "SPDXRef-Package-noassert"}
    out += [r for r in expect("trivy-image.cdx.json", container_image(600), "trivy CycloneDX 1.5, sorted keys", only_c)]
    # 7. syft SPDX 2.3 (document fields first) and CycloneDX 1.6.
    sy = syft_app()
    put("syft-dir.spdx.json", dump(spdx2_doc(sy, version="SPDX-2.3", order="syft", tool="syft-1.0.1")))
    out += expect("syft-dir.spdx.json", sy, "syft SPDX 2.3 JSON")
    put("syft-dir.cdx.json", dump(cdx_doc(syft_app(), "1.6", nest=False)))
    out += expect("syft-dir.cdx.json", syft_app(), "syft CycloneDX 1.6 JSON (flat, dependency graph)")
    # 8. CycloneDX 1.2-1.6, JSON and XML.
    for spec in ("1.2", "1.3", "1.4", "1.5", "1.6"):
        prod = nvr_kit() if spec in ("1.4", "1.5", "1.6") else legacy_npm_app()
        name = f"cyclonedx-{spec}.cdx.json"
        put(name, dump(cdx_doc(prod, spec)))
        out += expect(name, prod, f"CycloneDX {spec} JSON")
        name = f"cyclonedx-{spec}.cdx.xml"
        put(name, cdx_xml(prod, spec))
        out += expect(name, prod, f"CycloneDX {spec} XML")
    # CycloneDX XML in UTF-16 with its encoding declared.
    put("cyclonedx-1.4-utf16.xml", codecs.BOM_UTF16_LE + cdx_xml(nvr_kit(), "1.4").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"))
    out += expect("cyclonedx-1.4-utf16.xml", nvr_kit(), "CycloneDX 1.4 XML in UTF-16, .xml suffix only")
    # A generator that writes components before bomFormat (past 256 KiB).
    put("components-first.json", dump(cdx_doc(nvr_kit(), "1.4", order="components-first", pad=1500)))
    out += expect("components-first.json", nvr_kit(), "CycloneDX 1.4, components before bomFormat, .json suffix")
    # 9. SPDX 3.0.1 JSON-LD: an AI-BOM and a plain software SBOM.
    ai = ai_bom()
    put("ai-bom.spdx3.json", dump(spdx3_doc(ai, {"urn:spdx.dev:ai-1/ai/model": "ai_AIPackage",
                                                "urn:spdx.dev:ai-1/dataset/faces": "dataset_DatasetPackage"})))
    out += expect("ai-bom.spdx3.json", ai, "SPDX 3.0.1 AI-BOM: ai_AIPackage and dataset_DatasetPackage")
    # 10. Nothing screenable: one unknown row for the document.
    files_only = {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
                  "name": "site-packages", "documentNamespace": "https://spdx.example.org/files-only",
                  "creationInfo": {"created": CREATED, "creators": ["Tool: trivy-0.50.1"]}, "files": _files(40, 3)}
    put("files-only.spdx.json", dump(files_only))
    out.append({"file": "files-only.spdx.json", "ref": "*", "expected_decision": "unknown", "expected_group": "none",
                "note": "only files: one unknown row for the document"})
    put("files-only.spdx", tag_value(P("files", "knowds", ""), version="SPDX-2.3", files_only=25))
    out.append({"file": "files-only.spdx", "ref": "*", "expected_decision": "unknown", "expected_group": "none",
                "note": "trivy tag-value with only unpackaged files"})
    put("empty.cdx.json", dump({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                                "serialNumber": "urn:uuid:9a0d6f4e-1f43-4a51-8c1c-0c4a7f1f3e21",
                                "metadata": {"timestamp": CREATED}, "components": []}))
    out.append({"file": "empty.cdx.json", "ref": "*", "expected_decision": "unknown", "expected_group": "none",
                "note": "CycloneDX with no components and no metadata.component"})
    # 11. Tag-value with CRLF line ends and a BOM (Windows editors).
    tv = tag_value(edge_router_image(), version="SPDX-2.2").replace("\n", "\r\n")
    put("router.spdx", codecs.BOM_UTF8 + tv.encode())
    out += expect("router.spdx", edge_router_image(), "SPDX 2.2 tag-value, CRLF, UTF-8 BOM")
    # 12. SPDX spreadsheets (the SPDX Java tools' layout).
    sp = spreadsheet_product()
    write_xlsx(HERE / "camera-spdx.xlsx", spreadsheet_rows(sp))
    out += expect("camera-spdx.xlsx", sp, "SPDX 2.3 spreadsheet: maker only as Package Originator")
    if write_xls(HERE / "camera-spdx.xls", spreadsheet_rows(sp)):
        out += expect("camera-spdx.xls", sp, "the same as a legacy .xls workbook")
    # 13. Invalid SPDX: refused, the error naming the field.
    base = spdx2_doc(edge_router_image(), version="SPDX-2.3", order="syft")
    bad: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
        "invalid-externalrefs-string.spdx.json": (
            lambda d: d["packages"][2].__setitem__("externalRefs", "pkg:generic/busybox@1.36.1"), "externalRefs"),
        "invalid-packages-string.spdx.json": (lambda d: d.__setitem__("packages", "busybox, openssl"), "packages"),
        "invalid-version.spdx.json": (lambda d: d.__setitem__("spdxVersion", "SPDX-2.9"), "SPDX-2.9"),
        "invalid-version-bare.spdx.json": (lambda d: d.__setitem__("spdxVersion", "2.3"), "spdxVersion"),
        "invalid-no-spdxid.spdx.json": (lambda d: d["packages"][1].pop("SPDXID"), "SPDXID"),
        "invalid-relationship-type.spdx.json": (
            lambda d: d["relationships"][1].__setitem__("relationshipType", "OWNS"), "OWNS"),
        "invalid-supplier-number.spdx.json": (lambda d: d["packages"][2].__setitem__("supplier", 42), "supplier"),
        "invalid-describes-string.spdx.json": (
            lambda d: d.__setitem__("documentDescribes", "SPDXRef-RootPackage"), "documentDescribes"),
    }
    for name, (change, mention) in bad.items():
        doc = json.loads(json.dumps(base))
        change(doc)
        put(name, dump(doc))
        out.append({"file": name, "ref": "*", "expected_decision": "refuse", "expected_group": "none",
                    "note": "invalid SPDX", "error_mentions": mention})
    put("invalid-version.spdx", tag_value(edge_router_image(), version="SPDX-7.0"))
    out.append({"file": "invalid-version.spdx", "ref": "*", "expected_decision": "refuse", "expected_group": "none",
                "note": "tag-value with an unknown version", "error_mentions": "SPDX-7.0"})
    g3 = spdx3_doc(ai_bom(), {})
    g3["@graph"] = {"items": g3["@graph"]}
    put("invalid-graph.spdx3.json", dump(g3))
    out.append({"file": "invalid-graph.spdx3.json", "ref": "*", "expected_decision": "refuse",
                "expected_group": "none", "note": "SPDX 3 with @graph not a list", "error_mentions": "@graph"})
    with (HERE / "expected.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["file", "ref", "expected_decision", "expected_group", "note", "error_mentions"],
                           lineterminator="\n")
        w.writeheader()
        for r in out:
            w.writerow({"error_mentions": "", **r})
    print(f"wrote {len({r['file'] for r in out})} files, {len(out)} expected rows")


def write_big(n: int, path: Path) -> None:
    """A Microsoft-SBOM-Tool-shaped SPDX 2.2 JSON with n packages and n files (spdxVersion after both)."""
    rnd = random.Random(n)
    makers = ["Microsoft Corporation", "James Newton-King", HUAWEI, "Serilog Contributors", ZTE, "NOASSERTION"]
    parts = [P(f"SPDXRef-Package-{i:06d}", f"Package.{i}", f"{i % 9}.{i % 13}.0",
               supplier=(m if m == "NOASSERTION" else f"Organization: {m}"), purl=f"pkg:nuget/Package.{i}@1.0.0")
             for i in range(n - 1) for m in [rnd.choice(makers)]]
    root = P("SPDXRef-RootPackage", "Big service", "1.0", supplier="Organization: Contoso Ltd.", parts=parts)
    path.write_text(dump(spdx2_doc(root, files=n), indent=None), encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {n} packages, {n} files)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--big", nargs=2, metavar=("N", "OUT"))
    a = ap.parse_args()
    if a.big:
        write_big(int(a.big[0]), Path(a.big[1]))
    else:
        write_all()
