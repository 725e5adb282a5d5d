"""SPDX bills of materials: 2.x tag-value, 2.2/2.3 JSON and 3.0 JSON-LD, in any UTF.

Read with a small parser of our own, which reads only what screening needs (packages, their makers
and identifiers, the relationships between them) and so stays fast on a 50,000-package document,
and checked in two steps:

1. What the reader reads must be what the SPDX specification says it is (:data:`SPDX2_READ`):
   ``packages`` an array, each package's ``SPDXID`` and ``name`` strings, ``externalRefs`` an array
   of objects, a relationship's type one of the SPDX relationship types, and the version one this
   reader knows (:data:`SPDX2_VERSIONS`). A document that breaks one of these is refused, the
   error naming the file and the JSON path of every broken field: screening a misread document
   could allow what it should exclude. Closed vocabularies (relationship types, package purposes,
   the actor syntax) come from spdx-tools, the SPDX project's own library.
2. spdx-tools parses and validates the document's creation info and packages in full (dates,
   checksums, license expressions, SPDX ids) when the document is small enough for its parser
   (:data:`SPDX_TOOLS_MAX_ELEMENTS`); what it finds is reported in the source notes, not refused,
   because none of it changes who made a package (real generators write license expressions and
   ids that fail it). Its whole-document validation is quadratic in the number of elements, so
   the relationship checks it would make are made by :func:`~supplyscreen.sources.bom.assemble`
   instead (dangling references, cycles), in linear time.

Roles: ``manufacturer`` is the originator (SPDX's "who made it"), ``supplier`` the supplier,
``cpe`` and ``purl`` come from external references, ``category`` is the primary package purpose.
``NOASSERTION`` as a maker means the maker is not known and is kept as ``unknown``. SPDX has no
properties, so ``supplyscreen:purpose=...`` (and the other property names CycloneDX uses) may be
written one per line in a package comment or an annotation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import (
    NOTE_EXAMPLES,
    BomSource,
    Document,
    Part,
    assemble,
    check_size,
    maker_value,
    property_role,
)
from supplyscreen.sources.document import read_text

# Relationship types that make the first element an assembly of the second, and their reverses.
CONTAINS = {"CONTAINS", "DEPENDS_ON", "HAS_PREREQUISITE", "contains", "dependsOn", "hasPrerequisite"}
CONTAINED = {"CONTAINED_BY", "DEPENDENCY_OF", "PREREQUISITE_FOR"}
DESCRIBES = {"DESCRIBES", "describes"}
DESCRIBED = {"DESCRIBED_BY"}

SPDX2_VERSIONS: Mapping[str, tuple[str, ...]] = {
    "json": ("SPDX-2.2", "SPDX-2.3"),
    "tag-value": ("SPDX-2.0", "SPDX-2.1", "SPDX-2.2", "SPDX-2.3"),
}
"""The version table: SPDX 2 versions read, per serialisation. JSON was specified from 2.2; the
tag-value fields this reader uses are the same from 2.0 to 2.3 (2.3 added ``PrimaryPackagePurpose``)."""

SPDX3_VERSIONS = ("3.0.0", "3.0.1")
"""SPDX 3 versions read (from the CreationInfo ``specVersion`` or the JSON-LD context address)."""

SPDX_TOOLS_MAX_ELEMENTS = 5_000
"""Packages plus relationships up to which spdx-tools also parses and validates the document:
its parser takes about 0.1 ms an element here (0.5 s at this size), so above it the structural
check of step 1 stands alone and a note says so, keeping a 50,000-package document in budget."""

MAX_ERRORS = NOTE_EXAMPLES
"""Broken fields quoted in a refusal before "and N more"."""

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
            rels: list[tuple[str, str, str]], described: list[str], notes: list[str],
            document: Document, encoding: str = "utf-8") -> BomSource:
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
    return assemble(doc_path, fmt, product, parts, links, notes, document=document, encoding=encoding)


def _holds(files: int, snippets: int = 0, others: int = 0) -> str:
    """What a document with no packages lists instead, as a clause."""
    bits = [f"{n} {what}" for n, what in ((files, "file(s)"), (snippets, "snippet(s)"), (others, "other element(s)"))
            if n]
    return (", ".join(bits) + " and no packages") if bits else "no packages"


# --- the vocabularies, from spdx-tools -----------------------------------------------------------
@lru_cache(maxsize=1)
def relationship_types() -> frozenset[str]:
    """SPDX 2 relationship types (spdx-tools' ``RelationshipType``)."""
    from spdx_tools.spdx.model import RelationshipType

    return frozenset(t.name for t in RelationshipType)


@lru_cache(maxsize=1)
def package_purposes() -> frozenset[str]:
    """SPDX 2.3 primary package purposes as JSON writes them (``OPERATING-SYSTEM``)."""
    from spdx_tools.spdx.model.package import PackagePurpose

    return frozenset(p.name.replace("_", "-") for p in PackagePurpose)


@lru_cache(maxsize=4096)
def actor_problem(text: str) -> str:
    """Why an SPDX actor (``Organization: X``) does not parse, per spdx-tools; empty when it does.

    Memoised (a pure function of the text): a document names a few hundred suppliers at most, each
    on many packages, and spdx-tools' parse costs 0.06 ms (3 s over 50,000 packages)."""
    if text.strip() == "NOASSERTION":
        return ""
    from spdx_tools.spdx.parser.actor_parser import ActorParser
    from spdx_tools.spdx.parser.error import SPDXParsingError

    try:
        ActorParser.parse_actor(text)
    except SPDXParsingError as exc:
        return "; ".join(exc.get_messages())
    return ""


# --- step 1: what the reader reads is what the specification says ----------------------------------
Field = tuple[type, bool]
SPDX2_READ: Mapping[str, Mapping[str, Field]] = {
    "$": {"spdxVersion": (str, True), "SPDXID": (str, False), "name": (str, False), "packages": (list, False),
          "relationships": (list, False), "documentDescribes": (list, False), "files": (list, False),
          "snippets": (list, False)},
    "package": {"SPDXID": (str, True), "name": (str, True), "supplier": (str, False), "originator": (str, False),
                "versionInfo": (str, False), "description": (str, False), "summary": (str, False),
                "primaryPackagePurpose": (str, False), "externalRefs": (list, False), "comment": (str, False),
                "annotations": (list, False)},
    "externalRef": {"referenceCategory": (str, True), "referenceType": (str, True), "referenceLocator": (str, True)},
    "relationship": {"spdxElementId": (str, True), "relationshipType": (str, True),
                     "relatedSpdxElement": (str, True)},
    "annotation": {"comment": (str, True)},
}
"""The SPDX 2 JSON fields this reader reads, with the JSON type the SPDX 2.2/2.3 JSON schema gives
each and whether the schema requires it."""

_JSON_TYPES = {str: "a string", list: "an array", dict: "an object", bool: "a boolean", int: "a number",
               float: "a number", type(None): "null"}


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


class _Problems:
    """Broken fields, by JSON path, counted past the ones quoted."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where} {what}")

    def fields(self, obj: Any, where: str, spec: Mapping[str, Field]) -> bool:
        """Check an object's fields against ``spec``; False when ``obj`` is not an object."""
        if not isinstance(obj, Mapping):
            self.add(where, f"must be an object, found {_kind(obj)} ({_shown(obj)})")
            return False
        for key, (kind, required) in spec.items():
            if key not in obj:
                if required:
                    self.add(f"{where}.{key}", "is required and missing")
            elif not isinstance(obj[key], kind) or (kind is str and isinstance(obj[key], bool)):
                self.add(f"{where}.{key}", f"must be {_JSON_TYPES[kind]}, found {_kind(obj[key])} "
                                           f"({_shown(obj[key])})")
        return True

    def raise_if_any(self, path: str, what: str) -> None:
        if not self.found:
            return
        shown = "; ".join(self.found[:MAX_ERRORS])
        more = f"; and {len(self.found) - MAX_ERRORS} more" if len(self.found) > MAX_ERRORS else ""
        raise InputError(f"not a valid {what}: {shown}{more}", path=path)


def _list(value: Any) -> list[Any]:
    """The array a field holds; empty when it holds something else (reported on its own)."""
    return value if isinstance(value, list) else []


_SCHEMA_TYPES: dict[type, str] = {str: "string", list: "array"}


def _object_schema(spec: Mapping[str, Field], **override: Any) -> dict[str, Any]:
    props: dict[str, Any] = {k: {"type": _SCHEMA_TYPES[t]} for k, (t, _) in spec.items()}
    props.update(override)
    return {"type": "object", "properties": props, "required": [k for k, (_, req) in spec.items() if req]}


@lru_cache(maxsize=1)
def _compiled_check() -> Any:
    """:data:`SPDX2_READ` and the vocabularies as a JSON Schema compiled by jsonschema-rs: a
    50,000-package document passes in a tenth of a second; one that fails is walked by
    :func:`check_spdx2_json`, which words every error. Built from the same table, so the two agree."""
    import jsonschema_rs

    package = _object_schema(
        SPDX2_READ["package"],
        primaryPackagePurpose={"type": "string", "enum": sorted(package_purposes())},
        externalRefs={"type": "array", "items": _object_schema(SPDX2_READ["externalRef"])},
        annotations={"type": "array", "items": _object_schema(SPDX2_READ["annotation"])})
    relationship = _object_schema(SPDX2_READ["relationship"],
                                  relationshipType={"type": "string", "enum": sorted(relationship_types())})
    schema = _object_schema(
        SPDX2_READ["$"], spdxVersion={"type": "string", "enum": list(SPDX2_VERSIONS["json"])},
        packages={"type": "array", "items": package}, relationships={"type": "array", "items": relationship},
        documentDescribes={"type": "array", "items": {"type": "string"}})
    return jsonschema_rs.Draft7Validator(schema)


def check_spdx2_json(doc: Mapping[str, Any], path: str) -> str:
    """Refuse an SPDX 2 JSON document whose read fields break the specification; its version."""
    try:
        if _compiled_check().is_valid(doc):
            return str(doc["spdxVersion"])
    except (ValueError, TypeError, OverflowError):
        pass  # a value it cannot take (a huge integer): the walk below decides
    problems = _Problems()
    problems.fields(doc, "$", SPDX2_READ["$"])
    version = doc.get("spdxVersion")
    if isinstance(version, str) and version not in SPDX2_VERSIONS["json"]:
        problems.add("$.spdxVersion", f"{version!r} is not an SPDX version this reader takes "
                                      f"(JSON: {', '.join(SPDX2_VERSIONS['json'])})")
    for n, pkg in enumerate(_list(doc.get("packages"))):
        where = f"$.packages[{n}]"
        if not problems.fields(pkg, where, SPDX2_READ["package"]):
            continue
        purpose = pkg.get("primaryPackagePurpose")
        if isinstance(purpose, str) and purpose not in package_purposes():
            problems.add(f"{where}.primaryPackagePurpose", f"{purpose!r} is not an SPDX package purpose")
        for i, ref in enumerate(_list(pkg.get("externalRefs"))):
            problems.fields(ref, f"{where}.externalRefs[{i}]", SPDX2_READ["externalRef"])
        for i, ann in enumerate(_list(pkg.get("annotations"))):
            problems.fields(ann, f"{where}.annotations[{i}]", SPDX2_READ["annotation"])
    for n, rel in enumerate(_list(doc.get("relationships"))):
        where = f"$.relationships[{n}]"
        if problems.fields(rel, where, SPDX2_READ["relationship"]):
            kind = rel.get("relationshipType")
            if isinstance(kind, str) and kind not in relationship_types():
                problems.add(f"{where}.relationshipType", f"{kind!r} is not an SPDX relationship type")
    for n, ref in enumerate(_list(doc.get("documentDescribes"))):
        if not isinstance(ref, str):
            problems.add(f"$.documentDescribes[{n}]", f"must be a string, found {_kind(ref)}")
    problems.raise_if_any(path, f"{version if isinstance(version, str) else 'SPDX 2'} JSON document")
    return str(version)


# --- step 2: spdx-tools' own parse and validation, as notes --------------------------------------------
def spdx_tools_findings(doc: Mapping[str, Any], version: str) -> list[str]:
    """What spdx-tools finds wrong in the creation info and packages (notes, not refusals)."""
    packages = doc.get("packages") or []
    relationships = doc.get("relationships") or []
    size = len(packages) + len(relationships)
    if size > SPDX_TOOLS_MAX_ELEMENTS:
        return [f"spdx-tools' full validation skipped: {size:,} packages and relationships, over its "
                f"{SPDX_TOOLS_MAX_ELEMENTS:,} limit here; the fields read were checked"]
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
    from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
    from spdx_tools.spdx.validation.package_validator import validate_packages

    # Files and snippets are not read for screening; leaving them out keeps the parse in budget.
    subset = {k: v for k, v in doc.items() if k not in ("files", "snippets")}
    try:
        parsed = JsonLikeDictParser().parse(subset)
    except SPDXParsingError as exc:
        found = exc.get_messages()
    except Exception as exc:
        found = [f"{type(exc).__name__}: {exc}"]
    else:
        messages = validate_creation_info(parsed.creation_info, version) + validate_packages(parsed.packages, version)
        found = [f"{m.context.spdx_id or 'document'}: {m.validation_message}" if m.context else m.validation_message
                 for m in messages]
    if not found:
        return [f"spdx-tools validated the creation info and {len(packages)} package(s): no findings"]
    shown = "; ".join(f[:200] for f in found[:MAX_ERRORS])
    more = f"; and {len(found) - MAX_ERRORS} more" if len(found) > MAX_ERRORS else ""
    return [f"spdx-tools reports {len(found)} finding(s) that do not change what is screened: {shown}{more}"]


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


def read_tag_value(path: Path, text: str, encoding: str = "utf-8") -> BomSource:
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
    files = snippets = 0
    actors: list[str] = []
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
            files += tag == "FileName"
            snippets += tag == "SnippetSPDXID"
        elif tag == "Relationship":
            bits = value.split()
            if len(bits) < 3:
                raise InputError(f"Relationship needs 'A TYPE B', found {value!r}", path=shown, line=line)
            if bits[1] not in relationship_types():
                raise InputError(f"Relationship type {bits[1]!r} is not an SPDX relationship type", path=shown,
                                 line=line)
            rels.append((bits[0], bits[1], bits[2]))
        elif tag == "SPDXREF" or tag == "AnnotationSPDXRef":
            annotation_target = value
        elif tag == "AnnotationComment" and annotation_target in packages:
            _settings(value, packages[annotation_target])
        elif pending_name is not None and tag != "SPDXID":
            raise InputError(f"PackageName {pending_name[1]!r} must be followed by its SPDXID", path=shown,
                             line=line)
        elif current is not None:
            if tag in ("PackageSupplier", "PackageOriginator") and actor_problem(value):
                actors.append(f"{current.ref} {tag}")
            _package_tag(current, tag, value)
    if version not in SPDX2_VERSIONS["tag-value"]:
        raise InputError(f"SPDXVersion {version or 'missing'!r} is not an SPDX version this reader takes "
                         f"(tag-value: {', '.join(SPDX2_VERSIONS['tag-value'])})", path=shown)
    notes.extend(_actor_notes(actors))
    document = Document("SPDXRef-DOCUMENT", path.name, _holds(files, snippets))
    return _finish(shown, "spdx-tag-value", packages, order, rels, described, [f"{version} tag-value", *notes],
                   document, encoding)


def _actor_notes(where: Sequence[str]) -> list[str]:
    if not where:
        return []
    shown = ", ".join(where[:MAX_ERRORS]) + (f" and {len(where) - MAX_ERRORS} more" if len(where) > MAX_ERRORS else "")
    return [f"{len(where)} supplier/originator value(s) not in SPDX actor form ('Organization: name'), read as "
            f"the maker's name: {shown}"]


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


# --- 2.2/2.3 JSON -----------------------------------------------------------------------------------
def read_json_2(path: Path, doc: Mapping[str, Any], encoding: str = "utf-8") -> BomSource:
    shown = str(path)
    version = check_spdx2_json(doc, shown)
    packages: dict[str, Part] = {}
    order: list[str] = []
    actors: list[str] = []
    for n, pkg in enumerate(doc.get("packages") or []):
        part = Part(ref=pkg["SPDXID"], name=pkg["name"])
        part.set("product", pkg.get("name"))
        for key, role in (("originator", "manufacturer"), ("supplier", "supplier")):
            if isinstance(pkg.get(key), str):
                part.set(role, actor(pkg[key]))
                if actor_problem(pkg[key]):
                    actors.append(f"$.packages[{n}].{key}")
        part.set("version", pkg.get("versionInfo"))
        part.set("description", pkg.get("description") or pkg.get("summary"))
        if isinstance(pkg.get("primaryPackagePurpose"), str):
            part.set("category", pkg["primaryPackagePurpose"].lower())
        for ref in pkg.get("externalRefs") or []:
            _ext_ref(part, ref["referenceType"], ref["referenceLocator"])
        _settings(str(pkg.get("comment") or ""), part)
        for ann in pkg.get("annotations") or []:
            _settings(ann["comment"], part)
        key = part.ref if part.ref not in packages else f"{part.ref}#dup{n}"
        packages[key] = part
        order.append(key)
    rels = [(r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]) for r in doc.get("relationships") or []]
    described = list(doc.get("documentDescribes") or [])
    notes = [f"{version} JSON", *_actor_notes(actors), *spdx_tools_findings(doc, version)]
    document = Document(str(doc.get("SPDXID") or "SPDXRef-DOCUMENT"), str(doc.get("name") or path.name),
                        _holds(len(doc.get("files") or []), len(doc.get("snippets") or [])))
    return _finish(shown, "spdx-json", packages, order, rels, described, notes, document, encoding)


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


