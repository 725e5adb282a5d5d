"""Assemble a snapshot from many sources: draft entities that merge when they are the same party.

Importers and the builder add names, designations and identifiers to mutable drafts; ``freeze``
turns them into the frozen model in a stable order, so the same input always gives the same bytes.
Two records are the same party when their normalised names are equal and their countries agree
(or one side has no country). Only primary names and curated aliases are used as merge keys: list
aliases are too loose (the Entity List gives Huawei the alias "Huawei Marine", a separate party).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from supplyscreen.model import (
    Alias,
    Designation,
    Entity,
    Identifier,
    ListInfo,
    Relation,
    RelationKind,
    Source,
)
from supplyscreen.registry.snapshot import Snapshot

# Legal-form spellings folded to one form so "Co., Ltd." and "Company Limited" compare equal;
# the forms themselves are kept ("Kaspersky Lab, Inc." must stay apart from "Kaspersky Lab").
_FORMS = {
    "company": "co",
    "limited": "ltd",
    "corporation": "corp",
    "incorporated": "inc",
    "and": "&",
}
_TRAILING_SHORT = re.compile(r"\s*\((?:[^()\s]{2,20})\)\s*\.?\s*$")
_PUNCT = re.compile(r"[^\w&]+")
_GLUED_CO = re.compile(r"\b(\w{4,}?)co(?=\W*(?:ltd|limited)\b)")


def norm(name: str) -> str:
    """The merge key of a name: case, punctuation and legal-form spelling ignored.

    A trailing one-word parenthesis ("Huawei Technologies Co., Ltd. (Huawei)") is the list's short
    name, not part of the legal name, so it is dropped.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " & ")
    text = _TRAILING_SHORT.sub("", text)
    # "TECHNOLOGYCO.,LTD": the "Co." of "Co., Ltd." written against the word before it.
    text = _GLUED_CO.sub(r"\1 co", text)
    words = [_FORMS.get(w, w) for w in _PUNCT.sub(" ", text).split()]
    return " ".join(words)


def slug(text: str, limit: int = 48) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return s[:limit].rstrip("-") or hashlib.sha1(text.encode()).hexdigest()[:10]


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Draft:
    """A mutable entity while sources are being merged into it."""

    id: str
    name: str
    kind: str = "organization"
    country: str = ""
    group: str = ""
    notes: str = ""
    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add_alias(self, name: str, source: str, *, script: str = "Latn", lang: str = "", weak: bool = False,
                  ambiguous: bool = False) -> None:
        name = _LIST_CONJUNCTION.sub("", clean(name))
        if not name or name == self.name or any(a.name == name for a in self.aliases):
            return
        self.aliases.append(Alias(name, script, lang, source, weak, ambiguous))

    def add_identifier(self, ident: Identifier) -> None:
        if all((i.scheme, i.value) != (ident.scheme, ident.value) for i in self.identifiers):
            self.identifiers.append(ident)

    def add_designation(self, des: Designation) -> None:
        # Several rows for one party (one per address) repeat the same listing: keep one.
        key = (des.list_id, des.added, des.removed)
        if all((d.list_id, d.added, d.removed) != key for d in self.designations):
            self.designations.append(des)

    def add_source(self, source: str) -> None:
        if source and source not in self.sources:
            self.sources.append(source)


# Alias lists written as prose ("HPSTAR; and Beijing ...") leave the joining word on one side of
# a split: "HPSTAR; and", "and PJSC ASZ", or "and" alone. Lower case only: a name's own "And" stays.
_LIST_CONJUNCTION = re.compile(r"^(?:(?:and|or)\b[\s;,]*)+|(?:[\s;,]+(?:and|or))+$|^(?:and|or)$")


