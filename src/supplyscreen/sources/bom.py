"""What every bill-of-materials reader shares: parts → a tree of Items with paths and parents.

A reader (CycloneDX JSON/XML, SPDX, spreadsheet HBOM) turns its document into :class:`Part` values
(nested parts, plus ``depends on / contains`` edges by reference) and hands them to
:func:`assemble`, which walks from the product down and keeps the invariants the orchestrator and
the JSON contract rely on:

- every part in the document is one Item, exactly once, even when it is reachable twice (it keeps
  its first path) or not at all (it hangs under the product and a note says so);
- refs are unique: a duplicate bom-ref gets a ``#2`` suffix and a note, never a dropped part;
- dependency cycles are walked once and reported in ``SourceInfo.notes``, never followed forever;
- a part without a ``purpose`` of its own inherits its assembly's (the SoC in a surveillance camera
  serves the camera's purpose), because §889(f)(3)(B) turns on the use of the equipment;
- a document with nothing to screen (an SPDX file of files only, a CycloneDX BOM with no
  components) is one Item for the document itself, with ``problem`` saying what it holds, so it is
  decided ``unknown`` with that reason: an empty list of results would read as a clean ``allow``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.text import clean_value

MAX_BOM_BYTES = 512 * 1024 * 1024
"""Largest bill of materials read (512 MiB). A 50,000-component CycloneDX JSON is about 25 MB and
the largest real SBOMs published (container images, whole distributions) stay under 200 MB; a
document is parsed whole, so this bounds memory against a hostile or runaway file."""

PATH_SEP = " › "
"""Joins names in reasons and in the ref of a part that has no bom-ref."""

NOTE_EXAMPLES = 5
"""How many offending refs a note quotes before "and N more": enough to find them, short to read."""

UNKNOWN_WORDS = frozenset({"unknown", "noassertion", "none", "n/a", "na", "tbd", "?"})
"""Values that state a maker is not known; kept as the literal ``unknown`` so the policy sees a
stated-unknown maker rather than a missing field (SPDX writes NOASSERTION)."""

# `supplyscreen:*` (and a few common) property names → Item.fields roles.
PROPERTY_ROLES: Mapping[str, str] = MappingProxyType({
    "cdx:device:macaddress": "mac",
    "cdx:device:mac": "mac",
    "macaddress": "mac",
    "mac_address": "mac",
    "mac-address": "mac",
    "cdx:device:sku": "part_number",
    "cdx:device:partnumber": "part_number",
    "cdx:device:serialnumber": "serial",
    "cdx:device:countryoforigin": "country",
    "supplyscreen:purpose": "purpose",
    "supplyscreen:use": "purpose",
    "supplyscreen:intended_use": "purpose",
    "supplyscreen:intended-use": "purpose",
    "supplyscreen:brand": "brand",
    "supplyscreen:oem": "oem",
    "supplyscreen:role": "role",
    "supplyscreen:country": "country",
    "supplyscreen:country_of_origin": "country",
    "supplyscreen:manufacturer": "manufacturer",
    "supplyscreen:vendor": "vendor",
    "supplyscreen:model": "model",
    "supplyscreen:part_number": "part_number",
    "supplyscreen:category": "category",
    "supplyscreen:mac": "mac",
})


def property_role(name: str) -> str | None:
    """The Item.fields role a named property fills, or None for properties we do not screen."""
    return PROPERTY_ROLES.get(name.strip().lower())


def check_size(path: Path) -> None:
    """Refuse a file above :data:`MAX_BOM_BYTES` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if size > MAX_BOM_BYTES:
        raise InputError(
            f"the bill of materials is {size / 2**20:.0f} MiB, over the {MAX_BOM_BYTES // 2**20} MiB limit; "
            "split it per product", path=str(path))


def maker_value(text: str) -> str:
    """A maker name as stated, with ``NOASSERTION``/``unknown`` normalised to ``unknown``."""
    value = clean_value(text).value.strip()
    return "unknown" if value.lower() in UNKNOWN_WORDS else value


@dataclass
class Part:
    """One component as a reader found it, before paths and refs are settled (a builder, not a value)."""

    ref: str
    """The document's own id (bom-ref, SPDXID); empty when absent."""
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    children: list[Part] = field(default_factory=list)
    """Parts nested inside this one in the document."""
    line: int | None = None
    problem: str = ""
    derived: list[str] = field(default_factory=list)
    """What the reader worked out rather than read (an implied package URL), for the notes."""

    def set(self, role: str, value: object) -> None:
        """Set a role once (the first source in resolution order wins), ignoring blank values."""
        if value is None or role in self.fields:
            return
        text = clean_value(str(value)).value.strip()
        if text:
            self.fields[role] = text


