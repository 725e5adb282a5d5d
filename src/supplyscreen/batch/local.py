"""The local engine: a file, a folder of files, or a Parquet table screened in this process by key.

A folder is screened file by file, each by its reader, and a bill of materials is rolled up within
itself (its rows carry its file name in ``bom``). A Parquet file is either an items table
(:func:`arrow.items_table`, what ``supplyscreen batch export`` writes: BOM rows grouped by ``bom``
for their roll-up) or a raw table whose headers are mapped as the readers map a CSV's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from supplyscreen.batch.core import BatchRow, KeyedScreening, flat, screen_bom_keyed, screen_keyed
from supplyscreen.model import Item
from supplyscreen.screen import Screener


def files_of(path: Path) -> list[Path]:
    """``path`` itself, or every file below the folder ``path`` in name order (hidden ones skipped)."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not any(s.startswith(".") for s in p.parts[-1:]))


def screen_file(path: Path, keyed: KeyedScreening, fingerprint: str, columns: dict[str, str] | None = None,
                bom_name: str | None = None) -> Iterator[BatchRow]:
    """One file through its reader: a BOM rolled up within itself, anything else row by row."""
    from supplyscreen.sources import ReadOptions, open_source

    source = open_source(path, ReadOptions(columns=dict(columns or {})))
    if source.info.kind == "bom":
        graph = getattr(source, "edges", None)
        edges = graph() if callable(graph) else None
        name = bom_name if bom_name is not None else path.name
        for result, key in screen_bom_keyed(source.items(), keyed, edges):
            yield flat(result, key, fingerprint, name)
        return
    for result, key in screen_keyed(source.items(), keyed):
        yield flat(result, key, fingerprint)


def screen_items_table(table: Any, keyed: KeyedScreening, fingerprint: str) -> Iterator[BatchRow]:
    """An items table: rows outside any BOM by key; each BOM's rows rolled up together."""
    from supplyscreen.batch.arrow import items_of

    loose: list[Item] = []
    boms: dict[str, list[Item]] = {}
    for item, bom in items_of(table):
        (boms.setdefault(bom, []) if bom else loose).append(item)
    for result, key in screen_keyed(loose, keyed):
        yield flat(result, key, fingerprint)
    for bom, items in boms.items():
        yield from bom_rows(items, keyed, fingerprint, bom)


def bom_rows(items: Iterable[Item], keyed: KeyedScreening, fingerprint: str, bom: str) -> Iterator[BatchRow]:
    """A BOM's rows, rolled up from its parts through each item's parent (nesting)."""
    for result, key in screen_bom_keyed(items, keyed):
        yield flat(result, key, fingerprint, bom)


def screen_path(path: Path, screener: Screener, fingerprint: str,
                columns: dict[str, str] | None = None) -> Iterator[BatchRow]:
    """Every row of ``path`` (a file, a folder, a Parquet table), screened by key."""
    keyed = KeyedScreening(screener)
    for f in files_of(path):
        if f.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            from supplyscreen.batch.arrow import RawRows, is_items_table

            table = pq.read_table(f)
            if is_items_table(table.column_names):
                yield from screen_items_table(table, keyed, fingerprint)
            else:
                raw = RawRows(table.column_names, columns, str(f))
                for result, key in screen_keyed(raw.items(table), keyed):
                    yield flat(result, key, fingerprint)
        else:
            yield from screen_file(f, keyed, fingerprint, columns, f.relative_to(path).as_posix()
                                   if path.is_dir() else None)