def clean(text: str) -> str:
    """Trim, collapse whitespace and repair the few mojibake forms seen in the CSL."""
    text = text.replace("\xa0", " ").replace("\x92", "'")
    # "Co”peratief": cp437 "ö" (0x94) read as cp1252 "”"; only between letters, so quotes survive.
    text = re.sub(r"(?<=[A-Za-z])”(?=[a-z])", "ö", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("?") and text.endswith("?") and len(text) > 2:
        text = text[1:-1].strip()
    return text


class Book:
    """Drafts by id plus the merge index, lists, sources and relations gathered so far."""

    def __init__(self) -> None:
        self.drafts: dict[str, Draft] = {}
        self.lists: dict[str, ListInfo] = {}
        self.sources: dict[str, Source] = {}
        self.relations: list[Relation] = []
        self._index: dict[str, list[tuple[str, str]]] = {}

    def add_source(self, source: Source) -> str:
        self.sources.setdefault(source.id, source)
        return source.id

    def add_list(self, info: ListInfo) -> None:
        self.lists.setdefault(info.id, info)

    def index(self, draft: Draft, name: str, country: str | None = None) -> None:
        """Make ``name`` a merge key for ``draft``; ``country`` "" means any country."""
        key = norm(name)
        if not key:
            return
        entry = (draft.id, draft.country if country is None else country)
        bucket = self._index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def find(self, name: str, country: str = "", kind: str = "organization") -> Draft | None:
        for entity_id, where in self._index.get(norm(name), []):
            d = self.drafts[entity_id]
            if d.kind != kind:
                continue
            if not where or not country or where == country:
                return d
        return None

    def new(
        self, entity_id: str, name: str, *, kind: str = "organization", country: str = "", group: str = "",
        notes: str = "",
    ) -> Draft:
        base, n = entity_id, 2
        while entity_id in self.drafts:
            entity_id = f"{base}-{n}"
            n += 1
        d = Draft(entity_id, clean(name), kind=kind, country=country, group=group, notes=notes)
        self.drafts[entity_id] = d
        if d.kind == "organization":
            self.index(d, d.name)
        return d

    def get_or_new(self, entity_id: str, name: str, country: str = "", kind: str = "organization") -> Draft:
        found = self.find(name, country, kind)
        if found is not None:
            if not found.country and country:
                found.country = country
            return found
        return self.new(entity_id, name, country=country, kind=kind)

    def relate(
        self,
        subject: str,
        kind: RelationKind,
        obj: str,
        source: str,
        *,
        valid_from: dt.date | None = None,
        valid_to: dt.date | None = None,
        note: str = "",
    ) -> None:
        if subject == obj:
            return
        rel = Relation(subject, kind, obj, valid_from, valid_to, source, note)
        if all((r.subject, r.kind, r.object) != (subject, kind, obj) for r in self.relations):
            self.relations.append(rel)

    def freeze(self, built: str) -> Snapshot:
        """The frozen snapshot, sorted by id so rebuilds are byte-identical.

        An alias that is another entity's own name is dropped: the Entity List's Huawei row lists
        "Huawei Marine" and the holding company among its names, but each is a party of its own,
        and a query for it must reach that party, not the one whose row mentioned it.
        """
        owner: dict[str, str] = {}
        for d in self.drafts.values():
            owner.setdefault(norm(d.name), d.id)
        entities = tuple(
            Entity(
                id=d.id,
                name=d.name,
                kind=d.kind,
                country=d.country,
                aliases=tuple(a for a in d.aliases if owner.get(norm(a.name), d.id) == d.id),
                identifiers=tuple(sorted(d.identifiers, key=lambda i: (i.scheme, i.value))),
                designations=tuple(
                    sorted(d.designations, key=lambda x: (x.list_id, x.added or dt.date.min, x.citation))
                ),
                sources=tuple(sorted(d.sources)),
                notes=d.notes,
                group=d.group,
            )
            for d in sorted(self.drafts.values(), key=lambda d: d.id)
        )
        return Snapshot(
            built=built,
            sources=tuple(sorted(self.sources.values(), key=lambda s: s.id)),
            lists=tuple(sorted(self.lists.values(), key=lambda x: x.id)),
            entities=entities,
            relations=tuple(sorted(self.relations, key=lambda r: (r.subject, r.object, r.kind.value))),
        )
