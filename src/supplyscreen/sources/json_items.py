"""JSON item lists: an array of objects, ``{"items": [...]}``, or JSON Lines (one object a line).

Object keys are the headers. An entry that is not an object is kept as an item with a problem, so
``rows_in`` still counts it. JSON Lines are streamed; a whole JSON document has to be parsed at
once, so it is refused above :data:`MAX_JSON_BYTES` with a pointer to JSON Lines.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from supplyscreen.errors import EncodingError, InputError
from supplyscreen.model import Item, SourceInfo
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.columns import map_columns, missing_overrides, no_columns_error
from supplyscreen.sources.limits import json_loads
from supplyscreen.sources.table import TableState
from supplyscreen.sources.text import HEAD_BYTES, Encoding, detect_encoding, open_text, read_head

MAX_JSON_BYTES = 512 * 1024 * 1024
"""Largest JSON document parsed whole (512 MiB, a few GiB of Python objects); beyond that, JSON
Lines stream in constant memory."""

JSONL_SCAN_LINES = 1000
"""JSON Lines objects whose keys decide the columns: exports write the same keys on every line,
so a thousand lines find them all without reading the whole file twice."""

LIST_KEYS = ("items", "rows", "data", "records", "devices", "suppliers", "inventory")
"""Keys under which a wrapping object may hold the list (``{"items": [...]}``)."""

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _value(value: object) -> str | None:
    """A JSON value as cell text: nested names flattened, lists joined with "; "."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        name = value.get("name")
        return _value(name) if name is not None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(v for v in (_value(x) for x in value) if v)
    return str(value)


def _keys(objects: Sequence[object]) -> list[str]:
    seen: dict[str, None] = {}
    for obj in objects:
        if isinstance(obj, dict):
            for key in obj:
                seen.setdefault(str(key), None)
    return list(seen)


def _kind_name(value: object) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


class JsonSource:
    """A JSON document or a JSON Lines file of items."""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        self.shown = shown = str(path)
        head = read_head(path)
        complete = len(head) < HEAD_BYTES
        self.encoding: Encoding = detect_encoding(head, complete=complete, forced=options.encoding, path=shown)
        self.lines_mode = path.suffix.lower() in JSONL_SUFFIXES
        self.entries: list[Any] = []
        notes = [self.encoding.note]
        if not self.lines_mode:
            size = path.stat().st_size
            if size > MAX_JSON_BYTES:
                raise InputError(f"JSON document of {size // 2**20} MiB is too large to parse whole; "
                                 "export it as JSON Lines (.jsonl), one object per line", path=shown)
            try:
                text = path.read_bytes().decode(self.encoding.codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"byte {exc.start} is not valid {self.encoding.name}", path=shown) from exc
            try:
                doc = json_loads(text, path)
            except json.JSONDecodeError as exc:
                if exc.msg == "Extra data" and self._first_line_is_object(text):
                    self.lines_mode = True
                    notes.append("read as JSON Lines (one object per line)")
                else:
                    raise InputError(f"invalid JSON: {exc.msg}", path=shown, line=exc.lineno,
                                     column=str(exc.colno)) from exc
            else:
                self.entries = self._entries(doc)
        keys = _keys(list(self._scan_lines()) if self.lines_mode else self.entries)
        missing = missing_overrides(keys, options.columns)
        if missing:
            raise InputError(f"key(s) {', '.join(map(repr, missing))} given by flags not found; "
                             f"keys are: {', '.join(map(repr, keys))}", path=shown)
        cmap = map_columns(keys, options.columns)
        empty_list = not self.lines_mode and not self.entries  # like a header-only CSV: valid, no items
        if not cmap.screenable and not empty_list:
            raise no_columns_error(shown, keys)
        self.state = TableState(shown, "jsonl" if self.lines_mode else "json", self.encoding.name, cmap,
                                options.kind, notes)

    @staticmethod
    def _first_line_is_object(text: str) -> bool:
        try:
            return isinstance(json.loads(text.lstrip("\ufeff").splitlines()[0]), dict)
        except (json.JSONDecodeError, IndexError):
            return False

    def _entries(self, doc: object) -> list[Any]:
        if isinstance(doc, list):
            return doc
        if isinstance(doc, dict):
            for key in LIST_KEYS:
                if isinstance(doc.get(key), list):
                    return list(doc[key])
        raise InputError('expected a JSON array of objects or {"items": [...]}; found '
                         + ("an object with keys " + ", ".join(map(repr, list(doc)[:10]))
                            if isinstance(doc, dict) else _kind_name(doc)), path=self.shown)

    def _scan_lines(self) -> Iterator[object]:
        with open_text(self.path, self.encoding) as fh:
            for count, line in enumerate(fh):
                if count >= JSONL_SCAN_LINES:
                    break
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue

    @property
    def info(self) -> SourceInfo:
        return self.state.info

    @property
    def rows_in(self) -> int:
        return self.state.rows_in

    def _item(self, obj: object, line: int, where: str) -> Item:
        if not isinstance(obj, dict):
            return self.state.broken(line, f"{where} is {_kind_name(obj)}, not an object with item fields")
        return self.state.item([_value(obj.get(k)) for k in self.state.cmap.headers], line)

    def items(self) -> Iterator[Item]:
        state = self.state
        state.reset()
        if not self.lines_mode:
            for index, obj in enumerate(self.entries):
                yield self._item(obj, index, f"entry [{index}]")
        else:
            with open_text(self.path, self.encoding) as fh:
                for number, line in enumerate(fh, start=1):
                    text = line.strip().lstrip("\ufeff")
                    if not text:
                        state.counts.blank += 1
                        continue
                    try:
                        obj = json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield state.broken(number, f"line {number} is not valid JSON ({exc.msg} at column "
                                                   f"{exc.colno})")
                        continue
                    except RecursionError:
                        yield state.broken(number, f"line {number} nests arrays or objects too deep to read")
                        continue
                    yield self._item(obj, number, f"line {number}")
        if state.rows_in == 0:
            state.counts.extra.append("no entries in the list")


def _looks_json(path: Path, head: bytes) -> bool:
    text = codecs.decode(head[:64].replace(b"\x00", b""), "latin-1").lstrip("\ufeffï»¿ \t\r\n")
    return text.startswith(("{", "["))


register_reader(Reader(
    name="json",
    open=JsonSource,
    extensions=(".json", *JSONL_SUFFIXES),
    guess=_looks_json,
))
