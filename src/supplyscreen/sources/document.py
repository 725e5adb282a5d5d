"""What kind of bill of materials a file is, decided by its structure, and its text in any UTF.

A bill of materials is recognised by what it *is*, never by a prefix of its bytes: the top-level
property names of a JSON document, the root element of an XML document, the first tag of a
tag-value document, the sheets of a workbook. Real generators put the telling key anywhere: the
Microsoft SBOM Tool writes hundreds of megabytes of ``files`` before ``spdxVersion``, trivy sorts
every key so ``spdxVersion`` comes last, some CycloneDX writers put ``components`` before
``bomFormat``. So a JSON document is read with an incremental parser (ijson) that looks only at
the top level and stops at the first property that settles the question; it reads further only
while every property it has met belongs to a bill-of-materials format, so an item list
(``{"items": [...]}``) is let go after its first key however large it is.

Encodings: JSON may be UTF-8, UTF-16 or UTF-32 (RFC 8259 §8.1, RFC 4627 §3), with or without a
byte order mark, and so may XML (XML 1.0 Appendix F). The encoding is told by the byte order
mark, else by where the NUL bytes fall in the first four bytes (an ASCII character first, as JSON
and XML always begin, leaves its NULs in a pattern for each UTF), else UTF-8. Windows PowerShell's
``>`` writes UTF-16 LE with a BOM; .NET's ``Encoding.Unicode`` without one.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from supplyscreen.errors import InputError

# (byte order mark, codec); UTF-32 LE before UTF-16 LE, whose mark begins it.
_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Utf:
    """A file's Unicode encoding: the codec and the length of its byte order mark."""

    codec: str
    mark: int = 0

    @property
    def name(self) -> str:
        """What to tell the user (``utf-16-le with BOM``)."""
        return self.codec + (" with BOM" if self.mark else "")


def utf_of(head: bytes) -> Utf:
    """The UTF a JSON or XML text is written in, from its first bytes (see the module docstring)."""
    for mark, codec in _MARKS:
        if head.startswith(mark):
            return Utf(codec, len(mark))
    nul = [b == 0 for b in head[:4]]
    if len(nul) == 4:
        if nul == [True, True, True, False]:
            return Utf("utf-32-be")
        if nul == [False, True, True, True]:
            return Utf("utf-32-le")
    if len(nul) >= 2:
        if nul[:2] == [True, False]:
            return Utf("utf-16-be")
        if nul[:2] == [False, True]:
            return Utf("utf-16-le")
    return Utf("utf-8")


def read_text(path: Path, data: bytes | None = None) -> tuple[str, Utf]:
    """The whole file as text in the UTF its first bytes tell; InputError naming the byte that does
    not decode."""
    raw = path.read_bytes() if data is None else data
    utf = utf_of(raw[:4])
    try:
        return raw[utf.mark:].decode(utf.codec), utf
    except UnicodeDecodeError as exc:
        raise InputError(f"not {utf.codec.upper()} text: the bytes at offset {exc.start + utf.mark} do not decode",
                         path=str(path)) from exc


class _Utf8Stream(io.RawIOBase):
    """A file in any UTF, read as UTF-8 bytes, a chunk at a time (for ijson and expat)."""

    def __init__(self, fh: IO[bytes], utf: Utf) -> None:
        self._fh = fh
        self._decoder = codecs.getincrementaldecoder(utf.codec)(errors="strict")
        self._buffer = b""
        self._done = False
        fh.read(utf.mark)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buffer and not self._done:
            chunk = self._fh.read(64 * 1024)
            self._done = not chunk
            self._buffer = self._decoder.decode(chunk, final=self._done).encode("utf-8")
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def utf8_stream(path: Path) -> IO[bytes]:
    """The file as a stream of UTF-8 bytes, whatever UTF it is written in (closed by the caller)."""
    fh = path.open("rb")
    utf = utf_of(fh.read(4))
    fh.seek(0)
    if utf.codec == "utf-8":
        fh.read(utf.mark)
        return fh
    return io.BufferedReader(_Utf8Stream(fh, utf), buffer_size=64 * 1024)


@dataclass(frozen=True, slots=True)
class Shape:
    """A bill of materials as its structure identifies it."""

    format: str
    """``cyclonedx-json``, ``cyclonedx-xml``, ``spdx-json``, ``spdx3-jsonld``, ``spdx-tag-value``,
    ``spdx-spreadsheet``: the name readers declare in :attr:`Reader.formats`."""
    family: str
    """``CycloneDX`` or ``SPDX``, for messages."""
    evidence: str
    """What settled it (``top-level "spdxVersion"``), for messages and notes."""


BROKEN = Shape("", "", "the structure could not be walked")
""":func:`shape_of` for a JSON or XML document it could not walk (broken syntax, bytes that do not
decode): not known *not* to be a bill of materials."""


