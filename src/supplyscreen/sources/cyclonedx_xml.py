"""CycloneDX 1.2–1.7 bills of materials in XML (the versions the JSON reader takes; see there).

The text may be UTF-8, UTF-16 or UTF-32 (told by its byte order mark or NUL pattern, whatever the
declaration says) or an 8-bit encoding its XML declaration names.

A BOM is untrusted input, so it is parsed with defusedxml: a DOCTYPE, an entity declaration or an
external reference is refused with a clear message (XXE and "billion laughs" never get a chance).
Only then is the document checked against the bundled XSD of its namespace (a schema error names
the line), and each element is turned into the JSON shape that :func:`component_part` reads, so
both encodings fill the same roles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import BomSource, Document, assemble, check_size
from supplyscreen.sources.cyclonedx_json import SUPPORTED, component_part, product_part
from supplyscreen.sources.document import read_text, utf_of
from supplyscreen.sources.limits import check_xml_depth

_NAMESPACE = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d+\.\d+)\}bom$")
# Text children of <component> read as-is (name in the JSON shape = tag).
_TEXT = ("name", "version", "description", "group", "cpe", "purl", "publisher", "author")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Element, name: str) -> Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el: Element | None, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _text(el: Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _org(el: Element | None) -> dict[str, Any] | None:
    """An organizational entity in the JSON shape: name, address country and web addresses (the
    country tells a listed party from a namesake; an address names an organisation with no name)."""
    if el is None:
        return None
    out: dict[str, Any] = {"name": _text(_child(el, "name"))}
    address = _child(el, "address")
    country = _text(_child(address, "country")) if address is not None else ""
    if country:
        out["address"] = {"country": country}
    urls = [_text(u) for u in _children(el, "url") if _text(u)]
    if urls:
        out["url"] = urls
    return out


def component_dict(el: Element) -> dict[str, Any]:
    """A <component> element in the JSON shape."""
    out: dict[str, Any] = {"type": el.get("type", ""), "bom-ref": el.get("bom-ref", "")}
    for name in _TEXT:
        value = _text(_child(el, name))
        if value:
            out[name] = value
    for name in ("manufacturer", "supplier"):
        org = _org(_child(el, name))
        if org is not None:
            out[name] = org
    out["authors"] = [{"name": _text(_child(a, "name"))} for a in _children(_child(el, "authors"), "author")]
    out["properties"] = [{"name": p.get("name", ""), "value": _text(p)}
                         for p in _children(_child(el, "properties"), "property")]
    out["components"] = [component_dict(c) for c in _children(_child(el, "components"), "component")]
    return out


def _parse(path: Path, data: bytes) -> Element:
    import defusedxml
    import defusedxml.ElementTree as SafeET

    check_xml_depth(data, path)
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as exc:
        raise InputError("refused: the XML declares a DOCTYPE; a bill of materials never needs one, and DTDs "
                         "enable entity-expansion and external-entity (XXE) attacks", path=str(path)) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise InputError(f"refused: the XML declares an entity ({exc.name}); entity expansion is not allowed "
                         "in a bill of materials", path=str(path)) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise InputError("refused: the XML refers to an external resource (XXE)", path=str(path)) from exc
    except SafeET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(f"not well-formed XML: {exc}", path=str(path), line=line) from exc
    return root


def _validate(data: bytes, version: str, path: str) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.xml import XmlValidator

    error = XmlValidator(SchemaVersion.from_version(version)).validate_str(data.decode("utf-8"))
    if error is not None:
        detail = error.data
        line = getattr(detail, "line", None)
        message = getattr(detail, "message", str(detail))
        raise InputError(f"not a valid CycloneDX {version} document: {message}", path=path, line=line)


def open_cyclonedx_xml(path: Path, options: ReadOptions) -> BomSource:
    shown = str(path)
    check_size(path)
    data, encoding = _utf8(path, path.read_bytes())
    root = _parse(path, data)
    found = _NAMESPACE.match(root.tag)
    if found is None:
        raise InputError(f"not a CycloneDX XML document (root element {root.tag!r})", path=shown)
    version = found.group(1)
    if version not in SUPPORTED:
        raise InputError(f"CycloneDX {version} is not supported; supported: {', '.join(SUPPORTED)}", path=shown)
    _validate(data, version, shown)
    meta = _child(root, "metadata")
    meta_component = _child(meta, "component") if meta is not None else None
    product = None
    if meta is not None and meta_component is not None:
        shape: dict[str, Any] = {"component": component_dict(meta_component)}
        for name in ("manufacturer", "manufacture", "supplier"):
            shape[name] = _org(_child(meta, name))
        product = product_part(shape)
    parts = [component_part(component_dict(c)) for c in _children(_child(root, "components"), "component")]
    links = [(d.get("ref", ""), k.get("ref", ""))
             for d in _children(_child(root, "dependencies"), "dependency")
             for k in _children(d, "dependency")]
    notes = [f"CycloneDX {version} XML, valid against the {version} schema"]
    if product is None and parts:
        notes.append("no metadata/component: each top-level component is screened as its own product")
    document = Document(root.get("serialNumber") or "document", path.name, "no components and no metadata/component")
    return assemble(shown, "cyclonedx-xml", product, parts, links, notes, document=document, encoding=encoding)


_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.-]+)[\"']")
_DECLARATION_ENCODING = re.compile(r"^(<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][A-Za-z0-9_.-]+[\"']")


def _utf8(path: Path, data: bytes) -> tuple[bytes, str]:
    """The document as UTF-8 bytes with a declaration that says so, and the encoding it came in:
    a UTF told by its byte order mark or NUL pattern, else the declared encoding, else UTF-8."""
    utf = utf_of(data[:4])
    if utf.codec == "utf-8" and not utf.mark:
        declared = _DECLARED.match(data)
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
        if codec.lower().replace("_", "-") in ("utf-8", "utf8"):
            return data, "utf-8"
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"the XML declares encoding {codec!r}, but its bytes are not in it", path=str(path)) from exc
        name = codec.lower()
    else:
        text, _ = read_text(path, data)
        name = utf.name
    return _DECLARATION_ENCODING.sub(r"\1", text, count=1).encode("utf-8"), name


register_reader(Reader(
    name="cyclonedx-xml",
    open=open_cyclonedx_xml,
    extensions=(".cdx.xml",),
    formats=("cyclonedx-xml",),
    kinds=("bom",),
))
