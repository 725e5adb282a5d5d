"""SPDX bills of materials: 2.3 tag-value, 2.3 JSON and 3.0 JSON-LD.

Read with a small parser of our own rather than spdx-tools: screening needs only packages, their
makers and identifiers, and the relationships between them, and a parser this size gives errors
with the line (tag-value) or JSON path that a user can act on.

Roles: ``manufacturer`` is the originator (SPDX's "who made it"), ``supplier`` the supplier,
``cpe`` and ``purl`` come from external references, ``category`` is the primary package purpose.
``NOASSERTION`` as a maker means the maker is not known and is kept as ``unknown``. SPDX has no
properties, so ``supplyscreen:purpose=...`` (and the other property names CycloneDX uses) may be
written one per line in a package comment or an annotation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, bom_format, register_reader
from supplyscreen.sources.bom import BomSource, Part, assemble, check_size, maker_value, property_role

# Relationship types that make the first element an assembly of the second, and their reverses.
CONTAINS = {"CONTAINS", "DEPENDS_ON", "HAS_PREREQUISITE", "contains", "dependsOn", "hasPrerequisite"}
CONTAINED = {"CONTAINED_BY", "DEPENDENCY_OF", "PREREQUISITE_FOR"}
DESCRIBES = {"DESCRIBES", "describes"}
DESCRIBED = {"DESCRIBED_BY"}

_ACTOR = re.compile(r"^\s*(?:Organization|Organisation|Person|Tool)\s*:\s*", re.IGNORECASE)
_EMAIL = re.compile(r"\s*\([^()]*@[^()]*\)\s*$")
_SETTING = re.compile(r"^\s*([A-Za-z][\w:.-]*)\s*[=:]\s*(.+?)\s*$")


def actor(text: str) -> str:
    """``Organization: Huawei Technologies Co., Ltd. (psirt@huawei.com)`` → the name."""
    return maker_value(_EMAIL.sub("", _ACTOR.sub("", text or "")))


def _settings(text: str, part: Part) -> None:
    """``supplyscreen:purpose=physical-security`` lines in a comment fill roles."""
    for line in (text or "").splitlines():
        m = _SETTING.match(line)
        if m and ":" in m.group(1):
            role = property_role(m.group(1))
            if role is not None:
                part.set(role, m.group(2))


def _ext_ref(part: Part, kind: str, locator: str) -> None:
    kind = kind.lower()
    if kind.startswith("cpe"):
        part.set("cpe", locator)
    elif kind in ("purl", "packageurl", "package-url", "package_url"):
        part.set("purl", locator)


def _finish(doc_path: str, fmt: str, packages: dict[str, Part], order: list[str],
            rels: list[tuple[str, str, str]], described: list[str], notes: list[str]) -> BomSource:
    links: list[tuple[str, str]] = []
    for a, kind, b in rels:
        if kind in CONTAINS:
            links.append((a, b))
        elif kind in CONTAINED:
            links.append((b, a))
        elif kind in DESCRIBES and b not in described:
            described.append(b)
        elif kind in DESCRIBED and a not in described:
            described.append(a)
    described = [d for d in described if d in packages]
    product = packages[described[0]] if described else None
    if len(described) > 1:
        notes.append(f"the document describes {len(described)} packages; the first ({described[0]}) is "
                     "taken as the product and the others are placed under it")
    parts = [packages[r] for r in order if packages[r] is not product]
    return assemble(doc_path, fmt, product, parts, links, notes)


# --- 2.3 tag-value --------------------------------------------------------------------------------
def _tag_lines(text: str, path: str) -> Iterator[tuple[int, str, str]]:
    """(line, tag, value) with ``<text>...</text>`` values joined across lines."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        start = i + 1
        i += 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        tag, sep, value = raw.partition(":")
        if not sep:
            raise InputError(f"expected 'Tag: value', found {raw.strip()[:60]!r}", path=path, line=start)
        value = value.strip()
        if value.startswith("<text>"):
            body = value[len("<text>"):]
            while "</text>" not in body:
                if i >= len(lines):
                    raise InputError(f"<text> opened on line {start} is never closed", path=path, line=start)
                body += "\n" + lines[i]
                i += 1
            value = body[: body.index("</text>")]
        yield start, tag.strip(), value