# --- JSON -----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _cyclonedx_keys() -> frozenset[str]:
    """Top-level property names of every CycloneDX JSON schema that cyclonedx-python-lib bundles."""
    import json

    from cyclonedx.schema._res import BOM_JSON_STRICT

    keys: set[str] = set()
    for schema in BOM_JSON_STRICT.values():
        if schema is not None:
            keys.update(json.loads(Path(schema).read_text(encoding="utf-8")).get("properties", {}))
    return frozenset(keys)


@lru_cache(maxsize=1)
def _spdx2_keys() -> frozenset[str]:
    """Top-level property names of an SPDX 2 JSON document, as spdx-tools' converter names them,
    plus ``documentDescribes`` (deprecated in 2.3, still written by most tools)."""
    from spdx_tools.spdx.jsonschema.document_converter import DocumentConverter
    from spdx_tools.spdx.jsonschema.document_properties import DocumentProperty

    converter = DocumentConverter()
    return frozenset({converter.json_property_name(p) for p in DocumentProperty} | {"documentDescribes", "$schema"})


# Properties only an SPDX 2 document has at its top level (the others, name, comment, packages,
# files, relationships, annotations, are shared with other formats or with plain item lists).
_SPDX2_ONLY = frozenset({"spdxVersion", "SPDXID", "dataLicense", "documentNamespace", "creationInfo",
                         "externalDocumentRefs", "hasExtractedLicensingInfos", "documentDescribes"})
# Properties only a CycloneDX document has at its top level.
_CYCLONEDX_ONLY = frozenset({"bomFormat", "specVersion", "serialNumber"})
_SPDX3_CONTEXT = re.compile(r"spdx\.org/rdf/\d+\.\d+")  # any SPDX JSON-LD; the reader checks the version
_JSONLD_KEYS = frozenset({"@context", "@graph"})


WALK_BYTES = 4 * 2**20
"""How much of a JSON document's top level is walked for a key that settles its format (4 MiB,
a fraction of a second). Past it, a document whose keys so far all belong to a BOM format is
handed to :data:`JSON_DOCUMENT`'s reader, which parses it once and decides from its keys: walking
a 500 MB Microsoft SBOM Tool file to its end and then parsing it would read it twice."""

JSON_DOCUMENT = "json-document"
"""The format of a JSON object whose first properties (files, packages, components ...) belong to
a bill-of-materials format but do not yet say which; decided after the full parse."""


def _decide(key: str, value: Any = None) -> Shape | None:
    """The format a top-level property settles (``bomFormat`` and ``@context`` by their value)."""
    if key == "bomFormat":
        return Shape("cyclonedx-json", "CycloneDX", 'top-level "bomFormat": "CycloneDX"') if value == "CycloneDX" \
            else None
    if key == "@context":
        for c in value if isinstance(value, list) else [value]:
            if isinstance(c, str) and _SPDX3_CONTEXT.search(c):
                return Shape("spdx3-jsonld", "SPDX", f'JSON-LD "@context" {c!r}')
        return None
    if key in _SPDX2_ONLY:
        return Shape("spdx-json", "SPDX", f'top-level "{key}"')
    if key in _CYCLONEDX_ONLY:
        return Shape("cyclonedx-json", "CycloneDX", f'top-level "{key}"')
    return None


def shape_of_document(doc: Any) -> Shape | None:
    """The bill-of-materials format of a parsed JSON document, from its top-level properties."""
    if not isinstance(doc, dict):
        return None
    for key, value in doc.items():
        shape = _decide(key, value)
        if shape is not None:
            return shape
    return None


