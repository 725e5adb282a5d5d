"""``supplyscreen check`` of a large CSV by columns: Arrow parses, keys are made per distinct value,
each verdict key is screened once, and the CSV writer's rows are joined back per key.

The row path spends ~15 µs of Python per row (an Item, a key, an ItemResult, a row written); here
almost no Python runs per row: Arrow parses, cleans (printable ASCII only needs trimming),
dictionary-encodes the deciding columns (a MAC column by the digits that decide its block), numpy
numbers each row's key by its parts' codes, and Arrow joins each row's ref and line to its key's CSV
cells (written by the csv module once per key) and hands the bytes to the output. What remains in
Python is per distinct value and per distinct key (screening the keys is most of the time:
benchmarks/README.md, "Fast on one machine"), and a hash of each ref.

The file is read a parse block at a time (BLOCK_BYTES), first to check it, key its rows and screen
each new key, then each block's rows are written from their keys' cells. A file whose parsed blocks
fit ONE_READ_BUDGET is read once, its blocks held until written (benchmarks/README.md, "One read for
files that fit"); a larger one is read twice, so memory does not grow with the rows: between blocks
only what keys need is kept (each distinct value's code, each key's cells) and 8 bytes per row, the
refs' hashes that find a repeated id before anything is written ("Check memory at ten million
rows"). Both ways write the same bytes.

The output is byte-for-byte the row path's (the reader's header detection, cleaning, refs and line
numbers; the screener's decisions; the CSV writer's cells). Where that cannot be proved cheaply the
file is left to the row path (:func:`screen_csv` returns None, having written nothing): not UTF-8,
a header below line 1, lone carriage returns, a quote the csv module would reject, rows with more
or fewer cells than the header, blank lines or blank rows, NUL bytes, an id column with a blank or
repeated id, a cell past the csv module's field limit, or a key the screener no longer makes column
by column.
"""

from __future__ import annotations

import csv
import io
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from supplyscreen.batch.keys import KeyMaker
from supplyscreen.errors import InputError
from supplyscreen.formats.arrow_columns import int64s as _ints
from supplyscreen.formats.arrow_columns import numpy_or as _np_or
from supplyscreen.formats.arrow_columns import numpy_view as _np
from supplyscreen.formats.arrow_columns import strings as _strings
from supplyscreen.formats.arrow_columns import text as _text
from supplyscreen.formats.csv_format import HEADER, Shared, safe, tail_cells
from supplyscreen.identifiers.oui import IEEE_RA
from supplyscreen.model import Item
from supplyscreen.screen import _REQUOTED, MacBlockKey, Screener, SilentTextKey, Tally
from supplyscreen.sources.columns import ALSO_AS, REF
from supplyscreen.sources.csv_items import CsvSource
from supplyscreen.sources.text import clean_value

_UTF8 = ("utf-8", "utf-8-sig")
_BOM = b"\xef\xbb\xbf"
# Python's str.isspace characters beyond RE2's \s: a row made only of these is blank to the reader.
_NOT_SPACE = (r"[^\s\x{0b}\x{0c}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
              r"\x{202f}\x{205f}\x{3000}]")
# Bytes per block read, parsed, screened and written (the rows held at once: ~38,000 inventory rows):
# 4 MiB parses 1,000,000 inventory rows in less CPU and memory than 16 MiB (0.7 against 1.1 CPU s,
# 266 against 321 MB peak, measured on the benchmark file).
BLOCK_BYTES = 1 << 22


def available() -> bool:
    """Whether the columnar engine (pyarrow, the ``batch`` extra) is installed."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


class _Decline(Exception):
    """The file is one the row path must read (module docstring): nothing has been written yet."""


def _quote_scan(data: bytes, delimiter: bytes, start: int, file_start: bool, final: bool) -> int:
    """:func:`quotes_ok` over ``data[start:]`` (``data[start - 1]`` is the byte before it): -1 for a
    bad quote, else where a quoted cell opens that the next block must finish (``len(data)``: none).
    With ``final`` there is no next block: a cell still open is a bad quote."""
    find, delim = data.find, delimiter[0]
    i = find(b'"', start)
    while i >= 0:
        if i == 0 or data[i - 1] in (delim, 10) or (file_start and i == 3 and data[:3] == _BOM):
            j = i
            while True:
                j = find(b'"', j + 1)
                if j < 0 or (j + 1 == len(data) and not final):
                    return -1 if final else i  # not closed yet, or what follows the quote is unread
                if data[j + 1:j + 2] == b'"':
                    j += 1  # a doubled quote inside the cell
                    continue
                break
            if data[j + 1:j + 2] not in (b"", delimiter, b"\r", b"\n"):
                return -1  # text after the closing quote
            i = find(b'"', j + 1)
        else:
            i = find(b'"', i + 1)
    return len(data)


def quotes_ok(data: bytes, delimiter: bytes) -> bool:
    """Whether every quoted cell of ``data`` is one the csv module (strict) reads as Arrow does:
    opened at the start of a cell, closed, and followed by a delimiter or a line end. A quote inside
    an unquoted cell is text to both."""
    return _quote_scan(data, delimiter, 0, True, True) >= 0


class QuoteStream:
    """:func:`quotes_ok` fed a block at a time: only a quoted cell still open at a block's end (and
    the byte before it, which says the quote opens a cell) is carried into the next."""

    # A cell longer than this many bytes is past the csv module's field limit in any UTF-8 text.
    LONGEST = 4 * csv.field_size_limit() + 8

    def __init__(self, delimiter: bytes) -> None:
        self._delim = delimiter
        self._carry, self._start, self._file_start = b"", 0, True

    def feed(self, chunk: bytes) -> bool:
        """Whether the quotes so far are good (a cell still open is not bad yet)."""
        data = self._carry + chunk
        at = _quote_scan(data, self._delim, self._start, self._file_start, False)
        if at < 0:
            return False
        cut = 0 if at == 0 or (self._file_start and at <= 3) else at - 1
        self._carry, self._start = data[cut:], at - cut
        self._file_start = self._file_start and cut == 0
        return len(self._carry) <= self.LONGEST

    def end(self) -> bool:
        """Whether every quoted cell of everything fed is good."""
        return _quote_scan(self._carry, self._delim, self._start, self._file_start, True) >= 0


def bytes_ok(source: CsvSource) -> int | None:
    """The physical lines of a file whose bytes Arrow reads as the csv module does, or None (module
    docstring), read a block at a time."""
    state = source.state
    delim = source.delimiter.encode()
    if (source.encoding.codec not in _UTF8 or state.kind == "bom" or source.header_record != 0
            or source.header_line != 1 or len(delim) != 1):
        return None
    lines = cr = crlf = 0
    last = b""
    scan = QuoteStream(delim)
    with source.path.open("rb") as fh:
        while chunk := fh.read(BLOCK_BYTES):
            if b"\x00" in chunk or not scan.feed(chunk):
                return None
            lines += chunk.count(b"\n")
            if b"\r" in chunk or last == b"\r":  # most files have none: no count of the pairs
                cr += chunk.count(b"\r")
                crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]
    if cr != crlf or not scan.end():
        return None
    return lines + (0 if last == b"\n" else 1)


def _batches(source: CsvSource, width: int) -> Iterator[Any]:
    """The file's records (header first) as record batches of string columns, one parse block each."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(width)]
    yield from pcsv.open_csv(
        str(source.path),
        read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES, use_threads=False),
        parse_options=pcsv.ParseOptions(delimiter=source.delimiter, quote_char='"', double_quote=True,
                                        escape_char=False, newlines_in_values=True, ignore_empty_lines=True),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                            strings_can_be_null=False, quoted_strings_can_be_null=False))