def read_tag_value(path: Path, text: str) -> BomSource:
    shown = str(path)
    packages: dict[str, Part] = {}
    order: list[str] = []
    rels: list[tuple[str, str, str]] = []
    described: list[str] = []
    notes: list[str] = []
    version = ""
    current: Part | None = None
    pending_name: tuple[int, str] | None = None
    annotation_target = ""
    for line, tag, value in _tag_lines(text, shown):
        if tag == "SPDXVersion":
            version = value
        elif tag == "PackageName":
            pending_name, current = (line, value), None
        elif tag == "SPDXID" and pending_name is not None:
            current = Part(ref=value, name=pending_name[1], line=pending_name[0])
            current.set("product", pending_name[1])
            if value in packages:
                value = f"{value}#dup{len(order)}"  # assemble() renames and reports duplicates
            packages[value] = current
            order.append(value)
            pending_name = None
        elif tag in ("FileName", "SnippetSPDXID"):
            current = pending_name = None
        elif tag == "Relationship":
            bits = value.split()
            if len(bits) < 3:
                raise InputError(f"Relationship needs 'A TYPE B', found {value!r}", path=shown, line=line)
            rels.append((bits[0], bits[1], bits[2]))
        elif tag == "SPDXREF" or tag == "AnnotationSPDXRef":
            annotation_target = value
        elif tag == "AnnotationComment" and annotation_target in packages:
            _settings(value, packages[annotation_target])
        elif pending_name is not None and tag != "SPDXID":
            raise InputError(f"PackageName {pending_name[1]!r} must be followed by its SPDXID", path=shown,
                             line=line)
        elif current is not None:
            _package_tag(current, tag, value)
    if not version.startswith("SPDX-2."):
        raise InputError(f"SPDXVersion {version or 'missing'!r}: this reader takes SPDX 2.x tag-value", path=shown)
    return _finish(shown, "spdx-tag-value", packages, order, rels, described, [f"{version} tag-value", *notes])


def _package_tag(part: Part, tag: str, value: str) -> None:
    if tag == "PackageOriginator":
        part.set("manufacturer", actor(value))
    elif tag == "PackageSupplier":
        part.set("supplier", actor(value))
    elif tag == "PackageVersion":
        part.set("version", value)
    elif tag in ("PackageDescription", "PackageSummary"):
        part.set("description", value)
    elif tag == "PrimaryPackagePurpose":
        part.set("category", value.lower())
    elif tag == "ExternalRef":
        bits = value.split()
        if len(bits) >= 3:
            _ext_ref(part, bits[1], bits[2])
    elif tag == "PackageComment":
        _settings(value, part)


# --- 2.3 JSON -------------------------------------------------------------------------------------
def read_json_2(path: Path, doc: Mapping[str, Any]) -> BomSource:
    shown = str(path)
    version = str(doc.get("spdxVersion"))
    if not version.startswith("SPDX-2."):
        raise InputError(f"spdxVersion {version!r}: this reader takes SPDX 2.x JSON or 3.0 JSON-LD", path=shown)
    raw = doc.get("packages") or []
    if not isinstance(raw, list):
        raise InputError("$.packages must be a list", path=shown)
    packages: dict[str, Part] = {}
    order: list[str] = []
    for n, pkg in enumerate(raw):
        if not isinstance(pkg, Mapping) or not isinstance(pkg.get("SPDXID"), str):
            raise InputError(f"$.packages[{n}].SPDXID is required (a string)", path=shown)
        part = Part(ref=pkg["SPDXID"], name=str(pkg.get("name") or ""))
        part.set("product", pkg.get("name"))
        for key, role in (("originator", "manufacturer"), ("supplier", "supplier")):
            if isinstance(pkg.get(key), str):
                part.set(role, actor(pkg[key]))
        part.set("version", pkg.get("versionInfo"))
        part.set("description", pkg.get("description") or pkg.get("summary"))
        if isinstance(pkg.get("primaryPackagePurpose"), str):
            part.set("category", pkg["primaryPackagePurpose"].lower())
        for ref in pkg.get("externalRefs") or []:
            if isinstance(ref, Mapping):
                _ext_ref(part, str(ref.get("referenceType", "")), str(ref.get("referenceLocator", "")))
        _settings(str(pkg.get("comment") or ""), part)
        for ann in pkg.get("annotations") or []:
            if isinstance(ann, Mapping):
                _settings(str(ann.get("comment") or ""), part)
        key = part.ref if part.ref not in packages else f"{part.ref}#dup{n}"
        packages[key] = part
        order.append(key)
    rels = [(str(r.get("spdxElementId")), str(r.get("relationshipType")), str(r.get("relatedSpdxElement")))
            for r in doc.get("relationships") or [] if isinstance(r, Mapping)]
    described = [str(d) for d in doc.get("documentDescribes") or []]
    return _finish(shown, "spdx-json", packages, order, rels, described, [f"{version} JSON"])