@dataclass(frozen=True)
class Document:
    """The document itself, for the one row it becomes when it lists nothing to screen."""

    ref: str
    """Its own id (``SPDXRef-DOCUMENT``, a CycloneDX serial number)."""
    name: str
    holds: str
    """What it lists instead, as a clause: ``40 files and no packages``."""


@dataclass(frozen=True)
class BomSource:
    """A bill of materials read whole: items in tree order, and the assembly graph for roll-up."""

    info: SourceInfo
    _items: tuple[Item, ...]
    _edges: Mapping[str, tuple[str, ...]]

    @property
    def rows_in(self) -> int:
        return len(self._items)

    def items(self) -> Iterator[Item]:
        return iter(self._items)

    def edges(self) -> Mapping[str, tuple[str, ...]]:
        """Assembly ref → the refs of its direct parts (nesting and the dependency graph)."""
        return self._edges


def _flatten(roots: Sequence[Part]) -> list[tuple[Part, Part | None]]:
    """Every part in document order with its nesting parent (iterative: nesting may be deep)."""
    out: list[tuple[Part, Part | None]] = []
    stack: list[tuple[Part, Part | None]] = [(p, None) for p in reversed(roots)]
    while stack:
        part, parent = stack.pop()
        out.append((part, parent))
        stack.extend((c, part) for c in reversed(part.children))
    return out


def _examples(values: Sequence[str]) -> str:
    shown = ", ".join(values[:NOTE_EXAMPLES])
    return shown + (f" and {len(values) - NOTE_EXAMPLES} more" if len(values) > NOTE_EXAMPLES else "")


