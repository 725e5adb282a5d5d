"""Items and results as Arrow tables and Parquet files (the ``batch`` extra's pyarrow).

The readers stay the only parsers of user files: :func:`items_table` takes what a reader yields
(an item's ref, line, problem, BOM parent and path, and its fields by role) so an engine that
cannot run the readers itself (a Spark cluster over a data lake) can screen their output.
:func:`results_table` gives the batch output schema, the same from every engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import MappingProxyType
from typing import Any

from supplyscreen.batch.core import COLUMNS, BatchRow
from supplyscreen.model import Item


def items_schema() -> Any:
    import pyarrow as pa

    return pa.schema([
        ("ref", pa.string()), ("line", pa.int64()), ("problem", pa.string()), ("parent", pa.string()),
        ("path", pa.list_(pa.string())), ("bom", pa.string()), ("fields", pa.map_(pa.string(), pa.string())),
    ])


def results_schema() -> Any:
    import pyarrow as pa

    types = {"line": pa.int64(), "score": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


ITEM_COLUMNS = ("ref", "line", "problem", "parent", "path", "bom", "fields")


def items_table(items: Iterable[Item], bom: str = "") -> Any:
    """The items, one row each, as the reader gave them."""
    import pyarrow as pa

    cols: dict[str, list[Any]] = {c: [] for c in ITEM_COLUMNS}
    for it in items:
        cols["ref"].append(it.ref)
        cols["line"].append(it.line)
        cols["problem"].append(it.problem)
        cols["parent"].append(it.parent)
        cols["path"].append(list(it.path))
        cols["bom"].append(bom)
        cols["fields"].append(list(it.fields.items()))
    return pa.table(cols, schema=items_schema())


def is_items_table(names: Iterable[str]) -> bool:
    """Whether a table's columns are :func:`items_table`'s (else they are a raw table's headers)."""
    return set(ITEM_COLUMNS) <= set(names)


def items_of(batch: Any) -> Iterator[tuple[Item, str]]:
    """(item, BOM) for each row of an items table or record batch."""
    data = batch.to_pydict()
    for ref, line, problem, parent, path, bom, fields in zip(*(data[c] for c in ITEM_COLUMNS), strict=True):
        yield Item(ref=ref, fields=MappingProxyType(dict(fields or ())), line=line, path=tuple(path or ()),
                   problem=problem or "", parent=parent), bom or ""


def results_table(rows: Iterable[BatchRow]) -> Any:
    """Result rows as a table of the batch output schema."""
    import pyarrow as pa

    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    appends = [cols[c].append for c in COLUMNS]
    for r in rows:
        for add, c in zip(appends, COLUMNS, strict=True):
            add(getattr(r, c))
    return pa.table(cols, schema=results_schema())


class RawRows:
    """Items from a raw table (a lake table's columns, a CSV Spark read): its headers mapped to roles
    and each row's cells cleaned by the readers' own table code, so a cell means what it means in
    ``supplyscreen check``. Without an id column a row's ref is its 1-based row number, given in a
    ``__row`` column by an engine that splits the table (or counted here)."""

    ROW = "__row"

    def __init__(self, headers: Iterable[str], columns: dict[str, str] | None = None, path: str = "") -> None:
        from supplyscreen.errors import InputError
        from supplyscreen.sources.columns import map_columns, missing_overrides
        from supplyscreen.sources.table import TableState

        self.headers = [h for h in headers if h != self.ROW]
        missing = missing_overrides(self.headers, columns or {})
        if missing:
            raise InputError(f"column(s) {', '.join(map(repr, missing))} not in the table; "
                             f"columns are: {', '.join(map(repr, self.headers))}", path=path)
        cmap = map_columns(self.headers, columns or {})
        if not cmap.screenable:
            raise InputError("no column that can be screened (vendor, model, MAC ...); "
                             f"columns are: {', '.join(map(repr, self.headers))}", path=path)
        self.state = TableState(path, "table", "", cmap, None)
        self._counted = 0

    def items(self, batch: Any) -> Iterator[Item]:
        data = batch.to_pydict()
        cols = [data[h] for h in self.headers]
        numbers = data.get(self.ROW)
        state = self.state
        for i, cells in enumerate(zip(*cols, strict=True)):
            if numbers is not None:
                state.rows_in = int(numbers[i]) - 1
            else:
                state.rows_in = self._counted
            self._counted = state.rows_in + 1
            yield state.item(cells, None)
