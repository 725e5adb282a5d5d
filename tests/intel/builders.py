"""Builders shared by the intel tests: tiny article folders written from a dict and ingested."""

from __future__ import annotations

from pathlib import Path

from supplyscreen.intel.pipeline import Ingested, ingest


def ingest_articles(folder: Path, articles: dict[str, str]) -> Ingested:
    """Write each article (file name → text) into `folder` as UTF-8 and ingest the folder."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return ingest([folder])