_IRI = re.compile(r"^https?://spdx\.org/rdf/(?:[\d.]+/)?terms/([A-Za-z]+)/([A-Za-z]+)$")


def class_name(kind: str) -> tuple[str, str]:
    """An SPDX 3 element type as (profile, class), lower-case profile: ``ai_AIPackage``,
    ``ai:AIPackage`` and the full IRI all give ``("ai", "AIPackage")``; an unprefixed name is Core
    (``Relationship``) unless it is ``Package``/``File``/``Sbom``/``Snippet`` (Software, as early
    drafts wrote them)."""
    m = _IRI.match(kind)
    if m:
        return m.group(1).lower(), m.group(2)
    for sep in ("_", ":"):
        if sep in kind:
            profile, _, name = kind.partition(sep)
            return profile.lower(), name
    return ("software" if kind in ("Package", "File", "Sbom", "Snippet") else "core"), kind


# SPDX 3.0.0 renamed classes of the draft model spdx-tools ships: (profile, draft) → release name.
_RELEASED_AS = {("dataset", "Dataset"): "DatasetPackage"}


@lru_cache(maxsize=1)
def package_classes() -> frozenset[tuple[str, str]]:
    """Every SPDX 3 class that is a ``software:Package`` (the class and its subclasses: AI and
    dataset packages), from the SPDX ontology spdx-tools ships, with their 3.0 release names."""
    from importlib.resources import files

    owl = json.loads(files("spdx_tools.spdx3.writer.json_ld").joinpath("SPDX_OWL.json").read_text(encoding="utf-8"))
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    for node in owl.get("@graph", []):
        sup = node.get("rdfs:subClassOf")
        if isinstance(sup, Mapping) and isinstance(node.get("@id"), str) and isinstance(sup.get("@id"), str):
            parent[class_name(node["@id"])] = class_name(sup["@id"])
    root = ("software", "Package")
    found = {root}
    for cls in parent:
        up: tuple[str, str] | None = cls
        seen = set()
        while up is not None and up not in seen:
            if up == root:
                found.add(cls)
                break
            seen.add(up)
            up = parent.get(up)
    found |= {(p, _RELEASED_AS[p, c]) for p, c in found if (p, c) in _RELEASED_AS}
    return frozenset(found)