class _Counted:
    """A byte stream that counts what has been read from it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.read_bytes += len(data)
        return data


def _json_shape(path: Path, exhaustive: bool) -> Shape | None:
    """Walk the top level of a JSON document until a property settles what it is.

    Stops at the first property that belongs to no bill-of-materials format (an item list), unless
    ``exhaustive`` (the user said ``--kind bom``), at the end of the top-level object, and after
    :data:`WALK_BYTES` (then :data:`JSON_DOCUMENT`: the reader decides after its one full parse).
    """
    import ijson

    vocabulary = _cyclonedx_keys() | _spdx2_keys() | _JSONLD_KEYS
    pending = ""  # a property whose value decides (bomFormat, @context)
    keys: list[str] = []
    try:
        with utf8_stream(path) as raw:
            fh = _Counted(raw)
            events = ijson.parse(fh, use_float=True)
            first = next(events, None)
            if first is None or first[1] != "start_map":
                return None
            for prefix, event, value in events:
                if fh.read_bytes > WALK_BYTES:
                    return Shape(JSON_DOCUMENT, "SPDX or CycloneDX",
                                 f"top-level properties {', '.join(repr(k) for k in keys[:4])} of a bill of materials")
                if pending and prefix.split(".", 1)[0] == pending:
                    if event == "string" and (shape := _decide(pending, value)) is not None:
                        return shape
                    if pending == "bomFormat":
                        return None
                    continue
                pending = ""
                if prefix != "" or event != "map_key":
                    continue
                keys.append(value)
                if value in ("bomFormat", "@context"):
                    pending = value
                elif (shape := _decide(value)) is not None:
                    return shape
                elif value not in vocabulary and not exhaustive:
                    return None
    except (ijson.JSONError, UnicodeDecodeError, OSError):
        return BROKEN  # the reader that takes it by name or content says where it is broken
    return None


# --- XML ------------------------------------------------------------------------------------------
_CYCLONEDX_NS = re.compile(r"^http://cyclonedx\.org/schema/bom/(\d+\.\d+)$")


class _Found(Exception):
    pass


class _Declares(Exception):
    pass


def _xml_roots(path: Path, wanted: int = 2) -> list[str] | None:
    """The first element names (``namespace name``) of an XML document, read with expat until they
    are found; None when it declares entities (the reader refuses those) or is not well-formed."""
    from xml.parsers import expat

    names: list[str] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, _attrs: Any) -> None:
        names.append(name)
        if len(names) >= wanted:
            raise _Found

    def entity(*_args: Any) -> None:
        raise _Declares  # entity declarations: never expanded here

    parser.StartElementHandler = start
    parser.EntityDeclHandler = entity
    try:
        with utf8_stream(path) as fh:
            while chunk := fh.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Found:
        pass
    except (_Declares, expat.ExpatError, UnicodeDecodeError, OSError):
        return None
    return names


def _xml_shape(path: Path) -> Shape | None:
    names = _xml_roots(path)
    if names is None:
        return BROKEN
    if not names:
        return None
    ns, _, local = names[0].rpartition(" ")
    if local == "bom" and _CYCLONEDX_NS.match(ns):
        return Shape("cyclonedx-xml", "CycloneDX", f"root element <bom> in {ns}")
    if local == "RDF" and len(names) > 1 and names[1].startswith("http://spdx.org/rdf/terms"):
        return Shape("spdx-rdf", "SPDX", "an rdf:RDF root holding SPDX terms")
    return None


# --- tag-value and spreadsheets ---------------------------------------------------------------------
# The document-creation tags an SPDX 2 tag-value file opens with (SPDX 2.3 clause 6); the first tag
# of the file is one of them.
_SPDX_TV_TAGS = frozenset({"SPDXVersion", "DataLicense", "SPDXID", "DocumentName", "DocumentNamespace",
                           "ExternalDocumentRef", "LicenseListVersion", "Creator", "Created", "CreatorComment",
                           "DocumentComment"})
_TAG = re.compile(r"^([A-Za-z]+):")

# Sheets of an SPDX spreadsheet as the SPDX Java tools write it (older versions call the first
# "Origins"); a workbook with a package sheet and a document sheet is one.
SPREADSHEET_PACKAGES = "Package Info"
SPREADSHEET_DOCUMENT = ("Document Info", "Origins")


def _tag_value_shape(text: str) -> Shape | None:
    for line in text.splitlines()[:200]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _TAG.match(stripped)
        if m and m.group(1) in _SPDX_TV_TAGS:
            return Shape("spdx-tag-value", "SPDX", f"a tag-value file opening with {m.group(1)}:")
        return None
    return None


def sheet_names(path: Path, head: bytes) -> list[str]:
    """The sheet names of an XLSX or XLS workbook, without loading its cells; empty for anything else."""
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                book = z.read("xl/workbook.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return []
        import defusedxml.ElementTree as SafeET

        try:
            root = SafeET.fromstring(book, forbid_dtd=True)
        except Exception:
            return []
        return [el.get("name", "") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: a legacy .xls
        try:
            import xlrd

            book = xlrd.open_workbook(str(path), on_demand=True)
        except Exception:
            return []
        try:
            return list(book.sheet_names())
        finally:
            book.release_resources()
    return []


def _sheet_shape(path: Path, head: bytes) -> Shape | None:
    names = {n.strip().lower() for n in sheet_names(path, head)}
    if SPREADSHEET_PACKAGES.lower() in names and any(d.lower() in names for d in SPREADSHEET_DOCUMENT):
        return Shape("spdx-spreadsheet", "SPDX", f"a workbook with '{SPREADSHEET_PACKAGES}' and document sheets")
    return None


def shape_of(path: Path, head: bytes, exhaustive: bool = False) -> Shape | None:
    """The bill-of-materials format of a file, from its structure; None when it is not one, and
    :data:`BROKEN` when it is JSON or XML whose structure could not be walked.

    ``head`` is the file's first bytes (:func:`supplyscreen.sources.text.read_head`); a JSON
    document is walked further when its first properties do not settle it (see the module
    docstring); ``exhaustive`` walks a JSON document's whole top level even past properties no
    bill of materials has (``--kind bom``).
    """
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _sheet_shape(path, head)
    utf = utf_of(head[:4])
    try:
        text = codecs.getincrementaldecoder(utf.codec)(errors="replace").decode(head[utf.mark:])
    except LookupError:
        return None
    first = text.lstrip()[:1]
    if first == "{":
        return _json_shape(path, exhaustive)
    if first == "<":
        return _xml_shape(path)
    return _tag_value_shape(text)
