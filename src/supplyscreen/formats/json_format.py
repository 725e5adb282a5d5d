"""The JSON contract (shared/docs/interfaces.md): decision and summary first, then every item.

Items are spooled to a temporary file as they stream, so the summary can come first without
holding a million results in memory.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, TextIO

from supplyscreen.formats import serialise
from supplyscreen.formats.base import Run
from supplyscreen.model import ItemResult
from supplyscreen.screen import Tally

# Items kept in memory before spilling to disk: a few thousand items stay in RAM.
SPOOL_BYTES = 32 * 1024 * 1024


class JsonWriter:
    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as spool:
            self.items(results, run, spool)
            self.finish(run, tally, (spool,), out)

    def items(self, results: Iterator[ItemResult], run: Run, out: IO[str]) -> None:
        """The items, comma-separated, without the enclosing list (a parallel worker writes its
        share of them; see parallel.py)."""
        first = True
        for r in results:
            out.write("" if first else ",\n")
            out.write(json.dumps(serialise.item(r, run.registry), ensure_ascii=False))
            first = False

    def finish(self, run: Run, tally: Tally, parts: Sequence[IO[str]], out: TextIO) -> None:
        """The head (decision, summary, source), then the spooled items of each part in order, then
        the tail."""
        head = {
            "decision": tally.decision.value,
            "summary": {**tally.counts, "rows_in": tally.rows_in, "rows_out": tally.rows_out},
            "policy": run.policy,
            "as_of": run.as_of.isoformat() if run.as_of else None,
            "source": serialise.source(run.source),
            "registry": {"built": run.registry.data.built, "entities": len(run.registry)},
        }
        text = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(text[:-2] + ',\n "items": [\n')
        written = False
        for part in parts:
            part.seek(0)
            first = part.read(1)
            if not first:
                continue  # a part with no items adds no comma
            out.write(",\n" + first if written else first)
            shutil.copyfileobj(part, out)
            written = True
        out.write("\n]}\n")
