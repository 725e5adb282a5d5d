"""Importers: one file per input format, each returning a :class:`Snapshot`.

``load_any`` picks one by extension and, for CSV and JSON, by content: a CSV with the trade.gov
columns (``source``, ``alt_names``) is the Consolidated Screening List, other CSVs are an
organisation's own designations; JSON with ``results`` is the CSL API, JSON lines are FollowTheMoney.
"""

from __future__ import annotations

from pathlib import Path

from supplyscreen.errors import InputError
from supplyscreen.registry.snapshot import Snapshot


def load_any(path: Path) -> Snapshot:
    from supplyscreen.registry.importers import csl, ftm, org

    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path=str(path))
    name = path.name.lower()
    if name.endswith((".yaml", ".yml")):
        return org.load(path)
    if name.endswith(".csv.gz"):
        return csl.load(path)
    if name.endswith((".jsonl", ".ndjson", ".ftm")):
        return ftm.load(path)
    if name.endswith(".json"):
        head = path.read_text(encoding="utf-8", errors="replace").lstrip()[:200]
        return csl.load(path) if head.startswith("{") and '"results"' in head else ftm.load(path)
    if name.endswith(".csv"):
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline().lower()
        cols = {c.strip().strip('"') for c in header.split(",")}
        return csl.load(path) if {"source", "alt_names"} <= cols else org.load(path)
    raise InputError("unknown registry file type (use .yaml, .csv, .csv.gz, .json or .jsonl)", path=str(path))


__all__ = ["load_any"]