# Properties only a package has (Software profile): an element of a class this reader does not know
# that carries one is a package of a newer or extension class, and is read as one.
_PACKAGE_PROPERTIES = ("software_packageVersion", "software_packageUrl", "software_downloadLocation",
                       "software_homePage", "software_sourceInfo")
# The category a package class implies when it states no primary purpose.
_CLASS_CATEGORY = {"AIPackage": "model", "DatasetPackage": "data"}
_SPDX3_CONTEXT = re.compile(r"spdx\.org/rdf/(\d+\.\d+(?:\.\d+)?)/")


def _spdx3_version(doc: Mapping[str, Any], elements: Sequence[Mapping[str, Any]]) -> str:
    for e in elements:
        if class_name(str(e.get("type") or e.get("@type") or ""))[1] == "CreationInfo" and e.get("specVersion"):
            return str(e["specVersion"])
    context = doc.get("@context")
    for c in context if isinstance(context, list) else [context]:
        m = _SPDX3_CONTEXT.search(c) if isinstance(c, str) else None
        if m:
            return m.group(1)
    return ""


def read_json_3(path: Path, doc: Mapping[str, Any], encoding: str = "utf-8") -> BomSource:
    shown = str(path)
    graph = doc.get("@graph")
    if not isinstance(graph, list):
        raise InputError(f"not a valid SPDX 3 JSON-LD document: $.@graph must be an array, found {_kind(graph)}",
                         path=shown)
    problems = _Problems()
    for n, e in enumerate(graph):
        if not isinstance(e, Mapping):
            problems.add(f"$.@graph[{n}]", f"must be an object, found {_kind(e)}")
    problems.raise_if_any(shown, "SPDX 3 JSON-LD document")
    elements: list[Mapping[str, Any]] = graph
    version = _spdx3_version(doc, elements)
    if version not in SPDX3_VERSIONS:
        raise InputError(f"SPDX 3 specVersion {version or 'missing'!r} is not a version this reader takes "
                         f"({', '.join(SPDX3_VERSIONS)})", path=shown)
    kinds = [class_name(str(e.get("type") or e.get("@type") or "")) for e in elements]
    agents = {str(e.get("spdxId")): str(e.get("name") or "") for e, k in zip(elements, kinds, strict=True)
              if k[1] in ("Organization", "Person", "Agent", "SoftwareAgent")}
    classes = package_classes()
    packages: dict[str, Part] = {}
    order: list[str] = []
    rels: list[tuple[str, str, str]] = []
    described: list[str] = []
    counted: dict[str, int] = {}
    unknown_packages: list[str] = []
    for n, (e, kind) in enumerate(zip(elements, kinds, strict=True)):
        is_package = kind in classes
        if not is_package and kind[0] not in ("core", "software", "security", "licensing", "simplelicensing",
                                              "expandedlicensing", "build", "lite", "extension") \
                and any(p in e for p in _PACKAGE_PROPERTIES):
            is_package = True
            unknown_packages.append(f"{kind[0]}_{kind[1]}")
        if is_package:
            where = f"$.@graph[{n}]"
            for key in ("spdxId", "name"):
                if not isinstance(e.get(key), str):
                    problems.add(f"{where}.{key}", f"must be a string, found {_kind(e.get(key))}")
            if problems.found:
                continue
            part = Part(ref=e["spdxId"], name=e["name"])
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
            elif kind[1] in _CLASS_CATEGORY:
                part.set("category", _CLASS_CATEGORY[kind[1]])
            for ref in e.get("externalIdentifier") or []:
                if isinstance(ref, Mapping):
                    _ext_ref(part, str(ref.get("externalIdentifierType", "")), str(ref.get("identifier", "")))
            _settings(str(e.get("comment") or ""), part)
            key = part.ref if part.ref not in packages else f"{part.ref}#dup{n}"
            packages[key] = part
            order.append(key)
            if kind != ("software", "Package"):
                counted[kind[1]] = counted.get(kind[1], 0) + 1
        elif kind[1] in ("Relationship", "LifecycleScopedRelationship", "SoftwareDependencyRelationship"):
            to = e.get("to")
            targets: list[Any] = to if isinstance(to, list) else [to]
            rels.extend((str(e.get("from")), str(e.get("relationshipType")), str(t)) for t in targets if t)
        elif kind[1] in ("SpdxDocument", "Sbom", "Bom", "Bundle"):
            described.extend(str(r) for r in e.get("rootElement") or [])
        elif kind[1] == "Annotation" and str(e.get("subject")) in packages:
            _settings(str(e.get("statement") or ""), packages[str(e["subject"])])
    problems.raise_if_any(shown, "SPDX 3 JSON-LD document")
    notes = [f"SPDX {version} JSON-LD"]
    if counted:
        notes.append("package subclasses read as packages: " + ", ".join(f"{n} {c}" for c, n in sorted(counted.items())))
    if unknown_packages:
        notes.append(f"{len(unknown_packages)} element(s) of classes this reader does not know carry package "
                     f"properties and are read as packages ({', '.join(sorted(set(unknown_packages)))})")
    files = sum(1 for k in kinds if k[1] == "File")
    snippets = sum(1 for k in kinds if k[1] == "Snippet")
    doc_id = next((str(e.get("spdxId")) for e, k in zip(elements, kinds, strict=True) if k[1] == "SpdxDocument"),
                  "document")
    document = Document(doc_id, path.name, _holds(files, snippets))
    return _finish(shown, "spdx3-json", packages, order, rels, described, notes, document, encoding)


def open_spdx(path: Path, options: ReadOptions) -> BomSource:
    check_size(path)
    text, utf = read_text(path)
    if not text.lstrip().startswith("{"):
        return read_tag_value(path, text, utf.name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=exc.lineno) from exc
    del text
    return read_spdx_document(path, doc, utf.name)


def read_spdx_document(path: Path, doc: Any, encoding: str = "utf-8") -> BomSource:
    """A parsed SPDX JSON document (2.x, or 3 JSON-LD) as a source."""
    if not isinstance(doc, Mapping):
        raise InputError("an SPDX JSON document must be an object", path=str(path))
    if "@graph" in doc or "@context" in doc:
        return read_json_3(path, doc, encoding)
    return read_json_2(path, doc, encoding)


register_reader(Reader(
    name="spdx",
    open=open_spdx,
    extensions=(".spdx", ".spdx.json", ".spdx.jsonld"),
    formats=("spdx-json", "spdx3-jsonld", "spdx-tag-value"),
    kinds=("bom",),
))
