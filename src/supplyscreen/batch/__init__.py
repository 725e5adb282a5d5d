"""Batch screening by verdict key, engine-free at its core (issue 20).

Rows are reduced to the screener's verdict keys, each key is screened once, and its decision is
joined back to every row with that row's own values in its reason; a bill of materials is rolled up
within itself. Output rows carry the key's digest and the registry's fingerprint.

- :mod:`~supplyscreen.batch.keys`: the one call into the screener's key.
- :mod:`~supplyscreen.batch.core`: the keyed screening every engine runs, and the flat output row.
- :mod:`~supplyscreen.batch.local`: files, folders and Parquet tables in this process.
- :mod:`~supplyscreen.batch.columnar`: ``check`` of a large CSV by columns (pyarrow).
- :mod:`~supplyscreen.batch.arrow`: items and results as Arrow tables and Parquet.
- :mod:`~supplyscreen.batch.spark`: the same on Apache Spark (the ``spark`` extra).
"""

from __future__ import annotations

from supplyscreen.batch.core import BatchRow, KeyedScreening, screen_bom_keyed, screen_keyed
from supplyscreen.batch.keys import KeyMaker, digest

__all__ = ["BatchRow", "KeyMaker", "KeyedScreening", "digest", "screen_bom_keyed", "screen_keyed"]
