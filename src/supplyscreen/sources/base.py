"""The source interface: what every reader gives the orchestrator, and how a reader is chosen.

A reader is one file in this package that registers a :class:`Reader`: the extensions it takes,
the bill-of-materials formats it reads (``formats``, as :mod:`~supplyscreen.sources.document`
names them from a file's structure), optionally a ``sniff(path, head_bytes)`` that claims a file
by its content, and an ``open`` that returns a :class:`Source`. :func:`open_source` asks the
sniffers first, then the structure of the document (a CycloneDX or SPDX file is recognised
whatever its name, size, key order or UTF), then goes by extension, then by a content guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.document import BROKEN, Shape, shape_of
from supplyscreen.sources.text import read_head

KINDS = ("items", "inventory", "bom")


@dataclass(frozen=True)
class ReadOptions:
    """How the user asked for a file to be read (from CLI flags)."""

    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Role → header name given by flags (``--column vendor=HEADER``); overrides detection."""
    encoding: str | None = None
    """Force a text encoding (``cp932``, ``gb18030`` ...) instead of detecting it."""
    kind: str | None = None
    """``items``, ``inventory`` or ``bom``; None to detect."""
    sheet: str | None = None
    """XLSX: the sheet to read; None for the first sheet with recognisable headers."""


class Source(Protocol):
    """An opened input: its description and a stream of items, one per data row."""

    @property
    def info(self) -> SourceInfo:
        """Path, kind, format, encoding used, columns found (role → header) and notes.

        Notes about rows (blank lines skipped, control characters removed) are complete once
        :meth:`items` has been exhausted.
        """
        ...

    @property
    def rows_in(self) -> int:
        """Data rows seen so far; after :meth:`items` is exhausted, equals the items yielded."""
        ...

    def items(self) -> Iterator[Item]:
        """Stream one item per data row; a row that cannot be read is an item with ``problem`` set."""
        ...


Sniffer = Callable[[Path, bytes], bool]
Opener = Callable[[Path, ReadOptions], Source]


@dataclass(frozen=True)
class Reader:
    """A registered reader."""

    name: str
    """Short name used in ``SourceInfo.format`` and messages (``csv``, ``xlsx``, ``cyclonedx``)."""
    open: Opener
    extensions: tuple[str, ...] = ()
    """Lower-case suffixes with the dot (``.csv``) this reader takes when nothing sniffs the file."""
    sniff: Sniffer | None = None
    """Claims a file by content, before extensions are looked at; for formats sharing a suffix."""
    guess: Sniffer | None = None
    """A weak content test used only when the extension names no reader."""
    kinds: tuple[str, ...] = ("items", "inventory")
    """The kinds of input this reader yields."""
    formats: tuple[str, ...] = ()
    """Bill-of-materials formats it reads, by the names :func:`document.shape_of` gives
    (``cyclonedx-json``, ``spdx-json`` ...): a file of that structure goes to this reader."""


_READERS: list[Reader] = []


def register_reader(reader: Reader) -> Reader:
    """Add a reader; a later registration with the same name replaces the earlier one."""
    _READERS[:] = [r for r in _READERS if r.name != reader.name]
    _READERS.append(reader)
    return reader


def readers() -> tuple[Reader, ...]:
    """The registered readers, in registration order."""
    return tuple(_READERS)


_CYCLONEDX_JSON = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_SPDX_JSON = re.compile(rb'"spdxVersion"\s*:')


def bom_format(head: bytes) -> str | None:
    """``CycloneDX`` or ``SPDX`` when the first bytes *look* like a bill of materials, else None.

    Only a hint, for a document whose structure cannot be walked (malformed JSON or XML): it goes
    to its format's reader, which says where it is broken, rather than to an item-list reader."""
    sample = head.replace(b"\x00", b"")  # lets UTF-16 text match the ASCII patterns
    if _CYCLONEDX_JSON.search(sample) or b"cyclonedx.org/schema/bom" in sample:
        return "CycloneDX"
    if _SPDX_JSON.search(sample) or re.search(rb"(?m)^\s*SPDXVersion\s*:", sample) or b"spdx.org/rdf" in sample:
        return "SPDX"
    return None


# The reader a first-bytes hint sends a document to, by family and first character.
_HINTED: Mapping[tuple[str, bytes], str] = MappingProxyType({
    ("CycloneDX", b"{"): "cyclonedx-json", ("CycloneDX", b"<"): "cyclonedx-xml",
    ("SPDX", b"{"): "spdx-json", ("SPDX", b"<"): "spdx-rdf",
})


def open_source(path: Path, options: ReadOptions = ReadOptions()) -> Source:
    """Open an item list, inventory or bill of materials with the reader that fits it.

    Raises InputError (naming the file) when the file cannot be read, is empty, is a bill of
    materials with no reader installed, or has no column that can be screened; TooManyRows when
    its reader counts more rows than one screening takes, before any is screened.
    """
    from supplyscreen.sources.limits import check_rows

    source = _open(Path(path), options)
    check_rows(source, str(path))
    return source


def _open(path: Path, options: ReadOptions) -> Source:
    shown = str(path)
    if options.kind is not None and options.kind not in KINDS:
        raise InputError(f"unknown kind {options.kind!r}; kinds are: {', '.join(KINDS)}", path=shown)
    head = read_head(path)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise InputError("the file is empty", path=shown)
    candidates = [r for r in _READERS if options.kind is None or options.kind in r.kinds]
    for reader in candidates:
        if reader.sniff is not None and reader.sniff(path, head):
            return reader.open(path, options)
    shape = shape_of(path, head, exhaustive=options.kind == "bom")
    if shape is BROKEN:
        # Broken JSON or XML that looks like a bill of materials goes to its format's reader,
        # which says where it is broken; anything else to the readers by name.
        hint = bom_format(head)
        first = head.replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")[:1]
        shape = Shape(_HINTED.get((hint, first), "spdx-tag-value"), hint, "its first bytes") if hint else None
    if shape is not None or options.kind == "bom":
        what = (f"is a {shape.family} bill of materials ({shape.evidence})" if shape
                else "was given as a bill of materials")
        bom_readers = [r for r in candidates if "bom" in r.kinds]
        if not bom_readers:
            raise InputError(f"{what}, but bill of materials readers not installed"
                             + (f" or the input was declared of kind {options.kind!r}" if options.kind else ""), path=shown)
        if shape is not None:
            chosen = next((r for r in bom_readers if shape.format in r.formats), None)
            if chosen is None:
                names = ", ".join(sorted({f for r in bom_readers for f in r.formats}))
                raise InputError(f"{what} in the {shape.format} format, which is not read; formats read: {names}",
                                 path=shown)
            return chosen.open(path, options)
    suffix = path.suffix.lower()
    for reader in candidates:
        if suffix in reader.extensions:
            return reader.open(path, options)
    for reader in candidates:
        if reader.guess is not None and reader.guess(path, head):
            return reader.open(path, options)
    names = ", ".join(sorted({e for r in candidates for e in r.extensions}))
    raise InputError(f"cannot tell the file's format; supported: {names}", path=shown)
