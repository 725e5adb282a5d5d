"""CSV and TSV item lists and inventory exports, streamed.

The encoding and the delimiter are decided from the first bytes; the header row is the row among
the first few that names the most roles (a title row such as 「IT機器調達リスト」 may sit above
it). Then the file is read row by row: a 2 GB export costs one row of memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from supplyscreen.errors import InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.columns import (
    HEADER_SCAN_ROWS,
    header_score,
    map_columns,
    missing_overrides,
    no_columns_error,
    pick_header,
)
from supplyscreen.sources.limits import LIMITS, line_count
from supplyscreen.sources.table import TableState
from supplyscreen.sources.text import HEAD_BYTES, Encoding, clean_value, detect_encoding, open_text, read_head

FIELD_SIZE_LIMIT = 16 * 1024 * 1024
"""Largest single cell accepted (16 MiB): far above any real description, yet bounds the memory an
unclosed quote can swallow before the row is reported as unreadable."""

SNIFF_LINES = 50
"""Lines of the head sample used to choose the delimiter: enough to outvote a title row and a few
odd rows, cheap on any file."""

DELIMITERS = (",", "\t", ";", "|")

_SEP_HINT = re.compile(r"^\ufeff?sep=(.)\s*$")  # Excel's "sep=;" first line

csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))


def sniff_delimiter(sample: str, prefer_tab: bool) -> tuple[str, str]:
    """The delimiter that best splits the sample into a recognisable header and even rows.

    Candidates are ranked by how many roles their best header row names, then by how many rows
    share the most common cell count, then by that count; so names like "Cisco Systems, Inc." in
    a semicolon file do not make it look comma-separated. An Excel ``sep=`` first line decides.
    """
    lines = sample.splitlines()[:SNIFF_LINES]
    if lines and (hint := _SEP_HINT.match(lines[0])):
        return hint.group(1), f"delimiter {hint.group(1)!r} from the file's sep= line"
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best: tuple[int, int, int, int] = (0, 0, 0, 0)
    chosen = order[0]
    for rank, delim in enumerate(order):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        named = max(header_score(r[:LIMITS.columns]) for r in rows[:HEADER_SCAN_ROWS])
        score = (named, count, width, -rank)
        if score > best:
            best, chosen = score, delim
    if best == (0, 0, 0, 0):
        return chosen, "one column (no delimiter found)"
    return chosen, f"delimiter {chosen!r}"


class CsvSource:
    """A delimited text file read as an item list or device inventory."""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        shown = str(path)
        head = read_head(path)
        complete = len(head) < HEAD_BYTES
        self.encoding: Encoding = detect_encoding(head, complete=complete, forced=options.encoding, path=shown)
        sample = codecs.getincrementaldecoder(self.encoding.codec)("replace").decode(head, final=complete)
        if not sample.strip("\ufeff \t\r\n\x00"):
            raise InputError("the file is empty", path=shown)
        self.delimiter, delim_note = sniff_delimiter(sample, prefer_tab=path.suffix.lower() in (".tsv", ".tab"))
        records: list[tuple[int, list[str]]] = []
        named_total: dict[int, int] = {}
        with open_text(path, self.encoding) as fh:
            reader = self._reader(fh)
            while len(records) < HEADER_SCAN_ROWS:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    continue
                if any(c.strip() for c in row):
                    records.append((start, [clean_value(c).value for c in row[:LIMITS.columns]]))
                    if len(row) > LIMITS.columns:  # the header search reads a cut row; the error counts all
                        named_total[start] = sum(1 for c in row if c.strip())
        rows = [r for _, r in records]
        pick = pick_header(rows, options.columns)
        if pick is None:
            first = records[0] if records else (None, [])
            raise no_columns_error(shown, first[1], first[0], named_total.get(first[0]) if first[0] else None)
        self.header_record = pick
        self.header_line = records[pick][0]
        header = rows[pick]
        self.width = len(header)
        missing = missing_overrides(header, options.columns)
        if missing:
            raise InputError(
                f"column(s) {', '.join(map(repr, missing))} given by flags not in the header; "
                f"headers are: {', '.join(repr(h) for h in header if h)}",
                path=shown, line=self.header_line)
        cmap = map_columns(header, options.columns)
        notes = [self.encoding.note, delim_note]
        if self.header_line > 1:
            notes.append(f"header row is line {self.header_line}; lines above it skipped")
        self.state = TableState(shown, "tsv" if self.delimiter == "\t" else "csv", self.encoding.name, cmap,
                                options.kind, notes)

    def _reader(self, fh: Iterable[str]) -> Any:  # csv's reader type is private to _csv
        # strict: a quoted cell never closed, or text after a closing quote, is an error naming the
        # line (see items_from), not text to guess at.
        return csv.reader(fh, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=True)

    @property
    def info(self) -> SourceInfo:
        return self.state.info

    @property
    def rows_in(self) -> int:
        return self.state.rows_in

    def items(self) -> Iterator[Item]:
        with open_text(self.path, self.encoding) as fh:
            yield from self.items_from(fh)

    def items_from(self, fh: Iterator[str], past_header: bool = False, rows_before: int = 0,
                   lines_before: int = 0) -> Iterator[Item]:
        """Items from an open text stream of this file's records (all of it, or a slice of it for a
        parallel worker: ``past_header`` when the slice starts below the header, with the data rows
        and physical lines that come before it, so refs and line numbers equal a whole-file read)."""
        state = self.state
        state.reset()
        state.rows_in = rows_before
        reader = self._reader(fh)
        header = self.header_record
        seen = header if past_header else -1  # non-blank records read; the header is record number `header`
        base = lines_before + 1
        start = base  # the physical line the next record starts on
        merged = False  # a record that looks like merged rows has been noted (once per read: it is a hint)
        while True:
            try:
                # A plain loop over the reader: a million-row file spends most of its reading here.
                for row in reader:
                    if "".join(row).strip():  # some cell is not blank, as any(c.strip() ...) asks
                        seen += 1
                        if seen > header:
                            yield state.item(row, start)
                    elif seen >= header:
                        state.counts.blank += 1
                    end = base + reader.line_num
                    if end - start > 1 and seen > header and not merged and _lines_are_rows(row, self.delimiter,
                                                                                             self.width):
                        merged = True
                        state.counts.extra.append(
                            f"line {start}: one row spans lines {start}-{end - 1} through a quoted cell, and each "
                            "of those lines reads as a whole row of its own: a stray quote may have merged rows "
                            "(check the file there)")
                    start = end
                break
            except csv.Error as exc:
                # Strict: a record the csv grammar cannot read has lost its boundaries (an open quote
                # runs into the next rows), so the rows after it cannot be counted: the run stops
                # (exit 2) naming the line, rather than screen a file whose rows were merged.
                raise InputError(f"cannot be read as CSV: {_plain(exc)}", path=str(self.path),
                                 line=start) from None
        if state.rows_in == 0:
            state.counts.extra.append("no data rows below the header")

    def rows_over(self, limit: int) -> int | None:
        """The data rows counted once they pass ``limit``, else None (``limits.check_rows``). The
        physical lines below the header are counted first, at disk speed: never fewer than the rows,
        so a file within the limit is read no further. Only a file with more lines is read as
        records, as :meth:`items_from` counts them, and only until they pass the limit; a record the
        csv grammar cannot read ends the count (the read reports it, naming its line)."""
        if line_count(self.path) - self.header_line <= limit:
            return None
        rows, seen, header = 0, -1, self.header_record
        with open_text(self.path, self.encoding) as fh:
            try:
                for row in self._reader(fh):
                    if "".join(row).strip():  # some cell is not blank, as items_from counts
                        seen += 1
                        if seen > header:
                            rows += 1
                            if rows > limit:
                                return rows
            except csv.Error:
                return None
        return None

    def count_before(self, fh: Iterator[str]) -> tuple[int, int] | None:
        """(data rows, physical lines) in ``fh``, a stream of this file's first bytes up to a split
        point, counted exactly as :meth:`items_from` would; None when the split point falls inside a
        quoted cell (the stream then does not end on a record boundary)."""
        sentinel = "\x00supplyscreen split\x00"
        reader = self._reader(itertools.chain(fh, (sentinel + "\n",)))
        seen = -1
        rows = 0
        last: list[str] = []
        header = self.header_record
        ended = False
        while not ended:
            try:
                # A plain loop over the reader (the child counts half a file before it can start).
                for last in reader:
                    if last == [sentinel]:
                        ended = True
                        break
                    if "".join(last).strip():  # some cell is not blank, as any(c.strip() ...) asks
                        seen += 1
                        if seen > header:
                            rows += 1
                else:
                    ended = True
            except csv.Error:
                last = []
                if seen >= header:
                    rows += 1
        # The sentinel line is a record of its own only when the split point is a record boundary.
        if last == [sentinel] and seen >= header:
            return rows, reader.line_num - 1  # the sentinel's own line is not the file's
        return None


def _lines_are_rows(row: list[str], delimiter: str, width: int) -> bool:
    """Whether each physical line of a record that spans several lines has, read on its own, as many
    cells as the header: what two rows merged by a stray quote look like (a multi-line description
    or address rarely does, as its later lines hold a fragment of one cell)."""
    lines: list[int] = [0]  # cells seen on each physical line so far
    for cell in row:
        parts = cell.split("\n")
        lines[-1] += 1 + parts[0].count(delimiter)
        for part in parts[1:]:
            lines.append(1 + part.count(delimiter))
    return len(lines) > 1 and all(n == width for n in lines)


def _looks_textual(path: Path, head: bytes) -> bool:
    """Anything that is not a zip (XLSX) and does not start like JSON is tried as delimited text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return not head.startswith(b"PK\x03\x04") and not stripped.startswith((b"{", b"["))


register_reader(Reader(
    name="csv",
    open=CsvSource,
    extensions=(".csv", ".tsv", ".tab", ".txt"),
    guess=_looks_textual,
))


def _plain(exc: csv.Error) -> str:
    """The csv module's message, with what it means for the file."""
    text = str(exc)
    if "unexpected end of data" in text:
        return ("a quoted cell opened on this line is never closed, so every line after it up to the end of "
                "the file was read into it; close the quote or remove it")
    if "expected after" in text:
        return (f"{text}: a quoted cell that starts on this line is followed by text after its closing "
                "quote (a stray quote, e.g. an inch mark, can merge the rows in between); quote the whole "
                "cell or remove the quote")
    return text