def _cells_ok(cols: list[Any], width: int) -> bool:
    """No cell past the csv module's field limit and no row of blank cells (the reader skips and
    counts it: every cell without a character other than Unicode spaces; the few rows RE2 cannot
    rule out are joined and asked of Python)."""
    import numpy as np
    import pyarrow.compute as pc

    limit = csv.field_size_limit()
    # A cell has at most as many characters as bytes: characters are counted only past the limit.
    if any((pc.max(pc.binary_length(c)).as_py() or 0) > limit and (pc.max(pc.utf8_length(c)).as_py() or 0) > limit
           for c in cols):
        return False
    # The rows still maybe blank, narrowed a column at a time: almost every row leaves at the first.
    rows = np.arange(len(cols[0])) if cols else np.zeros(0, dtype=np.int64)
    for c in cols:
        if not len(rows):
            return True
        cells = c if len(rows) == len(c) else c.take(_ints(rows))
        rows = rows[np.flatnonzero(_np(pc.invert(pc.match_substring_regex(cells, _NOT_SPACE))))]
    if len(rows):
        few = [c.take(_ints(rows)) for c in cols]
        joined = pc.binary_join_element_wise(*few, _text("")) if width > 1 else few[0]
        if any(not v.strip() for v in joined.to_pylist()):
            return False
    return True


def _newlines(cols: list[Any]) -> Any:
    """Each row's line ends inside its cells (int64), counted cell by cell only in the columns
    whose bytes hold one (most hold none: a search of each column's bytes rules them out)."""
    import numpy as np
    import pyarrow.compute as pc

    total = np.zeros(len(cols[0]) if cols else 0, dtype=np.int64)
    for c in cols:
        if _holds_newline(c):
            total += _np(pc.count_substring(c, "\n"))
    return total


def _cell_bytes(column: Any) -> tuple[Any, Any] | None:
    """(the bytes a string array's cells span, as uint8, and the cells' offsets into them), read
    from its buffers without a copy; None for an array with nulls or of another layout."""
    import numpy as np
    import pyarrow as pa

    if column.null_count or column.type != pa.string():
        return None
    _, offsets, data = column.buffers()
    at = np.frombuffer(offsets, dtype=np.int32, count=len(column) + 1, offset=column.offset * 4)
    if data is None:
        return np.zeros(0, dtype=np.uint8), at - at[0]
    return np.frombuffer(data, dtype=np.uint8)[at[0]:at[-1]], at - at[0]


def _printable_bytes(data: Any) -> bool:
    """Whether every byte is printable ASCII (0x20-0x7e)."""
    return not len(data) or bool(((data >= 0x20) & (data <= 0x7E)).all())


def _holds_newline(column: Any) -> bool:
    """Whether a string array's cells hold a newline, from the bytes its offsets span."""
    import numpy as np

    if not len(column):
        return False
    _, offsets, data = column.buffers()
    first, last = np.frombuffer(offsets, dtype=np.int32, count=len(column) + 1, offset=column.offset * 4)[[0, -1]]
    return data is not None and b"\n" in memoryview(data)[first:last].tobytes()


# Cells the reader's cleaning leaves as they are but for spaces at their edges: printable ASCII
# (clean_value's own fast case). Others are cleaned by clean_value itself, once per distinct value.
_PRINTABLE_ASCII = r"^[ -~]*$"


def clean_cells(array: Any) -> Any:
    """``clean_value(v).value`` of every cell of a string array, as an array: printable ASCII
    trimmed of spaces by Arrow, any other cell by the reader's own clean_value (once per value)."""
    import pyarrow.compute as pc

    spans = _cell_bytes(array)
    if spans is not None and _printable_bytes(spans[0]):
        # Every cell printable ASCII (the bytes say so at once: no regex over each cell), and
        # trimmed only where a cell begins or ends with a space (most columns: none does).
        data, at = spans
        full = at[1:] > at[:-1]
        if not len(data) or not ((data[at[:-1][full]] == 0x20).any() or (data[at[1:][full] - 1] == 0x20).any()):
            return array
        return pc.utf8_trim(array, " ")
    plain = pc.match_substring_regex(array, _PRINTABLE_ASCII)
    out = pc.utf8_trim(array, " ")
    if pc.all(plain).as_py() is not False:
        return out
    odd = pc.invert(plain)
    cleaned: dict[str, str] = {}
    values = [cleaned.get(v) or cleaned.setdefault(v, clean_value(v).value)
              for v in pc.filter(array, odd).to_pylist()]
    return pc.replace_with_mask(out, odd, _strings(values))


# A well-formed MAC (matching.macs.WELL_FORMED_MAC) in RE2, which has no back-references: each
# separator spelled out. tests/batch/test_columnar.py checks the two agree.
WELL_FORMED_MAC_RE2 = (r"^(?:[0-9A-Fa-f]{12}"
                       r"|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
                       r"|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{4}(?::[0-9A-Fa-f]{4}){2}"
                       r"|[0-9A-Fa-f]{4}(?:-[0-9A-Fa-f]{4}){2})$")


def _coder(keys: KeyMaker, field: str, parts: dict[str, int]) -> _CellCodes:
    """Codes of ``field``'s cells, kept across blocks (equal codes: equal parts in every block)."""
    if keys.mac_keyer(field) is not None:
        return _MacCodes(keys, field, parts)
    if keys.by_enterprise(field):
        return _OidCodes(keys, field, parts)
    silent = keys.silent_keyer(field)
    forms = SilentForms.of(silent) if silent is not None else None
    return _SilentCodes(keys, field, parts, forms) if forms is not None else _CellCodes(keys, field, parts)


def part_codes(keys: KeyMaker, field: str, column: Any) -> tuple[Any, int]:
    """Each row's verdict-key part for ``field`` as a dense integer code (equal codes: equal parts),
    and how many distinct parts there are, from the column's raw cells (an Arrow array, or chunked:
    chunk by chunk). Parts are made once per distinct cell; a MAC column (every MAC distinct) once
    per block: a well-formed MAC's part is decided by its first six or nine hex digits
    (MacBlockKey.deciding_digits)."""
    import numpy as np

    parts: dict[str, int] = {}
    coder = _coder(keys, field, parts)
    chunks = column.chunks if hasattr(column, "chunks") else [column]
    codes = [coder.codes_of(c) for c in chunks]
    return (np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)), len(parts)


class _CellCodes:
    """Codes of a column's cells by their distinct values (a few thousand makers and models)."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int]) -> None:
        self._part, self._parts = keys.part(field), parts
        self._memo: dict[str, int] = {}
        self.names: list[str] = list(parts)
        """Each code's part (codes are given in order: 0, 1, ...)."""

    def _code_of_part(self, part: str) -> int:
        code = self._parts.get(part)
        if code is None:
            code = self._parts[part] = len(self.names)
            self.names.append(part)
        return code

    def code(self, raw: str) -> int:
        code = self._memo.get(raw)
        if code is None:
            # clean_value's own fast case (printable ASCII: only spaces at the edges to trim, the
            # only whitespace such a text holds) without its Cleaned value: ~220,000 distinct
            # sysDescr and model texts at 1,000,000 rows.
            value = raw.strip() if raw.isascii() and raw.isprintable() else clean_value(raw).value
            code = self._memo[raw] = self._code_of_part(self._part(value))
        return code

    def codes_of(self, raw: Any) -> Any:
        """Codes of an array of raw cells."""
        return self.codes(raw)

    def codes(self, chunk: Any) -> Any:
        import numpy as np
        import pyarrow.compute as pc

        enc = pc.dictionary_encode(chunk)
        values = enc.dictionary.to_pylist()
        code_of = np.fromiter(map(self.code, values), np.int64, len(values))
        return code_of[_np(enc.indices)]


# EvidenceFinder.silent_text's first test, in RE2: what is left of a lower-case ASCII text once
# everything but letters and digits is taken out (evidence._NOT_ALNUM).
_NOT_ALNUM_RE2 = r"[^0-9a-z]+"
# The product-line patterns' word-start test (matching.patterns._WORD_START), a look-behind, which
# RE2 lacks. Before the joined patterns it reads as "at the text's start or after a character that
# is not a letter or digit": a search finds a match with one exactly when it finds one with the other.
_WORD_START = r"(?<![A-Za-z0-9])"
_WORD_START_RE2 = r"(?:^|[^A-Za-z0-9])"
# Python regex syntax that RE2 reads otherwise or not at all, by which RE2 could find no match where
# Python finds one ("{,3}" is a repetition to Python, text to RE2; "[:" may open a POSIX class in
# RE2; look-arounds, atomic groups and Python-only escapes): patterns holding any are not taken to
# Arrow (every text goes by EvidenceFinder.silent_text).
_NOT_RE2 = ("{,", "[:", "(?<", "(?=", "(?!", "(?>", "(?#", "*+", "++", "?+", "}+", "\\Z", "\\u", "\\U", "\\N")


