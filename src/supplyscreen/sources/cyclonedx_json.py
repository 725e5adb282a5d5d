"""CycloneDX 1.2–1.7 bills of materials in JSON.

Versions: every version whose official JSON schema cyclonedx-python-lib bundles (1.2 onwards; JSON
came with 1.2). The component fields screening reads are the same across them: ``supplier``,
``author``, ``publisher``, ``group``, ``name``, ``version``, ``cpe``, ``purl``, nested
``components`` and ``dependencies`` since 1.2; ``properties`` since 1.3; ``manufacturer`` and
``authors`` since 1.6. A field a version lacks is simply absent, so one reader serves all.

The document is checked against the official schema of its ``specVersion`` (bundled with
cyclonedx-python-lib, so nothing is fetched) and then read with the standard ``json`` module: the
library's object model costs several times the memory and time for nothing the screening needs.
A schema error names the JSON path (``$.components[3].type``), so the user can find it.

Validation runs first in jsonschema-rs (compiled; a 50,000-component BOM in 0.2 s instead of 4 s,
and without importing jsonschema, another 1.2 s): a document it accepts is valid. Anything it
rejects goes to the reference validator (jsonschema, as cyclonedx-python-lib configures it), which
decides and words the error. The fast one is no laxer on these schemas: it calls the reference
validator's own format checks, and their patterns are anchored ASCII classes where its ``$`` (end
of text only) is stricter than Python's (end or before a final newline).

Each component, and the product itself (``metadata.component``), becomes one Part; the roles it
fills are documented on :func:`component_part`, which the XML reader shares.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import (
    BomSource,
    Document,
    Part,
    assemble,
    check_size,
    maker_value,
    property_role,
)
from supplyscreen.sources.document import read_text, utf_of
from supplyscreen.sources.limits import json_loads


def _bundled_versions() -> tuple[str, ...]:
    """The CycloneDX versions with an official JSON schema in cyclonedx-python-lib, oldest first."""
    from cyclonedx.schema._res import BOM_JSON_STRICT

    return tuple(sorted((v.to_version() for v, schema in BOM_JSON_STRICT.items() if schema is not None),
                        key=lambda v: tuple(int(x) for x in v.split("."))))


SUPPORTED = _bundled_versions()
"""Versions read (the version table): each is validated against its own bundled schema."""


def _org(value: Any) -> str:
    """The name of an organizational entity (``{"name": ...}``) or a bare string; an entity that
    gives no name but a web address is named by its site's host (``{"url": ["https://www.zte.com.cn"]}``
    → ``zte.com.cn``): the address says who the organisation is, so it is never a missing maker."""
    if isinstance(value, Mapping):
        name = str(value.get("name") or "").strip()
        if name:
            return name
        urls = value.get("url")
        for url in urls if isinstance(urls, list) else [urls]:
            host = site_host(url) if isinstance(url, str) else ""
            if host:
                return host
        return ""
    return str(value or "") if isinstance(value, str) else ""


# Second-level labels under a country code that belong to the registry, not the organisation
# (zte.com.cn, example.co.uk, example.co.jp).
_GENERIC_SLD = frozenset({"com", "co", "org", "net", "gov", "edu", "ac", "or", "ne", "go", "ltd", "plc"})
_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "gitee.com", "bitbucket.org", "codeberg.org", "sourceforge.net"})


def site_host(url: str) -> str:
    """The organisation's domain in a web address, lower case: the registered name with its
    suffix, without subdomains (``https://www.zte.com.cn/x`` → ``zte.com.cn``,
    ``https://consumer.huawei.com`` → ``huawei.com``), or the owner of a code-host page
    (``https://github.com/huaweicloud/x`` → ``huaweicloud``); empty when it names none."""
    text = url.strip()
    if not text:
        return ""
    try:
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    except ValueError:
        return ""
    labels = [x for x in host.rstrip(".").split(".") if x]
    if len(labels) < 2 or labels[-1].isdigit():
        return ""  # a bare word or an IP address names no organisation
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SLD else 2
    domain = ".".join(labels[-keep:])
    if domain in _CODE_HOSTS:
        # A project page on a code host: the organisation is the owner in the path, not the host.
        owner = urlsplit(text if "//" in text else "//" + text).path.strip("/").split("/")[0]
        return owner.lower()
    return domain


def group_purl(group: str, name: str, version: str | None) -> str | None:
    """The package URL a component's ``group`` and ``name`` imply when it states none: a reverse
    domain (``com.huawei.hms``) is a Maven groupId, an ``@scope`` an npm scope, any other group a
    generic namespace (CycloneDX: the group is "the source package or domain name" or "a
    shortened, single name of the company or project that produced the component"). None when
    the two do not make one."""
    from packageurl import PackageURL

    g, n = group.strip(), name.strip()
    if not g or not n or any(ch.isspace() for ch in g):
        return None
    kind = "npm" if g.startswith("@") else "maven" if "." in g and "/" not in g else "generic"
    try:
        return str(PackageURL(type=kind, namespace=g, name=n, version=(version or "").strip() or None).to_string())
    except ValueError:
        return None


def _authors(c: Mapping[str, Any]) -> str:
    """``authors`` (1.6+, contacts) or the legacy ``author`` string, joined."""
    names = [_org(a) for a in c.get("authors") or [] if _org(a)]
    if not names and isinstance(c.get("author"), str):
        names = [c["author"]]
    return ", ".join(names)


def component_part(c: Mapping[str, Any]) -> Part:
    """A CycloneDX component (JSON shape) as a Part.

    Roles: ``manufacturer`` is who made it: ``manufacturer.name``, else the authors (before 1.6,
    ``author`` was where tools put the maker). ``supplier`` and ``publisher`` keep their own roles;
    the evidence finder reads name roles in the maker resolution order (manufacturer → supplier →
    publisher → author) and the ``cpe`` vendor and ``purl`` namespace as exact identifiers, so a
    firmware image known only by ``cpe:2.3:o:huawei:...`` is still traced to its maker. ``group``,
    ``product`` (name), ``version``, ``description`` and ``category`` (the component type) describe
    it, and a ``group`` with no ``purl`` gives the package URL it implies (:func:`group_purl`: a
    library known only as ``com.huawei.hms:push`` is still traced to its publisher); an
    organisation with no name but a ``url`` is named by its site (:func:`_org`); properties fill
    ``mac`` (``cdx:device:macAddress``), ``part_number`` (``cdx:device:sku``),
    and ``purpose``, ``brand``, ``oem``, ``role``, ``country`` (``supplyscreen:*``); a
    ``supplyscreen:manufacturer`` property is the last resort for the maker. A maker stated as
    ``unknown``/``NOASSERTION`` stays ``unknown`` so the policy sees it.
    """
    part = Part(ref=str(c.get("bom-ref") or ""), name=str(c.get("name") or ""))
    mfr = _org(c.get("manufacturer"))
    if mfr:
        part.set("manufacturer", maker_value(mfr))
    authors = _authors(c)
    if authors:
        part.set("manufacturer", maker_value(authors))
        part.set("author", authors)
    supplier = _org(c.get("supplier"))
    if supplier:
        part.set("supplier", maker_value(supplier))
    for who in ("manufacturer", "supplier"):
        # Where the maker is based (its address), which tells a listed party from a namesake
        # elsewhere; not the country of production, which `supplyscreen:country` states.
        org = c.get(who)
        if isinstance(org, Mapping) and isinstance(org.get("address"), Mapping):
            part.set("maker_country", org["address"].get("country"))
    if isinstance(c.get("publisher"), str) and c["publisher"].strip():
        part.set("publisher", maker_value(c["publisher"]))
    for key in ("cpe", "purl", "group", "version", "description"):
        if isinstance(c.get(key), str):
            part.set(key, c[key])
    if "purl" not in part.fields and "group" in part.fields and isinstance(c.get("name"), str):
        implied = group_purl(part.fields["group"], c["name"], part.fields.get("version"))
        if implied:
            part.set("purl", implied)
            part.derived.append(f"purl {implied} from its group")
    part.set("product", c.get("name"))
    part.set("category", c.get("type"))
    for prop in c.get("properties") or []:
        if isinstance(prop, Mapping) and isinstance(prop.get("name"), str):
            role = property_role(prop["name"])
            if role is not None:
                part.set(role, prop.get("value"))
    part.children = [component_part(x) for x in c.get("components") or [] if isinstance(x, Mapping)]
    return part


def links_of(dependencies: Sequence[Any]) -> list[tuple[str, str]]:
    """(assembly ref, part ref) edges of the ``dependencies`` graph."""
    out = []
    for dep in dependencies:
        if not isinstance(dep, Mapping) or not dep.get("ref"):
            continue
        for target in dep.get("dependsOn") or []:
            out.append((str(dep["ref"]), str(target)))
    return out


def _load(path: Path) -> tuple[str, Any]:
    check_size(path)
    text, _ = read_text(path)
    try:
        return text, json_loads(text, path)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=str(path),
                         line=exc.lineno) from exc


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """``uniqueItems`` by hashing each item's canonical JSON: jsonschema compares every pair, which
    takes minutes on a 50,000-component list; this is linear and says the same thing."""
    from jsonschema.exceptions import ValidationError

    if not unique or not isinstance(instance, list):
        return
    seen: set[str] = set()
    for n, item in enumerate(instance):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            yield ValidationError(f"item {n} repeats an earlier item; the schema requires unique items")
            return
        seen.add(key)


@lru_cache(maxsize=8)
def _validator(version: str) -> Any:
    """The official schema's validator (bundled with cyclonedx-python-lib), with a linear uniqueItems."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from jsonschema import validators

    inner = JsonStrictValidator(SchemaVersion.from_version(version))._validator
    fast = validators.extend(type(inner), {"uniqueItems": _unique_items})
    return fast(inner.schema, registry=inner._registry, format_checker=inner.format_checker)


# The formats the CycloneDX 1.2-1.7 schemas and the schemas they include use (1.2 also names a
# format 'string', which no validator knows and all ignore); the fast validator
# checks each with the reference validator's own check.
FORMATS = ("date", "date-time", "idn-email", "iri-reference", "uri")


def _reference_format(name: str) -> Callable[[str], bool]:
    def conforms(value: str) -> bool:
        from jsonschema.validators import Draft7Validator  # imported only when a document has such a value

        return bool(Draft7Validator.FORMAT_CHECKER.conforms(value, name))

    return conforms


@lru_cache(maxsize=8)
def _fast_validator(version: str) -> Any:
    """The official schema compiled by jsonschema-rs, or None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.schema._res import BOM_JSON_STRICT, CRYPTOGRAPHY_DEFS, JSF, SPDX_JSON

    def read(name: str | None) -> Any:
        if name is None:
            raise ValueError(f"no bundled schema for CycloneDX {version}")
        return json.loads(Path(name).read_text(encoding="utf-8"))

    prefix = "http://cyclonedx.org/schema/"  # where the BOM schema's references point
    registry = jsonschema_rs.Registry([
        (prefix + "spdx.SNAPSHOT.schema.json", read(SPDX_JSON)),
        (prefix + "jsf-0.82.SNAPSHOT.schema.json", read(JSF)),
        (prefix + "cryptography-defs.SNAPSHOT.schema.json", read(CRYPTOGRAPHY_DEFS)),
    ])
    return jsonschema_rs.Draft7Validator(
        read(BOM_JSON_STRICT[SchemaVersion.from_version(version)]), registry=registry, validate_formats=True,
        formats={name: _reference_format(name) for name in FORMATS})


def validate_json(doc: Any, version: str, path: str) -> None:
    """Raise InputError naming the JSON path of the first schema error."""
    fast = _fast_validator(version)
    if fast is not None:
        try:
            if fast.is_valid(doc):
                return
        except (ValueError, TypeError, OverflowError):
            pass  # a value it cannot take (NaN, a huge integer): the reference validator decides
    detail = next(iter(_validator(version).iter_errors(doc)), None)
    if detail is not None:
        where = getattr(detail, "json_path", "$")
        message = getattr(detail, "message", str(detail))
        if len(message) > 300:
            message = message[:300] + "…"
        raise InputError(f"not a valid CycloneDX {version} document at {where}: {message}", path=path)


def product_part(meta: Mapping[str, Any]) -> Part | None:
    """The product (``metadata.component``), with the product's maker from ``metadata.manufacturer``
    (1.6+), ``metadata.manufacture`` (1.2-1.5, spelt so) or ``metadata.supplier`` when the
    component itself names none: older generators state the maker only there."""
    if not isinstance(meta.get("component"), Mapping):
        return None
    part = component_part(meta["component"])
    for key, role in (("manufacturer", "manufacturer"), ("manufacture", "manufacturer"), ("supplier", "supplier")):
        name = _org(meta.get(key))
        if name and role not in part.fields:
            part.set(role, maker_value(name))
            part.derived.append(f"{role} from metadata.{key}")
    return part


def open_cyclonedx_json(path: Path, options: ReadOptions) -> BomSource:
    _, doc = _load(path)
    with path.open("rb") as fh:
        utf = utf_of(fh.read(4))
    return read_cyclonedx_document(path, doc, utf.name)


def read_cyclonedx_document(path: Path, doc: Any, encoding: str = "utf-8") -> BomSource:
    """A parsed CycloneDX JSON document, checked against its version's schema, as a source."""
    shown = str(path)
    if not isinstance(doc, Mapping) or doc.get("bomFormat") != "CycloneDX":
        raise InputError("not a CycloneDX document (no \"bomFormat\": \"CycloneDX\")", path=shown)
    version = str(doc.get("specVersion") or "")
    if version not in SUPPORTED:
        raise InputError(f"CycloneDX specVersion {version!r} is not supported; supported: {', '.join(SUPPORTED)}",
                         path=shown)
    validate_json(doc, version, shown)
    meta: Mapping[str, Any] = doc["metadata"] if isinstance(doc.get("metadata"), Mapping) else {}
    product = product_part(meta)
    parts = [component_part(c) for c in doc.get("components") or [] if isinstance(c, Mapping)]
    notes = [f"CycloneDX {version} JSON, valid against the {version} schema"]
    if product is None and parts:
        notes.append("no metadata.component: each top-level component is screened as its own product")
    document = Document(str(doc.get("serialNumber") or "document"), path.name,
                        "no components and no metadata.component")
    return assemble(shown, "cyclonedx-json", product, parts, links_of(doc.get("dependencies") or []), notes,
                    document=document, encoding=encoding)


register_reader(Reader(
    name="cyclonedx-json",
    open=open_cyclonedx_json,
    extensions=(".cdx.json",),
    formats=("cyclonedx-json",),
    kinds=("bom",),
))