def assemble(
    path: str,
    fmt: str,
    product: Part | None,
    parts: Sequence[Part],
    links: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
    document: Document | None = None,
    encoding: str = "utf-8",
) -> BomSource:
    """Settle refs, paths and parents, and build the source.

    ``product`` is the thing the document describes (CycloneDX ``metadata.component``, SPDX
    ``DESCRIBES``); ``parts`` the other top-level parts, which belong to the product; ``links``
    are (assembly ref, part ref) edges from the dependency graph, by document ref.
    """
    note_list = list(notes)
    if product is None and not parts:
        doc = document or Document("document", Path(path).name, "no components")
        product = Part(ref=doc.ref, name=doc.name or Path(path).name,
                       problem=f"the document lists {doc.holds}, so nothing in it can be screened")
        note_list.append(f"nothing to screen: the document lists {doc.holds}; it is reported as one row, unknown")
    tops = ([product] if product is not None else []) + list(parts)
    flat = _flatten(tops)
    # Unique refs: the first part holding a ref keeps it; a duplicate gets "#2", "#3", ...
    by_ref: dict[str, int] = {}
    final: list[str] = [""] * len(flat)
    dupes: list[str] = []
    for i, (part, _) in enumerate(flat):
        if not part.ref:
            continue
        if part.ref in by_ref:
            n = 2
            while f"{part.ref}#{n}" in by_ref:
                n += 1
            dupes.append(part.ref)
            final[i] = f"{part.ref}#{n}"
        else:
            final[i] = part.ref
        by_ref[final[i]] = i
    if dupes:
        note_list.append(f"{len(dupes)} duplicate bom-ref(s) ({_examples(dupes)}): each part kept, later "
                         "ones renamed with a #N suffix; dependencies on a duplicated ref go to its first part")
    index = {id(p): i for i, (p, _) in enumerate(flat)}
    # Children of each part: nested ones first (document order), then dependency edges.
    kids: list[list[int]] = [[] for _ in flat]
    kid_sets: list[set[int]] = [set() for _ in flat]  # membership test without scanning long lists
    for i, (_, parent) in enumerate(flat):
        if parent is not None:
            kids[index[id(parent)]].append(i)
            kid_sets[index[id(parent)]].add(i)
    root = 0 if product is not None else None
    dangling: list[str] = []
    for src, dst in links:
        a, b = by_ref.get(src), by_ref.get(dst)
        if a is None or b is None:
            dangling.append(dst if a is not None else src)
            continue
        if a != b and b not in kid_sets[a]:
            kids[a].append(b)
            kid_sets[a].add(b)
        elif a == b:
            note_list.append(f"'{src}' is listed as depending on itself; ignored")
    if dangling:
        uniq = list(dict.fromkeys(dangling))
        note_list.append(f"the dependency graph names {len(uniq)} bom-ref(s) with no component "
                         f"({_examples(uniq)}); those edges ignored")
    # Walk from the product along nesting and dependencies first, so a flat SBOM whose structure is
    # only in its dependency graph still gets real paths.
    order, parent_of, cycles = _walk(kids, [root] if root is not None else [])
    if len(order) < len(flat):
        # Top-level parts the product does not reach still belong to it (CycloneDX lists the
        # product's parts at top level); without a product each starts its own tree.
        seen = set(order)
        loose = [index[id(p)] for p in parts if index[id(p)] not in seen]
        if root is not None and loose:
            note_list.append(f"{len(loose)} top-level component(s) not in the product's dependency graph "
                             "placed directly under the product")
        for i in loose if root is not None else ():
            if i not in kid_sets[0]:  # the product is always first
                kids[0].append(i)
                kid_sets[0].add(i)
        starts = loose + [i for i in range(len(flat)) if i not in seen]
        extra_order, extra_parents, extra_cycles = _walk(kids, starts, skip=seen)
        if root is not None:
            extra_parents.update({i: root for i in loose})
        order += extra_order
        parent_of.update(extra_parents)
        cycles += extra_cycles
    names = [(p.name or p.ref or "(unnamed)") for p, _ in flat]
    paths: dict[int, tuple[str, ...]] = {}
    inherited = 0
    items: list[Item] = []
    purposes: dict[int, str] = {}
    for i in order:
        part = flat[i][0]
        up = parent_of.get(i)
        paths[i] = (*paths[up], names[i]) if up is not None else (names[i],)
        if not final[i]:
            final[i] = PATH_SEP.join(paths[i])
            n = 2
            while final[i] in by_ref:
                final[i] = PATH_SEP.join(paths[i]) + f"#{n}"
                n += 1
            by_ref[final[i]] = i
        fields = dict(part.fields)
        if "purpose" not in fields and up is not None and purposes.get(up):
            fields["purpose"] = purposes[up]
            inherited += 1
        purposes[i] = fields.get("purpose", "")
        items.append(Item(
            ref=final[i], fields=MappingProxyType(fields), line=part.line, path=paths[i], problem=part.problem,
            parent=final[up] if up is not None else None,
        ))
    if cycles:
        shown = [PATH_SEP.join(final[j] for j in c) for c in cycles]
        note_list.append(f"{len(cycles)} dependency cycle(s) ({_examples(shown)}): each part screened once "
                         "and each assembly rolled up once")
    if inherited:
        note_list.append(f"{inherited} part(s) with no stated purpose take their assembly's purpose")
    derived = [f"{final[i]}: {d}" for i in order for d in flat[i][0].derived]
    if derived:
        note_list.append(f"{len(derived)} identifier(s) worked out from other fields ({_examples(derived)})")
    edges = {final[i]: tuple(final[k] for k in ks) for i, ks in enumerate(kids) if ks}
    info = SourceInfo(path=path, kind="bom", format=fmt, encoding=encoding, notes=tuple(note_list))
    return BomSource(info, tuple(items), MappingProxyType(edges))


def _walk(
    kids: list[list[int]], starts: list[int], skip: set[int] | None = None
) -> tuple[list[int], dict[int, int], list[list[int]]]:
    """Depth-first from each start: preorder, first-path parents, and the cycles met on the way."""
    seen: set[int] = set(skip or ())
    order: list[int] = []
    parent_of: dict[int, int] = {}
    cycles: list[list[int]] = []
    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        order.append(start)
        on_stack = {start}
        stack: list[tuple[int, Iterator[int]]] = [(start, iter(kids[start]))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                on_stack.discard(node)
                continue
            if nxt in on_stack:
                loop = [n for n, _ in stack]
                cycles.append([*loop[loop.index(nxt):], nxt])
                continue
            if nxt in seen:
                continue
            seen.add(nxt)
            order.append(nxt)
            parent_of[nxt] = node
            on_stack.add(nxt)
            stack.append((nxt, iter(kids[nxt])))
    return order, parent_of, cycles