@dataclass(frozen=True, slots=True)
class SilentForms:
    """:meth:`EvidenceFinder.silent_text` for a whole column at once, in RE2 (Arrow): a printable
    ASCII text, non-empty once trimmed of spaces, whose letters and digits (lower case, run
    together) hold no mention word and in which the joined product-line patterns find nothing is
    silent. Arrow's answer is trusted only where it says silent; every other text is asked of
    silent_text itself, so a pattern RE2 would read more widely than Python costs time, not
    exactness. The RE2 forms are only made of patterns :data:`_NOT_RE2` leaves alone, whose RE2
    reading is Python's on printable ASCII (``\\d``, ``\\w``, ``\\b`` and case are ASCII in both)."""

    mentions: str
    patterns: str

    _made: ClassVar[weakref.WeakKeyDictionary[SilentTextKey, SilentForms | None]] = weakref.WeakKeyDictionary()
    """Each keyer's forms (made once per screener, let go with it); None: not expressible in RE2."""

    @classmethod
    def of(cls, keyer: SilentTextKey) -> SilentForms | None:
        if keyer in cls._made:
            return cls._made[keyer]
        made = cls._made[keyer] = cls.from_searches(keyer.finder.silent_searches())
        return made

    @classmethod
    def from_searches(cls, searches: tuple[str, str] | None) -> SilentForms | None:
        """The RE2 forms of silent_text's two searches (EvidenceFinder.silent_searches), or None
        when either holds syntax RE2 reads otherwise, or Arrow cannot compile it."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if searches is None:
            return None
        mentions, patterns = searches
        if patterns.startswith(_WORD_START):
            patterns = _WORD_START_RE2 + patterns[len(_WORD_START):]
        if any(bad in text for text in (mentions, patterns) for bad in _NOT_RE2):
            return None
        probe = _strings(["x"])
        try:
            pc.match_substring_regex(probe, mentions)
            pc.match_substring_regex(probe, patterns)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return cls(mentions, patterns)

    def silent(self, texts: Any) -> Any:
        """Which texts of a string array Arrow finds silent (a numpy bool array); False says only
        "ask silent_text"."""
        import numpy as np
        import pyarrow.compute as pc

        if not len(texts):
            return np.zeros(0, dtype=bool)
        plain = _np(pc.match_substring_regex(texts, _PRINTABLE_ASCII))
        trimmed = pc.utf8_trim(texts, " ")
        full = _np(pc.binary_length(trimmed)) > 0
        letters = pc.replace_substring_regex(pc.ascii_lower(trimmed), _NOT_ALNUM_RE2, "")
        named = _np(pc.match_substring_regex(letters, self.mentions))
        patterned = _np(pc.match_substring_regex(trimmed, self.patterns))
        return plain & full & ~named & ~patterned


class _SilentCodes(_CellCodes):
    """Codes of a column read as silent text or not (sysDescr, model ...): each block's distinct
    texts not met before are asked of Arrow at once (:class:`SilentForms`; build numbers make most
    sysDescr texts new, ~57,000 over the 27 blocks of 1,000,000 generated rows, almost all silent),
    those it finds silent take the silent part's code; the others go by value as before."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int], forms: SilentForms) -> None:
        super().__init__(keys, field, parts)
        self._forms = forms

    def codes(self, chunk: Any) -> Any:
        import numpy as np
        import pyarrow.compute as pc

        enc = pc.dictionary_encode(chunk)
        values = enc.dictionary
        texts = values.to_pylist()
        memo = self._memo
        code_of = np.fromiter((memo.get(t, -1) for t in texts), np.int64, len(texts))
        new = np.flatnonzero(code_of < 0)
        if len(new):
            silent = self._forms.silent(values.take(_ints(new)) if len(new) < len(texts) else values)
            quiet = self._parts.get(SilentTextKey.SILENT)
            # In the dictionary's order, as _CellCodes gives codes (the silent part's, if new, at the
            # first silent text), so key numbers are the same as before.
            for i, said in zip(new.tolist(), silent.tolist(), strict=True):
                text = texts[i]
                if said:
                    if quiet is None:
                        quiet = self._code_of_part(SilentTextKey.SILENT)
                    code_of[i] = memo[text] = quiet
                else:
                    code_of[i] = self.code(text)
        return code_of[_np(enc.indices)]


# A sysObjectID parse_sys_object_id reads without a question: 1.3.6.1.4.1, an enterprise number of
# at most nine digits (below 2**32) without a leading zero, then plain arcs; printable ASCII, so the
# reader's cleaning leaves it as it is. Its key part is a function of the number's digits alone.
PLAIN_OID_RE2 = r"^\.?1\.3\.6\.1\.4\.1\.(0|[1-9][0-9]{0,8})(?:\.(?:0|[1-9][0-9]*))*$"


