"""FollowTheMoney entities as JSON lines (the OpenSanctions export format).

Each line is ``{"id", "schema", "properties": {"name": [...], "alias": [...], "country": [...],
"leiCode": [...], ...}, "datasets": [...]}``. Company, Organization, LegalEntity, PublicBody and
Person become entities; each dataset becomes a list (``ftm-<dataset>``) the entity is designated
on. Ownership edges become ``subsidiary_of`` relations (the asset is the subject); other edges
(Directorship, Family, ...) are skipped because they do not carry designations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.model import Designation, Identifier, ListInfo, RelationKind, Source
from supplyscreen.registry.assemble import Book
from supplyscreen.registry.snapshot import Snapshot

_PARTIES = {"Company": "organization", "Organization": "organization", "LegalEntity": "organization",
            "PublicBody": "organization", "Person": "person", "Vessel": "vessel", "Airplane": "aircraft"}
_IDS = {"leiCode": "lei", "registrationNumber": "registration", "innCode": "inn", "uniqueEntityId": "uei"}


def _first(props: dict[str, Any], key: str) -> str:
    v = props.get(key) or []
    return str(v[0]).strip() if isinstance(v, list) and v else ""


def load(path: Path) -> Snapshot:
    p = str(path)
    if not path.exists():
        raise InputError("file not found", path=p)
    book = Book()
    source = book.add_source(Source(f"ftm-{path.stem}", f"FollowTheMoney export {path.name}"))
    edges: list[tuple[int, dict[str, Any]]] = []
    with open(path, encoding="utf-8") as fh:
        for line, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as e:
                raise InputError(f"not a JSON object ({e.msg})", path=p, line=line) from None
            if not isinstance(rec, dict) or "schema" not in rec or "id" not in rec:
                raise InputError('each line needs "id" and "schema"', path=p, line=line)
            props = rec.get("properties") or {}
            if not isinstance(props, dict):
                raise InputError('"properties" must be an object', path=p, line=line, column="properties")
            if rec["schema"] == "Ownership":
                edges.append((line, rec))
                continue
            kind = _PARTIES.get(rec["schema"])
            if kind is None:
                continue
            names = [str(n) for n in props.get("name") or []]
            if not names:
                raise InputError("entity has no name", path=p, line=line, column="properties.name")
            d = book.new(f"ftm-{rec['id']}", names[0], kind=kind, country=_first(props, "country").upper()[:2])
            d.add_source(source)
            for n in names[1:] + [str(a) for a in props.get("alias") or []]:
                d.add_alias(n, source)
            for n in props.get("weakAlias") or []:
                d.add_alias(str(n), source, weak=True)
            for key, scheme in _IDS.items():
                for v in props.get(key) or []:
                    d.add_identifier(Identifier(scheme, str(v), source))
            for ds in rec.get("datasets") or []:
                list_id = f"ftm-{ds}"
                book.add_list(ListInfo(list_id, str(ds), authority="FollowTheMoney dataset", source=source))
                d.add_designation(Designation(list_id, source=source))
    for line, rec in edges:
        props = rec.get("properties") or {}
        owner, asset = _first(props, "owner"), _first(props, "asset")
        if not owner or not asset:
            raise InputError("Ownership needs owner and asset", path=p, line=line)
        if f"ftm-{owner}" in book.drafts and f"ftm-{asset}" in book.drafts:
            book.relate(f"ftm-{asset}", RelationKind.SUBSIDIARY_OF, f"ftm-{owner}", source,
                        note=f"share: {_first(props, 'percentage')}%" if _first(props, "percentage") else "")
    return book.freeze("")
