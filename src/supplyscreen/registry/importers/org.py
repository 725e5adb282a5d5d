"""An organisation's own designations, as simple YAML or CSV.

Japan's procurement agreement names no company, so each agency keeps its own list; this format lets
it load that list next to the shipped registry. YAML::

    list: {id: jp-agency-x, name: "...", authority: "...", restricts_purchase: true}
    source: {id: jp-agency-x-2024, title: "...", url: "...", note: "..."}
    designations:
      - name: Example Co., Ltd.
        id: huawei            # optional: add the designation to an existing registry entity
        aliases: [...]
        country: CN
        added: 2019-04-01
        removed:              # optional
        scope: "..."
        citation: "..."
        subsidiary_of: huawei # optional: also affiliate_of, brand_of, division_of
        identifiers:          # optional: designate by identifier too (each a value or a list)
          lei: 5493001KJTIIGC8Y1R12
          mac: ["8C:1F:64:E", "D4AD20"]       # IEEE block prefixes: 6, 7 or 9 hex digits
          pen: 64999                          # IANA enterprise number
          cpe_vendor: examplevendor
          purl_namespace: pkg:maven/com.example
          domain: example.com

CSV: one row per designation with columns name, id, aliases (";"-separated), country, list_id,
list_name, added, removed, scope, citation, source, subsidiary_of, affiliate_of, and any of the
identifier schemes above as columns (";"-separated values).

Every identifier scheme an item field is looked up under (``supplyscreen.fields.SCHEMES``) can be
designated, so an agency can list a maker by the identifiers its equipment carries.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from supplyscreen.errors import InputError
from supplyscreen.fields import SCHEMES
from supplyscreen.identifiers import is_valid_lei, normalize_lei
from supplyscreen.model import Designation, Identifier, ListInfo, RelationKind, Source
from supplyscreen.registry.assemble import Book, Draft, slug
from supplyscreen.registry.snapshot import Snapshot

_RELATIONS = {k.value: k for k in (RelationKind.SUBSIDIARY_OF, RelationKind.AFFILIATE_OF,
                                   RelationKind.BRAND_OF, RelationKind.DIVISION_OF)}


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers each mapping's line, so errors can name it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node).items()}
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {k.value: v.start_mark.line + 1 for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _date(value: Any, path: str, line: int | None, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", path=path, line=line, column=column) from None


def _text(row: dict[str, Any], key: str) -> str:
    v = row.get(key)
    return "" if v is None else str(v).strip()


def _add(book: Book, row: dict[str, Any], info: ListInfo, source: str, path: str, line: int | None) -> None:
    lines = row.get("__lines__") or {}

    def at(key: str) -> int | None:
        return lines.get(key, line)

    name = _text(row, "name")
    if not name:
        raise InputError("designation has no name", path=path, line=at("name"), column="name")
    entity_id = _text(row, "id") or f"org-{slug(info.id, 24)}-{slug(name)}"
    draft: Draft = book.drafts.get(entity_id) or book.new(entity_id, name, country=_text(row, "country"))
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split(";")]
    for a in aliases:
        if isinstance(a, dict):
            draft.add_alias(str(a.get("name", "")), source, script=str(a.get("script", "Latn")),
                            lang=str(a.get("lang", "")))
        else:
            draft.add_alias(str(a), source)
    for ident in _identifiers(row, source, path, at):
        draft.add_identifier(ident)
    draft.add_designation(Designation(
        info.id,
        added=_date(row.get("added"), path, at("added"), "added"),
        removed=_date(row.get("removed"), path, at("removed"), "removed"),
        scope=_text(row, "scope"),
        citation=_text(row, "citation"),
        source=_text(row, "source") or source,
    ))
    draft.add_source(source)
    for key, kind in _RELATIONS.items():
        target = _text(row, key)
        if target:
            book.relate(draft.id, kind, target, source)


IDENTIFIER_SCHEMES = tuple(dict.fromkeys(SCHEMES.values()))
"""The identifier schemes a designation may carry: those item fields are looked up under."""
_HEX = re.compile(r"[^0-9A-Fa-f]")


def _identifiers(row: dict[str, Any], source: str, path: str, at: Any) -> list[Identifier]:
    """The identifiers a designation carries (a YAML ``identifiers`` mapping, or CSV columns named
    by scheme), each checked and written as the registry holds it."""
    given: dict[str, Any] = {}
    nested = row.get("identifiers")
    if nested is not None:
        if not isinstance(nested, dict):
            raise InputError("identifiers must be a mapping of scheme to value(s)", path=path, line=at("identifiers"))
        unknown = sorted(k for k in nested if not k.startswith("__") and k not in IDENTIFIER_SCHEMES)
        if unknown:
            raise InputError(f"unknown identifier scheme {unknown[0]!r}; schemes are: {', '.join(IDENTIFIER_SCHEMES)}",
                             path=path, line=at("identifiers"), column="identifiers")
        given.update({k: v for k, v in nested.items() if not k.startswith("__")})
    for scheme in IDENTIFIER_SCHEMES:
        if scheme in row and row[scheme] not in (None, ""):
            given[scheme] = row[scheme]
    out = []
    for scheme, values in given.items():
        items = values if isinstance(values, list) else str(values).split(";")
        for raw_value in items:
            text = str(raw_value).strip()
            if text:
                out.append(Identifier(scheme, _identifier_value(scheme, text, path, at(scheme) or at("identifiers")),
                                      source))
    return out


def _identifier_value(scheme: str, text: str, path: str, line: int | None) -> str:
    def bad(why: str) -> InputError:
        return InputError(f"{scheme} {text!r}: {why}", path=path, line=line, column=scheme)

    if scheme == "lei":
        if not is_valid_lei(text):
            raise bad("not a valid LEI (20 letters and digits with ISO 17442 check digits)")
        return normalize_lei(text)
    if scheme == "mac":
        digits = _HEX.sub("", text).upper()
        if len(digits) not in (6, 7, 9) or len(digits) != len(re.sub(r"[\s:.-]", "", text)):
            raise bad("expected an IEEE block prefix of 6, 7 or 9 hex digits (MA-L, MA-M, MA-S)")
        return digits
    if scheme == "pen":
        if not text.isdigit():
            raise bad("expected an IANA enterprise number")
        return str(int(text))
    if scheme == "purl_namespace":
        if not re.fullmatch(r"pkg:[a-z0-9.+-]+/\S+", text.lower()):
            raise bad("expected pkg:TYPE/NAMESPACE (pkg:maven/com.example, pkg:npm/@example)")
        return text.lower().rstrip("/")
    if scheme == "domain":
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.lower()).split("/")[0].strip(".")
        if "." not in host or " " in host:
            raise bad("expected a web domain (example.com)")
        return host
    if " " in text:
        raise bad("expected one word")
    return text.lower()


def load(path: Path) -> Snapshot:
    """Read an organisation designation file (.yaml/.yml or .csv)."""
    if not path.exists():
        raise InputError("file not found", path=str(path))
    book = Book()
    if path.suffix.lower() in (".yaml", ".yml"):
        _load_yaml(book, path)
    else:
        _load_csv(book, path)
    return book.freeze("")


def _load_yaml(book: Book, path: Path) -> None:
    p = str(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"invalid YAML ({getattr(e, 'problem', e)})", path=p,
                         line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("list"), dict):
        raise InputError('needs a "list" mapping with id and name', path=p, line=1)
    lst = doc["list"]
    if not _text(lst, "id") or not _text(lst, "name"):
        raise InputError('"list" needs an id and a name', path=p, line=lst.get("__line__"))
    src = doc.get("source") or {}
    source_id = _text(src, "id") or f"{_text(lst, 'id')}-source"
    book.add_source(Source(source_id, _text(src, "title") or _text(lst, "name"), url=_text(src, "url"),
                           publisher=_text(src, "publisher"), retrieved=_text(src, "retrieved"),
                           licence=_text(src, "licence"), note=_text(src, "note")))
    info = ListInfo(_text(lst, "id"), _text(lst, "name"), authority=_text(lst, "authority"),
                    citation=_text(lst, "citation"), url=_text(lst, "url"),
                    restricts_purchase=bool(lst.get("restricts_purchase", False)), source=source_id)
    book.add_list(info)
    rows = doc.get("designations") or []
    if not isinstance(rows, list):
        raise InputError('"designations" must be a list', path=p, line=lst.get("__line__"))
    for row in rows:
        if not isinstance(row, dict):
            raise InputError("each designation must be a mapping", path=p)
        _add(book, row, info, source_id, p, row.get("__line__"))


def _load_csv(book: Book, path: Path) -> None:
    p = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in reader.fieldnames:
                raise InputError("needs a name column", path=p, line=1)
            for row in reader:
                line = reader.line_num
                list_id = _text(row, "list_id")
                if not list_id:
                    raise InputError("row has no list_id", path=p, line=line, column="list_id")
                source_id = _text(row, "source") or f"{list_id}-source"
                book.add_source(Source(source_id, _text(row, "source") or _text(row, "list_name") or list_id))
                info = ListInfo(list_id, _text(row, "list_name") or list_id, source=source_id)
                book.add_list(info)
                _add(book, row, info, source_id, p, line)
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text ({e})", path=p) from None