class _OidCodes(_CellCodes):
    """Codes of a sysObjectID column: plain OIDs by their enterprise number, read by Arrow (a few
    hundred numbers under ~40,000 distinct OIDs in 1,000,000 generated rows), the part made from
    the first OID of each number met; other cells by value."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int]) -> None:
        super().__init__(keys, field, parts)
        self._by_number: dict[str, int] = {}

    def codes(self, chunk: Any) -> Any:
        import numpy as np
        import pyarrow.compute as pc

        plain = _np(pc.match_substring_regex(chunk, PLAIN_OID_RE2))
        codes = np.full(len(chunk), -1, dtype=np.int64)
        some = np.flatnonzero(plain)
        if len(some):
            oids = chunk.take(_ints(some))
            numbers = pc.dictionary_encode(pc.replace_substring_regex(oids, PLAIN_OID_RE2, r"\1"))
            idx = _np(numbers.indices)
            _, first = np.unique(idx, return_index=True)  # each number's first OID (every number has one)
            code_of = np.fromiter((self._number_code(n, oids, int(first[k]))
                                   for k, n in enumerate(numbers.dictionary.to_pylist())), np.int64, len(first))
            codes[some] = code_of[idx]
        rest = np.flatnonzero(~plain)
        if len(rest):
            codes[rest] = super().codes(chunk.take(_ints(rest)) if len(some) else chunk)
        return codes

    def _number_code(self, number: str, oids: Any, at: int) -> int:
        code = self._by_number.get(number)
        if code is None:
            code = self._by_number[number] = self.code(oids[at].as_py())
        return code


class _MacCodes(_CellCodes):
    """Codes of a MAC column: well-formed MACs by the digits that decide their key, others by value."""

    def __init__(self, keys: KeyMaker, field: str, parts: dict[str, int]) -> None:
        import numpy as np

        super().__init__(keys, field, parts)
        blocks = keys.mac_keyer(field)
        assert blocks is not None
        self._blocks = blocks
        self._classes = MacClasses.of(blocks)
        self._class_code = np.full(self._classes.size, -1, dtype=np.int64)
        """Each MAC class's code in this column (-1: not met yet)."""
        # The heads met so far, per width (6 or 9): their digits (an Arrow array, looked up by Arrow a
        # block at a time, ~8,000 distinct heads a block of the benchmark file) and codes (-1: nine
        # digits decide).
        self._known: dict[int, tuple[Any, Any]] = {}

    def codes_of(self, raw: Any) -> Any:
        return self.codes(clean_cells(raw))

    def codes(self, clean: Any) -> Any:
        """Codes of a column of cleaned cells."""
        import numpy as np
        import pyarrow.compute as pc

        codes = np.full(len(clean), -1, dtype=np.int64)
        well = np.flatnonzero(_np(pc.match_substring_regex(clean, WELL_FORMED_MAC_RE2)))
        if len(well):
            macs = clean.take(_ints(well))
            # Most rows by their class (the registrant of a block nothing is carved from, and the
            # group bit; or locally administered), from their first six digits read by numpy.
            by_class = self._by_class(macs, _mac_heads(macs))
            codes[well] = by_class
            odd = np.flatnonzero(by_class < 0)
            if len(odd):  # the rest by their heads: blocks carved or held by the registry
                macs = macs.take(_ints(odd))
                # The first nine digits and more: 13 characters hold them in every notation ("BC:0F:64:DF:B").
                digits = pc.utf8_slice_codeunits(macs, 0, 13)
                for sep in ":-.":
                    digits = pc.replace_substring(digits, sep, "")
                digits = pc.ascii_upper(digits)
                open_rows = np.arange(len(macs))
                for width in (6, 7, 9):  # rows of whole blocks by six digits, MA-M-only ones by seven, the rest by nine
                    if not len(open_rows):
                        break
                    heads = pc.dictionary_encode(pc.utf8_slice_codeunits(digits.take(_ints(open_rows)), 0, width))
                    idx = _np(heads.indices)
                    row_code = self._head_codes(width, heads.dictionary, idx, macs, digits, open_rows)[idx]
                    codes[well[odd[open_rows]]] = row_code
                    open_rows = open_rows[row_code < 0]
        rest = np.flatnonzero(codes < 0)  # not a well-formed MAC: by the whole value
        if len(rest):
            codes[rest] = super().codes(clean.take(_ints(rest)))  # cleaned already: cleaning again changes nothing
        return codes

    def _by_class(self, macs: Any, first24: Any) -> Any:
        """Each well-formed MAC's code where its class decides it (-1 elsewhere): its first 24 bits
        read as an integer, each distinct head looked up in :class:`MacClasses` (sorted arrays), and
        each class new to this column given the code of the key of its first MAC (MacBlockKey, once
        per class)."""
        import numpy as np

        heads, first, inverse = np.unique(first24, return_index=True, return_inverse=True)
        cls = self._classes.classes(heads)
        code_of = self._class_code
        some = np.flatnonzero(cls >= 0)
        new, at = np.unique(cls[some], return_index=True)
        for k in np.flatnonzero(code_of[new] < 0).tolist():
            code_of[new[k]] = self._code_of_part(self._part(macs[int(first[some[at[k]]])].as_py()))
        head_code = np.full(len(heads), -1, dtype=np.int64)
        head_code[some] = code_of[cls[some]]
        return head_code[inverse.reshape(-1)]

    def _head_codes(self, width: int, heads: Any, idx: Any, macs: Any, digits: Any, rows: Any) -> Any:
        """The code of each distinct head of a block (``heads``; ``idx``: each row's head): heads met
        before by Arrow's lookup, new ones from a MAC of theirs (their first row's)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        out = np.empty(len(heads), dtype=np.int64)
        known, known_codes = self._known.get(width, (None, None))
        if known is None:
            new = np.arange(len(heads))
        else:
            at = _np_or(pc.index_in(heads, value_set=known), -1)
            met = at >= 0
            out[met] = known_codes[at[met]]
            new = np.flatnonzero(~met)
        if len(new):
            _, first = np.unique(idx, return_index=True)  # each head's first row (every head has one)
            made = np.fromiter((self._head(width, macs, digits, rows[first[k]]) for k in new.tolist()), np.int64, len(new))
            out[new] = made
            heads_new = heads.take(_ints(new))
            self._known[width] = ((heads_new, made) if known is None else
                                  (pa.concat_arrays([known, heads_new]), np.concatenate([known_codes, made])))
        return out

    def _head(self, width: int, macs: Any, digits: Any, at: int) -> int:
        """The code of the head of ``width`` digits of row ``at``: its MAC's part, or -1 where more
        digits decide (a head of a block the IEEE carves: seven or nine, MacBlockKey.deciding_digits)."""
        if self._blocks.deciding_digits(digits[at].as_py()) <= width:
            return self._code_of_part(self._part(macs[at].as_py()))
        return -1


# Where a well-formed MAC's first six digits are, by its length: twelve digits, six octets with
# separators ("BC:0F:64:DF:B9:72"), three groups of four ("bc0f.64df.b972").
_SIX_AT = {12: (0, 1, 2, 3, 4, 5), 17: (0, 1, 3, 4, 6, 7), 14: (0, 1, 2, 3, 5, 6)}


def _mac_heads(macs: Any) -> Any:
    """The first 24 bits of each MAC of a string array of well-formed MACs (WELL_FORMED_MAC_RE2),
    as integers (int64), read from the array's buffers by notation."""
    import numpy as np

    n = len(macs)
    if not n:
        return np.zeros(0, dtype=np.int64)
    _, offsets, data = macs.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=macs.offset * 4).astype(np.int64)
    starts, lengths = bounds[:-1], np.diff(bounds)
    at = np.zeros((18, 6), dtype=np.int64)
    for length, places in _SIX_AT.items():
        at[length] = places
    raw = np.frombuffer(data, dtype=np.uint8)
    values = np.frombuffer(_HEX_VALUE, dtype=np.uint8)[raw[starts[:, None] + at[lengths]]].astype(np.int64)
    return values @ (np.int64(16) ** np.arange(5, -1, -1, dtype=np.int64))


_HEX_VALUE = bytes(int(c, 16) if c in "0123456789abcdefABCDEF" else 0 for c in map(chr, range(256)))


class MacClasses:
    """Well-formed MACs by what decides their key (MacBlockKey) without their later digits, from
    their first 24 bits: a locally administered MAC is keyed "LA"; one whose 24-bit block has
    nothing carved from it (no 28- or 36-bit block under it in the IEEE table, no registry MAC
    identifier of any length starting with it) is keyed by the IEEE registrant of that block ('' for
    none, the IEEE's own parent blocks, "Private") and its group bit, as MacBlockKey._key words it
    ("||{org}|{bit}"). A MAC of any other block has no class (-1): its heads decide, as before.

    Exact by MacBlockKey._key: with no registry identifier under the block, every registry lookup
    misses (ids ''), so the block it names is never in the key; with no carved block in the IEEE
    table, the table's answer is the 24-bit block's own entry or none."""

    _made: ClassVar[weakref.WeakKeyDictionary[MacBlockKey, MacClasses]] = weakref.WeakKeyDictionary()
    """Each keyer's table (made once per screener, let go with it)."""

    def __init__(self, keyer: MacBlockKey) -> None:
        import numpy as np

        registry, oui = keyer._registry, keyer._oui
        # 24-bit prefixes with something carved from them, or a registry identifier starting there.
        odd = {p[:6] for n in (7, 9) for p in oui._by_len[n]} | {v[:6] for v, _ in registry.identifiers("mac")}
        self.odd = np.unique(_hex_heads([p for p in odd if _HEX6.fullmatch(p)]))
        table = oui._by_len[6]
        prefixes = [p for p in table if _HEX6.fullmatch(p)]  # the IEEE writes six digits; anything else is never met
        heads = _hex_heads(prefixes)
        order = np.argsort(heads)
        self.ma_l = heads[order]
        # The registrant as MacBlockKey._key keys it: none for the IEEE's own parent blocks and "Private".
        orgs: dict[str, int] = {"": 0}
        named = [table[p][1] for p in prefixes]
        number = np.array([orgs.setdefault("" if o == IEEE_RA or o.strip().lower() == "private" else o, len(orgs))
                           for o in named], dtype=np.int64)
        self.ma_l_org = number[order]
        self.la = 2 * len(orgs)
        """The class of every locally administered MAC; (org number × 2 + group bit) below it."""
        self.size = self.la + 1

    @classmethod
    def of(cls, keyer: MacBlockKey) -> MacClasses:
        made = cls._made.get(keyer)
        if made is None:
            made = cls._made[keyer] = cls(keyer)
        return made

    def classes(self, heads: Any) -> Any:
        """Each MAC's class from its first 24 bits (int64), -1 where its heads decide."""
        import numpy as np

        first = heads >> 16
        org = np.zeros(len(heads), dtype=np.int64)
        if len(self.ma_l):
            at = np.minimum(np.searchsorted(self.ma_l, heads), len(self.ma_l) - 1)
            hit = self.ma_l[at] == heads
            org[hit] = self.ma_l_org[at[hit]]
        out = 2 * org + (first & 1)
        if len(self.odd):
            at = np.minimum(np.searchsorted(self.odd, heads), len(self.odd) - 1)
            out[self.odd[at] == heads] = -1
        out[(first & 2) != 0] = self.la
        return out