# --- 3.0 JSON-LD ----------------------------------------------------------------------------------
def _names(value: Any, agents: Mapping[str, str]) -> str:
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        if isinstance(v, Mapping):
            out.append(str(v.get("name") or ""))
        elif isinstance(v, str):
            out.append(agents.get(v, v))
    return ", ".join(o for o in out if o)


def read_json_3(path: Path, doc: Mapping[str, Any]) -> BomSource:
    shown = str(path)
    graph = doc.get("@graph")
    if not isinstance(graph, list):
        raise InputError("an SPDX 3 JSON-LD document needs a list at $.@graph", path=shown)
    elements = [e for e in graph if isinstance(e, Mapping)]
    agents = {str(e.get("spdxId")): str(e.get("name") or "") for e in elements
              if str(e.get("type", "")).split("_")[-1] in ("Organization", "Person", "Agent", "SoftwareAgent")}
    packages: dict[str, Part] = {}
    order: list[str] = []
    rels: list[tuple[str, str, str]] = []
    described: list[str] = []
    for n, e in enumerate(elements):
        kind = str(e.get("type", ""))
        if kind in ("software_Package", "Package", "software:Package"):
            if not isinstance(e.get("spdxId"), str):
                raise InputError(f"$.@graph[{n}].spdxId is required (a string)", path=shown)
            part = Part(ref=e["spdxId"], name=str(e.get("name") or ""))
            part.set("product", e.get("name"))
            originators = _names(e.get("originatedBy"), agents)
            if originators:
                part.set("manufacturer", maker_value(originators))
            supplier = _names(e.get("suppliedBy"), agents)
            if supplier:
                part.set("supplier", maker_value(supplier))
            part.set("version", e.get("software_packageVersion"))
            part.set("description", e.get("description") or e.get("summary"))
            part.set("purl", e.get("software_packageUrl"))
            if isinstance(e.get("software_primaryPurpose"), str):
                part.set("category", e["software_primaryPurpose"].lower())
            for ref in e.get("externalIdentifier") or []:
                if isinstance(ref, Mapping):
                    _ext_ref(part, str(ref.get("externalIdentifierType", "")), str(ref.get("identifier", "")))
            _settings(str(e.get("comment") or ""), part)
            key = part.ref if part.ref not in packages else f"{part.ref}#dup{n}"
            packages[key] = part
            order.append(key)
        elif kind == "Relationship":
            to = e.get("to")
            targets: list[Any] = to if isinstance(to, list) else [to]
            rels.extend((str(e.get("from")), str(e.get("relationshipType")), str(t)) for t in targets if t)
        elif kind in ("SpdxDocument", "software_Sbom", "Bom"):
            described.extend(str(r) for r in e.get("rootElement") or [])
        elif kind == "Annotation" and str(e.get("subject")) in packages:
            _settings(str(e.get("statement") or ""), packages[str(e["subject"])])
    return _finish(shown, "spdx3-json", packages, order, rels, described, ["SPDX 3.0 JSON-LD"])


def open_spdx(path: Path, options: ReadOptions) -> BomSource:
    check_size(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from exc
    if not text.lstrip().startswith("{"):
        return read_tag_value(path, text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=exc.lineno) from exc
    if not isinstance(doc, Mapping):
        raise InputError("an SPDX JSON document must be an object", path=str(path))
    if "@graph" in doc:
        return read_json_3(path, doc)
    return read_json_2(path, doc)


def _sniff(path: Path, head: bytes) -> bool:
    return bom_format(head) == "SPDX"


register_reader(Reader(
    name="spdx",
    open=open_spdx,
    extensions=(".spdx", ".spdx.json", ".spdx.jsonld"),
    sniff=_sniff,
    kinds=("bom",),
))
