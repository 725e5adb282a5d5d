"""The JSON contract (shared/docs/interfaces.md): decision and summary first, then every item.

Items are spooled to a temporary file as they stream, so the summary can come first without
holding a million results in memory.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import IO, TextIO

from supplyscreen.formats import serialise
from supplyscreen.formats.base import Run
from supplyscreen.model import FieldMatch, ItemResult, RuleHit
from supplyscreen.registry import info as registry_info
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
        text = _ItemText(run)
        first = True
        for r in results:
            out.write("" if first else ",\n")
            out.write(text(r))
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
            # Built date, entity count and the date each source file states (registry/info.py).
            "registry": registry_info.stamp(run.registry),
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


_string = encode_basestring  # json.dumps(s, ensure_ascii=False) for one str, without an encoder per call
# Matches and rule lists remembered as JSON text by _ItemText: a million-row inventory has a few
# thousand distinct ones; the bound only caps memory on odd input.
TEXTS_LIMIT = 100_000


class _ItemText:
    """``json.dumps(serialise.item(r, registry), ensure_ascii=False)``, written from parts.

    Rows that share a cached verdict share its match and rule objects, so each match (but its input
    value, which is each row's own) and each rule list is turned into JSON once; only ref, path,
    value, reason and line are encoded per row (1,000,000 inventory rows: ~15 µs → ~4 µs a row).
    tests/formats checks the text against serialise.item for every kind of result.
    """

    def __init__(self, run: Run) -> None:
        self.registry = run.registry
        # id → (the object, kept alive so the id is not reused, its JSON text or parts)
        self._matches: dict[tuple[int, str], tuple[object, str, str]] = {}
        self._rules: dict[int, tuple[object, str]] = {}

    def __call__(self, r: ItemResult) -> str:
        item = r.item
        parts = ['{"ref": ', _string(item.ref), ', "path": [', ", ".join(map(_string, item.path)),
                 '], "decision": ', _string(r.decision.value), ', "matches": [',
                 ", ".join(map(self._match, r.matches)), '], "rules": ', self._rule_list(r.rules),
                 ', "reason": ', _string(r.reason)]
        if item.line is not None:
            parts += (', "line": ', int.__repr__(item.line))
        if item.problem:
            parts += (', "problem": ', _string(item.problem))
        parts.append("}")
        return "".join(parts)

    def _match(self, fm: FieldMatch) -> str:
        key = (id(fm.match), fm.field)
        hit = self._matches.get(key)
        if hit is None:
            rest = json.dumps(serialise.match(fm.match, self.registry), ensure_ascii=False)
            hit = (fm.match, '{"field": ' + _string(fm.field) + ', "value": ', ", " + rest[1:])
            if len(self._matches) < TEXTS_LIMIT:
                self._matches[key] = hit
        return hit[1] + _string(fm.value) + hit[2]

    def _rule_list(self, rules: tuple[RuleHit, ...]) -> str:
        hit = self._rules.get(id(rules))
        if hit is None:
            text = json.dumps(serialise.rule_hits(rules), ensure_ascii=False)
            hit = (rules, text)
            if len(self._rules) < TEXTS_LIMIT:
                self._rules[id(rules)] = hit
        return hit[1]