_HEX6 = re.compile(r"[0-9A-Fa-f]{6}")


def _hex_heads(texts: list[str]) -> Any:
    """Texts of six hex digits (either case) as integers (int64), read by numpy."""
    import numpy as np

    if not texts:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(len(texts), 6)
    values = np.frombuffer(_HEX_VALUE, dtype=np.uint8)[raw].astype(np.int64)
    return values @ (np.int64(16) ** np.arange(5, -1, -1, dtype=np.int64))


# Folded codes stay below this (int64, with room for the product's last addition).
_FOLD_LIMIT = 1 << 62
# Key numbers are spilled as 4-byte integers: a file with more distinct keys goes by rows.
_MAX_KEYS = 1 << 31


class _Blocks:
    """The file's data records a block at a time, each with its rows' start lines, refs and verdict
    keys (numbered across the file: equal numbers, equal keys). What is kept between blocks is per
    distinct value and per distinct key, never per row."""

    def __init__(self, source: CsvSource, keys: KeyMaker) -> None:
        state = source.state
        index = state.cmap.index
        self.source, self.width, self.index = source, len(state.cmap.headers), index
        # field → column, as the reader fills an item's fields (a role, then what it is also given as).
        self.pos_of = {k: pos for role, pos in index.items()
                       for k in (role, ALSO_AS.get(role)) if k and (k == role or k not in index)}
        self.coders = [(self.pos_of[f], _coder(keys, f, {})) for f in keys.fields if f in self.pos_of]
        self.ids: dict[tuple[int, ...], int] = {}
        """Each verdict key (its parts' codes) → its number."""
        self.keys = keys
        coded = {f: j for j, f in enumerate(f for f in keys.fields if f in self.pos_of)}
        self._slots = [coded.get(f, -1) for f in keys.fields]
        """For each field of the key, its coder's place in :attr:`coders` (-1: no column gives it)."""
        self.made: list[tuple[object, ...]] = []
        """Each key number's verdict key, made from its parts as the screener makes it from a row
        (KeyMaker.key_of_parts): the screener is handed it with the row it screens, not making it
        again (the screener's cache then holds these very tuples)."""

    def read(self, check: bool, spill: Any) -> Iterator[tuple[Any, Any, Any, Any, int, list[int]]]:
        """(body, start lines, refs, key numbers, newlines in cells, rows of keys first seen) per
        block. With ``check`` (the first read): :class:`_Decline` for what the row path reads
        differently, and each row's key number written to the binary file ``spill`` (4 bytes a row
        on disk; None: the caller keeps them); without, the key numbers are read back from it, not
        made again (a third of the second read's CPU)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        next_line, done, header = 1, 0, True
        batches = _batches(self.source, self.width)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
                # Invalid UTF-8, a row with more or fewer cells than the header, or the file is gone.
                raise _Decline from exc
            cols = batch.columns
            if check and not _cells_ok(cols, self.width):
                raise _Decline
            extra = _newlines(cols)
            spans = 1 + extra
            starts = next_line + np.concatenate(([0], np.cumsum(spans[:-1], dtype=np.int64)))
            next_line += int(spans.sum())
            if header:
                batch, starts, header = batch.slice(1), starts[1:], False
            n = batch.num_rows
            if REF in self.index:
                refs = clean_cells(batch.column(self.index[REF]))
            else:
                refs = pc.cast(_ints(np.arange(done + 1, done + n + 1, dtype=np.int64)), pa.string())
            done += n
            if check:
                group, new = self._key_numbers(batch, n)
                if len(self.ids) >= _MAX_KEYS:
                    raise _Decline
                if spill is not None:
                    spill.write(group.astype("<i4").tobytes())
            else:
                group, new = np.frombuffer(spill.read(4 * n), dtype="<i4").astype(np.int64), []
                if len(group) != n:
                    raise InputError("the file changed while it was screened; check it again",
                                     path=str(self.source.path))
            yield batch, starts, refs, group, int(extra.sum()), new

    def _key_numbers(self, body: Any, n: int) -> tuple[Any, list[int]]:
        import numpy as np

        cols = [coder.codes_of(body.column(pos)) for pos, coder in self.coders] or [np.zeros(n, dtype=np.int64)]
        # The rows' combinations of codes, folded field by field into one code (the code so far ×
        # the next field's number of codes + its code): in the order np.unique(axis=0) gives the
        # combinations, at a tenth of its CPU. Made dense again (np.unique) only when the next
        # product could pass 2**62: one sort a block or two instead of one per field (the sorts
        # were ~8 % of `check` at 1,000,000 rows); both foldings order the combinations alike.
        folded = cols[0]
        span = int(folded.max(initial=0)) + 1
        for col in cols[1:]:
            radix = int(col.max(initial=0)) + 1
            if span * radix >= _FOLD_LIMIT:
                folded = np.unique(folded, return_inverse=True)[1].reshape(-1)
                span = int(folded.max(initial=0)) + 1
            folded = folded * radix + col
            span *= radix
        _, first, inverse = np.unique(folded, return_index=True, return_inverse=True)
        combos = np.stack([col[first] for col in cols], axis=1)
        numbers = np.empty(len(combos), dtype=np.int64)
        new = []
        names = [coder.names for _, coder in self.coders]
        for u, (combo, at) in enumerate(zip(map(tuple, combos.tolist()), first.tolist(), strict=True)):
            number = self.ids.get(combo)
            if number is None:
                number = self.ids[combo] = len(self.ids)
                new.append(at)
                self.made.append(self._key_of(combo, names))
            numbers[u] = number
        return numbers[inverse.reshape(-1)], new

    def _key_of(self, combo: tuple[int, ...], names: list[list[str]]) -> tuple[object, ...]:
        """The verdict key of a combination of codes: each field's part ('' for a field no column
        gives), then the facts of a flat row (KeyMaker.key_of_parts; a key reading the ref is never
        made by columns)."""
        return self.keys.key_of_parts([names[j][combo[j]] if j >= 0 else "" for j in self._slots], "")


def screen_csv(source: CsvSource, screener: Screener, out_factory: Callable[[], Any],
               progress: Callable[[int], None] | None = None,
               one_read_budget: int | None = None) -> Tally | None:
    """Screen ``source`` by columns and write the CSV format to the stream ``out_factory()`` opens;
    None, with nothing opened, for a file the row path must read (the caller screens it as before).

    A parse block at a time, the first read checks every block, keys its rows and screens each key
    the first time a row has it; then each block's rows are written from their keys' cells. A file
    whose parsed blocks fit ``one_read_budget`` bytes (:func:`held_bytes`; default
    :data:`ONE_READ_BUDGET`) is read once, its blocks held until written. A larger one is read
    twice, the second read writing (each
    row's key number kept from the first read in a temporary file: 4 bytes a row on disk), so
    memory holds a block, the keys and their cells, and 8 bytes per row (a hash of each ref, to
    find a repeated id before anything is written). Both write the same bytes."""
    import tempfile

    keys = KeyMaker(screener)
    if not keys.by_column or keys.per_ref:
        return None  # a waiver naming items makes each row its own key: the row path is as fast
    lines = bytes_ok(source)
    if lines is None:
        return None
    budget = ONE_READ_BUDGET if one_read_budget is None else one_read_budget
    if held_bytes(source.path.stat().st_size, lines, len(source.state.cmap.headers)) <= budget:
        return _screen_blocks(source, screener, keys, lines, out_factory, progress, None)
    with tempfile.TemporaryFile() as spill:
        return _screen_blocks(source, screener, keys, lines, out_factory, progress, spill)


def _screen_blocks(source: CsvSource, screener: Screener, keys: KeyMaker, lines: int,
                   out_factory: Callable[[], Any], progress: Callable[[int], None] | None,
                   spill: Any | None) -> Tally | None:
    """:func:`screen_csv`'s reads: with a ``spill`` file two, without one (its blocks held)."""
    import numpy as np

    stat = source.path.stat()
    blocks = _Blocks(source, keys)
    decided: list[Decided] = []
    pending: list[Item] = []  # the first row of each key not screened yet
    records, rows, hashes = 1, 0, []
    held: list[tuple[Any, Any, Any, Any]] = []  # one read: each block's body, start lines, refs, key numbers
    by_id = REF in blocks.index  # without an id column refs are row numbers: never blank or repeated
    positions = sorted(set(blocks.pos_of.values()))
    try:
        for body, starts, refs, group, extra, new in blocks.read(True, spill):
            records += extra
            n = body.num_rows
            rows += n
            if by_id and n:
                if _min_length(refs) == 0:
                    raise _Decline  # a blank id: the reader numbers it
                hashes.append(np.fromiter(map(hash, refs.to_pylist()), np.int64, n))
            if spill is None:
                held.append((body, starts, refs, group.astype(np.int32)))
            if new:
                scratch = _Scratch(source.state, blocks.width, body, positions, refs, starts)
                pending += scratch.items(new)
                if len(pending) >= SCREEN_KEYS:
                    decided += _on_two_cores(screener, pending, KEY, blocks.made[len(decided):])
                    pending = []
        decided += _on_two_cores(screener, pending, KEY, blocks.made[len(decided):])
        del pending
    except _Decline:
        return None
    if not rows or rows + records != lines:
        return None  # no data rows, or physical lines no record accounts for (blank lines)
    if hashes:
        every = np.concatenate(hashes)
        hashes.clear()
        every.sort()  # in place: no third copy of 8 bytes a row
        if np.any(every[1:] == every[:-1]):
            return None  # a repeated id (the reader suffixes it), or two ids of one hash: the row path
        del every
    now = source.path.stat()
    if (now.st_size, now.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
        return None  # the file changed while it was read
    counts = np.zeros(len(DECISIONS), dtype=np.int64)
    keyed = _Keyed(decided, screener, blocks.pos_of, blocks.made)
    if spill is not None:
        spill.seek(0)
    with out_factory() as out:
        writer = _Writer(out)
        for body, starts, refs, group in _written(blocks, spill, held):
            scratch = _Scratch(source.state, blocks.width, body, positions, refs, starts)
            which, suffixes, decision = keyed.rows(screener, scratch, body, blocks.pos_of, group)
            counts += np.bincount(decision, minlength=len(DECISIONS))
            writer.block(refs, starts, which, suffixes)
            if progress is not None:
                progress(body.num_rows)
        writer.close()
    source.state.rows_in = rows
    return Tally(rows, {name: int(counts[code]) for code, name in enumerate(DECISIONS)})


def _written(blocks: _Blocks, spill: Any | None, held: list[tuple[Any, Any, Any, Any]]) -> Iterator[tuple[Any, Any, Any, Any]]:
    """The blocks to write, in file order: read again (``spill`` holds their key numbers), or the
    held ones, each let go once written."""
    if spill is not None:
        for body, starts, refs, group, _extra, _new in blocks.read(False, spill):
            yield body, starts, refs, group
        return
    import numpy as np

    held.reverse()
    while held:
        body, starts, refs, group = held.pop()
        yield body, starts, refs, group.astype(np.int64)


def _min_length(refs: Any) -> int:
    import pyarrow.compute as pc

    return int(pc.min(pc.utf8_length(refs)).as_py() or 0)


class _Keyed:
    """Each key's decided cells, and how a block's rows are written from them."""

    def __init__(self, decided: list[Decided], screener: Screener, pos_of: dict[str, int],
                 made: list[tuple[object, ...]]) -> None:
        import numpy as np

        self.cells = _strings([d.cells for d in decided])
        self.decision = np.array([d.decision for d in decided], dtype=np.int8)
        self.how = np.array([d.how for d in decided], dtype=np.int8)
        self.before = _strings([d.before for d in decided])
        self.after = _strings([d.after for d in decided])
        self.own_fields = _own_fields(decided)
        self.made = made
        self.uses = _Uses(screener, pos_of, made)

    def rows(self, screener: Screener, scratch: _Scratch, body: Any, pos_of: dict[str, int],
             group: Any) -> tuple[Any, Any, Any]:
        """(each row's index into the suffixes, the suffixes, each row's decision code) of a block."""
        import numpy as np
        import pyarrow as pa

        used = np.unique(group)
        tables: list[Any] = [self.cells.take(_ints(used))]
        which = np.searchsorted(used, group)
        decision = self.decision[group]
        how = self.how[group]
        # Rows whose key's result quotes the first row's own MAC or sysObjectID as its top evidence:
        # the key's cells with the row's own value (cleaned by Arrow as the reader cleans it) between.
        _own_values(tables, which, how, np.arange(len(group)), group, self.own_fields, self.before,
                    self.after, body, pos_of)
        # Rows whose key's sentences quote the first row's stated use: written from the result of
        # the first row of their (key, stated use) as the rows of a key are written from its first.
        folded = np.flatnonzero(how == PER_USE)
        if len(folded):
            uses = self.uses
            number = uses.numbers(screener, scratch, body, group, folded)
            met = np.unique(number)
            which[folded] = sum(len(t) for t in tables) + np.searchsorted(met, number)
            tables.append(uses.cells.take(_ints(met)))
            decision[folded] = uses.decision[number]
            how[folded] = uses.how[number]
            _own_values(tables, which, how, folded, number, uses.own_fields, uses.before, uses.after, body, pos_of)
        # Rows screened each: their key's or use's sentences quote the first row's MAC or
        # sysObjectID, or their own value is one the csv module quotes (from the screener's cache,
        # deciding afresh where the pack's sentence names its own value).
        requote = np.flatnonzero(how == PER_ROW)
        if len(requote):
            made = self.made
            own = _on_two_cores(screener, list(scratch.items(requote.tolist())), CELLS,
                                [made[g] for g in group[requote].tolist()])
            which[requote] = sum(len(t) for t in tables) + np.arange(len(requote))
            decision[requote] = [d.decision for d in own]
            tables.append(_strings([d.cells for d in own]))
        return which, pa.concat_arrays(tables), decision


def _own_fields(decided: list[Decided]) -> dict[str, Any]:
    """The entries of ``decided`` written with a row's own value, by the field of that value."""
    import numpy as np

    return {f: np.array([g for g, d in enumerate(decided) if d.how == OWN_VALUE and d.field == f], dtype=np.int64)
            for f in sorted({d.field for d in decided if d.how == OWN_VALUE})}


def _own_values(tables: list[Any], which: Any, how: Any, rows: Any, entry: Any, own_fields: dict[str, Any],
                before: Any, after: Any, body: Any, pos_of: dict[str, int]) -> None:
    """Write the ``rows`` (of a block) whose entry (``entry``, one per row of ``rows``: a key's or
    a use's number) is :data:`OWN_VALUE` as the entry's cells around the row's own value: a table
    appended to ``tables``, each row's place in ``which``; a row whose value the csv module quotes
    or guards is turned :data:`PER_ROW` in ``how``."""
    import numpy as np
    import pyarrow.compute as pc

    for f, entries in own_fields.items():
        at = np.flatnonzero((how[rows] == OWN_VALUE) & np.isin(entry, entries))
        if not len(at):
            continue
        own = rows[at]
        values = clean_cells(body.column(pos_of[f]).take(_ints(own)))
        odd = pc.or_(pc.match_substring_regex(values, _NEEDS_QUOTES), pc.match_substring_regex(values, _FORMULA))
        plain = np.flatnonzero(_np(pc.invert(odd)))
        how[own[np.flatnonzero(_np(odd))]] = PER_ROW  # the csv module writes those
        of = _ints(entry[at[plain]])
        tables.append(pc.binary_join_element_wise(before.take(of), values.take(_ints(plain)), after.take(of), _text("")))
        which[own[plain]] = sum(len(t) for t in tables[:-1]) + np.arange(len(plain))


class _Uses:
    """The rows of keys whose sentences quote the first row's stated use (:data:`PER_USE`), by
    (key, stated use): the first row of each screened once, for the whole file. The screener
    decides such a row afresh whenever its use differs from the one its key quotes, from the row's
    fields; rows of one key and one use text differ only in what the key holds by block or
    enterprise number (a MAC, a sysObjectID), and their results only where they quote those: the
    first row's result is each one's, with its own MAC or sysObjectID in the evidence (its cells
    written as :data:`OWN_VALUE` rows are), unless its sentences quote its MAC or sysObjectID
    (then :data:`PER_ROW`). At 1,000,000 generated rows: 14,464 rows, 4,814 (key, use) pairs."""

    def __init__(self, screener: Screener, pos_of: dict[str, int], made: list[tuple[object, ...]]) -> None:
        import numpy as np

        # The use fields: what the key holds coarser than its text, but for a MAC or sysObjectID.
        fields = [f for f in screener.reworded if f not in _REQUOTED]
        self.positions = sorted({pos_of[f] for f in fields if f in pos_of})
        self.made = made
        self.numbered: dict[tuple[object, ...], int] = {}
        """(key number, the use columns' raw cells) → its number (the reader's cleaning of a raw cell
        is a function of it, so equal raw cells are equal fields)."""
        self.decided: list[Decided] = []
        self.cells = self.before = self.after = _strings([])
        self.decision = np.zeros(0, dtype=np.int8)
        self.how = np.zeros(0, dtype=np.int8)
        self.own_fields: dict[str, Any] = {}

    def numbers(self, screener: Screener, scratch: _Scratch, body: Any, group: Any, rows: Any) -> Any:
        """Each of ``rows``' (key, use) number, screening the first row of a pair not met before."""
        import numpy as np
        import pyarrow.compute as pc

        at = _ints(rows)
        code = group[rows]
        columns = [body.column(pos).take(at) for pos in self.positions]
        for column in columns:  # folded a column at a time, made dense again (as _Blocks._key_numbers)
            enc = pc.dictionary_encode(column)
            idx = _np(enc.indices).astype(np.int64)
            code = np.unique(code * len(enc.dictionary) + idx, return_inverse=True)[1].reshape(-1)
        _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        firsts = _ints(first)
        texts = [c.take(firsts).to_pylist() for c in columns]
        pairs = zip(group[rows[first]].tolist(), *texts, strict=True) if texts else ((g,) for g in group[rows[first]].tolist())
        number = np.empty(len(first), dtype=np.int64)
        new: list[int] = []
        for u, pair in enumerate(pairs):
            n = self.numbered.get(pair)
            if n is None:
                n = self.numbered[pair] = len(self.numbered)
                new.append(int(rows[first[u]]))
            number[u] = n
        if new:
            self._add(_on_two_cores(screener, list(scratch.items(new)), USE, [self.made[g] for g in group[new].tolist()]))
        return number[inverse.reshape(-1)]

    def _add(self, decided: list[Decided]) -> None:
        import numpy as np

        self.decided += decided
        every = self.decided
        self.cells = _strings([d.cells for d in every])
        self.before = _strings([d.before for d in every])
        self.after = _strings([d.after for d in every])
        self.decision = np.array([d.decision for d in every], dtype=np.int8)
        self.how = np.array([d.how for d in every], dtype=np.int8)
        self.own_fields = _own_fields(every)


DECISIONS = ("exclude", "review", "allow", "unknown")
HEADER_DECISION = {d: i for i, d in enumerate(DECISIONS)}
# What makes the csv module quote a cell under the writer's dialect (excel, "\n" line ends).
_NEEDS_QUOTES = r'[,"\r\n]'
# A cell csv_format.safe guards against a spreadsheet running it as a formula.
_FORMULA = r"^[=+\-@\t\r]"


def _cells(writer: Any, buf: io.StringIO, row: tuple[Any, ...]) -> str:
    """``row`` as the csv module writes it (with its line end)."""
    buf.seek(0)
    buf.truncate()
    writer.writerow(row)
    return buf.getvalue()


def _plain_refs(refs: Any) -> bool:
    """Whether no ref is one the csv module quotes or csv_format.safe guards, from the bytes
    (:data:`_NEEDS_QUOTES` anywhere, :data:`_FORMULA` first): the two regexes over every ref only
    when some byte could be one."""
    import numpy as np

    spans = _cell_bytes(refs)
    if spans is None:
        return False
    data, at = spans
    if np.isin(data, _QUOTED_BYTES).any():
        return False
    full = at[1:] > at[:-1]
    return not np.isin(data[at[:-1][full]], _FORMULA_BYTES).any()


# The bytes of _NEEDS_QUOTES and of _FORMULA's first character.
_QUOTED_BYTES = list(b',"\r\n')
_FORMULA_BYTES = list(b"=+-@\t\r")


class _Writer:
    """The CSV format's rows, a block at a time, built by Arrow: each row's ref and line cells, then
    its key's (or its own) cells after them, written by the csv module once per key. A ref the csv
    module would quote or guard (a formula's first character) is written by the csv module itself."""

    def __init__(self, out: Any) -> None:
        self._buf = io.StringIO()
        self._csv = csv.writer(self._buf, lineterminator="\n")
        self._comma = _text(",")
        self._out = out
        raw: Any = getattr(out, "buffer", None)
        self._raw = raw
        # Bytes straight to the stream's buffer when the stream would encode them as UTF-8 anyway.
        enc = str(getattr(out, "encoding", "")).lower().replace("-", "").replace("_", "")
        self._utf8 = raw is not None and enc == "utf8"
        head = _cells(self._csv, self._buf, HEADER)
        if self._utf8:
            out.flush()
            raw.write(head.encode("utf-8"))
        else:
            out.write(head)

    def block(self, refs: Any, lines: Any, which: Any, suffixes: Any) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(refs):
            return
        if _plain_refs(refs):
            odd_at: Any = ()
        else:
            odd = pc.or_(pc.match_substring_regex(refs, _NEEDS_QUOTES), pc.match_substring_regex(refs, _FORMULA))
            odd_at = np.flatnonzero(_np(odd))
        if len(odd_at):
            fixed = [_cells(self._csv, self._buf, (safe(r), 0))[:-3] for r in refs.take(_ints(odd_at)).to_pylist()]
            refs = pc.replace_with_mask(refs, odd, _strings(fixed))
        rows = pc.binary_join_element_wise(refs, pc.cast(_ints(lines), pa.string()), suffixes.take(_ints(which)), self._comma)
        offsets = rows.buffers()[1]
        first, last = np.frombuffer(offsets, dtype=np.int32, count=len(rows) + 1, offset=rows.offset * 4)[[0, -1]]
        chunk = memoryview(rows.buffers()[2])[first:last]
        if self._utf8:
            self._raw.write(chunk)
        else:
            self._out.write(bytes(chunk).decode("utf-8"))

    def close(self) -> None:
        if self._utf8:
            self._raw.flush()


class _Scratch:
    """Items for chosen rows, built by the reader's own row code (cleaning, fields, what each role
    is also given as), with the ref and line the whole-file read gives them."""

    def __init__(self, state: Any, width: int, body: Any, positions: list[int], refs: Any, lines: Any) -> None:
        from supplyscreen.sources.table import TableState

        self._state = TableState(state.path, state.format, state.encoding, state.cmap, state.kind)
        self._width = width
        self._body, self._positions = body, positions
        self._refs, self._lines = refs, lines

    def items(self, rows: list[int]) -> Iterator[Item]:
        import dataclasses


        at = _ints(rows)
        columns = [(pos, self._body.column(pos).take(at).to_pylist()) for pos in self._positions]
        refs = self._refs.take(at).to_pylist()
        lines = self._lines[rows].tolist()
        for i in range(len(rows)):
            cells = [""] * self._width
            for pos, values in columns:
                cells[pos] = values[i]
            self._state.reset()
            made = self._state.item(cells, lines[i])
            ref = refs[i]
            yield dataclasses.replace(made, ref=ref) if made.ref != ref else made


# Arrow memory one read may hold (the parsed blocks, as :func:`held_bytes` estimates them); a file
# that would hold more is read twice. On the 1,000,000-row benchmark file `check` holds ~550 MB
# once the keys are screened (the registry ~230 MB, the screener's caches, the keys' cells), and one
# read peaked at ~730 MB holding 150 MB: 256 MiB held leaves ~100 MB under the 1 GB for a
# longer file's extra keys (benchmarks/README.md, "One read for files that fit").
ONE_READ_BUDGET = 256 << 20

# What one read holds per row beyond the file's bytes: a 4-byte offset per cell and per cleaned
# ref, the start line (8 bytes) and the key number (4). The 1,000,000-row benchmark file (110.9 MB,
# 9 columns) held 150.4 MB of Arrow memory when read; this estimates 162.9 MB.
_HELD_PER_ROW = 12


def held_bytes(size: int, lines: int, width: int) -> int:
    """What one read of a file of ``size`` bytes, ``lines`` lines and ``width`` columns holds: the
    cells' bytes (at most the file's, with the cleaned refs' copy) and per row their offsets,
    start line and key number (an estimate above the measured; see :data:`_HELD_PER_ROW`)."""
    return size + lines * (4 * (width + 1) + _HELD_PER_ROW)


# New keys' first rows screened together (at most this many Items held): few forks, as each
# fork's child takes its cache with it (1,000,000 generated rows hold ~130,000 keys: three).
SCREEN_KEYS = 50_000

# Rows below which screening is not split between two processes: forking and sending results back
# cost ~0.1 s, what a few hundred new keys cost to screen.
TWO_CORES_MIN = 2_000

# How the rows of a key other than its first are written.
SHARED = 0
"""With the first row's cells (its result quotes none of its own values, or not in the cells)."""
OWN_VALUE = 1
"""With the first row's cells around the row's own value of ``Decided.field`` (its top evidence)."""
PER_ROW = 2
"""Screened each (the key's sentences quote the first row's MAC or sysObjectID)."""
PER_USE = 3
"""As the first row of their (key, stated use) are written (the key's sentences quote the first
row's stated use, and neither its MAC nor its sysObjectID: :class:`_Uses`)."""

# What _screen_rows works out besides each item's cells: nothing (a row screened on its own), how
# the other rows of its key are written (the first row of a key), or of its (key, use) (_Uses).
CELLS, KEY, USE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Decided:
    """A row's CSV cells after ref and line (as the csv module writes them, line end included), its
    decision's code, and how the other rows of its key are written (:data:`SHARED` ...)."""

    cells: str
    decision: int
    how: int = SHARED
    field: str = ""
    before: str = ""
    """For :data:`OWN_VALUE`: the cells before the value, with the comma after them."""
    after: str = ""
    """For :data:`OWN_VALUE`: the cells after the value, with the comma before them."""


def _screen_rows(screener: Screener, items: list[Item], ways: int = KEY,
                 keys: list[tuple[object, ...]] | None = None) -> list[Decided]:
    """Each item's cells and decision, and how other rows are written from them: of its key
    (``ways`` :data:`KEY`: the first row of each key), of its (key, stated use) (:data:`USE`), or
    nothing (:data:`CELLS`: a row screened on its own needs only its cells). ``keys``: each item's
    verdict key, made from the columns (:attr:`_Blocks.made`), handed to the screener with it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    out = []
    shared: Shared = {}
    for n, item in enumerate(items):
        if keys is not None and not item.problem:
            screener.known_key(item, keys[n])
        if ways == USE:
            result, quoted = screener.screen_spoken(item)
        else:
            result = screener.screen_item(item)
        tail = tail_cells(result, shared)
        cells, code = _cells(writer, buf, tail), HEADER_DECISION[str(tail[0])]
        if ways == CELLS:
            out.append(Decided(cells, code))
            continue
        if ways == KEY:
            # What quotes_row(result, screener) asks, with the screener asked once (its answer is
            # the PER_ROW test below too).
            quoted = screener.quoted_values(result.item)
        if not quoted and not any(m.field in _REQUOTED for m in result.matches):
            out.append(Decided(cells, code))
            continue
        # The screener gives another row of this key the same decision, rules and sentences, its own
        # MAC and sysObjectID quoted in the evidence, unless the sentences quote the first row's
        # value of a field the key holds coarser than its text (a MAC, a sysObjectID, a stated use:
        # then it decides that row afresh, Screener.screen_item). A row of the same key and stated
        # use (ways USE) is decided afresh only as this one was: it takes this row's sentences
        # unless they quote this row's MAC or sysObjectID.
        top = result.matches[0] if result.matches else None
        if any(f in _REQUOTED for f, _ in quoted):
            out.append(Decided(cells, code, PER_ROW))
        elif quoted and ways == KEY:
            out.append(Decided(cells, code, PER_USE))
        elif top is not None and top.field in _REQUOTED:
            out.append(Decided(cells, code, OWN_VALUE, top.field, _cells(writer, buf, (*tail[:2], ""))[:-1],
                               _cells(writer, buf, ("", *tail[3:]))))
        else:
            out.append(Decided(cells, code))  # the evidence quoted is not the one the cells show
    return out


def _by_evidence(screener: Screener, keys: list[tuple[object, ...]] | None) -> list[int] | None:
    """The keys' positions ordered by their evidence keys (the MAC's block first, then the texts:
    roles in name order), or None when they are in that order already or cannot be compared.
    Split in two halves so ordered, keys that share a MAC block or a maker's spelling fall in one
    process: the evidence finder remembers each block's and each spelling's evidence in the
    process that finds it first, so a block or spelling met in both halves was found twice (at
    200,000 generated rows, in key order: 1,551 of 5,906 spellings and 2,260 of 4,429 MAC classes
    in both halves; ordered: 373 and none)."""
    if not keys:
        return None
    evidence = screener.evidence_key
    try:
        parts: list[Any] = [evidence(k) for k in keys]
        order = sorted(range(len(keys)), key=parts.__getitem__)
    except TypeError:  # a key holding parts of other kinds (None beside a text): as it comes
        return None
    return None if all(i == j for i, j in enumerate(order)) else order


def _on_two_cores(screener: Screener, items: list[Item], ways: int = KEY,
                  keys: list[tuple[object, ...]] | None = None) -> list[Decided]:
    """:func:`_screen_rows`, the second half in a forked child (which inherits the loaded registry
    and screener) when there are two cores and enough rows; one process otherwise. Verdicts do not
    depend on which process screens a key first (the screener quotes each row's own values)."""
    import multiprocessing
    import os

    if len(items) < TWO_CORES_MIN or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _screen_rows(screener, items, ways, keys)
    order = _by_evidence(screener, keys)
    if order is not None:
        # Each half screened in the order of its keys' evidence, and the results put back in the
        # items' order (a result does not depend on which process screens it, nor when).
        assert keys is not None
        done = _on_two_cores(screener, [items[i] for i in order], ways, [keys[i] for i in order])
        back: list[Decided] = [done[0]] * len(done)
        for j, i in enumerate(order):
            back[i] = done[j]
        return back
    half = len(items) // 2
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(_screen_rows(screener, items[half:], ways, keys and keys[half:]))
        except Exception:  # the parent screens this half itself
            send.send(None)
        finally:
            send.close()

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    try:
        first = _screen_rows(screener, items[:half], ways, keys and keys[:half])
        try:
            second = recv.recv()
        except EOFError:
            second = None
    finally:
        proc.join()
    return first + (second if second is not None else _screen_rows(screener, items[half:], ways, keys and keys[half:]))
